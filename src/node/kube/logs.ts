// The logs `calicovppctl log` shows, per node: vpp (vpp-manager + VPP) and agent (calico-vpp-agent)
// from the calico-vpp-node pod, felix from the calico-node pod in calico-system.
import type { ExecTarget, KubeSession, LogOptions } from './client';
import { findCalicoNodePod, findVppPod, type DiscoveryOptions } from './discovery';

export const LOG_COMPONENTS = ['vpp', 'agent', 'felix'] as const;
export type LogComponent = (typeof LOG_COMPONENTS)[number];

export async function logTarget(session: KubeSession, node: string, component: LogComponent, opts: DiscoveryOptions = {}): Promise<ExecTarget> {
  if (component === 'felix') {
    const p = await findCalicoNodePod(session, node);
    return { namespace: p.namespace, pod: p.name, container: 'calico-node' };
  }
  const p = await findVppPod(session, node, opts);
  return { namespace: p.namespace, pod: p.name, container: component };
}

/** Streams one component's log of `node` to `o.onData`. */
export async function nodeLogs(session: KubeSession, node: string, component: LogComponent, o: LogOptions & DiscoveryOptions): Promise<ExecTarget> {
  const target = await logTarget(session, node, component, o);
  await session.logs(target, o);
  return target;
}
