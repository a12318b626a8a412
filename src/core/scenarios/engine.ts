// The deterministic engine: walks every packet of every flow through the VPP graph of the k8s node it
// is on (Calico VPP v3.31 / VPP 25.10), writing one trace record per node it crosses and the ground
// truth of that record. No clock and no unseeded randomness: everything comes from the spec and its seed.
import type { Flow } from '../model/flow';
import * as H from './hops';
import type { BufferText, CnatSessionText, HeaderOffsets } from './hops';
import type { Endpoint, FlowSpec, PodSpec, ScenarioSpec, ServiceSpec, TcpFlagsName, TruthPacket } from './model';
import {
  cloneIp4, ip4ToInt, protocolName, protocolNumber, serialize, totalLength,
  type Ip4Packet, type Ip4Payload,
} from './packet';
import { hashString, Prng } from './prng';
import { Cluster, FIB, podKey, type Forwarding, type Route, type VppInterface, type VppNode } from './topology';
import { errorIndexOf } from './errors';
import { ethernetFrame, hex, sp } from './vppfmt';

export interface SimHop {
  node: string;
  lines: string[];
  /** Scenario time in µs (the node adds its VPP uptime when printing). */
  timeUs: number;
}

/**
 * The buffer as a graph node is about to process it: what VPP's dispatch tracer records
 * (src/plugins/dispatch-trace/main.c, dispatch_pcap_trace) and what `pcap trace` copies.
 */
export interface BufferSnapshot {
  /** The packet from `current_data` to its end (the whole chain). */
  bytes: Uint8Array;
  currentData: number;
  ip4: boolean;
  l2Offset: number | null;
  l3Offset: number | null;
  /** vnet_buffer(b)->sw_if_index[VLIB_RX] / [VLIB_TX] (-1 = ~0). */
  swRx: number;
  swTx: number;
  /** vnet_buffer(b)->ip.adj_index[VLIB_TX], ip.fib_index, ip.save_rewrite_length. */
  adjTx: number;
  fibIndex: number;
  saveRewriteLength: number;
  /** b->error: the global error counter index set by the node that dropped the packet (0 before). */
  error: number;
  /** For `error-drop`: the bytes `pcap trace drop` captures (rewound to the L2 header, else to the buffer start). */
  rewound: Uint8Array | null;
}

/** One dispatch of the buffer to a graph node (input nodes excluded: they receive no frame). */
export interface SimVisit {
  node: string;
  timeUs: number;
  /** How many trace entries (hops) the buffer carried when the node was dispatched. */
  traced: number;
  snap: BufferSnapshot;
}

/** Input nodes: they create buffers, no frame is dispatched to them. */
export const INPUT_NODES: ReadonlySet<string> = new Set(['virtio-input', 'tap-input', 'dpdk-input', 'af-packet-input', 'af_xdp-input', 'avf-input', 'memif-input', 'rdma-input', 'vmxnet3-input']);

/** One simulated record: the truth fields it will be reported with, plus what rendering needs. */
export interface SimRecord
  extends Pick<TruthPacket, 'flowId' | 'direction' | 'ingress' | 'egress' | 'verdict' | 'dropReason' | 'nat' | 'flow' | 'innerFlow' | 'bufferIndex'> {
  node: VppNode;
  thread: number;
  traceIndex: number;
  hops: SimHop[];
  /** Every dispatch of the buffer, with its state (empty when the simulator keeps no snapshots). */
  visits: SimVisit[];
}

/** The bytes a buffer held at each offset (what a rewind finds in front of `current_data`). */
class BufferMemory {
  private data = new Uint8Array(2048);
  /** Offset 0 of the buffer data is at data[ORIGIN] (VPP keeps 128 bytes of pre-data; tunnels need more). */
  private static readonly ORIGIN = 512;

  write(offset: number, bytes: Uint8Array): void {
    const at = BufferMemory.ORIGIN + offset;
    if (at < 0) return;
    if (at + bytes.length > this.data.length) {
      const d = new Uint8Array(Math.max(this.data.length * 2, at + bytes.length));
      d.set(this.data);
      this.data = d;
    }
    this.data.set(bytes, at);
  }

  read(from: number, to: number): Uint8Array {
    return this.data.slice(BufferMemory.ORIGIN + from, BufferMemory.ORIGIN + to);
  }
}

interface Buf {
  index: number;
  currentData: number;
  extHdrValid: boolean;
  ip4Flag: boolean;
  l2Offset: number | null;
  l3Offset: number | null;
  saveRewriteLength: number;
  traceHandle: number;
  swTx: number;
  adjTx: number;
  fibIndex: number;
  error: number;
  mem: BufferMemory | null;
}

interface L2 { dst: number[]; src: number[] }

export interface CnatSession {
  key: { src: string; srcPort: number; dst: string; dstPort: number; proto: string };
  value: { src: string; srcPort: number; dst: string; dstPort: number };
  location: 'input' | 'output' | 'fib';
  lb: number;
  /** Scenario time (µs) the session last matched a packet. */
  lastUs: number;
}

/** Where a packet ended up, for building its reply. */
type Outcome =
  | { kind: 'pod'; pod: PodSpec; pkt: Ip4Packet }
  | { kind: 'external'; node: VppNode; pkt: Ip4Packet }
  | { kind: 'host'; node: VppNode; pkt: Ip4Packet }
  | { kind: 'dropped' };

const TCP_FLAG_BITS: Record<TcpFlagsName, number> = { 'SYN': 0x02, 'SYN ACK': 0x12, 'ACK': 0x10, 'PSH ACK': 0x18, 'FIN ACK': 0x11, 'RST': 0x04 };
/** VPP uptime is printed from this epoch in af_packet ring timestamps (wall clock). */
export const EPOCH_BASE_S = 1767225600;
const CNAT_SESSION_LIFETIME_S = 30;
const WIRE_DELAY_US = 80;

function flowOf(p: Ip4Packet): Flow {
  const pl = p.payload;
  const ports = pl.kind === 'tcp' || pl.kind === 'udp' || pl.kind === 'vxlan' ? { s: pl.srcPort, d: pl.dstPort } : { s: null, d: null };
  return { ipVersion: 4, protocol: protocolName(protocolNumber(pl)), src: p.src, dst: p.dst, srcPort: ports.s, dstPort: ports.d };
}

function innermost(p: Ip4Packet): Ip4Packet {
  const pl = p.payload;
  return pl.kind === 'ipip' || pl.kind === 'vxlan' ? innermost(pl.inner) : p;
}

/** cnat's 5-tuple key of a packet (ICMP echo uses the identifier as both ports). */
function cnatTuple(p: Ip4Packet): CnatSession['key'] | null {
  const pl = p.payload;
  if (pl.kind === 'tcp' || pl.kind === 'udp') return { src: p.src, srcPort: pl.srcPort, dst: p.dst, dstPort: pl.dstPort, proto: pl.kind === 'tcp' ? 'TCP' : 'UDP' };
  if (pl.kind === 'vxlan') return { src: p.src, srcPort: pl.srcPort, dst: p.dst, dstPort: pl.dstPort, proto: 'UDP' };
  if (pl.kind === 'icmp' && (pl.type === 0 || pl.type === 8)) return { src: p.src, srcPort: pl.id, dst: p.dst, dstPort: pl.id, proto: 'ICMP' };
  return null;
}

