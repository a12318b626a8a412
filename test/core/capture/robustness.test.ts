// Damaged captures: cut at every byte, bad magic, impossible lengths and random mutations never
// throw or hang; the error names the byte offset and the frames before the damage are kept.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openCapture, openCaptureSync, frameBytesSync } from '../../../src/core/capture/open';
import { frameLinkType } from '../../../src/core/capture/index-builder';
import { writePcap, writePcapng } from '../../../src/core/capture/writer';
import { decodeFrame, frameSummary } from '../../../src/core/decode/frame';
import { memorySource } from '../../../src/core/bytes/source';
import { craftedEthernetFrames } from '../decode/crafted';
import { dispatchFromEthernet } from './dispatch-build';

const eth = craftedEthernetFrames().slice(0, 6);
const pcap = writePcap(eth.map((data, i) => ({ data, linkType: 1, timeNs: BigInt(1e18) + BigInt(i) })));
const pcapng = writePcapng([...eth.slice(0, 3).map((data) => ({ data, linkType: 1 })), ...eth.slice(3).map((data) => ({ data: data.slice(14), linkType: 101 }))]);
const dispatch = writePcap(dispatchFromEthernet(eth.slice(0, 3)));

/** Record boundaries of a pcap written by writePcap (offset after each record). */
function pcapEnds(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset);
  const ends: number[] = [];
  for (let o = 24; o + 16 <= b.length; ) {
    o += 16 + dv.getUint32(o + 8, true);
    ends.push(o);
  }
  return ends;
}

function pcapngPacketEnds(b: Uint8Array, all = false): number[] {
  const dv = new DataView(b.buffer, b.byteOffset);
  const ends: number[] = [];
  for (let o = 0; o + 8 <= b.length; ) {
    const t = dv.getUint32(o, true);
    o += dv.getUint32(o + 4, true);
    if (t === 6 || all) ends.push(o);
  }
  return ends;
}

/** Opens and decodes every frame; returns the index. Any exception fails the test. */
function exercise(bytes: Uint8Array) {
  const c = openCaptureSync(bytes, { input: 'x' });
  for (let i = 0; i < c.index.count; i++) {
    const b = frameBytesSync(c, i);
    const lt = frameLinkType(c.index, i);
    frameSummary(b, { number: i + 1, timeNs: null, linkType: lt, origLen: c.index.origLens[i]! });
    decodeFrame(b, lt, { origLen: c.index.origLens[i]! });
  }
  return c.index;
}

describe('captures cut at every byte offset', () => {
  for (const [name, file, ends] of [
    ['pcap', pcap, pcapEnds(pcap)],
    ['dispatch pcap', dispatch, pcapEnds(dispatch)],
    ['pcapng', pcapng, pcapngPacketEnds(pcapng)],
  ] as const) {
    test(name, () => {
      for (let cut = 0; cut <= file.length; cut++) {
        const ix = exercise(file.subarray(0, cut));
        const complete = ends.filter((e) => e <= cut).length;
        assert.equal(ix.count, complete, `cut at ${cut}: frames before the damage are kept`);
        const atBoundary = cut === file.length || (name === 'pcapng' ? pcapngPacketEnds(pcapng, true).includes(cut) : cut === 24 || ends.includes(cut));
        if (!atBoundary && cut > 0) {
          assert.ok(ix.error, `cut at ${cut}: an error`);
          assert.ok(ix.error.offset !== null && ix.error.offset <= cut, `cut at ${cut}: error offset ${ix.error.offset}`);
        }
        if (cut === file.length) assert.equal(ix.error, null);
      }
    });
  }
});

