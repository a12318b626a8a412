// Packets of parsed traces → journeys: ingress, egress, verdict, drop reason, flow, NAT changes,
// time per hop.
//
// Built for large traces: everything that depends only on the node sequence (verdict, which hops
// are outputs, drops, NAT candidates…) is computed once per unique path; per packet only the few
// hops that matter are decoded (decodeFactsFromView reads them straight from the input text), and
// the journey's hop objects are built on first access (lazy-hop.ts).
import type { Flow, HopDetail, IpHeaderInfo, Journey, NatChange, TracePacket, TraceParseResult, Verdict } from '../model';
import { nodeInfo } from '../knowledge';
import { decodeFactsFromView, NEED_IP, NEED_NAT, NEED_REASON, NEED_RX, NEED_TX, packetViewReusing, type IpText, type PacketView } from '../trace';
import { attachJourneyHops } from './lazy-hop';
import { breaksFlow, dropReasonHops, egressHops, egressOf, isInputNode, isInterfaceTx, isNatNode, isTunnelNode, nodeInterface, pathVerdict, type EgressHops, type EgressNames } from './roles';
import { pathId } from './groups';

export interface BuildOptions {
  /** sw_if_index → interface name, from `show interface` (egress via tx_sw_if_index, ingress via sw_if_index). */
  interfaces?: Map<number, string>;
}

/** Nodes whose trace never prints an IP header (the flow search skips them). */
const NO_IP_HEADER = new Set([
  'virtio-input', 'tap-input', 'memif-input', 'af-packet-input', 'af_xdp-input', 'avf-input', 'rdma-input', 'vmxnet3-input',
  'ethernet-input', 'l2-input', 'l2-learn', 'l2-fwd', 'l2-flood', 'l2-output', 'l2-input-vtr', 'arp-input', 'arp-reply', 'drop',
  'handoff_trace', 'worker-handoff', 'ip4-sv-reassembly-feature', 'ip4-sv-reassembly-output-feature', 'lookup-ip4-dst', 'lookup-ip6-dst',
]);

/** Input nodes whose trace names no interface (only a hw_if_index): nothing to read for ingress. */
const UNNAMED_INPUTS = new Set(['virtio-input', 'tap-input', 'memif-input', 'af-packet-input']);

/** UDP ports of tunnel encapsulations: an address change to/from them is an encap, not a NAT. */
const TUNNEL_PORTS = new Set([4789, 4790, 6081, 51820, 4500, 2152]);

/** What a node sequence says, computed once per unique path. */
interface PathInfo {
  ids: Int32Array;
  nodes: string[];
  id: string;
  verdict: Verdict;
  inputFirst: boolean;
  /** Hops that name the egress (output / tx, rewrites): the rule shared with dispatch journeys. */
  egress: EgressHops;
  /** Hops that may name the RX interface (before any tunnel): rx:, cnat in:, ethernet-input frame. */
  rxHops: number[];
  /** `drop` hops first, then `error-drop` hops (where the drop reason is printed). */
  dropHops: number[];
  /** Hops that may print an IP header (where the flow is looked for), in order. */
  ipHops: number[];
  /** The path has a NAT node or an unknown node. */
  natCapable: boolean;
  /** Per hop: a NAT node (its session / rewrite lines are read). */
  natNode: boolean[];
  /**
   * The path has a NAT node that prints no session (nat44, nat64, MAP…) or an unknown node: NAT is
   * then seen by comparing consecutive IP headers. cnat prints its translations, so cnat-only paths
   * skip the comparison.
   */
  headerNat: boolean;
}

function flowOf(h: IpHeaderInfo): Flow {
  return { ipVersion: h.ipVersion, protocol: h.protocol, src: h.src, dst: h.dst, srcPort: h.srcPort, dstPort: h.dstPort };
}

function flowOfText(t: IpText): Flow {
  return { ipVersion: t.src.includes(':') ? 6 : 4, protocol: t.protocol, src: t.src, dst: t.dst, srcPort: t.srcPort, dstPort: t.dstPort };
}

function differs(a: Flow, b: Flow): boolean {
  if (a.src !== b.src || a.dst !== b.dst) return true;
  if (a.srcPort !== null && b.srcPort !== null && a.srcPort !== b.srcPort) return true;
  if (a.dstPort !== null && b.dstPort !== null && a.dstPort !== b.dstPort) return true;
  return false;
}

function isTunnelFlow(f: Flow): boolean {
  return f.protocol === 'UDP' && ((f.srcPort !== null && TUNNEL_PORTS.has(f.srcPort)) || (f.dstPort !== null && TUNNEL_PORTS.has(f.dstPort)));
}