function sessionId(loc: string, k: CnatSession['key']): string {
  return `${loc}|${k.proto}|${k.src};${k.srcPort}|${k.dst};${k.dstPort}`;
}

/** One packet's processing on one node: the buffer, the packet as it is now, and its trace record. */
class Walk {
  private ipCache: Uint8Array | null = null;
  private frameCache: Uint8Array | null = null;
  /** The buffer as the next hop's node received it, when that node changes the packet before tracing. */
  private pre: BufferSnapshot | null = null;

  constructor(
    readonly sim: Simulator,
    readonly node: VppNode,
    readonly rec: SimRecord,
    public pkt: Ip4Packet,
    public l2: L2 | null,
    readonly buf: Buf,
    public rx: VppInterface,
    public t: number,
  ) {}

  ip(): Uint8Array {
    if (!this.ipCache) this.ipCache = serialize(this.pkt);
    return this.ipCache;
  }

  frame(): Uint8Array {
    if (!this.l2) return this.ip();
    if (!this.frameCache) this.frameCache = ethernetFrame(this.l2.dst, this.l2.src, this.ip());
    return this.frameCache;
  }

  changed(): void {
    this.ipCache = null;
    this.frameCache = null;
  }

  hop(node: string, lines: string[]): void {
    if (this.rec.hops.length > 0) this.t += this.sim.prng.int(1, 9);
    const traced = this.rec.hops.length;
    this.rec.hops.push({ node, lines, timeUs: this.t });
    if (this.buf.mem && !INPUT_NODES.has(node)) this.rec.visits.push({ node, timeUs: this.t, traced, snap: this.pre ?? this.snapshot(node) });
    this.pre = null;
  }

  /**
   * The next node changes the packet (TTL, rewrite, encapsulation) before its trace entry is
   * written: keep the buffer as the node received it for its dispatch record.
   */
  entering(node: string): void {
    if (this.buf.mem) this.pre = this.snapshot(node);
  }

  /** A node the buffer crosses without adding a trace entry (a tx node without a trace formatter). */
  silent(node: string): void {
    if (this.buf.mem) this.rec.visits.push({ node, timeUs: this.t + 1, traced: this.rec.hops.length, snap: this.snapshot(node) });
  }

  private snapshot(node: string): BufferSnapshot {
    const b = this.buf;
    const cur = this.frame();
    b.mem?.write(b.currentData, cur);
    // ip4-local hands the IP header to ip4-udp-lookup, which gives vxlan4-input the VXLAN header.
    const skip = node === 'vxlan4-input' ? 28 : 0;
    let rewound: Uint8Array | null = null;
    if (node === 'error-drop' && b.mem) {
      const from = b.l2Offset !== null && b.currentData > b.l2Offset ? b.l2Offset : b.currentData > 0 ? 0 : b.currentData;
      rewound = from === b.currentData ? cur : b.mem.read(from, b.currentData + cur.length);
    }
    return {
      bytes: skip ? cur.subarray(skip) : cur, currentData: b.currentData + skip,
      ip4: b.ip4Flag, l2Offset: b.l2Offset, l3Offset: b.l3Offset,
      swRx: this.rx.swIfIndex, swTx: b.swTx, adjTx: b.adjTx, fibIndex: b.fibIndex, saveRewriteLength: b.saveRewriteLength,
      error: b.error, rewound,
    };
  }

  bufferText(): BufferText {
    const b = this.buf;
    return {
      index: b.index, currentData: b.currentData, length: this.frame().length, traceHandle: b.traceHandle,
      extHdrValid: b.extHdrValid, ip4: b.ip4Flag, l2Offset: b.l2Offset, l3Offset: b.l3Offset,
    };
  }

  /** vlib buffer flags word of the current buffer (traced, total length valid, ext hdr, vnet flags). */
  bufferFlags(): number {
    const b = this.buf;
    let f = 0x1 | 0x4;
    if (b.extHdrValid) f |= 0x8;
    if (b.ip4Flag) f |= 1 << 24;
    if (b.l2Offset !== null) f |= 1 << 20;
    if (b.l3Offset !== null) f |= 1 << 19;
    return f >>> 0;
  }
}

export class Simulator {
  readonly cluster: Cluster;
  readonly prng: Prng;
  readonly records: SimRecord[] = [];
  /** cnat sessions of every k8s node (`show cnat session`), in creation order. */
  readonly sessions = new Map<string, Map<string, CnatSession>>();
  private readonly traceCounters = new Map<string, number>();
  private readonly tcp = new Map<string, { client: number; server: number | undefined }>();

  /** Keep the buffer state of every dispatch (dispatch and pcap captures need it; the bench does not). */
  readonly snapshots: boolean;

  constructor(readonly spec: ScenarioSpec, opts: { snapshots?: boolean } = {}) {
    this.cluster = new Cluster(spec.cluster);
    this.prng = new Prng(spec.seed);
    this.snapshots = opts.snapshots ?? true;
  }

  /** Runs every flow. Flows start 3 ms apart; their packets interleave in time. */
  run(): void {
    const ids = new Set<string>();
    this.spec.flows.forEach((flow, k) => {
      if (ids.has(flow.id)) throw new Error(`scenario ${this.spec.name}: flow id ${flow.id} used twice`);
      ids.add(flow.id);
      this.runFlow(flow, 1000 + k * 3000 + this.prng.int(0, 400));
    });
  }

