// Packets the simulator sends: IPv4 with TCP, UDP, ICMP, IP-in-IP or VXLAN (L3 mode) payloads,
// serialised to real bytes with real checksums, so hex dumps in the traces decode correctly.

export const IP_PROTO = { ICMP: 1, IPIP: 4, TCP: 6, UDP: 17 } as const;

export interface TcpSegment {
  kind: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  /** TCP flag byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10). */
  flags: number;
  window: number;
  dataLength: number;
  dataSeed: number;
}

export interface UdpDatagram {
  kind: 'udp';
  srcPort: number;
  dstPort: number;
  dataLength: number;
  dataSeed: number;
}

export interface IcmpMessage {
  kind: 'icmp';
  type: number;
  code: number;
  /** Echo identifier / sequence (for echo messages). */
  id: number;
  seq: number;
  dataLength: number;
  dataSeed: number;
}

export interface IpInIp {
  kind: 'ipip';
  inner: Ip4Packet;
}

/** VXLAN as Calico uses it with VPP: L3 mode, the inner IPv4 packet follows the VXLAN header directly. */
export interface VxlanL3 {
  kind: 'vxlan';
  srcPort: number;
  dstPort: number;
  vni: number;
  inner: Ip4Packet;
}

export type Ip4Payload = TcpSegment | UdpDatagram | IcmpMessage | IpInIp | VxlanL3;

export interface Ip4Packet {
  tos: number;
  ttl: number;
  id: number;
  df: boolean;
  src: string;
  dst: string;
  payload: Ip4Payload;
}

export function protocolNumber(p: Ip4Payload): number {
  switch (p.kind) {
    case 'tcp': return IP_PROTO.TCP;
    case 'udp': return IP_PROTO.UDP;
    case 'icmp': return IP_PROTO.ICMP;
    case 'ipip': return IP_PROTO.IPIP;
    case 'vxlan': return IP_PROTO.UDP;
  }
}

/** IP-level name VPP prints for a protocol number (src/vnet/ip/protocols.def). */
export function protocolName(proto: number): string {
  switch (proto) {
    case 1: return 'ICMP';
    case 4: return 'IP_IN_IP';
    case 6: return 'TCP';
    case 17: return 'UDP';
    default: return `unknown ${proto}`;
  }
}

export function ip4ToInt(ip: string): number {
  let v = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part > 255) throw new Error(`not an IPv4 address: ${ip}`);
      v = v * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + (c - 48);
      digits++;
    } else {
      throw new Error(`not an IPv4 address: ${ip}`);
    }
  }
  if (dots !== 3 || digits === 0 || part > 255) throw new Error(`not an IPv4 address: ${ip}`);
  return (v * 256 + part) >>> 0;
}

export function intToIp4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

export function parseCidr(cidr: string): { base: number; len: number } {
  const [addr, lenText] = cidr.split('/');
  const len = Number(lenText);
  if (addr === undefined || !Number.isInteger(len) || len < 0 || len > 32) throw new Error(`not an IPv4 prefix: ${cidr}`);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return { base: (ip4ToInt(addr) & mask) >>> 0, len };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, len } = parseCidr(cidr);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((ip4ToInt(ip) & mask) >>> 0) === base;
}

