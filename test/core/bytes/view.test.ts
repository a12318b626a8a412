import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteRangeError, ByteView, toHex } from '../../../src/core/bytes/view';
import { memorySource, readAll } from '../../../src/core/bytes/source';

test('reads with explicit endianness; sub-views keep absolute offsets', () => {
  const v = new ByteView(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  assert.equal(v.u16be(0), 0x0102);
  assert.equal(v.u16le(0), 0x0201);
  assert.equal(v.u32be(1), 0x02030405);
  assert.equal(v.u32le(1), 0x05040302);
  assert.equal(v.u24be(0), 0x010203);
  assert.equal(v.u64(1, false), 0x0203040506070809n);
  const s = v.sub(4, 3);
  assert.equal(s.base, 4);
  assert.equal(s.u8(0), 5);
  assert.equal(toHex(s.bytes), '050607');
  assert.equal(s.sub(1).base, 5);
});

test('out-of-range reads throw a ByteRangeError naming the absolute offset', () => {
  const s = new ByteView(new Uint8Array(10)).sub(6, 4);
  assert.throws(() => s.u32be(1), (e: unknown) => e instanceof ByteRangeError && e.offset === 7 && e.limit === 10);
  assert.throws(() => s.u8(-1), ByteRangeError);
  assert.throws(() => s.sub(2, 5), ByteRangeError);
  assert.equal(s.subClamped(2, 5).length, 2);
  assert.equal(s.has(0, 4), true);
  assert.equal(s.has(1, 4), false);
});

test('memory source and readAll', async () => {
  const b = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
  const src = memorySource(b);
  assert.deepEqual(src.read(4990, 100), b.subarray(4990));
  assert.deepEqual(await readAll(src), b);
});
