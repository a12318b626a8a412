// "Open in Wireshark": find a Wireshark executable (PATH, then the standard macOS and Windows
// install locations) and open pcap bytes in it. The bytes go to a fresh private temp file
// (mkdtemp, mode 0600); Wireshark is spawned detached with an argument vector, never a shell.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WiresharkHost } from '../core/ipc/host-services';

export const MACOS_WIRESHARK = '/Applications/Wireshark.app/Contents/MacOS/Wireshark';
export const WINDOWS_WIRESHARK = 'C:\\Program Files\\Wireshark\\Wireshark.exe';

export interface OpenResult {
  ok: boolean;
  message: string;
  /** The temp file handed to Wireshark (when written). */
  file?: string;
}

function isExecutableFile(p: string, platform: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    if (platform !== 'win32') accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Wireshark executable to run, or null: the first `wireshark` (Windows: `wireshark.exe`,
 * `Wireshark.exe`) on PATH, else the standard install location of the platform.
 */
export function findWireshark(env: Record<string, string | undefined>, platform: string, isExecutable: (p: string) => boolean = (p) => isExecutableFile(p, platform)): string | null {
  const win = platform === 'win32';
  const p = win ? path.win32 : path.posix;
  const pathVar = win ? (env.PATH ?? env.Path ?? env.path ?? '') : (env.PATH ?? '');
  const names = win ? ['wireshark.exe', 'Wireshark.exe'] : ['wireshark'];
  for (const raw of pathVar.split(win ? ';' : ':')) {
    const dir = win ? raw.replace(/^"(.*)"$/, '$1') : raw;
    if (!dir || !p.isAbsolute(dir)) continue; // relative PATH entries depend on the cwd: skip them
    for (const n of names) {
      const candidate = p.join(dir, n);
      if (isExecutable(candidate)) return candidate;
    }
  }
  const standard = platform === 'darwin' ? MACOS_WIRESHARK : win ? WINDOWS_WIRESHARK : null;
  return standard && isExecutable(standard) ? standard : null;
}

/** What a user reads when no Wireshark was found. */
export function wiresharkMissingMessage(platform: string): string {
  const where = platform === 'darwin' ? ` or ${MACOS_WIRESHARK}` : platform === 'win32' ? ` or ${WINDOWS_WIRESHARK}` : '';
  return `Wireshark was not found (looked for wireshark on PATH${where}); install it, or export the packets as pcap instead`;
}

/**
 * Writes `bytes` to `<new temp dir>/<name>` (0600) and starts `exe -r <file>` detached. The file is
 * left for Wireshark to read (it lives in the system temp folder). Never throws: `{ ok: false }` says why.
 */
export async function openInWireshark(exe: string | null, bytes: Uint8Array, name: string, opts: { tmpDir?: string; platform?: string } = {}): Promise<OpenResult> {
  if (!exe) return { ok: false, message: wiresharkMissingMessage(opts.platform ?? process.platform) };
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(name)) return { ok: false, message: `refusing file name ${JSON.stringify(name.slice(0, 80))}` };
  let file: string;
  try {
    const dir = await mkdtemp(path.join(opts.tmpDir ?? os.tmpdir(), 'vpp-pathviz-wireshark-'));
    file = path.join(dir, name);
    await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    return { ok: false, message: `could not write the capture for Wireshark: ${(e as Error).message}` };
  }
  return new Promise<OpenResult>((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(exe, ['-r', file], { detached: true, stdio: 'ignore', shell: false, windowsHide: false });
    } catch (e) {
      resolve({ ok: false, message: `could not start ${exe}: ${(e as Error).message}`, file });
      return;
    }
    child.once('error', (e) => resolve({ ok: false, message: `could not start ${exe}: ${e.message}`, file }));
    child.once('spawn', () => {
      child.unref();
      resolve({ ok: true, message: `Opened ${bytes.length} bytes in Wireshark (${file})`, file });
    });
  });
}

/** The host adapter for core/ipc's `app.openInWireshark` (looks Wireshark up on every call). */
export function nodeWiresharkHost(env: Record<string, string | undefined> = process.env, platform: string = process.platform): WiresharkHost {
  return {
    available: async () => findWireshark(env, platform) !== null,
    open: async (name, bytes) => {
      const r = await openInWireshark(findWireshark(env, platform), bytes, name, { platform });
      return { ok: r.ok, message: r.message };
    },
  };
}
