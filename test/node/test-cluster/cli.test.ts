// The live-cluster CLI commands (nodes, vppctl, log) in-process against the test cluster, and
// `vpp-pathviz test-cluster` as a real process: kubeconfig written, `ready` first, serves until
// interrupted.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main';
import { TEST_CLUSTER_SCENARIOS } from '../../../src/server/test-cluster/scenarios';
import { kubectl, noKubectl, noOpenssl, repoRoot, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('live-cluster commands', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  before(async () => {
    f = await startFixture(TEST_CLUSTER_SCENARIOS['missing-vpp-pod']!.spec());
  });
  after(async () => f?.stop());

  test('nodes --json is the discovery result; the table names the node without VPP', async () => {
    const j = await cli(['nodes', '--kubeconfig', f.kubeconfig, '--json']);
    assert.equal(j.code, 0, j.stderr);
    const d = JSON.parse(j.stdout);
    assert.deepEqual(d.nodes.map((n: { name: string }) => n.name), f.cluster.state.nodes.map((n) => n.name));
    assert.equal(d.uplink.driver, 'af_packet');
    const t = await cli(['nodes', '--kubeconfig', f.kubeconfig]);
    assert.equal(t.code, 0);
    assert.match(t.stdout, /^worker-c\s+yes\s+-\s+-\s+-\s+no calico-vpp-node pod/m);
    assert.match(t.stdout, new RegExp(`^worker-a\\s+yes\\s+${f.cluster.state.vppPodOn('worker-a')!.name}\\s+Running\\s+vpp,agent$`, 'm'));
  });

  test('vppctl: show runs; other commands need --yes; --read-only forbids them', async () => {
    const show = await cli(['vppctl', 'worker-a', '--kubeconfig', f.kubeconfig, '--', 'show', 'version']);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^vpp v\S+ built by/);
    const noYes = await cli(['vppctl', 'worker-a', '--kubeconfig', f.kubeconfig, '--', 'trace', 'add', 'virtio-input', '5']);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /"trace add virtio-input 5" changes VPP's state on worker-a; add --yes/);
    const ro = await cli(['vppctl', 'worker-a', '--kubeconfig', f.kubeconfig, '--read-only', '--yes', '--', 'clear', 'trace']);
    assert.equal(ro.code, 2);
    assert.match(ro.stderr, /--read-only allows only "show …" commands/);
    const yes = await cli(['vppctl', 'worker-a', '--kubeconfig', f.kubeconfig, '--yes', '--', 'trace', 'add', 'virtio-input', '5']);
    assert.equal(yes.code, 0, yes.stderr);
    const trace = await cli(['vppctl', 'worker-a', '--kubeconfig', f.kubeconfig, '--', 'show', 'trace']);
    assert.match(trace.stdout, /^Packet 1$/m);
    const none = await cli(['vppctl', 'worker-c', '--kubeconfig', f.kubeconfig, '--', 'show', 'int']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no calico-vpp-node pod runs on node "worker-c"/);
  });

  test('log: one component, or all three under headings', async () => {
    const pod = f.cluster.state.vppPodOn('worker-b')!;
    const one = await cli(['log', 'worker-b', '--kubeconfig', f.kubeconfig, '--component', 'agent', '--tail', '1']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, `${pod.containers.find((c) => c.name === 'agent')!.log.entries.at(-1)!.line}\n`);
    const all = await cli(['log', 'worker-b', '--kubeconfig', f.kubeconfig]);
    assert.equal(all.code, 0, all.stderr);
    const heads = all.stdout.split('\n').filter((l) => l.startsWith('----- '));
    assert.deepEqual(heads, ['----- Felix -----', '----- VPP Manager -----', '----- Calico-VPP agent -----']);
    assert.equal((await cli(['log', 'worker-b', '-f', '--kubeconfig', f.kubeconfig])).code, 2, '-f needs --component');
  });

  test('no cluster configured: exit 1 with the clear message', async () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST };
    process.env.KUBECONFIG = path.join(f.dir, 'does-not-exist');
    delete process.env.KUBERNETES_SERVICE_HOST; // in case the tests run inside a pod
    try {
      const r = await cli(['nodes']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no Kubernetes cluster is configured/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('vpp-pathviz test-cluster as a process', { skip: noOpenssl }, () => {
  test('writes the kubeconfig, prints ready first, serves kubectl, stops on SIGINT', { timeout: 60_000 }, async (t) => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-tc-cli-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const runner = path.join(dir, 'run.mts');
    await writeFile(runner, `import { main } from ${JSON.stringify(path.join(repoRoot, 'src/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    const kubeconfig = path.join(dir, 'demo.kubeconfig');
    const child = spawn(process.execPath, ['--import', 'tsx', runner, 'test-cluster', '--scenario', 'basic', '--kubeconfig-out', kubeconfig], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ready line; stdout: ${out} stderr: ${err}`)), 30_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.includes('\n')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('close', () => reject(new Error(`exited early: ${err}`)));
      });
      assert.equal(out.split('\n')[0], 'ready');
      const cfg = await readFile(kubeconfig, 'utf8');
      assert.match(cfg, /server: "https:\/\/127\.0\.0\.1:\d+"/);
      const r = await cli(['nodes', '--kubeconfig', kubeconfig, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).nodes.map((n: { name: string }) => n.name), ['worker-a', 'worker-b']);
      if (!noKubectl()) {
        const fake = { dir, kubeconfig } as unknown as ClusterFixture;
        const k = await kubectl(fake, ['get', 'pods', '-A', '-o', 'name']);
        assert.equal(k.code, 0, k.stderr);
        assert.match(k.stdout, /pod\/calico-vpp-node-/);
      }
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, err);
  });
});
