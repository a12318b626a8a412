// Turning what the user opened into a session: read the bytes (picked File objects are read here),
// inflate gzip, recognise the input (capture, bundle archive, trace, loose state files, folder), and
// run core's parsers and analyses. Every problem becomes a diagnostic naming the file and line or
// byte; only "nothing here can be read" fails the open.
import { isGzip } from '../../core/bytes/gzip';
import { memorySource, type RangeSource } from '../../core/bytes/source';
import { inspectCore, isElfCore } from '../../core/coredump';
import { openCaptureSync, sniffCapture } from '../../core/capture/open';
import { analyzeOpenedCapture } from '../../core/analysis/dispatch';
import { runChecks, type Check } from '../../core/analysis/checks';
import { buildTopology } from '../../core/analysis/topology';
import { BundleError, IMPLICIT_NODE, openBundle } from '../../core/bundle/open';
import { clusterState, nodeState, parseFile } from '../../core/bundle/state';
import { isTarHeader } from '../../core/bundle/tar';
import type { Bundle, BundleFile, RawEntry } from '../../core/bundle/types';
import { inferSchematic, schematicFromTopology, type InterfaceFacts, type SchematicModel } from '../../core/diagram';
import { diagnostic, type Diagnostic, type Journey } from '../../core/model';
import { buildJourneys } from '../../core/analysis';
import { packetHopCount, packetView, parseTraceBytes, sniffTrace } from '../../core/trace';
import type { LogEntry } from '../../core/vpp-state/logs';
import { gunzip } from './inflate';
import { blobSource } from './blob-source';
import type { BundleVppInfo, CoreFileView, FindingView, OpenSource, SourceInfo } from './protocol';
import { Session, type SessionCapture, type SessionLog, type SessionParts } from './session';
import { interfaceFacts, stateTables } from './state-tables';

export type ProgressFn = (phase: string, done: number, total: number) => void;

/** Opening failed as a whole (the message names the file; diagnostics say where). */
export class OpenError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

export const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

async function readFile(f: File): Promise<Uint8Array> {
  // One arrayBuffer() call is several times faster than reading the stream chunk by chunk.
  return new Uint8Array(await f.arrayBuffer());
}

/** Reads the source's bytes: entries with their paths (relative inside a folder). */
export async function readSource(source: Exclude<OpenSource, { kind: 'sample' | 'path-core' }>, progress: ProgressFn): Promise<RawEntry[]> {
  if (source.kind === 'bytes') return [{ path: source.name, bytes: source.bytes }];
  if (source.kind === 'folder') return source.files.map((f) => ({ path: f.path, bytes: f.bytes }));
  const total = source.files.reduce((a, f) => a + f.size, 0);
  let done = 0;
  const out: RawEntry[] = [];
  for (const f of source.files) {
    const path = f.webkitRelativePath || f.name;
    try {
      progress('reading', done, total);
      out.push({ path, bytes: await readFile(f) });
      done += f.size;
    } catch (e) {
      throw new OpenError(`${path}: ${(e as Error).message}`);
    }
  }
  return out;
}

function isElf(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
}

interface Builder {
  journeys: Journey[];
  nodeOf: string[];
  times: number[];
  sources: SourceInfo[];
  diagnostics: Diagnostic[];
  captures: SessionCapture[];
  logs: SessionLog[];
  inputIndex: number;
}

function addTrace(b: Builder, name: string, node: string, bytes: Uint8Array, interfaces?: Map<number, string>): void {
  const parsed = parseTraceBytes(name, bytes);
  b.diagnostics.push(...parsed.warnings);
  if (parsed.error) {
    b.sources.push({ name, kind: 'trace', size: bytes.length, node, records: 0 });
    return;
  }
  const journeys = buildJourneys([parsed], interfaces ? { interfaces } : {});
  // Journey ids are `<input>:<packet>`; each trace is one input of the session.
  const index = b.inputIndex++;
  const fix = (id: string | null) => (id === null ? null : `${index}:${id.slice(id.indexOf(':') + 1)}`);
  journeys.forEach((j, k) => {
    if (index !== 0) {
      j.id = fix(j.id)!;
      j.continues = fix(j.continues);
      j.continuedBy = fix(j.continuedBy);
    }
    const p = parsed.packets[k];
    b.journeys.push(j);
    b.nodeOf.push(node);
    b.times.push(p && packetHopCount(p) > 0 ? (packetView(p).timeUs(0) ?? NaN) : NaN);
  });
  b.sources.push({ name, kind: 'trace', size: bytes.length, node, records: journeys.length });
}