/** Fills ports missing in `b` from `a` (a header printed without its L4 part). */
function withPorts(a: Flow, b: Flow): Flow {
  if ((b.srcPort === null && a.srcPort !== null) || (b.dstPort === null && a.dstPort !== null)) {
    return { ...b, srcPort: b.srcPort ?? a.srcPort, dstPort: b.dstPort ?? a.dstPort };
  }
  return b;
}

function analysePath(ids: Int32Array, nodes: string[]): PathInfo {
  const rxHops: number[] = [];
  for (let i = 1; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (isTunnelNode(n)) break;
    if (n === 'error-drop' || n === 'error-punt' || n === 'ethernet-input' || isNatNode(n)) rxHops.push(i);
  }
  const natNode = nodes.map((n) => isNatNode(n));
  const ipHops: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (!NO_IP_HEADER.has(nodes[i]!) && !(natNode[i] && nodes[i]!.includes('cnat'))) ipHops.push(i);
  const natCapable = nodes.some((n, i) => natNode[i] || nodeInfo(n) === null);
  const headerNat = nodes.some((n, i) => (natNode[i] && !n.includes('cnat')) || nodeInfo(n) === null);
  return {
    ids,
    nodes,
    id: pathId(nodes),
    verdict: pathVerdict(nodes),
    inputFirst: nodes.length > 0 && isInputNode(nodes[0]!),
    egress: egressHops(nodes),
    rxHops,
    dropHops: dropReasonHops(nodes),
    ipHops,
    natCapable,
    natNode,
    headerNat,
  };
}

/**
 * Whether a NAT node's trace may hold a translation: cnat says "session not found" first when it has
 * none (then nothing is translated); other NAT nodes are read.
 */
function mayTranslate(v: PacketView, i: number): boolean {
  const first = v.firstLine(i);
  return !first.startsWith('session not found') && !first.startsWith('session lookup error');
}

class JourneyBuilder {
  private readonly nameIds = new Map<string, number>();
  private readonly paths = new Map<number, PathInfo[]>();
  private scratch = new Int32Array(64);
  /** Text-only decodes of the packet being built, for the NAT pass (cleared per packet). */
  private decodedText: (HopDetail | undefined)[] = [];
  private view: PacketView | null = null;
  private readonly reuse: { view: PacketView | null } = { view: null };

  constructor(private readonly opts: BuildOptions) {}

