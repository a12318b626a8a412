// Finds the package root and the built renderer from wherever this code runs (dist/cli.mjs, tsx).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above `from` holding vpp-pathviz's package.json. */
export function findPackageRoot(from = path.dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'vpp-pathviz') return dir;
      } catch {
        // not ours; keep going up
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** dist/renderer of the package, when built. */
export function findStaticDir(root = findPackageRoot()): string | null {
  if (!root) return null;
  const dir = path.join(root, 'dist', 'renderer');
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}

export function packageVersion(root = findPackageRoot()): string {
  if (!root) return '0.0.0';
  try {
    return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
