// `show errors` (`show err`, `show node counters`), with or without the Severity column, plain or
// verbose (thread blocks, Index column, Total section). Source: FDio/vpp src/vlib/error.c (show_errors).
// Exact VPP headers are sliced by column (fields may touch); anything else is read by tokens.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { centredHeader, col, isBlank, splitLines, uint } from './text';
import type { Lined, Parsed } from './types';

export interface ErrorCounter extends Lined {
  count: number;
  /** Graph node (cut to 35 characters). */
  node: string;
  /** Reason (cut to 35 characters by VPP ≥ 21.01). */
  reason: string;
  severity: string | null;
  /** Thread index from `Thread N (name):` blocks of the verbose form, else null. */
  thread: number | null;
  /** Error index (verbose form). */
  index: number | null;
}

export interface ShowErrors {
  hasSeverity: boolean;
  counters: ErrorCounter[];
  /** Rows of the verbose form's `Total:` section (not added to counters). */
  totals: ErrorCounter[];
}

const SEVERITIES = /^(?:error|warn|warning|info|unknown|debug)$/;
const STD4 = centredHeader([['Count', 10], ['Node', 35], ['Reason', 35], ['Severity', 10]]);
const STD4V = centredHeader([['Count', 10], ['Node', 35], ['Reason', 35], ['Severity', 10], ['Index', 6]]);

interface ErrLayout {
  severity: boolean;
  index: boolean;
  sliced: boolean;
}

/** Sums counters by node + reason (non-verbose output repeats rows once per thread). */
export function sumErrors(counters: ErrorCounter[]): Array<{ node: string; reason: string; severity: string | null; count: number; lines: number[] }> {
  const map = new Map<string, { node: string; reason: string; severity: string | null; count: number; lines: number[] }>();
  for (const c of counters) {
    const k = `${c.node}\u0000${c.reason}`;
    const e = map.get(k);
    if (e) {
      e.count += c.count;
      e.lines.push(c.line);
    } else map.set(k, { node: c.node, reason: c.reason, severity: c.severity, count: c.count, lines: [c.line] });
  }
  return [...map.values()];
}

/** `show errors`. */
export function parseShowErrors(text: string, input = 'show-err'): Parsed<ShowErrors> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowErrors = { hasSeverity: false, counters: [], totals: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let layout: ErrLayout = { severity: false, index: false, sliced: false };
  let thread: number | null = null;
  let inTotal = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    if (/^\s*Count\s+Node\s+Reason/.test(line)) {
      const trimmed = line.trimEnd();
      layout = {
        severity: /\bSeverity\b/.test(line),
        index: /\bIndex\b/.test(line),
        sliced: trimmed === STD4 || trimmed === STD4V,
      };
      data.hasSeverity ||= layout.severity;
      continue;
    }
    let m = /^Thread (\d+)(?: \((.*)\))?:\s*$/.exec(line.trim());
    if (m) {
      thread = Number(m[1]);
      inTotal = false;
      continue;
    }
    if (/^Total:\s*$/.test(line.trim())) {
      inTotal = true;
      thread = null;
      continue;
    }
    const row = inTotal ? parseTotalRow(line, ln) : parseRow(line, ln, layout, thread);
    if (!row) {
      diagnostics.push(diagnostic(input, `unrecognised error counter line: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    (inTotal ? data.totals : data.counters).push(row);
  }
  return { input, data, failure: null, diagnostics };
}

function parseRow(line: string, ln: number, layout: ErrLayout, thread: number | null): ErrorCounter | null {
  if (layout.sliced) {
    const count = uint(col(line, 0, 10));
    const node = col(line, 10, 45);
    const reason = col(line, 45, 80);
    const severity = col(line, 80, 90) || null;
    const index = layout.index ? uint(col(line, 90, 96)) : null;
    if (count !== null && node && !/\s/.test(node)) return { line: ln, count, node, reason, severity, thread, index };
  }
  const m = /^\s*(\d+)\s*(\S+)\s+(.*?)\s*$/.exec(line);
  if (!m) return null;
  let rest = m[3]!;
  let index: number | null = null;
  if (layout.index) {
    const ix = /^(.*?)\s+(\d+)$/.exec(rest);
    if (ix) {
      rest = ix[1]!;
      index = Number(ix[2]);
    }
  }
  let severity: string | null = null;
  if (layout.severity) {
    const sv = /^(.*?)\s+(\S+)$/.exec(rest);
    if (sv && SEVERITIES.test(sv[2]!)) {
      rest = sv[1]!;
      severity = sv[2]!;
    } else if (SEVERITIES.test(rest)) {
      severity = rest;
      rest = '';
    }
  }
  return { line: ln, count: Number(m[1]), node: m[2]!, reason: rest, severity, thread, index };
}

function parseTotalRow(line: string, ln: number): ErrorCounter | null {
  // %10lu%=40v%=20s%=10d: count, node, reason, index.
  const m = /^\s*(\d+)\s*(\S+)\s+(.*?)\s+(\d+)\s*$/.exec(line);
  if (!m) return null;
  return { line: ln, count: Number(m[1]), node: m[2]!, reason: m[3]!, severity: null, thread: null, index: Number(m[4]) };
}
