// `vpp-pathviz log NODE`: the vpp, agent or felix log of a node (like `calicovppctl log`).
import { LOG_COMPONENTS, nodeLogs, type LogComponent } from '../../node/kube/index';
import { optionFlag, optionInt, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, sessionFromArgs, vppNamespace } from './nodes';

const usage = [
  'usage: vpp-pathviz log NODE [--component vpp|agent|felix] [-f|--follow] [--tail N] [--kubeconfig FILE] [--context NAME] [--namespace NS]',
  '',
  'Prints a node\'s logs: vpp (vpp-manager and VPP, container vpp of calico-vpp-node), agent',
  '(calico-vpp-agent, container agent) or felix (calico-node pod in calico-system). Without',
  '--component all three are printed, each under a heading.',
  '',
  '  --component C        vpp, agent or felix',
  '  -f, --follow         keep printing new lines until interrupted (needs --component)',
  '  --tail N             only the last N lines',
  ...CLUSTER_USAGE,
].join('\n');

const TITLES: Record<LogComponent, string> = { felix: 'Felix', vpp: 'VPP Manager', agent: 'Calico-VPP agent' };

export const logCommand: CliCommand = {
  name: 'log',
  summary: 'print the vpp, agent or felix log of a node (live cluster)',
  usage,
  async run(args, io) {
    const p = parseArgs(args.map((a) => (a === '-f' ? '--follow' : a)), { ...CLUSTER_OPTIONS, component: { value: true }, follow: { value: false }, tail: { value: true } });
    const [node, ...extra] = p.positional;
    if (!node) throw new UsageError('name the node (see `vpp-pathviz nodes`)');
    if (extra.length || p.rest) throw new UsageError(`unexpected argument '${extra[0] ?? '--'}'`);
    const c = optionValue(p, 'component');
    if (c !== null && !(LOG_COMPONENTS as readonly string[]).includes(c)) throw new UsageError(`--component must be one of ${LOG_COMPONENTS.join(', ')}`);
    const follow = optionFlag(p, 'follow');
    if (follow && c === null) throw new UsageError('--follow needs --component');
    const tail = optionInt(p, 'tail', 0) ?? undefined;
    const session = sessionFromArgs(p);
    const components: LogComponent[] = c ? [c as LogComponent] : ['felix', 'vpp', 'agent'];
    for (const comp of components) {
      if (!c) io.stdout(`----- ${TITLES[comp]} -----\n`);
      await nodeLogs(session, node, comp, { follow, tailLines: tail, onData: (t) => io.stdout(t), signal: io.signal, vppNamespace: vppNamespace(p) });
    }
    return 0;
  },
};
