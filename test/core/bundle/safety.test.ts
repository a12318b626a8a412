// Evil archives: path traversal, absolute paths, links, devices, FIFOs (made with Python's tarfile, an
// independent tar writer), gzip bombs expanding to 10 GiB (made by repeating gzip members built by
// streaming zeros through zlib), and truncated gzip. All are refused or cut with clear errors, in
// bounded memory and time; nothing is ever written to disk.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { BundleError, openBundle, readTar } from '../../../src/core/bundle/index';
import { decodeUtf8 } from '../../../src/core/text/utf8';
import { nodeInflate } from '../../../src/node/input';
import { openBundlePaths } from '../../../src/node/tar-bundle';
import { cleanup, exportFiles, key, tarGz, writeTree } from './fixture';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const hasPython = spawnSync('python3', ['-c', 'import tarfile'], { stdio: 'ignore' }).status === 0;

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'vpp-pathviz-evil-'));
}

/** A gzip member whose content is `total` zero bytes, built by streaming a small chunk (no big buffer). */
async function zeroMember(total: number, fill = 0): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((r) => gz.on('end', () => r()));
  const chunk = Buffer.alloc(MiB, fill);
  for (let left = total; left > 0; left -= MiB) {
    if (!gz.write(left >= MiB ? chunk : chunk.subarray(0, left))) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return Buffer.concat(parts);
}

/** A 512-byte ustar/GNU header (size in base-256 when it does not fit in octal). */
function tarHeader(name: string, size: number, type = '0'): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  if (size < 8 ** 11) h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  else {
    h[124] = 0x80;
    let n = size;
    for (let i = 135; i > 124; i--) {
      h[i] = n % 256;
      n = Math.floor(n / 256);
    }
  }
  h.write('14712345670\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar  \0', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Peak RSS growth (bytes) while `fn` runs, sampled every 5 ms. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T | undefined; error: unknown; growth: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  let value: T | undefined;
  let error: unknown = null;
  try {
    value = await fn();
  } catch (e) {
    error = e;
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, error, growth: peak - before, ms: performance.now() - t0 };
}

describe('entries that must never be extracted', { skip: hasPython ? false : 'python3 (tarfile) is not installed' }, () => {
  test('traversal, absolute paths, symlinks, hard links, devices and FIFOs are refused with their reason', async () => {
    const dir = tmp();
    const escape = `vpp-pathviz-escape-${process.pid}-${Date.now()}`;
    const script = `
import tarfile, io, sys
out, escape = sys.argv[1], sys.argv[2]
def add(t, name, data=b'', type=tarfile.REGTYPE, link=''):
    ti = tarfile.TarInfo(name); ti.type = type; ti.linkname = link; ti.size = len(data)
    t.addfile(ti, io.BytesIO(data) if data else None)
with tarfile.open(out, 'w:gz', format=tarfile.GNU_FORMAT) as t:
    add(t, 'export/node-a.show-buffers', open(sys.argv[3], 'rb').read())
    add(t, '../' + escape, b'escaped\\n')
    add(t, 'export/../../' + escape + '-2', b'escaped\\n')
    add(t, '/tmp/' + escape + '-abs', b'absolute\\n')
    add(t, 'export/node-a.show-int', type=tarfile.SYMTYPE, link='/etc/passwd')
    add(t, 'export/node-a.show-err', type=tarfile.LNKTYPE, link='/etc/shadow')
    add(t, 'export/null', type=tarfile.CHRTYPE)
    add(t, 'export/disk', type=tarfile.BLKTYPE)
    add(t, 'export/pipe', type=tarfile.FIFOTYPE)
`;
    const files = exportFiles({ layout: 'bash' });
    writeFileSync(path.join(dir, 'buffers.txt'), files[key(files, 'node-a.show-buffers')]!);
    const out = path.join(dir, 'evil.tar.gz');
    execFileSync('python3', ['-c', script, out, escape, path.join(dir, 'buffers.txt')]);
    try {
      const b = await openBundlePaths([out]);
      assert.deepEqual(b.files.map((f) => [f.path, f.kind, f.node]), [['export/node-a.show-buffers', 'show-buffers', 'node-a']]);
      const reasons = Object.fromEntries(b.refused.map((r) => [r.path, r.reason]));
      assert.match(reasons[`../${escape}`]!, /'\.\.'/);
      assert.match(reasons[`export/../../${escape}-2`]!, /'\.\.'/);
      assert.match(reasons[`/tmp/${escape}-abs`]!, /absolute path/);
      assert.match(reasons['export/node-a.show-int']!, /symbolic link is not allowed/);
      assert.match(reasons['export/node-a.show-err']!, /hard link is not allowed/);
      assert.match(reasons['export/null']!, /character device/);
      assert.match(reasons['export/disk']!, /block device/);
      assert.match(reasons['export/pipe']!, /FIFO/);
      assert.equal(b.warnings.filter((w) => /^refused/.test(w.message)).length, 8);
      // Nothing was written anywhere.
      for (const p of [path.join(process.cwd(), '..', escape), path.join(dir, '..', escape), `/tmp/${escape}-abs`, path.join(os.tmpdir(), escape)]) assert.equal(existsSync(p), false, p);
    } finally {
      cleanup(dir);
    }
  });
  test('an archive with only refused entries is an error that lists them', () => {
    const t = Buffer.concat([tarHeader('/etc/passwd', 0), tarHeader('../x', 0), Buffer.alloc(1024)]);
    assert.throws(() => openBundle(new Uint8Array(t)), (e: unknown) => e instanceof BundleError && e.reason === 'empty' && /\/etc\/passwd: absolute path/.test(e.message));
  });
  test('folders: symbolic links are not followed', async () => {
    const root = writeTree({ 'export/node-a.show-buffers': exportFiles({ layout: 'bash' })[key(exportFiles({ layout: 'bash' }), 'node-a.show-buffers')]! });
    execFileSync('ln', ['-s', '/etc/passwd', path.join(root, 'export', 'node-a.show-int')]);
    try {
      const b = await openBundlePaths([root]);
      assert.deepEqual(b.files.map((f) => f.path), ['export/node-a.show-buffers']);
      assert.deepEqual(b.refused, [{ path: 'export/node-a.show-int', reason: 'a symbolic link is not followed' }]);
    } finally {
      cleanup(root);
    }
  });
});

