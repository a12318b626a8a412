// The Cluster view: kubeconfig context, nodes with their VPP pod status and capture-lock holder,
// the capture dialog, live progress per node (with cancel), and the workspace's history (reopen).
// Everything goes through the host's `cluster` domain; no credential ever reaches this page.
import { useEffect, useState } from 'react';
import type { StartCaptureArg } from '../../../core/ipc/contract';
import { CaptureDialog } from './CaptureDialog';
import { cancelCapture, clearNode, connect, dismissCapture, initCluster, openCapture, refreshHistory, refreshNodes, startCapture, useCluster, type RunningCapture } from './cluster-state';

function ProgressPanel({ c }: { c: RunningCapture }) {
  return (
    <section className="panel capture-progress" aria-label={`Capture ${c.id}`} data-testid="capture-progress" data-capture={c.id} data-state={c.finished ?? 'running'}>
      <div className="panel-head">
        <h3>
          {c.kind} capture {c.id}
        </h3>
        <span className="muted" role="status">
          {c.finished ? `done: ${c.finished}` : 'running'}
        </span>
        <span className="spacer" />
        {c.finished ? (
          <>
            <button className="btn small primary" onClick={() => void openCapture(c.id)}>
              Open
            </button>
            <button className="btn small" onClick={() => dismissCapture(c.id)}>
              Dismiss
            </button>
          </>
        ) : (
          <button className="btn small" onClick={() => void cancelCapture(c.id)}>
            Cancel all
          </button>
        )}
      </div>
      <ul className="panel-body progress-list">
        {c.nodes.map((n) => (
          <li key={n.node} data-node={n.node} data-state={n.state}>
            <span className="node-name">{n.node}</span>
            <span className="node-state">{n.state}</span>
            <progress max={Math.max(1, n.target)} value={Math.min(n.packets, n.target)} aria-label={`${n.node}: ${n.packets} of ${n.target} packets`} />
            <span className="muted">
              {n.packets}/{n.target}
            </span>
            {!c.finished && !['complete', 'empty', 'failed', 'cancelled'].includes(n.state) && (
              <button className="btn small" aria-label={`Cancel ${n.node}`} onClick={() => void cancelCapture(c.id, n.node)}>
                Cancel
              </button>
            )}
            {n.messages.length > 0 && <span className="muted node-msg">{n.messages[n.messages.length - 1]}</span>}
          </li>
        ))}
      </ul>
      {c.message && <p className="panel-body muted">{c.message}</p>}
    </section>
  );
}

export function ClusterView() {
  const s = useCluster((x) => x);
  const [dialog, setDialog] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [context, setContext] = useState('');

  useEffect(() => {
    void initCluster();
  }, []);
  useEffect(() => {
    if (s.connection && !context) setContext(s.connection.context);
  }, [s.connection, context]);

  const contexts = s.connection?.contexts.length ? s.connection.contexts : s.contexts;
  const start = (arg: StartCaptureArg) => {
    setDialog(false);
    void startCapture(arg);
  };
  const toggle = (name: string) => setSelected((p) => (p.includes(name) ? p.filter((x) => x !== name) : [...p, name]));

  return (
    <div className="cluster-view" data-testid="cluster-view">
      <div className="toolbar cluster-bar">
        <label className="field inline">
          <span>Context</span>
          <select value={context} onChange={(e) => setContext(e.target.value)} aria-label="Kubeconfig context">
            {contexts.length === 0 && <option value="">(none)</option>}
            {contexts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {c.current ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button className="btn" disabled={!context} onClick={() => void connect(context)}>
          Connect
        </button>
        <button className="btn" onClick={() => void refreshNodes()}>
          Refresh
        </button>
        <button className="btn primary" disabled={!s.nodes?.length} onClick={() => setDialog(true)}>
          New capture…
        </button>
        {s.connection && (
          <span className="muted" data-testid="cluster-server">
            {s.connection.context} — {s.connection.server}
          </span>
        )}
        {s.loading && (
          <span className="muted" role="status">
            {s.loading}…
          </span>
        )}
      </div>
      {s.error && (
        <p role="alert" className="form-error">
          {s.error}
        </p>
      )}
      <section className="panel" aria-labelledby="cluster-nodes-title">
        <div className="panel-head">
          <h2 id="cluster-nodes-title">Nodes</h2>
        </div>
        <div className="panel-body">
          {!s.nodes ? (
            <p className="muted">{s.loading ? 'Loading…' : 'Not connected.'}</p>
          ) : (
            <table className="data cluster-nodes" aria-labelledby="cluster-nodes-title">
              <thead>
                <tr>
                  <th scope="col">Select</th>
                  <th scope="col">Node</th>
                  <th scope="col">Ready</th>
                  <th scope="col">VPP pod</th>
                  <th scope="col">VPP</th>
                  <th scope="col">Capture lock</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {s.nodes.map((n) => (
                  <tr key={n.name} data-node={n.name}>
                    <td>
                      <input type="checkbox" aria-label={`Select ${n.name}`} checked={selected.includes(n.name)} disabled={!!n.problem} onChange={() => toggle(n.name)} />
                    </td>
                    <td>{n.name}</td>
                    <td>{n.ready ? 'yes' : 'no'}</td>
                    <td>{n.vppPod ?? '—'}</td>
                    <td className={n.problem ? 'bad' : 'ok'} data-testid="vpp-status">
                      {n.problem ?? `${n.vppPhase ?? '?'}${n.vppReady ? ', ready' : ', not ready'}`}
                    </td>
                    <td data-testid="lock">{n.lock ? `held by ${n.lock.holder} (${n.lock.operation}${n.lock.startedAt ? ` since ${n.lock.startedAt}` : ''})` : n.lockError ? `unknown: ${n.lockError}` : 'free'}</td>
                    <td>
                      <button className="btn small" disabled={!!n.problem} aria-label={`Clean up ${n.name}`} onClick={() => void clearNode(n.name)}>
                        Clean up
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      {s.captures.length > 0 && (
        <section aria-label="Capture progress" className="capture-progress-list">
          {s.captures.map((c) => (
            <ProgressPanel key={c.id} c={c} />
          ))}
        </section>
      )}
      <section className="panel" aria-labelledby="cluster-history-title">
        <div className="panel-head">
          <h2 id="cluster-history-title">History</h2>
          <span className="spacer" />
          <button className="btn small" onClick={() => void refreshHistory()}>
            Refresh history
          </button>
        </div>
        <div className="panel-body">
          {s.history.length === 0 ? (
            <p className="muted">No captures in the workspace yet.</p>
          ) : (
            <ul className="capture-history" aria-labelledby="cluster-history-title">
              {s.history.map((h) => (
                <li key={h.id} data-capture={h.id} data-state={h.state}>
                  <span>{new Date(h.createdAt).toLocaleString('en')}</span>
                  <span>{h.kind}</span>
                  <span>{h.state}</span>
                  <span>{h.nodes.map((n) => `${n.node}${n.packets !== null ? ` (${n.packets})` : ''}`).join(', ')}</span>
                  <span className="muted">{h.context}</span>
                  <button className="btn small" disabled={h.running || h.nodes.every((n) => n.files === 0)} aria-label={`Open capture ${h.id}`} onClick={() => void openCapture(h.id)}>
                    Open
                  </button>
                  {h.nodes.some((n) => n.leftovers.length > 0) && <span className="bad">left on a node: run Clean up</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      </section>
      <CaptureDialog open={dialog} nodes={s.nodes ?? []} preselected={selected} onClose={() => setDialog(false)} onStart={start} />
    </div>
  );
}