describe('impossible values', () => {
  test('bad magic: error at offset 0, no frames', () => {
    const b = pcap.slice();
    b[0] = 0x00;
    const ix = exercise(b);
    assert.equal(ix.count, 0);
    assert.equal(ix.error?.offset, 0);
    assert.match(ix.error!.message, /not a pcap or pcapng file/);
    assert.match(exercise(new Uint8Array([1, 2])).error!.message, /too short/);
  });

  test('caplen larger than the snapshot length: warned, frame kept', () => {
    const b = writePcap(eth.map((data) => ({ data, linkType: 1 })), { snapLen: 40 });
    const ix = exercise(b);
    assert.equal(ix.count, eth.length);
    assert.equal(ix.error, null);
    assert.ok(ix.warnings.some((w) => /snapshot length 40/.test(w.message) && w.offset === 24 + 8));
  });

  test('caplen beyond the end of the file: error with offset, earlier frames kept', () => {
    const b = pcap.slice();
    const second = pcapEnds(pcap)[0]!;
    new DataView(b.buffer).setUint32(second + 8, 5000, true);
    const ix = exercise(b);
    assert.equal(ix.count, 1);
    assert.equal(ix.error!.offset, second);
    assert.match(ix.error!.message, /record 2: truncated: 5000 captured bytes announced/);
  });

  test('absurd caplen: error names the field offset', () => {
    const b = pcap.slice();
    new DataView(b.buffer).setUint32(24 + 8, 0xfffffff0, true);
    const ix = exercise(b);
    assert.equal(ix.count, 0);
    assert.equal(ix.error!.offset, 32);
    assert.match(ix.error!.message, /larger than the maximum/);
  });

  test('pcapng zero-length and absurd block lengths: error with offset, earlier frames kept', () => {
    const ends = pcapngPacketEnds(pcapng);
    for (const bad of [0, 8, 13, 0x7ffffff0]) {
      const b = pcapng.slice();
      new DataView(b.buffer).setUint32(ends[1]! + 4, bad, true);
      const ix = exercise(b);
      assert.equal(ix.count, 2, `length ${bad}`);
      assert.equal(ix.error!.offset, ends[1]! + 4);
    }
  });

  test('pcapng block whose trailing length disagrees: error, earlier frames kept', () => {
    const ends = pcapngPacketEnds(pcapng);
    const b = pcapng.slice();
    new DataView(b.buffer).setUint32(ends[2]! - 4, 12, true);
    const ix = exercise(b);
    assert.equal(ix.count, 2);
    assert.equal(ix.error!.offset, ends[2]! - 4);
  });

  test('pcapng packet block with a captured length past its block: warned and skipped, reading goes on', () => {
    const ends = pcapngPacketEnds(pcapng);
    const b = pcapng.slice();
    new DataView(b.buffer).setUint32(ends[0]! + 20, 0xffff, true);
    const ix = exercise(b);
    assert.equal(ix.count, 5);
    assert.equal(ix.error, null);
    assert.ok(ix.warnings.some((w) => /goes past the end of its block/.test(w.message) && w.offset === ends[0]! + 20));
  });
});

describe('random damage (fast-check)', () => {
  const files = [pcap, pcapng, dispatch];
  test('byte flips, cuts and insertions never throw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.option(fc.nat()),
        fc.option(fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 32 }))),
        (k, flips, cut, insert) => {
          let b = files[k]!.slice();
          for (const [pos, v] of flips) b[pos % b.length] = v;
          if (insert) {
            const at = insert[0] % b.length;
            b = new Uint8Array([...b.subarray(0, at), ...insert[1], ...b.subarray(at)]);
          }
          if (cut !== null) b = b.subarray(0, cut % (b.length + 1));
          const ix = exercise(b);
          assert.ok(ix.count >= 0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('random bytes as a frame of every supported link type never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 101, 108, 113, 228, 229, 276, 280, 147), fc.uint8Array({ maxLength: 300 }), (lt, bytes) => {
        const d = decodeFrame(bytes, lt);
        for (const n of d.tree) assert.ok(n.start <= n.end && n.end <= bytes.length + 0 || n.name === 'data');
        frameSummary(bytes, { number: 1, timeNs: '0', linkType: lt, origLen: bytes.length });
      }),
      { numRuns: 5000 },
    );
  });

  test('random mutations of real protocol frames never throw and keep byte ranges inside the frame', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: eth.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(), (k, flips, cut) => {
        const b = craftedEthernetFrames()[k]!.slice();
        for (const [p, v] of flips) b[p % b.length] = v;
        const f = b.subarray(0, cut % (b.length + 1));
        const d = decodeFrame(f, 1);
        const walk = (ns: typeof d.tree) => ns.forEach((n) => (assert.ok(n.start >= 0 && n.end <= f.length && n.start <= n.end, `${n.name} [${n.start},${n.end}) in ${f.length}`), walk(n.children)));
        walk(d.tree);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('chunked and asynchronous reading gives the same index', () => {
  test('every chunk size, sync and async sources', async () => {
    const ref = openCaptureSync(pcapng).index;
    for (const chunk of [1, 7, 13, 64, 1000]) {
      for (const file of [pcap, pcapng, dispatch]) {
        const want = openCaptureSync(file).index;
        const sync = openCaptureSync(memorySource(file), { chunkBytes: chunk }).index;
        const src = memorySource(file);
        const asyncIx = (await openCapture({ size: src.size, read: async (o, l) => src.read(o, l) }, { chunkBytes: chunk })).index;
        for (const ix of [sync, asyncIx]) {
          assert.equal(ix.count, want.count);
          assert.deepEqual(Array.from(ix.offsets), Array.from(want.offsets));
          assert.deepEqual(Array.from(ix.tsNsec), Array.from(want.tsNsec));
        }
      }
    }
    assert.equal(ref.count, 6);
  });
});
