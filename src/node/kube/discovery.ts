// Finds what the visualizer needs in a Calico VPP cluster: the nodes, the calico-vpp-node pod on
// each (namespace calico-vpp-dataplane by default, field selector spec.nodeName, like
// calicovppctl), its vpp and agent containers, and the uplink driver from ConfigMap
// calico-vpp-config (CALICOVPP_INTERFACES → uplinkInterfaces[0].vppDriver). Results are plain data.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeSession } from './client';
import { KubeError } from './errors';

export const DEFAULT_VPP_NAMESPACE = 'calico-vpp-dataplane';
export const VPP_POD_PREFIX = 'calico-vpp-node';
export const VPP_CONFIGMAP = 'calico-vpp-config';
export const CALICO_NAMESPACE = 'calico-system';

export interface DiscoveryOptions {
  /** Namespace of the calico-vpp-node DaemonSet (default calico-vpp-dataplane). */
  vppNamespace?: string;
  /** Parallel per-node pod look-ups (default 8). */
  concurrency?: number;
}

export interface VppPodInfo {
  namespace: string;
  name: string;
  node: string;
  phase: string;
  ready: boolean;
  containers: string[];
  hasVpp: boolean;
  hasAgent: boolean;
}

export interface ClusterNodeInfo {
  name: string;
  ready: boolean;
  roles: string[];
  internalIP?: string;
  kubeletVersion?: string;
  /** The node's calico-vpp-node pod, or null. */
  vpp: VppPodInfo | null;
  /** Why the node cannot be used (no VPP pod, pod not running, vpp container missing). */
  problem?: string;
}

export interface UplinkInfo {
  driver: string | null;
  /** Why the driver is unknown (ConfigMap missing, forbidden, malformed…). */
  problem?: string;
}

export interface ClusterDiscovery {
  context: string;
  server: string;
  vppNamespace: string;
  nodes: ClusterNodeInfo[];
  uplink: UplinkInfo;
}

function podInfo(p: V1Pod, node: string): VppPodInfo {
  const containers = (p.spec?.containers ?? []).map((c) => c.name);
  const statuses = p.status?.containerStatuses ?? [];
  return {
    namespace: p.metadata?.namespace ?? '',
    name: p.metadata?.name ?? '',
    node,
    phase: p.status?.phase ?? 'Unknown',
    ready: statuses.length > 0 && statuses.every((s) => s.ready),
    containers,
    hasVpp: containers.includes('vpp'),
    hasAgent: containers.includes('agent'),
  };
}

function podProblem(v: VppPodInfo): string | undefined {
  if (!v.hasVpp) return `pod ${v.namespace}/${v.name} has no "vpp" container (containers: ${v.containers.join(', ') || 'none'})`;
  if (v.phase !== 'Running') return `pod ${v.namespace}/${v.name} is ${v.phase}, not Running`;
  return undefined;
}

/** The pods of namespace `ns` on `node` whose name starts with `prefix` (field selector spec.nodeName). */
async function podsOnNode(session: KubeSession, ns: string, node: string, prefix: string): Promise<V1Pod[]> {
  const pods = await session.listPods(ns, { fieldSelector: `spec.nodeName=${node}` });
  return pods.filter((p) => (p.metadata?.name ?? '').startsWith(prefix));
}

/**
 * The calico-vpp-node pod on `node`. Throws KubeError 'no-vpp-pod' (naming the node, namespace and
 * the nodes that do have one when the node itself is unknown) or the RBAC/connection error.
 */
export async function findVppPod(session: KubeSession, node: string, opts: DiscoveryOptions = {}): Promise<VppPodInfo> {
  const ns = opts.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
  const found = await podsOnNode(session, ns, node, VPP_POD_PREFIX);
  const pod = found.find((p) => p.status?.phase === 'Running') ?? found[0];
  if (pod) {
    const info = podInfo(pod, node);
    if (!info.hasVpp) throw new KubeError('no-vpp-pod', podProblem(info)!);
    return info;
  }
  const nodes = await session.listNodes().catch(() => null);
  const known = nodes?.some((n) => n.metadata?.name === node);
  if (nodes && !known) {
    const names = nodes.map((n) => n.metadata?.name ?? '?');
    throw new KubeError('not-found', `there is no node "${node}" in the cluster (nodes: ${names.join(', ') || 'none'})`);
  }
  throw new KubeError('no-vpp-pod', `no ${VPP_POD_PREFIX} pod runs on node "${node}" in namespace "${ns}"`, {
    hint: `Is Calico VPP installed on this node? If its pods live in another namespace, pass that namespace (--namespace). Check with: ${session.kubectlCommand(['get', 'pods', '-n', ns, '-o', 'wide', '--field-selector', `spec.nodeName=${node}`])}`,
  });
}

