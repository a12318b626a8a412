// Address text as tshark and VPP print it.
import type { ByteView } from '../../bytes/view';

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function macAt(b: Uint8Array, p: number): string {
  return `${HEX2[b[p]!]}:${HEX2[b[p + 1]!]}:${HEX2[b[p + 2]!]}:${HEX2[b[p + 3]!]}:${HEX2[b[p + 4]!]}:${HEX2[b[p + 5]!]}`;
}

export function ipv4At(b: Uint8Array, p: number): string {
  return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
}

/** RFC 5952 text: lowercase, longest run (≥ 2) of zero groups as `::`, IPv4-mapped as dotted quad. */
export function ipv6At(b: Uint8Array, p: number): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[p + 2 * i]! << 8) | b[p + 2 * i + 1]!;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) return `::ffff:${ipv4At(b, p + 12)}`;
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const part = (from: number, to: number) => g.slice(from, to).map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return part(0, 8);
  return `${part(0, bestAt)}::${part(bestAt + bestLen, 8)}`;
}

export function mac(v: ByteView, off: number): string {
  v.slice(off, 6);
  return macAt(v.bytes, off);
}
export function ipv4(v: ByteView, off: number): string {
  v.slice(off, 4);
  return ipv4At(v.bytes, off);
}
export function ipv6(v: ByteView, off: number): string {
  v.slice(off, 16);
  return ipv6At(v.bytes, off);
}
