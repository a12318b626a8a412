// Linux "cooked" capture headers: SLL v1 (link type 113, 16 bytes) and SLL2 (276, 20 bytes),
// what `tcpdump -i any` writes.
import type { ByteView } from '../../bytes/view';
import { toHex } from '../../bytes/view';
import { macAt } from '../common/address';
import { base, protoOfEthertype, type LayerBase, type Proto } from '../common/layer';
import { ethertypeName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface SllLayer extends LayerBase {
  proto: 'sll' | 'sll2';
  packetType: number;
  arphrd: number;
  addrLen: number;
  /** Link-layer address of the sender (a MAC for Ethernet-like devices), or null when empty. */
  address: string | null;
  protocol: number;
  /** SLL2 only. */
  ifIndex: number | null;
}

const PKT_TYPES: Record<number, string> = { 0: 'Unicast to us', 1: 'Broadcast', 2: 'Multicast', 3: 'Unicast to another host', 4: 'Sent by us' };

function nextOf(protocol: number, arphrd: number): { next: Proto | null; note: string | null } {
  if (arphrd === 778) {
    // ARPHRD_IPGRE: the protocol field is the GRE protocol type; the payload is the GRE payload.
    const n = protoOfEthertype(protocol);
    return { next: n, note: n ? null : `protocol ${ethertypeName(protocol)} not decoded` };
  }
  if (protocol === 0x0001 || protocol === 0x0004) return { next: null, note: '802.2 LLC / 802.3 payload not decoded' };
  const n = protoOfEthertype(protocol);
  return { next: n, note: n ? null : `protocol ${ethertypeName(protocol)} not decoded` };
}

function address(b: Uint8Array, p: number, len: number): string | null {
  if (len === 0) return null;
  return len === 6 ? macAt(b, p) : toHex(b.subarray(p, p + Math.min(len, 8)), ':');
}

export function parseSll(v: ByteView, off: number, end: number): SllLayer | null {
  if (off + 16 > end) return null;
  const b = v.bytes;
  const addrLen = v.u16be(off + 4);
  const arphrd = v.u16be(off + 2);
  const protocol = v.u16be(off + 14);
  return { proto: 'sll', ...base(off, off + 16, end, null, null), ...nextOf(protocol, arphrd), packetType: v.u16be(off), arphrd, addrLen, address: address(b, off + 6, addrLen), protocol, ifIndex: null };
}

export function parseSll2(v: ByteView, off: number, end: number): SllLayer | null {
  if (off + 20 > end) return null;
  const b = v.bytes;
  const protocol = v.u16be(off);
  const arphrd = v.u16be(off + 8);
  const addrLen = b[off + 11]!;
  return { proto: 'sll2', ...base(off, off + 20, end, null, null), ...nextOf(protocol, arphrd), packetType: b[off + 10]!, arphrd, addrLen, address: address(b, off + 12, addrLen), protocol, ifIndex: v.u32be(off + 4) };
}

export function sllTree(h: SllLayer): DecodedField {
  const o = h.start;
  const pt = PKT_TYPES[h.packetType] ?? `type ${h.packetType}`;
  if (h.proto === 'sll')
    return f('sll', `Linux cooked capture v1, ${pt}`, null, o, h.end, [
      fv('sll.pkttype', 'Packet type', `${pt} (${h.packetType})`, o, o + 2),
      fv('sll.hatype', 'Link-layer address type', h.arphrd, o + 2, o + 4),
      fv('sll.halen', 'Link-layer address length', h.addrLen, o + 4, o + 6),
      fv('sll.src', 'Source', h.address, o + 6, o + 14),
      fv('sll.etype', 'Protocol', `${ethertypeName(h.protocol)} (${hex(h.protocol, 4)})`, o + 14, o + 16),
    ]);
  return f('sll', `Linux cooked capture v2, ${pt}`, null, o, h.end, [
    fv('sll.etype', 'Protocol', `${ethertypeName(h.protocol)} (${hex(h.protocol, 4)})`, o, o + 2),
    fv('sll.ifindex', 'Interface index', h.ifIndex, o + 4, o + 8),
    fv('sll.hatype', 'Link-layer address type', h.arphrd, o + 8, o + 10),
    fv('sll.pkttype', 'Packet type', `${pt} (${h.packetType})`, o + 10, o + 11),
    fv('sll.halen', 'Link-layer address length', h.addrLen, o + 11, o + 12),
    fv('sll.src', 'Source', h.address, o + 12, o + 20),
  ]);
}
