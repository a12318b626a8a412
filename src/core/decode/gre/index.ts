// GRE (RFC 2784 / 2890): optional checksum, key and sequence number.
import type { ByteView } from '../../bytes/view';
import { base, protoOfEthertype, type LayerBase } from '../common/layer';
import { ethertypeName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface GreLayer extends LayerBase {
  proto: 'gre';
  flags: number;
  version: number;
  protocolType: number;
  checksum: number | null;
  key: number | null;
  sequence: number | null;
}

export function parseGre(v: ByteView, off: number, end: number): GreLayer | null {
  if (off + 4 > end) return null;
  const w = v.u16be(off);
  const protocolType = v.u16be(off + 2);
  const c = (w & 0x8000) !== 0;
  const k = (w & 0x2000) !== 0;
  const s = (w & 0x1000) !== 0;
  const version = w & 7;
  let p = off + 4;
  const hLen = 4 + (c ? 4 : 0) + (k ? 4 : 0) + (s ? 4 : 0);
  if (off + hLen > end) return { proto: 'gre', ...base(off, end, end, null, 'header cut by the capture length', true), flags: w, version, protocolType, checksum: null, key: null, sequence: null };
  const checksum = c ? v.u16be(p) : null;
  if (c) p += 4;
  const key = k ? v.u32be(p) : null;
  if (k) p += 4;
  const sequence = s ? v.u32be(p) : null;
  if (s) p += 4;
  const next = version === 0 ? protoOfEthertype(protocolType) : null;
  const note = version !== 0 ? `GRE version ${version} (PPTP) not decoded` : next ? null : `protocol ${ethertypeName(protocolType)} not decoded`;
  return { proto: 'gre', ...base(off, p, end, next, note), flags: w, version, protocolType, checksum, key, sequence };
}

export function greTree(h: GreLayer): DecodedField {
  const o = h.start;
  const kids: DecodedField[] = [
    fv('gre.flags_and_version', 'Flags and Version', hex(h.flags, 4), o, o + 2),
    fv('gre.proto', 'Protocol Type', `${ethertypeName(h.protocolType)} (${hex(h.protocolType, 4)})`, o + 2, o + 4),
  ];
  let p = o + 4;
  if (h.checksum !== null) {
    kids.push(fv('gre.checksum', 'Checksum', hex(h.checksum, 4), p, p + 2));
    p += 4;
  }
  if (h.key !== null) {
    kids.push(fv('gre.key', 'Key', `${hex(h.key, 8)} (${h.key})`, p, p + 4));
    p += 4;
  }
  if (h.sequence !== null) kids.push(fv('gre.sequence_number', 'Sequence Number', h.sequence, p, p + 4));
  return f('gre', `Generic Routing Encapsulation (${ethertypeName(h.protocolType)})`, null, o, h.end, kids);
}
