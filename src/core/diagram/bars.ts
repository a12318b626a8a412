// Horizontal bar charts for node state (error counters, vectors/call, buffer use): labels, bar
// lengths on a linear scale (d3-scale), sorted largest first.
import { scaleLinear } from 'd3-scale';

export interface Bar {
  label: string;
  value: number;
  w: number;
  y: number;
  /** Marked bars (a health check points at them). */
  flagged: boolean;
}

export interface BarChart {
  width: number;
  height: number;
  labelWidth: number;
  bars: Bar[];
  ticks: { x: number; label: string }[];
}

export function layoutBars(items: { label: string; value: number; flagged?: boolean }[], opts: { width: number; rowHeight?: number; labelWidth?: number; max?: number } ): BarChart {
  const rowH = opts.rowHeight ?? 22;
  const labelWidth = opts.labelWidth ?? 220;
  const sorted = [...items].filter((i) => Number.isFinite(i.value)).sort((a, b) => b.value - a.value).slice(0, opts.max ?? 20);
  const plotW = Math.max(40, opts.width - labelWidth - 60);
  const top = Math.max(1, sorted[0]?.value ?? 1);
  const x = scaleLinear().domain([0, top]).range([0, plotW]).nice();
  return {
    width: opts.width,
    height: sorted.length * rowH + 24,
    labelWidth,
    bars: sorted.map((b, i) => ({ label: b.label, value: b.value, w: Math.max(1, x(b.value)), y: i * rowH, flagged: b.flagged ?? false })),
    ticks: x.ticks(4).map((t) => ({ x: labelWidth + x(t), label: t >= 1e6 ? `${(t / 1e6).toFixed(1)}M` : t >= 1e3 ? `${(t / 1e3).toFixed(t >= 1e4 ? 0 : 1)}k` : String(t) })),
  };
}
