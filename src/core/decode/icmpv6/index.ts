// ICMPv6 (RFC 4443) including neighbour discovery (RFC 4861) and its options.
import type { ByteView } from '../../bytes/view';
import { ipv6At, macAt } from '../common/address';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';
import { ipv6Tree, parseIpv6 } from '../ipv6/index';

export interface NdOption {
  type: number;
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface Icmpv6Layer extends LayerBase {
  proto: 'icmpv6';
  type: number;
  code: number;
  checksum: number;
  id: number | null;
  seq: number | null;
  /** NS/NA/redirect target address. */
  target: string | null;
  /** NA flags R/S/O (bits 0x80/0x40/0x20 of byte 4). */
  naFlags: number | null;
  options: NdOption[];
  embedded: number | null;
}

const TYPES: Record<number, string> = {
  1: 'Destination Unreachable',
  2: 'Packet Too Big',
  3: 'Time Exceeded',
  4: 'Parameter Problem',
  128: 'Echo (ping) request',
  129: 'Echo (ping) reply',
  130: 'Multicast Listener Query',
  131: 'Multicast Listener Report',
  132: 'Multicast Listener Done',
  133: 'Router Solicitation',
  134: 'Router Advertisement',
  135: 'Neighbor Solicitation',
  136: 'Neighbor Advertisement',
  137: 'Redirect',
  143: 'Multicast Listener Report v2',
};
const OPT: Record<number, string> = { 1: 'Source link-layer address', 2: 'Target link-layer address', 3: 'Prefix information', 4: 'Redirected header', 5: 'MTU', 25: 'Recursive DNS Server' };

export function icmpv6TypeName(t: number): string {
  return TYPES[t] ?? `type ${t}`;
}

export function parseIcmpv6(v: ByteView, off: number, end: number): Icmpv6Layer | null {
  if (off + 4 > end) return null;
  const b = v.bytes;
  const type = b[off]!;
  const echo = type === 128 || type === 129;
  let hdr = 4;
  let target: string | null = null;
  let naFlags: number | null = null;
  let optStart = -1;
  if (echo && off + 8 <= end) hdr = 8;
  else if ((type === 135 || type === 136) && off + 24 <= end) {
    hdr = 24;
    target = ipv6At(b, off + 8);
    if (type === 136) naFlags = b[off + 4]! & 0xe0;
    optStart = off + 24;
  } else if (type === 137 && off + 40 <= end) {
    hdr = 40;
    target = ipv6At(b, off + 8);
    optStart = off + 40;
  } else if (type === 133 && off + 8 <= end) {
    hdr = 8;
    optStart = off + 8;
  } else if (type === 134 && off + 16 <= end) {
    hdr = 16;
    optStart = off + 16;
  } else if (type >= 1 && type <= 4 && off + 8 <= end) hdr = 8;
  const options: NdOption[] = [];
  if (optStart >= 0) {
    let p = optStart;
    while (p + 2 <= end && options.length < 64) {
      const t = b[p]!;
      const len = b[p + 1]! * 8;
      if (len === 0 || p + len > end) break;
      let value = '';
      if ((t === 1 || t === 2) && len >= 8) value = macAt(b, p + 2);
      else if (t === 3 && len >= 32) value = `${ipv6At(b, p + 16)}/${b[p + 2]}`;
      else if (t === 5 && len >= 8) value = String(v.u32be(p + 4));
      options.push({ type: t, name: OPT[t] ?? `option ${t}`, value, start: p, end: p + len });
      p += len;
    }
  }
  return {
    proto: 'icmpv6',
    ...base(off, off + hdr, end),
    type,
    code: b[off + 1]!,
    checksum: v.u16be(off + 2),
    id: echo && hdr === 8 ? v.u16be(off + 4) : null,
    seq: echo && hdr === 8 ? v.u16be(off + 6) : null,
    target,
    naFlags,
    options,
    embedded: type >= 1 && type <= 4 && off + 8 < end ? off + 8 : null,
  };
}

export function icmpv6Tree(h: Icmpv6Layer, v: ByteView): DecodedField {
  const o = h.start;
  const kids: DecodedField[] = [
    fv('icmpv6.type', 'Type', `${icmpv6TypeName(h.type)} (${h.type})`, o, o + 1),
    fv('icmpv6.code', 'Code', h.code, o + 1, o + 2),
    fv('icmpv6.checksum', 'Checksum', hex(h.checksum, 4), o + 2, o + 4),
  ];
  if (h.id !== null) kids.push(fv('icmpv6.echo.identifier', 'Identifier', `${h.id} (${hex(h.id, 4)})`, o + 4, o + 6));
  if (h.seq !== null) kids.push(fv('icmpv6.echo.sequence_number', 'Sequence', h.seq, o + 6, o + 8));
  if (h.naFlags !== null)
    kids.push(fv('icmpv6.nd.na.flag', 'Flags', [h.naFlags & 0x80 ? 'Router' : '', h.naFlags & 0x40 ? 'Solicited' : '', h.naFlags & 0x20 ? 'Override' : ''].filter(Boolean).join(', ') || 'none', o + 4, o + 8));
  if (h.target !== null) kids.push(fv('icmpv6.nd.target', 'Target Address', h.target, o + 8, o + 24));
  for (const op of h.options) kids.push(f('icmpv6.opt', `ICMPv6 Option (${op.name})${op.value ? `: ${op.value}` : ''}`, op.value || null, op.start, op.end));
  if (h.embedded !== null) {
    const inner = parseIpv6(v, h.embedded, h.payloadEnd);
    if (inner) {
      const t = ipv6Tree(inner);
      kids.push(f('icmpv6.original', `Original packet: ${t.label}`, null, h.embedded, h.payloadEnd, [t]));
    }
  }
  return f('icmpv6', `Internet Control Message Protocol v6, ${icmpv6TypeName(h.type)}`, null, o, h.payloadEnd, kids);
}