function addCapture(b: Builder, name: string, node: string, bytes: Uint8Array): void {
  const capture = openCaptureSync(bytes, { input: name });
  const a = analyzeOpenedCapture(name, capture, { inputIndex: b.inputIndex++ });
  b.diagnostics.push(...a.warnings);
  const id = b.captures.length;
  // The frames each journey is made of (dispatch: one record per hop; plain pcap: its one frame).
  const framesOf = new Map<string, number[]>();
  for (const j of a.journeys) {
    // Frames of a plain capture have no VPP hops: they are listed in the Capture view, not as journeys.
    if (j.hops.length === 0) continue;
    b.journeys.push(j);
    b.nodeOf.push(node);
    b.times.push(j.hops[0]?.timeUs ?? NaN);
    const frames = j.hops.map((h) => (h.frame ? h.frame.number - 1 : -1)).filter((i) => i >= 0);
    if (frames.length) framesOf.set(j.id, [...new Set(frames)]);
  }
  const dispatch = a.kind !== 'pcap';
  b.captures.push({ id, name, capture, frames: a.frames, dispatch, framesOf });
  b.sources.push({ name, kind: dispatch ? 'dispatch' : 'capture', size: bytes.length, node, records: capture.index.count });
}

const LOG_KINDS = new Set(['vpp-log', 'agent-log', 'calico-node-log', 'show-log', 'operator-log', 'kubelet-journal']);

function levelOf(e: LogEntry): SessionLog['lines'][number]['level'] {
  switch (e.level) {
    case 'fatal':
    case 'error':
      return 'error';
    case 'warning':
      return 'warn';
    case 'notice':
    case 'info':
      return 'info';
    case 'debug':
      return 'debug';
    default:
      return null;
  }
}

function addLog(b: Builder, f: BundleFile): void {
  const parsed = parseFile<'vpp-log'>(f);
  if (!parsed) return;
  b.diagnostics.push(...parsed.diagnostics);
  const lines = parsed.data.entries.map((e) => ({ line: e.line, text: e.raw, level: levelOf(e) }));
  b.logs.push({ id: b.logs.length, name: f.path, node: f.node, lines });
  b.sources.push({ name: f.path, kind: 'log', size: f.size, node: f.node, records: lines.length });
}

/** Inflates the gzip-compressed files of a bundle in place (core reads them as plain bytes then). */
async function inflateFiles(bundle: Bundle, diagnostics: Diagnostic[]): Promise<void> {
  for (const f of bundle.files) {
    if (!f.gzip) continue;
    try {
      f.bytes = await gunzip(f.bytes);
      f.size = f.bytes.length;
      f.gzip = false;
    } catch (e) {
      diagnostics.push(diagnostic(f.path, (e as Error).message, { offset: 0 }));
    }
  }
}

const SEVERITY: Record<Check['severity'], FindingView['severity']> = { critical: 'error', warning: 'warning', info: 'info' };

/** Health-check findings as the UI shows them; table rows they point at are flagged. */
function findingsOf(checks: Check[], nodes: SessionParts['nodes'], facts: Map<string, Record<string, InterfaceFacts>>): FindingView[] {
  return checks.map((c, k) => {
    const id = `${c.id}#${k}`;
    const names = Object.keys(facts.get(c.node ?? '') ?? {});
    const subject = names.find((n) => new RegExp(`(^|[^\\w/.-])${n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}($|[^\\w/.-])`).test(c.message)) ?? null;
    for (const e of c.evidence) {
      if (e.file === null || e.line === null) continue;
      for (const n of nodes) {
        for (const t of n.tables) {
          if (t.source !== e.file) continue;
          t.lines.forEach((line, i) => {
            if (line === e.line) (t.flagged[i] ??= []).push(id);
          });
        }
      }
    }
    return {
      id,
      severity: SEVERITY[c.severity],
      node: c.node,
      title: c.message,
      detail: c.explanation,
      advice: c.next,
      evidence: c.evidence.map((e) => ({ input: e.file ?? '', line: e.line, text: e.text })),
      subject,
    };
  });
}

