// "Open in Wireshark": finding the executable, the argument vector it is started with, the temp file
// it reads, the contract's validator, and the clear answer when Wireshark is absent.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { API_VALIDATORS } from '../../src/core/ipc/api';
import { createHostServices, type Host } from '../../src/core/ipc/host-services';
import { findWireshark, MACOS_WIRESHARK, nodeWiresharkHost, openInWireshark, WINDOWS_WIRESHARK } from '../../src/node/wireshark';

const posixOnly = process.platform === 'win32' ? 'the fake wireshark is a /bin/sh script' : false;

/** A classic little-endian pcap: global header (magic d4 c3 b2 a1 on disk) + one 4-byte packet. */
function tinyPcap(): Uint8Array {
  const b = new Uint8Array(24 + 16 + 4);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 65535, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24 + 8, 4, true);
  dv.setUint32(24 + 12, 4, true);
  b.set([0xde, 0xad, 0xbe, 0xef], 40);
  return b;
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'wireshark-test-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A `wireshark` script in a fresh dir that writes its argv (one per line) to `record`. */
async function fakeWireshark(): Promise<{ bin: string; record: string }> {
  const bin = await tempDir();
  const record = path.join(bin, 'argv.txt');
  const script = path.join(bin, 'wireshark');
  await writeFile(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > '${record}.tmp'\nmv '${record}.tmp' '${record}'\n`);
  await chmod(script, 0o755);
  return { bin, record };
}

async function waitFor(file: string, ms = 5000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await readFile(file, 'utf8');
    } catch {
      if (Date.now() > until) throw new Error(`${file} never appeared`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('findWireshark', () => {
  test('finds an executable wireshark on PATH, skipping relative, empty and missing entries', { skip: posixOnly }, async () => {
    const { bin } = await fakeWireshark();
    const empty = await tempDir();
    const found = findWireshark({ PATH: ['', 'relative/bin', '/nonexistent-dir', empty, bin].join(':') }, 'linux');
    assert.equal(found, path.join(bin, 'wireshark'));
  });

  test('a non-executable file named wireshark does not count', { skip: posixOnly }, async () => {
    const d = await tempDir();
    await writeFile(path.join(d, 'wireshark'), 'not a program', { mode: 0o644 });
    assert.equal(findWireshark({ PATH: d }, 'linux'), null);
  });

  test('nothing on PATH: null on Linux; the standard install location on macOS and Windows', () => {
    assert.equal(findWireshark({ PATH: '' }, 'linux'), null);
    assert.equal(findWireshark({}, 'linux'), null);
    const seen: string[] = [];
    const onlyStandard = (p: string) => (seen.push(p), p === MACOS_WIRESHARK || p === WINDOWS_WIRESHARK);
    assert.equal(findWireshark({ PATH: '/usr/bin' }, 'darwin', onlyStandard), MACOS_WIRESHARK);
    assert.equal(findWireshark({ Path: 'C:\\Windows;"C:\\Tools"' }, 'win32', onlyStandard), WINDOWS_WIRESHARK);
    assert.ok(seen.includes('C:\\Tools\\wireshark.exe'), 'Windows PATH is split on ; with quotes removed');
    assert.equal(findWireshark({ PATH: '/usr/bin' }, 'linux', onlyStandard), null, 'no standard location on Linux');
  });
});

describe('openInWireshark', () => {
  test('starts `wireshark -r FILE` (argument vector) on a private temp file holding exactly the pcap', { skip: posixOnly }, async () => {
    const { bin, record } = await fakeWireshark();
    const exe = findWireshark({ PATH: bin }, process.platform);
    assert.ok(exe);
    const pcap = tinyPcap();
    const r = await openInWireshark(exe, pcap, 'vpp-packets.pcap');
    assert.equal(r.ok, true, r.message);
    assert.ok(r.file);
    const argv = (await waitFor(record)).split('\n').filter((l) => l !== '');
    assert.deepEqual(argv, ['-r', r.file]);
    assert.equal(path.basename(r.file), 'vpp-packets.pcap');
    assert.deepEqual(new Uint8Array(await readFile(r.file)), pcap);
    assert.equal((await stat(r.file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(r.file))).mode & 0o077, 0, 'the temp folder is private');
    dirs.push(path.dirname(r.file));
  });

  test('absent Wireshark: ok false with a message saying it was not found, nothing written', async () => {
    const tmp = await tempDir();
    const r = await openInWireshark(null, tinyPcap(), 'x.pcap', { tmpDir: tmp, platform: 'darwin' });
    assert.equal(r.ok, false);
    assert.match(r.message, /Wireshark was not found/);
    assert.match(r.message, /Wireshark\.app/);
    assert.equal(r.file, undefined);
  });

  test('an executable that cannot start: ok false naming it', async () => {
    const tmp = await tempDir();
    const r = await openInWireshark(path.join(tmp, 'no-such-wireshark'), tinyPcap(), 'x.pcap', { tmpDir: tmp });
    assert.equal(r.ok, false);
    assert.match(r.message, /could not start .*no-such-wireshark/);
  });

  test('refuses names with a directory part even when called directly', async () => {
    const tmp = await tempDir();
    const r = await openInWireshark('/bin/true', tinyPcap(), '../escape.pcap', { tmpDir: tmp });
    assert.equal(r.ok, false);
    assert.match(r.message, /refusing file name/);
  });
});

describe('app.openInWireshark contract', () => {
  const v = API_VALIDATORS.app.openInWireshark;
  test('accepts pcap (both byte orders, ns) and pcapng bytes with a plain name', () => {
    const pcap = tinyPcap();
    assert.equal(v({ name: 'a.pcap', bytes: pcap }, 'arg').bytes, pcap);
    for (const magic of [[0xa1, 0xb2, 0xc3, 0xd4], [0x4d, 0x3c, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a]]) {
      const b = new Uint8Array(32);
      b.set(magic);
      assert.equal(v({ name: 'b.pcapng', bytes: b }, 'arg').bytes, b);
    }
  });

  test('refuses bytes that are not a capture, and non-bytes', () => {
    const text = new TextEncoder().encode('#!/bin/sh\nrm -rf / # not a capture at all, definitely');
    assert.throws(() => v({ name: 'a.pcap', bytes: text }, 'arg'), /arg\.bytes: not a pcap or pcapng capture/);
    assert.throws(() => v({ name: 'a.pcap', bytes: tinyPcap().subarray(0, 10) }, 'arg'), /arg\.bytes: not a pcap/);
    assert.throws(() => v({ name: 'a.pcap', bytes: [0xd4, 0xc3, 0xb2, 0xa1] }, 'arg'), /arg\.bytes: expected bytes/);
  });

  test('refuses names that are not a safe base name', () => {
    for (const name of ['', '../x.pcap', 'a/b.pcap', 'a\\b.pcap', '.hidden', '..', '-r', 'a b.pcap', 'a;rm.pcap', '$(x).pcap', 'x'.repeat(201)]) {
      assert.throws(() => v({ name, bytes: tinyPcap() }, 'arg'), /arg\.name/, JSON.stringify(name));
    }
  });

  const info = { mode: 'web' as const, version: '1', platform: 'linux', initialPaths: [] };
  function host(wireshark: Host['wireshark']): Host {
    return {
      wireshark,
      fs: { resolve: (p) => p, join: (a, b) => `${a}/${b}`, basename: (p) => p, stat: async () => ({ isDirectory: false, isFile: true, isSymbolicLink: false, size: 0 }), readFile: async () => new Uint8Array(), readDir: async () => [], readRange: async () => new Uint8Array() },
      store: { load: async () => null, save: async () => undefined },
      openInBrowser: async () => undefined,
      dialogs: null,
      emit: () => undefined,
    };
  }
  const ctx = null;

  test('host services: getInfo reports availability, absence answers with a clear message', async () => {
    const absent = createHostServices<null>(host(nodeWiresharkHost({ PATH: '' }, 'linux')), info);
    assert.equal((await absent.handlers.app.getInfo({}, ctx)).wireshark, false);
    const r = await absent.handlers.app.openInWireshark({ name: 'a.pcap', bytes: tinyPcap() }, ctx);
    assert.equal(r.ok, false);
    assert.match(r.message, /Wireshark was not found/);
    const none = createHostServices<null>(host(null), info);
    assert.equal((await none.handlers.app.getInfo({}, ctx)).wireshark, false);
    assert.equal((await none.handlers.app.openInWireshark({ name: 'a.pcap', bytes: tinyPcap() }, ctx)).ok, false);
  });

  test('host services: with Wireshark on PATH, getInfo says so and the call opens it', { skip: posixOnly }, async () => {
    const { bin, record } = await fakeWireshark();
    const s = createHostServices<null>(host(nodeWiresharkHost({ PATH: bin }, process.platform)), info);
    assert.equal((await s.handlers.app.getInfo({}, ctx)).wireshark, true);
    const pcap = tinyPcap();
    const r = await s.handlers.app.openInWireshark({ name: 'journey.pcap', bytes: pcap }, ctx);
    assert.equal(r.ok, true, r.message);
    const argv = (await waitFor(record)).split('\n').filter((l) => l !== '');
    assert.equal(argv.length, 2);
    assert.equal(argv[0], '-r');
    assert.deepEqual(new Uint8Array(await readFile(argv[1]!)), pcap);
    dirs.push(path.dirname(argv[1]!));
  });
});
