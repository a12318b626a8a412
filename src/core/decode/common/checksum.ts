// The Internet checksum (RFC 1071) over byte ranges, with optional pseudo-header words.

/** One's-complement sum of 16-bit big-endian words of b[start, end) added to `acc` (unfolded). */
export function sum16(b: Uint8Array, start: number, end: number, acc = 0): number {
  let s = acc;
  let i = start;
  for (; i + 1 < end; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i < end) s += b[i]! << 8;
  return s;
}

export function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** True when the range (checksum field included) sums to 0xffff. */
export function checksumOk(b: Uint8Array, start: number, end: number, acc = 0): boolean {
  return fold(sum16(b, start, end, acc)) === 0xffff;
}
