// `npm test`: installs what is missing, then type-checks, lints, builds and runs every test.
// Flags: --no-setup (skip installs), --only PATTERN (run test files whose path contains PATTERN).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureNpmPackages, ensureSystemPackages, root, run } from './setup.mjs';

const args = process.argv.slice(2);
const setup = !args.includes('--no-setup');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : null;

if (setup) {
  ensureSystemPackages();
  ensureNpmPackages();
}

function step(name, cmd, cmdArgs) {
  console.log(`\n== ${name}`);
  const status = run(cmd, cmdArgs);
  if (status !== 0) {
    console.error(`npm test: ${name} failed (exit ${status})`);
    process.exit(status);
  }
}

if (!only) {
  step('typecheck (one tsconfig per layer)', 'node', ['scripts/typecheck.mjs']);
  step('lint (layer rules)', 'npx', ['eslint', '.']);
}
step('build', 'node', ['scripts/build.mjs']);

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (/\.test\.tsx?$/.test(name)) out.push(path.relative(root, p));
  }
  return out.sort();
}
const files = find(path.join(root, 'test')).filter((f) => !only || f.includes(only));
console.log(`\n== tests (${files.length} files)`);
// The build above is what every test runs; tests do not rebuild it while others execute it.
const status = run('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  env: { ...process.env, VPP_PATHVIZ_BUILT: '1' },
});
process.exit(status);
