// A File/Blob as a RangeSource: each read slices the blob and reads only that slice, so a
// multi-gigabyte core picked or dropped in the page is never loaded whole.
import type { RangeSource } from '../../core/bytes/source';

/** Reads are clamped to the blob; a read past the end returns an empty array. */
export function blobSource(blob: Blob): RangeSource {
  const size = blob.size;
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
        throw new RangeError(`invalid range: offset ${offset}, length ${length}`);
      }
      const start = Math.min(offset, size);
      const end = Math.min(start + length, size);
      if (end <= start) return new Uint8Array(0);
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}
