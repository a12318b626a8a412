// The packet list: an ARIA grid (role grid, rows, cells), virtualised, keyboard driven
// (↑/↓, PageUp/PageDown, Home/End; Enter opens the journey).
import { useEffect, useMemo, useRef } from 'react';
import { selectRow, showView } from '../../app/actions';
import { useStore } from '../../app/store';
import { useVirtualRows } from '../../components/use-virtual';
import { SOURCES } from '../../workers/protocol';
import { firstTimes, rowTime, rowVerdict, str } from './format';

const ROW_H = 26;
const COLS = '64px 104px 120px 76px minmax(180px, 1.1fr) 92px minmax(240px, 2fr) minmax(150px, 1fr) 86px';
const HEADERS = ['#', 'Time (per node)', 'Node', 'Source', 'Ingress → egress', 'Verdict', 'Flow', 'NAT', 'Path'];

export function PacketGrid() {
  const session = useStore((s) => s.session)!;
  const filtered = useStore((s) => s.filtered);
  const selected = useStore((s) => s.selectedRow);
  const rows = session.rows;
  const count = filtered ? filtered.length : rows.count;
  const at = (i: number) => (filtered ? filtered[i]! : i);
  const ref = useRef<HTMLDivElement>(null);
  const { start, end, onScroll, reveal, visibleRows } = useVirtualRows(ref, count, ROW_H, 10, ROW_H);
  const t0 = useMemo(() => firstTimes(rows), [rows]);
  const position = useMemo(() => {
    if (selected === null) return -1;
    if (!filtered) return selected;
    // filtered is sorted ascending: binary search
    let lo = 0,
      hi = filtered.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = filtered[mid]!;
      if (v === selected) return mid;
      if (v < selected) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }, [selected, filtered]);

  useEffect(() => {
    if (position >= 0) reveal(position);
  }, [position, reveal]);

  const move = (to: number) => {
    if (count === 0) return;
    const p = Math.max(0, Math.min(count - 1, to));
    void selectRow(at(p));
  };

  const onKey = (e: React.KeyboardEvent) => {
    const p = position < 0 ? -1 : position;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(p + 1),
      ArrowUp: () => move(p - 1),
      PageDown: () => move(p + visibleRows),
      PageUp: () => move(p - visibleRows),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => position >= 0 && showView('journey'),
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const items = [];
  for (let i = start; i < end; i++) {
    const r = at(i);
    const v = rowVerdict(rows, r);
    const nat = str(rows, rows.nat, r);
    items.push(
      <div
        key={r}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={r === selected}
        className={`grid-row${v === 'dropped' ? ' dropped' : ''}`}
        style={{ top: ROW_H * i, ['--cols' as string]: COLS }}
        onClick={() => void selectRow(r)}
        onDoubleClick={() => {
          void selectRow(r).then(() => showView('journey'));
        }}
      >
        <div role="gridcell" className="mono">
          {r + 1}
        </div>
        <div role="gridcell" className="mono">
          {rowTime(rows, r, t0)}
        </div>
        <div role="gridcell">{str(rows, rows.node, r)}</div>
        <div role="gridcell" className="muted">
          {SOURCES[rows.source[r]!]}
        </div>
        <div role="gridcell" className="mono">
          {str(rows, rows.ingress, r) || '?'} → {str(rows, rows.egress, r) || '–'}
        </div>
        <div role="gridcell">
          <span className={`badge v-${v}`}>{v}</span>
        </div>
        <div role="gridcell" className="mono" title={str(rows, rows.flow, r)}>
          {str(rows, rows.flow, r) || '–'}
        </div>
        <div role="gridcell" className="mono" title={nat}>
          {nat ? <span className="badge nat-badge">{nat}</span> : ''}
        </div>
        <div role="gridcell" className="mono" title={session.paths[rows.path[r]!]?.nodes.join(' → ')}>
          P{rows.path[r]! + 1} · {rows.hops[r]}
        </div>
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      className="grid"
      role="grid"
      aria-label="Packets"
      aria-rowcount={count + 1}
      aria-colcount={HEADERS.length}
      aria-activedescendant={undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKey}
      onFocus={() => {
        if (position < 0 && count > 0) move(0);
      }}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="grid-head" style={{ ['--cols' as string]: COLS }}>
          {HEADERS.map((h) => (
            <div key={h} role="columnheader">
              {h}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: ROW_H * count, position: 'relative' }}>
        {items}
      </div>
    </div>
  );
}
