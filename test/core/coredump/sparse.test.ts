// A sparse 2 GB core (a real small core whose last PT_LOAD claims 2 GiB over a hole) is summarised
// by reading a few kilobytes, never the hole; peak memory is measured by `npm run bench`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectCore } from '../../../src/core/coredump/inspect';
import { openFileRange } from '../../../src/node/range-reader';
import { makeSparseTestCore, SPARSE_CLAIM } from '../../support/core-helpers/sparse';

test('a sparse 2 GB core is read by small ranges', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-sparse-'));
  try {
    const sparse = path.join(dir, 'vppcore.vpp_main.sparse');
    const size = await makeSparseTestCore(dir, sparse);
    assert.ok(size >= SPARSE_CLAIM);
    assert.equal(statSync(sparse).size, size);

    const r = await openFileRange(sparse);
    try {
      const res = await inspectCore(r, { name: sparse });
      assert.ok(res.ok, res.ok ? '' : res.error.message);
      assert.equal(res.summary.size, size);
      assert.equal(res.summary.truncated, false, 'the hole counts as file content');
      assert.ok(res.summary.segments.memoryBytes >= SPARSE_CLAIM);
      assert.equal(res.summary.segments.expectedFileSize, size);
      assert.ok(res.summary.threads.length > 0);
      assert.ok(r.bytesRead < 1024 * 1024, `read ${r.bytesRead} bytes of a ${size}-byte file`);
    } finally {
      await r.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
