// The Kubernetes side of an export: kubectl tables (`-o wide`, the bash tool) or calicovppctl's own
// tab-separated tables (the Go tool), manifests as `kubectl get -o yaml` / sigs.k8s.io/yaml print
// them, `kubectl describe pod`, and the container logs (vpp-manager, agent, felix, operator).
import { podKey, netnsUuid, type VppNode } from '../topology';
import type { ClusterSpec, PodSpec, ServiceSpec } from '../model';
import { hashString } from '../prng';
import { ORPHAN_SERVICE, rfc1123z, rfc3339, uptimeS, wallS, type Ctx } from './context';
import { toYaml, type Yaml } from './yaml';

export const KUBERNETES_VERSION = 'v1.33.4';
export const CALICO_VERSION = 'v3.31.0';
export const VPP_IMAGE = `docker.io/calicovpp/vpp:${CALICO_VERSION}`;
export const AGENT_IMAGE = `docker.io/calicovpp/agent:${CALICO_VERSION}`;
export const CALICO_NODE_IMAGE = `quay.io/calico/node:${CALICO_VERSION}`;
const CLUSTER_AGE_S = 23 * 86400 + 4 * 3600 + 17 * 60;

export type Layout = 'bash' | 'go';

// ---- time ------------------------------------------------------------------------------------

/** k8s.io/apimachinery duration.HumanDuration (kubectl's AGE column). */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 0) return s < -1 ? '<invalid>' : '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Go's time.Duration.String() of a duration truncated to the second (`553h2m7s`, `3h0m0s`). */
export function goDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}

// ---- the cluster's objects ----------------------------------------------------------------------

export interface PodObj {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  hostNetwork: boolean;
  containers: { name: string; image: string }[];
  /** Scenario time (µs, may be negative) the pod was created. */
  createdS: number;
  restarts: number;
  crashloop: boolean;
  labels: Record<string, string>;
  owner: { kind: string; name: string } | null;
}

function suffix(key: string, n: number): string {
  const abc = 'bcdfghjklmnpqrstvwxz2456789';
  let h = hashString(key);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += abc[h % abc.length];
    h = (Math.floor(h / abc.length) ^ hashString(`${key}/${i}`)) >>> 0;
  }
  return s;
}

export function vppPodName(node: string): string {
  return `calico-vpp-node-${suffix(`vpp/${node}`, 5)}`;
}

export function calicoNodePodName(node: string): string {
  return `calico-node-${suffix(`calico/${node}`, 5)}`;
}

/** Seconds between a node's VPP start and the scenario's time 0 (the export is at ctx.exportUs). */
function vppStartS(node: VppNode): number {
  return wallS(0) - node.uptimeStartUs / 1e6;
}

