// Type-checks each layer with its own tsconfig (restricted lib/types), then tests and scripts.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './setup.mjs';

const layers = readdirSync(path.join(root, 'src')).filter((d) => existsSync(path.join(root, 'src', d, 'tsconfig.json')));
const projects = [...layers.map((l) => `src/${l}/tsconfig.json`), 'tsconfig.json'];
let failed = 0;
for (const p of projects) {
  const status = run('npx', ['tsc', '-p', p, '--pretty', 'false']);
  if (status !== 0) {
    console.error(`typecheck: ${p} failed`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
