// What the worker holds for one open session, and the queries the UI makes on it: the packet list in
// columns, filters, groups, one journey with its places on the topology, capture frames, log pages,
// exports. Pure (no DOM): runs in the worker and in tests under Node.
import { writeCapture, type WriteFrame } from '../../core/capture/writer';
import { frameBytesSync, type OpenedCapture } from '../../core/capture/open';
import { frameLinkType, frameTimeNs, frameTimeUs } from '../../core/capture/index-builder';
import { decodeFrame, linkTypeName } from '../../core/decode/frame';
import { hopPlaces, pathPlaces, type SchematicModel } from '../../core/diagram';
import { journeyHopsJson, journeyNodes } from '../../core/analysis';
import { nodeInfo } from '../../core/knowledge';
import { conversationKey, type Diagnostic, type Flow, type FrameSummary, type Journey } from '../../core/model';
import { compileFilter, FilterError } from './packet-filter';
import {
  SOURCES,
  VERDICTS,
  type BundleVppInfo,
  type CaptureView,
  type CoreFileView,
  type DecodedFrameView,
  type FilterResult,
  type FindingView,
  type FlowView,
  type FrameRow,
  type HopInfo,
  type JourneyView,
  type LogLine,
  type LogSourceView,
  type NodeStateView,
  type PathView,
  type RowTable,
  type SessionSummary,
  type SourceInfo,
} from './protocol';

export interface SessionCapture {
  id: number;
  name: string;
  capture: OpenedCapture;
  frames: FrameSummary[];
  dispatch: boolean;
  /** Journey id → frame indices (0-based) of its records, for pcap export. */
  framesOf: Map<string, number[]>;
}

export interface SessionLog {
  id: number;
  name: string;
  node: string | null;
  lines: { line: number; text: string; level: LogLine['level'] }[];
}

export interface SessionParts {
  title: string;
  sample: boolean;
  sources: SourceInfo[];
  diagnostics: Diagnostic[];
  journeys: Journey[];
  /** Kubernetes node (or input name) of each journey. */
  nodeOf: string[];
  /** µs of each journey's first hop (NaN when unknown): read without building the hops. */
  times: number[];
  topology: SchematicModel | null;
  nodes: NodeStateView[];
  checks: FindingView[];
  logs: SessionLog[];
  captures: SessionCapture[];
  highlight: number | null;
  guide: string | null;
  timings: { readMs: number; parseMs: number; totalMs: number };
  core?: CoreFileView;
  vppInfo?: BundleVppInfo;
}

export function flowLabel(f: Flow | null): string {
  if (!f) return '';
  const p = (a: string, port: number | null) => (port !== null ? `${a}:${port}` : a);
  return `${f.protocol} ${p(f.src, f.srcPort)} → ${p(f.dst, f.dstPort)}`;
}

function natLabel(j: Journey): string {
  const parts: string[] = [];
  for (const n of j.nat) {
    if (n.before.dst !== n.after.dst || n.before.dstPort !== n.after.dstPort) parts.push(`dst → ${n.after.dst}${n.after.dstPort !== null ? `:${n.after.dstPort}` : ''}`);
    if (n.before.src !== n.after.src || n.before.srcPort !== n.after.srcPort) parts.push(`src → ${n.after.src}${n.after.srcPort !== null ? `:${n.after.srcPort}` : ''}`);
  }
  return parts.join('; ');
}

function explainReason(reason: string | null, reasons: Record<string, string> | undefined): string | null {
  if (!reason || !reasons) return null;
  const r = reason.toLowerCase();
  for (const [k, v] of Object.entries(reasons)) if (r.includes(k.toLowerCase())) return v;
  return null;
}

export class Session {
  readonly rows: RowTable;
  readonly paths: PathView[];
  /** Graph nodes of each journey. */
  private readonly nodes: string[][];
  private readonly pathIndex = new Map<string, number>();
  private readonly strings: string[] = [];
  private readonly interned = new Map<string, number>();

  constructor(readonly parts: SessionParts) {
    const js = parts.journeys;
    const n = js.length;
    // Paths: one entry per unique node sequence, most frequent first.
    // Node names come from journeyNodes: a journey's hops are built only when it is shown.
    this.nodes = js.map((j) => journeyNodes(j));
    const counts = new Map<string, { nodes: string[]; count: number; first: number; verdict: Journey['verdict'] }>();
    js.forEach((j, i) => {
      const c = counts.get(j.pathId);
      if (c) c.count++;
      else counts.set(j.pathId, { nodes: this.nodes[i]!, count: 1, first: i, verdict: j.verdict });
    });
    this.paths = [...counts.entries()]
      .sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)
      .map(([id, c], index) => ({ index, id, nodes: c.nodes, count: c.count, verdict: c.verdict, first: c.first }));
    for (const p of this.paths) this.pathIndex.set(p.id, p.index);