export function clusterPods(ctx: Ctx): PodObj[] {
  const c = ctx.sim.cluster;
  const out: PodObj[] = [];
  const clusterStart = wallS(0) - CLUSTER_AGE_S;
  for (const n of c.nodes) {
    const start = vppStartS(n);
    out.push({ namespace: 'calico-vpp-dataplane', name: vppPodName(n.name), node: n.name, ip: n.ip, hostNetwork: true, containers: [{ name: 'agent', image: AGENT_IMAGE }, { name: 'vpp', image: VPP_IMAGE }], createdS: start - 3, restarts: 0, crashloop: false, labels: { 'k8s-app': 'calico-vpp-node' }, owner: { kind: 'DaemonSet', name: 'calico-vpp-node' } });
    out.push({ namespace: 'calico-system', name: calicoNodePodName(n.name), node: n.name, ip: n.ip, hostNetwork: true, containers: [{ name: 'calico-node', image: CALICO_NODE_IMAGE }], createdS: clusterStart + 600, restarts: 0, crashloop: false, labels: { 'k8s-app': 'calico-node' }, owner: { kind: 'DaemonSet', name: 'calico-node' } });
  }
  const first = c.nodes[0];
  if (first) {
    out.push({ namespace: 'tigera-operator', name: `tigera-operator-${suffix('op', 10).slice(0, 10)}-${suffix('op2', 5)}`, node: first.name, ip: first.ip, hostNetwork: true, containers: [{ name: 'tigera-operator', image: `quay.io/tigera/operator:v1.40.0` }], createdS: clusterStart + 300, restarts: 0, crashloop: false, labels: { name: 'tigera-operator' }, owner: { kind: 'ReplicaSet', name: 'tigera-operator' } });
    for (const comp of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      out.push({ namespace: 'kube-system', name: `${comp}-${first.name}`, node: first.name, ip: first.ip, hostNetwork: true, containers: [{ name: comp, image: `registry.k8s.io/${comp}:${comp === 'etcd' ? '3.5.21-0' : KUBERNETES_VERSION}` }], createdS: clusterStart, restarts: 0, crashloop: false, labels: { component: comp, tier: 'control-plane' }, owner: { kind: 'Node', name: first.name } });
    }
  }
  for (const p of c.spec.pods) {
    const node = c.node(p.node);
    const crash = ctx.faults.crashloop.has(podKey(p));
    out.push({ namespace: p.namespace, name: p.name, node: p.node, ip: p.ip, hostNetwork: false, containers: [{ name: p.name.replace(/-\d+$/, ''), image: imageOf(p) }], createdS: vppStartS(node) + 95 + (hashString(podKey(p)) % 600), restarts: crash ? 7 : 0, crashloop: crash, labels: labelsOf(p), owner: null });
  }
  return out.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function imageOf(p: PodSpec): string {
  if (p.name.startsWith('coredns')) return 'registry.k8s.io/coredns/coredns:v1.12.0';
  if (p.name.startsWith('web')) return 'docker.io/library/nginx:1.27';
  if (p.name.startsWith('db')) return 'docker.io/library/postgres:17';
  return 'docker.io/library/busybox:1.37';
}

function labelsOf(p: PodSpec): Record<string, string> {
  if (p.name.startsWith('coredns')) return { 'k8s-app': 'kube-dns' };
  return { app: p.name.replace(/-\d+$/, '') };
}

export interface ServiceObj {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort';
  clusterIP: string;
  ports: { port: number; nodePort?: number; protocol: string }[];
  selector: string;
  createdS: number;
}

export function clusterServices(ctx: Ctx): ServiceObj[] {
  const c = ctx.sim.cluster.spec;
  const start = wallS(0) - CLUSTER_AGE_S;
  const sel = (s: ServiceSpec) => {
    const pod = s.backends[0] ? ctx.sim.cluster.pod(s.backends[0]) : null;
    return pod ? Object.entries(labelsOf(pod)).map(([k, v]) => `${k}=${v}`).join(',') : `app=${s.name}`;
  };
  const out: ServiceObj[] = [{ namespace: 'default', name: 'kubernetes', type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ port: 443, protocol: 'TCP' }], selector: '<none>', createdS: start }];
  for (const s of c.services) out.push({ namespace: s.namespace, name: s.name, type: s.nodePort !== undefined ? 'NodePort' : 'ClusterIP', clusterIP: s.clusterIP, ports: [{ port: s.port, nodePort: s.nodePort, protocol: s.protocol }], selector: sel(s), createdS: start + 3600 * 24 * 2 + (hashString(s.name) % 50000) });
  for (const o of ctx.faults.orphans) out.push({ namespace: o.namespace, name: o.name, type: 'ClusterIP', clusterIP: o.clusterIP, ports: [{ port: o.port, protocol: o.protocol }], selector: `app=${o.name}`, createdS: wallS(0) - 3600 * 5 });
  return out.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : 1));
}

// ---- tables ----------------------------------------------------------------------------------

/**
 * text/tabwriter as kubectl's printers configure it (minwidth 6, tabwidth 4, padding 3, spaces):
 * every column but the last is as wide as its widest cell plus 3.
 */
export function tabwriter(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, c) => { if (c < r.length - 1) widths[c] = Math.max(widths[c] ?? 0, cell.length + 3, 6); });
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] ?? 0) : cell)).join('')).join('\n') + '\n';
}

function tsv(rows: string[][]): string {
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function getPods(ctx: Ctx, layout: Layout): string {
  const now = wallS(ctx.exportUs);
  const head = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];
  const rows = clusterPods(ctx).map((p) => {
    const ready = p.crashloop ? 0 : p.containers.length;
    const age = now - p.createdS;
    if (layout === 'go') return [p.namespace, p.name, `${ready}/${p.containers.length}`, 'Running', String(p.restarts), goDuration(age), p.ip, p.node, '<none>', '<none>'];
    const restarts = p.restarts > 0 ? `${p.restarts} (${humanDuration(100)} ago)` : '0';
    return [p.namespace, p.name, `${ready}/${p.containers.length}`, p.crashloop ? 'CrashLoopBackOff' : 'Running', restarts, humanDuration(age), p.ip, p.node, '<none>', '<none>'];
  });
  return layout === 'go' ? tsv([head, ...rows]) : tabwriter([head, ...rows]);
}

