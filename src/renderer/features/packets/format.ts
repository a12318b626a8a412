// Cell text of the packet list, from the row columns.
import { formatMicros } from '../../../core/diagram/waterfall';
import { VERDICTS, type RowTable } from '../../workers/protocol';

/** Time since the first packet of the same node. */
export function rowTime(rows: RowTable, i: number, t0: Map<number, number>): string {
  const t = rows.time[i]!;
  return Number.isNaN(t) ? '–' : `+${formatMicros(t - (t0.get(rows.node[i]!) ?? t))}`;
}

/** The first time of each node (clocks differ between nodes: VPP's time since start), by node string index. */
export function firstTimes(rows: RowTable): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < rows.count; i++) {
    const t = rows.time[i]!;
    if (Number.isNaN(t)) continue;
    const n = rows.node[i]!;
    const cur = out.get(n);
    if (cur === undefined || t < cur) out.set(n, t);
  }
  return out;
}

export function rowVerdict(rows: RowTable, i: number) {
  return VERDICTS[rows.verdict[i]!] ?? 'unknown';
}

export function str(rows: RowTable, col: Uint32Array, i: number): string {
  return rows.strings[col[i]!] ?? '';
}
