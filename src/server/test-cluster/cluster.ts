// The test cluster's objects: nodes, pods (with containers, their files, logs and VPP), config
// maps, namespaces — built from a plain TestClusterSpec and rendered as Kubernetes v1 JSON.
import { createHash } from 'node:crypto';
import type { ContainerRuntime } from './container-commands';
import type { ExecTarget } from './exec-handler';
import { MemFs } from './memfs';
import { BasicVppEngine, type VppctlEngine } from './vppctl-engine';

export const DEFAULT_VPP_NAMESPACE = 'calico-vpp-dataplane';
export const CALICO_SYSTEM_NAMESPACE = 'calico-system';

export interface TestVppPodSpec {
  /** Default `calico-vpp-node-` + five characters derived from the node name. */
  podName?: string;
  /** The node's VPP (what vppctl talks to). Default: a BasicVppEngine with an empty trace source. */
  engine?: VppctlEngine;
  /** Initial files of the vpp container, e.g. `{'/tmp/trace.pcap': bytes}`. */
  files?: Record<string, Uint8Array | string>;
  vppLog?: readonly string[];
  agentLog?: readonly string[];
  /** Container names (default vpp, agent). */
  containers?: readonly string[];
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
}

export interface TestNodeSpec {
  name: string;
  internalIP?: string;
  roles?: readonly string[];
  /** The calico-vpp-node pod on this node, or false for a node without the VPP dataplane. */
  vpp?: false | TestVppPodSpec;
  /** Log lines of the calico-node (felix) pod on this node; false: no calico-node pod. */
  felixLog?: false | readonly string[];
}

export interface TestPodSpec {
  namespace: string;
  name: string;
  nodeName: string;
  labels?: Record<string, string>;
  containers: readonly { name: string; image?: string; log?: readonly string[]; files?: Record<string, Uint8Array | string> }[];
  podIP?: string;
}

export interface TestClusterSpec {
  nodes: readonly TestNodeSpec[];
  /** Where the calico-vpp-node pods and the calico-vpp-config ConfigMap live (default calico-vpp-dataplane). */
  vppNamespace?: string;
  /** `uplinkInterfaces[0].vppDriver` of CALICOVPP_INTERFACES; null: no calico-vpp-config ConfigMap. */
  uplinkDriver?: string | null;
  configMaps?: readonly { namespace: string; name: string; data: Record<string, string> }[];
  pods?: readonly TestPodSpec[];
  kubernetesVersion?: string;
  /**
   * What a packet capture inside a pod's network namespace sees (the simulated `tcpdump` of debug
   * containers): IP packets with their time in µs since the epoch. Absent: captures see nothing.
   */
  podPackets?: (namespace: string, name: string) => { data: Uint8Array; timeUs: number }[];
}

/** An ephemeral (debug) container as `kubectl debug` adds it. */
export interface EphemeralContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  targetContainerName?: string;
  capabilities?: string[];
}

export interface LogEntry {
  timeMs: number;
  line: string;
}

/** A container's log with followers that are told about appended lines. */
export class LogBuffer {
  readonly entries: LogEntry[] = [];
  private readonly listeners = new Set<(e: LogEntry) => void>();

  append(line: string, timeMs: number): void {
    const e = { timeMs, line };
    this.entries.push(e);
    for (const l of this.listeners) l(e);
  }

