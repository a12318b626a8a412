// Builds what runs outside tsx: the CLI bundle (dist/cli.mjs), the web server (dist/server.mjs), the
// renderer (dist/renderer: app.js + worker.js + index.html + styles), Electron main
// (dist/main/main.cjs) and preload (dist/preload/preload.cjs). Uses esbuild; type checking is
// separate (scripts/typecheck.mjs).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './setup.mjs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build: esbuild is not installed yet; run `npm install` first');
  process.exit(1);
}

const esmRequireBanner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

const entries = [
  {
    in: 'src/cli/main.ts',
    out: 'dist/cli.mjs',
    platform: 'node',
    format: 'esm',
    banner: esmRequireBanner,
  },
  // Web mode's server as a library (tests and benchmarks start it without the CLI).
  { in: 'src/server/index.ts', out: 'dist/server.mjs', platform: 'node', format: 'esm', banner: esmRequireBanner },
  // The renderer runs in Chromium (Electron's or a browser): one ES module for the page, one for the
  // parsing Web Worker (a module worker, so it imports nothing at run time).
  { in: 'src/renderer/main.tsx', out: 'dist/renderer/app.js', platform: 'browser', format: 'esm' },
  { in: 'src/renderer/workers/analysis.worker.ts', out: 'dist/renderer/worker.js', platform: 'browser', format: 'esm' },
  // Electron main: CommonJS (Electron loads package.json "main"), electron itself stays external.
  { in: 'src/main/main.ts', out: 'dist/main/main.cjs', platform: 'node', format: 'cjs', external: ['electron'] },
  // The preload runs sandboxed, where require() only knows 'electron': one self-contained CJS file.
  { in: 'src/preload/index.ts', out: 'dist/preload/preload.cjs', platform: 'browser', format: 'cjs', external: ['electron'] },
];

mkdirSync(path.join(root, 'dist'), { recursive: true });
const results = await Promise.all(
  entries
    .filter((e) => existsSync(path.join(root, e.in)))
    .map((e) =>
      esbuild
        .build({
          entryPoints: [path.join(root, e.in)],
          outfile: path.join(root, e.out),
          bundle: true,
          platform: e.platform,
          format: e.format,
          target: e.platform === 'node' ? 'node20' : 'chrome120',
          packages: e.platform === 'node' ? 'external' : undefined,
          external: e.external,
          sourcemap: true,
          minify: e.platform === 'browser' && e.format === 'esm',
          jsx: 'automatic',
          define: e.platform === 'browser' ? { 'process.env.NODE_ENV': '"production"' } : undefined,
          logLevel: 'warning',
          banner: e.banner,
        })
        .then(
          () => null,
          (err) => `${e.in}: ${err.message}`,
        ),
    ),
);
const failed = results.filter(Boolean);

// Static files of the renderer: the page and its styles.
const staticSrc = path.join(root, 'src', 'renderer', 'static');
if (existsSync(staticSrc)) {
  mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
  for (const name of readdirSync(staticSrc)) copyFileSync(path.join(staticSrc, name), path.join(root, 'dist', 'renderer', name));
}

if (failed.length) {
  for (const f of failed) console.error(`build: ${f}`);
  process.exit(1);
}
