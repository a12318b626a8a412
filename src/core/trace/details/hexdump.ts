// Hex dumps in trace details (`00000000: 4500002c…`, 32 bytes per line, printed by ip4/6-rewrite,
// midchain, tun/ipip output nodes, pg-input) decoded as Ethernet / IPv4 / IPv6 / L4 headers.
import type { IpHeaderInfo } from '../../model';
import { ip4FromBytes, ip6FromBytes, macFromBytes } from './addr';

const PROTOCOLS: Record<number, string> = {
  0: 'IP6_HOP_BY_HOP_OPTIONS', 1: 'ICMP', 2: 'IGMP', 4: 'IP_IN_IP', 6: 'TCP', 17: 'UDP', 41: 'IPV6', 43: 'IPV6_ROUTE',
  44: 'IPV6_FRAGMENTATION', 47: 'GRE', 50: 'IPSEC_ESP', 51: 'IPSEC_AH', 58: 'ICMP6', 59: 'IP6_NONXT', 60: 'IP6_DESTINATION_OPTIONS',
  88: 'EIGRP', 89: 'OSPF', 94: 'IPIP', 97: 'ETHERIP', 103: 'PIM', 112: 'VRRP', 115: 'L2TP', 132: 'SCTP', 136: 'UDP_LITE', 137: 'MPLS_IN_IP',
};

/** The protocol name VPP prints for an IP protocol number (protocols.def). */
export function protocolName(n: number): string {
  return PROTOCOLS[n] ?? `unknown ${n}`;
}

const ICMP4_TYPES: Record<number, string> = {
  0: 'echo_reply', 3: 'destination_unreachable', 4: 'source_quench', 5: 'redirect', 6: 'alternate_host_address', 8: 'echo_request',
  9: 'router_advertisement', 10: 'router_solicitation', 11: 'time_exceeded', 12: 'parameter_problem', 13: 'timestamp_request',
  14: 'timestamp_reply', 15: 'information_request', 16: 'information_reply', 17: 'address_mask_request', 18: 'address_mask_reply',
};
const ICMP6_TYPES: Record<number, string> = {
  1: 'destination_unreachable', 2: 'packet_too_big', 3: 'time_exceeded', 4: 'parameter_problem', 128: 'echo_request', 129: 'echo_reply',
  133: 'router_solicitation', 134: 'router_advertisement', 135: 'neighbor_solicitation', 136: 'neighbor_advertisement', 137: 'redirect',
};

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

export function tcpFlagNames(v: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 8; i++) if (v & (1 << i)) out.push(TCP_FLAG_NAMES[i]!);
  return out;
}

