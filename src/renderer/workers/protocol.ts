// Messages between the UI thread and the analysis worker, and the view models that cross. The worker
// owns everything parsed (journeys, captures, logs); the UI gets compact columns for lists and asks
// for details on demand (a journey, a decoded frame, a page of log lines).
import type { Diagnostic, Flow, JourneyHop, Journey, NatChange, Verdict } from '../../core/model';
import type { DecodedField } from '../../core/decode/common/tree';
import type { SchematicModel, HopPlace, Severity } from '../../core/diagram';
import type { CoreSummary } from '../../core/coredump';

/** What to open. Browser-picked and dropped files are read by the worker itself. */
export type OpenSource =
  | { kind: 'sample' }
  | { kind: 'bytes'; name: string; bytes: Uint8Array; path?: string }
  | { kind: 'files'; name: string; files: File[] }
  /** An ELF core the host holds (opened by path): the worker reads it by ranges through the UI thread. */
  | { kind: 'path-core'; name: string; path: string; size: number }
  | { kind: 'folder'; name: string; path?: string; files: { path: string; bytes: Uint8Array }[] };

export type SourceKind = 'trace' | 'capture' | 'dispatch' | 'bundle' | 'state' | 'log' | 'core' | 'kubernetes' | 'unknown';

export interface SourceInfo {
  name: string;
  kind: SourceKind;
  size: number;
  /** Kubernetes node it belongs to, when known. */
  node: string | null;
  /** Packets / frames / lines read from it. */
  records: number;
}

export const VERDICTS: readonly Verdict[] = ['forwarded', 'dropped', 'punted', 'local', 'unknown'];

/** The packet list in columns: row i of every array is packet i. Strings are interned in `strings`. */
export interface RowTable {
  count: number;
  strings: string[];
  /** µs (relative to the source's clock); NaN when unknown. */
  time: Float64Array;
  /** Index into `strings`. */
  ingress: Uint32Array;
  egress: Uint32Array;
  /** Index into VERDICTS. */
  verdict: Uint8Array;
  flow: Uint32Array;
  nat: Uint32Array;
  /** Index into SessionSummary.paths. */
  path: Uint32Array;
  /** Kubernetes node (or input) name. */
  node: Uint32Array;
  /** Journey id (`<input>:<packet>`), into `strings`. */
  id: Uint32Array;
  hops: Uint16Array;
  /** Index into SOURCES: where the packet was seen (text trace, dispatch capture, plain capture). */
  source: Uint8Array;
}

export const SOURCES = ['trace', 'dispatch', 'pcap'] as const;

export interface PathView {
  index: number;
  id: string;
  nodes: string[];
  count: number;
  /** Verdict of the path's packets (the path's last node decides it). */
  verdict: Verdict;
  /** First packet on this path (row index). */
  first: number;
}

export interface FlowView {
  key: string;
  label: string;
  count: number;
  first: number;
  verdicts: Partial<Record<Verdict, number>>;
}

export interface FindingView {
  id: string;
  severity: Severity;
  node: string | null;
  title: string;
  detail: string | null;
  /** What to check next. */
  advice: string | null;
  evidence: { input: string; line: number | null; text: string | null }[];
  /** Interface or table the finding is about (for highlighting in node state / topology). */
  subject: string | null;
}

export interface StateTable {
  id: string;
  title: string;
  /** The source file / command it was read from. */
  source: string | null;
  columns: string[];
  /** Cell text; numbers kept as numbers for sorting and charts. */
  rows: (string | number | null)[][];
  /** Line of each row in its source (for evidence links), or null. */
  lines: (number | null)[];
  /** Rows a finding points at: row index → finding ids. */
  flagged: Record<number, string[]>;
  /** Column to chart (numeric), when a chart reads better than the table. */
  chart: { label: number; value: number; title: string } | null;
}

export interface NodeStateView {
  node: string;
  tables: StateTable[];
}

export interface LogSourceView {
  id: number;
  name: string;
  node: string | null;
  lines: number;
}

export interface LogLine {
  source: number;
  line: number;
  text: string;
  level: 'error' | 'warn' | 'info' | 'debug' | null;
}

export interface FrameRow {
  number: number;
  timeUs: number | null;
  length: number;
  summary: string;
  vppNode: string | null;
  buffer: number | null;
}

export interface CaptureView {
  id: number;
  name: string;
  format: string;
  linkType: string;
  count: number;
  /** The first frames (the list pages the rest on demand). */
  frames: FrameRow[];
  /** A dispatch capture: its records also form journeys in the packet list. */
  dispatch: boolean;
}

