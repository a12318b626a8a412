// Address text from bytes, shared by the decoders (tshark's notation), the trace decoders (VPP's
// notation) and the topology joins. The two notations differ only for IPv4-mapped IPv6 addresses.

const HEX2: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `aa:bb:cc:dd:ee:ff`, lower case. */
export function macText(b: Uint8Array, p: number): string {
  return `${HEX2[b[p]!]}:${HEX2[b[p + 1]!]}:${HEX2[b[p + 2]!]}:${HEX2[b[p + 3]!]}:${HEX2[b[p + 4]!]}:${HEX2[b[p + 5]!]}`;
}

/** Dotted quad. */
export function ipv4Text(b: Uint8Array, p: number): string {
  return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
}

/**
 * RFC 5952 text: lower-case hex, the first longest run (≥ 2) of zero groups as `::`. With
 * `mappedV4` (tshark's notation) an IPv4-mapped address ends in a dotted quad; VPP prints hex groups.
 */
export function ipv6Text(b: Uint8Array, p: number, opts: { mappedV4?: boolean } = {}): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[p + 2 * i]! << 8) | b[p + 2 * i + 1]!;
  if (opts.mappedV4 && g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${ipv4Text(b, p + 12)}`;
  }
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
