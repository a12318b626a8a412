// Links packets handed off between worker threads. The receiving thread starts a new trace whose
// first entry is `handoff_trace` with `HANDED-OFF: from thread <t> trace index <i>`
// (FDio/vpp src/vlib/handoff_trace.c). The origin is the packet of thread <t> whose buffer line shows
// `trace handle 0x<h>` with h = t << 24 | i (older VPP: `trace 0x<i>`).
import type { TracePacket, TraceParseResult } from '../model';
import { packetView } from './table';

const HANDED_OFF = /HANDED-OFF: from thread (\d+) trace index (\d+)/;
const TRACE_INDEX_BITS = 16777216; // 2^24

/** Reads the handoff line of a packet that starts with `handoff_trace`, or null. */
export function readHandoff(p: TracePacket): { fromThread: number; traceIndex: number } | null {
  const v = packetView(p);
  if (v.count === 0 || v.node(0) !== 'handoff_trace') return null;
  for (const l of v.lines(0)) {
    const m = HANDED_OFF.exec(l.text);
    if (m) return { fromThread: Number(m[1]), traceIndex: Number(m[2]) };
  }
  return null;
}

export function linkHandoffs(result: TraceParseResult): void {
  let unlinked = 0;
  let byHandle: Map<string, TracePacket> | null = null;
  for (const p of result.packets) {
    const h = readHandoff(p);
    if (!h) continue;
    p.handoff = h;
    if (!byHandle) {
      byHandle = new Map();
      for (const q of result.packets) {
        if (q.traceHandle === null || q.thread === null) continue;
        const idx = q.traceHandle % TRACE_INDEX_BITS;
        const th = Math.floor(q.traceHandle / TRACE_INDEX_BITS);
        // New VPP encodes the thread in the upper bits; old VPP printed only the index.
        if (th !== q.thread && th !== 0) continue;
        const key = `${q.thread}/${idx}`;
        if (!byHandle.has(key)) byHandle.set(key, q);
      }
    }
    const origin = byHandle.get(`${h.fromThread}/${h.traceIndex}`);
    if (origin && origin !== p && origin.continuedBy === null) {
      p.continues = origin.id;
      origin.continuedBy = p.id;
    } else unlinked++;
  }
  if (unlinked > 0) {
    result.warnings.push({
      input: result.input,
      line: null,
      offset: null,
      message: `${unlinked} handed-off packet${unlinked === 1 ? '' : 's'} could not be linked to ${unlinked === 1 ? 'its' : 'their'} origin (no packet of the sending thread shows the matching trace handle)`,
    });
  }
}