  private idOf(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.nameIds.size;
      this.nameIds.set(name, id);
    }
    return id;
  }

  private pathOf(v: PacketView): PathInfo {
    const n = v.count;
    if (this.scratch.length < n) this.scratch = new Int32Array(n * 2);
    const ids = this.scratch;
    let h = n | 0;
    for (let i = 0; i < n; i++) {
      const id = this.idOf(v.node(i));
      ids[i] = id;
      h = Math.imul(h ^ id, 0x01000193);
    }
    let bucket = this.paths.get(h);
    if (bucket !== undefined) {
      outer: for (const p of bucket) {
        if (p.ids.length !== n) continue;
        for (let i = 0; i < n; i++) if (p.ids[i] !== ids[i]) continue outer;
        return p;
      }
    } else {
      bucket = [];
      this.paths.set(h, bucket);
    }
    const nodes = new Array<string>(n);
    for (let i = 0; i < n; i++) nodes[i] = v.node(i);
    const p = analysePath(ids.slice(0, n), nodes);
    bucket.push(p);
    return p;
  }

  /** Decodes hop i for the given facts only (it stops reading once it has them). */
  private hop(i: number, need: number): HopDetail {
    return decodeFactsFromView(this.view!, i, false, need);
  }

  private textHop(i: number): HopDetail {
    let d = this.decodedText[i];
    if (d === undefined) {
      d = decodeFactsFromView(this.view!, i, true, NEED_NAT);
      this.decodedText[i] = d;
    }
    return d;
  }

  build(p: TracePacket, id: string): Journey {
    const v = packetViewReusing(p, this.reuse);
    this.view = v;
    this.decodedText.length = 0;
    const path = this.pathOf(v);
    const verdict = path.verdict;
    // `hops` is added by attachJourneyHops as an accessor (keeps the object's fast layout).
    const journey = {
      id,
      source: 'trace',
      input: p.input,
      thread: p.thread,
      number: p.number,
      ingress: this.ingress(path),
      egress: this.egress(path),
      verdict,
      dropReason: verdict === 'dropped' ? this.dropReason(path) : null,
      flow: this.flow(path),
      nat: path.natCapable ? this.nat(path) : [],
      pathId: path.id,
      continues: null,
      continuedBy: null,
      truncated: p.truncated,
    } as Omit<Journey, 'hops'> as Journey;
    attachJourneyHops(journey, p, path.nodes);
    this.view = null;
    return journey;
  }

  private mapIndex(sw: number | null): string | null {
    if (sw === null || !this.opts.interfaces) return null;
    return this.opts.interfaces.get(sw) ?? null;
  }

  private ingress(path: PathInfo): Journey['ingress'] {
    if (!path.inputFirst) return null;
    const first = path.nodes[0]!;
    let sw: number | null = null;
    if (!UNNAMED_INPUTS.has(first)) {
      const rx0 = this.hop(0, NEED_RX).rxInterface;
      if (rx0?.name) return { node: first, interface: rx0.name };
      if (rx0 && rx0.swIfIndex !== null) sw = rx0.swIfIndex;
    }
    const withMap = this.opts.interfaces !== undefined;
    // RX interface names printed later on the path (error-drop `rx:`, cnat `in:`) are the packet's
    // ingress only until a tunnel / IPsec node changes the buffer's RX interface.
    const v = this.view!;
    for (const i of path.rxHops) {
      const n = path.nodes[i]!;
      if (n === 'ethernet-input') {
        // its frame line has only indices: worth reading with `show interface` only
        if (!withMap) continue;
        const rx = this.hop(i, NEED_RX).rxInterface;
        if (sw === null && rx && rx.swIfIndex !== null) sw = rx.swIfIndex;
        continue;
      }
      if (n === 'error-drop' || n === 'error-punt') {
        const l = v.lineStartingWith(i, 'rx:');
        if (l !== null && l.length > 3) return { node: first, interface: l.slice(3).trim() };
        continue;
      }
      // cnat: `in:<rx> out:<tx>`
      const l = v.lineStartingWith(i, 'in:');
      if (l !== null) {
        const out = l.lastIndexOf(' out:');
        const name = (out > 0 ? l.slice(3, out) : l.slice(3)).trim();
        if (name) return { node: first, interface: name };
      }
    }
    return { node: first, interface: nodeInterface(first) ?? this.mapIndex(sw) };
  }

  private hopInterface(i: number, node: string): string | null {
    // A driver's tx node prints no more than the name it is called by (`<hw-if>-tx`).
    if (isInterfaceTx(node) && nodeInterface(node) !== null) return nodeInterface(node);
    // `<if>-output`: its first line is `<sw interface>[ flags 0x…]` or `sw_if_index: N`
    const first = this.view!.firstLine(i);
    const m = /^(\S+)(?: flags 0x[0-9a-fA-F]+)?$/.exec(first);
    if (m && !m[1]!.endsWith(':') && !/^[0-9a-f]{8}:$/.test(m[1]!)) return m[1]!;
    const tx = this.hop(i, NEED_TX).txInterface;
    if (tx?.name) return tx.name;
    const mapped = tx ? this.mapIndex(tx.swIfIndex) : null;
    return mapped ?? nodeInterface(node);
  }

  /** Interfaces of the current packet's hops, for the egress rule (made once, reads this.view). */
  private readonly egressNames: EgressNames = {
    hopInterface: (i) => this.hopInterface(i, this.view!.node(i)),
    // No output node: the rewrite's tx_sw_if_index through `show interface`.
    rewriteInterface: (i) => {
      if (!this.opts.interfaces) return null;
      const tx = this.hop(i, NEED_TX).txInterface;
      return tx ? this.mapIndex(tx.swIfIndex) : null;
    },
  };

  private egress(path: PathInfo): Journey['egress'] {
    return egressOf(path.verdict, path.egress, this.egressNames);
  }

  private dropReason(path: PathInfo): string | null {
    // `drop` hops come first in dropHops: their reason wins over the old-layout reason under error-drop.
    for (const i of path.dropHops) {
      const r = this.hop(i, NEED_REASON).reason;
      if (r && r.text) return r.text;
    }
    return null;
  }

  private flow(path: PathInfo): Flow | null {
    const v = this.view!;
    for (const i of path.ipHops) {
      // printed as text: read the two lines; else (hex dump only) decode the hop
      const t = v.ipText(i);
      if (t) return flowOfText(t);
      const ip = this.hop(i, NEED_IP).ip[0];
      if (ip) return flowOf(ip);
    }
    return null;
  }

  /**
   * NAT changes: cnat session / rewrite lines, and changes between consecutive IP headers printed
   * as text. Consecutive headers whose text is identical are not decoded.
   */
  private nat(path: PathInfo): NatChange[] {
    const v = this.view!;
    const nodes = path.nodes;
    const out: NatChange[] = [];
    let prev: Flow | null = null;
    let prevIdx = -1;
    /** The hop whose printed header is `prev` (-1 when prev comes from a session line). */
    let prevSig = -1;
    for (let i = 0; i < nodes.length; i++) {
      if (path.natNode[i] && mayTranslate(v, i)) {
        const d = this.textHop(i);
        if (d.nat) {
          if (differs(d.nat.before, d.nat.after)) out.push({ node: nodes[i]!, before: d.nat.before, after: d.nat.after });
          prev = d.nat.after;
          prevIdx = i;
          prevSig = -1;
        } else if (d.natRewrite) {
          const after = d.natRewrite.after;
          // the packet before this node: the last header seen (the pass may not have read headers)
          if (prev === null) prev = this.headerBefore(i);
          if (prev && prev.ipVersion === after.ipVersion && differs(prev, after)) out.push({ node: nodes[i]!, before: prev, after });
          prev = after;
          prevIdx = i;
          prevSig = -1;
        }
      }
      if (!path.headerNat || !v.hasIpText(i)) continue;
      if (prevSig >= 0 && v.sameIpText(prevSig, i) === true) {
        prevSig = i;
        prevIdx = i;
        continue;
      }
      const t = v.ipText(i);
      if (!t) continue;
      let cur = flowOfText(t);
      if (prev) {
        cur = withPorts(prev, cur);
        if (differs(prev, cur) && this.isNat(prev, cur, nodes, prevIdx, i)) {
          out.push({ node: this.attribute(nodes, prevIdx, i), before: prev, after: cur });
        }
      }
      prev = cur;
      prevIdx = i;
      prevSig = i;
    }
    return out;
  }

  /** The flow of the last hop before i that prints an IP header as text. */
  private headerBefore(i: number): Flow | null {
    const v = this.view!;
    for (let k = i - 1; k >= 0; k--) {
      const t = v.ipText(k);
      if (t) return flowOfText(t);
    }
    return null;
  }

  private isNat(a: Flow, b: Flow, nodes: string[], from: number, to: number): boolean {
    if (a.ipVersion !== b.ipVersion || a.protocol !== b.protocol) return false;
    if (a.src === b.dst && a.dst === b.src) return false; // a reply built from the packet
    if (isTunnelFlow(a) !== isTunnelFlow(b)) return false;
    for (let k = from + 1; k <= to; k++) if (breaksFlow(nodes[k]!)) return false;
    return true;
  }

  private attribute(nodes: string[], from: number, to: number): string {
    for (let k = to; k > from; k--) if (isNatNode(nodes[k]!)) return nodes[k]!;
    return nodes[to]!;
  }
}

