// `export`: the archive `calicovppctl export` makes (cmd/calicovppctl/main.go, exportData and
// collectKubernetesData), with the same layout and file names so it opens in this app and in
// theirs: a tar.gz holding one folder `calico-vpp-export-<random>/` whose files are named
// `<YYYYMMDD-HHMMSS>-<name>`: cluster files (kubectl-version, get-pods, get-services, get-nodes,
// installation.yaml, cni-config.configmap.yaml, calico-vpp-node.daemonset.yaml,
// calico-vpp-config.configmap.yaml, operator.log) and per node `<node>.<what>` (VPP show outputs,
// pod descriptions and logs). A command that fails leaves its output followed by
// `[calicovppctl] command failed: …`, the marker their tool writes and both readers recognise; a
// node whose VPP stops answering is skipped after 3 consecutive timeouts, as theirs does.
import { randomInt } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, dumpYaml, VersionApi, type V1Node, type V1Pod } from '@kubernetes/client-node';
import type { KubeSession } from '../kube/client';
import { CALICO_NAMESPACE, DEFAULT_VPP_NAMESPACE, findCalicoNodePod, VPP_CONFIGMAP } from '../kube/discovery';
import { KubeError } from '../kube/errors';
import { writeFileAtomic } from '../workspace/atomic';
import { Limiter, NodeVpp, vppPodIdentity } from './remote';
import { writeTar, type TarFile } from '../../core/bundle/tar-writer';
import { validateNodeName } from './validate';

export interface ExportOptions {
  /** Only this node (`calicovppctl exportnode -node N`); default every node. */
  node?: string;
  vppNamespace?: string;
  signal?: AbortSignal;
  now?: Date;
  onProgress?: (line: string) => void;
}

export interface ExportResult {
  file: string;
  folder: string;
  prefix: string;
  /** Archive paths, in order. */
  entries: string[];
  /** Things that could not be collected (each also inside its file). */
  problems: string[];
}

/** The VPP commands per node and their file suffixes, in calicovppctl's order and groups. */
export const EXPORT_VPP_GROUPS: readonly (readonly [string, string])[][] = [
  [['show hardware-interfaces', 'hardware-interfaces'], ['show run', 'show-run'], ['show err', 'show-err'], ['show log', 'show-log'], ['show buffers', 'show-buffers'], ['show int', 'show-int'], ['show int rx', 'show-int-rx'], ['show tun', 'show-tun']],
  [['show cnat client', 'show-cnat-client'], ['show cnat translation', 'show-cnat-translation'], ['show cnat session verbose', 'show-cnat-session'], ['show cnat timestamp', 'show-cnat-timestamp'], ['show cnat snat', 'show-cnat-snat']],
  [['show npol interfaces', 'show-npol-interfaces'], ['show npol policies verbose', 'show-npol-policies'], ['show npol rules', 'show-npol-rules'], ['show npol ipsets', 'show-npol-ipsets']],
  [['show ipip tunnel', 'show-ipip-tunnel'], ['show vxlan tunnel', 'show-vxlan-tunnel']],
];

