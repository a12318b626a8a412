// The in-memory transport used by tests wires the real host handlers to a client through the wire
// encoding: a renderer-side call reaches the host rules and comes back as plain data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBridge } from '../../../src/core/ipc/memory';
import { createHostServices, type Host } from '../../../src/core/ipc/host-services';
import { IpcError } from '../../../src/core/ipc/errors';

test('client → validators → host handlers → client, with events', async () => {
  const file = new TextEncoder().encode('Packet 1\n');
  let bridgeRef: ReturnType<typeof createMemoryBridge<null>> | null = null;
  const host: Host = {
    fs: {
      resolve: (p) => p,
      join: (a, b) => `${a}/${b}`,
      basename: (p) => p.split('/').pop()!,
      stat: async () => ({ isDirectory: false, isFile: true, isSymbolicLink: false, size: file.length }),
      readFile: async () => file,
      readDir: async () => [],
      readRange: async (_p, offset, length) => file.slice(offset, offset + length),
    },
    store: { load: async () => null, save: async () => undefined },
    openInBrowser: async () => undefined,
    dialogs: null,
    emit: (event, payload) => bridgeRef?.emit(event, payload),
  };
  const services = createHostServices<null>(host, { mode: 'web', version: '1', platform: 'linux', initialPaths: ['/t/trace.txt'] });
  const m = createMemoryBridge(services.handlers, null);
  bridgeRef = m;
  const seen: string[] = [];
  m.bridge.on('onDidChangeSettings', (s) => seen.push(s.theme));
  const r = await m.bridge.files.read({ path: '/t/trace.txt' });
  assert.ok(r.kind === 'file' && r.bytes instanceof Uint8Array && r.bytes.length === file.length);
  await m.bridge.settings.update({ theme: 'light' });
  assert.deepEqual(seen, ['light']);
  await assert.rejects(m.bridge.files.read({ path: '/etc/shadow' }), (e: unknown) => e instanceof IpcError && e.code === 'not-allowed');
  await assert.rejects(m.bridge.files.read({ path: 7 } as never), (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument');
});