/** The calico-node (felix) pod on `node`, in calico-system. */
export async function findCalicoNodePod(session: KubeSession, node: string): Promise<{ namespace: string; name: string }> {
  const found = await podsOnNode(session, CALICO_NAMESPACE, node, 'calico-node');
  const pod = found.find((p) => p.status?.phase === 'Running') ?? found[0];
  if (!pod?.metadata?.name) {
    throw new KubeError('not-found', `no calico-node pod (felix) runs on node "${node}" in namespace "${CALICO_NAMESPACE}"`, {
      hint: 'Felix runs in the calico-node DaemonSet of the Calico operator install; with another install method, look for it with kubectl get pods -A -o wide.',
    });
  }
  return { namespace: CALICO_NAMESPACE, name: pod.metadata.name };
}

/** The uplink driver from calico-vpp-config; never throws for a missing or unreadable ConfigMap. */
export async function uplinkDriver(session: KubeSession, opts: DiscoveryOptions = {}): Promise<UplinkInfo> {
  const ns = opts.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
  let cm;
  try {
    cm = await session.readConfigMap(ns, VPP_CONFIGMAP);
  } catch (e) {
    if (e instanceof KubeError && (e.kind === 'forbidden' || e.kind === 'bad-request')) return { driver: null, problem: e.message };
    throw e;
  }
  if (!cm) return { driver: null, problem: `ConfigMap ${VPP_CONFIGMAP} not found in namespace "${ns}"` };
  const raw = cm.data?.CALICOVPP_INTERFACES;
  if (raw === undefined) return { driver: null, problem: `ConfigMap ${VPP_CONFIGMAP} has no CALICOVPP_INTERFACES key` };
  let parsed: { uplinkInterfaces?: { vppDriver?: unknown }[] };
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    return { driver: null, problem: `CALICOVPP_INTERFACES in ${VPP_CONFIGMAP} is not valid JSON: ${(e as Error).message}` };
  }
  const first = parsed.uplinkInterfaces?.[0];
  if (!first) return { driver: null, problem: `CALICOVPP_INTERFACES in ${VPP_CONFIGMAP} lists no uplinkInterfaces` };
  const d = typeof first.vppDriver === 'string' ? first.vppDriver.trim() : '';
  return d ? { driver: d } : { driver: null, problem: 'uplinkInterfaces[0].vppDriver is not set (VPP picks the driver when it starts)' };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

/** Nodes with their VPP pods and the uplink driver. RBAC and connection problems throw. */
export async function discoverCluster(session: KubeSession, opts: DiscoveryOptions = {}): Promise<ClusterDiscovery> {
  const ns = opts.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
  const nodes = await session.listNodes();
  const infos = await mapLimited(nodes, opts.concurrency ?? 8, async (n): Promise<ClusterNodeInfo> => {
    const name = n.metadata?.name ?? '';
    const labels = n.metadata?.labels ?? {};
    const pods = await podsOnNode(session, ns, name, VPP_POD_PREFIX);
    const pod = pods.find((p) => p.status?.phase === 'Running') ?? pods[0];
    const vpp = pod ? podInfo(pod, name) : null;
    return {
      name,
      ready: (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
      roles: Object.keys(labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)),
      internalIP: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
      kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
      vpp,
      problem: vpp ? podProblem(vpp) : `no ${VPP_POD_PREFIX} pod on this node in namespace "${ns}"`,
    };
  });
  return { context: session.info.context, server: session.info.server, vppNamespace: ns, nodes: infos, uplink: await uplinkDriver(session, opts) };
}