    const rows: RowTable = {
      count: n,
      strings: this.strings,
      time: new Float64Array(n),
      ingress: new Uint32Array(n),
      egress: new Uint32Array(n),
      verdict: new Uint8Array(n),
      flow: new Uint32Array(n),
      nat: new Uint32Array(n),
      path: new Uint32Array(n),
      node: new Uint32Array(n),
      id: new Uint32Array(n),
      hops: new Uint16Array(n),
      source: new Uint8Array(n),
    };
    this.intern('');
    for (let i = 0; i < n; i++) {
      const j = js[i]!;
      rows.time[i] = parts.times[i] ?? NaN;
      rows.ingress[i] = this.intern(j.ingress?.interface ?? j.ingress?.node ?? '');
      rows.egress[i] = this.intern(j.egress?.interface ?? (j.verdict === 'dropped' ? 'drop' : j.verdict === 'punted' ? 'punt' : j.verdict === 'local' ? 'local' : ''));
      rows.verdict[i] = Math.max(0, VERDICTS.indexOf(j.verdict));
      rows.flow[i] = this.intern(flowLabel(j.flow));
      rows.nat[i] = this.intern(natLabel(j));
      rows.path[i] = this.pathIndex.get(j.pathId) ?? 0;
      rows.node[i] = this.intern(parts.nodeOf[i] ?? '');
      rows.id[i] = this.intern(j.id);
      rows.hops[i] = Math.min(65535, this.nodes[i]!.length);
      rows.source[i] = Math.max(0, SOURCES.indexOf(j.source));
    }
    this.rows = rows;
  }

  private intern(s: string): number {
    let i = this.interned.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.interned.set(s, i);
    }
    return i;
  }

  summary(): SessionSummary {
    const p = this.parts;
    const captures: CaptureView[] = p.captures.map((c) => ({
      id: c.id,
      name: c.name,
      format: c.capture.index.format,
      linkType: [...new Set(c.capture.index.interfaces.map((f) => linkTypeName(f.linkType)))].join(', ') || 'unknown link type',
      count: c.capture.index.count,
      frames: this.frames(c.id, 0, 1000),
      dispatch: c.dispatch,
    }));
    const logs: LogSourceView[] = p.logs.map((l) => ({ id: l.id, name: l.name, node: l.node, lines: l.lines.length }));
    return {
      title: p.title,
      sample: p.sample,
      sources: p.sources,
      diagnostics: p.diagnostics,
      rows: this.rows,
      paths: this.paths,
      flows: this.flowGroups(null),
      topology: p.topology,
      nodes: p.nodes,
      checks: p.checks,
      logs,
      captures,
      highlight: p.highlight,
      guide: p.guide,
      timings: p.timings,
      ...(p.core ? { core: p.core } : {}),
      ...(p.vppInfo ? { vppInfo: p.vppInfo } : {}),
    };
  }

  /** Row indices matching the filter text (and a picked group). */
  filter(text: string, group?: { by: 'path' | 'flow'; key: string }): FilterResult {
    let test: (i: number) => boolean;
    let error: string | null = null;
    try {
      const f = compileFilter(text);
      test = f.all ? () => true : (i) => f.test({ journey: this.parts.journeys[i]!, node: this.parts.nodeOf[i] ?? '', nodes: this.nodes[i]! });
    } catch (e) {
      if (!(e instanceof FilterError)) throw e;
      error = e.message;
      test = () => true;
    }
    let groupTest: (i: number) => boolean = () => true;
    if (group?.by === 'path') {
      const idx = this.pathIndex.get(group.key);
      groupTest = (i) => this.rows.path[i] === idx;
    } else if (group?.by === 'flow') {
      groupTest = (i) => {
        const f = this.parts.journeys[i]!.flow;
        return (f ? conversationKey(f) : '(no flow)') === group.key;
      };
    }
    const out = new Uint32Array(this.rows.count);
    let k = 0;
    for (let i = 0; i < this.rows.count; i++) if (groupTest(i) && test(i)) out[k++] = i;
    return { indices: out.slice(0, k), error };
  }

  /** Paths and flows of the rows that match the filter. */
  groups(text: string): { paths: PathView[]; flows: FlowView[] } {
    const { indices, error } = this.filter(text);
    const subset = error || !text.trim() ? null : indices;
    if (!subset) return { paths: this.paths, flows: this.flowGroups(null) };
    const counts = new Map<number, { count: number; first: number }>();
    for (const i of subset) {
      const p = this.rows.path[i]!;
      const c = counts.get(p);
      if (c) c.count++;
      else counts.set(p, { count: 1, first: i });
    }
    const paths = [...counts.entries()].map(([p, c]) => ({ ...this.paths[p]!, count: c.count, first: c.first })).sort((a, b) => b.count - a.count);
    return { paths, flows: this.flowGroups(subset) };
  }

  private flowGroups(subset: Uint32Array | null): FlowView[] {
    const map = new Map<string, FlowView>();
    const visit = (i: number) => {
      const j = this.parts.journeys[i]!;
      const key = j.flow ? conversationKey(j.flow) : '(no flow)';
      let g = map.get(key);
      if (!g) map.set(key, (g = { key, label: j.flow ? flowLabel(j.flow) : 'packets without an IP flow', count: 0, first: i, verdicts: {} }));
      g.count++;
      g.verdicts[j.verdict] = (g.verdicts[j.verdict] ?? 0) + 1;
    };
    if (subset) for (const i of subset) visit(i);
    else for (let i = 0; i < this.rows.count; i++) visit(i);
    return [...map.values()].sort((a, b) => b.count - a.count).slice(0, 5000);
  }

  journey(row: number): JourneyView {
    const j = this.parts.journeys[row];
    if (!j) throw new Error(`no packet ${row + 1}`);
    const node = this.parts.nodeOf[row] ?? '';
    const schematicNode = this.parts.topology?.nodes.find((n) => n.name === node) ?? null;
    const info: HopInfo[] = j.hops.map((h, i) => {
      const ni = nodeInfo(h.node);
      const isLast = i === j.hops.length - 1;
      const reason = h.detail.reason?.text ?? (isLast ? j.dropReason : null);
      return {
        summary: ni?.summary ?? h.explanation,
        tags: ni?.tags ?? [],
        nextChecks: ni?.nextChecks ?? [],
        dropReasons: ni?.dropReasons ?? {},
        reasonExplained: explainReason(reason, ni?.dropReasons) ?? (isLast && j.dropReason ? this.explainAnywhere(j) : null),
      };
    });
    // Copy the journey into plain data (hop details are decoded here, for this one packet).
    const plain: Journey = {
      ...j,
      hops: j.hops.map((h) => ({ node: h.node, timestamp: h.timestamp, timeUs: h.timeUs, lines: h.lines, lineNumbers: h.lineNumbers, line: h.line, detail: h.detail, explanation: h.explanation, deltaUs: h.deltaUs })),
    };
    return { row, journey: plain, node, places: hopPlaces(plain, schematicNode), path: pathPlaces(plain, schematicNode), info };
  }

  /** A drop reason explained by any node of the journey that knows it (`ip4-input: ip4 ttl <= 1` at `drop`). */
  private explainAnywhere(j: Journey): string | null {
    const reason = j.dropReason;
    if (!reason) return null;
    const colon = reason.indexOf(':');
    if (colon > 0) {
      const owner = nodeInfo(reason.slice(0, colon).trim());
      const r = explainReason(reason.slice(colon + 1), owner?.dropReasons);
      if (r) return r;
    }
    for (const h of j.hops) {
      const r = explainReason(reason, nodeInfo(h.node)?.dropReasons);
      if (r) return r;
    }
    return null;
  }

  nextDrop(after: number, text: string): number | null {
    const { indices, error } = this.filter(error0(text));
    const list = error ? null : indices;
    const dropped = VERDICTS.indexOf('dropped');
    if (list) {
      for (const i of list) if (i > after && this.rows.verdict[i] === dropped) return i;
      for (const i of list) if (this.rows.verdict[i] === dropped) return i;
      return null;
    }
    for (let i = after + 1; i < this.rows.count; i++) if (this.rows.verdict[i] === dropped) return i;
    for (let i = 0; i <= after && i < this.rows.count; i++) if (this.rows.verdict[i] === dropped) return i;
    return null;
  }

  frames(captureId: number, offset: number, limit: number): FrameRow[] {
    const c = this.parts.captures.find((x) => x.id === captureId);
    if (!c) return [];
    const out: FrameRow[] = [];
    const ix = c.capture.index;
    for (let i = offset; i < Math.min(ix.count, offset + limit); i++) {
      const s = c.frames[i];
      out.push({ number: i + 1, timeUs: frameTimeUs(ix, i), length: ix.origLens[i]!, summary: s ? frameText(s) : '', vppNode: s?.vppNode ?? null, buffer: s?.vppBufferIndex ?? null });
    }
    return out;
  }

  frame(captureId: number, number: number): DecodedFrameView {
    const c = this.parts.captures.find((x) => x.id === captureId);
    if (!c) throw new Error(`no capture ${captureId}`);
    const i = number - 1;
    if (i < 0 || i >= c.capture.index.count) throw new Error(`${c.name} has no frame ${number}`);
    const bytes = frameBytesSync(c.capture, i).slice();
    const ifc = c.capture.index.interfaces[c.capture.index.ifaces[i]!];
    const d = decodeFrame(bytes, frameLinkType(c.capture.index, i), { origLen: c.capture.index.origLens[i]!, fcsLen: ifc?.fcsLen ?? 0 });
    return { capture: captureId, number, bytes, tree: d.tree, warnings: d.warnings };
  }

  /** The packet-list row of the journey a capture frame belongs to (dispatch records), or null. */
  rowOfFrame(captureId: number, number: number): number | null {
    const c = this.parts.captures.find((x) => x.id === captureId);
    if (!c) return null;
    for (const [id, frames] of c.framesOf) {
      if (!frames.includes(number - 1)) continue;
      const row = this.rowById().get(id);
      if (row !== undefined) return row;
    }
    return null;
  }

  private byId: Map<string, number> | null = null;
  private rowById(): Map<string, number> {
    this.byId ??= new Map(this.parts.journeys.map((j, i) => [j.id, i]));
    return this.byId;
  }

  logs(query: string, offset: number, limit: number, levels: string[]): { total: number; lines: LogLine[] } {
    const q = query.toLowerCase();
    const want = new Set(levels);
    const out: LogLine[] = [];
    let total = 0;
    for (const l of this.parts.logs) {
      for (const x of l.lines) {
        if (q && !x.text.toLowerCase().includes(q)) continue;
        if (want.size && !(x.level && want.has(x.level))) continue;
        if (total >= offset && out.length < limit) out.push({ source: l.id, line: x.line, text: x.text, level: x.level });
        total++;
      }
    }
    return { total, lines: out };
  }

  /** The rows' packets as a capture (pcap, or pcapng when link types differ): the frames of capture sources (trace packets have no bytes). */
  exportPcap(rows: number[]): { bytes: Uint8Array; count: number; note: string | null; format: 'pcap' | 'pcapng' } {
    const frames: WriteFrame[] = [];
    let withoutBytes = 0;
    for (const r of rows) {
      const j = this.parts.journeys[r];
      if (!j) continue;
      const c = this.parts.captures.find((x) => x.framesOf.has(j.id));
      const idx = c?.framesOf.get(j.id);
      if (!c || !idx) {
        withoutBytes++;
        continue;
      }
      const ix = c.capture.index;
      for (const i of idx) frames.push({ data: frameBytesSync(c.capture, i), origLen: ix.origLens[i]!, timeNs: frameTimeNs(ix, i), linkType: frameLinkType(ix, i) });
    }
    const note = withoutBytes ? `${withoutBytes} packet${withoutBytes === 1 ? '' : 's'} from text traces have no bytes and were left out` : null;
    if (frames.length === 0) return { bytes: new Uint8Array(0), count: 0, note: note ?? 'no packet bytes to export', format: 'pcap' };
    const { bytes, format } = writeCapture(frames, { nanosecond: true });
    return { bytes, count: frames.length, note, format };
  }

  exportJson(rows: number[]): string {
    const out = [];
    for (const r of rows) {
      const j = this.parts.journeys[r];
      if (!j) continue;
      // Every field but `hops` as is; hops through journeyHopsJson, which reads a lazy journey's
      // hops without building (and keeping) them, so exporting many packets stays light.
      const plain: Record<string, unknown> = {};
      for (const k of Object.keys(j)) if (k !== 'hops') plain[k] = (j as unknown as Record<string, unknown>)[k];
      plain.node = this.parts.nodeOf[r] ?? null;
      plain.hops = journeyHopsJson(j);
      out.push(plain);
    }
    return JSON.stringify({ packets: out }, null, 2);
  }
}

function error0(text: string): string {
  try {
    compileFilter(text);
    return text;
  } catch {
    return '';
  }
}

/** One line describing a frame: addresses, protocol, ports. */
export function frameText(s: FrameSummary): string {
  const inner = s.inner ? ` [${s.inner.protocol ?? ''} ${s.inner.src ?? ''} → ${s.inner.dst ?? ''}]` : '';
  if (!s.protocol && !s.src) return s.vppNode ? 'VPP dispatch record' : `${s.capturedLength} bytes`;
  const port = (p: number | null) => (p !== null ? `:${p}` : '');
  return `${s.protocol ?? ''} ${s.src ?? ''}${port(s.srcPort)} → ${s.dst ?? ''}${port(s.dstPort)}${inner}`.trim();
}