  runFlow(flow: FlowSpec, start: number): void {
    const n = flow.packets ?? 1;
    const src = this.sourceOf(flow.from);
    const dst = this.destinationOf(flow.to, flow);
    const srcPort = flow.srcPort ?? this.prng.int(32768, 60999);
    const icmpId = this.prng.int(1, 65535);
    for (let i = 0; i < n; i++) {
      const t = start + i * (flow.intervalUs ?? 1000);
      const pkt = this.buildRequest(flow, src.ip, dst.ip, srcPort, dst.port, icmpId, i);
      const before = this.records.length;
      const outcome = this.send(src, pkt, t, flow.id, 'request');
      const last = this.records[this.records.length - 1];
      if (flow.expect && last && this.records.length > before) {
        if (last.verdict !== flow.expect.verdict) {
          throw new Error(`scenario ${this.spec.name}, flow ${flow.id}: expected ${flow.expect.verdict}, the simulated path ends ${last.verdict}`);
        }
        if (flow.expect.reason !== undefined && last.dropReason !== flow.expect.reason) {
          throw new Error(`scenario ${this.spec.name}, flow ${flow.id}: expected drop reason "${flow.expect.reason}", got "${last.dropReason ?? ''}"`);
        }
      }
      if (flow.reply && outcome.kind !== 'dropped') {
        if (outcome.kind === 'host') throw new Error(`scenario ${this.spec.name}, flow ${flow.id}: replies from the host are not simulated`);
        const reply = this.buildReply(outcome.pkt, flow);
        const at = this.records[this.records.length - 1]?.hops.at(-1)?.timeUs ?? t;
        const from = outcome.kind === 'pod'
          ? { kind: 'pod' as const, pod: outcome.pod }
          : { kind: 'uplink' as const, node: outcome.node, mac: this.cluster.gatewayMac };
        this.send(from, reply, at + this.prng.int(20, 120), flow.id, 'reply');
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Endpoints and packets

  private sourceOf(e: Endpoint): { kind: 'pod'; pod: PodSpec; ip: string } | { kind: 'uplink'; node: VppNode; mac: number[]; ip: string } {
    if ('pod' in e) {
      const pod = this.cluster.pod(e.pod);
      return { kind: 'pod', pod, ip: pod.ip };
    }
    if ('external' in e) {
      const via = e.via ?? this.cluster.spec.nodes[0]?.name ?? '';
      return { kind: 'uplink', node: this.cluster.node(via), mac: this.cluster.gatewayMac, ip: e.external };
    }
    throw new Error(`scenario ${this.spec.name}: a flow can start at a pod or an external address only`);
  }

  private destinationOf(e: Endpoint, flow: FlowSpec): { ip: string; port: number } {
    if ('pod' in e) return { ip: this.cluster.pod(e.pod).ip, port: flow.dstPort ?? 80 };
    if ('service' in e) {
      const s = this.cluster.service(e.service);
      return { ip: s.clusterIP, port: flow.dstPort ?? s.port };
    }
    if ('nodePort' in e) {
      const s = this.cluster.service(e.nodePort);
      if (s.nodePort === undefined) throw new Error(`service ${e.nodePort} has no nodePort`);
      return { ip: this.cluster.node(e.node).ip, port: flow.dstPort ?? s.nodePort };
    }
    if ('host' in e) return { ip: this.cluster.node(e.host).ip, port: flow.dstPort ?? 10250 };
    return { ip: e.external, port: flow.dstPort ?? 443 };
  }

  private tcpState(flowId: string): { client: number; server: number | undefined } {
    let st = this.tcp.get(flowId);
    if (!st) {
      st = { client: this.prng.next(), server: undefined };
      this.tcp.set(flowId, st);
    }
    return st;
  }

  private buildRequest(flow: FlowSpec, src: string, dst: string, srcPort: number, dstPort: number, icmpId: number, i: number): Ip4Packet {
    const key = `${flow.id}`;
    let payload: Ip4Payload;
    if (flow.protocol === 'TCP') {
      const flagsName: TcpFlagsName = flow.tcpFlags ?? (i === 0 ? 'SYN' : 'PSH ACK');
      const flags = TCP_FLAG_BITS[flagsName];
      const dataLength = flow.size !== undefined ? Math.max(0, flow.size - 40) : (flags & 0x08 ? this.prng.int(60, 600) : 0);
      const st = this.tcpState(key);
      const seq = st.client;
      st.client = (seq + dataLength + (flags & 0x03 ? 1 : 0)) >>> 0;
      const ack = flags & 0x10 ? st.server ?? this.prng.next() : 0;
      payload = { kind: 'tcp', srcPort, dstPort, seq, ack, flags, window: 64240, dataLength, dataSeed: this.prng.next() };
    } else if (flow.protocol === 'UDP') {
      const dataLength = flow.size !== undefined ? Math.max(0, flow.size - 28) : this.prng.int(24, 480);
      payload = { kind: 'udp', srcPort, dstPort, dataLength, dataSeed: this.prng.next() };
    } else {
      const dataLength = flow.size !== undefined ? Math.max(0, flow.size - 28) : 56;
      payload = { kind: 'icmp', type: 8, code: 0, id: icmpId, seq: i + 1, dataLength, dataSeed: this.prng.next() };
    }
    return { tos: 0, ttl: flow.ttl ?? 64, id: this.prng.int(1, 65535), df: flow.df ?? flow.protocol === 'TCP', src, dst, payload };
  }

  private buildReply(req: Ip4Packet, flow: FlowSpec): Ip4Packet {
    const p = req.payload;
    let payload: Ip4Payload;
    if (p.kind === 'tcp') {
      const flags = p.flags === 0x02 ? 0x12 : p.flags === 0x18 ? 0x18 : p.flags === 0x11 ? 0x11 : 0x10;
      const dataLength = flags === 0x18 ? this.prng.int(80, 900) : 0;
      const st = this.tcpState(flow.id);
      const seq = st.server ?? this.prng.next();
      st.server = (seq + dataLength + (flags & 0x03 ? 1 : 0)) >>> 0;
      const ack = (p.seq + p.dataLength + (p.flags & 0x03 ? 1 : 0)) >>> 0;
      payload = { kind: 'tcp', srcPort: p.dstPort, dstPort: p.srcPort, seq, ack, flags, window: 65160, dataLength, dataSeed: this.prng.next() };
    } else if (p.kind === 'udp') {
      payload = { kind: 'udp', srcPort: p.dstPort, dstPort: p.srcPort, dataLength: this.prng.int(24, 480), dataSeed: this.prng.next() };
    } else if (p.kind === 'icmp') {
      payload = { ...p, type: 0 };
    } else {
      throw new Error(`flow ${flow.id}: cannot reply to a tunnelled packet`);
    }
    return { tos: 0, ttl: 64, id: this.prng.int(1, 65535), df: p.kind === 'tcp', src: req.dst, dst: req.src, payload };
  }

  private send(from: { kind: 'pod'; pod: PodSpec } | { kind: 'uplink'; node: VppNode; mac: number[] }, pkt: Ip4Packet, t: number, flowId: string, direction: 'request' | 'reply'): Outcome {
    if (from.kind === 'pod') return this.fromPod(from.pod, pkt, t, flowId, direction);
    return this.onUplink(from.node, pkt, from.mac, t, flowId, direction);
  }

  // ------------------------------------------------------------------------------------------
  // Records

  private newWalk(node: VppNode, rx: VppInterface, pkt: Ip4Packet, l2: L2 | null, t: number, flowId: string, direction: 'request' | 'reply', extHdrValid: boolean): Walk {
    const thread = rx.rxThread;
    const counterKey = `${node.name}/${thread}`;
    const traceIndex = this.traceCounters.get(counterKey) ?? 0;
    this.traceCounters.set(counterKey, traceIndex + 1);
    const rec: SimRecord = {
      node, thread, traceIndex, hops: [], flowId, direction,
      ingress: { node: '', interface: rx.name }, egress: null, verdict: 'unknown', dropReason: null, nat: [],
      flow: flowOf(pkt), innerFlow: flowOf(innermost(pkt)), bufferIndex: 0, visits: [],
    };
    this.records.push(rec);
    const buf: Buf = {
      index: this.prng.int(0x10000, 0x4ffffff), currentData: 0, extHdrValid, ip4Flag: false, l2Offset: null, l3Offset: null,
      saveRewriteLength: 0, traceHandle: ((thread << 24) | traceIndex) >>> 0,
      swTx: -1, adjTx: 0, fibIndex: 0, error: 0, mem: this.snapshots ? new BufferMemory() : null,
    };
    rec.bufferIndex = buf.index;
    return new Walk(this, node, rec, cloneIp4(pkt), l2, buf, rx, t);
  }

  private countRx(iface: VppInterface, bytes: number): void {
    iface.counters.rxPackets++;
    iface.counters.rxBytes += bytes;
    iface.counters.ip4++;
  }

  private countTx(iface: VppInterface, bytes: number): void {
    iface.counters.txPackets++;
    iface.counters.txBytes += bytes;
  }

  // ------------------------------------------------------------------------------------------
  // Ingress

  private fromPod(pod: PodSpec, pkt: Ip4Packet, t: number, flowId: string, direction: 'request' | 'reply'): Outcome {
    const node = this.cluster.node(pod.node);
    const tun = node.iface(pod.tun);
    const w = this.newWalk(node, tun, pkt, null, t, flowId, direction, false);
    w.rec.ingress = { node: 'virtio-input', interface: tun.name };
    this.countRx(tun, totalLength(w.pkt));
    w.hop('virtio-input', H.virtioInput(tun.hwIfIndex, 1, totalLength(w.pkt)));
    w.hop('ip4-input', H.ip4Input(w.ip()));
    return this.l3(w);
  }

  private onUplink(node: VppNode, pkt: Ip4Packet, srcMac: number[], t: number, flowId: string, direction: 'request' | 'reply'): Outcome {
    const up = node.uplink;
    const driver = node.spec.uplink.driver;
    const w = this.newWalk(node, up, pkt, { dst: up.mac ?? [], src: srcMac }, t, flowId, direction, driver === 'dpdk');
    const frame = w.frame();
    this.countRx(up, frame.length);
    let inputNode: string;
    switch (driver) {
      case 'dpdk':
        inputNode = 'dpdk-input';
        w.hop(inputNode, H.dpdkInput(up.name, w.bufferText(), this.physAddr(w.buf.index), frame));
        break;
      case 'af_packet': {
        inputNode = 'af-packet-input';
        const wall = EPOCH_BASE_S * 1e6 + t;
        w.hop(inputNode, H.afPacketInput(up.hwIfIndex, frame.length, Math.floor(wall / 1e6), (wall % 1e6) * 1000 + this.prng.int(0, 999)));
        break;
      }
      case 'af_xdp':
        inputNode = 'af_xdp-input';
        w.hop(inputNode, H.afXdpInput(up.name, up.hwIfIndex));
        break;
      case 'avf':
        inputNode = 'avf-input';
        w.hop(inputNode, H.avfInput(up.name, up.hwIfIndex, frame.length));
        break;
    }
    w.rec.ingress = { node: inputNode, interface: up.name };
    w.hop('ethernet-input', H.ethernetInput(driver === 'dpdk' ? 0x3 : 0x1, up.hwIfIndex, up.swIfIndex, frame));
    w.buf.l2Offset = w.buf.currentData;
    w.buf.l3Offset = w.buf.currentData + 14;
    w.buf.currentData += 14;
    w.l2 = null;
    w.changed();
    w.hop(driver === 'dpdk' ? 'ip4-input-no-checksum' : 'ip4-input', H.ip4Input(w.ip()));
    return this.l3(w);
  }

  /** The ip4-unicast feature arc of the RX interface, then the FIB. */
  private l3(w: Walk): Outcome {
    this.cnatInput(w);
    if (w.rx.kind === 'tun' && w.rx.pod) {
      const denied = this.acl(w, w.rx, 'in');
      if (denied) return this.drop(w, 'acl-plugin-in-ip4-fa: ACL deny packets');
    }
    return this.route(w, w.node.fibOf(w.rx));
  }

  private route(w: Walk, fib: number): Outcome {
    let r = w.node.lookup(fib, w.pkt.dst);
    w.hop('ip4-lookup', H.ip4Lookup(fib, r.lbi, 0, w.ip()));
    w.buf.fibIndex = fib;
    w.buf.adjTx = r.lbi;
    while (r.fwd.kind === 'lookup') {
      const next = w.node.lookup(r.fwd.fib, w.pkt.dst);
      w.hop('lookup-ip4-dst', [H.lookupDst(r.fwd.fib, w.pkt.dst, next.lbi)]);
      w.buf.adjTx = next.lbi;
      r = next;
    }
    if (r.fwd.kind !== 'drop' && r.fwd.kind !== 'receive') w.buf.adjTx = w.node.adjIndex(r.fwd);
    return this.forward(w, r);
  }

  private forward(w: Walk, r: Route): Outcome {
    const fwd = r.fwd;
    switch (fwd.kind) {
      case 'drop':
        w.hop('ip4-drop', H.forwardNext(w.node.fibOf(w.rx), 0, 0, w.ip()));
        return this.drop(w, this.noErrorReason(w));
      case 'receive':
        return this.receive(w);
      case 'tun':
        return fwd.iface.kind === 'tap' ? this.toTap(w, fwd) : this.toTun(w, fwd.iface);
      case 'uplink':
        return this.toUplink(w, fwd, 'ip4-rewrite');
      case 'ipip':
        return this.toIpip(w, fwd);
      case 'vxlan':
        return this.toVxlan(w, fwd);
      case 'lookup':
        throw new Error('unresolved lookup');
    }
  }

  /** What `drop` says for a packet no node gave an error to (the input node's default error). */
  private noErrorReason(w: Walk): string {
    return w.node.spec.uplink.driver === 'dpdk' && w.rec.ingress.node === 'dpdk-input' ? 'dpdk-input: no error' : 'null-node: blackholed packets';
  }

  private drop(w: Walk, reason: string): Outcome {
    w.buf.error = errorIndexOf(reason);
    w.hop('error-drop', H.errorDrop(w.rx.name));
    w.hop('drop', H.dropReason(reason));
    w.rec.verdict = 'dropped';
    w.rec.dropReason = reason;
    w.rx.counters.drops++;
    return { kind: 'dropped' };
  }

  // ------------------------------------------------------------------------------------------
  // cnat and policy

  private sessionTable(node: VppNode): Map<string, CnatSession> {
    let t = this.sessions.get(node.name);
    if (!t) {
      t = new Map();
      this.sessions.set(node.name, t);
    }
    return t;
  }

  private nowSeconds(w: Walk): number {
    return (w.node.uptimeStartUs + w.t) / 1e6;
  }

  private sessionText(w: Walk, s: CnatSession): CnatSessionText {
    return { key: s.key, value: s.value, location: s.location, lb: s.lb, expiry: this.nowSeconds(w) + CNAT_SESSION_LIFETIME_S };
  }

  private applyNat(w: Walk, graphNode: string, v: CnatSession['value']): void {
    const before = flowOf(w.pkt);
    const p = w.pkt;
    p.src = v.src;
    p.dst = v.dst;
    const pl = p.payload;
    if (pl.kind === 'tcp' || pl.kind === 'udp') {
      pl.srcPort = v.srcPort;
      pl.dstPort = v.dstPort;
    } else if (pl.kind === 'icmp') {
      pl.id = v.srcPort;
    }
    w.changed();
    w.rec.nat.push({ node: graphNode, before, after: flowOf(w.pkt) });
  }

  /** The service (and port) a destination is the VIP of, on this node: ClusterIP or NodePort. */
  private vipOf(node: VppNode, k: CnatSession['key']): { svc: ServiceSpec; nodePort: boolean } | null {
    for (const s of this.cluster.spec.services) {
      if (s.protocol !== k.proto) continue;
      if (s.clusterIP === k.dst && s.port === k.dstPort) return { svc: s, nodePort: false };
      if (s.nodePort !== undefined && k.dst === node.ip && s.nodePort === k.dstPort) return { svc: s, nodePort: true };
    }
    return null;
  }

  /** cnat-input-ip4 (src/plugins/cnat/cnat_node_feature.c): session lookup, VIP DNAT. */
  private cnatInput(w: Walk): void {
    const node = w.node;
    const table = this.sessionTable(node);
    const k = cnatTuple(w.pkt);
    const base = { rx: w.rx.name, tx: 'DELETED (4294967295)', noNat: false, translation: null };
    if (!k) {
      w.hop('cnat-input-ip4', H.cnatTrace({ ...base, state: 'not found', session: null }));
      return;
    }
    const found = table.get(sessionId('input', k));
    if (found) {
      found.lastUs = w.t;
      w.hop('cnat-input-ip4', H.cnatTrace({ ...base, state: 'found', session: this.sessionText(w, found) }));
      this.applyNat(w, 'cnat-input-ip4', found.value);
      return;
    }
    const vip = this.vipOf(node, k);
    if (!vip) {
      w.hop('cnat-input-ip4', H.cnatTrace({ ...base, state: 'not found', session: null }));
      return;
    }
    const svc = vip.svc;
    if (svc.backends.length === 0) throw new Error(`service ${svc.namespace}/${svc.name} has no backends`);
    // NodePorts are simulated with externalTrafficPolicy: Local (a local backend, no source NAT).
    const candidates = vip.nodePort ? svc.backends.filter((b) => this.cluster.pod(b).node === node.name) : svc.backends;
    if (candidates.length === 0) throw new Error(`service ${svc.namespace}/${svc.name}: NodePort on ${node.name} needs a backend on that node`);
    const backendKey = candidates[hashString(`${k.src};${k.srcPort}`) % candidates.length] ?? '';
    const backend = this.cluster.pod(backendKey);
    const targetPort = svc.targetPort ?? svc.port;
    const trKey = `${svc.namespace}/${svc.name}${vip.nodePort ? '/nodeport' : ''}`;
    const epLb = node.indices.get('lb', `ep/${trKey}/${backend.ip}`);
    const sess: CnatSession = { key: k, value: { src: k.src, srcPort: k.srcPort, dst: backend.ip, dstPort: targetPort }, location: 'input', lb: epLb, lastUs: w.t };
    table.set(sessionId('input', k), sess);
    const rkey = { src: backend.ip, srcPort: targetPort, dst: k.src, dstPort: k.srcPort, proto: k.proto };
    table.set(sessionId('output', rkey), { key: rkey, value: { src: k.dst, srcPort: k.dstPort, dst: k.src, dstPort: k.srcPort }, location: 'output', lb: -1, lastUs: w.t });
    w.hop('cnat-input-ip4', H.cnatTrace({ ...base, state: 'created', session: this.sessionText(w, sess), translation: this.translationText(node, svc, candidates, trKey, vip.nodePort ? node.ip : svc.clusterIP, k.dstPort) }));
    this.applyNat(w, 'cnat-input-ip4', sess.value);
  }

  /** cnat-output-ip4: return sessions (reverse DNAT) and the source-NAT policy for pod traffic leaving the cluster. */
  private cnatOutput(w: Walk, tx: VppInterface): void {
    const node = w.node;
    const table = this.sessionTable(node);
    const k = cnatTuple(w.pkt);
    const base = { rx: w.rx.name, tx: tx.name, translation: null };
    const found = k ? table.get(sessionId('output', k)) : undefined;
    if (k && found) {
      found.lastUs = w.t;
      w.hop('cnat-output-ip4', H.cnatTrace({ ...base, state: 'found', noNat: true, session: this.sessionText(w, found) }));
      this.applyNat(w, 'cnat-output-ip4', found.value);
      return;
    }
    const snat = k !== null && tx.kind === 'uplink' && w.rx.kind === 'tun' && !this.cluster.isClusterAddress(k.dst);
    if (!k || !snat) {
      w.hop('cnat-output-ip4', H.cnatTrace({ ...base, state: 'not found', noNat: true, session: null }));
      return;
    }
    const port = this.prng.int(1024, 65535);
    const value = { src: node.ip, srcPort: port, dst: k.dst, dstPort: k.proto === 'ICMP' ? port : k.dstPort };
    const sess: CnatSession = { key: k, value, location: 'output', lb: -1, lastUs: w.t };
    table.set(sessionId('output', k), sess);
    const rkey = { src: k.dst, srcPort: value.dstPort, dst: node.ip, dstPort: port, proto: k.proto };
    table.set(sessionId('input', rkey), { key: rkey, value: { src: k.dst, srcPort: k.dstPort, dst: k.src, dstPort: k.srcPort }, location: 'input', lb: -1, lastUs: w.t });
    w.hop('cnat-output-ip4', H.cnatTrace({ ...base, state: 'created', noNat: false, session: this.sessionText(w, sess) }));
    this.applyNat(w, 'cnat-output-ip4', value);
  }

  /** format_cnat_translation of a service VIP: its backends, then the VIP's load-balance. */
  translationText(node: VppNode, svc: ServiceSpec, backends: string[], trKey: string, vip: string, port: number): string[] {
    const targetPort = svc.targetPort ?? svc.port;
    return this.translationLines(node, svc.protocol, trKey, vip, port, backends.map((b) => ({ ip: this.cluster.pod(b).ip, port: targetPort })));
  }

  /** format_cnat_translation for any endpoints (pods, node addresses); no endpoint: a drop bucket. */
  translationLines(node: VppNode, protocol: string, trKey: string, vip: string, port: number, endpoints: { ip: string; port: number }[]): string[] {
    const tr = node.indices.get('tr', trKey);
    const lines = [`[${tr}] ${vip};${port} ${protocol} lb:default fhc:0x9f(default)`];
    const buckets: { lb: number; fwd: Forwarding; urpf: number; ip: string }[] = [];
    for (const ep of endpoints) {
      const route = node.lookup(FIB.default, ep.ip);
      const lb = node.indices.get('lb', `ep/${trKey}/${ep.ip}`);
      const urpf = node.indices.get('urpf', `ep/${trKey}/${ep.ip}`);
      buckets.push({ lb, fwd: route.fwd, urpf, ip: ep.ip });
      lines.push(`::;0->${ep.ip};${ep.port}`);
      lines.push(`  fib-entry:${node.indices.get('fe', `${FIB.default}/${ep.ip}/32`)}`);
      lines.push(`  [@0]: ${this.lbText(node, lb, 1, urpf)}`);
      lines.push(...this.adjBucket(node, route.fwd, 0, 6, ep.ip));
    }
    lines.push(' via:');
    const vlb = node.indices.get('lb', `vip/${trKey}`);
    if (buckets.length === 0) {
      // A load-balance without paths holds one bucket that drops (load_balance_create, dpo-drop).
      lines.push(`  [@2]: dpo-load-balance: [proto:ip4 index:${vlb} buckets:1 uRPF:-1 to:[0:0]]`);
      lines.push('    [0] [@0]: dpo-drop ip4');
      return lines;
    }
    lines.push(`  [@2]: dpo-load-balance: [proto:ip4 index:${vlb} buckets:${buckets.length} uRPF:-1 to:[0:0]]`);
    buckets.forEach((b, i) => {
      lines.push(`    [${i}] [@18]: ${this.lbText(node, b.lb, 1, b.urpf)}`);
      lines.push(...this.adjBucket(node, b.fwd, 0, 8, b.ip));
    });
    return lines;
  }

  private lbText(node: VppNode, lb: number, buckets: number, urpf: number): string {
    const h = hashString(`${node.name}/lb/${lb}`);
    const pkts = h % 40000;
    return `dpo-load-balance: [proto:ip4 index:${lb} buckets:${buckets} uRPF:${urpf} to:[${pkts}:${pkts * (60 + (h % 200))}]]`;
  }

  /** One load-balance bucket holding an adjacency, at a load-balance formatted with `indent`. */
  private adjBucket(node: VppNode, fwd: Forwarding, i: number, indent: number, ip = ''): string[] {
    if (fwd.kind === 'receive') return [`${sp(indent + 2)}[${i}] [@15]: dpo-receive: ${ip} on ${node.uplink.name}`];
    const dpoIndent = indent + 6;
    const adj = node.adjacencyText(fwd, dpoIndent);
    const id = fwd.kind === 'ipip' ? 6 : 5;
    return [`${sp(indent + 2)}[${i}] [@${id}]: ${adj[0] ?? ''}`, ...adj.slice(1)];
  }

  /**
   * acl-plugin-in-ip4-fa / acl-plugin-out-ip4-fa on a pod's tun: Calico's egress (in) and ingress
   * (out) policies. Returns true when a deny rule matched.
   */
  private acl(w: Walk, iface: VppInterface, dir: 'in' | 'out'): boolean {
    const pod = iface.pod;
    if (!pod) return false;
    const direction = dir === 'in' ? 'egress' : 'ingress';
    const rules = (this.cluster.spec.policies ?? []).filter((p) => p.pod === podKey(pod) && p.direction === direction);
    if (rules.length === 0) return false;
    const pl = w.pkt.payload;
    const proto = protocolNumber(pl);
    const sport = pl.kind === 'tcp' || pl.kind === 'udp' ? pl.srcPort : pl.kind === 'icmp' ? pl.type : 0;
    const dport = pl.kind === 'tcp' || pl.kind === 'udp' ? pl.dstPort : pl.kind === 'icmp' ? pl.code : 0;
    const protoName = protocolName(proto);
    const matched = rules.findIndex((r) => (r.protocol === undefined || r.protocol === protoName) && (r.port === undefined || r.port === dport));
    const deny = matched >= 0;
    const lc = w.node.indices.get('lc', `${iface.name}/${dir}`);
    const aclIndex = w.node.indices.get('acl', `${podKey(pod)}/${direction}`);
    const tcpFlags = pl.kind === 'tcp' ? pl.flags : 0;
    const isInput = dir === 'in' ? 1 : 0;
    const lsb = iface.swIfIndex & 0xffff;
    const le32 = (ip: string): number => {
      const v = ip4ToInt(ip);
      return (((v & 255) << 24) | (((v >>> 8) & 255) << 16) | (((v >>> 16) & 255) << 8) | (v >>> 24)) >>> 0;
    };
    const info = [
      '0000000000000000', '0000000000000000', '0000000000000000',
      hex(le32(w.pkt.dst), 8) + hex(le32(w.pkt.src), 8),
      hex(lsb, 4) + hex(isInput, 2) + hex(proto, 2) + hex(dport, 4) + hex(sport, 4),
      hex((pl.kind === 'tcp' ? 1 : 0) | 2, 2) + hex(tcpFlags, 2) + '0000' + hex(lc, 8),
    ];
    const decoded = `lc_index ${lc} l3 ip4 ${w.pkt.src} -> ${w.pkt.dst} l4 lsb_of_sw_if_index ${lsb} proto ${proto} l4_is_input ${isInput} l4_slow_path 0 l4_flags 0x${hex(isInput, 2)} port ${sport} -> ${dport} tcp flags (${pl.kind === 'tcp' ? 'valid' : 'invalid'}) ${hex(tcpFlags, 2)} rsvd 0`;
    w.hop(dir === 'in' ? 'acl-plugin-in-ip4-fa' : 'acl-plugin-out-ip4-fa', H.aclTrace({
      lcIndex: lc, swIfIndex: iface.swIfIndex, nextIndex: deny ? 0 : 1, action: deny ? 0 : 1,
      matchAcl: aclIndex, matchRule: deny ? matched : rules.length, traceBits: 0, packetInfo: info, decoded,
    }));
    return deny;
  }

  // ------------------------------------------------------------------------------------------
  // Rewrite, TTL and MTU

  /**
   * ip4_ttl_and_checksum_check + ip4_mtu_check of ip4-rewrite / ip4-midchain. Returns the drop
   * reason when the packet cannot go on (the trace then shows it unrewritten).
   */
  private rewriteChecks(w: Walk, mtu: number): { reason: string; type: number; code: number } | null {
    const p = w.pkt;
    p.ttl -= 1;
    w.changed();
    if (p.ttl <= 0) return { reason: 'ip4-input: ip4 ttl <= 1', type: 11, code: 0 };
    if (totalLength(p) > mtu) {
      if (!p.df) throw new Error(`scenario ${this.spec.name}: a ${totalLength(p)}-byte packet without DF over a ${mtu} MTU would be fragmented; the simulator does not fragment`);
      p.ttl += 1;
      w.changed();
      return { reason: 'ip4-input: ip4 MTU exceeded and DF set', type: 3, code: 4 };
    }
    return null;
  }

  private rewriteFailed(w: Walk, graphNode: string, adjIdx: number, adjacency: string[], err: { reason: string }): Outcome {
    // On error the TX index is ~0, so the trace prints the RX interface's FIB index instead.
    w.hop(graphNode, H.ip4Rewrite(w.node.fibOf(w.rx), adjIdx, adjacency, 0, w.ip()));
    w.hop('ip4-icmp-error', H.icmpError(w.ip()));
    // VPP rate-limits ICMP errors per source/destination; the simulator shows the throttled case.
    return this.drop(w, err.reason);
  }

  /** Prepends an Ethernet header (the rewrite string of a neighbour adjacency). */
  private pushL2(w: Walk, dst: number[], src: number[]): void {
    w.l2 = { dst, src };
    w.buf.currentData -= 14;
    w.buf.saveRewriteLength = 14;
    w.changed();
  }

  private toTun(w: Walk, tun: VppInterface): Outcome {
    const node = w.node;
    const fwd: Forwarding = { kind: 'tun', iface: tun };
    const adj = node.adjacencyText(fwd, 2);
    const adjIdx = node.adjIndex(fwd);
    w.entering('ip4-rewrite');
    const err = this.rewriteChecks(w, tun.mtu);
    if (err) return this.rewriteFailed(w, 'ip4-rewrite', adjIdx, adj, err);
    w.buf.saveRewriteLength = 0;
    w.buf.swTx = tun.swIfIndex;
    w.hop('ip4-rewrite', H.ip4Rewrite(tun.swIfIndex, adjIdx, adj, 0, w.ip()));
    if (tun.pod && this.acl(w, tun, 'out')) return this.drop(w, 'acl-plugin-out-ip4-fa: ACL deny packets');
    this.cnatOutput(w, tun);
    w.hop(`${tun.name}-output`, H.interfaceOutput(tun.name, w.bufferFlags(), { kind: 'hex', data: w.ip() }));
    w.hop(`${tun.name}-tx`, H.virtioTx(w.bufferText(), this.offsets(w, false, true), w.ip()));
    this.countTx(tun, totalLength(w.pkt));
    w.rec.egress = { interface: tun.name };
    w.rec.verdict = 'forwarded';
    if (!tun.pod) throw new Error(`tun ${tun.name} without a pod`);
    return { kind: 'pod', pod: tun.pod, pkt: w.pkt };
  }

  private toTap(w: Walk, fwd: Forwarding & { kind: 'tun' }): Outcome {
    const node = w.node;
    const tap = fwd.iface;
    const adj = node.adjacencyText(fwd, 2);
    const adjIdx = node.adjIndex(fwd);
    w.entering('ip4-rewrite');
    const err = this.rewriteChecks(w, tap.mtu);
    if (err) return this.rewriteFailed(w, 'ip4-rewrite', adjIdx, adj, err);
    w.buf.swTx = tap.swIfIndex;
    this.pushL2(w, node.hostMac, tap.mac ?? []);
    w.hop('ip4-rewrite', H.ip4Rewrite(tap.swIfIndex, adjIdx, adj, 0, w.frame()));
    this.cnatOutput(w, tap);
    w.hop('gso-ip4', H.gsoTrace(this.offsets(w, false, false)));
    w.hop('tap0-output', H.interfaceOutput(tap.name, w.bufferFlags(), { kind: 'ethernet', frame: w.frame() }));
    w.hop('tap0-tx', H.virtioTx(w.bufferText(), this.offsets(w, true, false), w.frame()));
    this.countTx(tap, w.frame().length);
    w.rec.egress = { interface: tap.name };
    w.rec.verdict = 'punted';
    return { kind: 'host', node, pkt: w.pkt };
  }

  private toUplink(w: Walk, fwd: Forwarding & { kind: 'uplink' }, graphNode: string): Outcome {
    const node = w.node;
    const up = node.uplink;
    const adj = node.adjacencyText(fwd, 2);
    const adjIdx = node.adjIndex(fwd);
    w.entering(graphNode);
    const err = this.rewriteChecks(w, up.mtu);
    if (err) return this.rewriteFailed(w, graphNode, adjIdx, adj, err);
    w.buf.swTx = up.swIfIndex;
    this.pushL2(w, fwd.mac, up.mac ?? []);
    w.hop(graphNode, H.ip4Rewrite(up.swIfIndex, adjIdx, adj, 0, w.frame()));
    this.cnatOutput(w, up);
    return this.uplinkOut(w, fwd.peer);
  }

  /** gso-ip4, `<uplink>-output` and the driver's tx node; then the wire. */
  private uplinkOut(w: Walk, peer: string | null): Outcome {
    const node = w.node;
    const up = node.uplink;
    w.hop('gso-ip4', H.gsoTrace(this.offsets(w, false, false)));
    w.hop(`${up.name}-output`, H.interfaceOutput(up.name, w.bufferFlags(), { kind: 'ethernet', frame: w.frame() }));
    const driver = node.spec.uplink.driver;
    if (driver === 'dpdk') w.hop(`${up.name}-tx`, H.dpdkTx(up.name, w.bufferText(), this.physAddr(w.buf.index), w.frame()));
    else if (driver === 'af_packet') w.hop(`${up.name}-tx`, H.afPacketTx(up.hwIfIndex, w.frame().length, w.bufferText(), w.frame()));
    // af_xdp and avf register no tx trace formatter: their traces end at `<if>-output`, but the
    // buffer still reaches the tx node (a dispatch capture records it).
    else w.silent(`${up.name}-tx`);
    this.countTx(up, w.frame().length);
    w.rec.egress = { interface: up.name };
    w.rec.verdict = 'forwarded';
    const arrival = w.t + WIRE_DELAY_US + this.prng.int(0, 60);
    if (peer) return this.onUplink(this.cluster.node(peer), w.pkt, up.mac ?? [], arrival, w.rec.flowId, w.rec.direction);
    return { kind: 'external', node, pkt: w.pkt };
  }

  private toIpip(w: Walk, fwd: Forwarding & { kind: 'ipip' }): Outcome {
    const node = w.node;
    const tunnel = fwd.tunnel;
    const peer = this.cluster.node(tunnel.peer ?? '');
    const adj = node.adjacencyText(fwd, 2);
    const adjIdx = node.adjIndex(fwd);
    w.entering('ip4-midchain');
    const err = this.rewriteChecks(w, tunnel.mtu);
    if (err) return this.rewriteFailed(w, 'ip4-midchain', adjIdx, adj, err);
    w.buf.swTx = tunnel.swIfIndex;
    w.pkt = { tos: 0, ttl: 64, id: 0, df: false, src: node.ip, dst: peer.ip, payload: { kind: 'ipip', inner: w.pkt } };
    w.buf.currentData -= 20;
    w.buf.saveRewriteLength = 20;
    w.changed();
    w.hop('ip4-midchain', H.ip4Rewrite(tunnel.swIfIndex, adjIdx, adj, 0, w.ip()));
    this.countTx(tunnel, totalLength(w.pkt));
    this.cnatOutputInner(w, tunnel);
    w.hop('gso-ip4', H.gsoTrace(this.offsets(w, false, false)));
    w.hop('tunnel-output', H.midchainTx(adjIdx, adj));
    const under = node.lookup(FIB.default, peer.ip);
    if (under.fwd.kind !== 'uplink') throw new Error(`node ${node.name}: ${peer.ip} is not reachable on the uplink`);
    // The tunnel's stacked DPO: the uplink adjacency towards the peer.
    w.buf.adjTx = node.adjIndex(under.fwd);
    return this.toUplink(w, under.fwd, 'ip4-rewrite');
  }

  private toVxlan(w: Walk, fwd: Forwarding & { kind: 'vxlan' }): Outcome {
    const node = w.node;
    const tunnel = fwd.tunnel;
    const peer = this.cluster.node(tunnel.peer ?? '');
    const adj = node.adjacencyText(fwd, 2);
    const adjIdx = node.adjIndex(fwd);
    w.entering('ip4-rewrite');
    const err = this.rewriteChecks(w, tunnel.mtu);
    if (err) return this.rewriteFailed(w, 'ip4-rewrite', adjIdx, adj, err);
    w.buf.saveRewriteLength = 0;
    w.buf.swTx = tunnel.swIfIndex;
    w.hop('ip4-rewrite', H.ip4Rewrite(tunnel.swIfIndex, adjIdx, adj, 0, w.ip()));
    this.cnatOutput(w, tunnel);
    w.hop('gso-ip4', H.gsoTrace(this.offsets(w, false, false)));
    w.hop(`${tunnel.name}-output`, H.interfaceOutput(tunnel.name, w.bufferFlags(), { kind: 'vxlan', garbage: this.prng.next() }));
    const vni = this.cluster.spec.vxlanVni ?? 4096;
    w.hop('vxlan4-encap', H.vxlanEncap(tunnel.tunnelId, vni));
    this.countTx(tunnel, totalLength(w.pkt));
    const inner = flowOf(w.pkt);
    const sport = hashString(`${inner.src};${inner.srcPort};${inner.dst};${inner.dstPort};${inner.protocol}`) & 0xffff;
    w.pkt = { tos: 0, ttl: 254, id: 0, df: false, src: node.ip, dst: peer.ip, payload: { kind: 'vxlan', srcPort: sport, dstPort: 4789, vni, inner: w.pkt } };
    w.buf.currentData -= 36;
    w.buf.saveRewriteLength = 0;
    w.changed();
    const under = node.lookup(FIB.default, peer.ip);
    if (under.fwd.kind !== 'uplink') throw new Error(`node ${node.name}: ${peer.ip} is not reachable on the uplink`);
    // The tunnel's stacked DPO: the uplink adjacency towards the peer.
    w.buf.adjTx = node.adjIndex(under.fwd);
    return this.toUplink(w, under.fwd, 'ip4-rewrite');
  }

  /** cnat-output-ip4 on a midchain looks at the packet after the rewrite (the inner header). */
  private cnatOutputInner(w: Walk, tx: VppInterface): void {
    const outer = w.pkt;
    if (outer.payload.kind !== 'ipip') return this.cnatOutput(w, tx);
    const inner = outer.payload.inner;
    w.pkt = inner;
    const natBefore = w.rec.nat.length;
    this.cnatOutput(w, tx);
    const changed = w.rec.nat.length !== natBefore;
    outer.payload = { kind: 'ipip', inner: w.pkt };
    w.pkt = outer;
    if (changed) w.changed();
  }

  // ------------------------------------------------------------------------------------------
  // Local delivery: decapsulation and punts

  private receive(w: Walk): Outcome {
    const node = w.node;
    const recvAdj = node.indices.get('adj', `receive/${node.ip}`);
    w.hop('ip4-receive', H.forwardNext(node.fibOf(w.rx), recvAdj, 0, w.ip()));
    w.buf.ip4Flag = true;
    w.buf.l3Offset = w.buf.currentData;
    const pl = w.pkt.payload;
    if (pl.kind === 'ipip') {
      const from = this.cluster.spec.nodes.find((n) => n.ip === w.pkt.src);
      const tunnel = from ? node.tunnels.get(from.name) : undefined;
      if (!tunnel) throw new Error(`node ${node.name}: IPIP from ${w.pkt.src} matches no tunnel`);
      w.hop('ipip4-input', H.ipipInput(tunnel.tunnelId, totalLength(w.pkt), w.pkt.src, w.pkt.dst));
      return this.decapsulated(w, tunnel, pl.inner, 20);
    }
    if (pl.kind === 'vxlan') {
      const from = this.cluster.spec.nodes.find((n) => n.ip === w.pkt.src);
      const tunnel = from ? node.tunnels.get(from.name) : undefined;
      if (!tunnel) throw new Error(`node ${node.name}: VXLAN from ${w.pkt.src} matches no tunnel`);
      w.hop('ip4-udp-lookup', H.udpLookup(pl.srcPort, pl.dstPort, true));
      w.hop('vxlan4-input', H.vxlanInput(tunnel.tunnelId, pl.vni, 1));
      return this.decapsulated(w, tunnel, pl.inner, 36);
    }
    if (pl.kind === 'tcp') {
      w.hop('tcp4-input', H.tcpInputNoConnection(w.ip().subarray(20)));
    } else if (pl.kind === 'udp') {
      w.hop('ip4-udp-lookup', H.udpLookup(pl.srcPort, pl.dstPort, false));
    } else {
      throw new Error(`scenario ${this.spec.name}: ${protocolName(protocolNumber(pl))} to the node address is not simulated`);
    }
    return this.punt(w);
  }

  private decapsulated(w: Walk, tunnel: VppInterface, inner: Ip4Packet, headerBytes: number): Outcome {
    w.pkt = inner;
    w.buf.currentData += headerBytes;
    w.rx = tunnel;
    w.changed();
    this.countRx(tunnel, totalLength(inner));
    w.hop('ip4-input', H.ip4Input(w.ip()));
    return this.l3(w);
  }

  /** ip4-punt, Calico's punt redirect (`rx any via table punt-table-ip4`), then tap0 to the host. */
  private punt(w: Walk): Outcome {
    const node = w.node;
    w.hop('ip4-punt', H.forwardNext(node.fibOf(w.rx), node.indices.get('adj', `receive/${node.ip}`), 0, w.ip()));
    w.hop('ip4-punt-redirect', H.puntRedirect(node.indices.get('redirect', 'any')));
    const r = node.lookup(FIB.punt, w.pkt.dst);
    w.hop('lookup-ip4-dst', [H.lookupDst(FIB.punt, w.pkt.dst, r.lbi)]);
    if (r.fwd.kind !== 'tun') throw new Error(`node ${node.name}: punt-table-ip4 has no route to ${w.pkt.dst}`);
    return this.toTap(w, r.fwd);
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  private physAddr(bufferIndex: number): number {
    return (0x80000000 + bufferIndex * 0x80) >>> 0;
  }

  /**
   * vnet_generic_header_offset_parser as the virtio tx (is_l2 = tap, L3 for tun) and gso nodes
   * (is_l2 = 0, L2 size = save_rewrite_length) call it on the current buffer.
   */
  private offsets(w: Walk, isL2: boolean, isTun: boolean): HeaderOffsets {
    const bytes = w.frame();
    const cur = w.buf.currentData;
    const l2Size = isTun ? 0 : isL2 ? 14 : w.buf.saveRewriteLength;
    const isIp4 = isTun || !isL2 ? true : w.buf.ip4Flag;
    const parse = (at: number, size: number, ip4: boolean): { ip4: boolean; l4: 'tcp' | 'udp' | null; l4Offset: number; l4Sz: number; proto: number; udpDst: number } => {
      if (!ip4) return { ip4: false, l4: null, l4Offset: 0, l4Sz: 0, proto: 0, udpDst: 0 };
      const ihl = ((bytes[at + size] ?? 0) & 0xf) * 4;
      const proto = bytes[at + size + 9] ?? 0;
      const l4Offset = size + ihl;
      if (proto === 6) return { ip4: true, l4: 'tcp', l4Offset, l4Sz: ((bytes[at + l4Offset + 12] ?? 0) >> 4) * 4, proto, udpDst: 0 };
      if (proto === 17) return { ip4: true, l4: 'udp', l4Offset, l4Sz: 8, proto, udpDst: ((bytes[at + l4Offset + 2] ?? 0) << 8) | (bytes[at + l4Offset + 3] ?? 0) };
      return { ip4: true, l4: null, l4Offset, l4Sz: 0, proto, udpDst: 0 };
    };
    const o = parse(0, l2Size, isIp4);
    const vxlan = o.l4 === 'udp' && o.udpDst === 4789;
    const ipip = o.proto === 4;
    if (!vxlan && !ipip) {
      return { tunnel: null, ip4: o.ip4, l4: o.l4, hdrSz: o.l4Offset + o.l4Sz, l2: cur, l3: l2Size, l4Offset: o.l4Offset, l4Sz: o.l4Sz };
    }
    const outerHdr = (vxlan ? 8 : 0) + o.l4Offset + o.l4Sz;
    const tunnel = { kind: vxlan ? 'vxlan' as const : 'ipip' as const, outerUdp: vxlan, hdrSz: outerHdr, l2: cur, l3: l2Size, l4: o.l4Offset, l4Sz: o.l4Sz };
    // The inner parse starts after the outer headers: IPIP finds the inner IPv4 header; VXLAN
    // expects an inner Ethernet header, which Calico's L3 VXLAN does not have.
    const innerAt = outerHdr;
    if (ipip) {
      const i = parse(innerAt, 0, true);
      return { tunnel, ip4: true, l4: i.l4, hdrSz: i.l4Offset + i.l4Sz, l2: cur + outerHdr, l3: 0, l4Offset: i.l4Offset, l4Sz: i.l4Sz };
    }
    const ethertype = ((bytes[innerAt + 12] ?? 0) << 8) | (bytes[innerAt + 13] ?? 0);
    if (ethertype === 0x0800) {
      const i = parse(innerAt, 14, true);
      return { tunnel, ip4: true, l4: i.l4, hdrSz: i.l4Offset + i.l4Sz, l2: cur + outerHdr, l3: 14, l4Offset: i.l4Offset, l4Sz: i.l4Sz };
    }
    return { tunnel, ip4: false, l4: null, hdrSz: 0, l2: cur + outerHdr, l3: 14, l4Offset: 0, l4Sz: 0 };
  }
}
