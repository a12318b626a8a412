// The official Python client (/usr/bin/python3 + python3-kubernetes), unchanged, execs in the test
// cluster over WebSocket: the channel framing, the error channel's Status with the ExitCode cause
// (the client's `returncode`), and binary-clean stdout.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BasicVppEngine } from '../../../src/server/test-cluster/vppctl-engine';
import { clientEnv, noPythonKubernetes, run, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const NS = 'calico-vpp-dataplane';

const SCRIPT = `
import json, sys
from kubernetes import client, config
from kubernetes.stream import stream

config.load_kube_config(config_file=sys.argv[1])
v1 = client.CoreV1Api()
ns = 'calico-vpp-dataplane'
pod = v1.list_namespaced_pod(ns, field_selector='spec.nodeName=node-1').items[0].metadata.name

def ex(cmd, container='vpp'):
    r = stream(v1.connect_get_namespaced_pod_exec, pod, ns, container=container, command=cmd,
               stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
    r.run_forever(timeout=20)
    out = {'stdout': r.read_stdout(), 'stderr': r.read_stderr(), 'code': r.returncode}
    r.close()
    return out

print(json.dumps({
    'pod': pod,
    'version': ex(['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'version']),
    'sha': ex(['sha256sum', '/tmp/data.txt']),
    'cat': ex(['cat', '/tmp/data.txt']),
    'missing': ex(['cat', '/tmp/missing']),
    'notfound': ex(['bash', '-c', 'id']),
    'agent_vppctl': ex(['vppctl', 'show', 'version'], container='agent'),
}))
`;

/** Whether this python3-kubernetes can speak v5.channel.k8s.io (read from its source). */
function pythonSpeaksV5(): boolean {
  try {
    const src = readFileSync('/usr/lib/python3/dist-packages/kubernetes/stream/ws_client.py', 'utf8');
    return src.includes('v5.channel.k8s.io');
  } catch {
    return false;
  }
}

describe('python3-kubernetes exec against the test cluster', { skip: noPythonKubernetes() }, () => {
  let f: ClusterFixture;
  const data = 'line one\nline two: ünïcödé ✓\n';

  before(async () => {
    f = await startFixture({
      nodes: [{ name: 'node-1', vpp: { engine: new BasicVppEngine({ version: 'v24.10.0-test' }), files: { '/tmp/data.txt': data } } }],
    });
  });
  after(async () => f?.stop());

  test('v4.channel.k8s.io: stdout, stderr, exit codes through the error channel', async () => {
    const script = path.join(f.dir, 'exec.py');
    await writeFile(script, SCRIPT);
    const before = f.cluster.requests.length;
    const r = await run('/usr/bin/python3', [script, f.kubeconfig], clientEnv(f.dir, f.kubeconfig), undefined, 60_000);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.version.code, 0);
    assert.equal(o.version.stdout, 'vpp v24.10.0-test built by root on calico-vpp-builder at 2025-07-02T10:00:00\n');
    assert.equal(o.sha.code, 0);
    assert.equal(o.sha.stdout, `${createHash('sha256').update(data).digest('hex')}  /tmp/data.txt\n`);
    assert.equal(o.cat.stdout, data);
    assert.equal(o.missing.code, 1);
    assert.equal(o.missing.stderr, 'cat: /tmp/missing: No such file or directory\n');
    assert.equal(o.notfound.code, 127);
    assert.match(o.notfound.stderr, /"bash": executable file not found/);
    assert.equal(o.agent_vppctl.code, 127, 'the agent container has no vppctl');
    const protocols = f.cluster.requests.slice(before).filter((q) => q.url.includes('/exec?')).map((q) => q.protocol);
    assert.equal(protocols.length, 6);
    assert.ok(protocols.every((p) => p === 'v4.channel.k8s.io'), `python negotiated ${protocols.join(',')}`);
  });

  test('v5.channel.k8s.io with the Python client', { skip: pythonSpeaksV5() ? undefined : 'this python3-kubernetes only offers v4.channel.k8s.io (its ws_client.py has no v5); v5 is covered by kubectl and @kubernetes/client-node' }, async () => {
    const script = path.join(f.dir, 'exec.py');
    await writeFile(script, SCRIPT);
    const before = f.cluster.requests.length;
    const r = await run('/usr/bin/python3', [script, f.kubeconfig], clientEnv(f.dir, f.kubeconfig), undefined, 60_000);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(f.cluster.requests.slice(before).some((q) => q.protocol === 'v5.channel.k8s.io'));
  });
});
