// `show runtime` (`show run`), per thread. Source: FDio/vpp src/vlib/node_cli.c (show_node_runtime,
// format_vlib_node_stats). Rows are read from the right (five numbers), then the state is matched at
// the end of what is left, because long node names overflow into the State column.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines, vppFloat } from './text';
import type { Lined, Parsed } from './types';

export interface RuntimeNode extends Lined {
  /** Cut to 30 characters by VPP. */
  name: string;
  state: string;
  calls: number;
  vectors: number;
  suspends: number;
  /** Clocks (≤ 25.10) or Packet-Clocks (≥ 26.02) column. */
  clocks: number;
  vectorsPerCall: number;
}

export interface RuntimeThread extends Lined {
  index: number;
  name: string;
  lcore: number | null;
  /** Seconds since `clear runtime`. */
  time: number | null;
  /** Loops/sec (newer) or null. */
  loopsPerSec: number | null;
  vectorRates: { in: number; out: number; drop: number; punt: number } | null;
  nodes: RuntimeNode[];
}

export interface ShowRuntime {
  threads: RuntimeThread[];
  /** `Clocks` or `Packet-Clocks`… as printed in the header. */
  clocksLabel: string | null;
}

const THREAD = /^Thread (\d+) (\S+)(?: \(lcore (\d+)\))?\s*$/;
const TAIL = /\s+(\d+)\s+(\d+)\s+(\d+)\s+(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+)\s*$/;
const STATE = /^(.*?)\s*("?(?:active|polling|interrupt wa(?:it)?|interrupt|disabled|done|time wait|event wait|any wait|clock wait|suspended|running|yield|not starte?d?|one time ev(?:ent wait)?|event wa(?:it)?|unknown)"?)$/;

/** `show runtime`. Single-thread output (no `Thread` line) becomes thread 0 `vpp_main`. */
export function parseShowRuntime(text: string, input = 'show-run'): Parsed<ShowRuntime> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowRuntime = { threads: [], clocksLabel: null };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: RuntimeThread | null = null;
  const thread = (ln: number, index = 0, name = 'vpp_main', lcore: number | null = null): RuntimeThread => {
    const t: RuntimeThread = { line: ln, index, name, lcore, time: null, loopsPerSec: null, vectorRates: null, nodes: [] };
    data.threads.push(t);
    return t;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line) || /^-{5,}\s*$/.test(line) || /^\.{3,}\s*$/.test(line.trim())) continue;
    let m = THREAD.exec(line);
    if (m) {
      cur = thread(ln, Number(m[1]), m[2]!, m[3] !== undefined ? Number(m[3]) : null);
      continue;
    }
    if (line.startsWith('Time ')) {
      // A single-thread output starts here; a second Time line without Thread starts a new block.
      if (!cur || cur.time !== null) cur = thread(ln, cur ? cur.index + 1 : 0);
      cur.time = vppFloat(/^Time ([\d.]+)/.exec(line)?.[1]);
      const l = /loops\/sec ([\d.]+)/.exec(line);
      cur.loopsPerSec = l ? vppFloat(l[1]) : null;
      continue;
    }
    m = /vector rates in (\S+), out (\S+), drop (\S+), punt (\S+)/.exec(line);
    if (m) {
      cur ??= thread(ln);
      cur.vectorRates = { in: vppFloat(m[1]) ?? 0, out: vppFloat(m[2]) ?? 0, drop: vppFloat(m[3]) ?? 0, punt: vppFloat(m[4]) ?? 0 };
      continue;
    }
    if (/^\s*Name\s+State\s+Calls\s+Vectors/.test(line)) {
      data.clocksLabel = /Vectors\s+Suspends\s+(\S+)/.exec(line)?.[1] ?? data.clocksLabel;
      cur ??= thread(ln);
      continue;
    }
    const node = parseNodeRow(line, ln);
    if (node) {
      cur ??= thread(ln);
      cur.nodes.push(node);
      continue;
    }
    if (/^\s+events pending/.test(line)) continue;
    diagnostics.push(diagnostic(input, `unrecognised runtime line: ${line.trim().slice(0, 60)}`, { line: ln }));
  }
  return { input, data, failure: null, diagnostics };
}

function parseNodeRow(line: string, ln: number): RuntimeNode | null {
  const t = TAIL.exec(line);
  if (!t) return null;
  const left = line.slice(0, t.index);
  let name: string;
  let state: string;
  const s = STATE.exec(left.trimEnd());
  if (s && s[1]) {
    name = s[1].trim();
    state = s[2]!.replace(/"/g, '');
  } else if (left.length > 30) {
    name = left.slice(0, 30).trim();
    state = left.slice(30).trim();
  } else {
    const parts = left.trim().split(/\s+/);
    if (parts.length < 2) return null;
    name = parts[0]!;
    state = parts.slice(1).join(' ');
  }
  if (!name || /\s/.test(name)) return null;
  return {
    line: ln,
    name,
    state,
    calls: Number(t[1]),
    vectors: Number(t[2]),
    suspends: Number(t[3]),
    clocks: vppFloat(t[4]) ?? 0,
    vectorsPerCall: vppFloat(t[5]) ?? 0,
  };
}