export interface DecodedFrameView {
  capture: number;
  number: number;
  bytes: Uint8Array;
  tree: DecodedField[];
  warnings: string[];
}

/** A journey with what the Journey view shows around it. */
export interface JourneyView {
  row: number;
  journey: Journey;
  /** Kubernetes node (or input) the journey happened on. */
  node: string;
  /** Where the packet is at each hop, and the elements it crosses. */
  places: HopPlace[];
  path: HopPlace[];
  /** Per hop: the glossary's explanation, known drop reasons and next checks. */
  info: HopInfo[];
}

export interface HopInfo {
  summary: string | null;
  tags: string[];
  nextChecks: string[];
  dropReasons: Record<string, string>;
  /** The drop/punt explanation for this hop's stated reason, when the glossary has one. */
  reasonExplained: string | null;
}

/** An ELF core of the session (opened alone or found in a bundle), summarised in the worker. */
export interface CoreFileView {
  name: string;
  /** The host path when it was opened by path (the guide's commands use it), else null. */
  path: string | null;
  size: number;
  summary: CoreSummary;
}

/** What an open bundle says about the vpp container (the Core file view prefills its image). */
export interface BundleVppInfo {
  /** The vpp container's image in the calico-vpp-node DaemonSet. */
  image: string;
  /** CALICOVPP_CORE_PATTERN / corePattern in force, when set. */
  corePattern: string | null;
}

export interface SessionSummary {
  title: string;
  sample: boolean;
  sources: SourceInfo[];
  diagnostics: Diagnostic[];
  rows: RowTable;
  paths: PathView[];
  flows: FlowView[];
  topology: SchematicModel | null;
  nodes: NodeStateView[];
  checks: FindingView[];
  logs: LogSourceView[];
  captures: CaptureView[];
  /** Row to show first (the walkthrough's packet for the sample). */
  highlight: number | null;
  /** A short guide shown above the journey (the sample's walkthrough). */
  guide: string | null;
  timings: { readMs: number; parseMs: number; totalMs: number };
  /** The core file opened (absent when none). */
  core?: CoreFileView;
  /** The bundle's vpp image and core pattern (absent when the session has no DaemonSet). */
  vppInfo?: BundleVppInfo;
}

export interface FilterResult {
  indices: Uint32Array;
  /** Why the filter text is invalid (the list stays unfiltered), or null. */
  error: string | null;
}

export type Request =
  | { type: 'open'; source: OpenSource }
  | { type: 'filter'; text: string; group?: { by: 'path' | 'flow'; key: string } }
  | { type: 'groups'; by: 'path' | 'flow'; text: string }
  | { type: 'journey'; row: number }
  | { type: 'next-drop'; after: number; text: string }
  | { type: 'frames'; capture: number; offset: number; limit: number }
  | { type: 'frame'; capture: number; number: number }
  | { type: 'row-of-frame'; capture: number; number: number }
  | { type: 'logs'; query: string; offset: number; limit: number; levels: string[] }
  | { type: 'export-pcap'; rows: number[] }
  | { type: 'export-json'; rows: number[] };

export type ResponseOf<R extends Request> = R extends { type: 'open' }
  ? SessionSummary
  : R extends { type: 'filter' }
    ? FilterResult
    : R extends { type: 'groups' }
      ? { paths: PathView[]; flows: FlowView[] }
      : R extends { type: 'journey' }
        ? JourneyView
        : R extends { type: 'next-drop' }
          ? number | null
          : R extends { type: 'frames' }
            ? FrameRow[]
            : R extends { type: 'frame' }
              ? DecodedFrameView
              : R extends { type: 'row-of-frame' }
                ? number | null
              : R extends { type: 'logs' }
                ? { total: number; lines: LogLine[] }
                : R extends { type: 'export-pcap' }
                  ? { bytes: Uint8Array; count: number; note: string | null; format: 'pcap' | 'pcapng' }
                  : R extends { type: 'export-json' }
                    ? string
                    : never;

export type ToWorker =
  | { id: number; request: Request }
  | { id: number; cancel: true }
  /** The answer to a `read-range` of open request `id`. */
  | { id: number; range: { req: number; bytes: Uint8Array | null; error: string | null } };

export type FromWorker =
  | { id: number; type: 'progress'; phase: string; done: number; total: number }
  /** The worker of open request `id` asks the UI thread for bytes of a `path-core` source (files.readRange). */
  | { id: number; type: 'read-range'; req: number; offset: number; length: number }
  | { id: number; type: 'result'; value: unknown }
  | { id: number; type: 'error'; message: string; diagnostics: Diagnostic[] };

export type { Flow, JourneyHop, NatChange, Verdict };
