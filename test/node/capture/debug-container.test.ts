// Capture through an ephemeral debug container, against the test server's pods/ephemeralcontainers
// subresource (checked with kubectl, an independent client) and its simulated tcpdump: the pcap
// holds what the pod's eth0 carries in the scenario (read back with tshark), a filter narrows it,
// and a user without the right gets the RBAC message.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getScenario } from '../../../src/core/scenarios';
import { main } from '../../../src/cli/main';
import { simulatorCluster } from '../../../src/server/test-cluster/scenarios';
import { kubectl, noKubectl, noOpenssl, RECOGNISABLE_TOKEN, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const noTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0 ? undefined : 'tshark is not installed';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: process.cwd(), signal: new AbortController().signal });
  return { code, stdout, stderr };
}

describe('capture pod --debug-container', { skip: noOpenssl, timeout: 120_000 }, () => {
  const s = getScenario('pod-to-pod-ipip')!;
  let f: ClusterFixture;
  let dir: string;
  before(async () => {
    f = await startFixture(simulatorCluster(s), {
      users: [
        { name: 'admin', token: RECOGNISABLE_TOKEN },
        { name: 'viewer', token: 'vpt-viewer-0123456789abcdef', deny: [{ verb: 'patch', resource: 'pods/ephemeralcontainers' }] },
      ],
    });
    dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-debug-'));
  });
  after(async () => {
    await f?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const web2 = () => s.spec.cluster.pods.find((p) => p.name === 'web-2')!;
  /** Ground truth: records of the pod's node that left VPP on its tun, or came from it. */
  const expected = () => {
    const p = web2();
    return s.truth.filter((t) => t.node === p.node && (t.path.includes(`${p.tun}-output`) || (t.ingress.node === 'virtio-input' && t.ingress.interface === p.tun)));
  };

  test('adds the container (kubectl sees it), captures the pod\'s traffic into the workspace', { skip: noTshark }, async () => {
    const r = await cli(['capture', 'pod', 'default/web-2', '--debug-container', '--image', 'docker.io/nicolaka/netshoot:v0.13', '--out', path.join(dir, 'ws'), '--kubeconfig', f.kubeconfig, '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.match(out.container, /^vpp-pathviz-capture-[0-9a-f]{6}$/);
    assert.equal(out.manifest.state, 'complete');
    assert.equal(out.manifest.nodes[0].packets, expected().length);
    assert.match(out.manifest.nodes[0].warnings.join(' '), /cannot be removed/);
    const t = spawnSync('tshark', ['-r', out.file, '-T', 'fields', '-e', 'ip.src', '-e', 'ip.dst'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    const rows = t.stdout.trim().split('\n').map((l) => l.split('\t'));
    assert.equal(rows.length, expected().length);
    assert.ok(rows.every(([a, b]) => a === web2().ip || b === web2().ip), t.stdout);
    if (!noKubectl()) {
      const k = await kubectl(f, ['get', 'pod', 'web-2', '-n', 'default', '-o', 'jsonpath={.spec.ephemeralContainers[*].name} {.status.ephemeralContainerStatuses[*].state.running.startedAt}']);
      assert.equal(k.code, 0, k.stderr);
      assert.match(k.stdout, new RegExp(`^${out.container} \\d{4}-`));
    }
  });

  test('a filter reaches tcpdump; the user without patch rights gets the RBAC message', async () => {
    const r = await cli(['capture', 'pod', 'default/web-2', '--debug-container', '--protocol', 'icmp', '--out', path.join(dir, 'ws'), '--kubeconfig', f.kubeconfig, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.manifest.nodes[0].packets, expected().filter((t) => t.innerFlow.protocol === 'ICMP').length);
    const v = await cli(['capture', 'pod', 'default/web-2', '--debug-container', '--out', path.join(dir, 'ws'), '--kubeconfig', await f.kubeconfigFor('viewer'), '--json']);
    assert.equal(v.code, 1, v.stderr);
    const m = JSON.parse(v.stdout).manifest;
    assert.match(m.nodes[0].error, /permission denied \(Kubernetes RBAC\): you may not patch pods\/ephemeralcontainers in namespace "default"/);
    assert.ok(!v.stdout.includes('vpt-viewer-0123456789abcdef'));
  });

  test('host-network pods and bad images are refused before anything changes', async () => {
    const vpp = f.cluster.state.vppPodOn('node-1')!;
    const before = f.cluster.requests.length;
    const bad = await cli(['capture', 'pod', 'default/web-2', '--debug-container', '--image', 'x y', '--out', path.join(dir, 'ws'), '--kubeconfig', f.kubeconfig]);
    assert.equal(bad.code, 2);
    assert.equal(f.cluster.requests.length, before);
    const host = await cli(['capture', 'pod', `${vpp.namespace}/${vpp.name}`, '--debug-container', '--out', path.join(dir, 'ws'), '--kubeconfig', f.kubeconfig]);
    assert.equal(host.code, 2);
    assert.match(host.stderr, /host network/);
  });
});
