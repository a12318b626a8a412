// Export bundles of a scenario, as the two Calico VPP tools lay them out (projectcalico/vpp-dataplane
// test/scripts/vppdev.sh `vppdev_cli_export` — the bash `calivppctl export` — and
// cmd/calicovppctl/main.go `exportData` / `collectKubernetesData`), plus each node's captures as
// calicovppctl names them (`trace.txt.gz`, `dispatch_<node>.pcap.gz`, `pcap_<node>.pcap.gz`).
import { renderDispatchPcap, renderPcapTrace } from '../captures';
import type { Simulator } from '../engine';
import { renderShowTrace, type TraceView } from '../render';
import type { VppNode } from '../topology';
import { gzip, utf8, writeTar, type Deflate, type TarFile } from '../../bundle/tar-writer';
import { civil, makeCtx, wallS, type BundleFault, type Ctx } from './context';
import * as K from './k8s';
import * as V from './vpp';

export type { BundleFault } from './context';

export interface BundleOptions {
  layout: 'bash' | 'go';
  faults?: BundleFault[];
  /** The bash tool's optional file name prefix (`export [dir] [prefix]`). */
  prefix?: string;
  /** Add each node's trace, dispatch and pcap captures (default true). */
  captures?: boolean;
  /**
   * Add `show int addr` and `show ip fib` per node, which the tools do not collect but operators
   * often add (default true).
   */
  extras?: boolean;
  /** DEFLATE for the `.gz` captures (default: stored blocks, valid gzip without compression). */
  deflate?: Deflate;
}

export interface BundleFile {
  /** Path inside the archive (`export/…` for bash, `calico-vpp-export-…/…` for Go). */
  path: string;
  data: Uint8Array;
}

export interface RenderedBundle {
  layout: 'bash' | 'go';
  files: BundleFile[];
}

const enc = { encode: utf8 };

/** State a live VPP adds to its `show` outputs (the stateful vppctl of the test cluster). */
export interface ShowOptions extends V.RuntimeOptions {
  /** `show errors` after `clear errors`. */
  errorsCleared?: boolean;
  /** `show trace`: what the trace buffer holds and `max` (default: every record). */
  trace?: TraceView;
}

type Show = (ctx: Ctx, node: VppNode, o: ShowOptions) => string;

/** The commands the exports and calicovppctl run, by VPP keyword path. */
const SHOW: [string, Show][] = [
  ['show interface', (ctx, node) => V.showInt(ctx, node)],
  ['show interface address', (ctx, node) => V.showIntAddr(ctx, node)],
  ['show interface rx-placement', (ctx, node) => V.showIntRx(ctx, node)],
  ['show hardware-interfaces', (ctx, node) => V.showHardware(ctx, node)],
  ['show runtime', (ctx, node, o) => V.showRun(ctx, node, o)],
  ['show errors', (ctx, node, o) => V.showErr(ctx, node, o.errorsCleared)],
  ['show node counters', (ctx, node, o) => V.showErr(ctx, node, o.errorsCleared)],
  ['show buffers', (ctx, node) => V.showBuffers(ctx, node)],
  ['show tun', (ctx, node) => V.showTun(ctx, node)],
  ['show cnat translation', (ctx, node) => V.showCnatTranslation(ctx, node)],
  ['show cnat session verbose', (ctx, node) => V.showCnatSession(ctx, node)],
  ['show cnat client', (ctx, node) => V.showCnatClient(ctx, node)],
  ['show cnat snat-policy', (ctx, node) => V.showCnatSnat(ctx, node)],
  ['show cnat timestamp', (ctx, node) => V.showCnatTimestamp(ctx, node)],
  ['show npol interfaces', (ctx, node) => V.showNpolInterfaces(ctx, node)],
  ['show npol policies verbose', (ctx, node) => V.showNpolPolicies(ctx, node)],
  ['show npol rules', (ctx, node) => V.showNpolRules(ctx, node)],
  ['show npol ipsets', (ctx, node) => V.showNpolIpsets(ctx, node)],
  ['show ipip tunnel', (ctx, node) => V.showIpipTunnel(ctx, node)],
  ['show vxlan tunnel', (ctx, node) => V.showVxlanTunnel(ctx, node)],
  ['show ip fib', (ctx, node) => V.showIpFib(ctx, node)],
  ['show logging', (ctx, node) => V.showLog(ctx, node, wallS(0) - node.uptimeStartUs / 1e6)],
  ['show trace', (ctx, node, o) => renderShowTrace(node, ctx.sim.records, o.trace)],
];

/** `show hardware` is a VPP alias of `show hardware-interfaces`. */
const ALIASES: Record<string, string> = { 'show hardware': 'show hardware-interfaces' };

/**
 * The command a CLI line names: VPP matches each word against a unique prefix of its keyword
 * (`sh int rx`, `show run`, `show err`); an exact keyword wins over a longer one it prefixes.
 */
function showOf(line: string): Show | null {
  const w = line.trim().split(/\s+/).filter(Boolean);
  const key = w.join(' ');
  const exact = ALIASES[key] ?? key;
  const hit = SHOW.find(([k]) => k === exact);
  if (hit) return hit[1];
  const found = SHOW.filter(([k]) => {
    const kw = k.split(' ');
    return kw.length === w.length && kw.every((x, i) => x.startsWith(w[i]!));
  });
  return found.length === 1 ? found[0]![1] : null;
}

/** A node's vppctl output for one CLI line (the commands the exports and calicovppctl run), or null. */
export function showCommand(ctx: Ctx, node: VppNode, line: string, opts: ShowOptions = {}): string | null {
  const show = showOf(line);
  return show ? show(ctx, node, opts) : null;
}

