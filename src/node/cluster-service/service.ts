// The live-cluster side of the app's contract (the `cluster` domain of core/ipc), shared by Electron
// main and the web server: kubeconfig contexts, a session, nodes with their VPP pod and capture-lock
// holder, captures run in the background into the workspace with progress pushed as plain events,
// per-node cancel, `capture clear`, the workspace's history, and a close() that aborts every running
// capture (cleanup runs on the nodes) and waits briefly for it — called when the app quits.
// Only plain session info leaves this module: context names, the server URL without credentials,
// node lists; errors are redacted by the session before they become IpcErrors.
import os from 'node:os';
import path from 'node:path';
import type { CaptureProgress, CaptureSummary, ClusterConnection, ClusterContextInfo, ClusterLockInfo, ClusterNodeStatus, StartCaptureArg } from '../../core/ipc/contract';
import { IpcError } from '../../core/ipc/errors';
import type { ClusterHost } from '../../core/ipc/host-services';
import { clearNode, runCapture, type CaptureEvent, type NodeHandle } from '../capture/index';
import { parseFiveTuple } from '../capture/filter';
import { CaptureInputError } from '../capture/validate';
import { KubeSession } from '../kube/client';
import { loadKubeConfig, type ContextSummary } from '../kube/config';
import { discoverCluster, DEFAULT_VPP_NAMESPACE } from '../kube/discovery';
import { KubeError } from '../kube/errors';
import { readCaptureLock, type CaptureLock } from '../kube/lock';
import { Workspace, type CaptureRecord, type NewCapture } from '../workspace/workspace';
import type { CaptureManifest } from '../workspace/manifest';

export interface ClusterServiceOptions {
  /** Folder of the capture workspace (`<root>/<context>/<time>-<kind>/`). */
  workspaceRoot: string;
  /** Pushes capture progress to the page(s). */
  emit(progress: CaptureProgress): void;
  /** Environment for kubeconfig discovery (default process.env). */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  vppNamespace?: string;
  /** API request timeout (default 30 s). */
  requestTimeoutMs?: number;
  /** Capture progress polling interval (default 1000 ms). */
  pollMs?: number;
  /** Lock holder name written on the nodes (default the host name). */
  hostname?: string;
  /** How long close() waits for running captures' cleanup (default 15 s). */
  closeGraceMs?: number;
}

interface Running {
  id: string;
  controller: AbortController;
  handle: NodeHandle | null;
  done: Promise<void>;
}

/** The API server URL without user info, query or fragment (never credentials). */
export function plainServerUrl(server: string | undefined | null): string | null {
  if (!server) return null;
  try {
    const u = new URL(server);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    const s = u.toString();
    return server.endsWith('/') ? s : s.replace(/\/$/, '');
  } catch {
    return null;
  }
}

function contextInfo(c: ContextSummary): ClusterContextInfo {
  return { name: c.name, cluster: c.cluster, server: plainServerUrl(c.server), current: c.current };
}

function lockInfo(l: CaptureLock | null): ClusterLockInfo | null {
  return l ? { holder: l.hostname || '?', operation: l.operation || '?', startedAt: l.started_at || '' } : null;
}

export function captureSummary(m: CaptureManifest, running: boolean, interrupted = false): CaptureSummary {
  return {
    id: m.id,
    kind: m.kind,
    state: interrupted ? 'interrupted' : m.state,
    context: m.cluster.context,
    createdAt: m.createdAt,
    finishedAt: m.finishedAt,
    running,
    nodes: m.nodes.map((n) => ({ node: n.node, state: n.state, packets: n.packets, files: n.files.length, error: n.error, leftovers: [...n.leftovers] })),
    messages: [...m.messages],
  };
}

/** A workspace that tells when runCapture has created the capture's record (its id is then known). */
class ObservedWorkspace extends Workspace {
  constructor(
    root: string,
    private readonly onCreate: (rec: CaptureRecord) => void,
  ) {
    super(root);
  }

  override async create(o: NewCapture): Promise<CaptureRecord> {
    const rec = await super.create(o);
    this.onCreate(rec);
    return rec;
  }
}

