// Installs what the project needs on this machine: Debian packages (when root on Debian) and npm
// dependencies. Used by `npm start` and `npm test`; only Node built-ins here, since it runs before
// node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages and how to tell they are there. */
export const SYSTEM_NEEDS = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium'), forWhat: 'UI tests (headless Chromium)' },
  { pkg: 'tshark', present: () => has('tshark'), forWhat: 'the independent decoder in capture tests' },
  { pkg: 'gdb', present: () => has('gcore') && has('gdb'), forWhat: 'making real core files' },
  { pkg: 'elfutils', present: () => has('eu-readelf'), forWhat: 'checking core files' },
  { pkg: 'tcpdump', present: () => has('tcpdump'), forWhat: 'real captures between network namespaces' },
  { pkg: 'iproute2', present: () => has('ip'), forWhat: 'network namespaces for real captures' },
  { pkg: 'kubernetes-client', present: () => has('kubectl'), forWhat: 'kubectl against the test cluster' },
  {
    pkg: 'python3-kubernetes',
    present: () => spawnSync('/usr/bin/python3', ['-c', 'import kubernetes'], { stdio: 'ignore' }).status === 0,
    forWhat: 'the official Python client against the test cluster',
  },
];

export function ensureSystemPackages({ quiet = false } = {}) {
  const missing = SYSTEM_NEEDS.filter((n) => !n.present());
  if (missing.length === 0) return [];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version') && has('apt-get');
  if (isRoot && isDebian) {
    const names = missing.map((m) => m.pkg);
    console.log(`setup: installing Debian packages: ${names.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: 'inherit', env });
  }
  const still = SYSTEM_NEEDS.filter((n) => !n.present());
  if (still.length && !quiet) {
    console.log('setup: these system packages are missing; the tests that need them will say they are skipped:');
    for (const m of still) console.log(`  - ${m.pkg}: ${m.forWhat}`);
    if (!(isRoot && isDebian)) console.log('  (install them with: sudo apt-get install -y ' + still.map((m) => m.pkg).join(' ') + ')');
  }
  return still.map((m) => m.pkg);
}

export function ensureNpmPackages() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  console.log('setup: installing npm dependencies (npm ci)');
  // Electron's postinstall downloads its binary from outside the npm registry, which is not reachable
  // everywhere; the package (and its types) installs without it and `npm start` falls back to web mode.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '1' };
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error('npm ci failed; see the output above');
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
