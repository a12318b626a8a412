// Reads of a core through its range source: copies, clamping, cancellation, errors as CoreFailure.
import type { RangeSource } from '../bytes/source';
import type { CoreErrorKind } from './types';

/** Internal to coredump: thrown by the reading steps, turned into an error result by inspectCore. */
export class CoreFailure extends Error {
  constructor(
    readonly kind: CoreErrorKind,
    message: string,
    readonly offset: number | null,
  ) {
    super(message);
  }
}

export interface Cancel {
  readonly aborted: boolean;
}

export class CoreReader {
  /** Bytes requested from the source so far (for tests and benchmarks: reads stay bounded). */
  bytesRead = 0;

  constructor(
    private readonly src: RangeSource,
    private readonly cancel?: Cancel,
  ) {}

  get size(): number {
    return this.src.size;
  }

  /** Up to `length` bytes at `offset`, fewer only at the end of the file; the bytes are owned by the caller. */
  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.cancel?.aborted) throw new CoreFailure('cancelled', 'cancelled', null);
    const n = Math.max(0, Math.min(length, this.src.size - offset));
    if (!(offset >= 0) || n === 0) return new Uint8Array(0);
    const out = new Uint8Array(n);
    let got = 0;
    try {
      while (got < n) {
        const chunk = await this.src.read(offset + got, n - got);
        if (chunk.length === 0) break;
        const take = Math.min(chunk.length, n - got);
        out.set(take === chunk.length ? chunk : chunk.subarray(0, take), got);
        got += take;
      }
    } catch (e) {
      throw new CoreFailure('read-error', `could not read ${n} bytes at offset ${offset}: ${e instanceof Error ? e.message : String(e)}`, offset);
    }
    this.bytesRead += got;
    return got === n ? out : out.subarray(0, got);
  }
}
