// Packet builders for tests: plain byte assembly with correct lengths and checksums, written
// from the RFCs (independent of the decoders under test).
import { concatBytes } from '../../../src/core/bytes/concat';

export function cat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return concatBytes(parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p))));
}

export const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
export const u32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
export const mac = (s: string) => s.split(':').map((x) => parseInt(x, 16));
export const v4 = (s: string) => s.split('.').map(Number);
export function v6(s: string): number[] {
  const [a, b] = s.split('::') as [string, string | undefined];
  const hs = (x: string) => (x ? x.split(':').map((h) => parseInt(h, 16)) : []);
  const head = hs(a);
  const tail = b === undefined ? [] : hs(b);
  const groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  return groups.flatMap((g) => u16(g));
}
export const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

export function csum(b: Uint8Array | number[], init = 0): number {
  let s = init;
  for (let i = 0; i < b.length; i += 2) s += ((b[i]! << 8) | (b[i + 1] ?? 0));
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

export function eth(dst: string, src: string, type: number, payload: Uint8Array): Uint8Array {
  return cat(mac(dst), mac(src), u16(type), payload);
}

export function vlan(vid: number, type: number, payload: Uint8Array, pcp = 0): Uint8Array {
  return cat(u16((pcp << 13) | vid), u16(type), payload);
}

export interface Ip4Opts {
  src: string;
  dst: string;
  proto: number;
  id?: number;
  ttl?: number;
  flags?: number;
  fragOffset?: number;
  options?: number[];
  tos?: number;
  badChecksum?: boolean;
}

export function ipv4(o: Ip4Opts, payload: Uint8Array): Uint8Array {
  const opts = o.options ?? [];
  const hl = 20 + opts.length;
  const h = [0x40 | (hl / 4), o.tos ?? 0, ...u16(hl + payload.length), ...u16(o.id ?? 1), ...u16(((o.flags ?? 0) << 13) | ((o.fragOffset ?? 0) / 8)), o.ttl ?? 64, o.proto, 0, 0, ...v4(o.src), ...v4(o.dst), ...opts];
  const c = csum(h) ^ (o.badChecksum ? 0x1111 : 0);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return cat(h, payload);
}

export function ipv6(o: { src: string; dst: string; next: number; hlim?: number; tclass?: number; flow?: number }, payload: Uint8Array): Uint8Array {
  const w = (6 << 28) | ((o.tclass ?? 0) << 20) | (o.flow ?? 0);
  return cat(u32(w >>> 0), u16(payload.length), [o.next, o.hlim ?? 64], v6(o.src), v6(o.dst), payload);
}

export function ipv6Frag(next: number, offset: number, more: boolean, id: number, payload: Uint8Array): Uint8Array {
  return cat([next, 0], u16(offset | (more ? 1 : 0)), u32(id), payload);
}

/** Hop-by-hop or destination options header with PadN filling 8 bytes. */
export function ipv6Opts(next: number, payload: Uint8Array): Uint8Array {
  return cat([next, 0, 1, 4, 0, 0, 0, 0], payload);
}

function pseudo4(src: string, dst: string, proto: number, len: number): number {
  const p = [...v4(src), ...v4(dst), 0, proto, ...u16(len)];
  let s = 0;
  for (let i = 0; i < p.length; i += 2) s += (p[i]! << 8) | p[i + 1]!;
  return s;
}

export function udp(sp: number, dp: number, payload: Uint8Array, ip?: { src: string; dst: string }): Uint8Array {
  const b = cat(u16(sp), u16(dp), u16(8 + payload.length), [0, 0], payload);
  if (ip && !ip.src.includes(':')) {
    const c = csum(b, pseudo4(ip.src, ip.dst, 17, b.length)) || 0xffff;
    b[6] = c >> 8;
    b[7] = c & 0xff;
  }
  return b;
}

export function tcp(o: { sp: number; dp: number; seq?: number; ack?: number; flags: number; win?: number; options?: number[] }, payload: Uint8Array, ip?: { src: string; dst: string }): Uint8Array {
  const opts = o.options ?? [];
  const hl = 20 + opts.length;
  const b = cat(u16(o.sp), u16(o.dp), u32(o.seq ?? 1000), u32(o.ack ?? 0), [((hl / 4) << 4) | ((o.flags >> 8) & 0xf), o.flags & 0xff], u16(o.win ?? 65535), [0, 0, 0, 0], opts, payload);
  if (ip && !ip.src.includes(':')) {
    const c = csum(b, pseudo4(ip.src, ip.dst, 6, b.length));
    b[16] = c >> 8;
    b[17] = c & 0xff;
  }
  return b;
}

export function icmpEcho(type: number, id: number, seq: number, data: Uint8Array): Uint8Array {
  const b = cat([type, 0, 0, 0], u16(id), u16(seq), data);
  const c = csum(b);
  b[2] = c >> 8;
  b[3] = c & 0xff;
  return b;
}

export function icmp6(type: number, code: number, body: number[] | Uint8Array): Uint8Array {
  return cat([type, code, 0, 0], body);
}

export function vxlan(vni: number, payload: Uint8Array): Uint8Array {
  return cat([0x08, 0, 0, 0], [(vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0], payload);
}

export function geneve(vni: number, protocol: number, payload: Uint8Array, options: number[] = []): Uint8Array {
  return cat([options.length / 4, 0], u16(protocol), [(vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff, 0], options, payload);
}

export function gre(protocol: number, payload: Uint8Array, key?: number): Uint8Array {
  return cat(u16(key === undefined ? 0 : 0x2000), u16(protocol), key === undefined ? [] : u32(key), payload);
}

export function arp(op: number, sha: string, spa: string, tha: string, tpa: string): Uint8Array {
  return cat(u16(1), u16(0x0800), [6, 4], u16(op), mac(sha), v4(spa), mac(tha), v4(tpa));
}

export function dnsName(name: string): number[] {
  return [...name.split('.').flatMap((l) => [l.length, ...ascii(l)]), 0];
}
