// A file read by ranges (core's RangeSource over a Node file handle): for inputs too large to load
// whole, such as multi-gigabyte sparse core files. Open, read what is needed, close.
import { open, type FileHandle } from 'node:fs/promises';
import type { RangeSource } from '../core/bytes/source';
import { describeFsError, InputError } from './input';

/** One read may not ask for more than this (a guard against absurd lengths from a corrupt file). */
export const MAX_RANGE_READ = 256 * 1024 * 1024;

export interface FileRangeReader extends RangeSource {
  readonly path: string;
  /** Bytes handed out so far. */
  readonly bytesRead: number;
  close(): Promise<void>;
}

/** Opens `path` for range reads. Throws InputError naming the file (missing, a directory, unreadable). */
export async function openFileRange(path: string): Promise<FileRangeReader> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  let size: number;
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!st.isFile()) throw new Error('is not a regular file');
    size = st.size;
  } catch (e) {
    await fh.close().catch(() => {});
    throw new InputError(path, describeFsError(e));
  }
  let bytesRead = 0;
  let closed = false;
  return {
    path,
    size,
    get bytesRead() {
      return bytesRead;
    },
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (closed) throw new InputError(path, 'read after close');
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
        throw new RangeError(`invalid range ${offset}+${length}`);
      }
      const n = Math.max(0, Math.min(length, size - offset));
      if (n > MAX_RANGE_READ) throw new RangeError(`a read of ${n} bytes is over the limit of ${MAX_RANGE_READ}`);
      const out = new Uint8Array(n);
      let got = 0;
      while (got < n) {
        const { bytesRead: r } = await fh.read(out, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      bytesRead += got;
      return got === n ? out : out.subarray(0, got);
    },
    async close() {
      if (closed) return;
      closed = true;
      await fh.close();
    },
  };
}
