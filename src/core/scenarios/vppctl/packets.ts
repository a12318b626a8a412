// One simulated VPP's traffic: the scenario's `show trace` records of a k8s node, parsed back into
// packets, with the bytes the buffer held at every graph node it entered (the simulator's own buffer
// snapshots, as its dispatch capture records them). The stateful engine hands these out to
// `trace add` in arrival order; BPF filters look at the bytes.
import type { TraceHop } from '../../model';
import { decodeHop, parseTrace } from '../../trace';
import type { DispatchFrame } from '../captures';
import type { Scenario } from '../model';
import { filterPacketOfIp, type FilterPacket } from './bpf';

export interface SimPacket {
  /** Arrival order on this node (0-based). */
  index: number;
  thread: number;
  /** `Packet N` of its thread in the scenario's `show trace`. */
  number: number;
  /** The graph node that received it (first trace entry). */
  inputNode: string;
  hops: TraceHop[];
  /** µs since VPP start of the first entry. */
  firstUs: number;
  /** Index of the packet this one continues on another thread (worker handoff), else null. */
  continues: number | null;
  bufferIndex: number;
  /** sw_if_index it was received on (null when the trace does not say). */
  rxSwIfIndex: number | null;
}

export interface NodeTraffic {
  node: string;
  threadNames: string[];
  packets: SimPacket[];
  /** sw_if_index → name. */
  interfaces: Map<number, string>;
  uplink: { name: string; swIfIndex: number; driver: string } | null;
  /** The packet by its thread and `Packet N`. */
  byRef(thread: number, packetNumber: number): SimPacket | undefined;
  /**
   * Bytes of the buffer when hop `k`'s node ran (an input node: what it handed on), from
   * current_data: Ethernet where the buffer holds the link header and `l2`, else the IP packet.
   */
  bytesAt(p: SimPacket, k: number, l2: boolean): Uint8Array;
  /** What a BPF filter sees of the packet at hop `k`. */
  filterView(p: SimPacket, k: number): FilterPacket;
}

/** The IP packet inside a buffer that may start with an Ethernet header. */
export function ipOf(b: Uint8Array): Uint8Array {
  const type = b.length >= 34 ? (b[12]! << 8) | b[13]! : 0;
  return (type === 0x0800 || type === 0x86dd) && b[14]! >> 4 === (type === 0x0800 ? 4 : 6) ? b.subarray(14) : b;
}

/** Hop `k`'s dispatch among a packet's frames: the same node, as many runs of it before (input nodes: the next dispatch). */
function frameOfHop(hops: readonly TraceHop[], frames: readonly DispatchFrame[], k: number): DispatchFrame | undefined {
  const name = hops[k]?.node;
  let run = -1;
  for (let i = 1; i <= k; i++) if (hops[i]!.node === name && hops[i - 1]!.node !== name) run++;
  return (run >= 0 ? frames.filter((f) => f.node === name)[run] : undefined) ?? frames[0];
}

function rxIndex(hops: readonly TraceHop[]): number | null {
  for (const h of hops.slice(0, 2)) {
    const d = decodeHop(h.node, h.lines);
    if (d.rxInterface?.swIfIndex != null) return d.rxInterface.swIfIndex;
    if (d.rxInterface?.hwIfIndex != null) return d.rxInterface.hwIfIndex;
  }
  return null;
}

function bufferIndexOf(hops: readonly TraceHop[]): number | null {
  for (const h of hops) {
    for (const l of h.lines) {
      const m = /buffer 0x([0-9a-fA-F]+):/.exec(l.text);
      if (m) return parseInt(m[1]!, 16);
    }
  }
  return null;
}

/** Parses the scenario's trace of `node` into packets (see the module comment). */
export function nodeTraffic(scenario: Scenario, node: string): NodeTraffic {
  const text = scenario.render.showTrace(node);
  const parsed = parseTrace(`${scenario.name}/${node}`, text);
  const threadNames: string[] = [];
  for (const t of parsed.threads) threadNames[t.index] = t.name;
  for (let k = 0; k < threadNames.length; k++) threadNames[k] ??= k === 0 ? 'vpp_main' : `vpp_wk_${k - 1}`;
  if (threadNames.length === 0) threadNames.push('vpp_main');
  const order = parsed.packets.filter((p) => p.hops.length > 0).map((p) => ({ p, first: p.hops[0]!.timeUs ?? 0 }));
  order.sort((a, b) => a.first - b.first || (a.p.thread ?? 0) - (b.p.thread ?? 0) || (a.p.number ?? 0) - (b.p.number ?? 0));
  const byId = new Map<string, number>();
  const packets: SimPacket[] = order.map(({ p, first }, index) => {
    byId.set(p.id, index);
    return { index, thread: p.thread ?? 0, number: p.number ?? 0, inputNode: p.hops[0]!.node, hops: p.hops, firstUs: first, continues: null, bufferIndex: bufferIndexOf(p.hops) ?? 0x200000 + index * 7, rxSwIfIndex: rxIndex(p.hops) };
  });
  order.forEach(({ p }, k) => {
    if (p.continues) packets[k]!.continues = byId.get(p.continues) ?? null;
  });
  const nodeSpec = scenario.spec.cluster.nodes.find((n) => n.name === node);
  const refs = new Map(packets.map((p) => [`${p.thread}/${p.number}`, p]));
  let framesOf: Map<SimPacket, DispatchFrame[]> | null = null;
  const frames = (p: SimPacket): DispatchFrame[] => {
    if (!framesOf) {
      framesOf = new Map();
      for (const f of scenario.render.dispatchFrames(node, { bufferTrace: 'none' })) {
        const q = refs.get(`${f.ref.thread}/${f.ref.packetNumber}`);
        if (!q) continue;
        const list = framesOf.get(q);
        if (list) list.push(f);
        else framesOf.set(q, [f]);
      }
    }
    return framesOf.get(p) ?? [];
  };
  const bytesAt = (p: SimPacket, k: number, l2: boolean): Uint8Array => {
    const b = frameOfHop(p.hops, frames(p), k)?.packet ?? new Uint8Array(0);
    return l2 ? b : ipOf(b);
  };
  return {
    node,
    threadNames,
    packets,
    interfaces: scenario.interfaces(node),
    uplink: nodeSpec ? { name: nodeSpec.uplink.interface, swIfIndex: nodeSpec.uplink.swIfIndex, driver: nodeSpec.uplink.driver } : null,
    byRef: (thread, packetNumber) => refs.get(`${thread}/${packetNumber}`),
    bytesAt,
    filterView: (p, k) => filterPacketOfIp(bytesAt(p, k, false)),
  };
}
