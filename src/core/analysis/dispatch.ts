// Journeys from captures. A VPP dispatch capture (link type 280) records a buffer before every
// node it enters: the records of one buffer index, in time order, are one packet's journey, and
// a difference between the record of node A and the next record (node B) was made by A (NAT,
// TTL, MAC rewrite, encapsulation, decapsulation). Frames of other link types are plain pcap
// packets: one journey each, with the frame summary.
import type { Inflate } from '../bytes/gzip';
import { frameLinkType, frameTimeNs, frameTimeUs, type CaptureIndex } from '../capture/index-builder';
import { frameBytesSync, openCaptureSync, type OpenedCapture } from '../capture/open';
import { decodeLayers, summaryOf, type DecodedLayers, type Layer } from '../decode/frame';
import type { VppLayer } from '../decode/vpp-dispatch/index';
import { explainNode, hasTag, interfaceOfNode } from '../knowledge/index';
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import type { Flow, NatChange } from '../model/flow';
import type { FrameSummary } from '../model/frame';
import type { HopDetail, IpHeaderInfo } from '../model/hop-detail';
import type { HopChange, Journey, JourneyHop, Verdict } from '../model/journey';
import type { SourceLine } from '../model/trace';
import { decodeHop, decodeIpAt } from '../trace/details/index';
import { pathId } from './groups';
import { dropReasonHops, egressHops, egressOf, isDropNode, isInterfaceOutput, isInterfaceTx, isPuntNode, pathVerdict } from './roles';

export interface CaptureAnalysis {
  journeys: Journey[];
  /** Frame indices (0-based) of each journey's records / frame, parallel to `journeys`. */
  frameIndices: number[][];
  /** One summary per frame, in file order. */
  frames: FrameSummary[];
  warnings: Diagnostic[];
  /** 'dispatch' when every frame is a VPP dispatch record, 'pcap' when none is, 'mixed' otherwise. */
  kind: 'pcap' | 'dispatch' | 'mixed';
  capture: OpenedCapture;
}

export interface AnalyzeCaptureOptions {
  /** Needed for gzip-compressed captures. */
  inflate?: Inflate;
  /** Prefix of journey ids (`<inputIndex>:<n>`). Default 0. */
  inputIndex?: number;
  /** sw_if_index → interface name (from `show interface`), to name the receive interface of hops. */
  interfaces?: Map<number, string>;
}

/** One dispatch record, decoded. */
interface Rec {
  i: number;
  bytes: Uint8Array;
  layers: DecodedLayers;
  vpp: VppLayer;
  summary: FrameSummary;
  timeUs: number | null;
}

/** Whether this capture is made of dispatch records (any frame of link type 280). */
export function isDispatchCapture(ix: CaptureIndex): boolean {
  return ix.interfaces.some((f) => f.linkType === 280);
}

/** Reads a capture (pcap / pcapng, gzip with `inflate`) and builds its journeys. Never throws for bad input. */
export function analyzeCapture(input: string, bytes: Uint8Array, opts: AnalyzeCaptureOptions = {}): { journeys: Journey[]; frames: FrameSummary[]; warnings: Diagnostic[] } {
  const r = analyzeOpenedCapture(input, openCaptureSync(bytes, { input, inflate: opts.inflate }), opts);
  return { journeys: r.journeys, frames: r.frames, warnings: r.warnings };
}

