// TCP (RFC 9293): ports, sequence numbers, flags, options.
import type { ByteView } from '../../bytes/view';
import type { LayerBase, Proto } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface TcpOption {
  kind: number;
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface TcpLayer extends LayerBase {
  proto: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  dataOffset: number;
  /** The 12 flag bits (0x001 FIN … 0x080 CWR, 0x100 AE/NS). */
  flags: number;
  window: number;
  checksum: number;
  urgent: number;
  options: TcpOption[];
}

const FLAG_NAMES: [number, string][] = [
  [0x100, 'AE'],
  [0x080, 'CWR'],
  [0x040, 'ECE'],
  [0x020, 'URG'],
  [0x010, 'ACK'],
  [0x008, 'PSH'],
  [0x004, 'RST'],
  [0x002, 'SYN'],
  [0x001, 'FIN'],
];

export function tcpFlagNames(flags: number): string[] {
  return FLAG_NAMES.filter(([m]) => flags & m).map(([, n]) => n);
}

const OPTS: Record<number, string> = { 0: 'End of Option List', 1: 'No-Operation', 2: 'Maximum segment size', 3: 'Window scale', 4: 'SACK permitted', 5: 'SACK', 8: 'Timestamps', 30: 'Multipath TCP', 34: 'TCP Fast Open' };

function parseOptions(v: ByteView, start: number, end: number): TcpOption[] {
  const b = v.bytes;
  const out: TcpOption[] = [];
  let p = start;
  while (p < end && out.length < 40) {
    const k = b[p]!;
    const name = OPTS[k] ?? `Option ${k}`;
    if (k === 0) {
      out.push({ kind: k, name, value: '', start: p, end: p + 1 });
      break;
    }
    if (k === 1) {
      out.push({ kind: k, name, value: '', start: p, end: p + 1 });
      p++;
      continue;
    }
    const len = p + 1 < end ? b[p + 1]! : 0;
    if (len < 2 || p + len > end) {
      out.push({ kind: k, name: `${name} (bad length ${len})`, value: '', start: p, end });
      break;
    }
    let value = '';
    if (k === 2 && len === 4) value = String(v.u16be(p + 2));
    else if (k === 3 && len === 3) value = `shift ${b[p + 2]} (×${2 ** Math.min(b[p + 2]!, 14)})`;
    else if (k === 8 && len === 10) value = `TSval ${v.u32be(p + 2)}, TSecr ${v.u32be(p + 6)}`;
    else if (k === 5) {
      const blocks: string[] = [];
      for (let q = p + 2; q + 8 <= p + len; q += 8) blocks.push(`${v.u32be(q)}-${v.u32be(q + 4)}`);
      value = blocks.join(' ');
    }
    out.push({ kind: k, name, value, start: p, end: p + len });
    p += len;
  }
  return out;
}

export function parseTcp(v: ByteView, off: number, end: number): TcpLayer | null {
  if (off + 20 > end) return null;
  const b = v.bytes;
  const doff = (b[off + 12]! >> 4) * 4;
  const flags = ((b[off + 12]! & 0x0f) << 8) | b[off + 13]!;
  const srcPort = v.u16be(off);
  const dstPort = v.u16be(off + 2);
  const hdrEnd = off + Math.max(doff, 20);
  const truncated = hdrEnd > end;
  let next: Proto | null = null;
  let note: string | null = null;
  if (doff < 20) note = `bad data offset ${doff}`;
  else if (truncated) note = 'header cut by the capture length';
  else if ((srcPort === 53 || dstPort === 53) && hdrEnd + 2 < end) next = 'dns';
  const hEnd = Math.min(hdrEnd, end);
  return {
    proto: 'tcp',
    start: off,
    end: hEnd,
    payloadEnd: end,
    next,
    note,
    truncated,
    srcPort,
    dstPort,
    seq: v.u32be(off + 4),
    ack: v.u32be(off + 8),
    dataOffset: doff,
    flags,
    window: v.u16be(off + 14),
    checksum: v.u16be(off + 16),
    urgent: v.u16be(off + 18),
    options: doff > 20 && !truncated ? parseOptions(v, off + 20, hdrEnd) : [],
  };
}

export function tcpTree(h: TcpLayer): DecodedField {
  const o = h.start;
  const names = tcpFlagNames(h.flags);
  const kids: DecodedField[] = [
    fv('tcp.srcport', 'Source Port', h.srcPort, o, o + 2),
    fv('tcp.dstport', 'Destination Port', h.dstPort, o + 2, o + 4),
    fv('tcp.seq_raw', 'Sequence Number (raw)', h.seq, o + 4, o + 8),
    fv('tcp.ack_raw', 'Acknowledgment Number (raw)', h.ack, o + 8, o + 12),
    fv('tcp.hdr_len', 'Header Length', `${h.dataOffset} bytes`, o + 12, o + 13),
    fv('tcp.flags', 'Flags', `${hex(h.flags, 3)} (${names.join(', ') || 'none'})`, o + 12, o + 14, FLAG_NAMES.map(([m, n]) => fv(`tcp.flags.${n.toLowerCase()}`, n, (h.flags & m) !== 0, o + 12, o + 14))),
    fv('tcp.window_size_value', 'Window', h.window, o + 14, o + 16),
    fv('tcp.checksum', 'Checksum', hex(h.checksum, 4), o + 16, o + 18),
    fv('tcp.urgent_pointer', 'Urgent Pointer', h.urgent, o + 18, o + 20),
  ];
  if (h.options.length) kids.push(f('tcp.options', `Options: (${h.dataOffset - 20} bytes)`, null, o + 20, h.end, h.options.map((x) => fv('tcp.option', x.name, x.value, x.start, x.end))));
  const payload = h.payloadEnd - h.end;
  return f('tcp', `Transmission Control Protocol, Src Port: ${h.srcPort}, Dst Port: ${h.dstPort}, Flags: [${names.join(', ')}], Len: ${payload}`, null, o, h.end, kids);
}
