// The Packets view: filter box, grouping by path / flow, "next drop", and the virtualised grid.
import { useEffect, useRef, useState } from 'react';
import { applyFilter, nextDrop, setGrouping } from '../../app/actions';
import { useStore } from '../../app/store';
import { GroupList } from './GroupList';
import { PacketGrid } from './PacketGrid';

let filterInput: HTMLInputElement | null = null;
let focusWhenMounted = false;

/** Focuses the filter box (the `/` shortcut); if the Packets view is not shown yet, as soon as it is. */
export function focusFilter(): void {
  if (filterInput?.isConnected) {
    filterInput.focus();
    filterInput.select();
  } else focusWhenMounted = true;
}

function FilterBox() {
  const text = useStore((s) => s.filterText);
  const error = useStore((s) => s.filterError);
  const [value, setValue] = useState(text);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => setValue(text), [text]);
  useEffect(() => {
    filterInput = ref.current;
    if (focusWhenMounted) {
      focusWhenMounted = false;
      ref.current?.focus();
    }
    return () => {
      if (filterInput === ref.current) filterInput = null;
    };
  }, []);
  useEffect(() => {
    if (value === text) return;
    const t = setTimeout(() => void applyFilter(value), 160);
    return () => clearTimeout(t);
  }, [value, text]);
  return (
    <>
      <input
        ref={ref}
        className="filter-input"
        type="search"
        value={value}
        placeholder="Filter: ip 10.0.0.1 · port 443 · tcp · drop · node ip4-cnat-tx · iface tun3 · text    (press /)"
        aria-label="Packet filter"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'filter-error' : undefined}
        spellCheck={false}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void applyFilter(value);
          if (e.key === 'Escape') {
            setValue('');
            void applyFilter('');
          }
          if (e.key === 'ArrowDown') document.querySelector<HTMLElement>('[role="grid"]')?.focus();
        }}
      />
      {error && (
        <div id="filter-error" className="filter-error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

export function PacketsView() {
  const session = useStore((s) => s.session)!;
  const filtered = useStore((s) => s.filtered);
  const grouping = useStore((s) => s.grouping);
  const shown = filtered ? filtered.length : session.rows.count;
  const drops = session.paths.filter((p) => p.verdict === 'dropped').reduce((a, p) => a + p.count, 0);
  if (session.rows.count === 0) {
    return (
      <div className="empty">
        <div>
          <h2>No packets here</h2>
          <p>
            {session.captures.length ? 'This capture has no VPP trace or dispatch records: see the Capture view. ' : ''}
            Open a <code>show trace</code> file, a dispatch capture, or a bundle with traces to see packets.
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="view">
      <div className="filterbar">
        <FilterBox />
        <div className="seg" role="group" aria-label="Group packets">
          {(['none', 'path', 'flow'] as const).map((g) => (
            <button key={g} aria-pressed={grouping === g} onClick={() => void setGrouping(g)}>
              {g === 'none' ? 'No grouping' : g === 'path' ? 'By path' : 'By flow'}
            </button>
          ))}
        </div>
        <button className="btn" onClick={() => void nextDrop()} disabled={drops === 0} title="Select the next dropped packet">
          Next drop ↓
        </button>
        <span className="filter-note" aria-live="polite">
          {shown.toLocaleString('en')} of {session.rows.count.toLocaleString('en')} packets · {drops.toLocaleString('en')} dropped
        </span>
      </div>
      <div className="split" style={{ gridTemplateColumns: grouping === 'none' ? '1fr' : 'minmax(300px, 380px) minmax(0, 1fr)' }}>
        {grouping !== 'none' && <GroupList />}
        <div className="panel grid-wrap">
          <PacketGrid />
        </div>
      </div>
    </div>
  );
}
