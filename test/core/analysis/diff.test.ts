// Diff of node state: before/after bundles with known changes, two nodes of one bundle, and the CLI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffBundles, diffNodes, formatNodeDiff, type DiffSection, type NodeDiff } from '../../../src/core/analysis/diff';
import { openBundle, type Bundle } from '../../../src/core/bundle/index';
import { main } from '../../../src/cli/main';
import { NODE_A, NODE_B, cleanup, exportFiles, key, nodeInterfaces, showInt, tarGz, writeTree, type Layout } from '../bundle/fixture';

const enc = new TextEncoder();
const fromFiles = (files: Record<string, string>, name: string): Bundle => openBundle(Object.entries(files).map(([path, t]) => ({ path, bytes: enc.encode(t) })), { name, source: 'folder' });
const sec = (d: NodeDiff, name: DiffSection['name']) => d.sections.find((s) => s.name === name)!;
const keys = (items: Array<{ key: string }>) => items.map((i) => i.key);

/** The "after" export: known changes applied to node-a. */
function after(layout: Layout): Record<string, string> {
  const f = exportFiles({ layout });
  const ints = nodeInterfaces(NODE_A).map((i) => (i.name === 'tun2' ? { ...i, state: 'down' } : i));
  ints.push({ name: 'tun3', idx: 7, state: 'up', mtu: '1480/0/0/0', counters: [['rx packets', 3]] });
  f[key(f, `${NODE_A}.show-int`)] = showInt(ints);
  const err = key(f, `${NODE_A}.show-err`);
  f[err] = f[err]!.replace('     1 acl-plugin-out-ip4-fa           ACL deny packets            error', '  4711 acl-plugin-out-ip4-fa           ACL deny packets            error').replace(/^.*l3 mac mismatch.*\n/m, '');
  const tr = key(f, `${NODE_A}.show-cnat-translation`);
  f[tr] = f[tr]!.replace(/::;0->11\.0\.1\.10;8080\n(?: {2}.*\n)+/, '');
  const rules = key(f, `${NODE_A}.show-npol-rules`);
  f[rules] = f[rules]!.replace('[rule#2;deny][]', '[rule#2;deny][proto==UDP,]') + '[rule#7;allow][dst==10.96.0.10/32,]\n';
  const sets = key(f, `${NODE_A}.show-npol-ipsets`);
  f[sets] = f[sets]!.replace('[ipset#1;ip;11.0.0.200,11.0.0.201,]', '[ipset#1;ip;11.0.0.200,11.0.0.201,11.0.0.202,]');
  const run = key(f, `${NODE_A}.show-run`);
  f[run] = f[run]!.replace('handoffdemo-1                    active                  1               5               0          4.76e3            5.00', 'handoffdemo-1                    active                  1             250               0          4.76e3          250.00');
  if (layout === 'go') f[key(f, `${NODE_A}.show-vxlan-tunnel`)] = '[0] instance 0 src 172.18.0.3 dst 172.18.0.4 src_port 4789 dst_port 4789 vni 4096 fib-idx 0 sw-if-idx 8 encap-dpo-idx 21\n';
  return f;
}