  follow(fn: (e: LogEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

export interface ContainerState {
  name: string;
  image: string;
  fs: MemFs;
  vpp?: VppctlEngine;
  log: LogBuffer;
  /** Set for ephemeral (debug) containers. */
  ephemeral?: EphemeralContainerSpec & { startedMs: number };
}

export interface PodState {
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
  labels: Record<string, string>;
  containers: ContainerState[];
  phase: string;
  podIP: string;
  hostIP: string;
  hostNetwork: boolean;
  createdMs: number;
  owner?: { kind: string; name: string };
  /** Times restartPod was called (shown as the containers' restartCount). */
  restarts?: number;
}

export interface NodeState {
  name: string;
  uid: string;
  labels: Record<string, string>;
  internalIP: string;
  createdMs: number;
  kubeletVersion: string;
}

export interface ConfigMapState {
  namespace: string;
  name: string;
  uid: string;
  data: Record<string, string>;
  createdMs: number;
}

function uid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function suffix(seed: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = createHash('sha256').update(seed).digest();
  return Array.from(h.subarray(0, 5), (b) => alphabet[b % alphabet.length]).join('');
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The mutable state behind the API server. Tests may reach in (files, logs, clock). */
export class ClusterState {
  readonly nodes: NodeState[] = [];
  readonly pods: PodState[] = [];
  readonly configMaps: ConfigMapState[] = [];
  readonly vppNamespace: string;
  readonly kubernetesVersion: string;
  readonly podPackets: TestClusterSpec['podPackets'];
  private rv = 1000;
  private clockOffsetMs = 0;

  constructor(spec: TestClusterSpec) {
    this.vppNamespace = spec.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
    this.kubernetesVersion = spec.kubernetesVersion ?? 'v1.32.4';
    this.podPackets = spec.podPackets;
    const now = Date.now();
    const created = now - 3 * 86400_000;
    spec.nodes.forEach((n, i) => {
      const ip = n.internalIP ?? `172.18.0.${i + 2}`;
      const labels: Record<string, string> = {
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
      };
      for (const r of n.roles ?? (i === 0 ? ['control-plane'] : [])) labels[`node-role.kubernetes.io/${r}`] = '';
      this.nodes.push({ name: n.name, uid: uid(`node/${n.name}`), labels, internalIP: ip, createdMs: created, kubeletVersion: this.kubernetesVersion });
      if (n.vpp !== false) {
        const v = n.vpp ?? {};
        const podName = v.podName ?? `calico-vpp-node-${suffix(n.name)}`;
        const names = v.containers ?? ['vpp', 'agent'];
        const containers = names.map((c): ContainerState => {
          const log = new LogBuffer();
          const lines = c === 'vpp' ? v.vppLog ?? defaultVppLog(n.name) : c === 'agent' ? v.agentLog ?? defaultAgentLog(n.name) : [];
          lines.forEach((l, k) => log.append(l, created + 60_000 + k * 1000));
          return {
            name: c,
            image: c === 'vpp' ? 'docker.io/calicovpp/vpp:v3.30.0' : c === 'agent' ? 'docker.io/calicovpp/agent:v3.30.0' : `example/${c}:latest`,
            fs: new MemFs(c === 'vpp' ? v.files ?? {} : {}),
            vpp: c === 'vpp' ? v.engine ?? new BasicVppEngine() : undefined,
            log,
          };
        });
        this.pods.push({
          namespace: this.vppNamespace,
          name: podName,
          uid: uid(`pod/${this.vppNamespace}/${podName}`),
          nodeName: n.name,
          labels: { 'k8s-app': 'calico-vpp-node', 'controller-revision-hash': '5d8f7c9b6d', 'pod-template-generation': '1' },
          containers,
          phase: v.phase ?? 'Running',
          podIP: ip,
          hostIP: ip,
          hostNetwork: true,
          createdMs: created + 30_000,
          owner: { kind: 'DaemonSet', name: 'calico-vpp-node' },
        });
      }
      if (n.felixLog !== false) {
        const podName = `calico-node-${suffix(`felix/${n.name}`)}`;
        const log = new LogBuffer();
        (n.felixLog ?? defaultFelixLog()).forEach((l, k) => log.append(l, created + 90_000 + k * 1000));
        this.pods.push({
          namespace: CALICO_SYSTEM_NAMESPACE,
          name: podName,
          uid: uid(`pod/${CALICO_SYSTEM_NAMESPACE}/${podName}`),
          nodeName: n.name,
          labels: { 'k8s-app': 'calico-node' },
          containers: [{ name: 'calico-node', image: 'docker.io/calico/node:v3.30.0', fs: new MemFs(), log }],
          phase: 'Running',
          podIP: ip,
          hostIP: ip,
          hostNetwork: true,
          createdMs: created + 20_000,
          owner: { kind: 'DaemonSet', name: 'calico-node' },
        });
      }
    });
    for (const p of spec.pods ?? []) {
      const node = this.nodes.find((n) => n.name === p.nodeName);
      this.pods.push({
        namespace: p.namespace,
        name: p.name,
        uid: uid(`pod/${p.namespace}/${p.name}`),
        nodeName: p.nodeName,
        labels: { ...(p.labels ?? {}) },
        containers: p.containers.map((c) => {
          const log = new LogBuffer();
          (c.log ?? []).forEach((l, k) => log.append(l, created + 120_000 + k * 1000));
          return { name: c.name, image: c.image ?? `example/${c.name}:latest`, fs: new MemFs(c.files ?? {}), log };
        }),
        phase: 'Running',
        podIP: p.podIP ?? '10.244.0.10',
        hostIP: node?.internalIP ?? '',
        hostNetwork: false,
        createdMs: created + 200_000,
      });
    }
    if (spec.uplinkDriver !== null) {
      const driver = spec.uplinkDriver ?? 'af_packet';
      this.configMaps.push({
        namespace: this.vppNamespace,
        name: 'calico-vpp-config',
        uid: uid('cm/calico-vpp-config'),
        createdMs: created,
        data: {
          CALICOVPP_INTERFACES: JSON.stringify(
            { maxPodIfSpec: { rx: 10, tx: 10, rxqsz: 1024, txqsz: 1024 }, defaultPodIfSpec: { rx: 1, tx: 1, isl3: true }, vppHostTapSpec: { rx: 1, tx: 1, rxqsz: 1024, txqsz: 1024, isl3: false }, uplinkInterfaces: [{ interfaceName: 'eth0', vppDriver: driver }] },
            null,
            2,
          ),
          CALICOVPP_INITIAL_CONFIG: JSON.stringify({ vppStartupSleepSeconds: 1, corePattern: '/var/lib/vpp/vppcore.%e.%p' }, null, 2),
          SERVICE_PREFIX: '10.96.0.0/12',
        },
      });
    }
    for (const c of spec.configMaps ?? []) {
      this.configMaps.push({ namespace: c.namespace, name: c.name, uid: uid(`cm/${c.namespace}/${c.name}`), data: { ...c.data }, createdMs: created });
    }
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Moves the cluster clock (what the VPP engines see) forward. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  namespaces(): string[] {
    const s = new Set(['default', 'kube-system', 'kube-public', this.vppNamespace, CALICO_SYSTEM_NAMESPACE]);
    for (const p of this.pods) s.add(p.namespace);
    for (const c of this.configMaps) s.add(c.namespace);
    return [...s].sort();
  }

  pod(namespace: string, name: string): PodState | undefined {
    return this.pods.find((p) => p.namespace === namespace && p.name === name);
  }

  /** The calico-vpp-node pod on `node`, if any. */
  vppPodOn(node: string): PodState | undefined {
    return this.pods.find((p) => p.namespace === this.vppNamespace && p.nodeName === node && p.name.startsWith('calico-vpp-node'));
  }

  container(namespace: string, pod: string, container: string): ContainerState | undefined {
    return this.pod(namespace, pod)?.containers.find((c) => c.name === container);
  }

  runtimeOf(t: ExecTarget): ContainerRuntime | undefined {
    const p = this.pod(t.namespace, t.pod);
    const c = p?.containers.find((x) => x.name === t.container);
    if (!p || !c) return undefined;
    const packets = c.ephemeral && !p.hostNetwork ? () => this.podPackets?.(p.namespace, p.name) ?? [] : undefined;
    return { node: p.nodeName, fs: c.fs, vpp: c.vpp, podPackets: packets };
  }

  /**
   * Adds an ephemeral container as the API server's pods/ephemeralcontainers subresource does:
   * the name must be new in the pod, the image set; it starts running at once. Returns an error
   * message (the API server's 422 wording) or null.
   */
  addEphemeralContainer(namespace: string, pod: string, e: EphemeralContainerSpec): string | null {
    const p = this.pod(namespace, pod);
    if (!p) return `pods "${pod}" not found`;
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(e.name)) return `Pod "${pod}" is invalid: spec.ephemeralContainers[0].name: Invalid value: "${e.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`;
    if (!e.image) return `Pod "${pod}" is invalid: spec.ephemeralContainers[0].image: Required value`;
    if (p.containers.some((c) => c.name === e.name)) return `Pod "${pod}" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "${e.name}"`;
    if (e.targetContainerName && !p.containers.some((c) => c.name === e.targetContainerName && !c.ephemeral)) return `Pod "${pod}" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: "${e.targetContainerName}"`;
    p.containers.push({ name: e.name, image: e.image, fs: new MemFs({}), log: new LogBuffer(), ephemeral: { ...e, startedMs: this.now() } });
    this.rv++;
    return null;
  }

  /**
   * Simulates the pod being replaced (e.g. the DaemonSet recreated it after VPP crashed): a new UID,
   * fresh container files, every VPP engine reset (trace, captures, filters gone). The name stays,
   * so clients that look the pod up again find it.
   */
  restartPod(namespace: string, name: string): PodState {
    const p = this.pod(namespace, name);
    if (!p) throw new Error(`no pod ${namespace}/${name}`);
    p.restarts = (p.restarts ?? 0) + 1;
    p.uid = uid(`pod/${namespace}/${name}/restart-${p.restarts}`);
    for (const c of p.containers) {
      for (const f of c.fs.list()) c.fs.remove(f);
      c.vpp?.reset?.();
      c.log.append(`container ${c.name} restarted`, this.now());
    }
    this.rv++;
    return p;
  }

  appendLog(namespace: string, pod: string, container: string, line: string): void {
    const c = this.container(namespace, pod, container);
    if (!c) throw new Error(`no container ${container} in pod ${namespace}/${pod}`);
    c.log.append(line, this.now());
  }

  // ---- JSON renderings (core/v1) ----

  nodeJson(n: NodeState): Record<string, unknown> {
    return {
      kind: 'Node',
      apiVersion: 'v1',
      metadata: { name: n.name, uid: n.uid, resourceVersion: this.resourceVersion(), creationTimestamp: iso(n.createdMs), labels: n.labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
      spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
      status: {
        capacity: { cpu: '8', memory: '16318412Ki', pods: '110', 'hugepages-2Mi': '1Gi' },
        allocatable: { cpu: '8', memory: '15167436Ki', pods: '110', 'hugepages-2Mi': '1Gi' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: iso(this.now()), lastTransitionTime: iso(n.createdMs), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', lastHeartbeatTime: iso(this.now()), lastTransitionTime: iso(n.createdMs), reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', lastHeartbeatTime: iso(this.now()), lastTransitionTime: iso(n.createdMs), reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', lastHeartbeatTime: iso(this.now()), lastTransitionTime: iso(n.createdMs + 60_000), reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [{ type: 'InternalIP', address: n.internalIP }, { type: 'Hostname', address: n.name }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: n.uid.replace(/-/g, ''),
          systemUUID: n.uid,
          bootID: n.uid,
          kernelVersion: '6.8.0-49-generic',
          osImage: 'Ubuntu 24.04.1 LTS',
          containerRuntimeVersion: 'containerd://1.7.24',
          kubeletVersion: n.kubeletVersion,
          kubeProxyVersion: n.kubeletVersion,
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  }

  podJson(p: PodState): Record<string, unknown> {
    const started = iso(p.createdMs + 5000);
    const running = p.phase === 'Running';
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: p.name,
        namespace: p.namespace,
        uid: p.uid,
        resourceVersion: this.resourceVersion(),
        creationTimestamp: iso(p.createdMs),
        labels: p.labels,
        ...(p.owner ? { generateName: `${p.owner.name}-`, ownerReferences: [{ apiVersion: 'apps/v1', kind: p.owner.kind, name: p.owner.name, uid: uid(`owner/${p.owner.name}`), controller: true, blockOwnerDeletion: true }] } : {}),
      },
      spec: {
        containers: p.containers.filter((c) => !c.ephemeral).map((c) => ({ name: c.name, image: c.image, imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' })),
        ...(p.containers.some((c) => c.ephemeral)
          ? {
              ephemeralContainers: p.containers.filter((c) => c.ephemeral).map((c) => ({
                name: c.name, image: c.image, imagePullPolicy: 'IfNotPresent',
                ...(c.ephemeral!.command ? { command: c.ephemeral!.command } : {}),
                ...(c.ephemeral!.args ? { args: c.ephemeral!.args } : {}),
                ...(c.ephemeral!.targetContainerName ? { targetContainerName: c.ephemeral!.targetContainerName } : {}),
                ...(c.ephemeral!.capabilities ? { securityContext: { capabilities: { add: c.ephemeral!.capabilities } } } : {}),
                terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
              })),
            }
          : {}),
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
        serviceAccountName: p.owner?.name ?? 'default',
        serviceAccount: p.owner?.name ?? 'default',
        nodeName: p.nodeName,
        hostNetwork: p.hostNetwork,
        schedulerName: 'default-scheduler',
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: p.phase,
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: iso(p.createdMs) },
          { type: 'Ready', status: running ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: started },
          { type: 'ContainersReady', status: running ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: started },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(p.createdMs) },
        ],
        hostIP: p.hostIP,
        hostIPs: p.hostIP ? [{ ip: p.hostIP }] : [],
        podIP: p.podIP,
        podIPs: [{ ip: p.podIP }],
        startTime: iso(p.createdMs),
        qosClass: 'Burstable',
        ...(p.containers.some((c) => c.ephemeral)
          ? {
              ephemeralContainerStatuses: p.containers.filter((c) => c.ephemeral).map((c) => ({
                name: c.name,
                state: { running: { startedAt: iso(c.ephemeral!.startedMs) } },
                lastState: {},
                ready: false,
                restartCount: 0,
                image: c.image,
                imageID: `${c.image.split(':')[0]}@sha256:${createHash('sha256').update(c.image).digest('hex')}`,
                containerID: `containerd://${createHash('sha256').update(`${p.uid}/${c.name}`).digest('hex')}`,
              })),
            }
          : {}),
        containerStatuses: p.containers.filter((c) => !c.ephemeral).map((c) => ({
          name: c.name,
          state: running ? { running: { startedAt: started } } : { waiting: { reason: 'ContainerCreating' } },
          lastState: {},
          ready: running,
          restartCount: p.restarts ?? 0,
          image: c.image,
          imageID: `${c.image.split(':')[0]}@sha256:${createHash('sha256').update(c.image).digest('hex')}`,
          containerID: `containerd://${createHash('sha256').update(`${p.uid}/${c.name}`).digest('hex')}`,
          started: running,
        })),
      },
    };
  }

  configMapJson(c: ConfigMapState): Record<string, unknown> {
    return {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: c.name, namespace: c.namespace, uid: c.uid, resourceVersion: this.resourceVersion(), creationTimestamp: iso(c.createdMs) },
      data: c.data,
    };
  }

  namespaceJson(name: string): Record<string, unknown> {
    return {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name, uid: uid(`ns/${name}`), resourceVersion: this.resourceVersion(), creationTimestamp: iso(this.now() - 3 * 86400_000), labels: { 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }
}

function defaultVppLog(node: string): string[] {
  return [
    `time="2025-07-02T10:00:00Z" level=info msg="Starting vpp-manager on ${node}"`,
    'time="2025-07-02T10:00:01Z" level=info msg="VPP started [PID 42]"',
    'time="2025-07-02T10:00:02Z" level=info msg="Uplink interface eth0 configured"',
  ];
}

function defaultAgentLog(node: string): string[] {
  return [
    `time="2025-07-02T10:00:03Z" level=info msg="Agent started on ${node}"`,
    'time="2025-07-02T10:00:04Z" level=info msg="Connected to VPP"',
  ];
}

function defaultFelixLog(): string[] {
  return [
    '2025-07-02 10:00:05.000 [INFO][1] felix/daemon.go 400: Felix starting up',
    '2025-07-02 10:00:06.000 [INFO][1] felix/int_dataplane.go 1000: Dataplane in sync',
  ];
}
