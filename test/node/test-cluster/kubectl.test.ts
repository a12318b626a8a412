// The real kubectl (/usr/bin/kubectl) against the Kubernetes API test server: proof that the
// server speaks the protocol (discovery, lists with selectors, tables, config maps, logs incl.
// follow, RBAC and auth failures, and exec over WebSocket).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { TEST_CLUSTER_SCENARIOS } from '../../../src/server/test-cluster/scenarios';
import { clientEnv, kubectl, noKubectl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const NS = 'calico-vpp-dataplane';

describe('kubectl against the test cluster', { skip: noKubectl() }, () => {
  let f: ClusterFixture;
  let viewerKubeconfig: string;
  let badKubeconfig: string;

  before(async () => {
    f = await startFixture(TEST_CLUSTER_SCENARIOS['missing-vpp-pod']!.spec(), {
      users: [
        { name: 'admin', token: 'admin-token-0123456789abcdef' },
        { name: 'viewer', token: 'viewer-token-0123456789abcdef', deny: [{ verb: 'list', resource: 'pods' }, { verb: 'create', resource: 'pods/exec' }] },
      ],
    });
    viewerKubeconfig = await f.kubeconfigFor('viewer');
    badKubeconfig = `${f.dir}/bad-kubeconfig`;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(badKubeconfig, f.cluster.kubeconfig().replace('admin-token-0123456789abcdef', 'not-a-known-token'));
  });
  after(async () => f?.stop());

  test('kubectl version reports the server version', async () => {
    const r = await kubectl(f, ['version', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.serverVersion.gitVersion, f.cluster.state.kubernetesVersion);
    const [major, minor] = f.cluster.state.kubernetesVersion.slice(1).split('.');
    assert.equal(v.serverVersion.major, major);
    assert.equal(v.serverVersion.minor, minor);
  });

  test('get nodes: JSON and the default table', async () => {
    const r = await kubectl(f, ['get', 'nodes', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout);
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((n: { metadata: { name: string } }) => n.metadata.name), f.cluster.state.nodes.map((n) => n.name));
    assert.ok(list.items.every((n: { kind: string }) => n.kind === 'Node'));
    const t = await kubectl(f, ['get', 'nodes']);
    assert.equal(t.code, 0, t.stderr);
    const lines = t.stdout.trim().split('\n');
    assert.match(lines[0]!, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/);
    for (const n of f.cluster.state.nodes) assert.ok(lines.some((l) => l.startsWith(n.name) && /\bReady\b/.test(l)), `table lists ${n.name}`);
  });

  test('get pods: all namespaces, field selector spec.nodeName, label selector', async () => {
    const all = JSON.parse((await kubectl(f, ['get', 'pods', '-A', '-o', 'json'])).stdout);
    assert.equal(all.items.length, f.cluster.state.pods.length);
    const r = await kubectl(f, ['get', 'pods', '-n', NS, '--field-selector', 'spec.nodeName=worker-b', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const onB = JSON.parse(r.stdout).items;
    const expected = f.cluster.state.pods.filter((p) => p.namespace === NS && p.nodeName === 'worker-b');
    assert.equal(expected.length, 1);
    assert.deepEqual(onB.map((p: { metadata: { name: string } }) => p.metadata.name), expected.map((p) => p.name));
    assert.equal(onB[0].spec.nodeName, 'worker-b');
    const none = JSON.parse((await kubectl(f, ['get', 'pods', '-n', NS, '--field-selector', 'spec.nodeName=worker-c', '-o', 'json'])).stdout);
    assert.equal(none.items.length, 0, 'worker-c has no calico-vpp-node pod');
    const byLabel = JSON.parse((await kubectl(f, ['get', 'pods', '-A', '-l', 'k8s-app=calico-vpp-node', '-o', 'json'])).stdout);
    assert.equal(byLabel.items.length, f.cluster.state.pods.filter((p) => p.labels['k8s-app'] === 'calico-vpp-node').length);
    const bad = await kubectl(f, ['get', 'pods', '-A', '--field-selector', 'spec.color=blue']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /field label not supported: spec\.color/);
  });

  test('get configmap calico-vpp-config carries the uplink driver', async () => {
    const r = await kubectl(f, ['get', 'configmap', 'calico-vpp-config', '-n', NS, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const cm = JSON.parse(r.stdout);
    assert.equal(JSON.parse(cm.data.CALICOVPP_INTERFACES).uplinkInterfaces[0].vppDriver, 'af_packet');
    const table = await kubectl(f, ['get', 'cm', '-n', NS]);
    assert.match(table.stdout, /calico-vpp-config\s+3\s/);
    const missing = await kubectl(f, ['get', 'configmap', 'nope', '-n', NS]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /configmaps "nope" not found/);
  });

  test('logs: container log, --tail, and "a container name must be specified"', async () => {
    const pod = f.cluster.state.vppPodOn('worker-a')!;
    const expected = pod.containers.find((c) => c.name === 'agent')!.log.entries.map((e) => e.line);
    const r = await kubectl(f, ['logs', '-n', NS, pod.name, '-c', 'agent']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), expected);
    const tail = await kubectl(f, ['logs', '-n', NS, pod.name, '-c', 'agent', '--tail', '1']);
    assert.deepEqual(tail.stdout.trimEnd().split('\n'), expected.slice(-1));
    const wrong = await kubectl(f, ['logs', '-n', NS, pod.name, '-c', 'nope']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /container nope is not valid for pod/);
  });

  test('logs -f streams lines appended after it started', async () => {
    const pod = f.cluster.state.vppPodOn('worker-b')!;
    const child = spawn('/usr/bin/kubectl', ['--cache-dir', `${f.dir}/kube-cache`, 'logs', '-f', '-n', NS, pod.name, '-c', 'vpp'], { env: clientEnv(f.dir, f.kubeconfig) });
    let out = '';
    const seen = (s: string) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${s}; got: ${out}`)), 15_000);
        const check = () => {
          if (out.includes(s)) {
            clearTimeout(t);
            resolve();
          }
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        check();
      });
    try {
      await seen(pod.containers[0]!.log.entries.at(-1)!.line);
      f.cluster.state.appendLog(NS, pod.name, 'vpp', 'follow-line-1 appended by the test');
      await seen('follow-line-1 appended by the test');
    } finally {
      child.kill();
    }
  });

  test('RBAC denial: kubectl shows the Forbidden message naming verb and resource', async () => {
    const r = await kubectl(f, ['get', 'pods', '-n', NS], { kubeconfig: viewerKubeconfig });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "calico-vpp-dataplane"/);
    const nodes = await kubectl(f, ['get', 'nodes', '-o', 'name'], { kubeconfig: viewerKubeconfig });
    assert.equal(nodes.code, 0, 'the denial is specific to pods');
  });

  test('unknown token: 401', async () => {
    const r = await kubectl(f, ['get', 'nodes'], { kubeconfig: badKubeconfig });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unauthorized|must be logged in/);
  });

  test('exec over WebSocket (v5): vppctl, no shell, stdin to tee, exit codes', async () => {
    const pod = f.cluster.state.vppPodOn('worker-a')!;
    const before = f.cluster.requests.length;
    const v = await kubectl(f, ['exec', '-n', NS, pod.name, '-c', 'vpp', '--', '/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'version']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /^vpp v\S+ built by /);
    const execReq = f.cluster.requests.slice(before).find((q) => q.url.includes('/exec?'));
    assert.equal(execReq?.protocol, 'v5.channel.k8s.io', 'kubectl negotiated the v5 channel protocol');

    const sh = await kubectl(f, ['exec', '-n', NS, pod.name, '-c', 'vpp', '--', 'sh', '-c', 'echo hi']);
    assert.equal(sh.code, 127);
    assert.match(sh.stderr, /executable file not found/);
    assert.match(sh.stderr, /command terminated with exit code 127/);

    const tee = await kubectl(f, ['exec', '-i', '-n', NS, pod.name, '-c', 'vpp', '--', 'tee', '/tmp/from-kubectl.txt'], { input: 'stdin through v5\n' });
    assert.equal(tee.code, 0, tee.stderr);
    assert.equal(tee.stdout, 'stdin through v5\n');
    assert.equal(new TextDecoder().decode(pod.containers[0]!.fs.read('/tmp/from-kubectl.txt')), 'stdin through v5\n');

    const missing = await kubectl(f, ['exec', '-n', NS, pod.name, '-c', 'vpp', '--', 'cat', '/tmp/none']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cat: \/tmp\/none: No such file or directory/);
  });

  test('exec denied by RBAC', async () => {
    const pod = f.cluster.state.vppPodOn('worker-a')!;
    const r = await kubectl(f, ['exec', '-n', NS, pod.name, '-c', 'vpp', '--', 'cat', '/tmp/x'], { kubeconfig: viewerKubeconfig });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /forbidden|Forbidden/);
  });
});
