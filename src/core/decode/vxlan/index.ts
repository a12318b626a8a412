// VXLAN (RFC 7348), UDP port 4789: an Ethernet frame follows.
import type { ByteView } from '../../bytes/view';
import type { LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface VxlanLayer extends LayerBase {
  proto: 'vxlan';
  flags: number;
  vni: number;
}

export function parseVxlan(v: ByteView, off: number, end: number): VxlanLayer | null {
  if (off + 8 > end) return null;
  const flags = v.u8(off);
  const vni = v.u24be(off + 4);
  const ok = (flags & 0x08) !== 0;
  return { proto: 'vxlan', start: off, end: off + 8, payloadEnd: end, next: 'ethernet', note: ok ? null : 'VNI flag not set', truncated: false, flags, vni };
}

export function vxlanTree(h: VxlanLayer): DecodedField {
  const o = h.start;
  return f('vxlan', `Virtual eXtensible Local Area Network, VNI: ${h.vni}`, null, o, h.end, [
    fv('vxlan.flags', 'Flags', hex(h.flags, 2), o, o + 2),
    fv('vxlan.vni', 'VXLAN Network Identifier (VNI)', h.vni, o + 4, o + 7),
  ]);
}
