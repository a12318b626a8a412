// Credential plugins (aws, gke-gcloud-auth-plugin, kubelogin, kubectl oidc-login…) live in
// directories a terminal's PATH has but an app started from the desktop does not (macOS gives GUI
// apps /usr/bin:/bin:/usr/sbin:/sbin). This builds the search path used to find them.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Well-known install directories of kubectl credential plugins, per platform. */
export function wellKnownBinDirs(home: string, platform: NodeJS.Platform = process.platform): string[] {
  const h = (p: string) => path.join(home, p);
  const common = [h('.local/bin'), h('bin'), h('go/bin'), h('.krew/bin'), h('google-cloud-sdk/bin'), h('.asdf/shims'), h('.nix-profile/bin')];
  if (platform === 'darwin') {
    return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/homebrew/share/google-cloud-sdk/bin', '/usr/local/share/google-cloud-sdk/bin', '/opt/local/bin', ...common];
  }
  if (platform === 'win32') return [];
  return ['/usr/local/bin', '/usr/bin', '/bin', '/snap/bin', '/usr/lib/google-cloud-sdk/bin', '/home/linuxbrew/.linuxbrew/bin', ...common];
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** PATH entries (existing directories, de-duplicated, in order): the given PATH, extra, well-known. */
export function pluginSearchPath(opts: { envPath?: string; extra?: readonly string[]; home: string; platform?: NodeJS.Platform }): string[] {
  const platform = opts.platform ?? process.platform;
  const sep = platform === 'win32' ? ';' : ':';
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of [...(opts.envPath ?? '').split(sep), ...(opts.extra ?? []), ...wellKnownBinDirs(opts.home, platform)]) {
    if (!d || seen.has(d)) continue;
    seen.add(d);
    if (isDir(d)) out.push(d);
  }
  return out;
}

/** Finds an executable on `dirs` (Windows: also with PATHEXT extensions). */
export function findExecutable(command: string, dirs: readonly string[], platform: NodeJS.Platform = process.platform): string | null {
  const exts = platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const d of dirs) {
    for (const ext of exts) {
      const p = path.join(d, command + ext);
      try {
        accessSync(p, platform === 'win32' ? constants.F_OK : constants.X_OK);
        if (!isDir(p)) return p;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/**
 * The PATH of the user's login shell (what a terminal would have), for apps started from the
 * desktop. Null when it cannot be read within the timeout. Runs `$SHELL -ilc` once; call it once.
 */
export function loginShellPath(shell = process.env.SHELL, timeoutMs = 3000): Promise<string | null> {
  if (!shell || process.platform === 'win32') return Promise.resolve(null);
  const marker = '__VPP_PATHVIZ_PATH__';
  return new Promise((resolve) => {
    execFile(shell, ['-ilc', `printf '%s%s%s' ${marker} "$PATH" ${marker}`], { timeout: timeoutMs, env: { ...process.env, TERM: 'dumb' } }, (err, stdout) => {
      if (err) return resolve(null);
      const m = new RegExp(`${marker}(.*)${marker}`).exec(String(stdout));
      resolve(m?.[1] ? m[1] : null);
    });
  });
}