function fromBundle(bundle: Bundle, b: Builder, progress: ProgressFn): { topology: SchematicModel | null; nodes: SessionParts['nodes']; checks: FindingView[] } {
  b.diagnostics.push(...bundle.warnings);
  for (const r of bundle.refused) b.diagnostics.push(diagnostic(r.path, `not read: ${r.reason}`));
  const nodes: SessionParts['nodes'] = [];
  const facts = new Map<string, ReturnType<typeof interfaceFacts>>();
  const total = bundle.files.length;
  let done = 0;
  for (const n of bundle.nodes) {
    const ns = nodeState(bundle, n.name);
    if (!ns) continue;
    const names = new Map<number, string>();
    for (const r of ns.interfaces()?.parsed.data.interfaces ?? []) names.set(r.swIfIndex, r.name);
    for (const f of n.files) {
      progress('analysing', ++done, total);
      if (f.kind === 'trace') addTrace(b, f.path, n.name, f.bytes, names.size ? names : undefined);
      else if (f.kind === 'pcap' || f.kind === 'dispatch-pcap') addCapture(b, f.path, n.name, f.bytes);
      else if (LOG_KINDS.has(f.kind)) addLog(b, f);
      else if (f.kind !== 'unknown' && f.kind !== 'core') {
        const p = parseFile(f);
        if (p) {
          b.diagnostics.push(...p.diagnostics);
          if (p.failure) b.diagnostics.push(diagnostic(f.path, `holds an error instead of output: ${p.failure.message}`, { line: p.failure.line }));
        }
        b.sources.push({ name: f.path, kind: 'state', size: f.size, node: n.name, records: 0 });
      } else b.sources.push({ name: f.path, kind: f.kind === 'core' ? 'core' : 'unknown', size: f.size, node: n.name, records: 0 });
    }
    const tables = stateTables(ns);
    if (tables.length) nodes.push({ node: n.name, tables });
    facts.set(n.name, interfaceFacts(ns));
  }
  for (const f of bundle.cluster) {
    if (LOG_KINDS.has(f.kind)) addLog(b, f);
    else b.sources.push({ name: f.path, kind: 'kubernetes', size: f.size, node: null, records: 0 });
  }
  let checks: FindingView[] = [];
  try {
    checks = findingsOf(runChecks(bundle), nodes, facts);
  } catch (e) {
    b.diagnostics.push(diagnostic(bundle.name, `the health checks failed: ${(e as Error).message}`));
  }
  let topology: SchematicModel | null = null;
  const hasState = bundle.nodes.some((n) => n.files.some((f) => f.kind === 'show-int' || f.kind === 'show-tun' || f.kind === 'show-hardware'));
  if (hasState) {
    try {
      topology = schematicFromTopology(
        buildTopology(bundle),
        (node) => facts.get(node) ?? {},
        (node) => checks.filter((c) => c.node === node).map((c) => ({ severity: c.severity, title: c.title, evidence: c.evidence, ...(c.subject ? { element: c.subject } : {}) })),
      );
    } catch (e) {
      b.diagnostics.push(diagnostic(bundle.name, `the topology could not be built: ${(e as Error).message}`));
    }
  }
  return { topology, nodes, checks };
}

function topologyFor(b: Builder, fromState: SchematicModel | null): SchematicModel | null {
  if (fromState && fromState.nodes.length) return fromState;
  if (b.journeys.length === 0) return null;
  const nodeOf = new Map<Journey, string>();
  b.journeys.forEach((j, i) => nodeOf.set(j, b.nodeOf[i] ?? 'node'));
  return inferSchematic(b.journeys, (j) => nodeOf.get(j) ?? 'node');
}

/** Builds a session from raw entries (one file, or the files of a folder / several files). */
export async function sessionFromEntries(title: string, entries: RawEntry[], progress: ProgressFn, readMs = 0): Promise<Session> {
  const t0 = now();
  const parts = await partsFromEntries(title, entries, progress, readMs);
  return finish(parts, t0);
}

/** Indexes the parts into a session and records how long the analysis took. */
export function finish(parts: SessionParts, t0: number): Session {
  const session = new Session(parts);
  parts.timings.parseMs = now() - t0;
  parts.timings.totalMs = parts.timings.readMs + parts.timings.parseMs;
  return session;
}

