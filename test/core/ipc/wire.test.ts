// The byte encoding of IPC messages: plain data and byte arrays survive a round trip exactly; what is
// not plain data is refused; malformed messages throw instead of producing garbage.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeWire, encodeWire } from '../../../src/core/ipc/wire';

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 64 })),
  node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 5 }), fc.dictionary(fc.string().filter((k) => k !== '$bytes' && k !== '__proto__'), tie('node'), { maxKeys: 5 })),
})).node;

function normalise(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return Object.is(v, -0) ? 0 : v;
}

describe('wire encoding', () => {
  test('round trip of any plain value with byte arrays', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.deepEqual(normalise(decodeWire(encodeWire(v))), normalise(v));
      }),
      { numRuns: 300 },
    );
  });

  test('bytes travel raw: a 1 MiB array costs 1 MiB, not a JSON list', () => {
    const big = new Uint8Array(1 << 20).map((_, i) => i & 0xff);
    const msg = encodeWire({ path: '/x', bytes: big });
    assert.ok(msg.length < big.length + 200, `${msg.length} bytes`);
    const back = decodeWire(msg) as { bytes: Uint8Array };
    assert.deepEqual(back.bytes.subarray(0, 300), big.subarray(0, 300));
    assert.equal(back.bytes.length, big.length);
  });

  test('refuses what is not plain data', () => {
    assert.throws(() => encodeWire({ when: new Map() }), /not a plain object/);
    assert.throws(() => encodeWire({ f: () => 1 }), /not plain data/);
    assert.throws(() => encodeWire({ n: 1n }), /not plain data|BigInt/);
    assert.throws(() => encodeWire({ $bytes: [0, 1] }), /reserved/);
  });

  test('malformed messages throw', () => {
    assert.throws(() => decodeWire(new Uint8Array([1, 2, 3])), /bad magic/);
    const ok = encodeWire({ a: new Uint8Array([1, 2, 3]) });
    assert.throws(() => decodeWire(ok.subarray(0, 10)), /truncated|JSON|Unexpected/);
    const forged = encodeWire({ a: 1 });
    const text = new TextEncoder().encode('{"a":{"$bytes":[0,999]}}');
    const msg = new Uint8Array(8 + text.length);
    msg.set(forged.subarray(0, 4));
    new DataView(msg.buffer).setUint32(4, text.length, true);
    msg.set(text, 8);
    assert.throws(() => decodeWire(msg), /outside the message/);
  });
});
