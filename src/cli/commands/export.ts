// `vpp-pathviz export --out FILE [--node N]`: the archive `calicovppctl export` (or `exportnode`)
// makes — same layout and file names — for this app, calicovppctl's users and support tickets.
import path from 'node:path';
import { CaptureInputError, exportCluster } from '../../node/capture/index';
import { optionFlag, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, sessionFromArgs, vppNamespace } from './nodes';

const usage = [
  'usage: vpp-pathviz export --out FILE.tar.gz [--node N] [--json] [--kubeconfig FILE] [--context NAME] [--namespace NS]',
  '',
  'Collects what `calicovppctl export` collects — kubectl tables, ConfigMaps, the DaemonSet, and per',
  'node the VPP show outputs (hardware, run, errors, log, buffers, interfaces, tun, cnat, npol,',
  'tunnels), pod descriptions and the vpp, agent and calico-node logs — into a tar.gz with the same',
  'layout and file names (calico-vpp-export-N/YYYYMMDD-HHMMSS-<node>.<what>). Only read commands run.',
  '',
  '  --out FILE           where to write the archive',
  '  --node N             only this node (like calicovppctl exportnode)',
  '  --json               print the archive entries as JSON',
  ...CLUSTER_USAGE,
].join('\n');

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'calicovppctl-compatible export archive of the live cluster',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { ...CLUSTER_OPTIONS, out: { value: true }, node: { value: true }, json: { value: false } });
    if (p.positional.length || p.rest) throw new UsageError('export takes no arguments');
    const out = optionValue(p, 'out');
    if (!out) throw new UsageError('--out FILE is required');
    const session = sessionFromArgs(p);
    try {
      const r = await exportCluster(session, path.resolve(io.cwd, out), { node: optionValue(p, 'node') ?? undefined, vppNamespace: vppNamespace(p), signal: io.signal, onProgress: (l) => io.stderr(`${l}\n`) });
      if (optionFlag(p, 'json')) io.stdout(JSON.stringify(r, null, 2) + '\n');
      else {
        io.stdout(`wrote ${r.file}: ${r.entries.length - 1} files in ${r.folder}/ (prefix ${r.prefix})\n`);
        for (const x of r.problems) io.stdout(`  not collected: ${x}\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof CaptureInputError) throw new UsageError(e.message);
      throw e;
    }
  },
};
