// Training: how long generating every lesson takes, and the cost of narrating a trace (explain, one
// packet per unique path, plus its HTML) against the baseline of analysing the same trace into
// journeys, measured in the same run. Packets: BENCH_TRAINING_PACKETS (default 20000).
import { analyzeTraceText } from '../../src/core/analysis';
import { generateBenchTrace } from '../../src/core/scenarios';
import { buildLesson, explainDocument, LESSON_SPECS, lessonToHtml, walkthroughToHtml } from '../../src/core/training';

function best(runs: number, f: () => void): number {
  let s = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    s = Math.min(s, performance.now() - t0);
  }
  return s;
}

export async function bench(report: (line: string) => void): Promise<void> {
  const lessonsMs = best(3, () => {
    for (const spec of LESSON_SPECS) lessonToHtml(buildLesson(spec));
  });
  report(`${LESSON_SPECS.length} lessons built and exported to HTML: ${lessonsMs.toFixed(0)} ms (best of 3)`);

  const packets = Number(process.env.BENCH_TRAINING_PACKETS ?? 20000);
  const text = generateBenchTrace({ packets, seed: 11 });
  const texts = new Map([['bench.txt', text]]);
  const baseMs = best(3, () => void analyzeTraceText('bench.txt', text));
  let walks = 0;
  let steps = 0;
  const fullMs = best(3, () => {
    const a = analyzeTraceText('bench.txt', text);
    const doc = explainDocument(a.journeys, { texts, max: 1000 });
    walks = doc.walkthroughs.length;
    steps = doc.walkthroughs.reduce((n, w) => n + w.steps.length, 0);
    void walkthroughToHtml(doc);
  });
  report(`${packets} packets (${(text.length / 1e6).toFixed(1)} MB): analyze ${baseMs.toFixed(0)} ms; analyze + explain (${walks} paths, ${steps} steps) + HTML ${fullMs.toFixed(0)} ms`);
  report(`explain overhead: ${(fullMs / baseMs).toFixed(2)}× the analysis alone`);
}