for (const layout of ['bash', 'go'] as Layout[]) {
  test(`before/after bundles (${layout}): the planted changes, and nothing else`, () => {
    const d = diffBundles(fromFiles(exportFiles({ layout }), 'before'), fromFiles(after(layout), 'after'));
    assert.deepEqual([d.onlyInA, d.onlyInB, d.nodes.map((n) => n.a)], [[], [], [NODE_A, NODE_B]]);
    const a = d.nodes[0]!;
    assert.deepEqual(keys(sec(a, 'interfaces').added), ['tun3']);
    assert.deepEqual(sec(a, 'interfaces').changed, [{ key: 'tun2', before: 'up mtu 1480', after: 'down mtu 1480' }]);
    assert.deepEqual(keys(sec(a, 'counters').added), ['tun3 rx packets']);
    assert.deepEqual(sec(a, 'errors').changed, [{ key: 'acl-plugin-out-ip4-fa: ACL deny packets', before: 1, after: 4711 }]);
    assert.deepEqual(sec(a, 'errors').removed, [{ key: 'ethernet-input: l3 mac mismatch', before: 5554, after: null }]);
    assert.deepEqual(sec(a, 'cnat-translations').changed, [{ key: '10.96.100.5;80 TCP', before: '11.0.0.131;8080, 11.0.1.10;8080', after: '11.0.0.131;8080' }]);
    assert.deepEqual(sec(a, 'npol-rules').changed.map((c) => [c.key, c.after]), [['rule#2', '[deny][proto==UDP,]']]);
    assert.deepEqual(keys(sec(a, 'npol-rules').added), ['rule#7']);
    assert.deepEqual(keys(sec(a, 'npol-ipsets').changed), ['ipset#1']);
    assert.deepEqual(sec(a, 'runtime').changed, [{ key: 'thread 1 handoffdemo-1 vectors/call', before: 5, after: 250 }]);
    assert.equal(sec(a, 'cnat-sessions').added.length + sec(a, 'cnat-sessions').removed.length + sec(a, 'cnat-sessions').changed.length, 0);
    if (layout === 'go') assert.deepEqual(keys(sec(a, 'tunnels').added), ['vxlan 172.18.0.3 -> 172.18.0.4 vni 4096']);
    else assert.equal(sec(a, 'tunnels').compared, false);
    assert.equal(sec(a, 'addresses').compared, false);
    const b = d.nodes[1]!;
    for (const s of b.sections) assert.equal(s.added.length + s.removed.length + s.changed.length, 0, `${NODE_B} ${s.name}`);
    assert.match(formatNodeDiff(a), /~ tun2: up mtu 1480 → down mtu 1480/);
  });
}

test('two nodes of one bundle', () => {
  const b = fromFiles(exportFiles({ layout: 'bash' }), 'one');
  const d = diffNodes(b, NODE_A, NODE_B);
  assert.deepEqual([d.a, d.b], [NODE_A, NODE_B]);
  assert.deepEqual(keys(sec(d, 'interfaces').removed), ['tun2']);
  assert.ok(sec(d, 'errors').removed.length > 0);
  assert.throws(() => diffNodes(b, NODE_A, 'nope'), /no node 'nope'/);
});

test('bundles with one node each and different names are paired', () => {
  const f = exportFiles({ layout: 'bash' });
  const only = (node: string) => Object.fromEntries(Object.entries(f).filter(([k]) => k.includes(`/${node}.`) || !/\/node-/.test(k)));
  const d = diffBundles(fromFiles(only(NODE_A), 'a'), fromFiles(only(NODE_B), 'b'));
  assert.deepEqual(d.nodes.map((n) => [n.a, n.b]), [[NODE_A, NODE_B]]);
});

describe('vpp-pathviz diff', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['diff', ...args], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), signal: new AbortController().signal });
    return { code, out, err };
  };
  test('BEFORE AFTER --json, text, --nodes, usage errors', async () => {
    const r1 = writeTree(exportFiles({ layout: 'go' }));
    const r2 = writeTree(after('go'));
    const a = tarGz(r1);
    const b = tarGz(r2);
    try {
      const j = await run([a, b, '--json']);
      assert.equal(j.code, 0, j.err);
      const parsed = JSON.parse(j.out) as { nodes: NodeDiff[] };
      assert.deepEqual(keys(sec(parsed.nodes[0]!, 'interfaces').added), ['tun3']);
      const t = await run([a, b, '--node', NODE_A]);
      assert.equal(t.code, 0);
      assert.match(t.out, /^ {2}interfaces: \+1 -0 ~1$/m);
      assert.match(t.out, /^ {4}\+ tun3 {2}up mtu 1480$/m);
      const n = await run([a, '--nodes', `${NODE_A},${NODE_B}`]);
      assert.equal(n.code, 0);
      assert.match(n.out, new RegExp(`^${NODE_A} → ${NODE_B}$`, 'm'));
      assert.equal((await run([a])).code, 2);
      assert.equal((await run([a, b, '--nodes', 'x'])).code, 2);
      const missing = await run([a, '/nonexistent/bundle.tar.gz']);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /\/nonexistent\/bundle\.tar\.gz: no such file/);
    } finally {
      cleanup(r1, r2, a, b);
    }
  });
});
