// `vpp-pathviz vppctl NODE -- ARGS…`: one vppctl command in the vpp container of the node's
// calico-vpp-node pod, through pod exec with an argument vector (never a shell line).
import { isReadOnlyVppCommand, runVppctl, vppCommandWords } from '../../node/kube/index';
import { optionFlag, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, sessionFromArgs, vppNamespace } from './nodes';

const usage = [
  'usage: vpp-pathviz vppctl NODE [--kubeconfig FILE] [--context NAME] [--namespace NS] [--yes] [--read-only] -- ARGS…',
  '',
  'Runs `/usr/bin/vppctl -s /var/run/vpp/cli.sock ARGS…` in the vpp container of the calico-vpp-node',
  'pod on NODE and prints what VPP answers; the exit status is vppctl\'s.',
  '"show …" commands run freely. Anything else (clear, trace add, pcap …) changes the dataplane and',
  'runs only with --yes.',
  '',
  ...CLUSTER_USAGE,
  '  --yes                confirm a command that is not "show …"',
  '  --read-only          refuse anything but "show …", even with --yes',
].join('\n');

export const vppctlCommand: CliCommand = {
  name: 'vppctl',
  summary: 'run a vppctl command on a node of the live cluster',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { ...CLUSTER_OPTIONS, yes: { value: false }, 'read-only': { value: false } });
    const [node, ...more] = p.positional;
    if (!node) throw new UsageError('name the node (see `vpp-pathviz nodes`)');
    const vppArgs = [...more, ...(p.rest ?? [])];
    if (vppArgs.length === 0) throw new UsageError('give the VPP command after --, e.g. -- show int');
    const readOnly = isReadOnlyVppCommand(vppArgs);
    const words = vppCommandWords(vppArgs).join(' ');
    if (!readOnly && optionFlag(p, 'read-only')) throw new UsageError(`--read-only allows only "show …" commands, not "${words}"`);
    if (!readOnly && !optionFlag(p, 'yes')) throw new UsageError(`"${words}" changes VPP's state on ${node}; add --yes to run it`);
    const session = sessionFromArgs(p);
    const r = await runVppctl(session, node, vppArgs, { allowChanges: !readOnly, vppNamespace: vppNamespace(p), signal: io.signal });
    io.stdout(r.output);
    if (r.stderr) io.stderr(r.stderr);
    return r.exitCode;
  },
};