export function getServices(ctx: Ctx, layout: Layout): string {
  const now = wallS(ctx.exportUs);
  const head = ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'];
  const rows = clusterServices(ctx).map((s) => [s.namespace, s.name, s.type, s.clusterIP, '<none>', s.ports.map((p) => (p.nodePort !== undefined ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(','), layout === 'go' ? goDuration(now - s.createdS) : humanDuration(now - s.createdS), s.selector]);
  return layout === 'go' ? tsv([head, ...rows]) : tabwriter([head, ...rows]);
}

export function getNodes(ctx: Ctx, layout: Layout): string {
  const now = wallS(ctx.exportUs);
  const start = wallS(0) - CLUSTER_AGE_S;
  const head = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'];
  const rows = ctx.sim.cluster.nodes.map((n, k) => [n.name, 'Ready', k === 0 ? 'control-plane' : '<none>', layout === 'go' ? goDuration(now - start - k * 240) : humanDuration(now - start - k * 240), KUBERNETES_VERSION, n.ip, '<none>', 'Ubuntu 24.04.3 LTS', '6.8.0-85-generic', 'containerd://1.7.28']);
  return layout === 'go' ? tsv([head, ...rows]) : tabwriter([head, ...rows]);
}

export function kubectlVersion(): string {
  return `Client Version: ${KUBERNETES_VERSION}\nKustomize Version: v5.6.0\nServer Version: ${KUBERNETES_VERSION}\n`;
}

// ---- manifests -------------------------------------------------------------------------------

function meta(name: string, namespace: string | null, createdS: number, extra: Record<string, Yaml> = {}): Record<string, Yaml> {
  const m: Record<string, Yaml> = { creationTimestamp: rfc3339(createdS), name, resourceVersion: String(1000 + (hashString(name) % 90000)), uid: uid(`${namespace}/${name}`), ...extra };
  if (namespace) m.namespace = namespace;
  return m;
}

function uid(key: string): string {
  const h = (k: number) => (hashString(`${key}/uid/${k}`) >>> 0).toString(16).padStart(8, '0');
  const a = h(0) + h(1) + h(2) + h(3);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20, 32)}`;
}

function encapsulationOf(c: ClusterSpec): string {
  return c.encapsulation === 'ipip' ? 'IPIP' : c.encapsulation === 'vxlan' ? 'VXLAN' : 'None';
}

/** The pool covering every node's block (the smallest common prefix, at most /16). */
function poolCidr(c: ClusterSpec): string {
  const first = c.nodes[0]?.podCidr.split('.') ?? ['10', '244'];
  return `${first[0]}.${first[1]}.0.0/16`;
}

export function installationYaml(ctx: Ctx): string {
  const c = ctx.sim.cluster.spec;
  const start = wallS(0) - CLUSTER_AGE_S;
  return toYaml({
    apiVersion: 'v1',
    items: [{
      apiVersion: 'operator.tigera.io/v1',
      kind: 'Installation',
      metadata: meta('default', null, start + 200, { finalizers: ['operator.tigera.io/installation-controller'], generation: 2 }),
      spec: {
        calicoNetwork: {
          bgp: 'Enabled',
          hostPorts: 'Enabled',
          ipPools: [{ allowedUses: ['Workload', 'Tunnel'], blockSize: 26, cidr: poolCidr(c), disableBGPExport: false, encapsulation: encapsulationOf(c), name: 'default-ipv4-ippool', natOutgoing: 'Enabled', nodeSelector: 'all()' }],
          linuxDataplane: 'VPP',
          linuxPolicySetupTimeoutSeconds: 0,
          multiInterfaceMode: 'None',
          nodeAddressAutodetectionV4: { firstFound: true },
          windowsDataplane: 'Disabled',
        },
        cni: { ipam: { type: 'Calico' }, type: 'Calico' },
        controlPlaneReplicas: 2,
        flexVolumePath: 'None',
        kubeletVolumePluginPath: 'None',
        kubernetesProvider: '',
        nonPrivileged: 'Disabled',
        variant: 'Calico',
      },
      status: { calicoVersion: CALICO_VERSION, computed: { calicoNetwork: { linuxDataplane: 'VPP' } }, variant: 'Calico' },
    }],
    kind: 'List',
    metadata: { resourceVersion: '' },
  });
}

export function cniConfigYaml(ctx: Ctx, layout: Layout): string {
  const start = wallS(0) - CLUSTER_AGE_S;
  const config = [
    '{',
    '  "name": "k8s-pod-network",',
    '  "cniVersion": "0.3.1",',
    '  "plugins": [',
    '    {',
    '      "type": "calico",',
    '      "datastore_type": "kubernetes",',
    '      "mtu": 0,',
    '      "nodename_file_optional": false,',
    '      "log_level": "Info",',
    '      "log_file_path": "/var/log/calico/cni/cni.log",',
    '      "ipam": { "type": "calico-ipam", "assign_ipv4" : "true", "assign_ipv6" : "false"},',
    '      "container_settings": {',
    '          "allow_ip_forwarding": false',
    '      },',
    '      "policy": {',
    '          "type": "k8s"',
    '      },',
    '      "dataplane_options": {',
    '          "type": "grpc",',
    '          "socket": "unix:///var/run/calico/cni-server.sock"',
    '      },',
    '      "kubernetes": {',
    '          "k8s_api_root":"https://10.96.0.1:443",',
    '          "kubeconfig": "/etc/cni/net.d/calico-kubeconfig"',
    '      }',
    '    },',
    '    {"type": "bandwidth", "capabilities": {"bandwidth": true}},',
    '    {"type": "portmap", "snat": true, "capabilities": {"portMappings": true}}',
    '  ]',
    '}',
  ].join('\n');
  const obj: Record<string, Yaml> = { data: { config }, metadata: meta('cni-config', 'calico-system', start + 400, { ownerReferences: [{ apiVersion: 'operator.tigera.io/v1', blockOwnerDeletion: true, controller: true, kind: 'Installation', name: 'default', uid: uid('/default') }] }) };
  if (layout === 'bash') Object.assign(obj, { apiVersion: 'v1', kind: 'ConfigMap' });
  else (obj.metadata as Record<string, Yaml>).managedFields = [{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:config': {} } }, manager: 'operator', operation: 'Update', time: rfc3339(start + 400) }];
  return toYaml(obj);
}

/** CALICOVPP_INTERFACES: the uplink every node uses (one cluster-wide driver). */
export function interfacesJson(ctx: Ctx): string {
  const n = ctx.sim.cluster.nodes[0];
  const driver = n?.spec.uplink.driver ?? 'af_packet';
  return [
    '{',
    '  "maxPodIfSpec": {',
    '    "rx": 10, "tx": 10, "rxqsz": 1024, "txqsz": 1024',
    '  },',
    '  "defaultPodIfSpec": {',
    '    "rx": 1, "tx":1, "isl3": true',
    '  },',
    '  "vppHostTapSpec": {',
    '    "rx": 1, "tx":1, "rxqsz": 1024, "txqsz": 1024, "isl3": false',
    '  },',
    '  "uplinkInterfaces": [',
    '    {',
    `      "interfaceName": "${n?.uplinkLinuxName ?? 'eth0'}",`,
    `      "vppDriver": "${driver}"`,
    '    }',
    '  ]',
    '}',
  ].join('\n');
}

export function vppConfigMapYaml(ctx: Ctx, layout: Layout): string {
  const n = ctx.sim.cluster.nodes[0];
  const workers = n?.spec.workers ?? 2;
  const dpdk = n?.spec.uplink.driver === 'dpdk';
  const initial = ctx.faults.noCorePattern ? '{\n  "vppStartupSleepSeconds": 1\n}' : '{\n  "vppStartupSleepSeconds": 1,\n  "corePattern": "/var/lib/vpp/vppcore.%e.%p"\n}';
  const template = [
    'unix {',
    '  nodaemon',
    '  full-coredump',
    '  cli-listen /var/run/vpp/cli.sock',
    '  pidfile /run/vpp/vpp.pid',
    '  exec /etc/vpp/startup.exec',
    '}',
    'api-trace { on }',
    'cpu {',
    `    workers ${workers}`,
    '}',
    'socksvr {',
    '    socket-name /var/run/vpp/vpp-api.sock',
    '}',
    'plugins {',
    '    plugin default { enable }',
    `    plugin dpdk_plugin.so { ${dpdk ? 'enable' : 'disable'} }`,
    '    plugin calico_plugin.so { enable }',
    '    plugin ping_plugin.so { disable }',
    '    plugin dispatch_trace_plugin.so { enable }',
    '}',
    'buffers {',
    '  buffers-per-numa 131072',
    '}',
  ].join('\n');
  const start = wallS(0) - CLUSTER_AGE_S;
  const data = { CALICOVPP_CONFIG_TEMPLATE: template, CALICOVPP_INITIAL_CONFIG: initial, CALICOVPP_INTERFACES: interfacesJson(ctx), SERVICE_PREFIX: '10.96.0.0/12' };
  const lastApplied = JSON.stringify({ apiVersion: 'v1', data, kind: 'ConfigMap', metadata: { annotations: {}, name: 'calico-vpp-config', namespace: 'calico-vpp-dataplane' } }) + '\n';
  const obj: Record<string, Yaml> = { data, metadata: meta('calico-vpp-config', 'calico-vpp-dataplane', start + 500, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } }) };
  if (layout === 'bash') Object.assign(obj, { apiVersion: 'v1', kind: 'ConfigMap' });
  else (obj.metadata as Record<string, Yaml>).managedFields = [{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:CALICOVPP_CONFIG_TEMPLATE': {}, 'f:CALICOVPP_INITIAL_CONFIG': {}, 'f:CALICOVPP_INTERFACES': {}, 'f:SERVICE_PREFIX': {} } }, manager: 'kubectl-client-side-apply', operation: 'Update', time: rfc3339(start + 500) }];
  return toYaml(obj);
}

function envFieldRef(name: string, path: string): Yaml {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: path } } };
}

export function daemonSetYaml(ctx: Ctx, layout: Layout): string {
  const nodes = ctx.sim.cluster.nodes.length;
  const start = wallS(0) - CLUSTER_AGE_S;
  const probe = (path: string, threshold: number, delay: number, period: number): Yaml => ({ failureThreshold: threshold, httpGet: { path, port: 9090, scheme: 'HTTP' }, initialDelaySeconds: delay, periodSeconds: period, successThreshold: 1, timeoutSeconds: 3 });
  const common = { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', envFrom: [{ configMapRef: { name: 'calico-vpp-config' } }], securityContext: { privileged: true } };
  const vppEnv: Yaml[] = [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }, { name: 'WAIT_FOR_DATASTORE', value: 'true' }, envFieldRef('NODENAME', 'spec.nodeName')];
  const obj: Record<string, Yaml> = {
    metadata: meta('calico-vpp-node', 'calico-vpp-dataplane', start + 500, { annotations: { 'deprecated.daemonset.template.generation': '1' }, generation: 1, labels: { 'k8s-app': 'calico-vpp-node' } }),
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: { 'k8s-app': 'calico-vpp-node' } },
      template: {
        metadata: { creationTimestamp: null, labels: { 'k8s-app': 'calico-vpp-node' } },
        spec: {
          containers: [
            { ...common, name: 'agent', image: AGENT_IMAGE, env: [...vppEnv, envFieldRef('NAMESPACE', 'metadata.namespace')], livenessProbe: probe('/liveness', 3, 30, 10), readinessProbe: probe('/readiness', 3, 10, 5), startupProbe: probe('/liveness', 10, 30, 30), resources: { requests: { cpu: '250m' } }, volumeMounts: [{ mountPath: '/var/run/calico', name: 'var-run-calico' }, { mountPath: '/var/lib/calico/felix-plugins', name: 'felix-plugins' }, { mountPath: '/var/run/vpp', name: 'vpp-rundir' }, { mountPath: '/run/netns/', mountPropagation: 'Bidirectional', name: 'netns' }] },
            { ...common, name: 'vpp', image: VPP_IMAGE, env: vppEnv, resources: { requests: { cpu: '500m', memory: '512Mi' } }, volumeMounts: [{ mountPath: '/lib/firmware', name: 'lib-firmware' }, { mountPath: '/var/run/vpp', name: 'vpp-rundir' }, { mountPath: '/var/lib/vpp', name: 'vpp-data' }, { mountPath: '/etc/vpp', name: 'vpp-config' }, { mountPath: '/dev', name: 'devices' }, { mountPath: '/sys', name: 'hostsys' }, { mountPath: '/run/netns/', mountPropagation: 'Bidirectional', name: 'netns' }, { mountPath: '/host', name: 'host-root' }] },
          ],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: true,
          hostPID: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          serviceAccount: 'calico-vpp-node-sa',
          serviceAccountName: 'calico-vpp-node-sa',
          terminationGracePeriodSeconds: 10,
          tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }],
          volumes: [['lib-firmware', '/lib/firmware'], ['vpp-rundir', '/var/run/vpp'], ['vpp-data', '/var/lib/vpp', 'DirectoryOrCreate'], ['vpp-config', '/etc/vpp'], ['devices', '/dev'], ['hostsys', '/sys'], ['var-run-calico', '/var/run/calico'], ['netns', '/run/netns'], ['felix-plugins', '/var/lib/calico/felix-plugins'], ['host-root', '/']].map(([name, path, type]) => ({ hostPath: { path: path ?? '', type: type ?? '' }, name: name ?? '' })),
        },
      },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: { currentNumberScheduled: nodes, desiredNumberScheduled: nodes, numberAvailable: nodes, numberMisscheduled: 0, numberReady: nodes, observedGeneration: 1, updatedNumberScheduled: nodes },
  };
  if (layout === 'bash') Object.assign(obj, { apiVersion: 'apps/v1', kind: 'DaemonSet' });
  return toYaml(obj);
}

// ---- describe --------------------------------------------------------------------------------

/** `kubectl describe pod/<calico-vpp-node-…>` and `…/<calico-node-…>` (kubectl's describe printer). */
export function describePod(ctx: Ctx, node: VppNode, which: 'vpp' | 'calico'): string {
  const pod = clusterPods(ctx).find((p) => p.node === node.name && p.name === (which === 'vpp' ? vppPodName(node.name) : calicoNodePodName(node.name)));
  if (!pod) return '';
  const started = rfc1123z(pod.createdS + 4);
  const lines = [
    `Name:                 ${pod.name}`,
    `Namespace:            ${pod.namespace}`,
    'Priority:             2000001000',
    'Priority Class Name:  system-node-critical',
    `Service Account:      ${which === 'vpp' ? 'calico-vpp-node-sa' : 'calico-node'}`,
    `Node:                 ${node.name}/${node.ip}`,
    `Start Time:           ${rfc1123z(pod.createdS)}`,
    `Labels:               controller-revision-hash=${(hashString(pod.name) >>> 0).toString(16).slice(0, 9)}`,
    `                      k8s-app=${pod.labels['k8s-app'] ?? ''}`,
    '                      pod-template-generation=1',
    'Annotations:          <none>',
    'Status:               Running',
    `IP:                   ${pod.ip}`,
    'IPs:',
    `  IP:           ${pod.ip}`,
    `Controlled By:  DaemonSet/${which === 'vpp' ? 'calico-vpp-node' : 'calico-node'}`,
    'Containers:',
  ];
  for (const c of pod.containers) {
    lines.push(
      `  ${c.name}:`,
      `    Container ID:   containerd://${(hashString(`${pod.name}/${c.name}/a`) >>> 0).toString(16).padStart(8, '0')}${(hashString(`${pod.name}/${c.name}/b`) >>> 0).toString(16).padStart(8, '0')}`,
      `    Image:          ${c.image}`,
      `    Image ID:       ${c.image.replace(/:[^:]+$/, '')}@sha256:${(hashString(c.image) >>> 0).toString(16).padStart(8, '0').repeat(8)}`,
      '    Port:           <none>',
      '    Host Port:      <none>',
      '    State:          Running',
      `      Started:      ${started}`,
      '    Ready:          True',
      `    Restart Count:  ${pod.restarts}`,
      '    Requests:',
      `      cpu:     ${c.name === 'vpp' ? '500m' : '250m'}`,
    );
    if (c.name === 'vpp') lines.push('      memory:  512Mi');
    if (c.name === 'agent') lines.push('    Liveness:   http-get http://:9090/liveness delay=30s timeout=3s period=10s #success=1 #failure=3', '    Readiness:  http-get http://:9090/readiness delay=10s timeout=3s period=5s #success=1 #failure=3', '    Startup:    http-get http://:9090/liveness delay=30s timeout=3s period=30s #success=1 #failure=10');
    lines.push('    Environment Variables from:', '      calico-vpp-config  ConfigMap  Optional: false', '    Environment:', '      DATASTORE_TYPE:      kubernetes', '      WAIT_FOR_DATASTORE:  true', '      NODENAME:             (v1:spec.nodeName)');
    lines.push('    Mounts:', '      /var/run/vpp from vpp-rundir (rw)');
  }
  lines.push(
    'Conditions:',
    '  Type                        Status',
    '  PodReadyToStartContainers   True ',
    '  Initialized                 True ',
    '  Ready                       True ',
    '  ContainersReady             True ',
    '  PodScheduled                True ',
    'Volumes:',
    '  vpp-rundir:',
    '    Type:          HostPath (bare host directory volume)',
    '    Path:          /var/run/vpp',
    '    HostPathType:  ',
    'QoS Class:                   Burstable',
    'Node-Selectors:              kubernetes.io/os=linux',
    'Tolerations:                 :NoSchedule op=Exists',
    '                             :NoExecute op=Exists',
    '                             CriticalAddonsOnly op=Exists',
    'Events:                      <none>',
  );
  return lines.join('\n') + '\n';
}

