// Packet bytes from what a trace entry prints: the IP headers VPP decoded (addresses, TTL, length,
// id, flags, ports, TCP flags / sequence numbers, ICMP type) and the Ethernet line, serialised with
// correct IPv4 and L4 checksums and zero payload up to the printed total length. The pcap and
// dispatch captures of the simulated VPP carry these bytes.
import type { IpHeaderInfo } from '../../model/hop-detail';

export interface EthernetInfo {
  srcMac: string;
  dstMac: string;
}

const PROTO_NUMBER: Record<string, number> = { ICMP: 1, IGMP: 2, IP_IN_IP: 4, IPIP: 4, TCP: 6, UDP: 17, IPV6: 41, GRE: 47, IPSEC_ESP: 50, IPSEC_AH: 51, ICMP6: 58, SCTP: 132 };
const ICMP_TYPE: Record<string, number> = { echo_reply: 0, destination_unreachable: 3, echo_request: 8, time_exceeded: 11 };
const TCP_FLAG_BITS: Record<string, number> = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 };

export function protocolNumber(h: IpHeaderInfo): number {
  const n = PROTO_NUMBER[h.protocol.toUpperCase()];
  if (n !== undefined) return n;
  const m = /(\d+)$/.exec(h.protocol);
  return m ? Number(m[1]) & 0xff : 0xfd;
}

/** True for an outer tunnel header (IP-in-IP, VXLAN, GENEVE, WireGuard). */
export function isTunnelHeader(h: IpHeaderInfo): boolean {
  const p = h.protocol.toUpperCase();
  if (p === 'IP_IN_IP' || p === 'IPIP' || p === 'IPV6' || p === 'GRE') return true;
  return p === 'UDP' && (h.dstPort === 4789 || h.dstPort === 6081 || h.dstPort === 51820);
}

function ip4Bytes(s: string): number[] {
  const p = s.split('.').map(Number);
  return p.length === 4 && p.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? p : [0, 0, 0, 0];
}

function ip6Bytes(s: string): number[] {
  const out = new Array<number>(16).fill(0);
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const hs = head ? head.split(':').filter(Boolean) : [];
  const ts = tail ? tail.split(':').filter(Boolean) : [];
  const put = (words: string[], at: number) => words.forEach((w, k) => {
    const v = parseInt(w, 16) || 0;
    out[at + 2 * k] = v >> 8;
    out[at + 2 * k + 1] = v & 0xff;
  });
  put(hs, 0);
  put(ts, 16 - 2 * ts.length);
  return out;
}

export function macBytes(mac: string): number[] {
  const p = mac.split(':').map((x) => parseInt(x, 16));
  return p.length === 6 && p.every((x) => Number.isInteger(x)) ? p : [0, 0, 0, 0, 0, 0];
}

