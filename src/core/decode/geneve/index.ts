// GENEVE (RFC 8926), UDP port 6081.
import type { ByteView } from '../../bytes/view';
import { base, protoOfEthertype, type LayerBase } from '../common/layer';
import { ethertypeName } from '../common/names';
import { f, fv, type DecodedField } from '../common/tree';

export interface GeneveLayer extends LayerBase {
  proto: 'geneve';
  version: number;
  optionsLength: number;
  oam: boolean;
  critical: boolean;
  protocolType: number;
  vni: number;
}

export function parseGeneve(v: ByteView, off: number, end: number): GeneveLayer | null {
  if (off + 8 > end) return null;
  const b0 = v.u8(off);
  const b1 = v.u8(off + 1);
  const optLen = (b0 & 0x3f) * 4;
  const version = b0 >> 6;
  const protocolType = v.u16be(off + 2);
  const hEnd = off + 8 + optLen;
  const truncated = hEnd > end;
  const next = truncated || version !== 0 ? null : protoOfEthertype(protocolType);
  const note = truncated ? 'options cut by the capture length' : version !== 0 ? `version ${version} not decoded` : next ? null : `protocol ${ethertypeName(protocolType)} not decoded`;
  return {
    proto: 'geneve',
    ...base(off, Math.min(hEnd, end), end, next, note, truncated),
    version,
    optionsLength: optLen,
    oam: (b1 & 0x80) !== 0,
    critical: (b1 & 0x40) !== 0,
    protocolType,
    vni: v.u24be(off + 4),
  };
}

export function geneveTree(h: GeneveLayer): DecodedField {
  const o = h.start;
  const kids = [
    fv('geneve.version', 'Version', h.version, o, o + 1),
    fv('geneve.options_length', 'Options Length', h.optionsLength, o, o + 1),
    fv('geneve.flags.oam', 'OAM', h.oam, o + 1, o + 2),
    fv('geneve.flags.critical', 'Critical options present', h.critical, o + 1, o + 2),
    fv('geneve.proto_type', 'Protocol Type', ethertypeName(h.protocolType), o + 2, o + 4),
    fv('geneve.vni', 'Virtual Network Identifier (VNI)', h.vni, o + 4, o + 7),
  ];
  if (h.optionsLength) kids.push(f('geneve.options', `Options (${h.optionsLength} bytes)`, null, o + 8, h.end));
  return f('geneve', `Generic Network Virtualization Encapsulation, VNI: ${h.vni}`, null, o, h.end, kids);
}
