// Ethernet II / 802.3 header.
import type { ByteView } from '../../bytes/view';
import { macAt } from '../common/address';
import { protoOfEthertype, type LayerBase } from '../common/layer';
import { ethertypeName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface EthernetLayer extends LayerBase {
  proto: 'ethernet';
  dst: string;
  src: string;
  /** Ethertype, or the 802.3 length when ≤ 1500. */
  type: number;
}

export function parseEthernet(v: ByteView, off: number, end: number): EthernetLayer | null {
  if (off + 14 > end) return null;
  const b = v.bytes;
  const type = (b[off + 12]! << 8) | b[off + 13]!;
  const next = type > 1500 ? protoOfEthertype(type) : null;
  let note: string | null = null;
  let payloadEnd = end;
  if (type <= 1500) {
    note = `802.3 frame with LLC (length ${type}) not decoded`;
    payloadEnd = Math.min(end, off + 14 + type);
  } else if (!next) note = `ethertype ${ethertypeName(type)} not decoded`;
  return { proto: 'ethernet', start: off, end: off + 14, payloadEnd, next, note, truncated: false, dst: macAt(b, off), src: macAt(b, off + 6), type };
}

export function ethernetTree(h: EthernetLayer): DecodedField {
  const o = h.start;
  return f('eth', `Ethernet II, Src: ${h.src}, Dst: ${h.dst}`, null, o, h.end, [
    fv('eth.dst', 'Destination', h.dst, o, o + 6),
    fv('eth.src', 'Source', h.src, o + 6, o + 12),
    h.type > 1500 ? fv('eth.type', 'Type', `${ethertypeName(h.type)} (${hex(h.type, 4)})`, o + 12, o + 14) : fv('eth.len', 'Length', h.type, o + 12, o + 14),
  ]);
}