describe('gzip bombs (10 GiB when fully inflated) stop at the limit in bounded memory and time', () => {
  let dir = '';
  let zeros64: Buffer;
  test('build the bombs', async () => {
    dir = tmp();
    zeros64 = await zeroMember(64 * MiB);
    assert.ok(zeros64.length < 200 * 1024, `a 64 MiB zero member compresses to ${zeros64.length} bytes`);
  });
  const repeat = (parts: Buffer[], times: number) => Buffer.concat(Array.from({ length: times }, () => parts).flat());

  test('one entry declaring 10 GiB: refused from its header, before any data is kept', async (t) => {
    const bomb = Buffer.concat([gzipSync(tarHeader('export/node-a.show-log', 10 * GiB)), repeat([zeros64], 160)]);
    const file = path.join(dir, 'declared.tar.gz');
    writeFileSync(file, bomb);
    const r = await peakRss(() => openBundlePaths([file]));
    t.diagnostic(`RSS +${(r.growth / MiB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms`);
    assert.ok(r.error instanceof BundleError && r.error.reason === 'limit', String(r.error));
    assert.match((r.error as Error).message, /expands beyond the limit of 4294967296 bytes: 'export\/node-a\.show-log' declares 10737418240 bytes/);
    assert.ok(r.growth < 64 * MiB, `RSS grew by ${(r.growth / MiB).toFixed(1)} MiB`);
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
  });
  test('many entries of 32 MiB each (10 GiB in all): stopped when the configured limit is crossed', async (t) => {
    const z32 = await zeroMember(32 * MiB);
    const parts: Buffer[] = [];
    for (let i = 0; i < 320; i++) parts.push(gzipSync(tarHeader(`export/node-a.show-log.${i}`, 32 * MiB)), z32);
    const file = path.join(dir, 'many.tar.gz');
    writeFileSync(file, Buffer.concat(parts));
    const limit = 96 * MiB;
    const r = await peakRss(() => openBundlePaths([file], { maxBytes: limit }));
    t.diagnostic(`RSS +${(r.growth / MiB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms`);
    assert.ok(r.error instanceof BundleError && r.error.reason === 'limit', String(r.error));
    assert.match((r.error as Error).message, /beyond the limit of 100663296 bytes: 'export\/node-a\.show-log\.3' declares 33554432 bytes after 100663296 bytes/);
    assert.ok(r.growth < limit + 128 * MiB, `RSS grew by ${(r.growth / MiB).toFixed(1)} MiB for a ${limit / MiB} MiB limit`);
    assert.ok(r.ms < 10000, `took ${r.ms} ms`);
  });
  test('10 GiB of zeros (not a tar): an empty archive after the first block', async (t) => {
    const file = path.join(dir, 'zeros.gz');
    writeFileSync(file, repeat([zeros64], 160));
    const r = await peakRss(() => openBundlePaths([file]));
    t.diagnostic(`RSS +${(r.growth / MiB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms`);
    assert.ok(r.error instanceof BundleError && r.error.reason === 'empty', String(r.error));
    assert.match((r.error as Error).message, /holds no files/);
    assert.ok(r.growth < 64 * MiB && r.ms < 5000, `${(r.growth / MiB).toFixed(1)} MiB, ${r.ms} ms`);
  });
  test('a 10 GiB text file (one loose file): stopped at the limit', async (t) => {
    const line = '2025/10/02 14:30:07:056 error memif_plugin memif3/0: default_socket_recvmsg: disconnected\n';
    const chunk = line.repeat(Math.floor((8 * MiB) / line.length));
    const member = gzipSync(chunk, { level: 9 });
    const file = path.join(dir, 'node-a.show-log.gz');
    writeFileSync(file, repeat([member], Math.ceil((10 * GiB) / chunk.length)));
    const r = await peakRss(() => openBundlePaths([file], { maxBytes: 64 * MiB }));
    t.diagnostic(`RSS +${(r.growth / MiB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms`);
    assert.ok(r.error instanceof BundleError && r.error.reason === 'limit', String(r.error));
    assert.match((r.error as Error).message, /node-a\.show-log\.gz: the input expands beyond the limit of 67108864 bytes/);
    assert.ok(r.growth < 64 * MiB + 128 * MiB, `RSS grew by ${(r.growth / MiB).toFixed(1)} MiB`);
  });
  test('in-memory bytes with the injected inflater: the inflater stops at the limit', async (t) => {
    const bomb = Buffer.concat([gzipSync(tarHeader('export/node-a.show-log', 10 * GiB)), repeat([zeros64], 160)]);
    const r = await peakRss(async () => openBundle(new Uint8Array(bomb), { inflate: nodeInflate, maxBytes: 32 * MiB, name: 'bomb.tar.gz' }));
    t.diagnostic(`RSS +${(r.growth / MiB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms`);
    assert.ok(r.error instanceof BundleError && r.error.reason === 'limit', String(r.error));
    assert.match((r.error as Error).message, /bomb\.tar\.gz: gzip data expands beyond the limit of 33554432 bytes/);
    assert.ok(r.growth < 32 * MiB * 3 + 64 * MiB, `RSS grew by ${(r.growth / MiB).toFixed(1)} MiB`);
  });
  test('clean up', () => cleanup(dir));
});

