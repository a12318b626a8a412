// Progress with Cancel, the open-error panel (file and line of each problem), the diagnostics list
// and short notices.
import { formatDiagnostic } from '../../core/model';
import { store, useStore } from '../app/store';

export function ProgressOverlay() {
  const loading = useStore((s) => s.loading);
  if (!loading) return null;
  const pct = loading.total > 0 ? Math.min(100, Math.round((loading.done / loading.total) * 100)) : null;
  return (
    <div className="panel progress" role="dialog" aria-label="Opening" aria-live="polite">
      <strong>Opening {loading.label}</strong>
      <div
        className="bar"
        role="progressbar"
        aria-label="Progress"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(pct !== null ? { 'aria-valuenow': pct } : {})}
      >
        <div style={{ width: pct === null ? '35%' : `${pct}%` }} />
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span className="muted">
          {loading.phase}
          {pct !== null ? ` · ${pct}%` : ''}
        </span>
        <button className="btn small" style={{ marginLeft: 'auto' }} onClick={() => loading.cancel()}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function ErrorPanel() {
  const err = useStore((s) => s.openError);
  const showDiag = useStore((s) => s.showDiagnostics);
  const diags = useStore((s) => s.session?.diagnostics);
  if (err) {
    return (
      <section className="panel errors" role="alert" aria-label="Error">
        <div className="panel-head">
          <h2>{err.title}</h2>
          <button className="btn small" style={{ marginLeft: 'auto' }} onClick={() => store.set({ openError: null })}>
            Dismiss
          </button>
        </div>
        <div className="panel-body">
          <p style={{ marginTop: 0 }}>{err.message}</p>
          {err.diagnostics.length > 0 && (
            <ul>
              {err.diagnostics.slice(0, 50).map((d, i) => (
                <li key={i}>{formatDiagnostic(d)}</li>
              ))}
            </ul>
          )}
          <p className="muted" style={{ marginBottom: 0 }}>
            Whatever was open before is still open.
          </p>
        </div>
      </section>
    );
  }
  if (showDiag && diags && diags.length) {
    return (
      <section className="panel errors" aria-label="Problems found while reading">
        <div className="panel-head">
          <h2>
            {diags.length} problem{diags.length === 1 ? '' : 's'} found while reading
          </h2>
          <button className="btn small" style={{ marginLeft: 'auto' }} onClick={() => store.set({ showDiagnostics: false })}>
            Close
          </button>
        </div>
        <div className="panel-body">
          <ul>
            {diags.slice(0, 200).map((d, i) => (
              <li key={i}>{formatDiagnostic(d)}</li>
            ))}
          </ul>
        </div>
      </section>
    );
  }
  return null;
}

export function Toast() {
  const t = useStore((s) => s.toast);
  if (!t) return null;
  return (
    <div className="panel toast" role="status">
      {t}
    </div>
  );
}
