// Trace engine breakdown: the parser alone and the journey builder alone, against splitting the same
// text into lines, alternating in one process (best of 5 each) so both sides see the same machine
// load. The input is the simulator's busy-node trace (scenarios/bench.ts); packets from
// BENCH_TRACE_ENGINE_PACKETS (default 20000, ~59 MB). The end-to-end figure (analyzeTraceText)
// and memory are in scripts/bench/trace.ts.
import { buildJourneys } from '../../src/core/analysis';
import { generateBenchTrace } from '../../src/core/scenarios';
import { parseTrace } from '../../src/core/trace';

export async function bench(report: (line: string) => void): Promise<void> {
  const packets = Number(process.env.BENCH_TRACE_ENGINE_PACKETS ?? 20_000);
  const text = generateBenchTrace({ packets, seed: 2 });
  const mb = text.length / 1e6;
  const best = { split: Infinity, parse: Infinity, journeys: Infinity };
  let hops = 0;
  let journeys = 0;
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    const lines = text.split('\n').length;
    best.split = Math.min(best.split, performance.now() - t);
    t = performance.now();
    const r = parseTrace('bench.txt', text);
    best.parse = Math.min(best.parse, performance.now() - t);
    t = performance.now();
    journeys = buildJourneys([r]).length;
    best.journeys = Math.min(best.journeys, performance.now() - t);
    hops = r.packets.reduce((n, p) => n + p.hops.length, 0);
    void lines;
  }
  if (journeys !== packets) throw new Error(`expected ${packets} journeys, got ${journeys}`);
  report(`trace engine: ${packets} packets, ${hops} hops, ${mb.toFixed(1)} MB`);
  report(`trace engine: split ${best.split.toFixed(0)} ms (baseline) · parseTrace ${best.parse.toFixed(0)} ms = ${(best.split / best.parse).toFixed(2)}× the split speed · buildJourneys ${best.journeys.toFixed(0)} ms (${((best.journeys / packets) * 1000).toFixed(1)} µs/packet)`);
  report(`trace engine: parse + journeys = ${(best.split / (best.parse + best.journeys)).toFixed(2)}× the split speed (goal ≥ 0.33×)`);
}