describe('truncated and corrupt input', () => {
  test('a gzip cut in the middle: the files before the cut are kept, with a clear warning', async () => {
    const files = exportFiles({ layout: 'bash' });
    const root = writeTree(files);
    const tgz = tarGz(root);
    const cut = path.join(root, '..', `${path.basename(root)}-cut.tar.gz`);
    const whole = readFileSync(tgz);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    try {
      const b = await openBundlePaths([cut]);
      assert.ok(b.files.length > 0 && b.files.length < Object.keys(files).length, `${b.files.length} files`);
      assert.ok(b.warnings.some((w) => /gzip stream is truncated after \d+ compressed bytes/.test(w.message)), b.warnings.map((w) => w.message).join('\n'));
      for (const f of b.files.filter((x) => !x.truncated)) assert.equal(decodeUtf8(f.bytes), files[`export/${f.path.split('/').pop()}`] ?? files[f.path], f.path);
      // In memory, Node's inflater returns what it could; the tar layer says where the archive ends.
      const mem = openBundle(new Uint8Array(readFileSync(cut)), { inflate: nodeInflate, name: 'cut.tar.gz' });
      assert.ok(mem.warnings.some((w) => /archive ends inside|truncated/.test(w.message)), mem.warnings.map((w) => w.message).join('\n'));
    } finally {
      cleanup(root, tgz, cut);
    }
  });
  test('a gzip cut inside its header, and a corrupt tar header, are errors naming the problem', async () => {
    const dir = tmp();
    try {
      writeFileSync(path.join(dir, 'head.tar.gz'), gzipSync(Buffer.alloc(4096, 1)).subarray(0, 6));
      const r = await peakRss(() => openBundlePaths([path.join(dir, 'head.tar.gz')]));
      assert.ok(r.error instanceof BundleError, String(r.error));
      assert.match((r.error as Error).message, /head\.tar\.gz: (?:corrupt gzip data|the input is empty)/);
      const good = tarHeader('export/node-a.show-int', 10);
      const bad = Buffer.from(good);
      bad[0] = 0x41; // checksum no longer matches
      assert.throws(() => readTar(new Uint8Array(Buffer.concat([good, Buffer.alloc(512), bad])), { maxBytes: MiB }, decodeUtf8), /corrupt tar header at byte 1024/);
    } finally {
      cleanup(dir);
    }
  });
});
