// The in-memory file system of one test-cluster container: whole files as byte arrays under a
// fixed set of directories. Enough for the commands the container runs (cat, tee, gzip, sha256sum,
// rm) and for the VPP engine to drop capture files into /tmp.
import type { VppFileSystem } from './vppctl-engine';

const DEFAULT_DIRS = ['/', '/tmp', '/var', '/var/run', '/var/run/vpp', '/var/log', '/etc', '/etc/vpp', '/usr', '/usr/bin', '/root', '/bin'];

export type FsError = 'ENOENT' | 'EISDIR' | 'ENOTDIR';

/** Normalises `p` against `/` (`.`/`..` resolved, duplicate slashes removed). */
export function normalizePath(p: string, cwd = '/'): string {
  const parts: string[] = [];
  const full = p.startsWith('/') ? p : `${cwd}/${p}`;
  for (const seg of full.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export class MemFs implements VppFileSystem {
  private readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>(DEFAULT_DIRS);

  constructor(initial: Record<string, Uint8Array | string> = {}) {
    for (const [p, data] of Object.entries(initial)) {
      const n = normalizePath(p);
      this.mkdirp(parentOf(n));
      this.files.set(n, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    }
  }

  mkdirp(dir: string): void {
    let d = normalizePath(dir);
    while (!this.dirs.has(d)) {
      this.dirs.add(d);
      d = parentOf(d);
    }
  }

  isDir(p: string): boolean {
    return this.dirs.has(normalizePath(p));
  }

  read(p: string): Uint8Array | undefined {
    return this.files.get(normalizePath(p));
  }

  /** Like read, with the error a real open(2) would give. */
  readChecked(p: string): Uint8Array | FsError {
    const n = normalizePath(p);
    if (this.dirs.has(n)) return 'EISDIR';
    return this.files.get(n) ?? 'ENOENT';
  }

  write(p: string, data: Uint8Array): void {
    const r = this.writeChecked(p, data, false);
    if (r) throw new Error(`${p}: ${r}`);
  }

  /** Creates/truncates (or appends to) a file; returns the errno a real write would fail with. */
  writeChecked(p: string, data: Uint8Array, append: boolean): FsError | null {
    const n = normalizePath(p);
    if (this.dirs.has(n)) return 'EISDIR';
    if (this.files.has(parentOf(n))) return 'ENOTDIR';
    if (!this.dirs.has(parentOf(n))) return 'ENOENT';
    const prev = append ? this.files.get(n) : undefined;
    if (prev) {
      const joined = new Uint8Array(prev.length + data.length);
      joined.set(prev, 0);
      joined.set(data, prev.length);
      this.files.set(n, joined);
    } else this.files.set(n, data.slice());
    return null;
  }

  remove(p: string): boolean {
    return this.files.delete(normalizePath(p));
  }

  list(): string[] {
    return [...this.files.keys()].sort();
  }
}

/** The message coreutils prints for an errno. */
export function fsErrorText(e: FsError): string {
  return e === 'ENOENT' ? 'No such file or directory' : e === 'EISDIR' ? 'Is a directory' : 'Not a directory';
}