export function analyzeOpenedCapture(input: string, capture: OpenedCapture, opts: AnalyzeCaptureOptions = {}): CaptureAnalysis {
  const ix = capture.index;
  const warnings: Diagnostic[] = [...ix.warnings];
  if (ix.error) warnings.push(ix.error);
  const inputIndex = opts.inputIndex ?? 0;
  const frames: FrameSummary[] = [];
  const recs: Rec[] = [];
  const plain: { i: number; layers: DecodedLayers; bytes: Uint8Array }[] = [];
  for (let i = 0; i < ix.count; i++) {
    const b = frameBytesSync(capture, i);
    const lt = frameLinkType(ix, i);
    const ifc = ix.interfaces[ix.ifaces[i]!];
    const layers = decodeLayers(b, lt, { origLen: ix.origLens[i]!, fcsLen: ifc?.fcsLen ?? 0 });
    const summary = summaryOf(layers, b.length, { number: i + 1, timeNs: frameTimeNs(ix, i), linkType: lt, origLen: ix.origLens[i]! });
    frames.push(summary);
    const first = layers.layers[0];
    if (lt === 280 && first?.proto === 'vpp' && first.nodeName !== null) recs.push({ i, bytes: b, layers, vpp: first, summary, timeUs: frameTimeUs(ix, i) });
    else if (lt === 280) warnings.push(diagnostic(input, `frame ${i + 1}: unreadable dispatch record (${layers.notDecoded ?? 'no node name'})`, { offset: ix.offsets[i]! }));
    else plain.push({ i, layers, bytes: b });
  }
  const journeys: Journey[] = [];
  const frameIndices: number[][] = [];
  let n = 0;
  for (const group of groupRecords(recs)) {
    journeys.push(dispatchJourney(input, `${inputIndex}:${++n}`, n, group, opts.interfaces));
    frameIndices.push(group.map((r) => r.i));
  }
  // Plain frames are numbered by frame (`0:5`); next to dispatch journeys they are `0:f5`.
  const fp = recs.length > 0 ? 'f' : '';
  for (const p of plain) {
    journeys.push(pcapJourney(input, `${inputIndex}:${fp}${p.i + 1}`, frames[p.i]!, p.layers, p.bytes));
    frameIndices.push([p.i]);
  }
  const kind = recs.length === 0 ? 'pcap' : plain.length === 0 ? 'dispatch' : 'mixed';
  return { journeys, frameIndices, frames, warnings, kind, capture };
}

// ---- grouping records into packet instances --------------------------------------------------

const TRACE_HEADER = /^\s*(\d[\d:.T-]*\d):\s+(\S+)\s*$/;

/** The entries of a record's trace text (string 4): node name and detail lines. */
export function traceEntries(text: string): { node: string; time: string; lines: string[] }[] {
  const out: { node: string; time: string; lines: string[] }[] = [];
  for (const raw of text.split('\n')) {
    const m = TRACE_HEADER.exec(raw);
    if (m) out.push({ time: m[1]!, node: m[2]!, lines: [] });
    else if (out.length && raw.trim()) out[out.length - 1]!.lines.push(raw);
  }
  return out;
}

/** A node after which the packet's fate is known (the capture may stop before the buffer is freed). */
function isTerminal(node: string): boolean {
  return isDropNode(node) || isInterfaceTx(node) || node === 'error-punt' || node === 'punt';
}

function isEntry(node: string): boolean {
  return /^(ethernet-input|ip4-input|ip4-input-no-checksum|ip6-input|arp-input|mpls-input|device-input)$/.test(node) || hasTag(node, 'rx');
}

/**
 * Whether the packet instance of a buffer index ended at `last`, so that `next` (the next record
 * of that index) is another packet in a recycled buffer. VPP frees a buffer at `drop` and `punt`
 * and in a driver's tx node. The drop path is one walk: `*-drop` nodes (ip4-drop, …) hand the
 * buffer to error-drop, which counts the error and hands it to drop; error-punt hands it to punt.
 * An `<if>-output` hands it to the driver's tx node, so an entry node right after it is a new
 * packet (the tx record was not captured).
 */
function endsBefore(last: string, next: string): boolean {
  if (last === 'drop' || last === 'punt' || isInterfaceTx(last)) return true;
  if (last === 'error-drop') return next !== 'drop';
  if (isDropNode(last)) return next !== 'error-drop' && next !== 'drop';
  if (last === 'error-punt') return next !== 'punt';
  return hasTag(last, 'output') && isEntry(next);
}