/** The per-node outputs of an export, by file suffix, in the order the tools write them. */
function nodeFiles(ctx: Ctx, node: VppNode, layout: 'bash' | 'go', extras: boolean): [string, string][] {
  const run = (c: string) => showCommand(ctx, node, c) ?? '';
  const out: [string, string][] = [
    ['hardware-interfaces', run('show hardware-interfaces')],
    ['show-run', run('show run')],
    ['show-err', run('show err')],
    ['show-log', run('show log')],
    ['show-buffers', run('show buffers')],
    ['show-int', run('show int')],
    ['show-int-rx', run('show int rx')],
    ['show-tun', run('show tun')],
    ['describe-calico-node-pod', K.describePod(ctx, node, 'calico')],
    ['calico-node.log', K.calicoNodeLog(ctx, node)],
    ['describe-vpp-pod', K.describePod(ctx, node, 'vpp')],
    ['vpp.log', K.vppManagerLog(ctx, node)],
    ['agent.log', K.agentLog(ctx, node)],
    ['show-cnat-client', run('show cnat client')],
    ['show-cnat-translation', run('show cnat translation')],
    ['show-cnat-session', run('show cnat session verbose')],
    ['show-cnat-timestamp', run('show cnat timestamp')],
    ['show-cnat-snat', run('show cnat snat')],
    ['show-npol-interfaces', run('show npol interfaces')],
    ['show-npol-policies', run('show npol policies verbose')],
    ['show-npol-rules', run('show npol rules')],
    ['show-npol-ipsets', run('show npol ipsets')],
  ];
  if (layout === 'go') out.push(['show-ipip-tunnel', run('show ipip tunnel')], ['show-vxlan-tunnel', run('show vxlan tunnel')]);
  if (extras) out.push(['show-int-addr', run('show int addr')], ['show-ip-fib', run('show ip fib')]);
  return out;
}

/** `YYYYMMDD-HHMMSS` of the export time (calicovppctl's prefix). */
function stamp(ctx: Ctx): string {
  const d = civil(wallS(ctx.exportUs) + 7);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.year}${p(d.month)}${p(d.day)}-${p(d.hour)}${p(d.minute)}${p(d.second)}`;
}

export function renderBundle(sim: Simulator, opts: BundleOptions): RenderedBundle {
  const ctx = makeCtx(sim, opts.faults ?? []);
  const go = opts.layout === 'go';
  const root = go ? `calico-vpp-export-${(sim.spec.seed * 7919 + 104729) % 1_000_000_000}` : 'export';
  const pre = go ? `${stamp(ctx)}-` : (opts.prefix ?? '');
  const files: BundleFile[] = [];
  const put = (name: string, text: string) => files.push({ path: `${root}/${pre}${name}`, data: enc.encode(text) });
  put('kubectl-version', K.kubectlVersion());
  if (!go) put('kubelet-journal', K.kubeletJournal());
  put('get-pods', K.getPods(ctx, opts.layout));
  put('get-services', K.getServices(ctx, opts.layout));
  put('get-nodes', K.getNodes(ctx, opts.layout));
  put('installation.yaml', K.installationYaml(ctx));
  put('cni-config.configmap.yaml', K.cniConfigYaml(ctx, opts.layout));
  // vppdev.sh writes the calico-vpp-config ConfigMap over the DaemonSet file (same name twice).
  put('calico-vpp-node.daemonset.yaml', go ? K.daemonSetYaml(ctx, 'go') : K.vppConfigMapYaml(ctx, 'bash'));
  // calicovppctl writes its own marshalling of the ConfigMap, then kubectl's output over it.
  if (go) put('calico-vpp-config.configmap.yaml', K.vppConfigMapYaml(ctx, 'bash'));
  put('operator.log', K.operatorLog(ctx));
  for (const node of sim.cluster.nodes) for (const [suffix, text] of nodeFiles(ctx, node, opts.layout, opts.extras ?? true)) put(`${node.name}.${suffix}`, text);
  if (go) files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (opts.captures ?? true) {
    const z = (b: Uint8Array) => gzip(b, opts.deflate);
    for (const node of sim.cluster.nodes) {
      if (!sim.records.some((r) => r.node === node)) continue;
      const dir = `captures/${node.name}`;
      files.push({ path: `${dir}/trace.txt.gz`, data: z(enc.encode(renderShowTrace(node, sim.records))) });
      files.push({ path: `${dir}/dispatch_${node.name}.pcap.gz`, data: z(renderDispatchPcap(node, sim.records)) });
      files.push({ path: `${dir}/pcap_${node.name}.pcap.gz`, data: z(renderPcapTrace(node, sim.records, { rx: true, tx: true })) });
    }
  }
  return { layout: opts.layout, files };
}

/**
 * The archive of a bundle: the bash tool's `tar -zcvf export.tar.gz ./export` (a `./export/`
 * directory entry first) or calicovppctl's walk of its temporary directory. Gzip it with
 * `gzip(tar, deflate)` from `../tar` to get the `export.tar.gz` the tools write.
 */
export function bundleTar(b: RenderedBundle, mtime = 1767225600): Uint8Array {
  const entries: TarFile[] = [];
  if (b.layout === 'bash') entries.push({ path: './export/', data: new Uint8Array(0), mtime });
  for (const f of b.files) entries.push({ path: b.layout === 'bash' && f.path.startsWith('export/') ? `./${f.path}` : f.path, data: f.data, mtime });
  return writeTar(entries);
}

export { makeCtx, type Ctx };
