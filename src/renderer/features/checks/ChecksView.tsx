// View 7: every health-check finding across nodes, most severe first, each linked to its evidence.
import { goToEvidence } from '../../app/actions';
import { useStore } from '../../app/store';

const RANK = { error: 0, warning: 1, info: 2 } as const;

export function ChecksView() {
  const session = useStore((s) => s.session)!;
  const checks = [...session.checks].sort((a, b) => RANK[a.severity] - RANK[b.severity] || (a.node ?? '').localeCompare(b.node ?? ''));
  if (checks.length === 0) {
    return (
      <div className="empty">
        <div>
          <h2>No findings</h2>
          <p>{session.nodes.length ? 'The health checks found nothing wrong in the node state.' : 'Health checks run on node state from a bundle; nothing open has any.'}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="checks">
      <section className="panel" aria-label="Findings">
        <div className="panel-head">
          <h2>
            {checks.length} finding{checks.length === 1 ? '' : 's'}
          </h2>
          <span className="muted" style={{ fontWeight: 400 }}>
            {checks.filter((c) => c.severity === 'error').length} errors · {checks.filter((c) => c.severity === 'warning').length} warnings
          </span>
        </div>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {checks.map((c) => (
            <li key={c.id} className="finding">
              <div>
                <span className={`badge sev-${c.severity}`}>{c.severity}</span>
              </div>
              <div>
                <h3>
                  {c.title}
                  {c.node && <span className="muted" style={{ fontWeight: 400 }}> · {c.node}</span>}
                </h3>
                {c.detail && <div>{c.detail}</div>}
                {c.advice && <div className="muted">Next: {c.advice}</div>}
                {c.evidence.map((e, i) => (
                  <div key={i} className="evidence">
                    <button onClick={() => goToEvidence(e.input, e.line)}>
                      {e.input}
                      {e.line !== null ? `:${e.line}` : ''}
                    </button>
                    {e.text && <span className="muted"> {e.text}</span>}
                  </div>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
