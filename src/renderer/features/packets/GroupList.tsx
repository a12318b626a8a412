// Packets grouped by unique path (with counts) or by flow; picking a group narrows the list.
import { analysis } from '../../app/actions';
import { store, useStore } from '../../app/store';

async function pick(by: 'path' | 'flow', key: string) {
  const s = store.get();
  const same = s.groupPick?.by === by && s.groupPick.key === key;
  if (same) {
    const r = await analysis.request({ type: 'filter', text: s.filterError ? '' : s.filterText });
    store.set({ groupPick: null, filtered: s.filterText.trim() && !r.error ? r.indices : null });
    return;
  }
  const r = await analysis.request({ type: 'filter', text: s.filterError ? '' : s.filterText, group: { by, key } });
  store.set({ groupPick: { by, key }, filtered: r.indices });
}

export function GroupList() {
  const grouping = useStore((s) => s.grouping);
  const groups = useStore((s) => s.groups);
  const picked = useStore((s) => s.groupPick);
  if (!groups) return <div className="panel groups" aria-busy="true" />;
  const isPaths = grouping === 'path';
  return (
    <section className="panel groups" aria-label={isPaths ? 'Paths' : 'Flows'}>
      <div className="panel-head">
        <h2>{isPaths ? `${groups.paths.length} unique paths` : `${groups.flows.length} flows`}</h2>
      </div>
      <ul className="group-list">
        {isPaths
          ? groups.paths.map((p) => (
              <li key={p.id}>
                <button aria-pressed={picked?.by === 'path' && picked.key === p.id} onClick={() => void pick('path', p.id)} title={p.nodes.join(' → ')}>
                  <span className="group-count">{p.count.toLocaleString('en')}</span>
                  <span className="path-chain">
                    P{p.index + 1}: {p.nodes.join(' → ')}
                  </span>
                  <span className={`badge v-${p.verdict}`}>{p.verdict}</span>
                </button>
              </li>
            ))
          : groups.flows.map((f) => (
              <li key={f.key}>
                <button aria-pressed={picked?.by === 'flow' && picked.key === f.key} onClick={() => void pick('flow', f.key)} title={f.label}>
                  <span className="group-count">{f.count.toLocaleString('en')}</span>
                  <span className="path-chain">{f.label}</span>
                  <span>
                    {Object.entries(f.verdicts).map(([v, n]) => (
                      <span key={v} className={`badge v-${v}`} style={{ marginLeft: 2 }}>
                        {n}
                      </span>
                    ))}
                  </span>
                </button>
              </li>
            ))}
      </ul>
    </section>
  );
}
