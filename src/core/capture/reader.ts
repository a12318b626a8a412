// Chunked reading for the capture indexers. An indexer is a generator that asks for byte ranges
// (yield { offset, length }) and receives the bytes; a synchronous driver serves in-memory or
// synchronous sources, an asynchronous one serves Promise-returning sources (a browser File).
// Memory stays bounded by the chunk size whatever the file size.
import type { RangeSource } from '../bytes/source';

export interface ReadRequest {
  offset: number;
  length: number;
}

export type Indexer<T> = Generator<ReadRequest, T, Uint8Array>;

/** Default read size. */
export const CHUNK_BYTES = 1 << 20;

/** The bytes most recently read, with the file offset of their first byte. */
export class Window {
  buf: Uint8Array = new Uint8Array(0);
  start = 0;
  constructor(
    readonly size: number,
    readonly chunk = CHUNK_BYTES,
  ) {}

  holds(off: number, len: number): boolean {
    return off >= this.start && off + len <= this.start + this.buf.length;
  }

  /** Position of file offset `off` inside buf. */
  at(off: number): number {
    return off - this.start;
  }
}

/** Makes `len` bytes at `off` available in `w` (fewer if the source ends first). */
export function* fill(w: Window, off: number, len: number): Generator<ReadRequest, void, Uint8Array> {
  if (w.holds(off, len)) return;
  const want = Math.max(0, Math.min(Math.max(len, w.chunk), w.size - off));
  const data = want > 0 ? yield { offset: off, length: want } : new Uint8Array(0);
  w.buf = data;
  w.start = off;
}

export function driveSync<T>(gen: Indexer<T>, src: RangeSource): T {
  let r = gen.next();
  while (!r.done) {
    const data = src.read(r.value.offset, r.value.length);
    if (!(data instanceof Uint8Array)) throw new Error('this source reads asynchronously: use the asynchronous reader');
    r = gen.next(data);
  }
  return r.value;
}

export async function driveAsync<T>(gen: Indexer<T>, src: RangeSource, signal?: { readonly aborted: boolean }): Promise<T> {
  let r = gen.next();
  while (!r.done) {
    if (signal?.aborted) {
      gen.return(undefined as T);
      throw new Error('cancelled');
    }
    const data = await src.read(r.value.offset, r.value.length);
    r = gen.next(data);
  }
  return r.value;
}
