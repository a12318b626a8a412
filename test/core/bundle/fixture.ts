// Test bundles in both export layouts, built from the real corpus (../shared/corpus) for VPP outputs
// and from text shaped like kubectl / vpp-manager / agent output for the rest. Faults can be planted
// by editing the returned file map before it is packed with the real `tar` and `gzip` commands.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { centred, centredHeader } from '../../../src/core/vpp-state/text';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

export function corpus(rel: string): string {
  return readFileSync(path.join(corpusDir, rel), 'utf8');
}

export const NODE_A = 'node-a';
/** A node name with dots, as on clouds (FQDN names). */
export const NODE_B = 'node-b.example.com';
export const NODES = [NODE_A, NODE_B];
export const NODE_IP: Record<string, string> = { [NODE_A]: '172.18.0.3', [NODE_B]: '172.18.0.4' };

export interface PodSpec {
  namespace: string;
  name: string;
  ip: string;
  node: string;
  status?: string;
  restarts?: string;
  ready?: string;
}

export const PODS: PodSpec[] = [
  { namespace: 'calico-system', name: 'calico-node-7xk2p', ip: NODE_IP[NODE_A]!, node: NODE_A },
  { namespace: 'calico-system', name: 'calico-node-q9w4m', ip: NODE_IP[NODE_B]!, node: NODE_B },
  { namespace: 'calico-vpp-dataplane', name: 'calico-vpp-node-hz6tr', ip: NODE_IP[NODE_A]!, node: NODE_A, ready: '2/2' },
  { namespace: 'calico-vpp-dataplane', name: 'calico-vpp-node-p2dfs', ip: NODE_IP[NODE_B]!, node: NODE_B, ready: '2/2' },
  { namespace: 'kube-system', name: 'coredns-76f75df574-8zl5q', ip: '11.0.0.130', node: NODE_A },
  { namespace: 'default', name: 'web-7d4b9c6f5-k2x8p', ip: '11.0.0.131', node: NODE_A },
  { namespace: 'default', name: 'web-7d4b9c6f5-tq7zn', ip: '11.0.1.10', node: NODE_B },
];

/** Per node: tun name, sw_if_index, pod ip, netns uuid. */
export const TUNS: Record<string, Array<{ tun: string; swIfIndex: number; ip: string; netns: string }>> = {
  [NODE_A]: [
    { tun: 'tun1', swIfIndex: 5, ip: '11.0.0.130', netns: 'cni-fa68a216-bdc4-47ff-a2ec-20f526c85442' },
    { tun: 'tun2', swIfIndex: 6, ip: '11.0.0.131', netns: 'cni-0b6c2d41-97e3-4a55-8e0a-5a1f3c9d7e21' },
  ],
  [NODE_B]: [{ tun: 'tun1', swIfIndex: 5, ip: '11.0.1.10', netns: 'cni-5c0a9e77-13d2-4f1b-9b6e-2e8d4c1a0f33' }],
};

// ---- kubectl tables ----

