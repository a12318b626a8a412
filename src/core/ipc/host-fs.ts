// The file-system half of a host, over Node-shaped functions passed in by the host (main and the web
// server hand in node:fs/promises and node:path), so both share one implementation and core stays
// free of Node imports.
import { decodeUtf8 } from '../text/utf8';
import type { HostFs, HostStore } from './host-services';

export interface NodeLikeStats {
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
  size: number;
}

/** node:fs/promises' FileHandle, as far as range reads need it. */
export interface NodeLikeFileHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface NodeLikeFs {
  open(path: string, flags: 'r'): Promise<NodeLikeFileHandle>;
  lstat(path: string): Promise<NodeLikeStats>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string, opts: { recursive: true }): Promise<unknown>;
  writeFile(path: string, data: string | Uint8Array, opts?: { mode?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export interface NodeLikePath {
  resolve(...parts: string[]): string;
  join(...parts: string[]): string;
  basename(path: string): string;
  dirname(path: string): string;
}

/** A readable message for a file-system error (ENOENT → "no such file or folder"). */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ENOTDIR') return 'is not a folder';
  return e instanceof Error ? e.message : String(e);
}

async function wrap<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(describeFsError(e));
  }
}

export function fsHost(fs: NodeLikeFs, path: NodeLikePath): HostFs {
  return {
    resolve: (p) => path.resolve(p),
    join: (d, n) => path.join(d, n),
    basename: (p) => path.basename(p),
    stat: (p) =>
      wrap(async () => {
        const st = await fs.lstat(p);
        return { isDirectory: st.isDirectory(), isFile: st.isFile(), isSymbolicLink: st.isSymbolicLink(), size: st.size };
      }),
    readFile: (p) =>
      wrap(async () => {
        const b = await fs.readFile(p);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      }),
    readDir: (p) => wrap(() => fs.readdir(p)),
    readRange: (p, offset, length) =>
      wrap(async () => {
        const fh = await fs.open(p, 'r');
        try {
          const out = new Uint8Array(length);
          let got = 0;
          while (got < length) {
            const { bytesRead } = await fh.read(out, got, length - got, offset + got);
            if (bytesRead === 0) break;
            got += bytesRead;
          }
          return got === length ? out : out.slice(0, got);
        } finally {
          await fh.close();
        }
      }),
  };
}

/** Settings and recent files as one JSON file, written atomically (temp file, then rename). */
export function jsonFileStore(fs: NodeLikeFs, path: NodeLikePath, file: string): HostStore {
  return {
    async load() {
      try {
        const raw = await fs.readFile(file);
        return JSON.parse(decodeUtf8(raw)) as unknown;
      } catch {
        return null;
      }
    },
    async save(state) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${Date.now().toString(36)}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
      await fs.rename(tmp, file);
    },
  };
}