// ---- logs ------------------------------------------------------------------------------------

function logrus(epochS: number, level: string, msg: string, fields = ''): string {
  return `time="${rfc3339(epochS)}" level=${level} msg=${JSON.stringify(msg)}${fields ? ` ${fields}` : ''}`;
}

/** The vpp container's log: vpp-manager (logrus) around VPP's start. */
export function vppManagerLog(ctx: Ctx, node: VppNode): string {
  const t = vppStartS(node) - 2;
  const driver = node.spec.uplink.driver;
  const mac = node.uplink.mac ?? [];
  const macText = mac.map((b) => b.toString(16).padStart(2, '0')).join(':');
  const l = (dt: number, msg: string, level = 'info') => logrus(t + dt, level, msg);
  const out = [
    l(0, '-- Environment --'),
    l(0, 'Hugepages            0'),
    l(0, 'KernelVersion        6.8.0'),
    l(0, `Drivers              map[${driver === 'dpdk' ? 'uio_pci_generic:true vfio-pci:true' : 'vfio-pci:false'}]`),
    l(0, 'initial iommu status N'),
    l(0, '-- Interface Spec --'),
    l(0, `Interface Name:      ${node.uplinkLinuxName}`),
    l(0, `Native Driver:       ${driver}`),
    l(0, 'New Drive Name:      '),
    l(0, 'PHY target #Queues   rx:1 tx:1'),
    l(0, 'Tap MTU:             0'),
    l(0, '-- Interface config --'),
    l(0, `Node IP4:            ${node.ip}/24`),
    l(0, 'Node IP6:            '),
    l(0, `PciID:               0000:00:0${node.uplink.swIfIndex + 7}.0`),
    l(0, `Driver:              ${driver === 'dpdk' ? 'e1000' : 'virtio_net'}`),
    l(0, 'Linux IF was up ?    true'),
    l(0, 'Promisc was on ?     false'),
    l(0, 'DoSwapDriver:        false'),
    l(0, `Mac:                 ${macText}`),
    l(0, `Addresses:           [${node.ip}/24 ${node.uplinkLinuxName}]`),
    l(0, `Routes:              [{Ifindex: 2 Dst: <nil> Src: ${node.ip} Gw: ${ctx.sim.cluster.gateway} Flags: [] Table: 254 Realm: 0}]`),
    l(0, 'PHY original #Queues rx:1 tx:1'),
    l(0, `MTU                  ${node.uplink.mtu}`),
    l(0, 'isTunTap             false'),
    l(0, 'isVeth               false'),
    l(0, `Running with uplink ${driver}`),
    l(2, 'Creating Linux side interface'),
    l(2, `Adding address ${node.ip}/24 to tap interface`),
    l(2, `Using default route gateway ${ctx.sim.cluster.gateway} as next hop for cluster IPv4 routes`),
    l(3, `Setting BGP nodeIP ${node.ip}/24`),
    l(3, "Node doesn't need updating :)"),
  ];
  return out.join('\n') + '\n';
}

