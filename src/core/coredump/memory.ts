// The dumped address space: reads of process memory through the PT_LOAD segments of the core
// (sorted once, found by binary search). Only bytes stored in the file can be read.
import type { CoreReader } from './reader';

export class CoreMemory {
  private readonly order: Uint32Array;

  constructor(
    private readonly reader: CoreReader,
    private readonly vaddr: BigUint64Array,
    private readonly offset: Float64Array,
    private readonly filesz: Float64Array,
    readonly count: number,
  ) {
    const idx = Array.from({ length: count }, (_, i) => i);
    let sorted = true;
    for (let i = 1; i < count && sorted; i++) if (vaddr[i - 1]! > vaddr[i]!) sorted = false;
    if (!sorted) idx.sort((a, b) => (vaddr[a]! < vaddr[b]! ? -1 : vaddr[a]! > vaddr[b]! ? 1 : 0));
    this.order = Uint32Array.from(idx);
  }

  /** The segment whose stored bytes contain `addr`, or -1. */
  private find(addr: bigint): number {
    let lo = 0;
    let hi = this.count - 1;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const i = this.order[mid]!;
      if (this.vaddr[i]! <= addr) {
        best = i;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best < 0) return -1;
    const rel = addr - this.vaddr[best]!;
    return rel < BigInt(Math.floor(this.filesz[best]!)) ? best : -1;
  }

  /** `length` bytes at `addr` when one segment stores them all in the file, else null. */
  async read(addr: bigint, length: number): Promise<Uint8Array | null> {
    if (length <= 0) return new Uint8Array(0);
    const i = this.find(addr);
    if (i < 0) return null;
    const rel = Number(addr - this.vaddr[i]!);
    if (rel + length > this.filesz[i]!) return null;
    const b = await this.reader.read(this.offset[i]! + rel, length);
    return b.length === length ? b : null;
  }

  /** A NUL-terminated string of at most `max` bytes at `addr` (as far as the segment goes). */
  async readCString(addr: bigint, max = 4096): Promise<Uint8Array | null> {
    const i = this.find(addr);
    if (i < 0) return null;
    const rel = Number(addr - this.vaddr[i]!);
    const avail = Math.min(max, this.filesz[i]! - rel);
    const b = await this.reader.read(this.offset[i]! + rel, avail);
    const nul = b.indexOf(0);
    return nul >= 0 ? b.subarray(0, nul) : null;
  }
}
