// What the `show trace` parser produces: packets made of hops, every line kept with its number.
import type { Diagnostic } from './diagnostic';

/** One line of an input, verbatim (without its line ending), with its 1-based line number. */
export interface SourceLine {
  text: string;
  line: number;
}

/** One node entry of a trace: a `HH:MM:SS:uuuuuu: node-name` header and all the lines under it. */
export interface TraceHop {
  node: string;
  /** The timestamp text as printed, e.g. `00:09:46:518858`. */
  timestamp: string | null;
  /** The timestamp in µs (since VPP start for relative stamps, since the epoch for unix/datetime). */
  timeUs: number | null;
  /** Line number of the header. */
  line: number;
  /** Detail lines verbatim, including blank ones inside the entry (trailing blank lines removed). */
  lines: SourceLine[];
}

/** A packet handed to another thread: the continuation's `handoff_trace` line. */
export interface Handoff {
  fromThread: number;
  traceIndex: number;
}

export interface TracePacket {
  /** Stable id within the input: `t<thread>p<number>` or `p<k>` when there are no headers. */
  id: string;
  input: string;
  thread: number | null;
  threadName: string | null;
  /** The `Packet N` number (restarts in every thread), null for excerpts without headers. */
  number: number | null;
  /** Line of the `Packet N` header, or of the first hop. */
  line: number;
  hops: TraceHop[];
  /** Set when this packet starts with `handoff_trace` (it continues another thread's packet). */
  handoff: Handoff | null;
  /** Id of the packet this one continues (resolved from the handoff), when found. */
  continues: string | null;
  /** Id of the packet that continues this one on another thread, when found. */
  continuedBy: string | null;
  /** The input ended inside this packet (cut file). */
  truncated: boolean;
  /** Value of the first `trace handle 0x…` seen, if any (upper 8 bits thread, lower 24 trace index). */
  traceHandle: number | null;
  /** The vlib buffer index from the first `buffer 0x…` line, if any. */
  bufferIndex: number | null;
}

export interface TraceThread {
  index: number;
  name: string;
  line: number;
  /** The thread printed "No packets in trace buffer". */
  empty: boolean;
}

export interface TraceParseResult {
  input: string;
  packets: TracePacket[];
  threads: TraceThread[];
  warnings: Diagnostic[];
  /** Number of lines read. */
  lineCount: number;
  /**
   * Set when the input could not be read as a trace at all (empty file, binary data); the reason is
   * also the first warning. Absent or null for a readable text.
   */
  error?: string | null;
}
