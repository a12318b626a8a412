// A random-access byte source: what capture indexing reads through, so that a file far larger
// than memory can be indexed in chunks. Node's adapter is src/node/range-source.ts; in the browser
// a File/Blob adapter can return Promises.

export interface RangeSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Up to `length` bytes from `offset` (fewer only at the end of the source). The returned bytes
   * may be reused by the source after the next call: copy what must be kept.
   */
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

/** A source over bytes already in memory (reads are copy-free sub-arrays). */
export function memorySource(bytes: Uint8Array): RangeSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}

/** Reads a whole source into memory (for small sources, gzip and tests). */
export async function readAll(src: RangeSource): Promise<Uint8Array> {
  const out = new Uint8Array(src.size);
  const step = 1 << 22;
  for (let off = 0; off < src.size; ) {
    const chunk = await src.read(off, Math.min(step, src.size - off));
    if (chunk.length === 0) break;
    out.set(chunk, off);
    off += chunk.length;
  }
  return out;
}
