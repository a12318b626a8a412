// `show ip fib` / `show ip6 fib` (all tables, `index N`, or a prefix's detail form) and
// `show ip punt redirect`. Sources: FDio/vpp src/vnet/fib/ip4_fib.c (ip4_show_fib),
// src/vnet/fib/fib_entry.c (format_fib_entry), src/vnet/dpo/load_balance.c,
// src/vnet/ip/ip_punt_drop.c (format_ip_punt_redirect). Unknown DPO lines stay verbatim in `lines`.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { indentOf, isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export type FibPathKind = 'adjacency' | 'glean' | 'receive' | 'drop' | 'lookup' | 'cnat' | 'punt' | 'midchain' | 'other';

export interface FibPath extends Lined {
  kind: FibPathKind;
  nextHop: string | null;
  interface: string | null;
  /** `lookup in <table>` target. */
  table: string | null;
  /** Nesting: 0 = the entry's own bucket, 1+ = stacked-on / nested load-balance. */
  depth: number;
  text: string;
}

export interface FibEntry extends Lined {
  prefix: string;
  table: string | null;
  fibIndex: number | null;
  /** `to:[packets:bytes]` of the first load-balance. */
  packets: number | null;
  bytes: number | null;
  paths: FibPath[];
  /** Body lines verbatim (the prefix line is `line`). */
  lines: string[];
  lastLine: number;
}

export interface FibTable extends Lined {
  name: string;
  fibIndex: number | null;
  header: string;
}

export interface ShowIpFib {
  tables: FibTable[];
  entries: FibEntry[];
}

const PREFIX = /^\s{0,2}([0-9a-fA-F:.]+\/\d{1,3})(?:\s+fib:(\d+)\s+index:(\d+)\s+locks:(\d+))?\s*$/;

function fibPath(kind: FibPathKind, nextHop: string | null, iface: string | null, table: string | null): FibPathKindInfo {
  return { kind, nextHop, interface: iface, table };
}

type FibPathKindInfo = Pick<FibPath, 'kind' | 'nextHop' | 'interface' | 'table'>;

/** Classifies one DPO/path text. */
export function classifyDpo(text: string): FibPathKindInfo | null {
  let m: RegExpExecArray | null;
  if ((m = /\bip(?:v4|v6)(?: \[[^\]]*\])? via (\S+) ([^\s:]+):/.exec(text))) {
    const midchain = /fixup|midchain/.test(text) || /^(?:ipip|vxlan|wg|gre)/.test(m[2]!);
    return fibPath(midchain ? 'midchain' : 'adjacency', m[1]!, m[2]!, null);
  }
  if ((m = /\bip(?:v4|v6)-glean: (?:\[src:\S+\] )?([^\s:]+)/.exec(text))) return fibPath('glean', null, m[1]!, null);
  if ((m = /dpo-receive: (\S+) on (\S+)/.exec(text))) return fibPath('receive', m[1]!, m[2]!, null);
  if (/dpo-drop\b/.test(text)) return fibPath('drop', null, null, null);
  if ((m = /lookup in (\S+)/.exec(text))) return fibPath('lookup', null, null, m[1]!);
  if ((m = /cnat-client:\[([^\]]+)\]/.exec(text))) return fibPath('cnat', m[1]!, null, null);
  if (/punt-redirect|dpo-punt|ip[46]-punt/.test(text)) return fibPath('punt', null, null, null);
  return null;
}

/** A path row (fixed shape) from a classified DPO line. */
export function toFibPath(c: FibPathKindInfo, line: number, depth: number, text: string): FibPath {
  return { kind: c.kind, nextHop: c.nextHop, interface: c.interface, table: c.table, line, depth, text };
}