/** Parses one long-form hex dump line (`OFFSET: hex…`); null when the line is not one. */
export function parseHexLine(t: string): { offset: number; hex: string } | null {
  if (t.length < 12 || t.charCodeAt(8) !== 58 || t.charCodeAt(9) !== 32) return null;
  for (let i = 0; i < 8; i++) if (!isHexCode(t.charCodeAt(i))) return null;
  let e = t.length;
  while (e > 10 && (t.charCodeAt(e - 1) === 32 || t.charCodeAt(e - 1) === 9)) e--;
  if ((e - 10) % 2 !== 0 || e === 10) return null;
  for (let i = 10; i < e; i++) if (!isHexCode(t.charCodeAt(i))) return null;
  return { offset: parseInt(t.slice(0, 8), 16), hex: t.slice(10, e) };
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function nibble(c: number): number {
  if (c <= 57) return c - 48;
  return (c | 32) - 87;
}

/** Hex text (validated by parseHexLine) → bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

function emptyHeader(ipVersion: 4 | 6, protocol: string, src: string, dst: string, line: number): IpHeaderInfo {
  return {
    ipVersion, protocol, src, dst, ttl: null, length: null, checksum: null, checksumBad: false, fragmentId: null, fragmentOffset: null,
    fragmentFlags: [], tos: null, flowLabel: null, srcPort: null, dstPort: null, tcpFlags: null, tcpFlagsValue: null, seq: null, ack: null,
    icmpType: null, icmpCode: null, line,
  };
}

function ip4Checksum(b: Uint8Array, o: number, ihl: number): number {
  let sum = 0;
  for (let i = 0; i < ihl; i += 2) if (i !== 10) sum += (b[o + i]! << 8) | b[o + i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function hex16(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

function decodeL4(h: IpHeaderInfo, proto: number, b: Uint8Array, o: number): void {
  if ((proto === 6 || proto === 17) && o + 4 <= b.length) {
    h.srcPort = (b[o]! << 8) | b[o + 1]!;
    h.dstPort = (b[o + 2]! << 8) | b[o + 3]!;
    if (proto === 6 && o + 14 <= b.length) {
      h.seq = ((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0;
      h.ack = ((b[o + 8]! << 24) | (b[o + 9]! << 16) | (b[o + 10]! << 8) | b[o + 11]!) >>> 0;
      h.tcpFlagsValue = b[o + 13]!;
      h.tcpFlags = tcpFlagNames(b[o + 13]!);
    }
  } else if ((proto === 1 || proto === 58) && o + 2 <= b.length) {
    const type = b[o]!;
    const table = proto === 1 ? ICMP4_TYPES : ICMP6_TYPES;
    h.icmpType = table[type] ?? `unknown 0x${type.toString(16).padStart(2, '0')}`;
    h.icmpCode = String(b[o + 1]!);
  }
}

/** Decodes an IPv4 or IPv6 header (and its L4 ports) at offset o; null when the bytes are not one. */
export function decodeIpAt(b: Uint8Array, o: number, line: number): IpHeaderInfo | null {
  if (o >= b.length) return null;
  const v = b[o]! >> 4;
  if (v === 4 && o + 20 <= b.length) {
    const ihl = (b[o]! & 15) * 4;
    if (ihl < 20) return null;
    const proto = b[o + 9]!;
    const h = emptyHeader(4, protocolName(proto), ip4FromBytes(b, o + 12), ip4FromBytes(b, o + 16), line);
    h.tos = `0x${b[o + 1]!.toString(16).padStart(2, '0')}`;
    h.length = (b[o + 2]! << 8) | b[o + 3]!;
    h.fragmentId = (b[o + 4]! << 8) | b[o + 5]!;
    const ff = (b[o + 6]! << 8) | b[o + 7]!;
    h.fragmentOffset = (ff & 0x1fff) * 8;
    if (ff & 0x4000) h.fragmentFlags.push('DONT_FRAGMENT');
    if (ff & 0x2000) h.fragmentFlags.push('MORE_FRAGMENTS');
    h.ttl = b[o + 8]!;
    const cs = (b[o + 10]! << 8) | b[o + 11]!;
    h.checksum = hex16(cs);
    if (o + ihl <= b.length) h.checksumBad = ip4Checksum(b, o, ihl) !== cs;
    if ((ff & 0x1fff) === 0) decodeL4(h, proto, b, o + ihl);
    return h;
  }
  if (v === 6 && o + 40 <= b.length) {
    const nh = b[o + 6]!;
    const h = emptyHeader(6, protocolName(nh), ip6FromBytes(b, o + 8), ip6FromBytes(b, o + 24), line);
    const w = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    h.tos = `0x${((w >>> 20) & 0xff).toString(16).padStart(2, '0')}`;
    h.flowLabel = `0x${(w & 0xfffff).toString(16)}`;
    h.length = (b[o + 4]! << 8) | b[o + 5]!;
    h.ttl = b[o + 7]!;
    decodeL4(h, nh, b, o + 40);
    return h;
  }
  return null;
}

export interface DumpDecode {
  ethernet: { ethertype: string; srcMac: string; dstMac: string; vlan: number | null } | null;
  ip: IpHeaderInfo | null;
}

const ETHERTYPES: Record<number, string> = { 0x0800: 'IP4', 0x86dd: 'IP6', 0x0806: 'ARP', 0x8100: 'VLAN', 0x88a8: 'DOT1AD', 0x8847: 'MPLS' };

function ethernetAt(b: Uint8Array): { eth: NonNullable<DumpDecode['ethernet']>; l3: number; type: number } | null {
  if (b.length < 14) return null;
  let type = (b[12]! << 8) | b[13]!;
  let l3 = 14;
  let vlan: number | null = null;
  if ((type === 0x8100 || type === 0x88a8) && b.length >= 18) {
    vlan = ((b[14]! << 8) | b[15]!) & 0x0fff;
    type = (b[16]! << 8) | b[17]!;
    l3 = 18;
  }
  const name = ETHERTYPES[type] ?? `0x${type.toString(16).padStart(4, '0')}`;
  return { eth: { ethertype: name, srcMac: macFromBytes(b, 6), dstMac: macFromBytes(b, 0), vlan }, l3, type };
}

/**
 * Decodes the first bytes of a packet. `l2Length`: known link-layer header length (0 = starts with
 * IP, e.g. tun interfaces; 14 = Ethernet), or null to guess (Ethernet when the ethertype and the IP
 * header behind it agree, else IP at offset 0).
 */
export function decodeDump(b: Uint8Array, l2Length: number | null, line: number): DumpDecode {
  if (l2Length === 0) return { ethernet: null, ip: decodeIpAt(b, 0, line) };
  const e = ethernetAt(b);
  if (l2Length !== null && l2Length > 0) {
    return { ethernet: e?.eth ?? null, ip: decodeIpAt(b, e && l2Length === 14 ? e.l3 : l2Length, line) };
  }
  // Guess: an IPv4 header with a valid checksum at 0 wins; then Ethernet + matching IP; then IPv6 at 0.
  const at0 = decodeIpAt(b, 0, line);
  if (at0 && at0.ipVersion === 4 && !at0.checksumBad) return { ethernet: null, ip: at0 };
  if (e && (e.type === 0x0800 || e.type === 0x86dd)) {
    const ip = decodeIpAt(b, e.l3, line);
    if (ip && ip.ipVersion === (e.type === 0x0800 ? 4 : 6) && !(ip.ipVersion === 4 && ip.checksumBad)) return { ethernet: e.eth, ip };
  }
  if (at0) return { ethernet: null, ip: at0 };
  return { ethernet: null, ip: null };
}
