import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMicros, layoutWaterfall } from '../../../src/core/diagram';
import { layoutBars } from '../../../src/core/diagram/bars';

test('waterfall: bars cover the journey from first to last timed hop', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 2, maxLength: 40 }), (deltas) => {
      let t = 1_000_000;
      const hops = deltas.map((d, i) => ({ node: `n${i}`, timeUs: (t += d) }));
      const w = layoutWaterfall(hops, 500)!;
      assert.equal(w.totalUs, hops[hops.length - 1]!.timeUs - hops[0]!.timeUs);
      assert.equal(w.bars.reduce((a, b) => a + b.durationUs, 0), w.totalUs);
      for (const b of w.bars) assert.ok(b.x >= 0 && b.x <= 500 + 1e-9);
      if (w.totalUs > 0) assert.ok(Math.abs(w.bars.reduce((a, b) => a + b.share, 0) - 1) < 1e-9);
    }),
  );
  assert.equal(layoutWaterfall([{ node: 'a', timeUs: null }, { node: 'b', timeUs: 5 }], 100), null, 'one timed hop: no waterfall');
});

test('durations read well', () => {
  assert.equal(formatMicros(7), '7 µs');
  assert.equal(formatMicros(1500), '1.50 ms');
  assert.equal(formatMicros(2_500_000), '2.50 s');
});

test('bar charts: largest first, zero-free widths, ticks within the plot', () => {
  const c = layoutBars([{ label: 'a', value: 5 }, { label: 'b', value: 50 }, { label: 'c', value: 0 }], { width: 600 });
  assert.deepEqual(c.bars.map((b) => b.label), ['b', 'a', 'c']);
  assert.ok(c.bars[0]!.w > c.bars[1]!.w && c.bars[2]!.w >= 1);
  assert.ok(c.ticks.every((t) => t.x >= c.labelWidth && t.x <= c.width));
});