/**
 * Groups records by buffer index into packet instances, in time order (file order for equal
 * times). A buffer index starts a new instance after its previous one was freed (see endsBefore)
 * or when the trace text shows another packet.
 */
function groupRecords(recs: Rec[]): Rec[][] {
  const order = recs.slice().sort((a, b) => (a.timeUs ?? 0) - (b.timeUs ?? 0) || a.i - b.i);
  const groups: Rec[][] = [];
  const open = new Map<number, Rec[]>();
  const firstEntry = new Map<Rec[], string>();
  for (const r of order) {
    const node = r.vpp.nodeName!;
    let g = open.get(r.vpp.bufferIndex);
    if (g) {
      const last = g[g.length - 1]!.vpp.nodeName!;
      const first = r.vpp.trace ? traceEntries(r.vpp.trace.text)[0] : undefined;
      const seen = firstEntry.get(g);
      if (endsBefore(last, node) || (first && seen && `${first.time} ${first.node}` !== seen)) g = undefined;
    }
    if (!g) {
      g = [];
      groups.push(g);
      open.set(r.vpp.bufferIndex, g);
    }
    if (r.vpp.trace && !firstEntry.has(g)) {
      const first = traceEntries(r.vpp.trace.text)[0];
      if (first) firstEntry.set(g, `${first.time} ${first.node}`);
    }
    g.push(r);
  }
  return groups;
}

// ---- what a record shows of the packet -------------------------------------------------------

interface View {
  eth: { src: string; dst: string } | null;
  ips: { flow: Flow; ttl: number; start: number }[];
}

const VPP_PROTO: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 50: 'IPSEC_ESP', 51: 'IPSEC_AH', 58: 'ICMP6', 4: 'IP_IN_IP', 41: 'IPV6', 132: 'SCTP' };

function viewOf(layers: Layer[]): View {
  let eth: View['eth'] = null;
  const ips: View['ips'] = [];
  for (let k = 0; k < layers.length; k++) {
    const l = layers[k]!;
    if (l.proto === 'ethernet' && k === 1) eth = { src: l.src, dst: l.dst };
    if (l.proto === 'ipv4' || l.proto === 'ipv6') {
      const next = layers[k + 1];
      const ports = next && (next.proto === 'tcp' || next.proto === 'udp') ? next : null;
      const proto = l.protocol;
      ips.push({
        flow: { ipVersion: l.proto === 'ipv4' ? 4 : 6, protocol: VPP_PROTO[proto] ?? `unknown ${proto}`, src: l.src, dst: l.dst, srcPort: ports?.srcPort ?? null, dstPort: ports?.dstPort ?? null },
        ttl: l.proto === 'ipv4' ? l.ttl : l.hopLimit,
        start: l.start,
      });
    }
  }
  return { eth, ips };
}

const endpoint = (f: Flow, side: 'src' | 'dst') => {
  const a = f[side];
  const p = side === 'src' ? f.srcPort : f.dstPort;
  return p === null ? a : f.ipVersion === 6 ? `[${a}]:${p}` : `${a}:${p}`;
};
const flowText = (f: Flow) => `${f.protocol} ${endpoint(f, 'src')} → ${endpoint(f, 'dst')}`;
const sameFlow = (a: Flow, b: Flow) => a.ipVersion === b.ipVersion && a.protocol === b.protocol && a.src === b.src && a.dst === b.dst && a.srcPort === b.srcPort && a.dstPort === b.dstPort;

