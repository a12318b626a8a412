// Hostile and broken input: truncated cores cut at every offset, non-ELF files, 32-bit and big-endian
// ELF, absurd sizes and counts, failing sources, random mutations. Always a clear result: an error
// naming the problem (and the input), or a summary with diagnostics; never an exception or a hang.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { memorySource, type RangeSource } from '../../../src/core/bytes/source';
import { inspectCore } from '../../../src/core/coredump/inspect';
import type { CoreInspection } from '../../../src/core/coredump/types';
import { buildHelpers, gdbCrashCore, gdbProblem } from '../../support/core-helpers/index';
import { buildSyntheticCore, sampleSpec } from '../../support/core-helpers/synthetic';

const NAME = 'input.core';

/** Inspects with a watchdog: a hang fails the test instead of stalling it. */
async function inspect(bytes: Uint8Array | RangeSource, ms = 5000): Promise<CoreInspection> {
  const src = bytes instanceof Uint8Array ? memorySource(bytes) : bytes;
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`inspection did not finish in ${ms} ms`)), ms)));
  try {
    return await Promise.race([inspectCore(src, { name: NAME }), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function assertWellFormed(r: CoreInspection): void {
  if (r.ok) {
    assert.ok(Array.isArray(r.summary.threads));
    assert.equal(typeof r.summary.pid, 'number');
    for (const d of r.summary.diagnostics) assert.equal(d.input, NAME);
  } else {
    assert.equal(r.error.input, NAME, 'the error names the input');
    assert.ok(r.error.message.length > 10, r.error.message);
  }
}

function expectError(r: CoreInspection, kind: string, re: RegExp): void {
  assert.equal(r.ok, false, 'expected an error');
  if (r.ok) return;
  assert.equal(r.kind, kind, r.error.message);
  assert.match(r.error.message, re);
  assert.equal(r.error.input, NAME);
}

const w16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
const w32 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(off, v >>> 0, true);
const w64 = (b: Uint8Array, off: number, v: bigint) => new DataView(b.buffer, b.byteOffset).setBigUint64(off, v, true);

const base = buildSyntheticCore(sampleSpec('x86-64'));
const baseLast = buildSyntheticCore({ ...sampleSpec('aarch64'), notesLast: true });
/** Offset of the first note (the synthetic core puts PT_NOTE first, notes right after 2 phdrs). */
const NOTE0 = 64 + 2 * 56;

describe('not a supported core', () => {
  test('empty file', async () => expectError(await inspect(new Uint8Array(0)), 'empty', /empty/));
  test('text file', async () => expectError(await inspect(new TextEncoder().encode('Packet 1\n00:00:01 dpdk-input\n')), 'not-elf', /not an ELF file/));
  test('random bytes', async () => expectError(await inspect(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)), 'not-elf', /not an ELF/));
  test('three bytes of the magic', async () => expectError(await inspect(Uint8Array.from([0x7f, 0x45, 0x4c])), 'not-elf', /ELF/));
  for (const [name, magic] of [
    ['gzip', [0x1f, 0x8b, 0x08, 0]],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
    ['xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ['lz4', [0x04, 0x22, 0x4d, 0x18]],
  ] as const) {
    test(`${name}-compressed core`, async () => expectError(await inspect(Uint8Array.from([...magic, 1, 2, 3, 4])), 'compressed', new RegExp(`${name}-compressed.*decompress`)));
  }
  test('32-bit ELF', async () => {
    const b = base.slice();
    b[4] = 1;
    expectError(await inspect(b), 'unsupported', /32-bit.*not supported/);
  });
  test('big-endian ELF', async () => {
    const b = base.slice();
    b[5] = 2;
    expectError(await inspect(b), 'unsupported', /big-endian.*not supported/);
  });
  test('an executable, not a core', async () => {
    const b = base.slice();
    w16(b, 16, 2);
    expectError(await inspect(b), 'not-core', /ET_EXEC.*not a core file/);
  });
  test('a real program from this machine', async () => {
    const r = await inspect(new Uint8Array(readFileSync(process.execPath).subarray(0, 4096)));
    expectError(r, 'not-core', /not a core file/);
  });
  test('a core of another architecture', async () => {
    const b = base.slice();
    w16(b, 18, 21);
    expectError(await inspect(b), 'unsupported', /PowerPC64.*not supported/);
  });
});

describe('absurd sizes and counts', () => {
  test('a note claiming 4 GB of data', async () => {
    const b = base.slice();
    w32(b, NOTE0 + 4, 0xffffffff);
    const r = await inspect(b);
    expectError(r, 'malformed', /no NT_PRSTATUS or NT_PRPSINFO/);
  });
  test('a later note with a 4 GB name keeps what came before', async () => {
    const b = base.slice();
    const second = NOTE0 + 12 + 8 + 336; // after the first NT_PRSTATUS (name "CORE\0" padded to 8)
    w32(b, second, 0xffffffff);
    const r = await inspect(b);
    assert.ok(r.ok);
    assert.equal(r.summary.threads.length, 1);
    assert.ok(r.summary.diagnostics.some((d) => /past the end of its note segment/.test(d.message) && d.offset === second));
  });
  test('NT_FILE declaring 2^60 mappings', async () => {
    const b = base.slice();
    const text = new TextDecoder('latin1').decode(b);
    const fileNote = text.indexOf('ELIF') - 8; // type 0x46494c45 stored little-endian
    assert.ok(fileNote > 0);
    const desc = fileNote + 12 + 8;
    w64(b, desc, 1n << 60n);
    const r = await inspect(b);
    assert.ok(r.ok);
    assert.ok(r.summary.diagnostics.some((d) => /declares 1152921504606846976 mappings/.test(d.message)));
  });
  test('program headers past the end of the file', async () => {
    const b = base.slice();
    w64(b, 32, 1n << 62n);
    expectError(await inspect(b), 'truncated', /program headers.*past the end of the file/);
  });
  test('2^32-1 program headers through PN_XNUM', async () => {
    const b = new Uint8Array(base.length + 64);
    b.set(base);
    w16(b, 56, 0xffff);
    w64(b, 40, BigInt(base.length));
    w32(b, base.length + 44, 0xffffffff);
    expectError(await inspect(b), 'unsupported', /4294967295 program headers/);
  });
  test('PN_XNUM without section headers', async () => {
    const b = base.slice();
    w16(b, 56, 0xffff);
    expectError(await inspect(b), 'malformed', /PN_XNUM/);
  });
  test('no program headers', async () => {
    const b = base.slice();
    w16(b, 56, 0);
    expectError(await inspect(b), 'malformed', /no program headers/);
  });
  test('a note segment claiming 2^62 bytes', async () => {
    const b = base.slice();
    w64(b, 64 + 32, 1n << 62n);
    const r = await inspect(b);
    assert.ok(r.ok);
    assert.equal(r.summary.truncated, true);
    assert.ok(r.summary.diagnostics.some((d) => /cut at the end of the file/.test(d.message)));
  });
  test('a segment far past the end: truncated, with a warning', async () => {
    const b = base.slice();
    w64(b, 64 + 56 + 8, 1n << 40n);
    const r = await inspect(b);
    assert.ok(r.ok);
    assert.equal(r.summary.truncated, true);
    assert.ok(r.summary.warnings.some((w) => /truncated/.test(w)));
  });
});

describe('failing sources', () => {
  test('a read error names the offset', async () => {
    const src: RangeSource = {
      size: base.length,
      read: (off, len) => {
        if (off > 0) throw new Error('EIO: i/o error');
        return base.subarray(off, off + len);
      },
    };
    expectError(await inspect(src), 'read-error', /could not read .* at offset 64: EIO/);
  });
  test('a source shorter than its size', async () => {
    const src: RangeSource = { size: base.length * 2, read: (off, len) => base.subarray(Math.min(off, base.length), Math.min(off + len, base.length)) };
    assertWellFormed(await inspect(src));
  });
  test('cancelled', async () => {
    const r = await inspectCore(memorySource(base), { name: NAME, cancel: { aborted: true } });
    expectError(r, 'cancelled', /cancelled/);
  });
});

describe('truncated cores', () => {
  for (const [label, full] of [
    ['notes before memory (kernel layout)', base],
    ['notes after memory (gdb layout)', baseLast],
  ] as const) {
    test(`${label}, cut at every offset`, async () => {
      for (let cut = 0; cut < full.length; cut++) {
        const r = await inspect(full.subarray(0, cut));
        assertWellFormed(r);
        if (cut < 64) assert.equal(r.ok, false, `cut at ${cut}`);
        if (r.ok) assert.ok(r.summary.truncated, `cut at ${cut} is reported as truncated`);
        else assert.ok(['empty', 'truncated', 'not-elf', 'malformed'].includes(r.kind), `cut at ${cut}: ${r.kind} ${r.error.message}`);
      }
    });
  }

  describe('a real core', { skip: gdbProblem() ?? false }, () => {
    let real = new Uint8Array(0);
    before(async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-trunc-'));
      try {
        const h = await buildHelpers(dir);
        const made = await gdbCrashCore(h.vppMain, ['2', 'crash', '1'], path.join(dir, 'vppcore.vpp_main.1'));
        real = new Uint8Array(readFileSync(made.path));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    test('cut at 400 offsets across headers, memory and notes', async () => {
      const full = await inspect(real);
      assert.ok(full.ok && !full.summary.truncated);
      const cuts = new Set<number>();
      for (let i = 0; i < 200; i++) cuts.add(i * 7);
      for (let i = 0; i < 200; i++) cuts.add(Math.floor((real.length * i) / 200));
      for (let i = 1; i <= 50; i++) cuts.add(real.length - i * 97);
      for (const cut of cuts) {
        if (cut < 0) continue;
        const r = await inspect(real.subarray(0, cut));
        assertWellFormed(r);
        if (r.ok) assert.ok(r.summary.truncated, `cut at ${cut}`);
      }
    });
  });
});

describe('random mutations (fast-check)', () => {
  test('byte mutations anywhere in the headers and notes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), async (edits) => {
        const b = base.slice();
        for (const [at, v] of edits) b[at] = v;
        assertWellFormed(await inspect(b));
      }),
      { numRuns: 400 },
    );
  });
  test('32-bit fields set to extreme values at 4-byte boundaries', async () => {
    const extremes = [0, 1, 3, 11, 12, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(Math.floor(base.length / 4) - 1), fc.constantFrom(...extremes)), { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(base.length), { nil: undefined }),
        async (edits, cut) => {
          const b = baseLast.slice();
          for (const [at, v] of edits) if (at * 4 + 4 <= b.length) w32(b, at * 4, v);
          assertWellFormed(await inspect(cut === undefined ? b : b.subarray(0, cut)));
        },
      ),
      { numRuns: 400 },
    );
  });
});
