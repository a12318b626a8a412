// Child process of scripts/bench/trace.ts: reads a trace file, then either splits it into lines or
// builds its journeys, and prints heap figures. Run with --expose-gc --trace-gc so the parent can
// take the peak heap from V8's own GC log (a synchronous parse leaves no room for sampling).
import { readFileSync } from 'node:fs';
import { analyzeTraceText } from '../../../src/core/analysis';

const [mode, file] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!file || (mode !== 'split' && mode !== 'full') || !gc) {
  console.error('usage: node --expose-gc --trace-gc --import tsx trace-memory.ts split|full <file>');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
gc();
gc();
const base = process.memoryUsage().heapUsed;
console.log('@@start');
let count = 0;
let keep: unknown;
if (mode === 'split') {
  const lines = text.split('\n');
  count = lines.length;
  keep = lines;
} else {
  const r = analyzeTraceText(file, text);
  count = r.journeys.length;
  keep = r;
}
const end = process.memoryUsage().heapUsed;
console.log('@@end');
gc();
const retained = process.memoryUsage().heapUsed;
console.log(`@@result ${JSON.stringify({ base, end, retained, inputBytes: Buffer.byteLength(text), count, maxRss: process.resourceUsage().maxRSS * 1024, kept: keep !== undefined })}`);
