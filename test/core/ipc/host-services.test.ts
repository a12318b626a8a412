// The shared host rules (desktop and web mode), over an in-memory file system: only paths the user
// chose can be read, folders are read within limits without following links, recent files and
// settings persist, and only web links go to the system browser.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHostServices, DEFAULT_LIMITS, guessKind, type Host, type HostStat, type PersistedState } from '../../../src/core/ipc/host-services';
import { IpcError } from '../../../src/core/ipc/errors';
import type { AppEvents } from '../../../src/core/ipc/contract';

type Node = { dir: string[] } | { file: Uint8Array } | { link: string };

function memHost(tree: Record<string, Node>, opts: { dialogs?: boolean; stored?: unknown } = {}) {
  let stored: unknown = opts.stored ?? null;
  const opened: string[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const norm = (p: string) => ('/' + p.split('/').filter(Boolean).join('/')).replace(/\/+$/, '') || '/';
  const host: Host = {
    fs: {
      resolve: norm,
      join: (d, n) => norm(`${d}/${n}`),
      basename: (p) => norm(p).split('/').pop() ?? '',
      async stat(p): Promise<HostStat> {
        const n = tree[norm(p)];
        if (!n) throw new Error('no such file or folder');
        if ('dir' in n) return { isDirectory: true, isFile: false, isSymbolicLink: false, size: 0 };
        if ('link' in n) return { isDirectory: false, isFile: false, isSymbolicLink: true, size: 0 };
        return { isDirectory: false, isFile: true, isSymbolicLink: false, size: n.file.length };
      },
      async readFile(p) {
        const n = tree[norm(p)];
        if (!n || !('file' in n)) throw new Error('no such file or folder');
        return n.file;
      },
      async readDir(p) {
        const n = tree[norm(p)];
        if (!n || !('dir' in n)) throw new Error('is not a folder');
        return n.dir;
      },
      async readRange(p, offset, length) {
        const n = tree[norm(p)];
        if (!n || !('file' in n)) throw new Error('no such file or folder');
        return n.file.slice(offset, offset + length);
      },
    },
    store: { load: async () => stored, save: async (s: PersistedState) => void (stored = JSON.parse(JSON.stringify(s))) },
    openInBrowser: async (u) => void opened.push(u),
    dialogs: opts.dialogs ? { pick: async () => ['/picked/trace.txt'], saveAs: async (n) => `/saved/${n}`, writeFile: async () => undefined } : null,
    emit: <E extends keyof AppEvents>(event: E, payload: AppEvents[E]) => void events.push({ event, payload }),
  };
  return { host, opened, events, stored: () => stored as PersistedState };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const ctx = null;
const info = { mode: 'web' as const, version: '1.0.0', platform: 'linux' };

describe('host services', () => {
  test('reads only what the user chose: command-line paths, picks, recent files', async () => {
    const m = memHost({ '/data/trace.txt': { file: bytes('Packet 1') }, '/home/u/.kube/config': { file: bytes('secret') }, '/picked/trace.txt': { file: bytes('x') } }, { dialogs: true });
    const s = createHostServices<null>(m.host, { ...info, initialPaths: ['/data/trace.txt'] });
    const r = await s.handlers.files.read({ path: '/data/trace.txt' }, ctx);
    assert.equal(r.kind, 'file');
    assert.equal(r.kind === 'file' && new TextDecoder().decode(r.bytes), 'Packet 1');
    await assert.rejects(s.handlers.files.read({ path: '/home/u/.kube/config' }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'not-allowed');
    await assert.rejects(s.handlers.files.read({ path: '/data/../home/u/.kube/config' }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'not-allowed');
    await assert.rejects(s.handlers.files.read({ path: '/picked/trace.txt' }, ctx), /not opened by the user/);
    assert.deepEqual(await s.handlers.files.pick({ kind: 'file' }, ctx), { paths: ['/picked/trace.txt'] });
    assert.equal((await s.handlers.files.read({ path: '/picked/trace.txt' }, ctx)).kind, 'file');
    // A later session may reopen a recent file, and only those.
    const again = createHostServices<null>(memHost({ '/data/trace.txt': { file: bytes('Packet 1') } }, { stored: m.stored() }).host, { ...info, initialPaths: [] });
    assert.equal((await again.handlers.files.read({ path: '/data/trace.txt' }, ctx)).kind, 'file');
    assert.deepEqual((await again.handlers.files.recent({}, ctx)).map((r) => r.path), ['/data/trace.txt', '/picked/trace.txt'], 'reopened: first again');
  });

  test('a missing file is an io error naming it', async () => {
    const s = createHostServices<null>(memHost({}).host, { ...info, initialPaths: ['/gone.pcap'] });
    await assert.rejects(s.handlers.files.read({ path: '/gone.pcap' }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'io' && /\/gone\.pcap: no such file/.test(e.message));
  });

  test('folders: read recursively, links not followed, limits reported as skipped', async () => {
    const tree: Record<string, Node> = {
      '/b': { dir: ['node-1', 'get-pods', 'loop', 'big.bin'] },
      '/b/node-1': { dir: ['show-int', 'deep'] },
      '/b/node-1/show-int': { file: bytes('tun1') },
      '/b/node-1/deep': { dir: ['d'] },
      '/b/node-1/deep/d': { dir: ['x'] },
      '/b/node-1/deep/d/x': { file: bytes('too deep') },
      '/b/get-pods': { file: bytes('pods') },
      '/b/loop': { link: '/b' },
      '/b/big.bin': { file: new Uint8Array(2000) },
    };
    const s = createHostServices<null>(memHost(tree).host, { ...info, initialPaths: ['/b'] }, { ...DEFAULT_LIMITS, maxFileBytes: 1000, maxFolderDepth: 2 });
    const r = await s.handlers.files.read({ path: '/b' }, ctx);
    assert.equal(r.kind, 'folder');
    if (r.kind !== 'folder') return;
    assert.deepEqual(r.files.map((f) => f.path), ['get-pods', 'node-1/show-int']);
    const skipped = Object.fromEntries(r.skipped.map((x) => [x.path, x.reason]));
    assert.match(skipped['loop']!, /symbolic link/);
    assert.match(skipped['big.bin']!, /size limit/);
    assert.match(skipped['node-1/deep/d']!, /deeper than 2/);
    assert.equal((await s.handlers.files.recent({}, ctx))[0]?.kind, 'folder');
  });

  test('recent files: newest first, no duplicates, capped, forgettable', async () => {
    const tree: Record<string, Node> = {};
    const paths = Array.from({ length: 15 }, (_, i) => `/f/${i}.pcap`);
    for (const p of paths) tree[p] = { file: bytes(p) };
    const s = createHostServices<null>(memHost(tree).host, { ...info, initialPaths: paths });
    for (const p of paths) await s.handlers.files.read({ path: p }, ctx);
    await s.handlers.files.read({ path: paths[3]! }, ctx);
    const recent = await s.handlers.files.recent({}, ctx);
    assert.equal(recent.length, DEFAULT_LIMITS.maxRecent);
    assert.equal(recent[0]!.path, '/f/3.pcap');
    assert.equal(recent[0]!.kind, 'capture');
    assert.equal(new Set(recent.map((r) => r.path)).size, recent.length);
    assert.equal((await s.handlers.files.forgetRecent({ path: '/f/3.pcap' }, ctx)).some((r) => r.path === '/f/3.pcap'), false);
    assert.deepEqual(await s.handlers.files.forgetRecent({}, ctx), []);
  });

  test('settings persist and are announced; a corrupt store falls back to defaults', async () => {
    const m = memHost({});
    const s = createHostServices<null>(m.host, { ...info, initialPaths: [] });
    assert.deepEqual(await s.handlers.settings.get({}, ctx), { theme: 'system' });
    assert.deepEqual(await s.handlers.settings.update({ theme: 'dark' }, ctx), { theme: 'dark' });
    assert.deepEqual(m.events, [{ event: 'onDidChangeSettings', payload: { theme: 'dark' } }]);
    assert.equal(m.stored().settings.theme, 'dark');
    const bad = createHostServices<null>(memHost({}, { stored: { settings: { theme: 42 }, recent: 'nope' } }).host, { ...info, initialPaths: [] });
    assert.deepEqual(await bad.handlers.settings.get({}, ctx), { theme: 'system' });
    assert.deepEqual(await bad.handlers.files.recent({}, ctx), []);
  });

  test('only https and mailto links leave the app', async () => {
    const m = memHost({});
    const s = createHostServices<null>(m.host, { ...info, initialPaths: [] });
    assert.deepEqual(await s.handlers.app.openExternal({ url: 'https://docs.tigera.io/calico/latest/' }, ctx), { opened: true });
    for (const u of ['http://x.example', 'file:///etc/passwd', 'javascript:alert(1)', 'https://x y', 'ms-settings:']) {
      await assert.rejects(s.handlers.app.openExternal({ url: u }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'not-allowed');
    }
    assert.deepEqual(m.opened, ['https://docs.tigera.io/calico/latest/']);
  });

  test('web mode has no native dialogs', async () => {
    const s = createHostServices<null>(memHost({}).host, { ...info, initialPaths: [] });
    assert.equal((await s.handlers.app.getInfo({}, ctx)).nativeDialogs, false);
    await assert.rejects(s.handlers.files.pick({ kind: 'file' }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'unsupported');
    await assert.rejects(s.handlers.files.save({ suggestedName: 'a.svg', bytes: new Uint8Array() }, ctx), (e: unknown) => e instanceof IpcError && e.code === 'unsupported');
  });

  test('input kinds guessed from names', () => {
    assert.equal(guessKind('dispatch_node-1.pcap.gz'), 'capture');
    assert.equal(guessKind('calico-vpp-export-20250101.tar.gz'), 'bundle');
    assert.equal(guessKind('trace.txt.gz'), 'trace');
    assert.equal(guessKind('vppcore.vpp_main.4242'), 'core');
    assert.equal(guessKind('x', true), 'folder');
  });
});
