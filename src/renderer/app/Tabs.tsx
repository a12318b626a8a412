// The view tabs, with counts (packets, findings…).
import { VIEWS, useStore, type ViewId } from './store';
import { showView } from './actions';

export function Tabs() {
  const view = useStore((s) => s.view);
  const session = useStore((s) => s.session);
  const filtered = useStore((s) => s.filtered);
  const count = (id: ViewId): { n: number; err?: boolean } | null => {
    if (!session) return null;
    if (id === 'packets') return { n: filtered ? filtered.length : session.rows.count };
    if (id === 'checks') return { n: session.checks.length, err: session.checks.some((c) => c.severity === 'error') };
    if (id === 'capture') return session.captures.length ? { n: session.captures.reduce((a, c) => a + c.count, 0) } : null;
    if (id === 'logs') return session.logs.length ? { n: session.logs.reduce((a, l) => a + l.lines, 0) } : null;
    if (id === 'state') return session.nodes.length ? { n: session.nodes.length } : null;
    return null;
  };
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {VIEWS.map((v) => {
        const c = count(v.id);
        return (
          <button key={v.id} role="tab" id={`tab-${v.id}`} aria-controls={`view-${v.id}`} aria-selected={view === v.id} className="tab" onClick={() => showView(v.id)}>
            {v.label}
            {c && <span className={`count${c.err ? ' err' : ''}`}>{c.n.toLocaleString('en')}</span>}
          </button>
        );
      })}
    </nav>
  );
}