const OPERATOR_NAMESPACE = 'tigera-operator';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Go's time.Duration String() for whole seconds: 72h3m4s, 5m0s, 12s. */
export function goDuration(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

function failed(output: string, why: string): string {
  return `${output}${output && !output.endsWith('\n') ? '\n' : ''}[calicovppctl] command failed: ${why}\n`;
}

function ageOf(ts: Date | string | undefined, now: number): string {
  const t = ts ? new Date(ts).getTime() : now;
  return goDuration(now - t);
}

export function podsWide(pods: readonly V1Pod[], now: number): string {
  let out = 'NAMESPACE\tNAME\tREADY\tSTATUS\tRESTARTS\tAGE\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES\n';
  for (const p of pods) {
    const st = p.status?.containerStatuses ?? [];
    const ready = st.filter((s) => s.ready).length;
    const restarts = st.reduce((a, s) => a + (s.restartCount ?? 0), 0);
    out += `${p.metadata?.namespace ?? ''}\t${p.metadata?.name ?? ''}\t${ready}/${p.spec?.containers.length ?? 0}\t${p.status?.phase ?? ''}\t${restarts}\t${ageOf(p.metadata?.creationTimestamp, now)}\t${p.status?.podIP ?? ''}\t${p.spec?.nodeName ?? ''}\t<none>\t<none>\n`;
  }
  return out;
}

export function nodesWide(nodes: readonly V1Node[], now: number): string {
  let out = 'NAME\tSTATUS\tROLES\tAGE\tVERSION\tINTERNAL-IP\tEXTERNAL-IP\tOS-IMAGE\tKERNEL-VERSION\tCONTAINER-RUNTIME\n';
  for (const n of nodes) {
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    const roles = Object.keys(n.metadata?.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.slice(24) || 'master');
    const addr = (t: string) => n.status?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
    const i = n.status?.nodeInfo;
    out += `${n.metadata?.name ?? ''}\t${ready ? 'Ready' : 'NotReady'}\t${roles.join(',') || '<none>'}\t${ageOf(n.metadata?.creationTimestamp, now)}\t${i?.kubeletVersion ?? ''}\t${addr('InternalIP')}\t${addr('ExternalIP')}\t${i?.osImage ?? ''}\t${i?.kernelVersion ?? ''}\t${i?.containerRuntimeVersion ?? ''}\n`;
  }
  return out;
}

/** A `kubectl describe pod` style text (the fields the bundle reader uses). */
export function describePod(p: V1Pod): string {
  const L = (k: string, v: string) => `${`${k}:`.padEnd(18)}${v}`;
  const lines = [
    L('Name', p.metadata?.name ?? ''),
    L('Namespace', p.metadata?.namespace ?? ''),
    L('Priority', String(p.spec?.priority ?? 0)),
    L('Service Account', p.spec?.serviceAccountName ?? 'default'),
    L('Node', `${p.spec?.nodeName ?? '<none>'}/${p.status?.hostIP ?? ''}`),
    L('Start Time', p.status?.startTime ? new Date(p.status.startTime).toUTCString() : '<unknown>'),
    L('Labels', Object.entries(p.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`).join('\n                  ') || '<none>'),
    L('Status', p.status?.phase ?? 'Unknown'),
    L('IP', p.status?.podIP ?? ''),
    'Containers:',
  ];
  for (const c of p.spec?.containers ?? []) {
    const s = p.status?.containerStatuses?.find((x) => x.name === c.name);
    lines.push(`  ${c.name}:`);
    lines.push(`    Container ID:  ${s?.containerID ?? ''}`);
    lines.push(`    Image:         ${c.image ?? ''}`);
    lines.push(`    State:         ${s?.state?.running ? 'Running' : s?.state?.waiting ? 'Waiting' : s?.state?.terminated ? 'Terminated' : 'Unknown'}`);
    if (s?.state?.waiting?.reason) lines.push(`      Reason:      ${s.state.waiting.reason}`);
    if (s?.state?.running?.startedAt) lines.push(`      Started:     ${new Date(s.state.running.startedAt).toUTCString()}`);
    lines.push(`    Ready:         ${s?.ready ? 'True' : 'False'}`);
    lines.push(`    Restart Count: ${s?.restartCount ?? 0}`);
  }
  lines.push('Events:            <none>');
  return lines.join('\n') + '\n';
}

async function logText(session: KubeSession, namespace: string, pod: string, container: string): Promise<string> {
  let text = '';
  try {
    await session.logs({ namespace, pod, container }, { onData: (t) => (text += t) });
  } catch (e) {
    return failed(text, (e as Error).message);
  }
  return text;
}

/** Collects the export and writes it (atomically) to `outFile`. */
export async function exportCluster(session: KubeSession, outFile: string, o: ExportOptions = {}): Promise<ExportResult> {
  const now = o.now ?? new Date();
  const nowMs = now.getTime();
  const prefix = `${stamp(now)}-`;
  const folder = `calico-vpp-export-${randomInt(100_000_000, 4_000_000_000)}`;
  const ns = o.vppNamespace ?? DEFAULT_VPP_NAMESPACE;
  const kc = session.config.kc;
  const core = kc.makeApiClient(CoreV1Api);
  const files = new Map<string, string>();
  const problems: string[] = [];
  const put = (name: string, text: string) => files.set(name, text);
  const progress = o.onProgress ?? (() => {});
  const check = () => {
    if (o.signal?.aborted) throw new KubeError('cancelled', 'export cancelled');
  };

  progress('collecting cluster state');
  try {
    const v = await session.request({ verb: 'get', resource: 'version' }, () => kc.makeApiClient(VersionApi).getCode());
    put('kubectl-version', `Client Version: vpp-pathviz\nServer Version: ${v.gitVersion}\n`);
  } catch (e) {
    put('kubectl-version', failed('', (e as Error).message));
  }
  let allPods: V1Pod[] = [];
  try {
    allPods = (await session.request({ verb: 'list', resource: 'pods' }, () => core.listPodForAllNamespaces())).items;
    put('get-pods', podsWide(allPods, nowMs));
  } catch (e) {
    problems.push(`get-pods: ${(e as Error).message}`);
  }
  try {
    const svcs = (await session.request({ verb: 'list', resource: 'services' }, () => core.listServiceForAllNamespaces())).items;
    let t = 'NAMESPACE\tNAME\tTYPE\tCLUSTER-IP\tEXTERNAL-IP\tPORT(S)\tAGE\tSELECTOR\n';
    for (const s of svcs) {
      const ports = (s.spec?.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',') || '<none>';
      const sel = Object.entries(s.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
      t += `${s.metadata?.namespace}\t${s.metadata?.name}\t${s.spec?.type}\t${s.spec?.clusterIP}\t${s.spec?.externalIPs?.join(',') || '<none>'}\t${ports}\t${ageOf(s.metadata?.creationTimestamp, nowMs)}\t${sel}\n`;
    }
    put('get-services', t);
  } catch (e) {
    problems.push(`get-services: ${(e as Error).message}`);
  }
  let nodes: V1Node[] = [];
  try {
    nodes = await session.listNodes();
    put('get-nodes', nodesWide(nodes, nowMs));
  } catch (e) {
    problems.push(`get-nodes: ${(e as Error).message}`);
  }
  try {
    const inst = await session.request({ verb: 'list', resource: 'installations.operator.tigera.io' }, () => kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({ group: 'operator.tigera.io', version: 'v1', plural: 'installations' }));
    put('installation.yaml', dumpYaml(inst));
  } catch (e) {
    put('installation.yaml', failed('', (e as Error).message));
  }
  const cni = await session.readConfigMap(CALICO_NAMESPACE, 'cni-config').catch(() => null);
  if (cni) put('cni-config.configmap.yaml', dumpYaml(cni));
  try {
    const ds = await session.request({ verb: 'get', resource: 'daemonsets', namespace: ns, name: 'calico-vpp-node' }, () => kc.makeApiClient(AppsV1Api).readNamespacedDaemonSet({ namespace: ns, name: 'calico-vpp-node' }));
    put('calico-vpp-node.daemonset.yaml', dumpYaml(ds));
  } catch (e) {
    problems.push(`calico-vpp-node.daemonset.yaml: ${(e as Error).message}`);
  }
  try {
    const cm = await session.readConfigMap(ns, VPP_CONFIGMAP);
    put('calico-vpp-config.configmap.yaml', cm ? dumpYaml(cm) : failed(`Error from server (NotFound): configmaps "${VPP_CONFIGMAP}" not found\n`, 'exit status 1'));
  } catch (e) {
    put('calico-vpp-config.configmap.yaml', failed('', (e as Error).message));
  }
  const op = allPods.find((p) => p.metadata?.namespace === OPERATOR_NAMESPACE);
  if (op?.metadata?.name) put('operator.log', await logText(session, OPERATOR_NAMESPACE, op.metadata.name, op.spec?.containers[0]?.name ?? 'tigera-operator'));
  check();

  const names = o.node ? [validateNodeName(o.node)] : nodes.map((n) => n.metadata?.name ?? '').filter(Boolean);
  const limiter = new Limiter(16);
  const perNode = await Promise.all(names.map(async (node) => {
    const out = new Map<string, string>();
    const add = (suffix: string, text: string) => out.set(`${node}.${suffix}`, text);
    let vpp: NodeVpp | null = null;
    let vppPod: V1Pod | undefined;
    try {
      const id = await vppPodIdentity(session, node, ns);
      vpp = new NodeVpp(session, node, id, limiter);
      vppPod = allPods.find((p) => p.metadata?.namespace === id.namespace && p.metadata?.name === id.name);
    } catch (e) {
      problems.push(`node ${node}: ${(e as Error).message}`);
    }
    let timeouts = 0;
    const group = async (cmds: readonly (readonly [string, string])[]) => {
      for (const [cmd, suffix] of cmds) {
        if (!vpp) {
          add(suffix, failed('', `no calico-vpp-node pod on node ${node}`));
          continue;
        }
        if (timeouts >= 3) {
          add(suffix, `[calicovppctl] skipped '${cmd}' on node '${node}' after ${timeouts} consecutive VPP command timeouts\n`);
          continue;
        }
        try {
          add(suffix, await vpp.vpp(cmd.split(' '), { signal: o.signal, idleTimeoutMs: 15_000 }));
          timeouts = 0;
        } catch (e) {
          if (e instanceof KubeError && e.kind === 'cancelled') throw e;
          if (e instanceof KubeError && e.kind === 'timeout') timeouts++;
          add(suffix, failed('', (e as Error).message));
        }
      }
    };
    progress(`dumping node '${node}'`);
    try {
      await group(EXPORT_VPP_GROUPS[0]!);
      const felix = await findCalicoNodePod(session, node).catch(() => null);
      if (felix) {
        const fp = allPods.find((p) => p.metadata?.namespace === felix.namespace && p.metadata?.name === felix.name);
        add('describe-calico-node-pod', fp ? describePod(fp) : failed('', 'pod not found'));
        add('calico-node.log', await logText(session, felix.namespace, felix.name, 'calico-node'));
      }
      if (vpp) {
        add('describe-vpp-pod', vppPod ? describePod(vppPod) : failed('', 'pod not found'));
        add('vpp.log', await logText(session, vpp.target.namespace, vpp.target.pod, 'vpp'));
        add('agent.log', await logText(session, vpp.target.namespace, vpp.target.pod, 'agent'));
      }
      for (const g of EXPORT_VPP_GROUPS.slice(1)) await group(g);
    } finally {
      await vpp?.close();
    }
    return out;
  }));
  for (const m of perNode) for (const [k, v] of m) put(k, v);
  check();

  const enc = new TextEncoder();
  const mtime = Math.floor(nowMs / 1000);
  const entries: TarFile[] = [{ path: `${folder}/`, data: new Uint8Array(0), mtime }];
  for (const [name, text] of files) entries.push({ path: `${folder}/${prefix}${name}`, data: enc.encode(text), mtime });
  const tgz = gzipSync(writeTar(entries));
  await writeFileAtomic(outFile, tgz);
  return { file: outFile, folder, prefix, entries: entries.map((e) => e.path), problems };
}
