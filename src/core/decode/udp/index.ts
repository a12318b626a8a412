// UDP (RFC 768); the payload protocol is chosen by well-known port.
import type { ByteView } from '../../bytes/view';
import type { LayerBase, Proto } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface UdpLayer extends LayerBase {
  proto: 'udp';
  srcPort: number;
  dstPort: number;
  length: number;
  checksum: number;
}

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;
export const WIREGUARD_PORT = 51820;

/** WireGuard messages have fixed sizes per type (transport data: ≥ 32, multiple of 16). */
function looksLikeWireGuard(b: Uint8Array, p: number, len: number): boolean {
  if (len < 4 || b[p + 1] !== 0 || b[p + 2] !== 0 || b[p + 3] !== 0) return false;
  const t = b[p]!;
  return (t === 1 && len === 148) || (t === 2 && len === 92) || (t === 3 && len === 64) || (t === 4 && len >= 32 && len % 16 === 0);
}

function payloadProto(v: ByteView, sp: number, dp: number, start: number, end: number): Proto | null {
  if (sp === VXLAN_PORT || dp === VXLAN_PORT) return 'vxlan';
  if (sp === GENEVE_PORT || dp === GENEVE_PORT) return 'geneve';
  if (sp === 53 || dp === 53 || sp === 5353 || dp === 5353) return 'dns';
  if ((sp === 4500 || dp === 4500) && end - start >= 8 && v.u32be(start) !== 0) return 'esp';
  if (looksLikeWireGuard(v.bytes, start, end - start) && (sp === WIREGUARD_PORT || dp === WIREGUARD_PORT || end - start === 148)) return 'wireguard';
  return null;
}

export function parseUdp(v: ByteView, off: number, end: number, /** the datagram is complete (not a first fragment) */ whole = true): UdpLayer | null {
  if (off + 8 > end) return null;
  const srcPort = v.u16be(off);
  const dstPort = v.u16be(off + 2);
  const length = v.u16be(off + 4);
  const payloadEnd = length >= 8 ? Math.min(end, off + length) : end;
  const next = whole && payloadEnd > off + 8 ? payloadProto(v, srcPort, dstPort, off + 8, payloadEnd) : null;
  return { proto: 'udp', start: off, end: off + 8, payloadEnd, next, note: null, truncated: false, srcPort, dstPort, length, checksum: v.u16be(off + 6) };
}

export function udpTree(h: UdpLayer): DecodedField {
  const o = h.start;
  return f('udp', `User Datagram Protocol, Src Port: ${h.srcPort}, Dst Port: ${h.dstPort}`, null, o, h.end, [
    fv('udp.srcport', 'Source Port', h.srcPort, o, o + 2),
    fv('udp.dstport', 'Destination Port', h.dstPort, o + 2, o + 4),
    fv('udp.length', 'Length', h.length, o + 4, o + 6),
    fv('udp.checksum', 'Checksum', hex(h.checksum, 4), o + 6, o + 8),
  ]);
}
