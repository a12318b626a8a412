// `npm start`: installs what is missing, builds, and opens the desktop app on the embedded sample (the
// simulator's two-node cluster with a walkthrough). When Electron cannot start here (its binary was
// not downloaded, or there is no display), it says why and serves web mode on the sample instead:
// the URL is printed, and opened in the system browser when there is one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureNpmPackages, root } from './setup.mjs';

ensureNpmPackages();
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('npm start: the build failed (see above)');
  process.exit(built.status ?? 1);
}

/** The Electron binary, or why there is none usable. */
function findElectron() {
  if (process.env.VPP_PATHVIZ_WEB === '1') return { reason: 'VPP_PATHVIZ_WEB=1 asks for web mode' };
  let bin;
  try {
    bin = createRequire(path.join(root, 'package.json'))('electron');
  } catch (e) {
    return { reason: `Electron's binary is not installed (${String(e.message).split('\n')[0]})` };
  }
  if (typeof bin !== 'string' || !existsSync(bin)) return { reason: "Electron's binary is not installed (its download was skipped or failed)" };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'there is no display ($DISPLAY / $WAYLAND_DISPLAY are not set)' };
  return { bin };
}

function openBrowser(url) {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function serveWeb(reason) {
  console.log(`npm start: the desktop app cannot start here: ${reason}.`);
  console.log('npm start: serving web mode on the sample instead (127.0.0.1 only; Ctrl-C to stop).');
  const child = spawn(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'serve'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let announced = false;
  child.stdout.on('data', (d) => {
    if (announced) return void process.stdout.write(d);
    buffered += String(d);
    const nl = buffered.indexOf('\n');
    if (nl < 0) return;
    announced = true;
    const url = `${buffered.slice(0, nl)}#sample`;
    console.log(`\n  Open ${url}\n`);
    if (openBrowser(url)) console.log('npm start: opened it in the system browser.');
    process.stdout.write(buffered.slice(nl + 1));
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill('SIGINT'));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = findElectron();
if (!electron.bin) serveWeb(electron.reason);
else {
  const started = Date.now();
  let stderr = '';
  const child = spawn(electron.bin, [root, '--open-sample'], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr.on('data', (d) => {
    stderr += String(d);
    process.stderr.write(d);
  });
  child.on('error', (e) => serveWeb(`Electron failed to start (${e.message})`));
  child.on('exit', (code, signal) => {
    // A crash right at start (missing system libraries, no GPU/display access…) falls back to web mode.
    if (code !== 0 && Date.now() - started < 10_000) serveWeb(`Electron exited at start (${signal ?? `status ${code}`}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''})`);
    else process.exit(code ?? 0);
  });
}