/** The agent container's log: start-up, routing, and the CNI's pod additions. */
export function agentLog(ctx: Ctx, node: VppNode): string {
  const t = vppStartS(node) + 5;
  const l = (dt: number, msg: string, level = 'info', fields = '') => logrus(t + dt, level, msg, fields);
  const out = [
    l(0, 'Waiting for Felix configuration...'),
    l(1, 'FelixConfig received from calico pod'),
    l(1, 'BGP spec received from node add'),
    l(1, 'Felix configuration received'),
    l(2, 'Agent started'),
    l(2, 'Routing server started', 'info', 'component=routing'),
  ];
  if (ctx.faults.bgp.has(node.name)) {
    const err = 'failed to start BGP server: listen tcp 0.0.0.0:179: bind: address already in use';
    out.push(l(2, `Tomb function errored with ${err}`, 'warning'), l(2, `tomb Dying ${err}`, 'error'));
  } else {
    out.push(l(3, 'Routing server is running ', 'info', 'component=routing'));
  }
  const pods = ctx.sim.cluster.spec.pods.filter((p) => p.node === node.name);
  pods.forEach((p, k) => {
    const pt = 90 + k * 7;
    const tun = node.iface(p.tun);
    const key = `netns:/var/run/netns/cni-${netnsUuid(p)},if:eth0`;
    const f = 'component=cni';
    out.push(
      l(pt, `pod(add) spec=${key} [${p.ip}/32] network=`, 'info', f),
      l(pt, 'pod(add) VRF', 'info', f),
      l(pt, 'pod(add) loopback', 'info', f),
      l(pt, 'pod(add) tuntap', 'info', f),
      l(pt + 1, `pod(add) tun swIfIndex=${tun.swIfIndex}`, 'info', f),
      l(pt + 1, `pod(add) Enable interface[${tun.swIfIndex}] SNAT`, 'info', f),
      l(pt + 1, `pod(add) Done tun swIfIndex=${tun.swIfIndex}`, 'info', f),
      l(pt + 1, `pod(add) Default routes to swIfIndex=${tun.swIfIndex} isL3=true`, 'info', f),
      l(pt + 1, `pod(add) route [podVRF ->MainIF] v4 ${p.ip}/32 -> [if:${tun.swIfIndex}]`, 'info', f),
      l(pt + 1, 'pod(add) announcing pod Addresses', 'info', f),
      l(pt + 1, 'pod(add) HostPorts', 'info', f),
      l(pt + 1, 'pod(add) activate strict RPF on interface', 'info', f),
      l(pt + 1, `pod(add) Done spec=${key} [${p.ip}/32]`, 'info', f),
    );
  });
  return out.join('\n') + '\n';
}

