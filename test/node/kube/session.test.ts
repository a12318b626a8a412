// Our client layer (@kubernetes/client-node underneath) against the Kubernetes API test server:
// discovery, vppctl over exec with argument vectors, RBAC messages naming verb and resource, clear
// failures (no cluster, no VPP pod), logs, and a recognisable token that must never leak.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KubeSession } from '../../../src/node/kube/client';
import { discoverCluster, findVppPod, uplinkDriver } from '../../../src/node/kube/discovery';
import { KubeError } from '../../../src/node/kube/errors';
import { nodeLogs } from '../../../src/node/kube/logs';
import { downloadFile } from '../../../src/node/kube/transfer';
import { isReadOnlyVppCommand, runVppctl, vppctlArgv } from '../../../src/node/kube/vppctl';
import { BasicVppEngine } from '../../../src/server/test-cluster/vppctl-engine';
import { corpusTracePackets, noOpenssl, RECOGNISABLE_TOKEN, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const NS = 'calico-vpp-dataplane';
const TRACE_FILE = 'calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt';

function execArgv(url: string): string[] {
  return new URL(url, 'https://x').searchParams.getAll('command');
}

describe('vppctl command policy (no network)', () => {
  test('show and its abbreviations are read-only; everything else is not', () => {
    for (const a of [['show', 'int'], ['sh', 'trace'], ['sho', 'run'], ['show int addr'], ['  SHOW', 'version']]) assert.equal(isReadOnlyVppCommand(a), true, a.join(' '));
    for (const a of [['clear', 'trace'], ['trace', 'add', 'virtio-input', '10'], ['s', 'int'], ['set', 'int', 'state'], ['pcap', 'trace', 'off'], ['showx']]) assert.equal(isReadOnlyVppCommand(a), false, a.join(' '));
  });

  test('argument vector: fixed vppctl prefix, user words untouched, control characters refused', () => {
    assert.deepEqual(vppctlArgv(['show', 'int; rm -rf /']), ['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'int; rm -rf /']);
    assert.throws(() => vppctlArgv(['show int\nclear trace']), /control characters/);
    assert.throws(() => vppctlArgv([]), /no VPP command/);
  });
});

describe('client session against the test cluster', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  let session: KubeSession;
  const logLines: string[] = [];
  const packets = noOpenssl ? [] : corpusTracePackets(TRACE_FILE);

  before(async () => {
    f = await startFixture(
      {
        uplinkDriver: 'dpdk',
        nodes: [
          { name: 'node-a', vpp: { engine: new BasicVppEngine({ version: 'v25.06.0-test', packets }) } },
          { name: 'node-b', vpp: { containers: ['agent'] } },
          { name: 'node-c', vpp: false },
        ],
      },
      {
        users: [
          { name: 'ops', token: RECOGNISABLE_TOKEN, deny: [{ verb: 'get', resource: 'pods/log', namespace: 'calico-system' }] },
          { name: 'no-exec', token: 'no-exec-token-123456789', deny: [{ verb: 'create', resource: 'pods/exec' }] },
          { name: 'no-pods', token: 'no-pods-token-123456789', deny: [{ verb: 'list', resource: 'pods' }] },
          { name: 'no-nodes', token: 'no-nodes-token-123456789', deny: [{ verb: 'list', resource: 'nodes' }, { verb: 'get', resource: 'configmaps' }] },
        ],
      },
    );
    session = KubeSession.open({ kubeconfig: f.kubeconfig, log: (l) => logLines.push(l) });
  });
  after(async () => f?.stop());

  test('discovery: nodes, the calico-vpp-node pod per node (field selector), containers, uplink driver', async () => {
    const before = f.cluster.requests.length;
    const d = await discoverCluster(session);
    assert.deepEqual(d.nodes.map((n) => n.name), ['node-a', 'node-b', 'node-c']);
    const a = d.nodes[0]!;
    assert.equal(a.vpp?.name, f.cluster.state.vppPodOn('node-a')!.name);
    assert.deepEqual(a.vpp?.containers, ['vpp', 'agent']);
    assert.equal(a.problem, undefined);
    assert.match(d.nodes[1]!.problem ?? '', /has no "vpp" container/);
    assert.match(d.nodes[2]!.problem ?? '', /no calico-vpp-node pod on this node in namespace "calico-vpp-dataplane"/);
    assert.deepEqual(d.uplink, { driver: 'dpdk' });
    const selectors = f.cluster.requests.slice(before).map((r) => new URL(r.url, 'https://x').searchParams.get('fieldSelector')).filter(Boolean).sort();
    assert.deepEqual(selectors, ['spec.nodeName=node-a', 'spec.nodeName=node-b', 'spec.nodeName=node-c']);
    assert.ok(f.cluster.requests.slice(before).every((r) => r.status === 200));
    assert.doesNotThrow(() => structuredClone(d), 'discovery results are plain data');
  });

  test('clear messages: no VPP pod on a node, unknown node, vpp container missing', async () => {
    await assert.rejects(findVppPod(session, 'node-c'), (e: KubeError) => e.kind === 'no-vpp-pod' && /no calico-vpp-node pod runs on node "node-c" in namespace "calico-vpp-dataplane"/.test(e.message));
    await assert.rejects(findVppPod(session, 'node-z'), (e: KubeError) => e.kind === 'not-found' && /no node "node-z".*node-a, node-b, node-c/.test(e.message));
    await assert.rejects(findVppPod(session, 'node-b'), (e: KubeError) => e.kind === 'no-vpp-pod' && /has no "vpp" container/.test(e.message));
    await assert.rejects(findVppPod(session, 'node-a', { vppNamespace: 'elsewhere' }), (e: KubeError) => e.kind === 'no-vpp-pod' && /namespace "elsewhere"/.test(e.message));
  });

  test('vppctl: argument vector in the vpp container; output is what VPP printed', async () => {
    const before = f.cluster.requests.length;
    const r = await runVppctl(session, 'node-a', ['show', 'version']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.output, new BasicVppEngine({ version: 'v25.06.0-test' }).exec('show version').output);
    const execs = f.cluster.requests.slice(before).filter((q) => q.url.includes('/exec?'));
    assert.equal(execs.length, 1);
    assert.deepEqual(execArgv(execs[0]!.url), ['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'version']);
    assert.equal(new URL(execs[0]!.url, 'https://x').searchParams.get('container'), 'vpp');
    assert.equal(execs[0]!.protocol, 'v5.channel.k8s.io');

    const odd = await runVppctl(session, 'node-a', ['show', 'int; sh -c reboot']);
    const last = f.cluster.requests.filter((q) => q.url.includes('/exec?')).at(-1)!;
    assert.deepEqual(execArgv(last.url).slice(3), ['show', 'int; sh -c reboot'], 'user text stays one argument');
    assert.match(odd.output, /^unknown input/);
  });

  test('vppctl: state changes need consent; the trace buffer fills after trace add', async () => {
    await assert.rejects(runVppctl(session, 'node-a', ['clear', 'trace']), (e: KubeError) => e.kind === 'bad-request' && /only "show …" commands/.test(e.message));
    await runVppctl(session, 'node-a', ['clear', 'trace'], { allowChanges: true });
    assert.match((await runVppctl(session, 'node-a', ['show', 'trace'])).output, /No packets in trace buffer/);
    await runVppctl(session, 'node-a', ['trace', 'add', packets[0]!.inputNode, '10'], { allowChanges: true });
    const shown = (await runVppctl(session, 'node-a', ['show', 'trace'])).output;
    assert.ok(shown.includes(packets[0]!.text), 'the corpus packet comes back through exec unchanged');
    assert.equal(shown.split('\n').filter((l) => /^Packet \d+$/.test(l)).length, packets.length);
  });

  test('RBAC denials name the verb and the resource', async () => {
    const as = async (user: string) => KubeSession.open({ kubeconfig: await f.kubeconfigFor(user) });
    await assert.rejects(runVppctl(await as('no-exec'), 'node-a', ['show', 'version']), (e: KubeError) => {
      assert.equal(e.kind, 'forbidden');
      assert.equal(e.verb, 'create');
      assert.equal(e.resource, 'pods/exec');
      assert.match(e.message, /you may not create pods\/exec in namespace "calico-vpp-dataplane"/);
      assert.match(e.message, /grants verb "create" on resource "pods\/exec"/);
      return true;
    });
    await assert.rejects(discoverCluster(await as('no-pods')), (e: KubeError) => e.kind === 'forbidden' && /you may not list pods in namespace "calico-vpp-dataplane"/.test(e.message) && /User "no-pods" cannot list resource "pods"/.test(e.message));
    await assert.rejects(discoverCluster(await as('no-nodes')), (e: KubeError) => e.kind === 'forbidden' && /you may not list nodes at cluster scope/.test(e.message));
    const up = await uplinkDriver(await as('no-nodes'));
    assert.equal(up.driver, null);
    assert.match(up.problem ?? '', /you may not get configmaps in namespace "calico-vpp-dataplane"/);
  });

  test('logs: vpp and agent containers, felix from calico-node', async () => {
    const pod = f.cluster.state.vppPodOn('node-a')!;
    let text = '';
    const t = await nodeLogs(session, 'node-a', 'agent', { onData: (d) => (text += d) });
    assert.deepEqual(t, { namespace: NS, pod: pod.name, container: 'agent' });
    assert.deepEqual(text.trimEnd().split('\n'), pod.containers.find((c) => c.name === 'agent')!.log.entries.map((e) => e.line));
    let followed = '';
    const ac = new AbortController();
    const done = nodeLogs(session, 'node-a', 'vpp', { follow: true, tailLines: 0, signal: ac.signal, onData: (d) => {
      followed += d;
      if (followed.includes('appended for follow')) ac.abort();
    } });
    await new Promise((r) => setTimeout(r, 200));
    f.cluster.state.appendLog(NS, pod.name, 'vpp', 'appended for follow');
    await done;
    assert.equal(followed, 'appended for follow\n');
  });

  test('no cluster reachable: a clear "unreachable" error', async () => {
    const file = path.join(f.dir, 'dead.yaml');
    await writeFile(file, f.cluster.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'));
    const s = KubeSession.open({ kubeconfig: file });
    await assert.rejects(s.listNodes(), (e: KubeError) => e.kind === 'unreachable' && /cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:1 \(connection refused\)/.test(e.message));
  });

  test('the token never appears in any error or log line', async () => {
    const messages: string[] = [];
    const collect = async (p: Promise<unknown>) => {
      try {
        await p;
        messages.push('(no error)');
      } catch (e) {
        assert.ok(e instanceof KubeError, `plain KubeError, got ${String(e)}`);
        messages.push(e.message, String(e.stack), JSON.stringify(e), JSON.stringify(Object.entries(e)));
      }
    };
    // 401: a token the server does not know, built around the recognisable one.
    const unknown = path.join(f.dir, 'unknown-token.yaml');
    await writeFile(unknown, f.cluster.kubeconfig().replace(RECOGNISABLE_TOKEN, `${RECOGNISABLE_TOKEN}-revoked`));
    await collect(KubeSession.open({ kubeconfig: unknown }).listNodes());
    await collect(runVppctl(KubeSession.open({ kubeconfig: unknown }), 'node-a', ['show', 'version']));
    // 403, 404, exec failures, transfer failure, refusal, unreachable — all as the recognisable user.
    await collect(nodeLogs(session, 'node-a', 'felix', { onData: () => {} }));
    await collect(findVppPod(session, 'node-c'));
    await collect(runVppctl(session, 'node-a', ['clear', 'trace']));
    const pod = f.cluster.state.vppPodOn('node-a')!;
    await collect(downloadFile(session, { target: { namespace: NS, pod: pod.name, container: 'vpp' }, remotePath: '/tmp/none', localPath: path.join(f.dir, 'none') }));
    f.cluster.state.container(NS, pod.name, 'vpp')!.fs.write('/tmp/big.bin', new Uint8Array(200_000).map((_, i) => i * 31));
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'gzip' ? 100 : undefined);
    try {
      await collect(downloadFile(session, { target: { namespace: NS, pod: pod.name, container: 'vpp' }, remotePath: '/tmp/big.bin', localPath: path.join(f.dir, 'big.bin'), retryDelayMs: 10 }));
    } finally {
      f.cluster.faults.cutStdoutAfter = undefined;
    }
    const dead = path.join(f.dir, 'dead2.yaml');
    await writeFile(dead, f.cluster.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:1'));
    await collect(KubeSession.open({ kubeconfig: dead }).listNodes());
    assert.ok(!messages.includes('(no error)'), 'every case failed as intended');
    assert.ok(messages.some((m) => /401 Unauthorized/.test(m)));
    assert.ok(messages.some((m) => /kubectl .*cp /.test(m)));
    const b64 = Buffer.from(RECOGNISABLE_TOKEN).toString('base64');
    for (const m of [...messages, ...logLines]) {
      assert.ok(!m.includes(RECOGNISABLE_TOKEN), `token leaked: ${m}`);
      assert.ok(!m.includes(b64), `token (base64) leaked: ${m}`);
    }
    assert.ok(logLines.length > 10, 'the log hook saw the requests');
  });
});
