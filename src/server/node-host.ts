// Node pieces of web mode's host: the state folder and the system browser. Files go through
// core/ipc/host-fs over node:fs/promises, like the desktop app's.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** Where settings and recent files live: $VPP_PATHVIZ_STATE_DIR, else $XDG_CONFIG_HOME/vpp-pathviz, else ~/.config/vpp-pathviz. */
export function defaultStateDir(): string {
  if (process.env.VPP_PATHVIZ_STATE_DIR) return process.env.VPP_PATHVIZ_STATE_DIR;
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'vpp-pathviz');
}

/** Opens a URL in the system browser when the machine has one; resolves false when it has none. */
export function openInSystemBrowser(url: string): Promise<boolean> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return Promise.resolve(false);
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
      child.on('error', () => resolve(false));
      child.on('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