/** What node A changed: `a` is A's record, `b` the next node's. */
export function changesBetween(a: View, b: View, node: string): { changes: HopChange[]; nat: NatChange[] } {
  const changes: HopChange[] = [];
  const nat: NatChange[] = [];
  if (a.eth && b.eth && (a.eth.src !== b.eth.src || a.eth.dst !== b.eth.dst))
    changes.push({ kind: 'mac', text: `MAC ${a.eth.src} → ${a.eth.dst} rewritten to ${b.eth.src} → ${b.eth.dst}`, before: `${a.eth.src} > ${a.eth.dst}`, after: `${b.eth.src} > ${b.eth.dst}` });
  else if (!a.eth && b.eth) changes.push({ kind: 'l2-added', text: `Ethernet header added: ${b.eth.src} → ${b.eth.dst}`, before: null, after: `${b.eth.src} > ${b.eth.dst}` });
  else if (a.eth && !b.eth && b.ips.length) changes.push({ kind: 'l2-removed', text: `Ethernet header ${a.eth.src} → ${a.eth.dst} consumed`, before: `${a.eth.src} > ${a.eth.dst}`, after: null });
  const P = a.ips;
  const C = b.ips;
  if (C.length === P.length + 1 && P.length > 0 && sameFlow(C[1]!.flow, P[0]!.flow)) {
    changes.push({ kind: 'encap', text: `encapsulated in ${flowText(C[0]!.flow)}`, before: null, after: flowText(C[0]!.flow) });
    return { changes, nat };
  }
  if (P.length === C.length + 1 && C.length > 0 && sameFlow(P[1]!.flow, C[0]!.flow)) {
    changes.push({ kind: 'decap', text: `decapsulated from ${flowText(P[0]!.flow)}`, before: flowText(P[0]!.flow), after: null });
    return { changes, nat };
  }
  if (P.length === 0 && C.length > 0 && a.eth && !b.eth) return { changes, nat };
  for (let k = 0; k < Math.min(P.length, C.length); k++) {
    const x = P[k]!;
    const y = C[k]!;
    if (!sameFlow(x.flow, y.flow)) {
      const parts: string[] = [];
      if (endpoint(x.flow, 'src') !== endpoint(y.flow, 'src')) parts.push(`source ${endpoint(x.flow, 'src')} → ${endpoint(y.flow, 'src')}`);
      if (endpoint(x.flow, 'dst') !== endpoint(y.flow, 'dst')) parts.push(`destination ${endpoint(x.flow, 'dst')} → ${endpoint(y.flow, 'dst')}`);
      if (x.flow.protocol !== y.flow.protocol || x.flow.ipVersion !== y.flow.ipVersion) parts.push(`protocol ${x.flow.protocol} → ${y.flow.protocol}`);
      changes.push({ kind: 'nat', text: `NAT: ${parts.join(', ')}`, before: flowText(x.flow), after: flowText(y.flow) });
      nat.push({ node, before: x.flow, after: y.flow });
    }
    if (x.ttl !== y.ttl) changes.push({ kind: 'ttl', text: `${x.flow.ipVersion === 4 ? 'TTL' : 'hop limit'} ${x.ttl} → ${y.ttl}`, before: String(x.ttl), after: String(y.ttl) });
  }
  if (P.length !== C.length && !changes.some((c) => c.kind === 'nat'))
    changes.push(C.length > P.length ? { kind: 'encap', text: `${C.length - P.length} IP header(s) added`, before: null, after: C[0] ? flowText(C[0].flow) : null } : { kind: 'decap', text: `${P.length - C.length} IP header(s) removed`, before: P[0] ? flowText(P[0].flow) : null, after: null });
  return { changes, nat };
}

// ---- journeys ---------------------------------------------------------------------------------

/** Seconds since VPP start as `show trace` prints them (HH:MM:SS:uuuuuu, days dropped). */
export function vppClock(timeUs: number | null): string | null {
  if (timeUs === null) return null;
  const us = Math.floor(timeUs);
  const p = (v: number, n = 2) => String(v).padStart(n, '0');
  return `${p(Math.floor(us / 3_600_000_000) % 24)}:${p(Math.floor(us / 60_000_000) % 60)}:${p(Math.floor(us / 1_000_000) % 60)}:${p(us % 1_000_000, 6)}`;
}

function ipInfos(r: Rec): IpHeaderInfo[] {
  const out: IpHeaderInfo[] = [];
  for (const l of r.layers.layers) {
    if (l.proto !== 'ipv4' && l.proto !== 'ipv6') continue;
    const info = decodeIpAt(r.bytes, l.start, 0);
    if (info) out.push(info);
  }
  return out;
}

