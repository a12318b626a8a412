// A core opened by path (command line, dialog, recent files) is summarised through files.readRange,
// never read whole: a sparse 2 GB core goes through the real host services and the worker's core
// path function, and the bytes the host serves stay under 1 MiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fsHost } from '../../src/core/ipc/host-fs';
import { createHostServices, type Host } from '../../src/core/ipc/host-services';
import { coreFromPath, hostRangeSource, HOST_RANGE_CHUNK } from '../../src/renderer/workers/load';
import { makeSparseTestCore, SPARSE_CLAIM } from '../support/core-helpers/sparse';

test('a sparse 2 GB core opened by path is summarised by small ranged reads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-core-path-'));
  try {
    const sparse = path.join(dir, 'vppcore.vpp_main.sparse');
    const size = await makeSparseTestCore(dir, sparse);
    assert.ok(size >= SPARSE_CLAIM);

    const fs = fsHost(fsp, path);
    let served = 0;
    let wholeReads = 0;
    const host: Host = {
      fs: {
        ...fs,
        readFile: (p) => {
          wholeReads++;
          return fs.readFile(p);
        },
        readRange: async (p, offset, length) => {
          const b = await fs.readRange(p, offset, length);
          served += b.length;
          return b;
        },
      },
      store: { load: async () => null, save: async () => {} },
      openInBrowser: async () => {},
      dialogs: null,
      emit: () => {},
    };
    const services = createHostServices<null>(host, { mode: 'desktop', version: '0', platform: process.platform, initialPaths: [sparse] });
    const st = await services.handlers.files.stat({ path: sparse }, null);
    assert.deepEqual(st, { size: statSync(sparse).size, isFile: true });

    const phases: string[] = [];
    const parts = await coreFromPath('vppcore.vpp_main.sparse', sparse, st.size, (offset, length) => services.handlers.files.readRange({ path: sparse, offset, length }, null), (p) => phases.push(p));
    assert.ok(parts, 'sniffed as an ELF core');
    assert.ok(parts.core);
    assert.equal(parts.core.size, size);
    assert.equal(parts.core.path, sparse);
    assert.equal(parts.core.summary.size, size);
    assert.equal(parts.core.summary.truncated, false);
    assert.ok(parts.core.summary.threads.length > 0);
    assert.ok(phases.includes('reading the core'));
    assert.equal(wholeReads, 0, 'files.read / readFile never ran');
    assert.ok(served > 0 && served < 1024 * 1024, `served ${served} bytes of a ${size}-byte file`);

    // Not a core: null after the 64-byte sniff, nothing more read.
    const text = path.join(dir, 'trace.txt');
    writeFileSync(text, 'Packet 1\n'.repeat(10_000));
    services.grant([text]);
    served = 0;
    assert.equal(await coreFromPath('trace.txt', text, statSync(text).size, (offset, length) => services.handlers.files.readRange({ path: text, offset, length }, null), () => {}), null);
    assert.equal(served, 64);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('host range source splits long reads into chunks the host accepts and clamps at the end', async () => {
  const size = HOST_RANGE_CHUNK * 2 + 100;
  const asked: [number, number][] = [];
  const src = hostRangeSource(size, async (offset, length) => {
    asked.push([offset, length]);
    assert.ok(length <= HOST_RANGE_CHUNK);
    return new Uint8Array(length).map((_, i) => (offset + i) & 0xff);
  });
  const b = await src.read(10, size);
  assert.equal(b.length, size - 10);
  assert.equal(b[0], 10);
  assert.equal(b[HOST_RANGE_CHUNK], (10 + HOST_RANGE_CHUNK) & 0xff);
  assert.equal(b[b.length - 1], (size - 1) & 0xff);
  assert.deepEqual(asked, [[10, HOST_RANGE_CHUNK], [10 + HOST_RANGE_CHUNK, HOST_RANGE_CHUNK], [10 + 2 * HOST_RANGE_CHUNK, 90]]);
  assert.equal((await src.read(size, 10)).length, 0);
  await assert.rejects(async () => src.read(-1, 1), RangeError);
});
