// ICMP (RFC 792): echo, errors with the offending packet's header, redirects.
import type { ByteView } from '../../bytes/view';
import { ipv4At } from '../common/address';
import { checksumOk } from '../common/checksum';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';
import { ipv4Tree, parseIpv4 } from '../ipv4/index';

export interface IcmpLayer extends LayerBase {
  proto: 'icmp';
  type: number;
  code: number;
  checksum: number;
  checksumOk: boolean | null;
  /** Echo request/reply identifier and sequence. */
  id: number | null;
  seq: number | null;
  /** Redirect gateway. */
  gateway: string | null;
  /** Errors: the start of the embedded original datagram. */
  embedded: number | null;
}

const TYPES: Record<number, string> = {
  0: 'Echo (ping) reply',
  3: 'Destination unreachable',
  4: 'Source quench',
  5: 'Redirect',
  8: 'Echo (ping) request',
  9: 'Router advertisement',
  10: 'Router solicitation',
  11: 'Time-to-live exceeded',
  12: 'Parameter problem',
  13: 'Timestamp request',
  14: 'Timestamp reply',
};
const UNREACH: Record<number, string> = {
  0: 'Network unreachable',
  1: 'Host unreachable',
  2: 'Protocol unreachable',
  3: 'Port unreachable',
  4: 'Fragmentation needed',
  13: 'Communication administratively filtered',
};

export function icmpTypeName(t: number, code: number): string {
  if (t === 3) return `${TYPES[3]} (${UNREACH[code] ?? `code ${code}`})`;
  return TYPES[t] ?? `type ${t}`;
}

export function isIcmpError(t: number): boolean {
  return t === 3 || t === 4 || t === 5 || t === 11 || t === 12;
}

export function parseIcmp(v: ByteView, off: number, end: number, /** the IP payload is complete (not a fragment) */ whole = true): IcmpLayer | null {
  if (off + 8 > end) return null;
  const b = v.bytes;
  const type = b[off]!;
  const echo = type === 0 || type === 8 || type === 13 || type === 14;
  const err = isIcmpError(type);
  return {
    proto: 'icmp',
    ...base(off, off + 8, end, null, null),
    type,
    code: b[off + 1]!,
    checksum: v.u16be(off + 2),
    checksumOk: whole ? checksumOk(b, off, end) : null,
    id: echo ? v.u16be(off + 4) : null,
    seq: echo ? v.u16be(off + 6) : null,
    gateway: type === 5 ? ipv4At(b, off + 4) : null,
    embedded: err && off + 8 < end ? off + 8 : null,
  };
}

export function icmpTree(h: IcmpLayer, v: ByteView): DecodedField {
  const o = h.start;
  const ck = h.checksumOk === null ? 'unverified' : h.checksumOk ? 'correct' : 'INCORRECT';
  const kids: DecodedField[] = [
    fv('icmp.type', 'Type', `${h.type} (${icmpTypeName(h.type, h.code)})`, o, o + 1),
    fv('icmp.code', 'Code', h.code, o + 1, o + 2),
    fv('icmp.checksum', 'Checksum', `${hex(h.checksum, 4)} [${ck}]`, o + 2, o + 4),
  ];
  if (h.id !== null) kids.push(fv('icmp.ident', 'Identifier', `${h.id} (${hex(h.id, 4)})`, o + 4, o + 6));
  if (h.seq !== null) kids.push(fv('icmp.seq', 'Sequence Number', h.seq, o + 6, o + 8));
  if (h.gateway !== null) kids.push(fv('icmp.redir_gw', 'Gateway Address', h.gateway, o + 4, o + 8));
  if (h.embedded !== null) {
    const inner = parseIpv4(v, h.embedded, h.payloadEnd);
    if (inner) {
      const t = ipv4Tree(inner);
      kids.push(f('icmp.original', `Original datagram: ${t.label}`, null, h.embedded, h.payloadEnd, [t]));
    }
  }
  return f('icmp', `Internet Control Message Protocol, ${icmpTypeName(h.type, h.code)}`, null, o, h.payloadEnd, kids);
}
