// One simulated VPP's traffic: the scenario's `show trace` records of a k8s node, parsed back into
// packets with, for every graph node they crossed, the packet as that node saw it (headers and
// bytes). The stateful engine hands these out to `trace add`, `pcap trace` and
// `pcap dispatch trace` in arrival order.
import type { IpHeaderInfo, TraceHop } from '../../model';
import { decodeHop, parseTrace } from '../../trace';
import type { Scenario } from '../model';
import type { FilterPacket } from './bpf';
import { ethernetFrame, ipPacket, isTunnelHeader, protocolNumber, type EthernetInfo } from './frames';

export interface HopState {
  eth: EthernetInfo | null;
  ips: IpHeaderInfo[];
}

export interface SimPacket {
  /** Arrival order on this node (0-based). */
  index: number;
  thread: number;
  /** The graph node that received it (first trace entry). */
  inputNode: string;
  /** The record as `show trace` prints it under `Packet N` (entries and their lines). */
  body: string;
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
  /** The packet as each hop saw it (computed on first use). */
  states(p: SimPacket): HopState[];
  /** Bytes of the packet at hop `k` (Ethernet when `l2`). */
  bytesAt(p: SimPacket, k: number, l2: boolean): Uint8Array;
  /** What a BPF filter sees of the packet at hop `k`. */
  filterView(p: SimPacket, k: number): FilterPacket;
}

const same = (a: IpHeaderInfo, b: IpHeaderInfo) => a.src === b.src && a.dst === b.dst && a.protocol === b.protocol;

/** Follows the packet through its hops (see the module comment). */
export function hopStates(node: string, hops: readonly TraceHop[]): HopState[] {
  const states: HopState[] = [];
  let eth: EthernetInfo | null = null;
  let ips: IpHeaderInfo[] = [];
  for (const h of hops) {
    const d = decodeHop(h.node, h.lines);
    if (d.ethernet && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(d.ethernet.srcMac) && /^(IP4|IP6|0x0800|0x86dd)$/i.test(d.ethernet.ethertype)) eth = { srcMac: d.ethernet.srcMac, dstMac: d.ethernet.dstMac };
    if (d.ip.length > 0) {
      const L = d.ip;
      const first = L[0]!;
      if (L.length === 1 && isTunnelHeader(first) && ips.length > 0 && !isTunnelHeader(ips[0]!)) ips = [first, ...ips];
      else if (ips.length > L.length && same(first, ips[0]!)) ips = [...L, ...ips.slice(L.length)];
      else ips = [...L];
    }
    states.push({ eth, ips });
  }
  void node;
  // Hops before the first printed header (input nodes) carry what the next hops show.
  for (let k = states.length - 2; k >= 0; k--) {
    const s = states[k]!;
    const n = states[k + 1]!;
    if (s.ips.length === 0) states[k] = { eth: s.eth ?? n.eth, ips: n.ips };
    else if (!s.eth && n.eth && hops[k + 1]?.node === 'ethernet-input') states[k] = { eth: n.eth, ips: s.ips };
  }
  // A tunnel header seen alone before decapsulation: the inner packet is what comes out of it.
  for (let k = 0; k < states.length; k++) {
    const s = states[k]!;
    if (s.ips.length !== 1 || !isTunnelHeader(s.ips[0]!)) continue;
    const inner = states.slice(k + 1).find((x) => x.ips.length > 0 && !isTunnelHeader(x.ips[0]!));
    if (inner) states[k] = { eth: s.eth, ips: [s.ips[0]!, ...inner.ips] };
  }
  return states;
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
  const lines = text.split('\n');
  const threadNames: string[] = [];
  for (const t of parsed.threads) threadNames[t.index] = t.name;
  for (let k = 0; k < threadNames.length; k++) threadNames[k] ??= k === 0 ? 'vpp_main' : `vpp_wk_${k - 1}`;
  if (threadNames.length === 0) threadNames.push('vpp_main');
  const order = parsed.packets.filter((p) => p.hops.length > 0).map((p) => ({ p, first: p.hops[0]!.timeUs ?? 0 }));
  order.sort((a, b) => a.first - b.first || (a.p.thread ?? 0) - (b.p.thread ?? 0) || (a.p.number ?? 0) - (b.p.number ?? 0));
  const byId = new Map<string, number>();
  // A record runs from its first entry to the next `Packet N` / thread banner, less the one empty
  // line VPP prints after it ("Packet %d\n%U\n\n").
  const heads = [...parsed.packets.map((p) => p.line), ...parsed.threads.map((t) => t.line)].sort((a, b) => a - b);
  const packets: SimPacket[] = order.map(({ p, first }, index) => {
    byId.set(p.id, index);
    const start = p.hops[0]!.line;
    const next = heads.find((l) => l > start) ?? lines.length + 1;
    const rec = lines.slice(start - 1, next - 1);
    while (rec.length > 1 && rec[rec.length - 1] === '') rec.pop();
    const body = rec.join('\n');
    return { index, thread: p.thread ?? 0, inputNode: p.hops[0]!.node, body, hops: p.hops, firstUs: first, continues: null, bufferIndex: bufferIndexOf(p.hops) ?? 0x200000 + index * 7, rxSwIfIndex: rxIndex(p.hops) };
  });
  order.forEach(({ p }, k) => {
    if (p.continues) packets[k]!.continues = byId.get(p.continues) ?? null;
  });
  const nodeSpec = scenario.spec.cluster.nodes.find((n) => n.name === node);
  const cache = new Map<number, HopState[]>();
  const states = (p: SimPacket) => {
    let s = cache.get(p.index);
    if (!s) {
      s = hopStates(node, p.hops);
      cache.set(p.index, s);
    }
    return s;
  };
  return {
    node,
    threadNames,
    packets,
    interfaces: scenario.interfaces(node),
    uplink: nodeSpec ? { name: nodeSpec.uplink.interface, swIfIndex: nodeSpec.uplink.swIfIndex, driver: nodeSpec.uplink.driver } : null,
    states,
    bytesAt(p, k, l2) {
      const s = states(p)[k];
      if (!s || s.ips.length === 0) return new Uint8Array(0);
      const ip = ipPacket(s.ips);
      return l2 ? ethernetFrame(s.eth ?? { srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02' }, ip) : ip;
    },
    filterView(p, k) {
      const h = states(p)[k]?.ips[0];
      if (!h) return { protocol: null, src: null, dst: null, srcPort: null, dstPort: null };
      return { protocol: protocolNumber(h), src: h.src, dst: h.dst, srcPort: h.srcPort, dstPort: h.dstPort };
    },
  };
}