function sum16(b: Uint8Array, start: number, end: number, initial = 0): number {
  let s = initial;
  for (let k = start; k + 1 < end; k += 2) s += (b[k]! << 8) | b[k + 1]!;
  if ((end - start) % 2) s += b[end - 1]! << 8;
  return s;
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

function put32(b: Uint8Array, at: number, v: number): void {
  put16(b, at, Math.floor(v / 65536) & 0xffff);
  put16(b, at + 2, v & 0xffff);
}

function tcpFlags(h: IpHeaderInfo): number {
  if (h.tcpFlagsValue !== null) return h.tcpFlagsValue & 0xff;
  return (h.tcpFlags ?? []).reduce((a, f) => a | (TCP_FLAG_BITS[f.toUpperCase()] ?? 0), 0);
}

/** The L4 header and payload of `h` (without the IP header), `payloadLen` bytes in all. */
function l4(h: IpHeaderInfo, proto: number, payloadLen: number, inner: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(Math.max(0, payloadLen));
  if (proto === 6 && out.length >= 20) {
    put16(out, 0, h.srcPort ?? 0);
    put16(out, 2, h.dstPort ?? 0);
    put32(out, 4, h.seq ?? 0);
    put32(out, 8, h.ack ?? 0);
    out[12] = 5 << 4;
    out[13] = tcpFlags(h);
    put16(out, 14, 64240);
  } else if (proto === 17 && out.length >= 8) {
    put16(out, 0, h.srcPort ?? 0);
    put16(out, 2, h.dstPort ?? 0);
    put16(out, 4, out.length);
    if (inner && h.dstPort === 4789 && out.length >= 8 + 8 + 14) {
      out[8] = 0x08;
      put32(out, 12, 4096 << 8);
      out[16 + 12] = 0x08;
      out.set(inner.subarray(0, out.length - 30), 30);
    } else if (inner) out.set(inner.subarray(0, out.length - 8), 8);
  } else if ((proto === 1 || proto === 58) && out.length >= 8) {
    const t = h.icmpType ? ICMP_TYPE[h.icmpType.toLowerCase().replace(/[\s-]+/g, '_')] : undefined;
    out[0] = t ?? (proto === 58 ? 128 : 8);
    out[1] = h.icmpCode && /^\d+$/.test(h.icmpCode) ? Number(h.icmpCode) : 0;
    put16(out, 4, 0x1f);
    put16(out, 6, 1);
  } else if (inner) out.set(inner.subarray(0, out.length));
  return out;
}

function l4Checksum(ip: Uint8Array, l4Start: number, proto: number, v6: boolean): void {
  const off = proto === 6 ? 16 : proto === 17 ? 6 : proto === 1 || proto === 58 ? 2 : -1;
  if (off < 0 || ip.length < l4Start + off + 2) return;
  const len = ip.length - l4Start;
  let s = 0;
  if (proto !== 1) {
    s = v6 ? sum16(ip, 8, 40) : sum16(ip, 12, 20);
    s += proto + len;
  }
  s = sum16(ip, l4Start, ip.length, s);
  let c = fold(s);
  if (proto === 17 && c === 0) c = 0xffff;
  put16(ip, l4Start + off, c);
}

/** Serialises IP headers, outermost first (an inner header becomes the payload of the outer one). */
export function ipPacket(headers: readonly IpHeaderInfo[], at = 0): Uint8Array {
  const h = headers[at];
  if (!h) return new Uint8Array(0);
  const inner = at + 1 < headers.length ? ipPacket(headers, at + 1) : null;
  const proto = protocolNumber(h);
  if (h.ipVersion === 6) {
    const hdr = 40;
    const minimal = proto === 6 ? 20 : proto === 17 || proto === 58 ? 8 : 0;
    const payloadLen = Math.max(h.length ?? 0, inner ? inner.length + (h.dstPort === 4789 ? 30 : proto === 17 ? 8 : 0) : minimal, minimal);
    const out = new Uint8Array(hdr + payloadLen);
    out[0] = 0x60;
    put16(out, 4, payloadLen);
    out[6] = proto;
    out[7] = h.ttl ?? 64;
    out.set(ip6Bytes(h.src), 8);
    out.set(ip6Bytes(h.dst), 24);
    out.set(l4(h, proto, payloadLen, inner), hdr);
    l4Checksum(out, hdr, proto, true);
    return out;
  }
  const minimal = proto === 6 ? 20 : proto === 17 || proto === 1 ? 8 : 0;
  const need = inner ? inner.length + (h.dstPort === 4789 ? 30 : proto === 17 ? 8 : 0) : minimal;
  const total = Math.max(h.length ?? 0, 20 + need, 20 + minimal);
  const out = new Uint8Array(total);
  out[0] = 0x45;
  out[1] = h.tos ? parseInt(h.tos, 16) & 0xff : 0;
  put16(out, 2, total);
  put16(out, 4, h.fragmentId ?? 0);
  let frag = h.fragmentOffset ?? 0;
  if (h.fragmentFlags.some((f) => /DONT_FRAGMENT|DF/i.test(f))) frag |= 0x4000;
  if (h.fragmentFlags.some((f) => /MORE_FRAGMENTS|MF/i.test(f))) frag |= 0x2000;
  put16(out, 6, frag);
  out[8] = h.ttl ?? 64;
  out[9] = proto;
  out.set(ip4Bytes(h.src), 12);
  out.set(ip4Bytes(h.dst), 16);
  put16(out, 10, fold(sum16(out, 0, 20)));
  out.set(l4(h, proto, total - 20, inner), 20);
  if ((frag & 0x1fff) === 0) l4Checksum(out, 20, proto, false);
  return out;
}

/** An Ethernet II frame around an IP packet. */
export function ethernetFrame(eth: EthernetInfo, ip: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + ip.length);
  out.set(macBytes(eth.dstMac), 0);
  out.set(macBytes(eth.srcMac), 6);
  put16(out, 12, ip[0]! >> 4 === 6 ? 0x86dd : 0x0800);
  out.set(ip, 14);
  return out;
}
