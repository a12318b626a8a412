// IPv6 (RFC 8200) with extension headers (hop-by-hop, routing, fragment, destination options, AH).
import type { ByteView } from '../../bytes/view';
import { ipv6At } from '../common/address';
import { base, protoOfIp, type LayerBase } from '../common/layer';
import { ipProtocolName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface Ipv6ExtHeader {
  type: number;
  name: string;
  start: number;
  end: number;
  nextHeader: number;
}

export interface Ipv6Fragment {
  offset: number;
  more: boolean;
  id: number;
  start: number;
}

export interface Ipv6Layer extends LayerBase {
  proto: 'ipv6';
  trafficClass: number;
  flowLabel: number;
  payloadLength: number;
  /** Next header of the fixed header. */
  nextHeader: number;
  hopLimit: number;
  src: string;
  dst: string;
  ext: Ipv6ExtHeader[];
  fragment: Ipv6Fragment | null;
  /** Upper-layer protocol after the extension headers. */
  protocol: number;
}

const EXT: Record<number, string> = { 0: 'Hop-by-Hop Options', 43: 'Routing', 44: 'Fragment', 60: 'Destination Options', 51: 'Authentication Header', 135: 'Mobility' };

export function parseIpv6(v: ByteView, off: number, end: number): Ipv6Layer | null {
  if (off + 40 > end) return null;
  const b = v.bytes;
  if (b[off]! >> 4 !== 6) return null;
  const w0 = v.u32be(off);
  const payloadLength = v.u16be(off + 4);
  const nextHeader = b[off + 6]!;
  const payloadEnd = payloadLength > 0 ? Math.min(end, off + 40 + payloadLength) : end;
  let nh = nextHeader;
  let p = off + 40;
  const ext: Ipv6ExtHeader[] = [];
  let fragment: Ipv6Fragment | null = null;
  let note: string | null = null;
  let truncated = false;
  while (EXT[nh] !== undefined && ext.length < 16) {
    if (p + 8 > payloadEnd) {
      truncated = true;
      note = `${EXT[nh]} header cut by the capture length`;
      break;
    }
    const next = b[p]!;
    let len: number;
    if (nh === 44) len = 8;
    else if (nh === 51) len = (b[p + 1]! + 2) * 4;
    else len = (b[p + 1]! + 1) * 8;
    if (p + len > payloadEnd) {
      truncated = true;
      note = `${EXT[nh]} header cut by the capture length`;
      break;
    }
    if (nh === 44) {
      const fo = v.u16be(p + 2);
      fragment = { offset: fo & 0xfff8, more: (fo & 1) === 1, id: v.u32be(p + 4), start: p };
    }
    ext.push({ type: nh, name: EXT[nh]!, start: p, end: p + len, nextHeader: next });
    nh = next;
    p += len;
  }
  let next = truncated ? null : protoOfIp(nh);
  if (!truncated) {
    if (fragment && fragment.offset > 0) {
      next = null;
      note = `fragment at offset ${fragment.offset} of a ${ipProtocolName(nh)} datagram`;
    } else if (nh === 59) note = 'no next header';
    else if (!next) note = `protocol ${ipProtocolName(nh)} not decoded`;
  }
  return {
    proto: 'ipv6',
    ...base(off, p, Math.max(payloadEnd, p), next, note, truncated),
    trafficClass: (w0 >>> 20) & 0xff,
    flowLabel: w0 & 0xfffff,
    payloadLength,
    nextHeader,
    hopLimit: b[off + 7]!,
    src: ipv6At(b, off + 8),
    dst: ipv6At(b, off + 24),
    ext,
    fragment,
    protocol: nh,
  };
}

export function ipv6Tree(h: Ipv6Layer): DecodedField {
  const o = h.start;
  const children: DecodedField[] = [
    fv('ipv6.version', 'Version', 6, o, o + 1),
    fv('ipv6.tclass', 'Traffic Class', hex(h.trafficClass, 2), o, o + 2),
    fv('ipv6.flow', 'Flow Label', hex(h.flowLabel, 5), o + 1, o + 4),
    fv('ipv6.plen', 'Payload Length', h.payloadLength, o + 4, o + 6),
    fv('ipv6.nxt', 'Next Header', `${ipProtocolName(h.nextHeader)} (${h.nextHeader})`, o + 6, o + 7),
    fv('ipv6.hlim', 'Hop Limit', h.hopLimit, o + 7, o + 8),
    fv('ipv6.src', 'Source Address', h.src, o + 8, o + 24),
    fv('ipv6.dst', 'Destination Address', h.dst, o + 24, o + 40),
  ];
  for (const e of h.ext) {
    const kids: DecodedField[] = [fv('ipv6.ext.nxt', 'Next Header', `${ipProtocolName(e.nextHeader)} (${e.nextHeader})`, e.start, e.start + 1)];
    if (e.type === 44 && h.fragment) {
      const fr = h.fragment;
      kids.push(fv('ipv6.fragment.offset', 'Offset', fr.offset, e.start + 2, e.start + 4));
      kids.push(fv('ipv6.fragment.more', 'More Fragments', fr.more, e.start + 2, e.start + 4));
      kids.push(fv('ipv6.fragment.id', 'Identification', hex(fr.id, 8), e.start + 4, e.start + 8));
    } else kids.push(fv('ipv6.ext.len', 'Length', `${e.end - e.start} bytes`, e.start + 1, e.start + 2));
    children.push(f(`ipv6.ext.${e.type}`, `${e.name} Header`, null, e.start, e.end, kids));
  }
  return f('ipv6', `Internet Protocol Version 6, Src: ${h.src}, Dst: ${h.dst}`, null, o, h.end, children);
}