function progressOf(id: string, e: CaptureEvent): CaptureProgress {
  const base: CaptureProgress = { id, type: e.type, node: e.node, state: null, packets: null, target: null, message: null };
  switch (e.type) {
    case 'node':
      return { ...base, state: e.state, message: e.message ?? null };
    case 'progress':
      return { ...base, packets: e.packets, target: e.target };
    case 'warning':
      return { ...base, message: e.message };
    case 'locked':
      return { ...base, message: `locked by ${e.lock.hostname || '?'} (${e.lock.operation || '?'} since ${e.lock.started_at || '?'})` };
    case 'busy':
      return { ...base, message: e.load.summary };
    case 'file':
      return { ...base, message: `saved ${path.basename(e.path)} (${e.bytes} bytes)` };
  }
}

export class ClusterService implements ClusterHost {
  private session: KubeSession | null = null;
  private readonly running = new Map<string, Running>();
  private readonly workspace: Workspace;
  private closed = false;

  constructor(private readonly o: ClusterServiceOptions) {
    this.workspace = new Workspace(o.workspaceRoot);
  }

  private get vppNamespace(): string {
    return this.o.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
  }

  /** Any thrown value → an IpcError with a redacted message. */
  private fail(e: unknown): never {
    if (e instanceof IpcError) throw e;
    const raw = e instanceof Error ? e.message : String(e);
    const msg = this.session ? this.session.redact(raw) : raw;
    if (e instanceof CaptureInputError) throw new IpcError('invalid-argument', msg);
    if (e instanceof KubeError) throw new IpcError('cluster', msg);
    throw new IpcError('internal', msg);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      return this.fail(e);
    }
  }

  private connection(s: KubeSession): ClusterConnection {
    const i = s.info;
    return { context: i.context, server: plainServerUrl(i.server) ?? '', contexts: i.contexts.map(contextInfo), vppNamespace: this.vppNamespace };
  }

  private ensureSession(): KubeSession {
    if (!this.session) this.session = this.open({});
    return this.session;
  }

  private open(o: { kubeconfig?: string; context?: string }): KubeSession {
    return KubeSession.open({ ...o, env: this.o.env ?? process.env, ...(this.o.homeDir ? { homeDir: this.o.homeDir } : {}), requestTimeoutMs: this.o.requestTimeoutMs ?? 30_000 });
  }

  defaultKubeconfigs(): string[] {
    const env = this.o.env ?? process.env;
    if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter(Boolean).map((f) => path.resolve(f));
    return [path.join(this.o.homeDir ?? os.homedir(), '.kube', 'config')];
  }

  listContexts(): Promise<ClusterContextInfo[]> {
    return this.guard(async () => {
      const kc = loadKubeConfig({ env: this.o.env ?? process.env, ...(this.o.homeDir ? { homeDir: this.o.homeDir } : {}) });
      return kc.contexts.map(contextInfo);
    });
  }

  connect(o: { kubeconfig?: string; context?: string }): Promise<ClusterConnection> {
    return this.guard(async () => {
      const s = this.open(o);
      this.session = s;
      return this.connection(s);
    });
  }

  listNodes(): Promise<{ connection: ClusterConnection; nodes: ClusterNodeStatus[] }> {
    return this.guard(async () => {
      const s = this.ensureSession();
      const d = await discoverCluster(s, { vppNamespace: this.vppNamespace });
      const nodes = await Promise.all(
        d.nodes.map(async (n): Promise<ClusterNodeStatus> => {
          let lock: ClusterLockInfo | null = null;
          let lockError: string | null = null;
          if (n.vpp && n.vpp.hasVpp && n.vpp.phase === 'Running') {
            try {
              lock = lockInfo(await readCaptureLock(s, { namespace: n.vpp.namespace, pod: n.vpp.name, container: 'vpp' }));
            } catch (e) {
              lockError = s.redact(e instanceof Error ? e.message : String(e));
            }
          }
          return {
            name: n.name,
            ready: n.ready,
            internalIP: n.internalIP ?? null,
            vppPod: n.vpp ? `${n.vpp.namespace}/${n.vpp.name}` : null,
            vppPhase: n.vpp?.phase ?? null,
            vppReady: n.vpp?.ready ?? false,
            problem: n.problem ?? null,
            lock,
            lockError,
          };
        }),
      );
      return { connection: this.connection(s), nodes };
    });
  }

  startCapture(arg: StartCaptureArg): Promise<{ id: string }> {
    return this.guard(async () => {
      if (this.closed) throw new IpcError('unsupported', 'the app is quitting: no new captures');
      const s = this.ensureSession();
      const filter = arg.filter ? parseFiveTuple(arg.filter) : null;
      const controller = new AbortController();
      let entry: Running | null = null;
      let created!: (id: string) => void;
      const idKnown = new Promise<string>((resolve) => (created = resolve));
      const ws = new ObservedWorkspace(this.o.workspaceRoot, (rec) => {
        entry = { id: rec.manifest.id, controller, handle: null, done: Promise.resolve() };
        this.running.set(entry.id, entry);
        created(entry.id);
      });
      let handle: NodeHandle | null = null;
      const emit = (e: CaptureEvent) => {
        if (entry) this.o.emit(progressOf(entry.id, e));
      };
      const run = runCapture(
        s,
        {
          kind: arg.kind,
          nodes: arg.nodes,
          count: arg.count,
          timeoutSeconds: arg.timeoutS,
          interface: arg.interface,
          filter,
          workspace: ws,
          vppNamespace: this.vppNamespace,
          signal: controller.signal,
          ...(this.o.pollMs ? { pollMs: this.o.pollMs } : {}),
          ...(this.o.hostname ? { hostname: this.o.hostname } : {}),
        },
        emit,
        (h) => {
          handle = h;
          if (entry) entry.handle = h;
        },
      );
      const done = run.then(
        (r) => {
          this.o.emit({ id: r.manifest.id, type: 'done', node: null, state: r.manifest.state, packets: null, target: null, message: r.manifest.messages.join('\n') || null });
        },
        (e: unknown) => {
          if (entry) this.o.emit({ id: entry.id, type: 'done', node: null, state: 'failed', packets: null, target: null, message: s.redact(e instanceof Error ? e.message : String(e)) });
        },
      );
      const first = await Promise.race([idKnown, run.then(() => null)]);
      if (first === null || !entry) {
        await run; // rejected before the record existed: the error tells why (bad input, cluster)
        throw new IpcError('internal', 'the capture ended before it started');
      }
      const e = entry as Running;
      e.handle = handle;
      e.done = done.finally(() => this.running.delete(e.id));
      return { id: e.id };
    });
  }

  async cancelCapture(id: string, node?: string): Promise<boolean> {
    const r = this.running.get(id);
    if (!r) return false;
    if (node === undefined) r.controller.abort();
    else if (r.handle) r.handle.cancel(node);
    else return false;
    return true;
  }

  clearNode(arg: { node: string }): Promise<{ ok: boolean; steps: { action: string; ok: boolean; message: string | null }[]; lock: ClusterLockInfo | null }> {
    return this.guard(async () => {
      const res = await clearNode(this.ensureSession(), arg.node, { vppNamespace: this.vppNamespace });
      return { ok: res.ok, steps: res.steps.map((x) => ({ action: x.action, ok: x.ok, message: x.message ?? null })), lock: lockInfo(res.lock) };
    });
  }

  listCaptures(): Promise<CaptureSummary[]> {
    return this.guard(async () => (await this.workspace.list()).map((c) => captureSummary(c.manifest, this.running.has(c.manifest.id), c.interrupted)));
  }

  captureFiles(id: string): Promise<{ paths: string[]; names: string[] }> {
    return this.guard(async () => {
      const c = (await this.workspace.list()).find((x) => x.manifest.id === id);
      if (!c) throw new IpcError('io', `no capture ${id} in the workspace`);
      if (this.running.has(id)) throw new IpcError('unsupported', `capture ${id} is still running`);
      const files = c.manifest.nodes.flatMap((n) => n.files);
      return { paths: files.map((f) => path.join(c.dir, ...f.path.split('/'))), names: files.map((f) => f.path) };
    });
  }

  /** Running captures (ids). */
  runningIds(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Quit: refuses new captures, aborts every running one (each node's cleanup runs: trace cleared,
   * captures off, filter removed, files and lock removed) and waits up to the grace period for it.
   */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    if (all.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(all.map((r) => r.done)), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.o.closeGraceMs ?? 15_000)))]);
    clearTimeout(timer);
  }
}