function hopDetail(r: Rec, entryLines: string[], names?: Map<number, string>): HopDetail {
  const node = r.vpp.nodeName!;
  const d = decodeHop(node, entryLines.map((text, k): SourceLine => ({ text, line: k + 1 })));
  if (d.ip.length === 0) d.ip = ipInfos(r);
  const eth = r.layers.layers[1];
  if (!d.ethernet && eth?.proto === 'ethernet') {
    const tag = r.layers.layers[2]?.proto === 'vlan' ? r.layers.layers[2] : null;
    d.ethernet = { ethertype: `0x${eth.type.toString(16).padStart(4, '0')}`, srcMac: eth.src, dstMac: eth.dst, vlan: tag ? tag.vid : null, line: 0 };
  }
  const m = r.vpp.meta;
  if (!d.buffer) d.buffer = { index: r.vpp.bufferIndex, currentData: m.currentData, length: m.currentLength, line: 0 };
  const rx = r.vpp.op.swIfIndexRx;
  if (!d.rxInterface && rx !== null && rx >= 0) d.rxInterface = { name: names?.get(rx) ?? null, swIfIndex: rx, hwIfIndex: null, line: 0 };
  const txName = hasTag(node, 'tx') || hasTag(node, 'output') ? interfaceOfNode(node) : null;
  if (!d.txInterface && txName) d.txInterface = { name: txName, swIfIndex: null, line: 0 };
  return d;
}

/**
 * Why a dispatch journey was dropped: the reason its drop / error-drop hop printed (trace text; the
 * same hops the text-trace journeys read), else the `error:` counter index of the drop /
 * error-drop record, which is the Index column of `show errors verbose` (meaningful only there).
 */
function dispatchDropReason(nodes: string[], hops: JourneyHop[], recs: Rec[]): string | null {
  const at = dropReasonHops(nodes);
  for (const k of at) {
    const text = hops[k]!.detail.reason?.text;
    if (text) return text;
  }
  for (const k of at) {
    const err = recs[k]!.vpp.meta.error;
    if (err !== null && err > 0) return `error counter ${err} (the Index column of \`show errors verbose\`)`;
  }
  return null;
}

/** The egress of a dispatch journey, by the rule of text-trace journeys (roles.ts egressOf). */
function dispatchEgress(verdict: Verdict, nodes: string[], hops: JourneyHop[], recs: Rec[], names?: Map<number, string>): Journey['egress'] {
  const byIndex = (sw: number | null | undefined) => (sw !== null && sw !== undefined && sw >= 0 ? (names?.get(sw) ?? null) : null);
  return egressOf(verdict, egressHops(nodes), {
    hopInterface: (i) => {
      const node = nodes[i]!;
      const own = interfaceOfNode(node);
      if (isInterfaceTx(node) && own !== null) return own;
      const tx = hops[i]!.detail.txInterface;
      return tx?.name ?? byIndex(tx?.swIfIndex) ?? own;
    },
    // The adjacency's interface: tx_sw_if_index of the rewrite's trace entry, else the TX
    // sw_if_index the rewrite left in the buffer (opaque of the next record).
    rewriteInterface: (i) => byIndex(hops[i]!.detail.txInterface?.swIfIndex) ?? byIndex(recs[i + 1]?.vpp.op.swIfIndexTx),
  });
}

