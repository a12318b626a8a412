// WireGuard message types: handshake initiation (1), response (2), cookie reply (3), transport data (4).
import type { ByteView } from '../../bytes/view';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface WireguardLayer extends LayerBase {
  proto: 'wireguard';
  type: number;
  sender: number | null;
  receiver: number | null;
  counter: bigint | null;
}

const NAMES: Record<number, string> = { 1: 'Handshake Initiation', 2: 'Handshake Response', 3: 'Cookie Reply', 4: 'Transport Data' };

export function wireguardTypeName(t: number): string {
  return NAMES[t] ?? `unknown type ${t}`;
}

export function parseWireguard(v: ByteView, off: number, end: number): WireguardLayer | null {
  if (off + 4 > end) return null;
  const type = v.u8(off);
  const has = (n: number) => off + n <= end;
  let sender: number | null = null;
  let receiver: number | null = null;
  let counter: bigint | null = null;
  let hdr = 4;
  if (type === 1 && has(8)) {
    sender = v.u32le(off + 4);
    hdr = 8;
  } else if (type === 2 && has(12)) {
    sender = v.u32le(off + 4);
    receiver = v.u32le(off + 8);
    hdr = 12;
  } else if (type === 3 && has(8)) {
    receiver = v.u32le(off + 4);
    hdr = 8;
  } else if (type === 4 && has(16)) {
    receiver = v.u32le(off + 4);
    counter = v.u64(off + 8, true);
    hdr = 16;
  }
  return { proto: 'wireguard', ...base(off, off + hdr, end, null, type === 4 ? 'encrypted payload' : null), type, sender, receiver, counter };
}

export function wireguardTree(h: WireguardLayer): DecodedField {
  const o = h.start;
  const kids: DecodedField[] = [fv('wg.type', 'Type', `${wireguardTypeName(h.type)} (${h.type})`, o, o + 1)];
  if (h.sender !== null) kids.push(fv('wg.sender', 'Sender', hex(h.sender, 8), o + 4, o + 8));
  if (h.receiver !== null) kids.push(fv('wg.receiver', 'Receiver', hex(h.receiver, 8), h.type === 2 ? o + 8 : o + 4, h.type === 2 ? o + 12 : o + 8));
  if (h.counter !== null) kids.push(fv('wg.counter', 'Counter', h.counter.toString(), o + 8, o + 16));
  return f('wg', `WireGuard Protocol, ${wireguardTypeName(h.type)}`, null, o, h.payloadEnd, kids);
}
