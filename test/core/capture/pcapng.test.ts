// pcapng details built block by block: if_tsresol (decimal and binary), if_tsoffset, simple and
// obsolete packet blocks, skipped blocks, sections of both byte orders; times checked with tshark.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCaptureSync, frameBytesSync } from '../../../src/core/capture/open';
import { frameLinkType, frameTimeNs } from '../../../src/core/capture/index-builder';
import { splitTimestamp, unitsPerSecond } from '../../../src/core/capture/pcapng';
import { compareWithTshark, tsharkMissing } from './tshark-oracle';
import { craftedEthernetFrames } from '../decode/crafted';

class Blocks {
  parts: number[] = [];
  constructor(readonly le: boolean) {}
  private n(v: number, size: number): number[] {
    const b: number[] = [];
    for (let i = 0; i < size; i++) b.push(Number((BigInt(v) >> BigInt(8 * (this.le ? i : size - 1 - i))) & 0xffn));
    return b;
  }
  u16 = (v: number) => this.n(v, 2);
  u32 = (v: number) => this.n(v, 4);
  opt(code: number, value: number[]): number[] {
    const pad = (4 - (value.length % 4)) % 4;
    return [...this.u16(code), ...this.u16(value.length), ...value, ...new Array(pad).fill(0)];
  }
  block(type: number, body: number[]): this {
    const padded = [...body, ...new Array((4 - (body.length % 4)) % 4).fill(0)];
    const len = 12 + padded.length;
    this.parts.push(...(type === 0x0a0d0d0a ? [0x0a, 0x0d, 0x0d, 0x0a] : this.u32(type)), ...this.u32(len), ...padded, ...this.u32(len));
    return this;
  }
  shb(): this {
    return this.block(0x0a0d0d0a, [...this.u32(0x1a2b3c4d), ...this.u16(1), ...this.u16(0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  }
  idb(linkType: number, opts: number[] = [], snap = 0): this {
    return this.block(1, [...this.u16(linkType), 0, 0, ...this.u32(snap), ...opts, ...(opts.length ? [0, 0, 0, 0] : [])]);
  }
  epb(iface: number, ts: bigint, data: Uint8Array): this {
    return this.block(6, [...this.u32(iface), ...this.u32(Number(ts >> 32n)), ...this.u32(Number(ts & 0xffffffffn)), ...this.u32(data.length), ...this.u32(data.length), ...data]);
  }
  opb(iface: number, ts: bigint, data: Uint8Array): this {
    return this.block(2, [...this.u16(iface), ...this.u16(0), ...this.u32(Number(ts >> 32n)), ...this.u32(Number(ts & 0xffffffffn)), ...this.u32(data.length), ...this.u32(data.length), ...data]);
  }
  spb(data: Uint8Array): this {
    return this.block(3, [...this.u32(data.length), ...data]);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const frames = craftedEthernetFrames();
const f0 = frames[0]!;
const f1 = frames[6]!;

function build(): { bytes: Uint8Array; expectNs: (string | null)[] } {
  const a = new Blocks(true);
  a.shb();
  a.idb(1, a.opt(9, [9])); // ns
  a.idb(1, a.opt(9, [0x8a]).concat(a.opt(14, [...a.u32(100), 0, 0, 0, 0]))); // 2^-10 s, +100 s
  a.block(4, [0, 0, 0, 0]); // name resolution (empty)
  a.epb(0, 1_700_000_000_123_456_789n, f0);
  a.epb(1, (1_700_000_000n << 10n) + 512n, f1); // x + 0.5 s (+100 s offset)
  a.block(5, [...a.u32(0), ...a.u32(0), ...a.u32(0)]); // interface statistics
  a.block(0x0bad, [1, 2, 3, 4, 5, 6, 7, 8]); // custom
  a.block(0x77, [9, 9, 9, 9]); // unknown
  a.opb(0, 1_700_000_001_000_000_000n, f0);
  a.epb(7, 1n, f0); // undefined interface: skipped with a warning
  const b = new Blocks(false);
  b.shb();
  b.idb(101, b.opt(9, [3]), 64); // ms
  b.epb(0, 1_700_000_002_250n, f1.slice(14));
  b.spb(f1.slice(14)); // simple packet block: no timestamp, snap length 64 applies
  return {
    bytes: Uint8Array.from([...a.bytes(), ...b.bytes()]),
    expectNs: ['1700000000123456789', '1700000100500000000', '1700000001000000000', '1700000002250000000', null],
  };
}

describe('pcapng block by block', () => {
  test('units per second and 64-bit timestamp split', () => {
    assert.equal(unitsPerSecond(6), 1e6);
    assert.equal(unitsPerSecond(9), 1e9);
    assert.equal(unitsPerSecond(0x8a), 1024);
    assert.deepEqual(splitTimestamp(0, 1_500_000, 1e6), [1, 500_000_000]);
    const ns = 1_700_000_000_123_456_789n;
    assert.deepEqual(splitTimestamp(Number(ns >> 32n), Number(ns & 0xffffffffn), 1e9), [1_700_000_000, 123_456_789]);
  });

  test('interfaces, resolutions, offsets, packet block kinds, skipped blocks, two sections', () => {
    const { bytes, expectNs } = build();
    const c = openCaptureSync(bytes, { input: 'blocks.pcapng' });
    assert.equal(c.index.error, null);
    assert.equal(c.index.count, 5);
    assert.deepEqual(Array.from({ length: 5 }, (_, i) => frameTimeNs(c.index, i)), expectNs);
    assert.deepEqual(Array.from({ length: 5 }, (_, i) => frameLinkType(c.index, i)), [1, 1, 1, 101, 101]);
    assert.equal(c.index.interfaces.length, 3);
    assert.equal(c.index.interfaces[2]!.section, 1);
    assert.equal(c.index.nanosecond, true);
    assert.ok(c.index.warnings.some((w) => /interface 7/.test(w.message)));
    assert.deepEqual(frameBytesSync(c, 4), f1.slice(14, 14 + 64), 'SPB cut to the snap length');
    assert.equal(c.index.origLens[4], f1.length - 14);
    assert.deepEqual(frameBytesSync(c, 0), f0);
  });

  test('tshark reads the same frames and times', { skip: tsharkMissing() ?? false }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pvz-ng-'));
    try {
      const { bytes } = build();
      // Without the frame tshark refuses (undefined interface) and the SPB (no time), the rest must agree.
      const c = new Blocks(true);
      c.shb();
      c.idb(1, c.opt(9, [9]));
      c.idb(1, c.opt(9, [0x8a]).concat(c.opt(14, [...c.u32(100), 0, 0, 0, 0])));
      c.epb(0, 1_700_000_000_123_456_789n, f0);
      c.epb(1, (1_700_000_000n << 10n) + 512n, f1);
      c.block(4, [0, 0, 0, 0]).block(5, [...c.u32(0), ...c.u32(0), ...c.u32(0)]);
      c.opb(0, 1_700_000_001_000_000_000n, f0);
      const d = new Blocks(false);
      d.shb();
      d.idb(101, d.opt(9, [3]), 64);
      d.epb(0, 1_700_000_002_250n, f1.slice(14));
      const file = path.join(dir, 'b.pcapng');
      writeFileSync(file, Uint8Array.from([...c.bytes(), ...d.bytes()]));
      const r = compareWithTshark(file);
      assert.equal(r.frames, 4);
      assert.deepEqual(r.mismatches, []);
      assert.ok(bytes.length > 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