/** The calico-node container's log (felix, its dataplane is the VPP agent). */
export function calicoNodeLog(ctx: Ctx, node: VppNode): string {
  const start = wallS(0) - CLUSTER_AGE_S + 600 + 20;
  const ts = (dt: number) => rfc3339(start + dt).replace('T', ' ').replace('Z', '.101');
  return [
    `${ts(0)} [INFO][9] felix/daemon.go 390: Felix starting up GOMAXPROCS=4 builddate="" gitcommit="" version="${CALICO_VERSION}"`,
    `${ts(1)} [INFO][9] felix/daemon.go 620: Using external dataplane driver. path="/usr/local/bin/felix-plugins/felix-api-proxy"`,
    `${ts(2)} [INFO][9] felix/int_dataplane.go 1310: Started internal dataplane driver`,
    `${ts(3)} [INFO][9] felix/health.go 206: Overall health status changed: live=true ready=true`,
  ].join('\n') + '\n' + (node.name ? '' : '');
}

/** The tigera-operator's log (zap JSON lines). */
export function operatorLog(ctx: Ctx): string {
  const start = wallS(0) - CLUSTER_AGE_S + 300;
  const z = (dt: number, logger: string, msg: string) => JSON.stringify({ level: 'info', ts: rfc3339(start + dt), logger, msg });
  void ctx;
  return [
    z(0, 'setup', 'Checking type of cluster'),
    z(1, 'setup', 'Checking if PodSecurityPolicies are supported by the cluster'),
    z(2, 'controller_installation', 'Reconciling Installation.operator.tigera.io'),
    z(5, 'status_manager', 'Status update'),
  ].join('\n') + '\n';
}

/** kubelet's journal, as `sudo journalctl -u kubelet -r -n200` prints it on a machine without kubelet. */
export function kubeletJournal(): string {
  return '-- No entries --\n';
}

export function uptimeAt(ctx: Ctx, node: VppNode): number {
  return uptimeS(node, ctx.exportUs);
}

export { ORPHAN_SERVICE };
