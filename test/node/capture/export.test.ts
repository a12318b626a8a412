// `vpp-pathviz export` makes calicovppctl's archive: checked against the file names read from
// calicovppctl's source (cmd/calicovppctl/main.go, exportData / collectKubernetesData — written out
// by hand below), listed by GNU tar, and opened with the app's own bundle reader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openBundle } from '../../../src/core/bundle';
import { getScenario } from '../../../src/core/scenarios';
import { main } from '../../../src/cli/main';
import { nodeInflate } from '../../../src/node/input';
import { simulatorCluster } from '../../../src/server/test-cluster/scenarios';
import { noOpenssl, RECOGNISABLE_TOKEN, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

/** calicovppctl's per-node files (main.go: vppStatCmds, describe/log files, cnatCmds, npolCmds, EncapCmds). */
const NODE_FILES = [
  'hardware-interfaces', 'show-run', 'show-err', 'show-log', 'show-buffers', 'show-int', 'show-int-rx', 'show-tun',
  'describe-calico-node-pod', 'calico-node.log', 'describe-vpp-pod', 'vpp.log', 'agent.log',
  'show-cnat-client', 'show-cnat-translation', 'show-cnat-session', 'show-cnat-timestamp', 'show-cnat-snat',
  'show-npol-interfaces', 'show-npol-policies', 'show-npol-rules', 'show-npol-ipsets',
  'show-ipip-tunnel', 'show-vxlan-tunnel',
];
/** Cluster files the test server can serve (no Service, DaemonSet or operator APIs there: calicovppctl skips those too, except installation.yaml, which it writes with the error). */
const CLUSTER_FILES = ['kubectl-version', 'get-pods', 'get-nodes', 'installation.yaml', 'calico-vpp-config.configmap.yaml'];

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('vpp-pathviz export', { skip: noOpenssl, timeout: 120_000 }, () => {
  const s = getScenario('sample')!;
  let f: ClusterFixture;
  let dir: string;
  before(async () => {
    f = await startFixture(simulatorCluster(s), { users: [{ name: 'admin', token: RECOGNISABLE_TOKEN }] });
    dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-export-'));
  });
  after(async () => {
    await f?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('same layout and names as calicovppctl export; GNU tar lists it; the bundle reader opens it as a Go export', async () => {
    const out = path.join(dir, 'export.tar.gz');
    const r = await cli(['export', '--out', out, '--kubeconfig', f.kubeconfig, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.match(res.folder, /^calico-vpp-export-\d+$/);
    assert.match(res.prefix, /^\d{8}-\d{6}-$/);
    const tar = spawnSync('tar', ['-tzf', out], { encoding: 'utf8' });
    assert.equal(tar.status, 0, tar.stderr);
    const listed = tar.stdout.split('\n').filter(Boolean);
    assert.equal(listed[0], `${res.folder}/`);
    const names = listed.slice(1).map((p) => {
      assert.ok(p.startsWith(`${res.folder}/${res.prefix}`), p);
      return p.slice(res.folder.length + 1 + res.prefix.length);
    });
    const expected = [...CLUSTER_FILES, ...s.nodes.flatMap((n) => NODE_FILES.map((x) => `${n}.${x}`))];
    assert.deepEqual([...names].sort(), [...expected].sort());

    const bundle = openBundle(new Uint8Array(await readFile(out)), { inflate: nodeInflate, name: 'export.tar.gz' });
    assert.equal(bundle.layout, 'go');
    assert.equal(bundle.prefix, res.prefix.slice(0, -1));
    assert.deepEqual(bundle.nodes.map((n) => n.name).sort(), [...s.nodes].sort());
    for (const n of bundle.nodes) {
      const kinds = new Set(n.files.map((x) => x.kind));
      for (const k of ['show-hardware', 'show-run', 'show-int', 'show-err', 'show-tun', 'vpp-log', 'agent-log', 'cnat-session', 'ipip-tunnel']) assert.ok(kinds.has(k as never), `${n.name}: ${k} in ${[...kinds].join(',')}`);
      assert.equal(n.files.length, NODE_FILES.length);
      assert.ok(n.files.every((x) => x.kind !== 'unknown'), n.files.filter((x) => x.kind === 'unknown').map((x) => x.name).join(', '));
    }
    // The show int file is what the node's VPP printed.
    const showInt = bundle.nodes.find((n) => n.name === 'node-1')!.files.find((x) => x.name === 'show-int')!;
    assert.equal(new TextDecoder().decode(showInt.bytes), s.render.showInterface('node-1'));
    // A failed command keeps calicovppctl's marker.
    const inst = bundle.cluster.find((x) => x.name === 'installation.yaml')!;
    assert.match(new TextDecoder().decode(inst.bytes), /\[calicovppctl\] command failed: /);
    const all = new TextDecoder().decode(nodeInflate(new Uint8Array(await readFile(out)), { maxOutputBytes: 1 << 30 }));
    assert.ok(!all.includes(RECOGNISABLE_TOKEN));
  });

  test('--node: one node only, like calicovppctl exportnode', async () => {
    const out = path.join(dir, 'one.tar.gz');
    const r = await cli(['export', '--out', out, '--node', 'node-2', '--kubeconfig', f.kubeconfig, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const bundle = openBundle(new Uint8Array(await readFile(out)), { inflate: nodeInflate });
    assert.deepEqual(bundle.nodes.map((n) => n.name), ['node-2']);
    assert.equal(bundle.nodes[0]!.files.length, NODE_FILES.length);
  });
});
