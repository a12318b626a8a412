// The long-lived vppctl of a node: pipelined commands get exactly the answers one-shot vppctl execs
// give (the independent oracle), one exec carries them all, bad words never reach stdin, a
// cancelled command ends that vppctl and the next command starts a new one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KubeSession } from '../../../src/node/kube/client';
import { runVppctl } from '../../../src/node/kube/vppctl';
import { VppctlSession } from '../../../src/node/kube/vppctl-session';
import { noOpenssl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

describe('vppctl session', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  before(async () => {
    f = await startFixture({ nodes: [{ name: 'n1' }] });
  });
  after(async () => f?.stop());

  const execs = (from: number) => f.cluster.requests.slice(from).filter((r) => r.url.includes('/exec?'));

  test('pipelined commands: each answer is the one-shot answer; one exec for all of them', async () => {
    const s = KubeSession.open({ kubeconfig: f.kubeconfig });
    const target = { namespace: 'calico-vpp-dataplane', pod: f.cluster.state.vppPodOn('n1')!.name, container: 'vpp' };
    const cmds = [['show', 'version'], ['show', 'node', 'no-such-node'], ['show', 'version'], ['bogus', 'command']];
    const oracle: string[] = [];
    for (const c of cmds) oracle.push((await runVppctl(s, 'n1', c, { allowChanges: true })).output);
    assert.ok(oracle[0]!.startsWith('vpp v'), oracle[0]);
    const from = f.cluster.requests.length;
    const v = new VppctlSession(s, target);
    const got = await Promise.all(cmds.map((c) => v.run(c)));
    assert.deepEqual(got, oracle);
    assert.deepEqual(await v.run(['show', 'version']), oracle[0]);
    assert.equal(execs(from).length, 1, 'one exec carried every command');
    const argv = new URL(execs(from)[0]!.url, 'https://x').searchParams.getAll('command');
    assert.deepEqual(argv, ['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock'], 'no shell, no command words');
    await v.close();
    await assert.rejects(v.run(['show', 'version\nclear trace']), /control characters/);
    assert.equal(execs(from).length, 1, 'a refused command opens nothing');
  });

  test('a cancelled command ends that vppctl; the next command starts a new one', async () => {
    const s = KubeSession.open({ kubeconfig: f.kubeconfig });
    const target = { namespace: 'calico-vpp-dataplane', pod: f.cluster.state.vppPodOn('n1')!.name, container: 'vpp' };
    const v = new VppctlSession(s, target);
    const from = f.cluster.requests.length;
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(v.run(['show', 'version'], { signal: ac.signal }), (e: Error & { kind?: string }) => e.kind === 'cancelled');
    const slow = new AbortController();
    const p = v.run(['show', 'version'], { signal: slow.signal });
    slow.abort();
    await assert.rejects(p, (e: Error & { kind?: string }) => e.kind === 'cancelled');
    assert.match(await v.run(['show', 'version']), /^vpp v/);
    assert.equal(execs(from).length, 2, 'the cancelled vppctl was replaced by a new one');
    await v.close();
  });
});
