// View 6: logs of every source, searchable, levels highlighted; pages of lines from the worker.
import { useEffect, useRef, useState } from 'react';
import { analysis } from '../../app/actions';
import { useStore } from '../../app/store';
import { useVirtualRows } from '../../components/use-virtual';
import type { LogLine } from '../../workers/protocol';

const ROW_H = 20;
const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

function highlight(text: string, q: string) {
  if (!q) return text;
  const i = text.toLowerCase().indexOf(q.toLowerCase());
  if (i < 0) return text;
  return (
    <>
      {text.slice(0, i)}
      <mark>{text.slice(i, i + q.length)}</mark>
      {text.slice(i + q.length)}
    </>
  );
}

export function LogsView() {
  const session = useStore((s) => s.session)!;
  const evidence = useStore((s) => s.evidence);
  const [query, setQuery] = useState('');
  const [levels, setLevels] = useState<string[]>([]);
  const [total, setTotal] = useState(0);
  const [lines, setLines] = useState<Map<number, LogLine>>(new Map());
  const ref = useRef<HTMLDivElement>(null);
  const { start, end, onScroll } = useVirtualRows(ref, total, ROW_H, 20);
  const key = `${query}\u0000${levels.join(',')}`;
  const fetched = useRef({ key: '', pages: new Set<number>() });

  useEffect(() => {
    fetched.current = { key, pages: new Set() };
    setLines(new Map());
    void analysis.request({ type: 'logs', query, offset: 0, limit: 500, levels }).then((r) => {
      if (fetched.current.key !== key) return;
      fetched.current.pages.add(0);
      setTotal(r.total);
      setLines(new Map(r.lines.map((l, i) => [i, l])));
    });
  }, [key, query, levels]);

  useEffect(() => {
    for (let p = Math.floor(start / 500); p * 500 < end; p++) {
      if (fetched.current.pages.has(p)) continue;
      fetched.current.pages.add(p);
      const k = fetched.current.key;
      void analysis.request({ type: 'logs', query, offset: p * 500, limit: 500, levels }).then((r) => {
        if (fetched.current.key !== k) return;
        setLines((m) => {
          const n = new Map(m);
          r.lines.forEach((l, i) => n.set(p * 500 + i, l));
          return n;
        });
      });
    }
  }, [start, end, query, levels]);

  // An evidence link: show that source's line.
  useEffect(() => {
    if (!evidence || evidence.line === null) return;
    const src = session.logs.find((l) => l.name === evidence.input);
    if (!src) return;
    setQuery('');
    setLevels([]);
    let before = 0;
    for (const l of session.logs) {
      if (l.id === src.id) break;
      before += l.lines;
    }
    const row = before + evidence.line - 1;
    requestAnimationFrame(() => {
      if (ref.current) ref.current.scrollTop = Math.max(0, row * ROW_H - 100);
    });
  }, [evidence, session]);

  if (session.logs.length === 0) {
    return (
      <div className="empty">
        <div>
          <h2>No logs</h2>
          <p>Logs come from a bundle (vpp, agent, felix logs and `show log`).</p>
        </div>
      </div>
    );
  }
  const names = new Map(session.logs.map((l) => [l.id, l.name]));
  const rows = [];
  for (let i = start; i < end; i++) {
    const l = lines.get(i);
    const isTarget = !!l && !!evidence && names.get(l.source) === evidence.input && evidence.line === l.line;
    rows.push(
      <div key={i} className={`log-line${l?.level ? ` l-${l.level}` : ''}${isTarget ? ' target' : ''}`} style={{ top: i * ROW_H }}>
        {l ? (
          <>
            <span className="src">
              {names.get(l.source)}:{l.line}
            </span>
            {highlight(l.text, query)}
          </>
        ) : (
          '…'
        )}
      </div>,
    );
  }
  return (
    <div className="logs">
      <div className="filterbar" style={{ padding: 0 }}>
        <input className="filter-input" type="search" aria-label="Search logs" placeholder="Search the logs" value={query} onChange={(e) => setQuery(e.target.value)} />
        <div className="seg" role="group" aria-label="Levels">
          {LEVELS.map((lv) => (
            <button key={lv} aria-pressed={levels.includes(lv)} onClick={() => setLevels((ls) => (ls.includes(lv) ? ls.filter((x) => x !== lv) : [...ls, lv]))}>
              {lv}
            </button>
          ))}
        </div>
        <span className="filter-note">{total.toLocaleString('en')} lines</span>
      </div>
      <div ref={ref} className="log-list" onScroll={onScroll} role="log" aria-label="Log lines" tabIndex={0}>
        <div style={{ height: total * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  );
}
