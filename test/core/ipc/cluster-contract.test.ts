// The `cluster` domain of the contract: every method has a validator and a derived channel, bad
// arguments are refused naming the field, the progress event's payload is checked, and without a
// cluster host the methods answer 'unsupported' (never a crash).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_VALIDATORS, EVENT_VALIDATORS, EVENT_NAMES, methodByChannel } from '../../../src/core/ipc/api';
import { createDispatcher } from '../../../src/core/ipc/dispatcher';
import { IpcError } from '../../../src/core/ipc/errors';
import { createHostServices, type Host } from '../../../src/core/ipc/host-services';

const v = API_VALIDATORS.cluster;
const refuses = (f: () => unknown, field: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument' && field.test(e.message));

describe('cluster contract', () => {
  test('every cluster method has a channel', () => {
    for (const m of ['listContexts', 'connect', 'listNodes', 'startCapture', 'cancelCapture', 'clearNode', 'listCaptures', 'openCapture']) {
      assert.ok(methodByChannel(`app:cluster.${m}`), m);
    }
    assert.ok(EVENT_NAMES.includes('onDidCaptureProgress'));
  });

  test('startCapture accepts the capture options', () => {
    const ok = { kind: 'trace', nodes: ['node-1', 'node-2.example'], count: 100, timeoutS: 10, interface: 'tuntap', filter: { srcIp: '10.0.0.1', dstIp: 'fd00::1', srcPort: 1234, dstPort: 80, protocol: 'tcp' } };
    assert.deepEqual(v.startCapture(ok, 'arg'), ok);
    assert.deepEqual(v.startCapture({ kind: 'pcap', nodes: ['n'], count: 1, timeoutS: 1 }, 'arg'), { kind: 'pcap', nodes: ['n'], count: 1, timeoutS: 1 });
  });

  test('startCapture refuses bad values, naming the field', () => {
    const base = { kind: 'trace', nodes: ['node-1'], count: 10, timeoutS: 5 };
    refuses(() => v.startCapture({ ...base, kind: 'core' }, 'arg'), /arg\.kind/);
    refuses(() => v.startCapture({ ...base, nodes: ['Node_1'] }, 'arg'), /arg\.nodes\[0\]/);
    refuses(() => v.startCapture({ ...base, nodes: ['a; rm -rf /'] }, 'arg'), /arg\.nodes\[0\]/);
    refuses(() => v.startCapture({ ...base, count: 0 }, 'arg'), /arg\.count/);
    refuses(() => v.startCapture({ ...base, count: 1.5 }, 'arg'), /arg\.count/);
    refuses(() => v.startCapture({ ...base, timeoutS: 86_401 }, 'arg'), /arg\.timeoutS/);
    refuses(() => v.startCapture({ ...base, interface: 'eth0 && reboot' }, 'arg'), /arg\.interface/);
    refuses(() => v.startCapture({ ...base, filter: { srcPort: 70000 } }, 'arg'), /arg\.filter\.srcPort/);
    refuses(() => v.startCapture({ ...base, filter: { srcIp: 'evil host' } }, 'arg'), /arg\.filter\.srcIp/);
    refuses(() => v.startCapture({ ...base, filter: { protocol: 'sctp' } }, 'arg'), /arg\.filter\.protocol/);
    refuses(() => v.startCapture({ ...base, extra: 1 }, 'arg'), /arg\.extra/);
  });

  test('other methods check their arguments', () => {
    assert.deepEqual(v.connect({}, 'arg'), {});
    assert.deepEqual(v.connect({ context: 'kind-dev' }, 'arg'), { context: 'kind-dev' });
    refuses(() => v.connect({ context: 'a b' }, 'arg'), /arg\.context/);
    refuses(() => v.connect({ kubeconfig: '' }, 'arg'), /arg\.kubeconfig/);
    refuses(() => v.cancelCapture({ id: '../x/..' }, 'arg'), /arg\.id/);
    assert.deepEqual(v.cancelCapture({ id: '20250101-000000-trace-abc123', node: 'node-1' }, 'arg'), { id: '20250101-000000-trace-abc123', node: 'node-1' });
    refuses(() => v.clearNode({ node: '' }, 'arg'), /arg\.node/);
    refuses(() => v.openCapture({ id: 'a/b' }, 'arg'), /arg\.id/);
    refuses(() => v.listNodes({ x: 1 }, 'arg'), /arg\.x/);
  });

  test('the progress event payload is checked', () => {
    const ok = { id: 'c-1', type: 'progress', node: 'node-1', state: null, packets: 3, target: 10, message: null };
    assert.deepEqual(EVENT_VALIDATORS.onDidCaptureProgress(ok, 'e'), ok);
    refuses(() => EVENT_VALIDATORS.onDidCaptureProgress({ ...ok, type: 'boom' }, 'e'), /e\.type/);
    refuses(() => EVENT_VALIDATORS.onDidCaptureProgress({ ...ok, packets: -1 }, 'e'), /e\.packets/);
    refuses(() => EVENT_VALIDATORS.onDidCaptureProgress({ ...ok, token: 's' }, 'e'), /e\.token/);
  });

  test('without a cluster host the methods answer unsupported', async () => {
    const host: Host = {
      fs: { resolve: (p) => p, join: (a, b) => `${a}/${b}`, basename: (p) => p, stat: async () => ({ isDirectory: false, isFile: true, isSymbolicLink: false, size: 0 }), readFile: async () => new Uint8Array(), readDir: async () => [], readRange: async () => new Uint8Array() },
      store: { load: async () => null, save: async () => {} },
      openInBrowser: async () => {},
      dialogs: null,
      emit: () => {},
    };
    const d = createDispatcher(createHostServices(host, { mode: 'web', version: '0', platform: 'linux', initialPaths: [] }).handlers);
    const r = await d('app:cluster.listNodes', {}, null);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'unsupported');
    const bad = await d('app:cluster.startCapture', { kind: 'trace', nodes: [], count: 1, timeoutS: 1 }, null);
    assert.equal(!bad.ok && bad.error.code, 'invalid-argument');
  });
});
