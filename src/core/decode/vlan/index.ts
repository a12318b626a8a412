// 802.1Q / 802.1ad (QinQ) tags: each tag is one layer.
import type { ByteView } from '../../bytes/view';
import { base, protoOfEthertype, type LayerBase } from '../common/layer';
import { ethertypeName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface VlanLayer extends LayerBase {
  proto: 'vlan';
  pcp: number;
  dei: boolean;
  vid: number;
  type: number;
}

export function parseVlan(v: ByteView, off: number, end: number): VlanLayer | null {
  if (off + 4 > end) return null;
  const tci = v.u16be(off);
  const type = v.u16be(off + 2);
  const next = type > 1500 ? protoOfEthertype(type) : null;
  const note = next ? null : type <= 1500 ? `802.3 frame with LLC (length ${type}) not decoded` : `ethertype ${ethertypeName(type)} not decoded`;
  return { proto: 'vlan', ...base(off, off + 4, end, next, note), pcp: tci >> 13, dei: (tci & 0x1000) !== 0, vid: tci & 0xfff, type };
}

export function vlanTree(h: VlanLayer): DecodedField {
  const o = h.start;
  return f('vlan', `802.1Q Virtual LAN, PRI: ${h.pcp}, DEI: ${h.dei ? 1 : 0}, ID: ${h.vid}`, null, o, h.end, [
    fv('vlan.priority', 'Priority', h.pcp, o, o + 1),
    fv('vlan.dei', 'DEI', h.dei, o, o + 1),
    fv('vlan.id', 'ID', h.vid, o, o + 2),
    fv('vlan.etype', 'Type', `${ethertypeName(h.type)} (${hex(h.type, 4)})`, o + 2, o + 4),
  ]);
}
