// A bounds-checked, read-only view over bytes. Every read names its endianness; sub-views keep the
// absolute offset of their first byte so decoded fields can point into the original frame.

/** Thrown when a read falls outside the view. `offset` is absolute (relative to the root bytes). */
export class ByteRangeError extends RangeError {
  constructor(
    readonly offset: number,
    readonly length: number,
    readonly limit: number,
  ) {
    super(`read of ${length} byte(s) at offset ${offset} goes past the end (${limit})`);
  }
}

export class ByteView {
  private readonly dv: DataView;
  /** Absolute offset of byte 0 of this view in the root bytes. */
  readonly base: number;

  constructor(
    readonly bytes: Uint8Array,
    base = 0,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = base;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** True when `len` bytes exist at `off`. */
  has(off: number, len = 1): boolean {
    return off >= 0 && len >= 0 && off + len <= this.bytes.length;
  }

  private check(off: number, len: number): void {
    if (!(off >= 0 && off + len <= this.bytes.length)) throw new ByteRangeError(this.base + off, len, this.base + this.bytes.length);
  }

  u8(off: number): number {
    this.check(off, 1);
    return this.bytes[off]!;
  }
  u16be(off: number): number {
    this.check(off, 2);
    return this.dv.getUint16(off, false);
  }
  u16le(off: number): number {
    this.check(off, 2);
    return this.dv.getUint16(off, true);
  }
  u16(off: number, littleEndian: boolean): number {
    this.check(off, 2);
    return this.dv.getUint16(off, littleEndian);
  }
  u24be(off: number): number {
    this.check(off, 3);
    return (this.bytes[off]! << 16) | (this.bytes[off + 1]! << 8) | this.bytes[off + 2]!;
  }
  u32be(off: number): number {
    this.check(off, 4);
    return this.dv.getUint32(off, false);
  }
  u32le(off: number): number {
    this.check(off, 4);
    return this.dv.getUint32(off, true);
  }
  u32(off: number, littleEndian: boolean): number {
    this.check(off, 4);
    return this.dv.getUint32(off, littleEndian);
  }
  i32(off: number, littleEndian: boolean): number {
    this.check(off, 4);
    return this.dv.getInt32(off, littleEndian);
  }
  /** A 64-bit unsigned value as a bigint. */
  u64(off: number, littleEndian: boolean): bigint {
    this.check(off, 8);
    return this.dv.getBigUint64(off, littleEndian);
  }
  i64(off: number, littleEndian: boolean): bigint {
    this.check(off, 8);
    return this.dv.getBigInt64(off, littleEndian);
  }

  /** A copy-free slice of `len` bytes at `off` (throws when out of range). */
  slice(off: number, len: number): Uint8Array {
    this.check(off, len);
    return this.bytes.subarray(off, off + len);
  }

  /** A sub-view of `len` bytes at `off` (default: to the end); offsets stay absolute through `base`. */
  sub(off: number, len?: number): ByteView {
    const l = len ?? this.bytes.length - off;
    this.check(off, l);
    return new ByteView(this.bytes.subarray(off, off + l), this.base + off);
  }

  /** Like sub() but clamps to what exists instead of throwing (for truncated captures). */
  subClamped(off: number, len?: number): ByteView {
    const start = Math.min(Math.max(off, 0), this.bytes.length);
    const end = len === undefined ? this.bytes.length : Math.min(start + Math.max(len, 0), this.bytes.length);
    return new ByteView(this.bytes.subarray(start, end), this.base + start);
  }

  /** Index of the first `value` byte at or after `off`, or -1. */
  indexOf(value: number, off = 0): number {
    return off >= this.bytes.length ? -1 : this.bytes.indexOf(value, Math.max(off, 0));
  }

  /** Bytes [off, off+len) as lowercase hex without separators (clamped). */
  hex(off = 0, len?: number): string {
    return toHex(this.subClamped(off, len).bytes);
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + HEX[b[i]!]!;
  return s;
}

export function hexByte(v: number): string {
  return HEX[v & 0xff]!;
}
