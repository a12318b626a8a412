// Type-checks each layer with its own tsconfig (restricted lib/types), then tests and scripts.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './setup.mjs';

/** True when the folder holds at least one TypeScript source (tsc refuses a project without inputs). */
function hasSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasSources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'),
  );
}

const layers = readdirSync(path.join(root, 'src')).filter(
  (d) => existsSync(path.join(root, 'src', d, 'tsconfig.json')) && hasSources(path.join(root, 'src', d)),
);
const projects = [...layers.map((l) => `src/${l}/tsconfig.json`), 'tsconfig.json'];
let failed = 0;
for (const p of projects) {
  console.log(`typecheck: ${p}`);
  const status = run('npx', ['tsc', '-p', p, '--pretty', 'false']);
  if (status !== 0) {
    console.error(`typecheck: ${p} failed`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
