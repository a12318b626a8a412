// The calicovppctl capture lock through exec (tee from stdin over v5, cat, rm -f).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KubeSession } from '../../../src/node/kube/client';
import { CAPTURE_LOCK_FILE, readCaptureLock, removeCaptureLock, writeCaptureLock } from '../../../src/node/kube/lock';
import { noOpenssl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

describe('capture lock file', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  before(async () => {
    f = await startFixture({ nodes: [{ name: 'n1' }] });
  });
  after(async () => f?.stop());

  test('absent, written, read back (same bytes in the pod), removed', async () => {
    const s = KubeSession.open({ kubeconfig: f.kubeconfig });
    const vpp = { namespace: 'calico-vpp-dataplane', pod: f.cluster.state.vppPodOn('n1')!.name, container: 'vpp' };
    assert.equal(await readCaptureLock(s, vpp), null);
    const written = await writeCaptureLock(s, vpp, { node_name: 'n1', operation: 'pcap', bpf_active: true, hostname: 'laptop' });
    const inPod = JSON.parse(new TextDecoder().decode(f.cluster.state.container(vpp.namespace, vpp.pod, 'vpp')!.fs.read(CAPTURE_LOCK_FILE)));
    assert.deepEqual(inPod, written);
    assert.deepEqual(Object.keys(inPod), ['node_name', 'operation', 'started_at', 'hostname', 'bpf_active']);
    assert.deepEqual(await readCaptureLock(s, vpp), written);
    await removeCaptureLock(s, vpp);
    assert.equal(await readCaptureLock(s, vpp), null);
    f.cluster.state.container(vpp.namespace, vpp.pod, 'vpp')!.fs.write(CAPTURE_LOCK_FILE, new TextEncoder().encode('not json'));
    await assert.rejects(readCaptureLock(s, vpp), /is not valid JSON/);
  });
});
