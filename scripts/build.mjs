// Builds what runs outside tsx: the CLI bundle (dist/cli.mjs). Later entries: web renderer, server,
// Electron main and preload. Uses esbuild; type checking is separate (scripts/typecheck.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './setup.mjs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build: esbuild is not installed yet; run `npm install` first');
  process.exit(1);
}

const entries = [
  {
    in: 'src/cli/main.ts',
    out: 'dist/cli.mjs',
    platform: 'node',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  },
];

mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const e of entries) {
  if (!existsSync(path.join(root, e.in))) continue;
  await esbuild.build({
    entryPoints: [path.join(root, e.in)],
    outfile: path.join(root, e.out),
    bundle: true,
    platform: e.platform,
    format: e.format,
    target: 'node20',
    packages: e.platform === 'node' ? 'external' : undefined,
    sourcemap: true,
    logLevel: 'warning',
    banner: e.banner,
  });
}
