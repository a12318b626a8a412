// Text primitives that reproduce VPP's format() output (src/vppinfra/format.c, std-formats.c) and
// the shared header formatters the trace nodes call (format_ip4_header, format_tcp_header,
// format_udp_header, format_ip4_icmp_header, format_ethernet_header_with_length, format_hex_bytes).
// Formatters return lines; the first line continues the caller's current line, the others carry
// their absolute indentation, exactly as VPP's "\n%U" + format_white_space does.
import { intToIp4 } from './packet';

const SPACES = ' '.repeat(256);

export function sp(n: number): string {
  return n <= 256 ? SPACES.slice(0, n) : ' '.repeat(n);
}

const HEX2 = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));

export function hex(n: number, width = 0): string {
  if (width === 2 && n >= 0 && n < 256) return HEX2[n] as string;
  const s = (n >>> 0).toString(16);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

export function dec(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** `%=Ns`: centred, left pad = ceil, right pad = floor, cut to the width. */
export function centre(text: string, width: number): string {
  if (text.length >= width) return text.slice(0, width);
  const total = width - text.length;
  const left = Math.ceil(total / 2);
  return sp(left) + text + sp(total - left);
}

/** `%-Ns`: left-justified, cut to the width. */
export function left(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : text + sp(width - text.length);
}

/** `%Nd`: right-justified (VPP cuts numbers to the width too). */
export function right(text: string, width: number): string {
  return text.length >= width ? text.slice(0, width) : sp(width - text.length) + text;
}

/** The relative `show trace` timestamp `HH:MM:SS:UUUUUU` (days dropped, hours wrap at 24). */
export function traceTimestamp(us: number): string {
  const totalSeconds = Math.floor(us / 1e6);
  const micro = us - totalSeconds * 1e6;
  const h = Math.floor(totalSeconds / 3600) % 24;
  const m = Math.floor(totalSeconds / 60) % 60;
  const s = totalSeconds % 60;
  return `${dec(h, 2)}:${dec(m, 2)}:${dec(s, 2)}:${dec(micro, 6)}`;
}

/** `%f`: six decimals, no leading zero below 1 (VPP's format_float). */
export function vppFloat(v: number): string {
  const s = v.toFixed(6);
  return s.startsWith('0.') ? s.slice(1) : s;
}

export function macText(bytes: ArrayLike<number>, at: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + hex(bytes[at + i] ?? 0, 2);
  return s;
}

/**
 * format_hex_bytes: up to 32 bytes in one run (short form), more as `%08x: ` lines of 32 bytes.
 * `indent` is the column where the dump starts (continuation lines get that many spaces).
 */
export function hexBytes(bytes: ArrayLike<number>, start: number, n: number, indent: number): string[] {
  const lines: string[] = [];
  if (n <= 0) return [''];
  const short = n <= 32;
  let cur = '';
  for (let i = 0; i < n; i++) {
    if (!short && i % 32 === 0) cur += `${hex(i, 8)}: `;
    cur += HEX2[(bytes[start + i] ?? 0) & 255];
    if (!short && (i + 1) % 32 === 0 && i + 1 < n) {
      lines.push(cur);
      cur = sp(indent);
    }
  }
  lines.push(cur);
  return lines;
}

function u16(b: ArrayLike<number>, at: number): number {
  return (((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)) >>> 0;
}

function u32(b: ArrayLike<number>, at: number): number {
  return ((((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0);
}

function ip4At(b: ArrayLike<number>, at: number): string {
  return intToIp4(u32(b, at));
}

const IP_PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 2: 'IGMP', 4: 'IP_IN_IP', 6: 'TCP', 17: 'UDP', 41: 'IPV6', 47: 'GRE', 50: 'IPSEC_ESP' };

export function ipProtocolText(p: number): string {
  return IP_PROTO_NAMES[p] ?? `unknown ${p}`;
}

const DSCP_NAMES: Record<number, string> = { 0: 'CS0', 8: 'CS1', 16: 'CS2', 24: 'CS3', 32: 'CS4', 40: 'CS5', 48: 'CS6', 56: 'CS7', 46: 'EF' };
const ECN_NAMES = ['NON_ECN', 'ECT_0', 'ECT_1', 'CE'];

function headerChecksumValid(b: ArrayLike<number>, at: number): { ok: boolean; should: number } {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) if (i !== 10) sum += u16(b, at + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const should = ~sum & 0xffff;
  return { ok: should === u16(b, at + 10), should };
}

/** format_ip4_header (src/vnet/ip/ip4_format.c) with the L4 recursion, starting at column `indent`. */
export function ip4Header(b: ArrayLike<number>, at: number, maxBytes: number, indent: number): string[] {
  if (maxBytes < 20) return ['IP header truncated'];
  const inner = indent + 2;
  const version = (b[at] ?? 0) >> 4;
  const hdrBytes = ((b[at] ?? 0) & 0xf) * 4;
  const proto = b[at + 9] ?? 0;
  const lines = [`${ipProtocolText(proto)}: ${ip4At(b, at + 12)} -> ${ip4At(b, at + 16)}`];
  if (version !== 4 || hdrBytes !== 20) lines.push(`${sp(inner)}version ${version}, header length ${hdrBytes}`);
  const tos = b[at + 1] ?? 0;
  const cs = headerChecksumValid(b, at);
  lines.push(`${sp(inner)}tos 0x${hex(tos, 2)}, ttl ${b[at + 8] ?? 0}, length ${u16(b, at + 2)}, checksum 0x${hex(u16(b, at + 10), 4)}`
    + (cs.ok ? '' : ` (should be 0x${hex(cs.should, 4)})`)
    + ` dscp ${DSCP_NAMES[tos >> 2] ?? `unknown 0x${hex(tos >> 2)}`} ecn ${ECN_NAMES[tos & 3]}`);
  const f = u16(b, at + 6);
  const offset = 8 * (f & 0x1fff);
  const flags = f & 0xe000;
  let frag = `${sp(inner)}fragment id 0x${hex(u16(b, at + 4), 4)}`;
  if (offset !== 0) frag += ` offset ${offset}`;
  if (flags !== 0) {
    frag += ', flags ';
    if (flags & 0x2000) frag += 'MORE_FRAGMENTS';
    if (flags & 0x4000) frag += 'DONT_FRAGMENT';
    if (flags & 0x8000) frag += 'CONGESTION';
  }
  lines.push(frag);
  if (offset !== 0) return lines;
  if (maxBytes !== 0 && hdrBytes < maxBytes) {
    const l4 = l4Header(proto, b, at + hdrBytes, maxBytes - hdrBytes, indent);
    if (l4) {
      lines.push(sp(indent) + (l4[0] ?? ''));
      for (let i = 1; i < l4.length; i++) lines.push(l4[i] ?? '');
    }
  }
  return lines;
}

function l4Header(proto: number, b: ArrayLike<number>, at: number, maxBytes: number, indent: number): string[] | null {
  switch (proto) {
    case 6: return tcpHeader(b, at, maxBytes, indent);
    case 17: return udpHeader(b, at, maxBytes, indent);
    case 1: return icmpHeader(b, at, maxBytes);
    default: return null;
  }
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR'];

export function tcpFlagsText(flags: number): string {
  let s = `0x${hex(flags, 2)}`;
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += ` ${TCP_FLAG_NAMES[i]}`;
  return s;
}

/** format_tcp_header (src/vnet/tcp/tcp_format.c); a header without options ends in a blank line. */
export function tcpHeader(b: ArrayLike<number>, at: number, maxBytes: number, indent: number): string[] {
  if (maxBytes < 20) return ['TCP header truncated'];
  const inner = indent + 2;
  const hdrBytes = ((b[at + 12] ?? 0) >> 4) * 4;
  const lines = [
    `TCP: ${u16(b, at)} -> ${u16(b, at + 2)}`,
    `${sp(inner)}seq. 0x${hex(u32(b, at + 4), 8)} ack 0x${hex(u32(b, at + 8), 8)}`,
    `${sp(inner)}flags ${tcpFlagsText(b[at + 13] ?? 0)}, tcp header: ${hdrBytes} bytes`,
    `${sp(inner)}window ${u16(b, at + 14)}, checksum 0x${hex(u16(b, at + 16), 4)}`,
  ];
  // The simulator sends no TCP options: VPP >= 24.02 then prints an indentation-only line.
  lines.push(hdrBytes > maxBytes ? `${sp(inner)}options: truncated` : sp(inner));
  return lines;
}

/** format_udp_header (src/vnet/udp/udp_format.c). */
export function udpHeader(b: ArrayLike<number>, at: number, maxBytes: number, indent: number): string[] {
  if (maxBytes < 8) return ['UDP header truncated'];
  return [
    `UDP: ${u16(b, at)} -> ${u16(b, at + 2)}`,
    `${sp(indent + 2)}length ${u16(b, at + 4)}, checksum 0x${hex(u16(b, at + 6), 4)}`,
  ];
}

const ICMP_TYPES: Record<number, string> = { 0: 'echo_reply', 3: 'destination_unreachable', 5: 'redirect', 8: 'echo_request', 11: 'time_exceeded', 12: 'parameter_problem' };
const ICMP_CODES: Record<number, string> = {
  [(3 << 8) | 0]: 'destination_unreachable_net',
  [(3 << 8) | 1]: 'destination_unreachable_host',
  [(3 << 8) | 3]: 'port_unreachable',
  [(3 << 8) | 4]: 'fragmentation_needed_and_dont_fragment_set',
  [(11 << 8) | 0]: 'ttl_exceeded_in_transit',
  [(11 << 8) | 1]: 'fragment_reassembly_time_exceeded',
};

/** format_ip4_icmp_header (src/vnet/ip/icmp4.c): no colon, checksum in `%x`, ` id` for echo. */
export function icmpHeader(b: ArrayLike<number>, at: number, maxBytes: number): string[] {
  if (maxBytes < 4) return ['ICMP header truncated'];
  const type = b[at] ?? 0;
  const code = b[at + 1] ?? 0;
  const name = ICMP_TYPES[type];
  let s = 'ICMP ' + (name === undefined ? `unknown 0x${hex(type)}` : name);
  const codeName = name === undefined ? undefined : ICMP_CODES[(type << 8) | code];
  if (codeName) s += ` ${codeName}`;
  s += ` checksum 0x${hex(u16(b, at + 2))}`;
  if ((type === 0 || type === 8) && 6 < maxBytes) s += ` id ${u16(b, at + 4)}`;
  return [s];
}

const ETHERTYPE_NAMES: Record<number, string> = { 0x0800: 'IP4', 0x0806: 'ARP', 0x86dd: 'IP6', 0x8100: 'VLAN', 0x8847: 'MPLS' };

/**
 * format_ethernet_header_with_length (src/vnet/ethernet/format.c): `<type>: <src> -> <dst>`, then
 * the IPv4 header when the type is IP4. Used on L3 (tun) buffers too, where it decodes IP bytes as
 * MACs, which is what VPP prints there.
 */
export function ethernetWithLength(b: ArrayLike<number>, at: number, maxBytes: number, indent: number): string[] {
  const type = u16(b, at + 12);
  const name = ETHERTYPE_NAMES[type] ?? `0x${hex(type, 4)}`;
  const lines = [`${name}: ${macText(b, at + 6)} -> ${macText(b, at)}`];
  if (maxBytes > 14 && type in ETHERTYPE_NAMES) {
    if (type !== 0x0800) throw new Error(`simulator: no formatter for ethertype 0x${hex(type, 4)} (pick other addresses)`);
    const ip = ip4Header(b, at + 14, maxBytes - 14, indent);
    lines.push(sp(indent) + (ip[0] ?? ''));
    for (let i = 1; i < ip.length; i++) lines.push(ip[i] ?? '');
  }
  return lines;
}

/** Ethernet frame bytes: dst MAC, src MAC, type 0x0800, then the IP packet. */
export function ethernetFrame(dstMac: number[], srcMac: number[], ip: Uint8Array): Uint8Array {
  const out = new Uint8Array(14 + ip.length);
  out.set(dstMac, 0);
  out.set(srcMac, 6);
  out[12] = 0x08;
  out[13] = 0x00;
  out.set(ip, 14);
  return out;
}

/** Bytes [0, n) of a packet, padded with zeros (what a trace copies past the end of a short packet). */
export function window(bytes: Uint8Array, n: number): Uint8Array {
  if (bytes.length >= n) return bytes.subarray(0, n);
  const out = new Uint8Array(n);
  out.set(bytes);
  return out;
}

