// Main's IPC: one handler per contract method, calls refused unless they come from the main frame of
// one of our windows showing app://, and every argument validated before a handler runs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { API_METHODS, channelOf } from '../../src/core/ipc/api';
import { createDispatcher, type Handlers } from '../../src/core/ipc/dispatcher';
import type { IpcResult } from '../../src/core/ipc/errors';
import { registerApi, type DesktopContext } from '../../src/main/ipc/register';
import { isTrustedSender, type SenderLike } from '../../src/main/ipc/sender';

type Listener = (event: SenderLike, arg: unknown) => Promise<IpcResult>;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel: string, l: Listener) => {
      assert.ok(!handlers.has(channel), `${channel} registered twice`);
      handlers.set(channel, l);
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
}

function handlersRecording(calls: string[]): Handlers<DesktopContext> {
  const rec =
    (name: string, value: unknown) =>
    async (arg: unknown): Promise<never> => {
      calls.push(`${name} ${JSON.stringify(arg)}`);
      return value as never;
    };
  return {
    app: { getInfo: rec('app.getInfo', { mode: 'desktop', version: '1', platform: 'linux', initialPaths: [], nativeDialogs: true }), openExternal: rec('app.openExternal', { opened: true }), openInWireshark: rec('app.openInWireshark', { ok: true, message: '' }) },
    files: { pick: rec('files.pick', { paths: [] }), read: rec('files.read', null), stat: rec('files.stat', { size: 0, isFile: true }), readRange: rec('files.readRange', new Uint8Array()), save: rec('files.save', { path: null }), recent: rec('files.recent', []), forgetRecent: rec('files.forgetRecent', []) },
    settings: { get: rec('settings.get', { theme: 'system' }), update: rec('settings.update', { theme: 'dark' }) },
    cluster: {
      listContexts: rec('cluster.listContexts', { contexts: [] }),
      connect: rec('cluster.connect', null),
      listNodes: rec('cluster.listNodes', null),
      startCapture: rec('cluster.startCapture', { id: 'x' }),
      cancelCapture: rec('cluster.cancelCapture', { cancelled: false }),
      clearNode: rec('cluster.clearNode', null),
      listCaptures: rec('cluster.listCaptures', { captures: [] }),
      openCapture: rec('cluster.openCapture', { paths: [], names: [] }),
    },
  };
}

const mainFrame = { url: 'app://renderer/index.html' };
const trusted: SenderLike = { sender: { id: 7, mainFrame }, senderFrame: mainFrame };
const ours = new Set([7]);

describe('registerApi', () => {
  test('registers exactly one handler per contract method, under the derived channel', () => {
    const ipc = fakeIpcMain();
    registerApi(ipc, createDispatcher(handlersRecording([])), () => true);
    assert.deepEqual([...ipc.handlers.keys()].sort(), API_METHODS.map((m) => m.channel).sort());
    assert.ok(ipc.handlers.has(channelOf('files', 'read')));
  });

  test('the unregister function removes them all', () => {
    const ipc = fakeIpcMain();
    const off = registerApi(ipc, createDispatcher(handlersRecording([])), () => true);
    off();
    assert.equal(ipc.handlers.size, 0);
  });

  test('a trusted call with a valid argument reaches the handler', async () => {
    const ipc = fakeIpcMain();
    const calls: string[] = [];
    registerApi(ipc, createDispatcher(handlersRecording(calls)), (e) => isTrustedSender(e, ours));
    const r = await ipc.handlers.get('app:settings.update')!(trusted, { theme: 'dark' });
    assert.deepEqual(r, { ok: true, value: { theme: 'dark' } });
    assert.deepEqual(calls, ['settings.update {"theme":"dark"}']);
  });

  const untrusted: [string, SenderLike][] = [
    ['a subframe', { sender: { id: 7, mainFrame }, senderFrame: { url: 'app://renderer/index.html' } }],
    ['another origin', { sender: { id: 7, mainFrame: { url: 'https://evil.example/' } }, senderFrame: null }],
    ['a navigated main frame', (() => { const f = { url: 'https://evil.example/x' }; return { sender: { id: 7, mainFrame: f }, senderFrame: f }; })()],
    ['a look-alike origin', (() => { const f = { url: 'app://renderer.evil/index.html' }; return { sender: { id: 7, mainFrame: f }, senderFrame: f }; })()],
    ['a web contents that is not one of our windows', { sender: { id: 99, mainFrame }, senderFrame: mainFrame }],
    ['a destroyed frame', { sender: { id: 7, mainFrame }, senderFrame: null }],
  ];
  for (const [what, event] of untrusted) {
    test(`refuses ${what} without calling the handler`, async () => {
      const ipc = fakeIpcMain();
      const calls: string[] = [];
      registerApi(ipc, createDispatcher(handlersRecording(calls)), (e) => isTrustedSender(e, ours));
      const r = await ipc.handlers.get('app:files.read')!(event, { path: '/home/user/.kube/config' });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'forbidden');
      assert.deepEqual(calls, []);
    });
  }

  const invalid: [string, string, unknown][] = [
    ['a missing argument', 'app:files.read', undefined],
    ['a number for a path', 'app:files.read', { path: 42 }],
    ['an extra field', 'app:files.read', { path: '/tmp/x', also: 'this' }],
    ['a NUL in a path', 'app:files.read', { path: '/tmp/x\0y' }],
    ['a path too long', 'app:files.read', { path: 'a'.repeat(5000) }],
    ['an unknown theme', 'app:settings.update', { theme: 'neon' }],
    ['an unknown dialog kind', 'app:files.pick', { kind: 'device' }],
    ['a file name with a slash', 'app:files.save', { suggestedName: '../../.bashrc', bytes: new Uint8Array(1) }],
    ['a string instead of bytes', 'app:files.save', { suggestedName: 'x.pcap', bytes: 'AAAA' }],
    ['an array instead of an object', 'app:settings.get', []],
    ['a class instance', 'app:settings.get', new Date()],
  ];
  for (const [what, channel, arg] of invalid) {
    test(`refuses ${what} (${channel}) without calling the handler`, async () => {
      const ipc = fakeIpcMain();
      const calls: string[] = [];
      registerApi(ipc, createDispatcher(handlersRecording(calls)), () => true);
      const r = await ipc.handlers.get(channel)!(trusted, arg);
      assert.equal(r.ok, false, JSON.stringify(r));
      assert.equal(!r.ok && r.error.code, 'invalid-argument');
      assert.deepEqual(calls, []);
    });
  }

  test('a handler that throws gives error data, not an exception', async () => {
    const h = handlersRecording([]);
    h.files.read = async () => {
      throw new Error('/x: permission denied');
    };
    const ipc = fakeIpcMain();
    registerApi(ipc, createDispatcher(h), () => true);
    assert.deepEqual(await ipc.handlers.get('app:files.read')!(trusted, { path: '/x' }), { ok: false, error: { code: 'internal', message: '/x: permission denied' } });
  });
});
