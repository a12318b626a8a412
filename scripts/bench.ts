// `npm run bench [-- name…]`: runs every scripts/bench/<name>.ts that exports
// `async function bench(report)`, or only the named ones. Benchmarks are not tests: they print
// figures (ratios against a baseline measured in the same run) for docs/performance.md.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Bench = (report: (line: string) => void) => Promise<void> | void;

const dir = path.join(import.meta.dirname, 'bench');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(`bench: unknown benchmark ${unknown.join(', ')} (available: ${available.join(', ')})`);
  process.exit(2);
}

let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
  const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as { bench?: Bench };
  if (typeof mod.bench !== 'function') continue;
  console.log(`\n== ${name}`);
  const started = performance.now();
  try {
    await mod.bench((line) => console.log(`  ${line}`));
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed = true;
    console.error(`  ${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}
process.exit(failed ? 1 : 0);