function aligned(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

function tsv(rows: string[][]): string {
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function getPods(pods: PodSpec[], layout: 'bash' | 'go'): string {
  const head = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];
  const rows = pods.map((p) => [p.namespace, p.name, p.ready ?? '1/1', p.status ?? 'Running', p.restarts ?? '0', layout === 'go' ? '26h3m4s' : '26h', p.ip, p.node, '<none>', '<none>']);
  return layout === 'go' ? tsv([head, ...rows]) : aligned([head, ...rows]);
}

export interface SvcSpec {
  namespace: string;
  name: string;
  clusterIp: string;
  ports: string;
  selector: string;
}

export const SERVICES: SvcSpec[] = [
  { namespace: 'default', name: 'kubernetes', clusterIp: '10.96.0.1', ports: '443/TCP', selector: '<none>' },
  { namespace: 'default', name: 'web', clusterIp: '10.96.100.5', ports: '80/TCP', selector: 'app=web' },
  { namespace: 'kube-system', name: 'kube-dns', clusterIp: '10.96.0.10', ports: '53/UDP,53/TCP,9153/TCP', selector: 'k8s-app=kube-dns' },
];

export function getServices(svcs: SvcSpec[], layout: 'bash' | 'go'): string {
  const head = ['NAMESPACE', 'NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR'];
  const rows = svcs.map((s) => [s.namespace, s.name, 'ClusterIP', s.clusterIp, '<none>', s.ports, '26h', s.selector]);
  return layout === 'go' ? tsv([head, ...rows]) : aligned([head, ...rows]);
}

export function getNodes(layout: 'bash' | 'go'): string {
  const head = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'];
  const rows = NODES.map((n, i) => [n, 'Ready', i === 0 ? 'control-plane' : '<none>', '26h', 'v1.30.2', NODE_IP[n]!, '<none>', 'Ubuntu 22.04.4 LTS', '5.15.0-113-generic', 'containerd://1.7.12']);
  return layout === 'go' ? tsv([head, ...rows]) : aligned([head, ...rows]);
}

// ---- manifests ----

export function vppConfigMap(opts: { corePattern?: boolean; driver?: string } = {}): string {
  const core = opts.corePattern === false ? '' : ',\n      "corePattern": "/var/lib/vpp/vppcore.%e.%p"';
  return `apiVersion: v1
data:
  CALICOVPP_CONFIG_TEMPLATE: |-
    unix {
      nodaemon
      full-coredump
      cli-listen /var/run/vpp/cli.sock
      pidfile /run/vpp/vpp.pid
      exec /etc/vpp/startup.exec
    }
    buffers {
      buffers-per-numa 131072
    }
  CALICOVPP_INITIAL_CONFIG: |-
    {
      "vppStartupSleepSeconds": 1${core}
    }
  CALICOVPP_INTERFACES: |-
    {
      "maxPodIfSpec": {
        "rx": 10, "tx": 10, "rxqsz": 1024, "txqsz": 1024
      },
      "defaultPodIfSpec": {
        "rx": 1, "tx":1, "isl3": true
      },
      "vppHostTapSpec": {
        "rx": 1, "tx":1, "rxqsz": 1024, "txqsz": 1024, "isl3": false
      },
      "uplinkInterfaces": [
        {
          "interfaceName": "eth0",
          "vppDriver": "${opts.driver ?? 'af_packet'}"
        }
      ]
    }
  SERVICE_PREFIX: 10.96.0.0/12
kind: ConfigMap
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{},"name":"calico-vpp-config","namespace":"calico-vpp-dataplane"}}
  creationTimestamp: "2025-10-01T08:12:44Z"
  name: calico-vpp-config
  namespace: calico-vpp-dataplane
  resourceVersion: "1342"
  uid: 6b1f4f0e-2d1a-4f7e-9f63-0a1f0e8c2d55
`;
}

export const VPP_IMAGE = 'docker.io/calicovpp/vpp:v3.30.0';
export const AGENT_IMAGE = 'docker.io/calicovpp/agent:v3.30.0';

export function daemonSet(): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  annotations:
    deprecated.daemonset.template.generation: "1"
  creationTimestamp: "2025-10-01T08:12:44Z"
  generation: 1
  labels:
    k8s-app: calico-vpp-node
  name: calico-vpp-node
  namespace: calico-vpp-dataplane
spec:
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      k8s-app: calico-vpp-node
  template:
    metadata:
      creationTimestamp: null
      labels:
        k8s-app: calico-vpp-node
    spec:
      containers:
      - env:
        - name: DATASTORE_TYPE
          value: kubernetes
        - name: WAIT_FOR_DATASTORE
          value: "true"
        - name: NODENAME
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: spec.nodeName
        envFrom:
        - configMapRef:
            name: calico-vpp-config
        image: ${VPP_IMAGE}
        imagePullPolicy: IfNotPresent
        name: vpp
        resources:
          limits:
            hugepages-2Mi: 512Mi
          requests:
            cpu: 500m
            memory: 512Mi
        securityContext:
          privileged: true
      - env:
        - name: DATASTORE_TYPE
          value: kubernetes
        - name: NAMESPACE
          valueFrom:
            fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
        envFrom:
        - configMapRef:
            name: calico-vpp-config
        image: ${AGENT_IMAGE}
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 3
          httpGet:
            path: /liveness
            port: 9090
            scheme: HTTP
        name: agent
      hostNetwork: true
      hostPID: true
      tolerations:
      - effect: NoSchedule
        operator: Exists
status:
  currentNumberScheduled: 2
  desiredNumberScheduled: 2
  numberAvailable: 2
  numberReady: 2
`;
}

const INSTALLATION = `apiVersion: v1
items:
- apiVersion: operator.tigera.io/v1
  kind: Installation
  metadata:
    name: default
  spec:
    calicoNetwork:
      bgp: Enabled
      ipPools:
      - blockSize: 26
        cidr: 11.0.0.0/16
        encapsulation: IPIP
        natOutgoing: Enabled
        nodeSelector: all()
      linuxDataplane: VPP
    cni:
      type: Calico
kind: List
metadata:
  resourceVersion: ""
`;

const CNI_CONFIG = `apiVersion: v1
data:
  config: |-
    {
      "name": "k8s-pod-network",
      "cniVersion": "0.3.1",
      "plugins": [{"type": "calico", "dataplane_options": {"type": "grpc", "socket": "unix:///var/run/calico/cni-server.sock"}}]
    }
kind: ConfigMap
metadata:
  name: cni-config
  namespace: calico-system
`;

// ---- VPP outputs ----

interface IntSpec {
  name: string;
  idx: number;
  state: string;
  mtu: string;
  counters: Array<[string, number]>;
}

export function showInt(rows: IntSpec[]): string {
  const out = [centredHeader([['Name', 32], ['Idx', 5], ['State', 10], ['MTU (L3/IP4/IP6/MPLS)', 21], ['Counter', 16], ['Count', 16]])];
  for (const r of [...rows].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const head = r.name.padEnd(32) + centred(String(r.idx), 5) + centred(r.state, 10) + centred(r.mtu, 21);
    if (r.counters.length === 0) out.push(head.padEnd(68));
    r.counters.forEach(([l, v], i) => out.push((i === 0 ? head : ' '.repeat(68)) + l.padEnd(16) + String(v).padStart(16)));
  }
  return out.join('\n') + '\n';
}

export function nodeInterfaces(node: string): IntSpec[] {
  const base: IntSpec[] = [
    { name: 'local0', idx: 0, state: 'down', mtu: '0/0/0/0', counters: [] },
    { name: 'host-eth0', idx: 1, state: 'up', mtu: '1500/0/0/0', counters: [['rx packets', 32155], ['rx bytes', 9321877], ['tx packets', 30117], ['tx bytes', 5843210], ['drops', 106], ['ip4', 31907]] },
    { name: 'tap0', idx: 2, state: 'up', mtu: '1500/0/0/0', counters: [['rx packets', 30002], ['rx bytes', 5800321], ['tx packets', 31877], ['tx bytes', 9208111], ['ip4', 29950]] },
    { name: 'loop0', idx: 3, state: 'up', mtu: '9000/0/0/0', counters: [] },
    { name: 'ipip0', idx: 4, state: 'up', mtu: '9000/0/0/0', counters: [['rx packets', 412], ['rx bytes', 61200], ['tx packets', 398], ['tx bytes', 58210]] },
  ];
  for (const t of TUNS[node]!) base.push({ name: t.tun, idx: t.swIfIndex, state: 'up', mtu: '1480/0/0/0', counters: [['rx packets', 1200 + t.swIfIndex], ['rx bytes', 98000], ['tx packets', 1100], ['tx bytes', 87000], ['ip4', 1200]] });
  return base;
}

function hwLine(name: string, idx: number, link: string, device: string): string {
  return name.padEnd(32) + centred(String(idx), 6) + centred(link, 8) + device;
}

export function showHardware(node: string): string {
  const lines = [centred('Name', 32) + centred('Idx', 6) + centred('Link', 8) + 'Hardware'];
  lines.push(hwLine('host-eth0', 1, 'up', 'host-eth0'), '  Link speed: unknown', '  RX Queues:', '    queue thread         mode', '    0     main (0)       polling', '  Ethernet address 02:42:ac:12:00:03', '  Linux PACKET socket interface v3');
  lines.push(hwLine('tap0', 2, 'up', 'tap0'), '  Link speed: unknown', '  Ethernet address 02:ca:11:c0:fd:10', '  VIRTIO interface', '     instance 0');
  lines.push(hwLine('loop0', 3, 'up', 'loop0'), '  Ethernet address de:ad:00:00:00:00');
  lines.push(hwLine('ipip0', 4, 'up', 'ipip0'), '  IPIP');
  for (const t of TUNS[node]!) lines.push(hwLine(t.tun, t.swIfIndex, 'up', `tun${t.swIfIndex - 4}`), '  Link speed: unknown', '  tun-device', '  VIRTIO interface', `     instance ${t.swIfIndex - 4}`);
  lines.push(hwLine('local0', 0, 'down', 'local0'), '  local');
  return lines.join('\n') + '\n';
}

/** `show tun` built on the corpus tun10 block (its netns/name lines are the real format). */
export function showTun(node: string): string {
  const tpl = corpus('show-tun-tap/calicovpp-show-tun-tun10-grep-excerpt.txt');
  return TUNS[node]!.map((t, i) =>
    tpl
      .replace('Interface: tun10 (ifindex 23)', `Interface: ${t.tun} (ifindex ${t.swIfIndex})`)
      .replace(/cni-fa68a216-bdc4-47ff-a2ec-20f526c85442/, t.netns)
      .replace('Device instance: 10', `Device instance: ${i + 1}`),
  ).join('');
}

export function showIntRx(node: string): string {
  return ['Thread 0 (main):', '  node af-packet-input:', '    host-eth0 queue 0 (polling)', '  node virtio-input:', '    tap0 queue 0 (adaptive)', ...TUNS[node]!.map((t) => `    ${t.tun} queue 0 (adaptive)`)].join('\n') + '\n';
}

export function showErrStd(rows: Array<[number, string, string, string]>): string {
  const out = [centredHeader([['Count', 10], ['Node', 35], ['Reason', 35], ['Severity', 10]])];
  for (const [c, n, r, s] of rows) out.push(String(c).padStart(10) + centred(n, 35) + centred(r, 35) + centred(s, 10));
  return out.join('\n') + '\n';
}

const WEB_TRANSLATION = `[1] 10.96.100.5;80 TCP lb:default fhc:0x9f(default)
::;0->11.0.0.131;8080
  fib-entry:61
  [@0]: dpo-load-balance: [proto:ip4 index:62 buckets:1 uRPF:120 to:[112:9212]]
        [0] [@5]: ipv4 via 0.0.0.0 tun2: mtu:1480 next:11 flags:[features]
::;0->11.0.1.10;8080
  fib-entry:64
  [@0]: dpo-load-balance: [proto:ip4 index:65 buckets:1 uRPF:121 to:[97:8120]]
        [0] [@6]: ipv4 [features] via 0.0.0.0 ipip0: mtu:9000 next:9 flags:[features]
            stacked-on entry:50:
              [@2]: ipv4 via 172.18.0.4 host-eth0: mtu:1500 next:5 flags:[features]
 via:
  [@2]: dpo-load-balance: [proto:ip4 index:66 buckets:2 uRPF:-1 to:[0:0]]
[2] 10.96.0.10;53 UDP lb:default fhc:0x9f(default)
::;0->11.0.0.130;53
  fib-entry:70
  [@0]: dpo-load-balance: [proto:ip4 index:71 buckets:1 uRPF:130 to:[4410:301220]]
        [0] [@5]: ipv4 via 0.0.0.0 tun1: mtu:1480 next:10 flags:[features]
 via:
  [@2]: dpo-load-balance: [proto:ip4 index:72 buckets:1 uRPF:-1 to:[0:0]]
`;

/** A translation without backends (planted fault). */
export const EMPTY_TRANSLATION = `[3] 10.96.200.9;8080 TCP lb:default fhc:0x9f(default)
 via:
  [@2]: dpo-load-balance: [proto:ip4 index:80 buckets:1 uRPF:-1 to:[0:0]]
    [0] [@0]: dpo-drop ip4
`;

export function showCnatTranslation(): string {
  return corpus('cnat/calicovpp-show-cnat-translation-ipip-two-backends.txt') + WEB_TRANSLATION;
}

export function npolFiles(node: string): Record<string, string> {
  const tun = TUNS[node]![0]!;
  return {
    'show-npol-interfaces': `Interfaces with policies configured:
[${tun.tun} sw_if_index=${tun.swIfIndex} ]
  rx:
   rx-policy-default:1 rx-profile-default:0 
    [policy#0]
      rx:[rule#0;allow][dst==172.18.0.3/32,]
    [policy#2]
      rx:[rule#3;deny][proto==TCP,dst==[ipset#1;ip;11.0.0.200,11.0.0.201,],dst==[5432-5433],]
      rx:[rule#4;allow][proto==TCP,dst==11.0.0.0/16,]
  tx:
   tx-policy-default:1 tx-profile-default:0 
    [policy#1]
      tx:[rule#1;allow][src==172.18.0.3/32,]
  profiles:
    [policy#3]
      tx:[rule#5;allow][]
      rx:[rule#6;allow][]
`,
    'show-npol-policies': `[policy#0]
  rx:[rule#0;allow][dst==172.18.0.3/32,]

[policy#1]
  tx:[rule#1;allow][src==172.18.0.3/32,]

[policy#2]
  rx:[rule#3;deny][proto==TCP,dst==[ipset#1;ip;11.0.0.200,11.0.0.201,],dst==[5432-5433],]
  rx:[rule#4;allow][proto==TCP,dst==11.0.0.0/16,]

[policy#3]
  tx:[rule#5;allow][]
  rx:[rule#6;allow][]

`,
    'show-npol-rules': `[rule#0;allow][dst==172.18.0.3/32,]
[rule#1;allow][src==172.18.0.3/32,]
[rule#2;deny][]
[rule#3;deny][proto==TCP,dst==[ipset#1;ip;11.0.0.200,11.0.0.201,],dst==[5432-5433],]
[rule#4;allow][proto==TCP,dst==11.0.0.0/16,]
[rule#5;allow][]
[rule#6;allow][]
`,
    'show-npol-ipsets': `[ipset#0;prefix;11.0.0.0/16,]
[ipset#1;ip;11.0.0.200,11.0.0.201,]
[ipset#2;ip+port;TCP 11.0.0.131;8080,]
`,
  };
}

function logrus(ts: string, level: string, msg: string, extra = ''): string {
  return `time="${ts}" level=${level} msg=${JSON.stringify(msg)}${extra ? ' ' + extra : ''}`;
}

export function vppLog(): string {
  return (
    [
      logrus('2025-10-02T08:00:01Z', 'info', '-- Environment --'),
      logrus('2025-10-02T08:00:01Z', 'info', 'CorePattern:         /var/lib/vpp/vppcore.%e.%p'),
      logrus('2025-10-02T08:00:01Z', 'info', 'Service CIDRs:       [10.96.0.0/12]'),
      logrus('2025-10-02T08:00:01Z', 'info', '-- Interface Spec --'),
      logrus('2025-10-02T08:00:01Z', 'info', 'Interface Name:      eth0'),
      logrus('2025-10-02T08:00:01Z', 'info', 'Native Driver:       af_packet'),
      logrus('2025-10-02T08:00:02Z', 'info', 'Running with uplink af_packet'),
      logrus('2025-10-02T08:00:03Z', 'info', 'VPP started [PID 52]'),
    ].join('\n') + '\n'
  );
}

export function agentLog(node: string): string {
  const lines = [
    logrus('2025-10-02T08:00:05Z', 'info', 'Config:TapRxMode=adaptive'),
    logrus('2025-10-02T08:00:06Z', 'info', 'BGP server started', 'component=routing'),
  ];
  for (const t of TUNS[node]!) {
    lines.push(logrus('2025-10-02T08:01:00Z', 'info', `pod(add) spec=netns:/var/run/netns/${t.netns},if:eth0 [${t.ip}/32] network=`, 'component=cni'));
    lines.push(logrus('2025-10-02T08:01:00Z', 'info', `pod(add) route [podVRF ->MainIF] v4 ${t.ip}/32 -> [if:${t.swIfIndex}]`, 'component=cni'));
    lines.push(logrus('2025-10-02T08:01:00Z', 'info', `pod(add) Default routes to swIfIndex=${t.swIfIndex} isL3=true`, 'component=cni'));
  }
  return lines.join('\n') + '\n';
}

/** VPP's own complaint when the node has no free hugepages (a real vpp stdout line). */
export const VPP_NO_HUGEPAGES =
  '/usr/bin/vpp[52]: buffer: numa[0] falling back to non-hugepage backed buffer pool (vlib_physmem_shared_map_create: pmalloc_map_pages: failed to mmap 19 pages at 0x1000000000 fd 5 numa 0 flags 0x11: Cannot allocate memory)';

/** The planted BGP fault (an agent line). */
export const BGP_IN_USE = logrus('2025-10-02T08:00:06Z', 'fatal', 'failed to start BGP server: listen tcp 0.0.0.0:179: bind: address already in use', 'component=routing');

function calicoNodeLog(): string {
  return [
    '2025-10-02 08:00:00.101 [INFO][1] felix/daemon.go 390: Felix starting up',
    '2025-10-02 08:00:00.233 [INFO][1] felix/daemon.go 620: Using external dataplane driver. path="/usr/local/bin/felix-plugins/felix-api-proxy"',
  ].join('\n') + '\n';
}

function describeVppPod(node: string, pod: string): string {
  return `Name:                 ${pod}
Namespace:            calico-vpp-dataplane
Priority:             2000001000
Priority Class Name:  system-node-critical
Service Account:      calico-vpp-node-sa
Node:                 ${node}/${NODE_IP[node]}
Start Time:           Wed, 01 Oct 2025 08:12:50 +0000
Labels:               controller-revision-hash=7c5b8f9d6
                      k8s-app=calico-vpp-node
Status:               Running
IP:                   ${NODE_IP[node]}
Containers:
  vpp:
    Container ID:   containerd://3f2a1b
    Image:          ${VPP_IMAGE}
    Image ID:       docker.io/calicovpp/vpp@sha256:1a2b
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Wed, 01 Oct 2025 08:13:02 +0000
    Ready:          True
    Restart Count:  0
    Limits:
      hugepages-2Mi:  512Mi
    Requests:
      cpu:            500m
      hugepages-2Mi:  512Mi
      memory:         512Mi
  agent:
    Container ID:   containerd://9e8d7c
    Image:          ${AGENT_IMAGE}
    State:          Running
      Started:      Wed, 01 Oct 2025 08:13:03 +0000
    Ready:          True
    Restart Count:  0
Conditions:
  Type              Status
  Initialized       True
  Ready             True
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  26h   default-scheduler  Successfully assigned calico-vpp-dataplane/${pod} to ${node}
  Normal  Pulled     26h   kubelet            Container image "${VPP_IMAGE}" already present on machine
`;
}

/** A planted hugepages complaint for describe-vpp-pod events. */
export const HUGEPAGES_EVENT = '  Warning  FailedScheduling  2m (x5 over 10m)  default-scheduler  0/2 nodes are available: 2 Insufficient hugepages-2Mi.';

const KUBELET_JOURNAL = `Oct 02 08:10:00 node-a kubelet[812]: I1002 08:10:00.123456     812 kubelet.go:2450] "SyncLoop (PLEG): event for pod" pod="default/web-7d4b9c6f5-k2x8p"
Oct 02 08:00:00 node-a kubelet[812]: I1002 08:00:00.001234     812 server.go:487] "Kubelet version" kubeletVersion="v1.30.2"
`;

const OPERATOR_LOG = `{"level":"info","ts":"2025-10-02T08:00:00Z","logger":"controller_installation","msg":"Reconciling Installation.operator.tigera.io"}
{"level":"info","ts":"2025-10-02T08:00:01Z","logger":"status_manager","msg":"Status update"}
`;

const KUBECTL_VERSION = `Client Version: v1.30.2
Kustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3
Server Version: v1.30.2
`;

export type Layout = 'bash' | 'go';

export interface BuildOptions {
  layout: Layout;
  prefix?: string;
  pods?: PodSpec[];
}

/** The files of an export (relative path → content), ready to be edited (planted) and packed. */
export function exportFiles(opts: BuildOptions): Record<string, string> {
  const go = opts.layout === 'go';
  const dir = go ? 'calico-vpp-export-1734088' : 'export';
  const pre = go ? '20251002-081500-' : (opts.prefix ?? '');
  const f: Record<string, string> = {};
  const put = (name: string, text: string) => (f[`${dir}/${pre}${name}`] = text);
  put('kubectl-version', KUBECTL_VERSION);
  if (!go) put('kubelet-journal', KUBELET_JOURNAL);
  put('get-pods', getPods(opts.pods ?? PODS, opts.layout));
  put('get-services', getServices(SERVICES, opts.layout));
  put('get-nodes', getNodes(opts.layout));
  put('installation.yaml', INSTALLATION);
  put('cni-config.configmap.yaml', CNI_CONFIG);
  // bash: the ConfigMap overwrites the DaemonSet file (vppdev.sh writes both to the same name).
  put('calico-vpp-node.daemonset.yaml', go ? daemonSet() : vppConfigMap());
  if (go) put('calico-vpp-config.configmap.yaml', vppConfigMap());
  put('operator.log', OPERATOR_LOG);
  for (const node of NODES) {
    const vppPod = PODS.find((p) => p.node === node && p.name.startsWith('calico-vpp-node'))!.name;
    put(`${node}.hardware-interfaces`, showHardware(node));
    put(`${node}.show-run`, corpus('show-run/vpp1908-show-run-two-workers-handoffdemo.txt'));
    put(
      `${node}.show-err`,
      node === NODE_A
        ? corpus('show-err/calicovpp-show-errors-severity-column.txt')
        : showErrStd([
            [137390, 'ipip4-input', 'packets decapsulated', 'error'],
            [213058, 'tcp4-input', 'Packets punted', 'info'],
          ]),
    );
    put(`${node}.show-log`, corpus('log/calicovpp-show-log-tail-memif-disconnected.txt'));
    put(`${node}.show-buffers`, corpus('show-buffers/vpp2502dev-show-buffers-two-numa-pools.txt'));
    put(`${node}.show-int`, showInt(nodeInterfaces(node)));
    put(`${node}.show-int-rx`, showIntRx(node));
    put(`${node}.show-tun`, showTun(node));
    put(`${node}.describe-calico-node-pod`, describeVppPod(node, PODS.find((p) => p.node === node && p.name.startsWith('calico-node'))!.name).replace(/calico-vpp-dataplane/g, 'calico-system'));
    put(`${node}.calico-node.log`, calicoNodeLog());
    put(`${node}.describe-vpp-pod`, describeVppPod(node, vppPod));
    put(`${node}.vpp.log`, vppLog());
    put(`${node}.agent.log`, agentLog(node));
    put(`${node}.show-cnat-client`, '[0] cnat-client:[10.96.0.1] tr:1 sess:0 locks:2 exclusive\n[1] cnat-client:[10.96.100.5] tr:1 sess:4 locks:2 exclusive\n');
    put(`${node}.show-cnat-translation`, showCnatTranslation());
    put(`${node}.show-cnat-session`, corpus('cnat/calicovpp-show-cnat-session-verbose.txt'));
    put(`${node}.show-cnat-timestamp`, '');
    put(`${node}.show-cnat-snat`, `Source NAT\n  ip4: ${NODE_IP[node]};0\n  ip6: ::;0\n\nExcluded prefixes:\n  \n\nk8s pod interfaces:\n${TUNS[node]!.map((t) => `  ${t.tun}\n`).join('')}`);
    for (const [k, v] of Object.entries(npolFiles(node))) put(`${node}.${k}`, v);
    if (go) {
      const other = NODES.find((n) => n !== node)!;
      put(`${node}.show-ipip-tunnel`, `[0] instance 0 src ${NODE_IP[node]} dst ${NODE_IP[other]} table-ID 0 sw-if-idx 4 flags [none] dscp CS0\n`);
      put(`${node}.show-vxlan-tunnel`, 'No vxlan tunnels configured\n');
    }
  }
  return f;
}

/** Writes files under a fresh temporary directory; returns it. */
export function writeTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vpp-pathviz-bundle-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return root;
}

/** Packs a tree with the real tar command (gzip'ed with -z). Returns the archive path. */
export function tarGz(root: string, name = 'export.tar.gz', opts: { gzip?: boolean } = {}): string {
  const out = path.join(root, '..', `${path.basename(root)}-${name}`);
  const top = execFileSync('ls', [root]).toString().trim().split('\n');
  execFileSync('tar', [opts.gzip === false ? '-cf' : '-czf', out, '-C', root, ...top]);
  return out;
}

export function cleanup(...paths: string[]): void {
  for (const p of paths) rmSync(p, { recursive: true, force: true });
}

/** Finds the key of a file map by its suffix (e.g. `node-a.show-int`). */
export function key(files: Record<string, string>, suffix: string): string {
  const k = Object.keys(files).find((x) => x.endsWith(suffix));
  if (!k) throw new Error(`fixture has no file ending in ${suffix}`);
  return k;
}
