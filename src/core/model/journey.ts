// The journey of one packet through VPP's graph, the same for every source (text trace, dispatch
// capture, plain pcap), so every view and the CLI treat them alike.
import type { Flow, NatChange } from './flow';
import type { HopDetail } from './hop-detail';

export type Verdict = 'forwarded' | 'dropped' | 'punted' | 'local' | 'unknown';
export type JourneySource = 'trace' | 'pcap' | 'dispatch';

export interface JourneyHop {
  node: string;
  timestamp: string | null;
  timeUs: number | null;
  /** Detail lines verbatim. */
  lines: string[];
  /** Line number of each detail line (same length as lines); empty for binary sources. */
  lineNumbers: number[];
  /** Line of the hop's header in a text trace, null otherwise. */
  line: number | null;
  /** Decoded fields of the detail lines (what is not understood stays only in `lines`). */
  detail: HopDetail;
  /** One plain sentence from the glossary, null for nodes it does not know. */
  explanation: string | null;
  /** µs since the previous hop of this journey (null for the first hop or without times). */
  deltaUs: number | null;
  /** Capture sources: the decoded record / frame this hop comes from. */
  frame?: import('./frame').FrameSummary;
  /**
   * Dispatch captures: what this hop's node changed in the packet, seen by comparing its record with
   * the next hop's record (the bytes are recorded before each node runs).
   */
  changes?: HopChange[];
}

/** One change a node made to the packet (dispatch captures). */
export interface HopChange {
  kind: 'nat' | 'ttl' | 'mac' | 'l2-added' | 'l2-removed' | 'encap' | 'decap';
  /** Plain text, e.g. `TTL 64 → 63`, `source 20.0.0.1:6443 → 11.96.0.1:443`. */
  text: string;
  before: string | null;
  after: string | null;
}

export interface Journey {
  /** Unique across all inputs of one analysis: `<input index>:<packet id>`. */
  id: string;
  source: JourneySource;
  input: string;
  thread: number | null;
  number: number | null;
  hops: JourneyHop[];
  ingress: { node: string; interface: string | null } | null;
  egress: { interface: string } | null;
  verdict: Verdict;
  dropReason: string | null;
  flow: Flow | null;
  nat: NatChange[];
  /** Id of the unique node sequence (see Path). */
  pathId: string;
  /** Ids of journeys linked through a worker handoff. */
  continues: string | null;
  continuedBy: string | null;
  truncated: boolean;
  /** Plain pcap sources (one journey per frame): the frame. */
  frame?: import('./frame').FrameSummary;
}

export interface PathGroup {
  id: string;
  nodes: string[];
  count: number;
}

export interface FlowGroup {
  /** Both directions together. */
  key: string;
  flows: Flow[];
  journeyIds: string[];
}
