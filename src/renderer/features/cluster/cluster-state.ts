// The Cluster view's state, kept outside the view so capture progress pushed by the host is not
// lost while another tab is shown: connection, nodes, running captures (per node), history.
import { useSyncExternalStore } from 'react';
import type { CaptureProgress, CaptureSummary, ClusterConnection, ClusterContextInfo, ClusterNodeStatus, StartCaptureArg } from '../../../core/ipc/contract';
import { bridge } from '../../ipc/api';
import { openPath, openSource, showView, toast } from '../../app/actions';

export interface NodeProgress {
  node: string;
  state: string;
  packets: number;
  target: number;
  messages: string[];
}

export interface RunningCapture {
  id: string;
  kind: StartCaptureArg['kind'];
  nodes: NodeProgress[];
  /** Final state once done (complete, partial, failed, cancelled), else null. */
  finished: string | null;
  message: string | null;
}

export interface ClusterState {
  contexts: ClusterContextInfo[];
  connection: ClusterConnection | null;
  nodes: ClusterNodeStatus[] | null;
  loading: string | null;
  error: string | null;
  captures: RunningCapture[];
  history: CaptureSummary[];
}

let state: ClusterState = { contexts: [], connection: null, nodes: null, loading: null, error: null, captures: [], history: [] };
const listeners = new Set<() => void>();

function set(p: Partial<ClusterState> | ((s: ClusterState) => Partial<ClusterState>)): void {
  state = { ...state, ...(typeof p === 'function' ? p(state) : p) };
  for (const l of listeners) l();
}

export function useCluster<T>(select: (s: ClusterState) => T): T {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    () => select(state),
  );
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

let subscribed = false;
function subscribe(): void {
  const b = bridge();
  if (subscribed || !b) return;
  subscribed = true;
  b.on('onDidCaptureProgress', (p) => applyProgress(p));
}

/** Folds one progress push into the running captures. */
export function applyProgress(p: CaptureProgress): void {
  set((s) => {
    const captures = s.captures.map((c) => {
      if (c.id !== p.id) return c;
      if (p.type === 'done') return { ...c, finished: p.state ?? 'failed', message: p.message };
      const nodes = c.nodes.map((n) => {
        if (n.node !== p.node) return n;
        if (p.type === 'node') return { ...n, state: p.state ?? n.state, messages: p.message ? [...n.messages, p.message] : n.messages };
        if (p.type === 'progress') return { ...n, packets: p.packets ?? n.packets, target: p.target ?? n.target };
        return { ...n, messages: p.message ? [...n.messages, p.message] : n.messages };
      });
      return { ...c, nodes };
    });
    return { captures };
  });
  if (p.type === 'done') {
    void refreshHistory();
    void refreshNodes();
  }
}

async function run<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
  set({ loading: label, error: null });
  try {
    return await fn();
  } catch (e) {
    set({ error: message(e) });
    return null;
  } finally {
    set((s) => (s.loading === label ? { loading: null } : {}));
  }
}

export async function initCluster(): Promise<void> {
  subscribe();
  const b = bridge();
  if (!b) return set({ error: 'Not connected to the app host.' });
  const c = await b.cluster.listContexts({}).catch((e: unknown) => {
    set({ error: message(e) });
    return null;
  });
  if (c) set({ contexts: c.contexts });
  await Promise.all([refreshNodes(), refreshHistory()]);
}

export async function connect(context: string): Promise<void> {
  const b = bridge();
  if (!b) return;
  const conn = await run('Connecting', () => b.cluster.connect({ context }));
  if (conn) {
    set({ connection: conn, nodes: null });
    await refreshNodes();
  }
}

export async function refreshNodes(): Promise<void> {
  const b = bridge();
  if (!b) return;
  const r = await run('Listing nodes', () => b.cluster.listNodes({}));
  if (r) set({ connection: r.connection, nodes: r.nodes });
}

export async function refreshHistory(): Promise<void> {
  const b = bridge();
  if (!b) return;
  const r = await b.cluster.listCaptures({}).catch((e: unknown) => {
    set({ error: message(e) });
    return null;
  });
  if (r) set({ history: r.captures });
}

export async function startCapture(arg: StartCaptureArg): Promise<string | null> {
  subscribe();
  const b = bridge();
  if (!b) return null;
  try {
    set({ error: null });
    const { id } = await b.cluster.startCapture(arg);
    set((s) => ({
      captures: [{ id, kind: arg.kind, nodes: arg.nodes.map((node) => ({ node, state: 'pending', packets: 0, target: arg.count, messages: [] })), finished: null, message: null }, ...s.captures.filter((c) => c.id !== id)],
    }));
    void refreshHistory();
    return id;
  } catch (e) {
    set({ error: message(e) });
    return null;
  }
}

export async function cancelCapture(id: string, node?: string): Promise<void> {
  const b = bridge();
  if (!b) return;
  await b.cluster.cancelCapture(node ? { id, node } : { id }).catch((e: unknown) => set({ error: message(e) }));
}

export function dismissCapture(id: string): void {
  set((s) => ({ captures: s.captures.filter((c) => c.id !== id) }));
}

export async function clearNode(node: string): Promise<void> {
  const b = bridge();
  if (!b) return;
  const r = await run(`Clearing ${node}`, () => b.cluster.clearNode({ node }));
  if (r) {
    toast(r.ok ? `${node}: cleaned up${r.lock ? ` (removed the lock of ${r.lock.holder})` : ''}` : `${node}: some cleanup steps failed: ${r.steps.filter((x) => !x.ok).map((x) => x.action).join(', ')}`);
    await refreshNodes();
  }
}

/** Opens a capture's files through the usual open path, then shows its packets. */
export async function openCapture(id: string): Promise<boolean> {
  const b = bridge();
  if (!b) return false;
  let r: { paths: string[]; names: string[] };
  try {
    r = await b.cluster.openCapture({ id });
  } catch (e) {
    set({ error: message(e) });
    return false;
  }
  let ok: boolean;
  if (r.paths.length === 1) ok = await openPath(r.paths[0]!);
  else {
    try {
      const files: { path: string; bytes: Uint8Array }[] = [];
      for (let i = 0; i < r.paths.length; i++) {
        const f = await b.files.read({ path: r.paths[i]! });
        if (f.kind === 'file') files.push({ path: r.names[i] ?? f.name, bytes: f.bytes });
      }
      ok = await openSource({ kind: 'folder', name: id, files });
    } catch (e) {
      set({ error: message(e) });
      return false;
    }
  }
  if (ok) showView('packets');
  return ok;
}
