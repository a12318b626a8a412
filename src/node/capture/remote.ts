// One node's VPP as the capture code uses it: vppctl and file commands through pod exec (argument
// vectors only), behind a shared limit on concurrent execs so a capture on many nodes does not
// open hundreds of WebSockets at once, plus the identity (name, UID) of the calico-vpp-node pod to
// notice a pod that was replaced during a capture.
import type { ExecOptions, ExecResult, ExecTarget, KubeSession } from '../kube/client';
import { DEFAULT_VPP_NAMESPACE, findVppPod, VPP_POD_PREFIX } from '../kube/discovery';
import { KubeError } from '../kube/errors';
import { VppctlSession } from '../kube/vppctl-session';

/** Runs at most `max` tasks at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export interface PodIdentity {
  namespace: string;
  name: string;
  uid: string;
}

/** The calico-vpp-node pod on `node` with its UID (errors as findVppPod gives them). */
export async function vppPodIdentity(session: KubeSession, node: string, vppNamespace = DEFAULT_VPP_NAMESPACE): Promise<PodIdentity> {
  const pods = await session.listPods(vppNamespace, { fieldSelector: `spec.nodeName=${node}` });
  const mine = pods.filter((p) => (p.metadata?.name ?? '').startsWith(VPP_POD_PREFIX));
  const p = mine.find((x) => x.status?.phase === 'Running') ?? mine[0];
  if (!p || !p.metadata?.name || !(p.spec?.containers ?? []).some((c) => c.name === 'vpp') || p.status?.phase !== 'Running') {
    await findVppPod(session, node, { vppNamespace }); // throws the precise error
    throw new KubeError('no-vpp-pod', `the ${VPP_POD_PREFIX} pod on node "${node}" is not running`);
  }
  return { namespace: vppNamespace, name: p.metadata.name, uid: p.metadata.uid ?? '' };
}

/**
 * The calico-vpp-node pods of a namespace, listed once for many nodes: a capture on 50 nodes asks
 * the API server once instead of 50 times. Entries older than `maxAgeMs` are refreshed (concurrent
 * callers share one request), so a pod replaced during a capture is seen at the next look-up.
 */
export class PodDirectory {
  private pods: Map<string, PodIdentity> | null = null;
  private at = 0;
  private pending: Promise<Map<string, PodIdentity>> | null = null;

  constructor(
    private readonly session: KubeSession,
    readonly vppNamespace = DEFAULT_VPP_NAMESPACE,
    private readonly maxAgeMs = 1000,
  ) {}

  private refresh(): Promise<Map<string, PodIdentity>> {
    this.pending ??= (async () => {
      try {
        const all = await this.session.listPods(this.vppNamespace);
        const m = new Map<string, PodIdentity>();
        for (const p of all) {
          const name = p.metadata?.name ?? '';
          const node = p.spec?.nodeName;
          if (!node || !name.startsWith(VPP_POD_PREFIX) || p.status?.phase !== 'Running' || !(p.spec?.containers ?? []).some((c) => c.name === 'vpp')) continue;
          m.set(node, { namespace: this.vppNamespace, name, uid: p.metadata?.uid ?? '' });
        }
        this.pods = m;
        this.at = Date.now();
        return m;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  /**
   * The node's running calico-vpp-node pod, from a list at most `maxAgeMs` old (true: a new list).
   * Throws findVppPod's errors.
   */
  async get(node: string, fresh: boolean | number = false): Promise<PodIdentity> {
    const limit = fresh === true ? -1 : fresh === false ? this.maxAgeMs : fresh;
    const pods = this.pods && Date.now() - this.at <= limit ? this.pods : await this.refresh();
    const id = pods.get(node);
    if (id) return id;
    return vppPodIdentity(this.session, node, this.vppNamespace);
  }
}

export class NodeVpp {
  readonly target: ExecTarget;
  /** One long-lived vppctl for every VPP command of this node (see kube/vppctl-session). */
  private readonly cli: VppctlSession;

  constructor(
    readonly session: KubeSession,
    readonly node: string,
    readonly pod: PodIdentity,
    private readonly limiter: Limiter,
  ) {
    this.target = { namespace: pod.namespace, pod: pod.name, container: 'vpp' };
    this.cli = new VppctlSession(session, this.target);
  }

  exec(argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> {
    return this.limiter.run(() => this.session.exec(this.target, argv, o));
  }

  /**
   * One vppctl command; resolves with VPP's output text (VPP reports errors as text). Commands go
   * to this node's long-lived vppctl, started on first use; call close() when done with the node.
   */
  vpp(args: readonly string[], o: ExecOptions = {}): Promise<string> {
    return this.cli.run(args, { signal: o.signal, idleTimeoutMs: o.idleTimeoutMs });
  }

  /** Ends this node's vppctl (never throws). */
  close(): Promise<void> {
    return this.cli.close();
  }

  /** `rm -f FILES…` in the vpp container. */
  async removeFiles(files: readonly string[], o: ExecOptions = {}): Promise<void> {
    const r = await this.exec(['rm', '-f', ...files], o);
    if (r.exitCode !== 0) throw new KubeError('exec', `rm -f ${files.join(' ')} failed on node ${this.node}: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  }
}
