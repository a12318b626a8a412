// ARP (RFC 826); addresses are decoded for Ethernet/IPv4, shown as hex otherwise.
import type { ByteView } from '../../bytes/view';
import { toHex } from '../../bytes/view';
import { ipv4At, macAt } from '../common/address';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface ArpLayer extends LayerBase {
  proto: 'arp';
  hwType: number;
  protoType: number;
  hwLen: number;
  protoLen: number;
  opcode: number;
  senderHw: string;
  senderProto: string;
  targetHw: string;
  targetProto: string;
}

const OPS: Record<number, string> = { 1: 'request', 2: 'reply', 3: 'RARP request', 4: 'RARP reply' };

export function parseArp(v: ByteView, off: number, end: number): ArpLayer | null {
  if (off + 8 > end) return null;
  const b = v.bytes;
  const hwLen = b[off + 4]!;
  const protoLen = b[off + 5]!;
  const len = 8 + 2 * (hwLen + protoLen);
  if (off + len > end) return null;
  const addr = (p: number, n: number, kind: 'hw' | 'proto') =>
    kind === 'hw' && n === 6 ? macAt(b, p) : kind === 'proto' && n === 4 ? ipv4At(b, p) : toHex(b.subarray(p, p + n), ':');
  const s = off + 8;
  return {
    proto: 'arp',
    ...base(off, off + len, end),
    hwType: v.u16be(off),
    protoType: v.u16be(off + 2),
    hwLen,
    protoLen,
    opcode: v.u16be(off + 6),
    senderHw: addr(s, hwLen, 'hw'),
    senderProto: addr(s + hwLen, protoLen, 'proto'),
    targetHw: addr(s + hwLen + protoLen, hwLen, 'hw'),
    targetProto: addr(s + 2 * hwLen + protoLen, protoLen, 'proto'),
  };
}

export function arpTree(h: ArpLayer): DecodedField {
  const o = h.start;
  const s = o + 8;
  const op = OPS[h.opcode] ?? `unknown (${h.opcode})`;
  return f('arp', `Address Resolution Protocol (${op})`, null, o, h.end, [
    fv('arp.hw.type', 'Hardware type', h.hwType, o, o + 2),
    fv('arp.proto.type', 'Protocol type', hex(h.protoType, 4), o + 2, o + 4),
    fv('arp.hw.size', 'Hardware size', h.hwLen, o + 4, o + 5),
    fv('arp.proto.size', 'Protocol size', h.protoLen, o + 5, o + 6),
    fv('arp.opcode', 'Opcode', `${op} (${h.opcode})`, o + 6, o + 8),
    fv('arp.src.hw', 'Sender MAC address', h.senderHw, s, s + h.hwLen),
    fv('arp.src.proto', 'Sender IP address', h.senderProto, s + h.hwLen, s + h.hwLen + h.protoLen),
    fv('arp.dst.hw', 'Target MAC address', h.targetHw, s + h.hwLen + h.protoLen, s + 2 * h.hwLen + h.protoLen),
    fv('arp.dst.proto', 'Target IP address', h.targetProto, s + 2 * h.hwLen + h.protoLen, h.end),
  ]);
}