/** Everything a session is made of, from raw entries. Throws OpenError when nothing can be read. */
export async function partsFromEntries(title: string, entries: RawEntry[], progress: ProgressFn, readMs = 0): Promise<SessionParts> {
  const b: Builder = { journeys: [], nodeOf: [], times: [], sources: [], diagnostics: [], captures: [], logs: [], inputIndex: 0 };
  let topology: SchematicModel | null = null;
  let nodes: SessionParts['nodes'] = [];
  let checks: FindingView[] = [];
  let extras: { core?: CoreFileView; vppInfo?: BundleVppInfo } = {};
  if (entries.length === 0) throw new OpenError(`${title}: nothing to open (no files)`);

  if (entries.length === 1) {
    const e = entries[0]!;
    let bytes = e.bytes;
    if (isGzip(bytes)) {
      progress('decompressing', 0, 0);
      try {
        bytes = await gunzip(bytes, undefined, (n) => progress('decompressing', n, 0));
      } catch (err) {
        throw new OpenError(`${e.path}: ${(err as Error).message}`, [diagnostic(e.path, (err as Error).message, { offset: 0 })]);
      }
    }
    const head = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
    progress('analysing', 0, 1);
    if (bytes.length === 0) throw new OpenError(`${e.path}: the file is empty`, [diagnostic(e.path, 'the file is empty', { offset: 0 })]);
    if (sniffCapture(head)) {
      addCapture(b, e.path, e.path.split('/').pop() ?? e.path, bytes);
      const c = b.captures[0]!;
      if (c.capture.index.count === 0) throw new OpenError(`${e.path}: no frame could be read`, b.diagnostics);
    } else if (bytes.length >= 512 && isTarHeader(bytes.subarray(0, 512))) {
      let bundle: Bundle;
      try {
        bundle = openBundle(bytes, { name: e.path });
      } catch (err) {
        if (err instanceof BundleError) throw new OpenError(err.message, [diagnostic(e.path, err.message, { offset: 0 })]);
        throw err;
      }
      await inflateFiles(bundle, b.diagnostics);
      ({ topology, nodes, checks } = fromBundle(bundle, b, progress));
      extras = await bundleCore(bundle, b.diagnostics, progress);
    } else if (sniffTrace(head)) {
      addTrace(b, e.path, e.path.split('/').pop() ?? e.path, bytes);
      if (b.journeys.length === 0) throw new OpenError(`${e.path}: no packet could be read from this trace`, b.diagnostics);
    } else if (isElfCore(head)) {
      return coreParts(e.path, await coreView(e.path, null, memorySource(bytes), progress), readMs);
    } else if (isElf(head)) {
      throw new OpenError(`${e.path}: this is an ELF file (a core file?). Core files are examined with \`vpp-pathviz core\`; the app opens bundles, traces and captures.`, [
        diagnostic(e.path, 'ELF file: not a trace, capture or bundle', { offset: 0 }),
      ]);
    } else {
      // A loose state file (show int, show err…) opens as a one-file bundle.
      const bundle = openBundle([{ path: e.path, bytes }], { name: e.path, source: 'files' });
      const known = bundle.files.filter((f) => f.kind !== 'unknown');
      if (known.length === 0) {
        const first = new TextDecoder().decode(head.subarray(0, 200)).split('\n')[0] ?? '';
        throw new OpenError(`${e.path}: not a VPP trace, a pcap/pcapng capture or an export bundle`, [
          diagnostic(e.path, `unrecognised content starting with ${JSON.stringify(first.slice(0, 80))}`, { line: 1 }),
        ]);
      }
      ({ topology, nodes, checks } = fromBundle(bundle, b, progress));
    }
  } else {
    let bundle: Bundle;
    try {
      bundle = openBundle(entries, { name: title, source: 'folder' });
    } catch (err) {
      if (err instanceof BundleError) throw new OpenError(err.message, [diagnostic(title, err.message)]);
      throw err;
    }
    await inflateFiles(bundle, b.diagnostics);
    ({ topology, nodes, checks } = fromBundle(bundle, b, progress));
    extras = await bundleCore(bundle, b.diagnostics, progress);
    if (b.journeys.length === 0 && nodes.length === 0 && b.captures.length === 0 && b.logs.length === 0 && !extras.core) {
      throw new OpenError(`${title}: none of the ${entries.length} files is a trace, capture or VPP state dump`, b.diagnostics);
    }
  }
  progress('indexing', 0, 0);
  return {
    title,
    sample: false,
    sources: b.sources,
    diagnostics: b.diagnostics,
    journeys: b.journeys,
    nodeOf: b.nodeOf,
    times: b.times,
    topology: topologyFor(b, topology),
    nodes,
    checks,
    logs: b.logs,
    captures: b.captures,
    highlight: null,
    guide: null,
    timings: { readMs, parseMs: 0, totalMs: 0 },
    ...extras,
  };
}

