// The tests exercise what users run: bin/vpp-pathviz and the web app from dist/. `npm test` builds
// once before any test starts and says so with VPP_PATHVIZ_BUILT=1, so no test rebuilds dist/ while
// another test file (they run in parallel) is executing it. A test file run on its own builds once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliBin = path.join(repoRoot, 'bin', 'vpp-pathviz');

let built = false;

export function ensureBuilt(): void {
  if (built || process.env.VPP_PATHVIZ_BUILT === '1') {
    built = true;
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.mjs'))) throw new Error('dist/cli.mjs is missing although VPP_PATHVIZ_BUILT=1');
    return;
  }
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
  built = true;
}
