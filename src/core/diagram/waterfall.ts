// Where a packet spent its time: one bar per hop from its timestamp to the next hop's, on a linear
// time axis (d3-scale). Hops without a time get no bar; a journey without times gets no axis.
import { scaleLinear } from 'd3-scale';

export interface WaterfallBar {
  index: number;
  node: string;
  /** µs since the journey's first timed hop. */
  startUs: number;
  /** µs until the next timed hop (0 for the last). */
  durationUs: number;
  x: number;
  w: number;
  /** Share of the journey's total time spent at this hop (0..1). */
  share: number;
}

export interface Waterfall {
  totalUs: number;
  bars: WaterfallBar[];
  ticks: { x: number; label: string }[];
}

export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (Math.abs(us) >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (Math.abs(us) >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${us % 1 === 0 ? us : us.toFixed(1)} µs`;
}

export function layoutWaterfall(hops: { node: string; timeUs: number | null }[], width: number): Waterfall | null {
  const timed = hops.map((h, index) => ({ index, node: h.node, t: h.timeUs })).filter((h): h is { index: number; node: string; t: number } => h.t !== null && Number.isFinite(h.t));
  if (timed.length < 2) return null;
  const t0 = timed[0]!.t;
  const total = Math.max(0, timed[timed.length - 1]!.t - t0);
  const x = scaleLinear()
    .domain([0, total || 1])
    .range([0, width]);
  const bars = timed.map((h, i) => {
    const next = timed[i + 1];
    const start = h.t - t0;
    const dur = next ? Math.max(0, next.t - h.t) : 0;
    return { index: h.index, node: h.node, startUs: start, durationUs: dur, x: x(start), w: Math.max(2, x(start + dur) - x(start)), share: total > 0 ? dur / total : 0 };
  });
  const ticks = x.ticks(5).map((t) => ({ x: x(t), label: formatMicros(t) }));
  return { totalUs: total, bars, ticks };
}