/**
 * One journey per parsed packet, in input order. Handed-off packets stay separate journeys, linked by
 * `continues` / `continuedBy`; the first part takes the fate (verdict, egress, drop reason) of its
 * continuation, and the continuation takes the ingress and flow of the first part.
 */
export function buildJourneys(parsed: TraceParseResult[], opts: BuildOptions = {}): Journey[] {
  const b = new JourneyBuilder(opts);
  const out: Journey[] = [];
  parsed.forEach((r, inputIndex) => {
    const start = out.length;
    let linked = false;
    for (const p of r.packets) {
      out.push(b.build(p, `${inputIndex}:${p.id}`));
      if (p.continues !== null || p.continuedBy !== null) linked = true;
    }
    if (linked) linkJourneys(r, out, start, inputIndex);
  });
  return out;
}

function linkJourneys(r: TraceParseResult, out: Journey[], start: number, inputIndex: number): void {
  const ref = (packetId: string | null) => (packetId === null ? null : `${inputIndex}:${packetId}`);
  const byId = new Map<string, Journey>();
  for (let k = start; k < out.length; k++) {
    const p = r.packets[k - start]!;
    const j = out[k]!;
    j.continues = ref(p.continues);
    j.continuedBy = ref(p.continuedBy);
    byId.set(j.id, j);
  }
  // Propagate fate along handoff chains (origin ← continuation), and origin facts forward.
  for (let k = start; k < out.length; k++) {
    const j = out[k]!;
    if (j.continues !== null || j.continuedBy === null) continue;
    const chain: Journey[] = [j];
    const seen = new Set([j.id]);
    let c = byId.get(j.continuedBy);
    while (c && !seen.has(c.id)) {
      chain.push(c);
      seen.add(c.id);
      c = c.continuedBy ? byId.get(c.continuedBy) : undefined;
    }
    const last = chain[chain.length - 1]!;
    for (let i = 0; i < chain.length; i++) {
      const x = chain[i]!;
      if (i > 0) {
        if (x.ingress === null) x.ingress = chain[0]!.ingress;
        if (x.flow === null) x.flow = chain[i - 1]!.flow;
      }
      if (x !== last && x.verdict === 'unknown') {
        x.verdict = last.verdict;
        x.egress = last.egress;
        x.dropReason = last.dropReason;
      }
    }
  }
}
