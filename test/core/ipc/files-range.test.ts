// files.stat / files.readRange: the validators refuse bad ranges, and the shared host services
// (over the real node:fs/promises adapter) serve exactly the bytes of a slice of a granted file only.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { API_VALIDATORS, MAX_RANGE_LENGTH } from '../../../src/core/ipc/api';
import { IpcError } from '../../../src/core/ipc/errors';
import { fsHost } from '../../../src/core/ipc/host-fs';
import { createHostServices, type Host } from '../../../src/core/ipc/host-services';

const invalid = (e: unknown) => e instanceof IpcError && e.code === 'invalid-argument';
const notAllowed = (e: unknown) => e instanceof IpcError && e.code === 'not-allowed';

describe('files.readRange / files.stat validators', () => {
  const check = API_VALIDATORS.files.readRange;
  test('accepts a plain range', () => {
    assert.deepEqual(check({ path: '/tmp/core', offset: 0, length: 64 }, 'arg'), { path: '/tmp/core', offset: 0, length: 64 });
    assert.deepEqual(check({ path: '/tmp/core', offset: 2 ** 40, length: MAX_RANGE_LENGTH }, 'arg'), { path: '/tmp/core', offset: 2 ** 40, length: MAX_RANGE_LENGTH });
  });
  for (const [what, arg] of [
    ['a negative offset', { path: '/x', offset: -1, length: 1 }],
    ['a fractional offset', { path: '/x', offset: 1.5, length: 1 }],
    ['an unsafe offset', { path: '/x', offset: 2 ** 53, length: 1 }],
    ['a string offset', { path: '/x', offset: '0', length: 1 }],
    ['NaN', { path: '/x', offset: Number.NaN, length: 1 }],
    ['a negative length', { path: '/x', offset: 0, length: -1 }],
    ['a length over 16 MiB', { path: '/x', offset: 0, length: MAX_RANGE_LENGTH + 1 }],
    ['Infinity', { path: '/x', offset: 0, length: Infinity }],
    ['a missing length', { path: '/x', offset: 0 }],
    ['an extra field', { path: '/x', offset: 0, length: 1, whole: true }],
    ['a NUL in the path', { path: '/x\0y', offset: 0, length: 1 }],
    ['an empty path', { path: '', offset: 0, length: 1 }],
  ] as const) {
    test(`refuses ${what}`, () => assert.throws(() => check(arg, 'arg'), invalid));
  }
  test('stat takes exactly a path', () => {
    assert.deepEqual(API_VALIDATORS.files.stat({ path: '/x' }, 'arg'), { path: '/x' });
    assert.throws(() => API_VALIDATORS.files.stat({ path: 3 }, 'arg'), invalid);
    assert.throws(() => API_VALIDATORS.files.stat({ path: '/x', offset: 0 }, 'arg'), invalid);
  });
});

describe('files.readRange in the host services', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-range-'));
  const data = new Uint8Array(100_000).map((_, i) => (i * 7 + (i >> 8)) & 0xff);
  const file = path.join(dir, 'data.bin');
  const secret = path.join(dir, 'secret.bin');
  writeFileSync(file, data);
  writeFileSync(secret, data);
  const host: Host = { fs: fsHost(fsp, path), store: { load: async () => null, save: async () => {} }, openInBrowser: async () => {}, dialogs: null, emit: () => {} };
  const s = createHostServices<null>(host, { mode: 'web', version: '0', platform: process.platform, initialPaths: [file] });

  test('returns exactly the bytes of a slice, clamped at the end', async () => {
    for (const [offset, length] of [[0, 64], [1, 1], [4095, 8193], [99_990, 10], [99_990, 100], [100_000, 5], [200_000, 5], [0, 0]] as const) {
      const got = await s.handlers.files.readRange({ path: file, offset, length }, null);
      assert.deepEqual(got, data.slice(offset, offset + length), `${offset}+${length}`);
    }
    assert.deepEqual(await s.handlers.files.stat({ path: file }, null), { size: data.length, isFile: true });
    assert.deepEqual((await s.handlers.files.recent({}, null)).map((r) => r.path), [path.resolve(file)], 'stat lists the file as recent');
  });

  test('refuses paths the user did not choose', async () => {
    await assert.rejects(s.handlers.files.readRange({ path: secret, offset: 0, length: 16 }, null), notAllowed);
    await assert.rejects(s.handlers.files.readRange({ path: path.join(dir, 'x', '..', 'secret.bin'), offset: 0, length: 16 }, null), notAllowed);
    await assert.rejects(s.handlers.files.stat({ path: secret }, null), notAllowed);
  });

  test('refuses a folder and a length over the limit even without the validator', async () => {
    s.grant([dir]);
    await assert.rejects(s.handlers.files.readRange({ path: dir, offset: 0, length: 16 }, null), (e: unknown) => e instanceof IpcError && e.code === 'io');
    await assert.rejects(s.handlers.files.readRange({ path: file, offset: 0, length: MAX_RANGE_LENGTH + 1 }, null), invalid);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});
