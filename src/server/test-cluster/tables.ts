// Server-side printing (meta.k8s.io/v1 Table), which `kubectl get` asks for by default.
import type { ClusterState, ConfigMapState, NodeState, PodState } from './cluster';

interface Column {
  name: string;
  type: 'string' | 'integer';
  format?: string;
  priority?: number;
  description: string;
}

const col = (name: string, description: string, priority = 0, type: Column['type'] = 'string', format = ''): Column => ({ name, type, format, priority, description });

/** Kubernetes' HumanDuration, as used in AGE columns. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 192) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(obj: Record<string, unknown>, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function table(state: ClusterState, columns: Column[], rows: { cells: unknown[]; obj: Record<string, unknown> }[], include: IncludeObject): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: state.resourceVersion() },
    columnDefinitions: columns,
    rows: rows.map((r) => ({ cells: r.cells, object: rowObject(r.obj, include) })),
  };
}

export function nodesTable(state: ClusterState, nodes: NodeState[], include: IncludeObject): Record<string, unknown> {
  const now = state.now();
  return table(
    state,
    [
      col('Name', 'Name must be unique within a namespace.', 0, 'string', 'name'),
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
      col('Version', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
      col('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
      col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
      col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
      col('Container-Runtime', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
    ],
    nodes.map((n) => {
      const roles = Object.keys(n.labels).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length));
      return {
        cells: [n.name, 'Ready', roles.length ? roles.join(',') : '<none>', humanDuration(now - n.createdMs), n.kubeletVersion, n.internalIP, '<none>', 'Ubuntu 24.04.1 LTS', '6.8.0-49-generic', 'containerd://1.7.24'],
        obj: state.nodeJson(n),
      };
    }),
    include,
  );
}

export function podsTable(state: ClusterState, pods: PodState[], include: IncludeObject): Record<string, unknown> {
  const now = state.now();
  return table(
    state,
    [
      col('Name', 'Name must be unique within a namespace.', 0, 'string', 'name'),
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
      col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
      col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
      col('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
      col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
      col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
    ],
    pods.map((p) => {
      const ready = p.phase === 'Running' ? p.containers.length : 0;
      return {
        cells: [p.name, `${ready}/${p.containers.length}`, p.phase === 'Pending' ? 'ContainerCreating' : p.phase, '0', humanDuration(now - p.createdMs), p.podIP || '<none>', p.nodeName, '<none>', '<none>'],
        obj: state.podJson(p),
      };
    }),
    include,
  );
}

export function configMapsTable(state: ClusterState, cms: ConfigMapState[], include: IncludeObject): Record<string, unknown> {
  const now = state.now();
  return table(
    state,
    [
      col('Name', 'Name must be unique within a namespace.', 0, 'string', 'name'),
      col('Data', 'Data contains the configuration data.', 0, 'integer'),
      col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    ],
    cms.map((c) => ({ cells: [c.name, Object.keys(c.data).length, humanDuration(now - c.createdMs)], obj: state.configMapJson(c) })),
    include,
  );
}

export function namespacesTable(state: ClusterState, names: string[], include: IncludeObject): Record<string, unknown> {
  return table(
    state,
    [
      col('Name', 'Name must be unique within a namespace.', 0, 'string', 'name'),
      col('Status', 'The status of the namespace'),
      col('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
    ],
    names.map((n) => ({ cells: [n, 'Active', humanDuration(3 * 86400_000)], obj: state.namespaceJson(n) })),
    include,
  );
}