/** `show ip fib` / `show ip6 fib`. */
export function parseShowIpFib(text: string, input = 'show-ip-fib'): Parsed<ShowIpFib> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowIpFib = { tables: [], entries: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let table: FibTable | null = null;
  let inHeader = false;
  let entry: FibEntry | null = null;
  let baseIndent = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) {
      inHeader = false;
      continue;
    }
    if (/, fib_index[: ]\s*\d+/.test(line)) {
      const m = /^\s*(.*?), fib_index[: ]\s*(\d+)/.exec(line)!;
      table = { line: ln, name: m[1]!, fibIndex: Number(m[2]), header: line.trim() };
      data.tables.push(table);
      inHeader = true;
      entry = null;
      continue;
    }
    const p = PREFIX.exec(line);
    if (p) {
      inHeader = false;
      entry = {
        line: ln,
        prefix: p[1]!,
        table: table?.name ?? null,
        fibIndex: p[2] !== undefined ? Number(p[2]) : (table?.fibIndex ?? null),
        packets: null,
        bytes: null,
        paths: [],
        lines: [],
        lastLine: ln,
      };
      baseIndent = indentOf(line);
      data.entries.push(entry);
      continue;
    }
    if (inHeader && table && !entry) {
      table.header += ' ' + line.trim();
      continue;
    }
    if (!entry) {
      diagnostics.push(diagnostic(input, `line outside a FIB entry: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    entry.lines.push(line);
    entry.lastLine = ln;
    if (entry.packets === null) {
      const to = /to:\[(\d+):(\d+)\]/.exec(line);
      if (to) {
        entry.packets = Number(to[1]);
        entry.bytes = Number(to[2]);
      }
    }
    // DPO lines are `[@n]: …` (forms without `[@` are the detail form's path lines).
    const c = line.includes('[@') || /^\s+(?:\[@|[0-9a-fA-F:.]+ \S+$)/.test(line) ? classifyDpo(line) : null;
    if (c) {
      const ind = indentOf(line) - baseIndent;
      entry.paths.push(toFibPath(c, ln, ind <= 4 ? 0 : 1, line.trim()));
    }
  }
  return { input, data, failure: null, diagnostics };
}

// ---- show ip punt redirect ----

export interface PuntRedirect extends Lined {
  /** `local0` means "any interface". */
  rxInterface: string;
  any: boolean;
  nextHops: Array<{ nextHop: string | null; interface: string | null; line: number }>;
  /** `fib-index:N` of a deag path (the number is the table id). */
  lookupTableId: number | null;
  forwarding: FibPath[];
  lines: string[];
}

export interface ShowPuntRedirect {
  redirects: PuntRedirect[];
}

/** `show ip punt redirect` / `show ip6 punt redirect`. */
export function parseShowPuntRedirect(text: string, input = 'show-ip-punt-redirect'): Parsed<ShowPuntRedirect> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowPuntRedirect = { redirects: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: PuntRedirect | null = null;
  let inForwarding = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    const h = /^\s*rx (\S+) via:\s*$/.exec(line);
    if (h) {
      cur = { line: ln, rxInterface: h[1]!, any: h[1] === 'local0', nextHops: [], lookupTableId: null, forwarding: [], lines: [] };
      data.redirects.push(cur);
      inForwarding = false;
      continue;
    }
    if (!cur) {
      diagnostics.push(diagnostic(input, `line before the first 'rx … via:' block: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    cur.lines.push(line);
    const t = line.trim();
    if (t === 'forwarding') {
      inForwarding = true;
      continue;
    }
    if (inForwarding) {
      const c = classifyDpo(t);
      if (c) cur.forwarding.push(toFibPath(c, ln, indentOf(line) <= 2 ? 0 : 1, t));
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /fib-index:(\d+)/.exec(t))) cur.lookupTableId = Number(m[1]);
    else if ((m = /^([0-9a-fA-F:.]+) (\S+?)(?: \(p2p\))?(?:\s|$)/.exec(t)) && !t.startsWith('path')) cur.nextHops.push({ nextHop: m[1]!, interface: m[2]!, line: ln });
    else if ((m = /via (\S+) in fib:/.exec(t))) cur.nextHops.push({ nextHop: m[1]!, interface: null, line: ln });
  }
  return { input, data, failure: null, diagnostics };
}