function dispatchJourney(input: string, id: string, number: number, recs: Rec[], names?: Map<number, string>): Journey {
  // The trace entry of node k is in the trace text of a later record of the same packet.
  const entries = new Map<number, string[]>();
  for (let k = recs.length - 1; k >= 0; k--) {
    const t = recs[k]!.vpp.trace;
    if (!t) continue;
    const es = traceEntries(t.text);
    for (let j = 0; j < k; j++) {
      if (entries.has(j)) continue;
      // Entries are in hop order; match the j-th hop by node name from the end of the list.
      const node = recs[j]!.vpp.nodeName!;
      const hit = es.filter((e) => e.node === node);
      const countBefore = recs.slice(0, j).filter((x) => x.vpp.nodeName === node).length;
      const e = hit[countBefore];
      if (e) entries.set(j, e.lines);
    }
  }
  const views = recs.map((r) => viewOf(r.layers.layers));
  const nat: NatChange[] = [];
  const hops: JourneyHop[] = recs.map((r, k) => {
    const prev = k > 0 ? recs[k - 1]! : null;
    const lines = entries.get(k) ?? [];
    const hop: JourneyHop = {
      node: r.vpp.nodeName!,
      timestamp: vppClock(r.timeUs),
      timeUs: r.timeUs,
      lines,
      lineNumbers: [],
      line: null,
      detail: hopDetail(r, lines, names),
      explanation: explainNode(r.vpp.nodeName!),
      deltaUs: prev && prev.timeUs !== null && r.timeUs !== null ? r.timeUs - prev.timeUs : null,
      frame: r.summary,
      changes: [],
    };
    if (k + 1 < recs.length) {
      const c = changesBetween(views[k]!, views[k + 1]!, hop.node);
      hop.changes = c.changes;
      nat.push(...c.nat);
    }
    return hop;
  });
  const first = recs[0]!;
  const last = hops[hops.length - 1]!;
  const nodes = hops.map((h) => h.node);
  const verdict = pathVerdict(nodes);
  const dropReason = verdict === 'dropped' ? dispatchDropReason(nodes, hops, recs) : null;
  const th = first.vpp.meta.traceHandle;
  const v0 = views.find((v) => v.ips.length > 0);
  return {
    id,
    source: 'dispatch',
    input,
    thread: th ? th >>> 24 : null,
    number,
    hops,
    ingress: { node: first.vpp.nodeName!, interface: hops[0]!.detail.rxInterface?.name ?? null },
    egress: dispatchEgress(verdict, nodes, hops, recs, names),
    verdict,
    dropReason,
    flow: v0 ? v0.ips[0]!.flow : null,
    nat,
    pathId: pathId(nodes),
    continues: null,
    continuedBy: null,
    truncated: recs.some((r) => r.layers.layers.some((l) => l.truncated)) || (!isTerminal(last.node) && !isInterfaceOutput(last.node) && !hasTag(last.node, 'local') && !isPuntNode(last.node)),
  };
}

/** `pcap trace drop` appends `<node>: <error>` in ASCII after the packet (docs: vpp-formats §3). */
export function dropTrailer(layers: DecodedLayers, bytes: Uint8Array): string | null {
  const ip = layers.layers.find((l) => l.proto === 'ipv4' || l.proto === 'ipv6');
  if (!ip) return null;
  const end = ip.payloadEnd;
  if (end >= bytes.length || bytes.length - end > 200) return null;
  let s = '';
  for (let k = end; k < bytes.length; k++) {
    const c = bytes[k]!;
    if (c < 0x20 || c > 0x7e) return null;
    s += String.fromCharCode(c);
  }
  return /^[a-z0-9][\w.-]*: \S.*$/.test(s) ? s : null;
}

function pcapJourney(input: string, id: string, frame: FrameSummary, layers: DecodedLayers, bytes: Uint8Array): Journey {
  const trailer = dropTrailer(layers, bytes);
  const ip = layers.layers.find((l) => l.proto === 'ipv4' || l.proto === 'ipv6');
  const v = viewOf(layers.layers);
  const verdict: Verdict = trailer ? 'dropped' : 'unknown';
  return {
    id,
    source: 'pcap',
    input,
    thread: null,
    number: frame.number,
    hops: [],
    ingress: null,
    egress: null,
    verdict,
    dropReason: trailer,
    flow: ip ? (v.ips[0]?.flow ?? null) : null,
    nat: [],
    pathId: pathId([]),
    continues: null,
    continuedBy: null,
    truncated: frame.capturedLength < frame.length,
    frame,
  };
}
