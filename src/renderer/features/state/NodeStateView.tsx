// View 5: per node, the state tables (interfaces, errors, runtime, buffers, hardware, cnat, npol),
// rows flagged by health checks highlighted, and charts where they read better.
import { useEffect, useMemo, useRef, useState } from 'react';
import { layoutBars } from '../../../core/diagram/bars';
import { store, useStore } from '../../app/store';
import type { FindingView, StateTable } from '../../workers/protocol';

function BarChartView({ t }: { t: StateTable }) {
  const chart = t.chart!;
  const items = t.rows.map((r, i) => ({ label: String(r[chart.label] ?? ''), value: typeof r[chart.value] === 'number' ? (r[chart.value] as number) : Number(r[chart.value]) || 0, flagged: !!t.flagged[i] }));
  const c = layoutBars(items.filter((i) => i.value > 0), { width: 640, max: 12 });
  if (c.bars.length === 0) return null;
  return (
    <svg className="chart" width={c.width} height={c.height} role="img" aria-label={chart.title}>
      {c.bars.map((b) => (
        <g key={b.label + b.y} transform={`translate(0, ${b.y})`}>
          <text x={c.labelWidth - 8} y={15} textAnchor="end">
            {b.label.length > 30 ? b.label.slice(0, 29) + '…' : b.label}
          </text>
          <rect className={`bar${b.flagged ? ' flagged' : ''}`} x={c.labelWidth} y={3} width={b.w} height={16} rx={2} />
          <text x={c.labelWidth + b.w + 6} y={15}>
            {b.value.toLocaleString('en')}
          </text>
        </g>
      ))}
    </svg>
  );
}

function Table({ t, findings, targetLine }: { t: StateTable; findings: Map<string, FindingView>; targetLine: number | null }) {
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const ref = useRef<HTMLTableSectionElement>(null);
  const order = useMemo(() => {
    const idx = t.rows.map((_, i) => i);
    if (!sort) return idx;
    return idx.sort((a, b) => {
      const x = t.rows[a]![sort.col];
      const y = t.rows[b]![sort.col];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'en', { numeric: true });
      return sort.desc ? -c : c;
    });
  }, [t, sort]);
  useEffect(() => {
    if (targetLine !== null) ref.current?.querySelector('tr.target')?.scrollIntoView({ block: 'center' });
  }, [targetLine]);
  return (
    <table className="data">
      <thead>
        <tr>
          {t.columns.map((c, i) => (
            <th key={c + i} aria-sort={sort?.col === i ? (sort.desc ? 'descending' : 'ascending') : undefined} onClick={() => setSort((s) => ({ col: i, desc: s?.col === i ? !s.desc : true }))}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody ref={ref}>
        {order.map((i) => {
          const r = t.rows[i]!;
          const flags = t.flagged[i];
          const sev = flags?.some((id) => findings.get(id)?.severity === 'error') ? ' error' : '';
          const target = targetLine !== null && t.lines[i] === targetLine;
          return (
            <tr key={i} className={`${flags ? `flagged${sev}` : ''}${target ? ' target' : ''}`} title={flags?.map((id) => findings.get(id)?.title).join('\n')}>
              {r.map((v, j) => (
                <td key={j} className={typeof v === 'number' ? 'num' : ''}>
                  {typeof v === 'number' ? v.toLocaleString('en') : (v ?? '')}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function NodeStateView() {
  const session = useStore((s) => s.session)!;
  const nodeName = useStore((s) => s.stateNode);
  const evidence = useStore((s) => s.evidence);
  const findings = useMemo(() => new Map(session.checks.map((f) => [f.id, f])), [session]);
  const node = session.nodes.find((n) => n.node === nodeName) ?? session.nodes[0];
  if (!node) {
    return (
      <div className="empty">
        <div>
          <h2>No node state</h2>
          <p>Node state comes from a bundle (show int, show err, show run, show buffers, show hardware, cnat, npol). Open a bundle or the sample.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="state">
      <nav className="panel" aria-label="Nodes">
        <ul className="side-nav">
          {session.nodes.map((n) => {
            const count = session.checks.filter((c) => c.node === n.node).length;
            return (
              <li key={n.node}>
                <button aria-current={n.node === node.node} onClick={() => store.set({ stateNode: n.node })}>
                  <span>{n.node}</span>
                  {count > 0 && <span className="badge sev-warning">{count}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="tables" tabIndex={0} role="region" aria-label={`State of ${node.node}`}>
        {node.tables.map((t) => {
          const targetLine = evidence && t.source === evidence.input ? evidence.line : null;
          return (
            <section key={t.id} className="panel table-card" aria-label={t.title}>
              <div className="panel-head">
                <h3>{t.title}</h3>
                <span className="muted" style={{ fontWeight: 400 }}>
                  {t.rows.length} row{t.rows.length === 1 ? '' : 's'}
                  {t.source ? ` · ${t.source}` : ''}
                </span>
                {Object.keys(t.flagged).length > 0 && <span className="badge sev-warning">{Object.keys(t.flagged).length} flagged</span>}
              </div>
              {t.chart && (
                <div style={{ padding: '8px 12px', borderBottom: '1px solid var(--border)' }}>
                  <BarChartView t={t} />
                </div>
              )}
              <div className="panel-body" tabIndex={t.rows.length > 12 ? 0 : undefined}>
                {t.rows.length ? <Table t={t} findings={findings} targetLine={targetLine} /> : <p className="muted" style={{ padding: '0 12px' }}>Empty.</p>}
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}
