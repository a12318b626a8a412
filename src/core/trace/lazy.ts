// Helpers over plain TraceHop objects (the parser's own storage is table.ts).
import type { SourceLine, TraceHop } from '../model';
import type { LineVisitor } from './table';

export { readLines } from './table';

/** The hop's lines (kept for callers written against the earlier lazy hops). */
export function peekHopLines(hop: TraceHop): SourceLine[] {
  return hop.lines;
}

/** Calls `visitor.line` with each detail line of a hop until it returns false. */
export function scanHopLines(hop: TraceHop, visitor: LineVisitor): void {
  for (const l of hop.lines) if (!visitor.line(l.text, l.line)) return;
}
