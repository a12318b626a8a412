// The File/Blob range source the worker reads cores through: ranges are exact and clamped, bad
// ranges are refused, and inspecting a core through it reads slices only (never the whole blob) and
// gives the same summary as reading the bytes from memory.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memorySource } from '../../src/core/bytes/source';
import { inspectCore } from '../../src/core/coredump';
import { blobSource } from '../../src/renderer/workers/blob-source';
import { buildSyntheticCore, sampleSpec } from '../support/core-helpers/synthetic';

describe('blobSource', () => {
  test('every range equals the same slice of the bytes, clamped at the end', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.nat(400), fc.nat(400), async (bytes, offset, length) => {
        const src = blobSource(new Blob([bytes]));
        assert.equal(src.size, bytes.length);
        const got = await src.read(offset, length);
        assert.deepEqual([...got], [...bytes.slice(offset, offset + length)]);
      }),
    );
  });

  test('negative or fractional ranges are refused', async () => {
    const src = blobSource(new Blob([new Uint8Array(10)]));
    await assert.rejects(async () => src.read(-1, 4), RangeError);
    await assert.rejects(async () => src.read(0, 1.5), RangeError);
    await assert.rejects(async () => src.read(0, -2), RangeError);
  });

  test('a core inspected through a Blob reads slices only and matches memory', async () => {
    const bytes = buildSyntheticCore(sampleSpec('x86-64'));
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const sliced: number[] = [];
    let whole = 0;
    const spy = {
      size: blob.size,
      slice: (a?: number, b?: number) => {
        sliced.push((b ?? blob.size) - (a ?? 0));
        return blob.slice(a, b);
      },
      arrayBuffer: () => {
        whole++;
        return blob.arrayBuffer();
      },
    } as unknown as Blob;
    const viaBlob = await inspectCore(blobSource(spy), { name: 'vppcore.vpp_main.42' });
    const viaMemory = await inspectCore(memorySource(bytes), { name: 'vppcore.vpp_main.42' });
    assert.ok(viaBlob.ok && viaMemory.ok);
    assert.deepEqual(viaBlob.summary, viaMemory.summary);
    assert.equal(whole, 0, 'the whole blob is never read');
    assert.ok(sliced.length > 0);
  });
});
