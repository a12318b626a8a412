// IPv4/IPv6 parsing and prefix matching for topology and policy evaluation (bytes, no BigInt needed).
import { ipv4Text, ipv6Text } from '../text/address';

/** 4 or 16 bytes, or null when the text is not an address. */
export function ipBytes(text: string): Uint8Array | null {
  const s = text.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x) => x <= 255) ? new Uint8Array(b) : null;
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  let head = s;
  let tail4: Uint8Array | null = null;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail4 = ipBytes(s.slice(lastColon + 1));
    if (!tail4 || tail4.length !== 4) return null;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const a = parse(halves[0]!);
  const b = halves.length === 2 ? parse(halves[1]!) : [];
  if (!a || !b) return null;
  const fill = 8 - a.length - b.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return null;
  const groups = [...a, ...new Array<number>(fill).fill(0), ...b];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4) out.set(tail4, 12);
  return out;
}

const PLAIN_V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Canonical text (IPv6 in lowercase compressed form) or the input unchanged when not an address. */
export function canonicalIp(text: string): string {
  if (PLAIN_V4.test(text)) return text;
  const b = ipBytes(text);
  if (!b) return text;
  return b.length === 4 ? ipv4Text(b, 0) : ipv6Text(b, 0);
}

/** True when `addr` is inside `prefix/len` (same family). */
export function inPrefix(addr: string, prefix: string, len: number): boolean {
  const a = ipBytes(addr);
  const p = ipBytes(prefix);
  if (!a || !p || a.length !== p.length || len < 0 || len > a.length * 8) return false;
  const full = Math.floor(len / 8);
  for (let i = 0; i < full; i++) if (a[i] !== p[i]) return false;
  const rest = len % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (a[full]! & mask) === (p[full]! & mask);
}

export function sameIp(a: string, b: string): boolean {
  return canonicalIp(a) === canonicalIp(b);
}

export function isIpv6Text(s: string): boolean {
  return ipBytes(s)?.length === 16;
}

const PROTOCOLS: Record<string, number> = { HOPOPT: 0, ICMP: 1, IGMP: 2, IPIP: 4, IP_IN_IP: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, ESP: 50, AH: 51, ICMP6: 58, IPV6_ICMP: 58, SCTP: 132 };

/** IP protocol number from a name (`TCP`, `udp`, `ICMP6`) or a number. */
export function protocolNumber(p: string | number | null | undefined): number | null {
  if (p === null || p === undefined) return null;
  if (typeof p === 'number') return p;
  if (/^\d+$/.test(p)) return Number(p);
  return PROTOCOLS[p.toUpperCase()] ?? null;
}
