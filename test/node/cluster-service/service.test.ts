// The `cluster` domain's host handlers (core/ipc/host-services over node/cluster-service) against
// the Kubernetes API test server started as a separate process (`vpp-pathviz test-cluster`), through
// the in-memory bridge (every message through the wire encoding, like the real transports).
// Oracles: the scenario's node list, the lock written by the test itself, the capture files on
// disk, and the kubeconfig's own token (which must never appear in anything the page receives).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fsp from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { AppBridge, CaptureProgress } from '../../../src/core/ipc/contract';
import { fsHost } from '../../../src/core/ipc/host-fs';
import { createHostServices, type Host } from '../../../src/core/ipc/host-services';
import { createMemoryBridge } from '../../../src/core/ipc/memory';
import { IpcError } from '../../../src/core/ipc/errors';
import { ClusterService, plainServerUrl } from '../../../src/node/cluster-service/index';
import { KubeSession } from '../../../src/node/kube/client';
import { findVppPod } from '../../../src/node/kube/discovery';
import { writeCaptureLock } from '../../../src/node/kube/lock';
import { noOpenssl } from '../../support/test-cluster/index';
import { spawnTestCluster } from '../../support/test-cluster/spawn';

describe('cluster host handlers', { skip: noOpenssl, timeout: 180_000 }, () => {
  let dir: string;
  let kubeconfig: string;
  let child: ChildProcess;
  let service: ClusterService;
  let api: AppBridge;
  let token: string;
  const events: CaptureProgress[] = [];
  const received: unknown[] = [];

  /** Every answer crosses the wire and is kept to check that no credential ever does. */
  const keep = <T>(x: T): T => (received.push(x), x);

  function doneOf(id: string, ms = 60_000): Promise<CaptureProgress> {
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      const tick = () => {
        const d = events.find((e) => e.id === id && e.type === 'done');
        if (d) return resolve(d);
        if (Date.now() - t0 > ms) return reject(new Error(`capture ${id} not done; events: ${JSON.stringify(events.filter((e) => e.id === id))}`));
        setTimeout(tick, 50);
      };
      tick();
    });
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vpv-cluster-service-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    child = await spawnTestCluster(kubeconfig);
    token = /token:\s*"?([^"\s]+)/.exec(await readFile(kubeconfig, 'utf8'))?.[1] ?? '';
    assert.ok(token.length > 8, 'the kubeconfig carries a token');
    service = new ClusterService({ workspaceRoot: path.join(dir, 'ws'), env: { KUBECONFIG: kubeconfig, HOME: dir, PATH: process.env.PATH }, homeDir: dir, pollMs: 50, emit: (p) => mb.emit('onDidCaptureProgress', p) });
    const host: Host = { cluster: service, fs: fsHost(fsp, path), store: { load: async () => null, save: async () => {} }, openInBrowser: async () => {}, dialogs: null, emit: () => {} };
    const services = createHostServices<null>(host, { mode: 'web', version: '0', platform: process.platform, initialPaths: [] });
    const mb = createMemoryBridge(services.handlers, null);
    api = mb.bridge;
    api.on('onDidCaptureProgress', (p) => events.push(keep(p)));
  });

  after(async () => {
    await service?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('contexts and connection carry names and the server URL, no credentials', async () => {
    const { contexts } = keep(await api.cluster.listContexts({}));
    assert.equal(contexts.length, 1);
    assert.equal(contexts[0]!.name, 'vpp-pathviz-test');
    assert.match(contexts[0]!.server ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
    const conn = keep(await api.cluster.connect({ context: 'vpp-pathviz-test' }));
    assert.equal(conn.context, 'vpp-pathviz-test');
    assert.equal(conn.server, contexts[0]!.server);
    await assert.rejects(api.cluster.connect({ context: 'nope' }), (e: unknown) => e instanceof IpcError && e.code === 'cluster' && /nope/.test(e.message));
  });

  test('a kubeconfig the user did not choose is refused', async () => {
    await assert.rejects(api.cluster.connect({ kubeconfig: path.join(dir, 'elsewhere.yaml') }), (e: unknown) => e instanceof IpcError && e.code === 'not-allowed');
    const conn = await api.cluster.connect({ kubeconfig }); // KUBECONFIG's own file is the default one
    assert.equal(conn.context, 'vpp-pathviz-test');
  });

  test('plainServerUrl drops user info, query and fragment', () => {
    assert.equal(plainServerUrl('https://admin:s3cret@k8s.example:6443/?token=x#y'), 'https://k8s.example:6443');
    assert.equal(plainServerUrl('not a url'), null);
  });

  test('nodes with their VPP pod and the capture-lock holder; clearNode releases it', async () => {
    const r = keep(await api.cluster.listNodes({}));
    assert.deepEqual(r.nodes.map((n) => n.name).sort(), ['node-1', 'node-2']);
    for (const n of r.nodes) {
      assert.match(n.vppPod ?? '', /^calico-vpp-dataplane\/calico-vpp-node-/);
      assert.equal(n.vppPhase, 'Running');
      assert.equal(n.problem, null);
      assert.equal(n.lock, null);
    }
    // Someone else (calicovppctl on another machine) holds node-2's lock.
    const session = KubeSession.open({ kubeconfig });
    const pod = await findVppPod(session, 'node-2');
    await writeCaptureLock(session, { namespace: pod.namespace, pod: pod.name, container: 'vpp' }, { node_name: 'node-2', operation: 'pcap', hostname: 'laptop-of-alice', bpf_active: false });
    const locked = keep(await api.cluster.listNodes({}));
    const n2 = locked.nodes.find((n) => n.name === 'node-2')!;
    assert.equal(n2.lock?.holder, 'laptop-of-alice');
    assert.equal(n2.lock?.operation, 'pcap');
    assert.equal(locked.nodes.find((n) => n.name === 'node-1')!.lock, null);
    const cleared = keep(await api.cluster.clearNode({ node: 'node-2' }));
    assert.equal(cleared.lock?.holder, 'laptop-of-alice');
    assert.ok(cleared.steps.some((s) => s.action.includes('calicovppctl.lock') && s.ok));
    assert.equal(keep(await api.cluster.listNodes({})).nodes.find((n) => n.name === 'node-2')!.lock, null);
  });

  test('a trace capture runs with progress, lands in the history and opens through files.read', async () => {
    const { id } = keep(await api.cluster.startCapture({ kind: 'trace', nodes: ['node-1'], count: 5, timeoutS: 5 }));
    const done = await doneOf(id);
    assert.equal(done.state, 'complete', JSON.stringify(events.filter((e) => e.id === id)));
    const mine = events.filter((e) => e.id === id);
    assert.ok(mine.some((e) => e.type === 'node' && e.node === 'node-1' && e.state === 'capturing'));
    assert.ok(mine.some((e) => e.type === 'node' && e.node === 'node-1' && e.state === 'complete'));
    const { captures } = keep(await api.cluster.listCaptures({}));
    const h = captures.find((c) => c.id === id)!;
    assert.equal(h.state, 'complete');
    assert.equal(h.running, false);
    assert.equal(h.nodes[0]!.files, 1);
    const opened = keep(await api.cluster.openCapture({ id }));
    assert.deepEqual(opened.names, ['node-1/trace.txt']);
    const f = await api.files.read({ path: opened.paths[0]! });
    assert.equal(f.kind, 'file');
    const text = new TextDecoder().decode(f.kind === 'file' ? f.bytes : new Uint8Array());
    const packets = text.match(/^Packet \d+\s*$/gm)?.length ?? 0;
    assert.equal(packets, h.nodes[0]!.packets);
    assert.ok(packets >= 1);
  });

  test('cancelling a running capture cleans up and collects nothing', async () => {
    const { id } = await api.cluster.startCapture({ kind: 'pcap', nodes: ['node-1', 'node-2'], count: 1_000_000, timeoutS: 60 });
    const t0 = Date.now();
    while (!events.some((e) => e.id === id && e.type === 'node' && e.state === 'capturing') && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(await api.cluster.cancelCapture({ id, node: 'node-2' }), { cancelled: true });
    assert.deepEqual(await api.cluster.cancelCapture({ id }), { cancelled: true });
    const done = await doneOf(id);
    assert.equal(done.state, 'cancelled');
    const h = (await api.cluster.listCaptures({})).captures.find((c) => c.id === id)!;
    assert.ok(h.nodes.every((n) => n.state === 'cancelled' && n.files === 0), JSON.stringify(h.nodes));
    assert.ok(h.nodes.every((n) => n.leftovers.length === 0), JSON.stringify(h.nodes));
    assert.deepEqual(await api.cluster.cancelCapture({ id }), { cancelled: false });
    await assert.rejects(api.cluster.openCapture({ id }), (e: unknown) => e instanceof IpcError && e.code === 'io');
    const nodes = await api.cluster.listNodes({});
    assert.ok(nodes.nodes.every((n) => n.lock === null), 'locks released');
  });

  test('bad capture input is refused by the host with the reason', async () => {
    await assert.rejects(api.cluster.startCapture({ kind: 'trace', nodes: ['node-1'], count: 5, timeoutS: 5, filter: { srcIp: '300.1.1.1' } }), (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument' && /IP/i.test(e.message));
    await assert.rejects(api.cluster.startCapture({ kind: 'dispatch', nodes: ['node-1'], count: 5, timeoutS: 5, interface: 'tuntap,phy' }), (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument');
  });

  test('no answer or event carried a credential', () => {
    assert.ok(received.length > 10);
    assert.ok(!JSON.stringify(received).includes(token));
    assert.ok(!JSON.stringify(received).includes('client-key'));
  });
});
