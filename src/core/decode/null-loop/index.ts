// BSD loopback encapsulation: link type 0 (NULL, family in the writer's byte order) and 108
// (LOOP, network byte order). IPv6 family values differ per OS (10, 24, 28, 30).
import type { ByteView } from '../../bytes/view';
import { base, type LayerBase, type Proto } from '../common/layer';
import { f, fv, type DecodedField } from '../common/tree';

export interface NullLayer extends LayerBase {
  proto: 'null';
  family: number;
}

const V6 = new Set([10, 24, 28, 30]);

export function parseNull(v: ByteView, off: number, end: number, networkOrder: boolean): NullLayer | null {
  if (off + 4 > end) return null;
  let family = v.u32(off, !networkOrder);
  // LINKTYPE_NULL is in the capturing host's order: a value with only high bytes set was swapped.
  if (!networkOrder && family > 0xffff) family = v.u32(off, false);
  let next: Proto | null = null;
  if (family === 2) next = 'ipv4';
  else if (V6.has(family)) next = 'ipv6';
  return { proto: 'null', ...base(off, off + 4, end, next, next ? null : `address family ${family} not decoded`), family };
}

export function nullTree(h: NullLayer): DecodedField {
  const name = h.family === 2 ? 'IP' : V6.has(h.family) ? 'IPv6' : 'unknown';
  return f('null', `Null/Loopback, family ${name}`, null, h.start, h.end, [fv('null.family', 'Family', `${name} (${h.family})`, h.start, h.end)]);
}
