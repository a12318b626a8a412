// `vpp-pathviz analyze BUNDLE`: the bundle's captures are analysed and the JSON gains the documented
// `nodes`, `services` and `checks` members; a planted fault shows up in the text summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../../src/cli/main';
import { scenarios } from '../../../src/core/scenarios/index';
import { isBundlePath } from '../../../src/node/tar-bundle-analyze';
import { NODE_A, cleanup, exportFiles, key, tarGz, writeTree } from './fixture';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(['analyze', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, out, err };
}

test('analyze a bundle with a trace: packets plus nodes/services/checks', async () => {
  const sc = scenarios[0]!;
  const files = exportFiles({ layout: 'go' });
  files[`calico-vpp-export-1734088/trace_${NODE_A}.txt`] = sc.render.showTrace(sc.nodes[0]!);
  const k = key(files, `${NODE_A}.show-buffers`);
  files[k] = files[k]!.replace('128270 125968   1108    1194', '128270      0   1108  127162');
  const root = writeTree(files);
  const tgz = tarGz(root);
  try {
    assert.equal(await isBundlePath(tgz), true);
    assert.equal(await isBundlePath(root), true);
    const j = await run([tgz, '--json']);
    assert.equal(j.code, 0, j.err);
    const o = JSON.parse(j.out) as Record<string, unknown> & {
      packets: unknown[];
      nodes: Array<{ name: string; tuns: Array<{ pod: unknown }> }>;
      services: Array<{ vip: string }>;
      checks: Array<{ id: string; evidence: { file: string; line: number } }>;
    };
    assert.deepEqual(Object.keys(o), ['inputs', 'packets', 'paths', 'warnings', 'nodes', 'services', 'checks']);
    assert.ok(o.packets.length > 0);
    assert.deepEqual(o.nodes.map((n) => n.name), [NODE_A, 'node-b.example.com']);
    assert.ok(o.services.some((s) => s.vip === '10.96.100.5'));
    const buf = o.checks.find((c) => c.id === 'buffers-exhausted')!;
    assert.deepEqual(buf.evidence, { file: k, line: 2 });
    const t = await run([tgz]);
    assert.equal(t.code, 0);
    assert.match(t.out, /^Bundle .*: go export, 2 node\(s\), \d+ files, 1 capture\(s\)$/m);
    assert.match(t.out, /critical buffers-exhausted: node-a: buffer pool default-numa-0 has no free buffers/);
  } finally {
    cleanup(root, tgz);
  }
});
