// `vpp-pathviz test-cluster --scenario NAME --kubeconfig-out FILE`: a Kubernetes API server on
// 127.0.0.1 that plays a Calico VPP cluster, for trying the app (and kubectl) without a cluster.
import path from 'node:path';
import { TEST_CLUSTER_SCENARIOS } from '../../server/test-cluster/scenarios';
import { startTestCluster } from '../../server/test-cluster/server';
import { optionFlag, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';

const usage = [
  'usage: vpp-pathviz test-cluster --scenario NAME --kubeconfig-out FILE',
  '       vpp-pathviz test-cluster --list',
  '',
  'Starts a Kubernetes API test server on 127.0.0.1 (random port, HTTPS with a throw-away CA, a',
  'random bearer token) whose calico-vpp-node pods answer vppctl from the chosen scenario. Writes a',
  'kubeconfig for it to FILE (mode 0600), prints `ready` as the first line, then serves until',
  'interrupted (Ctrl-C). Needs the openssl command to make the certificates.',
  '',
  '  --scenario NAME      which cluster to play (see --list)',
  '  --kubeconfig-out F   where to write the kubeconfig',
  '  --list               list the scenarios',
].join('\n');

export const testClusterCommand: CliCommand = {
  name: 'test-cluster',
  summary: 'serve a local Kubernetes API that plays a Calico VPP cluster (demo / tests)',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { scenario: { value: true }, 'kubeconfig-out': { value: true }, list: { value: false } });
    if (p.positional.length || p.rest) throw new UsageError('test-cluster takes no arguments');
    if (optionFlag(p, 'list')) {
      const w = Math.max(...Object.keys(TEST_CLUSTER_SCENARIOS).map((n) => n.length));
      for (const [n, s] of Object.entries(TEST_CLUSTER_SCENARIOS)) io.stdout(`${n.padEnd(w)}  ${s.summary}\n`);
      return 0;
    }
    const name = optionValue(p, 'scenario');
    const out = optionValue(p, 'kubeconfig-out');
    if (!name) throw new UsageError(`--scenario is required (one of: ${Object.keys(TEST_CLUSTER_SCENARIOS).join(', ')})`);
    if (!out) throw new UsageError('--kubeconfig-out is required');
    const scenario = Object.hasOwn(TEST_CLUSTER_SCENARIOS, name) ? TEST_CLUSTER_SCENARIOS[name] : undefined;
    if (!scenario) throw new UsageError(`unknown scenario '${name}' (one of: ${Object.keys(TEST_CLUSTER_SCENARIOS).join(', ')})`);
    const file = path.resolve(io.cwd, out);
    const cluster = await startTestCluster({ spec: scenario.spec() });
    try {
      await cluster.writeKubeconfig(file);
      io.stdout('ready\n');
      io.stdout(`serving test cluster "${name}" at ${cluster.url} (nodes: ${cluster.state.nodes.map((n) => n.name).join(', ')})\n`);
      io.stdout(`kubeconfig: ${file}\n`);
      io.stdout(`try: vpp-pathviz nodes --kubeconfig ${file}\n`);
      io.stdout(`     kubectl --kubeconfig ${file} get pods -A -o wide\n`);
      io.stdout('stop with Ctrl-C\n');
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) return resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
        process.once('SIGTERM', () => resolve());
      });
    } finally {
      await cluster.stop();
    }
    return 0;
  },
};
