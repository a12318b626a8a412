// Atomic files: everything is written under a temporary name in the same folder, flushed, then
// renamed into place, so a crash, a quit or a cut transfer never leaves a half-written file under
// its final name.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A temporary name next to `file` (same folder, so rename is atomic). */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.part-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `file` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(file: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  const tmp = tempNameFor(file);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A file written in pieces that appears under its final name only on commit(). */
export interface AtomicWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
  commit(): Promise<void>;
  /** Drops the temporary file (safe to call after commit: then it does nothing). */
  abort(): Promise<void>;
}

export async function openAtomic(file: string, mode = 0o644): Promise<AtomicWriter> {
  const tmp = tempNameFor(file);
  const fh = await open(tmp, 'wx', mode);
  let bytes = 0;
  let done = false;
  return {
    get bytes() {
      return bytes;
    },
    async write(chunk) {
      await fh.write(chunk);
      bytes += chunk.length;
    },
    async commit() {
      if (done) return;
      done = true;
      await fh.sync();
      await fh.close();
      await rename(tmp, file);
    },
    async abort() {
      if (done) return;
      done = true;
      await fh.close().catch(() => {});
      await rm(tmp, { force: true });
    },
  };
}
