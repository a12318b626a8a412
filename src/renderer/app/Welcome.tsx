// What a first visit (or an empty session) shows: what the app opens, and the sample.
import { openPath, openSample } from './actions';
import { useStore } from './store';

export function Welcome() {
  const recent = useStore((s) => s.recent);
  const loading = useStore((s) => s.loading);
  if (loading) return <div className="empty" />;
  return (
    <div className="empty">
      <div className="welcome">
        <h2>See the path of every packet through VPP</h2>
        <p>
          Open a <code>calicovppctl export</code> bundle, a <code>show trace</code> file, or a pcap / pcapng / dispatch capture — or drop it anywhere in
          this window.
        </p>
        <div className="actions">
          <button className="btn primary" onClick={() => void openSample()}>
            Open the sample cluster
          </button>
        </div>
        {recent.length > 0 && (
          <>
            <h3>Recent</h3>
            <ul>
              {recent.slice(0, 6).map((r) => (
                <li key={r.path}>
                  <button className="btn small" onClick={() => void openPath(r.path)}>
                    {r.name}
                  </button>{' '}
                  <span className="muted mono">{r.path}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
