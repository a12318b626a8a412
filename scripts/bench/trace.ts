// Trace parsing speed and memory: a simulated 100,000-packet `show trace` (scenario simulator,
// src/core/scenarios/bench.ts) parsed into journeys (analyzeTraceText), against the baseline of
// only splitting the same text into lines, in the same run. Goal: full/baseline ≥ 1/3, peak heap
// ≤ 3× the input. Packets: BENCH_TRACE_PACKETS (default 100000).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeTraceText } from '../../src/core/analysis';
import { generateBenchTrace } from '../../src/core/scenarios';

const MB = 1e6;

function best(runs: number, f: () => number): { seconds: number; result: number } {
  let seconds = Infinity;
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = f();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return { seconds, result };
}

interface Memory {
  base: number;
  end: number;
  retained: number;
  inputBytes: number;
  count: number;
  maxRss: number;
  peak: number;
}

/** Runs the memory child; the peak is the largest heap V8 logged before a GC, or the heap at the end. */
function memory(mode: 'split' | 'full', file: string): Memory {
  const child = path.join(import.meta.dirname, 'support', 'trace-memory.ts');
  const r = spawnSync(process.execPath, ['--expose-gc', '--trace-gc', '--import', 'tsx', child, mode, file], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, cwd: path.resolve(import.meta.dirname, '..', '..'),
  });
  if (r.status !== 0) throw new Error(`memory child (${mode}) failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const result = lines.find((l) => l.startsWith('@@result '));
  if (!result) throw new Error(`memory child (${mode}) printed no result`);
  const m = JSON.parse(result.slice('@@result '.length)) as Omit<Memory, 'peak'>;
  let peak = m.end;
  let measuring = false;
  for (const l of lines) {
    if (l === '@@start') measuring = true;
    else if (l === '@@end') measuring = false;
    else if (measuring) {
      const g = /: (?:Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Compact|Minor Mark-Sweep)\b.*?([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(l);
      if (g) peak = Math.max(peak, Number(g[1]) * 1024 * 1024);
    }
  }
  return { ...m, peak };
}

export async function bench(report: (line: string) => void): Promise<void> {
  const packets = Number(process.env.BENCH_TRACE_PACKETS ?? 100_000);
  const t0 = performance.now();
  const text = generateBenchTrace({ packets, seed: 1 });
  const genSeconds = (performance.now() - t0) / 1000;
  const bytes = text.length;
  report(`input: ${packets} packets, ${(bytes / MB).toFixed(1)} MB simulated in ${genSeconds.toFixed(1)} s (${(bytes / MB / genSeconds).toFixed(1)} MB/s)`);

  const split = best(3, () => text.split('\n').length);
  const full = best(2, () => analyzeTraceText('bench.txt', text).journeys.length);
  if (full.result !== packets) throw new Error(`the parser found ${full.result} packets, expected ${packets}`);
  const splitRate = bytes / MB / split.seconds;
  const fullRate = bytes / MB / full.seconds;
  const ratio = fullRate / splitRate;
  report(`baseline, split into lines: ${splitRate.toFixed(0)} MB/s (${split.seconds.toFixed(2)} s, ${split.result} lines)`);
  report(`parse + journeys (analyzeTraceText): ${fullRate.toFixed(1)} MB/s (${full.seconds.toFixed(2)} s), ${Math.round(packets / full.seconds)} packets/s`);
  report(`ratio full / baseline: ${ratio.toFixed(3)} (goal ≥ 0.333: ${ratio >= 1 / 3 ? 'met' : 'MISSED'})`);

  const dir = mkdtempSync(path.join(tmpdir(), 'vpp-bench-trace-'));
  try {
    const file = path.join(dir, 'bench.txt');
    writeFileSync(file, text);
    const ms = memory('split', file);
    const mf = memory('full', file);
    const x = (n: number): string => `${(n / mf.inputBytes).toFixed(2)}×`;
    report(`peak heap, split (baseline): ${(ms.peak / MB).toFixed(0)} MB = ${x(ms.peak)} the input (input alone ${x(ms.base)})`);
    report(`peak heap, parse + journeys: ${(mf.peak / MB).toFixed(0)} MB = ${x(mf.peak)} the input; retained after GC ${x(mf.retained)}; peak RSS ${x(mf.maxRss)} (goal ≤ 3×: ${mf.peak <= 3 * mf.inputBytes ? 'met' : 'MISSED'})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