export function macToBytes(mac: string): number[] {
  const parts = mac.split(':').map((h) => parseInt(h, 16));
  if (parts.length !== 6 || parts.some((n) => !(n >= 0 && n <= 255))) throw new Error(`not a MAC address: ${mac}`);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Serialisation

function header4(ip: Ip4Packet, totalLength: number, proto: number): Uint8Array {
  const h = new Uint8Array(20);
  h[0] = 0x45;
  h[1] = ip.tos & 0xff;
  h[2] = totalLength >>> 8;
  h[3] = totalLength & 0xff;
  h[4] = (ip.id >>> 8) & 0xff;
  h[5] = ip.id & 0xff;
  h[6] = ip.df ? 0x40 : 0;
  h[7] = 0;
  h[8] = ip.ttl & 0xff;
  h[9] = proto;
  const s = ip4ToInt(ip.src);
  const d = ip4ToInt(ip.dst);
  h[12] = s >>> 24; h[13] = (s >>> 16) & 255; h[14] = (s >>> 8) & 255; h[15] = s & 255;
  h[16] = d >>> 24; h[17] = (d >>> 16) & 255; h[18] = (d >>> 8) & 255; h[19] = d & 255;
  const c = checksum(h, 0, 20, 0);
  h[10] = c >>> 8;
  h[11] = c & 0xff;
  return h;
}

/** Ones'-complement Internet checksum of bytes[start, end) with an initial 32-bit partial sum. */
export function checksum(bytes: Uint8Array, start: number, end: number, initial: number): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  if (i < end) sum += (bytes[i] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function fillData(out: Uint8Array, offset: number, length: number, seed: number): void {
  // A cheap LCG: printable-ish payload bytes, deterministic per seed.
  let x = (seed >>> 0) || 1;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[offset + i] = 0x20 + ((x >>> 16) % 95);
  }
}

function pseudoHeaderSum(ip: Ip4Packet, proto: number, l4Length: number): number {
  const s = ip4ToInt(ip.src);
  const d = ip4ToInt(ip.dst);
  return (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff) + proto + l4Length;
}

/** Length in bytes of the serialised payload. */
export function payloadLength(p: Ip4Payload): number {
  switch (p.kind) {
    case 'tcp': return 20 + p.dataLength;
    case 'udp': return 8 + p.dataLength;
    case 'icmp': return 8 + p.dataLength;
    case 'ipip': return totalLength(p.inner);
    case 'vxlan': return 16 + totalLength(p.inner);
  }
}

export function totalLength(ip: Ip4Packet): number {
  return 20 + payloadLength(ip.payload);
}

/** The packet's bytes, IPv4 header first, with valid IP, TCP, UDP and ICMP checksums. */
export function serialize(ip: Ip4Packet): Uint8Array {
  const len = totalLength(ip);
  const out = new Uint8Array(len);
  writePacket(ip, out, 0);
  return out;
}

function writePacket(ip: Ip4Packet, out: Uint8Array, at: number): void {
  const proto = protocolNumber(ip.payload);
  const len = totalLength(ip);
  out.set(header4(ip, len, proto), at);
  const l4 = at + 20;
  const p = ip.payload;
  switch (p.kind) {
    case 'tcp': {
      out[l4] = p.srcPort >>> 8; out[l4 + 1] = p.srcPort & 255;
      out[l4 + 2] = p.dstPort >>> 8; out[l4 + 3] = p.dstPort & 255;
      writeU32(out, l4 + 4, p.seq);
      writeU32(out, l4 + 8, p.ack);
      out[l4 + 12] = 5 << 4;
      out[l4 + 13] = p.flags & 0xff;
      out[l4 + 14] = p.window >>> 8; out[l4 + 15] = p.window & 255;
      fillData(out, l4 + 20, p.dataLength, p.dataSeed);
      const c = checksum(out, l4, l4 + 20 + p.dataLength, pseudoHeaderSum(ip, proto, 20 + p.dataLength));
      out[l4 + 16] = c >>> 8; out[l4 + 17] = c & 255;
      break;
    }
    case 'udp': {
      const ulen = 8 + p.dataLength;
      out[l4] = p.srcPort >>> 8; out[l4 + 1] = p.srcPort & 255;
      out[l4 + 2] = p.dstPort >>> 8; out[l4 + 3] = p.dstPort & 255;
      out[l4 + 4] = ulen >>> 8; out[l4 + 5] = ulen & 255;
      fillData(out, l4 + 8, p.dataLength, p.dataSeed);
      let c = checksum(out, l4, l4 + ulen, pseudoHeaderSum(ip, proto, ulen));
      if (c === 0) c = 0xffff;
      out[l4 + 6] = c >>> 8; out[l4 + 7] = c & 255;
      break;
    }
    case 'icmp': {
      out[l4] = p.type; out[l4 + 1] = p.code;
      out[l4 + 4] = p.id >>> 8; out[l4 + 5] = p.id & 255;
      out[l4 + 6] = p.seq >>> 8; out[l4 + 7] = p.seq & 255;
      fillData(out, l4 + 8, p.dataLength, p.dataSeed);
      const c = checksum(out, l4, l4 + 8 + p.dataLength, 0);
      out[l4 + 2] = c >>> 8; out[l4 + 3] = c & 255;
      break;
    }
    case 'ipip':
      writePacket(p.inner, out, l4);
      break;
    case 'vxlan': {
      const ulen = 8 + 8 + totalLength(p.inner);
      out[l4] = p.srcPort >>> 8; out[l4 + 1] = p.srcPort & 255;
      out[l4 + 2] = p.dstPort >>> 8; out[l4 + 3] = p.dstPort & 255;
      out[l4 + 4] = ulen >>> 8; out[l4 + 5] = ulen & 255;
      // VPP's vxlan4-encap leaves the outer UDP checksum at 0 (allowed for IPv4).
      out[l4 + 8] = 0x08;
      out[l4 + 12] = (p.vni >>> 16) & 255; out[l4 + 13] = (p.vni >>> 8) & 255; out[l4 + 14] = p.vni & 255;
      writePacket(p.inner, out, l4 + 16);
      break;
    }
  }
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 255; out[at + 1] = (v >>> 16) & 255; out[at + 2] = (v >>> 8) & 255; out[at + 3] = v & 255;
}

export function cloneIp4(ip: Ip4Packet): Ip4Packet {
  const p = ip.payload;
  const payload: Ip4Payload = p.kind === 'ipip' ? { kind: 'ipip', inner: cloneIp4(p.inner) }
    : p.kind === 'vxlan' ? { ...p, inner: cloneIp4(p.inner) }
      : { ...p };
  return { ...ip, payload };
}

/** Source and destination ports of a TCP/UDP payload, the ICMP echo id as both for ICMP echo. */
export function ports(ip: Ip4Packet): { src: number | null; dst: number | null } {
  const p = ip.payload;
  if (p.kind === 'tcp' || p.kind === 'udp' || p.kind === 'vxlan') return { src: p.srcPort, dst: p.dstPort };
  return { src: null, dst: null };
}
