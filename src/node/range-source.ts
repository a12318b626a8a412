// A RangeSource (core/bytes/source) over a file: synchronous positional reads into a reused
// buffer, so a capture of any size is indexed with bounded memory.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { RangeSource } from '../core/bytes/source';
import { describeFsError, InputError } from './input';

/** Bytes read at once; smaller reads inside them cost no system call. */
const READ_AHEAD = 1 << 20;

export interface FileSource extends RangeSource {
  readonly path: string;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

/**
 * Opens `path` for range reads. Returned bytes are valid until a read outside the current 1 MiB
 * window (the buffer is reused unless `copy` is set).
 */
export function openFileSource(path: string, opts: { copy?: boolean } = {}): FileSource {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) {
    closeSync(fd);
    throw new InputError(path, 'is a directory');
  }
  // A read-ahead window: sequential small reads (one frame after another) are served from memory.
  let buf = new Uint8Array(0);
  let bufStart = 0;
  let bufLen = 0;
  let open = true;
  const fill = (into: Uint8Array, offset: number, n: number): number => {
    let got = 0;
    while (got < n) {
      const r = readSync(fd, into, got, n - got, offset + got);
      if (r === 0) break;
      got += r;
    }
    return got;
  };
  return {
    path,
    size: st.size,
    read(offset: number, length: number): Uint8Array {
      if (!open) throw new Error(`${path}: read after close`);
      const n = Math.max(0, Math.min(length, st.size - offset));
      if (opts.copy) {
        const out = new Uint8Array(n);
        return out.subarray(0, fill(out, offset, n));
      }
      if (offset >= bufStart && offset + n <= bufStart + bufLen) return buf.subarray(offset - bufStart, offset - bufStart + n);
      const want = Math.max(n, READ_AHEAD);
      if (buf.length < want) buf = new Uint8Array(want);
      bufStart = offset;
      bufLen = fill(buf, offset, Math.min(want, st.size - offset));
      return buf.subarray(0, Math.min(n, bufLen));
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
