// `vpp-pathviz nodes`: the cluster's nodes, the calico-vpp-node pod on each and the uplink driver.
// Also the cluster options shared by the live-cluster commands (vppctl, log).
import { discoverCluster, KubeSession, type ClusterDiscovery } from '../../node/kube/index';
import { optionFlag, optionValue, parseArgs, type OptionSpec, type ParsedArgs } from '../args';
import { UsageError, type CliCommand } from '../types';

/** --kubeconfig, --context, --namespace: accepted by every live-cluster command. */
export const CLUSTER_OPTIONS: Record<string, OptionSpec> = {
  kubeconfig: { value: true },
  context: { value: true },
  namespace: { value: true },
};

export const CLUSTER_USAGE = [
  '  --kubeconfig FILE    kubeconfig to use (default: KUBECONFIG, then ~/.kube/config, then in-cluster)',
  '  --context NAME       kubeconfig context (default: its current-context)',
  '  --namespace NS       namespace of the calico-vpp-node pods (default calico-vpp-dataplane)',
];

/** Opens a session from the cluster options (throws KubeError for configuration problems). */
export function sessionFromArgs(p: ParsedArgs): KubeSession {
  return KubeSession.open({ kubeconfig: optionValue(p, 'kubeconfig') ?? undefined, context: optionValue(p, 'context') ?? undefined });
}

export function vppNamespace(p: ParsedArgs): string | undefined {
  return optionValue(p, 'namespace') ?? undefined;
}

const usage = [
  'usage: vpp-pathviz nodes [--kubeconfig FILE] [--context NAME] [--namespace NS] [--json]',
  '',
  'Lists the cluster nodes with the calico-vpp-node pod on each (found with the field selector',
  'spec.nodeName), its containers, and the uplink driver from ConfigMap calico-vpp-config.',
  '',
  ...CLUSTER_USAGE,
  '  --json               print JSON (see docs/cli.md)',
].join('\n');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function formatDiscovery(d: ClusterDiscovery): string {
  const head = `context ${d.context} (${d.server}), VPP namespace ${d.vppNamespace}, uplink driver ${d.uplink.driver ?? `unknown (${d.uplink.problem ?? '?'})`}`;
  const rows = [['NODE', 'READY', 'VPP POD', 'PHASE', 'CONTAINERS', 'PROBLEM']];
  for (const n of d.nodes) {
    rows.push([n.name, n.ready ? 'yes' : 'no', n.vpp?.name ?? '-', n.vpp?.phase ?? '-', n.vpp ? n.vpp.containers.join(',') : '-', n.problem ?? '']);
  }
  return `${head}\n${table(rows)}\n`;
}

export const nodesCommand: CliCommand = {
  name: 'nodes',
  summary: 'list the cluster nodes and their Calico VPP pods (live cluster)',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { ...CLUSTER_OPTIONS, json: { value: false } });
    if (p.positional.length || p.rest) throw new UsageError('nodes takes no arguments');
    const session = sessionFromArgs(p);
    const d = await discoverCluster(session, { vppNamespace: vppNamespace(p) });
    io.stdout(optionFlag(p, 'json') ? JSON.stringify(d, null, 2) + '\n' : formatDiscovery(d));
    return 0;
  },
};
