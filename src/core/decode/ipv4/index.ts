// IPv4 (RFC 791): options, fragments, header checksum check.
import type { ByteView } from '../../bytes/view';
import { ipv4At } from '../common/address';
import { checksumOk } from '../common/checksum';
import { protoOfIp, type LayerBase } from '../common/layer';
import { ipProtocolName } from '../common/names';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface Ipv4Option {
  type: number;
  name: string;
  start: number;
  end: number;
}

export interface Ipv4Layer extends LayerBase {
  proto: 'ipv4';
  ihl: number;
  tos: number;
  totalLength: number;
  id: number;
  /** Flags: 0x4 reserved, 0x2 DF, 0x1 MF. */
  flags: number;
  /** Fragment offset in bytes. */
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  /** null when the header is not fully captured. */
  checksumOk: boolean | null;
  src: string;
  dst: string;
  options: Ipv4Option[];
}

const OPT_NAMES: Record<number, string> = {
  0: 'End of Option List',
  1: 'No-Operation',
  7: 'Record Route',
  68: 'Time Stamp',
  130: 'Security',
  131: 'Loose Source Route',
  136: 'Stream ID',
  137: 'Strict Source Route',
  148: 'Router Alert',
};

function parseOptions(b: Uint8Array, start: number, end: number): Ipv4Option[] {
  const out: Ipv4Option[] = [];
  let p = start;
  while (p < end) {
    const t = b[p]!;
    const name = OPT_NAMES[t] ?? `Option ${t}`;
    if (t === 0) {
      out.push({ type: t, name, start: p, end });
      break;
    }
    if (t === 1) {
      out.push({ type: t, name, start: p, end: p + 1 });
      p++;
      continue;
    }
    const len = p + 1 < end ? b[p + 1]! : 0;
    if (len < 2 || p + len > end) {
      out.push({ type: t, name: `${name} (bad length ${len})`, start: p, end });
      break;
    }
    out.push({ type: t, name, start: p, end: p + len });
    p += len;
  }
  return out;
}

export function parseIpv4(v: ByteView, off: number, end: number): Ipv4Layer | null {
  if (off + 20 > end) return null;
  const b = v.bytes;
  const vihl = b[off]!;
  if (vihl >> 4 !== 4) return null;
  const ihl = (vihl & 0xf) * 4;
  const totalLength = (b[off + 2]! << 8) | b[off + 3]!;
  const ff = (b[off + 6]! << 8) | b[off + 7]!;
  const protocol = b[off + 9]!;
  const hdrEnd = off + Math.max(ihl, 20);
  const truncatedHeader = hdrEnd > end;
  const payloadEnd = totalLength >= ihl && totalLength > 0 ? Math.min(end, off + totalLength) : end;
  const fragOff = (ff & 0x1fff) * 8;
  let next = protoOfIp(protocol);
  let note: string | null = null;
  if (ihl < 20) {
    next = null;
    note = `bad header length ${ihl}`;
  } else if (truncatedHeader) {
    next = null;
    note = 'header cut by the capture length';
  } else if (fragOff > 0) {
    next = null;
    note = `fragment at offset ${fragOff} of a ${ipProtocolName(protocol)} datagram`;
  } else if (!next) note = `protocol ${ipProtocolName(protocol)} not decoded`;
  const hEnd = Math.min(hdrEnd, end);
  return {
    proto: 'ipv4',
    start: off,
    end: hEnd,
    payloadEnd: Math.max(payloadEnd, hEnd),
    next,
    note,
    truncated: truncatedHeader,
    ihl,
    tos: b[off + 1]!,
    totalLength,
    id: (b[off + 4]! << 8) | b[off + 5]!,
    flags: ff >> 13,
    fragmentOffset: fragOff,
    ttl: b[off + 8]!,
    protocol,
    checksum: (b[off + 10]! << 8) | b[off + 11]!,
    checksumOk: truncatedHeader || ihl < 20 ? null : checksumOk(b, off, hdrEnd),
    src: ipv4At(b, off + 12),
    dst: ipv4At(b, off + 16),
    options: ihl > 20 && !truncatedHeader ? parseOptions(b, off + 20, hdrEnd) : [],
  };
}

export function ipv4Tree(h: Ipv4Layer): DecodedField {
  const o = h.start;
  const flagText = [h.flags & 4 ? 'RB' : '', h.flags & 2 ? 'DF' : '', h.flags & 1 ? 'MF' : ''].filter(Boolean).join(', ') || 'none';
  const ck = h.checksumOk === null ? 'unverified' : h.checksumOk ? 'correct' : 'INCORRECT';
  const children: DecodedField[] = [
    fv('ip.version', 'Version', 4, o, o + 1),
    fv('ip.hdr_len', 'Header Length', `${h.ihl} bytes`, o, o + 1),
    fv('ip.dsfield', 'Differentiated Services', `${hex(h.tos, 2)} (DSCP ${h.tos >> 2}, ECN ${h.tos & 3})`, o + 1, o + 2),
    fv('ip.len', 'Total Length', h.totalLength, o + 2, o + 4),
    fv('ip.id', 'Identification', `${hex(h.id, 4)} (${h.id})`, o + 4, o + 6),
    fv('ip.flags', 'Flags', flagText, o + 6, o + 7, [
      fv('ip.flags.df', "Don't fragment", (h.flags & 2) !== 0, o + 6, o + 7),
      fv('ip.flags.mf', 'More fragments', (h.flags & 1) !== 0, o + 6, o + 7),
    ]),
    fv('ip.frag_offset', 'Fragment Offset', h.fragmentOffset, o + 6, o + 8),
    fv('ip.ttl', 'Time to Live', h.ttl, o + 8, o + 9),
    fv('ip.proto', 'Protocol', `${ipProtocolName(h.protocol)} (${h.protocol})`, o + 9, o + 10),
    fv('ip.checksum', 'Header Checksum', `${hex(h.checksum, 4)} [${ck}]`, o + 10, o + 12),
    fv('ip.src', 'Source Address', h.src, o + 12, o + 16),
    fv('ip.dst', 'Destination Address', h.dst, o + 16, o + 20),
  ];
  if (h.options.length)
    children.push(f('ip.options', `Options: (${h.ihl - 20} bytes)`, null, o + 20, o + h.ihl, h.options.map((x) => fv('ip.option', 'Option', x.name, x.start, x.end))));
  const frag = h.fragmentOffset > 0 || h.flags & 1 ? `, fragment offset ${h.fragmentOffset}${h.flags & 1 ? ' (more)' : ''}` : '';
  return f('ip', `Internet Protocol Version 4, Src: ${h.src}, Dst: ${h.dst}${frag}`, null, o, h.end, children);
}
