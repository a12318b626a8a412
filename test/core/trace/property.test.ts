// Property tests: mutated corpus traces and random bytes never make the parser (or the journey
// builder) throw, parsing time stays bounded per MB, and warnings point at real lines.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTrace, parseTraceBytes, decodeHop } from '../../../src/core/trace';
import { buildJourneys } from '../../../src/core/analysis';
import type { TraceParseResult } from '../../../src/core/model';
import { readTrace, traceFiles } from './corpus';

const files = traceFiles();
const texts = files.map(readTrace);

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'flip'; at: number; char: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), char: fc.integer({ min: 0, max: 0xffff }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      'Packet 7',
      '------------------- Start of thread 3 vpp_wk_2 -------------------',
      'No packets in trace buffer',
      'Limiting display to 50 packets. To display more specify max.',
      '00:00:00:000000: ',
      '99:99:99:999999: x',
      '1714567890.123456: handoff_trace',
      '  HANDED-OFF: from thread 0 trace index 0',
      'vpp# ',
      '',
      '\r',
      '  00000000: 4500',
      '\u0000\u0001garbage',
    ),
  }),
);

function mutate(text: string, muts: Mutation[]): string {
  let lines = text.split('\n');
  let chars: string | null = null;
  for (const m of muts) {
    if (chars !== null) {
      lines = chars.split('\n');
      chars = null;
    }
    const n = Math.max(lines.length, 1);
    switch (m.kind) {
      case 'delete':
        lines.splice(m.at % n, 1);
        break;
      case 'duplicate':
        lines.splice(m.at % n, 0, lines[m.at % n] ?? '');
        break;
      case 'swap': {
        const a = m.a % n;
        const b = m.b % n;
        const t = lines[a]!;
        lines[a] = lines[b]!;
        lines[b] = t;
        break;
      }
      case 'insert':
        lines.splice(m.at % (n + 1), 0, m.text);
        break;
      case 'flip': {
        const s = lines.join('\n');
        if (s.length === 0) break;
        const i = m.at % s.length;
        chars = s.slice(0, i) + String.fromCharCode(m.char) + s.slice(i + 1);
        break;
      }
      case 'truncate': {
        const s = lines.join('\n');
        chars = s.slice(0, m.at % (s.length + 1));
        break;
      }
    }
  }
  return chars ?? lines.join('\n');
}

function checkResult(r: TraceParseResult, text: string): void {
  const lineCount = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  assert.ok(r.lineCount <= lineCount + 1);
  for (const w of r.warnings) {
    assert.equal(typeof w.message, 'string');
    assert.ok(w.message.length > 0);
    if (w.line !== null) assert.ok(Number.isInteger(w.line) && w.line >= 1 && w.line <= r.lineCount, `warning line ${w.line} of ${r.lineCount}`);
  }
  const ids = new Set<string>();
  for (const p of r.packets) {
    assert.ok(!ids.has(p.id), `duplicate packet id ${p.id}`);
    ids.add(p.id);
    for (const h of p.hops) {
      assert.ok(h.node.length > 0);
      for (const l of h.lines) assert.ok(l.line > h.line && l.line <= r.lineCount);
    }
  }
}

describe('property: mutated corpus traces', () => {
  test('no exception, consistent results, warnings carry line numbers', () => {
    let bytes = 0;
    let ms = 0;
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(mutation, { minLength: 1, maxLength: 12 }), (fi, muts) => {
        const text = mutate(texts[fi]!, muts);
        const t0 = performance.now();
        const r = parseTrace(files[fi]!, text);
        const journeys = buildJourneys([r]);
        ms += performance.now() - t0;
        bytes += text.length;
        checkResult(r, text);
        assert.equal(journeys.length, r.packets.length);
        for (const j of journeys) for (const h of j.hops) assert.doesNotThrow(() => h.detail);
      }),
      { numRuns: 400 },
    );
    const perMb = ms / (bytes / 1e6) / 1000;
    assert.ok(perMb < 2, `parse + journeys took ${perMb.toFixed(2)} s/MB`);
  });

  test('lines with an unplaceable text are warned about with their own line number', () => {
    fc.assert(
      fc.property(fc.nat(files.length - 1), (fi) => {
        const lines = texts[fi]!.split('\n');
        // a line that can never be a detail line: it is outside any packet (before the first one)
        const marker = 'UNPLACEABLE-LINE';
        const text = [marker, ...lines].join('\n');
        const r = parseTrace('x', text);
        const w = r.warnings.find((x) => x.message.includes(marker));
        assert.ok(w, 'the line outside any packet is reported');
        assert.equal(w.line, 1);
      }),
      { numRuns: 30 },
    );
  });
});

describe('property: random input', () => {
  test('random bytes: no exception; binary is reported as an error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4000 }), (b) => {
        const r = parseTraceBytes('rnd', b);
        if (b.length === 0) assert.equal(r.error, 'empty file');
        if (b.includes(0)) assert.match(r.error ?? '', /binary/);
        if (r.error) assert.equal(r.packets.length, 0);
        else checkResult(r, new TextDecoder().decode(b));
      }),
      { numRuns: 300 },
    );
  });

  test('random text built from trace-like pieces: no exception', () => {
    const piece = fc.oneof(
      fc.constantFrom('Packet 1', '', '  ', '00:00:01:000001: ip4-input', '  TCP: 1.2.3.4 -> 5.6.7.8', '  TCP: 1 -> 2', '  rx:tun1', '  00000000: 45000014', 'vpp#', '--- Start of thread 0 vpp_main ---'),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.constantFrom('\n', '\r\n'), (parts, eol) => {
        const text = parts.join(eol);
        const r = parseTrace('rnd', text);
        checkResult(r, text.replace(/\r\n/g, '\n'));
        for (const p of r.packets) for (const h of p.hops) decodeHop(h.node, h.lines);
        buildJourneys([r]);
      }),
      { numRuns: 300 },
    );
  });

  test('time per MB stays bounded on a large shuffled input', () => {
    const base = texts.join('\n');
    let big = '';
    while (big.length < 4e6) big += base + '\n';
    const lines = big.split('\n');
    // deterministic shuffle of a third of the lines
    for (let i = 0; i < lines.length; i += 3) {
      const j = (i * 7919) % lines.length;
      const t = lines[i]!;
      lines[i] = lines[j]!;
      lines[j] = t;
    }
    const text = lines.join('\n');
    const t0 = performance.now();
    const r = parseTrace('big', text);
    const s = (performance.now() - t0) / 1000;
    const perMb = s / (text.length / 1e6);
    assert.ok(r.packets.length > 100);
    assert.ok(perMb < 2, `parse took ${perMb.toFixed(3)} s/MB`);
  });
});