/** Summarises a core file read through `source` (by ranges). Throws OpenError when it cannot be read. */
export async function coreView(name: string, path: string | null, source: RangeSource, progress: ProgressFn): Promise<CoreFileView> {
  progress('reading the core', 0, source.size);
  const r = await inspectCore(source, { name });
  if (!r.ok) throw new OpenError(`${name}: ${r.error.message}`, [r.error]);
  return { name, path, size: source.size, summary: r.summary };
}

/** A session holding one core file (no packets). */
export function coreParts(title: string, core: CoreFileView, readMs = 0): SessionParts {
  return {
    title,
    sample: false,
    sources: [{ name: core.name, kind: 'core', size: core.size, node: null, records: core.summary.threads.length }],
    diagnostics: core.summary.diagnostics,
    journeys: [],
    nodeOf: [],
    times: [],
    topology: null,
    nodes: [],
    checks: [],
    logs: [],
    captures: [],
    highlight: null,
    guide: null,
    timings: { readMs, parseMs: 0, totalMs: 0 },
    core,
  };
}

/** A picked or dropped file that is an ELF core: sniffed from its first bytes, then read by ranges. */
export async function coreFromFile(file: File, progress: ProgressFn): Promise<SessionParts | null> {
  const head = new Uint8Array(await file.slice(0, 64).arrayBuffer());
  if (!isElfCore(head)) return null;
  const name = file.webkitRelativePath || file.name;
  return coreParts(name, await coreView(name, null, blobSource(file), progress));
}

/** Reads `length` bytes from `offset` of a file the host holds (files.readRange, proxied to the worker). */
export type RangeReadFn = (offset: number, length: number) => Promise<Uint8Array>;

/** Largest read asked of the host at once (files.readRange's limit). */
export const HOST_RANGE_CHUNK = 16 * 1024 * 1024;

/** A RangeSource over the host's ranged reads: long reads are split into chunks the host accepts. */
export function hostRangeSource(size: number, readRange: RangeReadFn): RangeSource {
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        throw new RangeError(`invalid range: offset ${offset}, length ${length}`);
      }
      const end = Math.min(offset + length, size);
      if (end <= offset) return new Uint8Array(0);
      if (end - offset <= HOST_RANGE_CHUNK) return readRange(offset, end - offset);
      const out = new Uint8Array(end - offset);
      let got = 0;
      while (offset + got < end) {
        const chunk = await readRange(offset + got, Math.min(HOST_RANGE_CHUNK, end - offset - got));
        if (chunk.length === 0) break;
        out.set(chunk, got);
        got += chunk.length;
      }
      return got === out.length ? out : out.subarray(0, got);
    },
  };
}

/**
 * A file opened by path (command line, dialog, recent files) that is an ELF core: sniffed from its
 * first 64 bytes, then summarised through ranged reads of the host, never read whole. Null when the
 * file is not an ELF core.
 */
export async function coreFromPath(name: string, path: string, size: number, readRange: RangeReadFn, progress: ProgressFn): Promise<SessionParts | null> {
  const source = hostRangeSource(size, readRange);
  const head = await source.read(0, 64);
  if (!isElfCore(head)) return null;
  return coreParts(name, await coreView(name, path, source, progress));
}

/** The vpp image and core pattern of a bundle, and the first core file it holds (summarised). */
async function bundleCore(bundle: Bundle, diagnostics: Diagnostic[], progress: ProgressFn): Promise<{ core?: CoreFileView; vppInfo?: BundleVppInfo }> {
  const out: { core?: CoreFileView; vppInfo?: BundleVppInfo } = {};
  try {
    const cs = clusterState(bundle);
    const ds = cs.daemonset()?.parsed.data ?? null;
    const vpp = ds?.containers.find((c) => c.name === 'vpp') ?? null;
    const envPattern = vpp?.env.find((e) => e.name === 'CALICOVPP_CORE_PATTERN')?.value ?? null;
    const corePattern = cs.vppConfig()?.parsed.data?.corePattern ?? envPattern ?? null;
    if (vpp?.image) out.vppInfo = { image: vpp.image, corePattern: corePattern || null };
  } catch (e) {
    diagnostics.push(diagnostic(bundle.name, `the DaemonSet could not be read: ${(e as Error).message}`));
  }
  const file = bundle.nodes.flatMap((n) => n.files).find((f) => f.kind === 'core' && !f.gzip);
  if (file) {
    try {
      out.core = await coreView(file.path, null, memorySource(file.bytes), progress);
    } catch (e) {
      if (e instanceof OpenError) diagnostics.push(...e.diagnostics);
      else throw e;
    }
  }
  return out;
}

export { IMPLICIT_NODE };
