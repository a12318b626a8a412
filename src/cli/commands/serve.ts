// `vpp-pathviz serve [PATH…] [--port N]`: web mode. Prints the URL (with its token) as the first line
// of stdout, then serves the UI and API on 127.0.0.1 until interrupted. PATHs open at start.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findPackageRoot, findStaticDir, packageVersion, startServer } from '../../server/index';
import { optionInt, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';

const usage = `usage: vpp-pathviz serve [PATH…] [--port N] [--state-dir DIR]

Serves the app's UI and API on http://127.0.0.1 only (never another interface). The first line of
output is the URL to open; it carries a random token, and requests without it are refused.
PATHs (bundles, folders, traces, captures) open when the page loads. Stops on Ctrl-C.

  --port N          port to listen on (default: a free port)
  --state-dir DIR   where settings and recent files are kept (default: ~/.config/vpp-pathviz)`;

function ensureBuilt(): string {
  const found = findStaticDir();
  if (found) return found;
  const root = findPackageRoot();
  const script = root ? path.join(root, 'scripts', 'build.mjs') : null;
  if (script && existsSync(script)) spawnSync(process.execPath, [script], { cwd: root!, stdio: ['ignore', 'ignore', 'inherit'] });
  const again = findStaticDir();
  if (!again) throw new Error('the web UI is not built (dist/renderer is missing); run `npm run build`');
  return again;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the app in a browser (127.0.0.1 only, with a token)',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { port: { value: true }, 'state-dir': { value: true } });
    const port = optionInt(p, 'port', 0, 65535) ?? 0;
    const paths = p.positional.map((x) => path.resolve(io.cwd, x));
    const missing = paths.filter((x) => !existsSync(x));
    if (missing.length) {
      for (const m of missing) io.stderr(`vpp-pathviz serve: ${m}: no such file or folder\n`);
      return 1;
    }
    if (p.rest?.length) throw new UsageError('unexpected arguments after --');
    const stateDir = optionValue(p, 'state-dir');
    const server = await startServer({
      port,
      staticDir: ensureBuilt(),
      initialPaths: paths,
      version: packageVersion(),
      ...(stateDir ? { stateDir: path.resolve(io.cwd, stateDir) } : {}),
    });
    io.stdout(server.url + '\n');
    io.stderr(`vpp-pathviz: serving on ${server.origin} (127.0.0.1 only); press Ctrl-C to stop\n`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
      process.once('SIGTERM', () => resolve());
    });
    await server.close();
    return 0;
  },
};
