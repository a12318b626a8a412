// `vpp-pathviz diff A B`: what appeared, disappeared and changed between two bundles (before/after),
// or between two nodes of one bundle (`diff BUNDLE --nodes X,Y`).
import { diffBundles, diffNodes, formatNodeDiff, type BundleDiff, type NodeDiff } from '../../core/analysis/diff';
import { BundleError } from '../../core/bundle/open';
import { nodeInflate } from '../../node/input';
import { openBundlePaths } from '../../node/tar-bundle';
import { optionFlag, optionInt, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';
import path from 'node:path';

const usage = `usage: vpp-pathviz diff BEFORE AFTER [--node NAME] [--json] [--max-bytes N]
       vpp-pathviz diff BUNDLE --nodes NODE_A,NODE_B [--json] [--max-bytes N]

BEFORE, AFTER and BUNDLE are export bundles (calivppctl / calicovppctl export .tar.gz, a tar, or an
unpacked folder). Compares interfaces and counters, addresses, error counters, cnat translations and
sessions, npol rules and ipsets, tunnels and show run rates: + appeared, - disappeared, ~ changed.
  --node NAME     compare only this node (bundles)
  --nodes A,B     compare two nodes of one bundle
  --json          print the comparison as JSON
  --max-bytes N   refuse bundles expanding beyond N bytes (default 4 GiB)`;

async function open(p: string, cwd: string, maxBytes: number | null) {
  try {
    return await openBundlePaths([path.resolve(cwd, p)], maxBytes !== null ? { maxBytes } : {});
  } catch (e) {
    if (e instanceof BundleError) throw new Error(e.message.startsWith(p) || e.message.includes(path.basename(p)) ? e.message : `${p}: ${e.message}`);
    throw e;
  }
}

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare two bundles (before/after) or two nodes of one bundle',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { json: { value: false }, node: { value: true }, nodes: { value: true }, 'max-bytes': { value: true } });
    const json = optionFlag(p, 'json');
    const maxBytes = optionInt(p, 'max-bytes', 1);
    const nodes = optionValue(p, 'nodes');
    let out: BundleDiff | NodeDiff;
    if (nodes !== null) {
      if (p.positional.length !== 1) throw new UsageError('--nodes compares two nodes of ONE bundle: give exactly one bundle');
      const pair = nodes.split(',').map((s) => s.trim());
      if (pair.length !== 2 || !pair[0] || !pair[1]) throw new UsageError('--nodes takes two node names: --nodes NODE_A,NODE_B');
      const b = await open(p.positional[0]!, io.cwd, maxBytes);
      for (const w of b.warnings) io.stderr(`warning: ${w.input}${w.line !== null ? `:${w.line}` : ''}: ${w.message}\n`);
      out = diffNodes(b, pair[0], pair[1], { inflate: nodeInflate });
      io.stdout(json ? JSON.stringify(out, null, 2) + '\n' : formatNodeDiff(out) + '\n');
      return 0;
    }
    if (p.positional.length !== 2) throw new UsageError('give two bundles (BEFORE AFTER), or one bundle and --nodes A,B');
    const [a, b] = await Promise.all(p.positional.map((x) => open(x, io.cwd, maxBytes)));
    for (const bundle of [a!, b!]) for (const w of bundle.warnings) io.stderr(`warning: ${bundle.name}: ${w.input}${w.line !== null ? `:${w.line}` : ''}: ${w.message}\n`);
    const node = optionValue(p, 'node');
    const d = diffBundles(a!, b!, { inflate: nodeInflate, ...(node !== null ? { node } : {}) });
    if (node !== null && d.nodes.length === 0) throw new Error(`node '${node}' is not in both bundles`);
    out = d;
    if (json) io.stdout(JSON.stringify(out, null, 2) + '\n');
    else {
      const lines = [`${d.a} → ${d.b}`];
      if (d.onlyInA.length > 0) lines.push(`nodes only in ${d.a}: ${d.onlyInA.join(', ')}`);
      if (d.onlyInB.length > 0) lines.push(`nodes only in ${d.b}: ${d.onlyInB.join(', ')}`);
      for (const n of d.nodes) lines.push(formatNodeDiff(n));
      io.stdout(lines.join('\n') + '\n');
    }
    return 0;
  },
};
