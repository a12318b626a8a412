// Reading user files for core parsers: whole-file bytes with transparent gzip, clear errors.
import { readFile, stat } from 'node:fs/promises';
import { gunzipSync, constants as zc } from 'node:zlib';
import { isGzip, type Inflate } from '../core/bytes/gzip';

/** Node's inflater for core (see core/bytes/gzip). */
export const nodeInflate: Inflate = (gz, { maxOutputBytes }) => {
  try {
    return new Uint8Array(gunzipSync(gz, { maxOutputLength: maxOutputBytes, finishFlush: zc.Z_SYNC_FLUSH }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(e))) {
      throw new Error(`gzip data expands beyond the limit of ${maxOutputBytes} bytes`);
    }
    throw new Error(`corrupt gzip data: ${(e as Error).message}`);
  }
};

export class InputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** A file-system error as the short reason shown after a file's name. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

export const DEFAULT_MAX_INPUT_BYTES = 4 * 1024 ** 3;

/** Reads a file (gunzipping it when it is gzip). Throws InputError naming the file and why. */
export async function readInput(path: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): Promise<{ path: string; bytes: Uint8Array; gzipped: boolean }> {
  let size: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new InputError(path, 'is a directory');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, describeFsError(e));
  }
  if (size > maxBytes) throw new InputError(path, `is ${size} bytes, over the limit of ${maxBytes}`);
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(await readFile(path));
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  if (!isGzip(raw)) return { path, bytes: raw, gzipped: false };
  try {
    return { path, bytes: nodeInflate(raw, { maxOutputBytes: maxBytes }), gzipped: true };
  } catch (e) {
    throw new InputError(path, (e as Error).message);
  }
}
