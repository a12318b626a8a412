// Classic libpcap files: both byte orders, microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d)
// magic. Reads only the 16-byte record headers; packet bytes are read later, on demand.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { IndexBuilder, type CaptureIndex, type CaptureInterface } from './index-builder';
import { fill, Window, type Indexer } from './reader';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Largest captured length accepted for one record (Wireshark's limit for ordinary link types). */
export const MAX_RECORD_BYTES = 262144;

export interface PcapHeader {
  littleEndian: boolean;
  nanosecond: boolean;
  versionMajor: number;
  versionMinor: number;
  snapLen: number;
  linkType: number;
  fcsLen: number;
}

/** Parses the 24-byte file header, or returns null when the magic is not pcap's. */
export function parsePcapHeader(head: Uint8Array): PcapHeader | null {
  if (head.length < 24) return null;
  const dv = new DataView(head.buffer, head.byteOffset, 24);
  let le: boolean;
  let ns: boolean;
  const be = dv.getUint32(0, false);
  const lem = dv.getUint32(0, true);
  if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) {
    le = false;
    ns = be === PCAP_MAGIC_NS;
  } else if (lem === PCAP_MAGIC_US || lem === PCAP_MAGIC_NS) {
    le = true;
    ns = lem === PCAP_MAGIC_NS;
  } else return null;
  const lt = dv.getUint32(20, le);
  // Bits 26-31: FCS length in 16-bit words when bit 26 ("F") is set; bits 0-15: the link type.
  const fcsLen = lt & 0x04000000 ? ((lt >>> 28) & 0xf) * 2 : 0;
  return {
    littleEndian: le,
    nanosecond: ns,
    versionMajor: dv.getUint16(4, le),
    versionMinor: dv.getUint16(6, le),
    snapLen: dv.getUint32(16, le),
    linkType: lt & 0xffff,
    fcsLen,
  };
}

export function sniffPcap(head: Uint8Array): boolean {
  return parsePcapHeader(head) !== null;
}

export function* indexPcap(input: string, size: number, chunk?: number): Indexer<CaptureIndex> {
  const w = new Window(size, chunk);
  const b = new IndexBuilder();
  const warnings: Diagnostic[] = [];
  let error: Diagnostic | null = null;
  yield* fill(w, 0, 24);
  const h = parsePcapHeader(w.buf.subarray(0, 24));
  const iface: CaptureInterface = {
    index: 0,
    section: 0,
    id: 0,
    linkType: h?.linkType ?? -1,
    snapLen: h?.snapLen ?? 0,
    name: null,
    description: null,
    unitsPerSecond: h?.nanosecond ? 1e9 : 1e6,
    tsOffsetSec: 0,
    fcsLen: h?.fcsLen ?? 0,
  };
  const meta = () => ({ input, format: 'pcap' as const, littleEndian: h?.littleEndian ?? true, nanosecond: h?.nanosecond ?? false, interfaces: [iface], warnings, error, size, gzipped: false });
  if (!h) {
    error = diagnostic(input, size < 24 ? `too short for a pcap file header (${size} bytes, 24 needed)` : 'not a pcap file (unknown magic number)', { offset: 0 });
    return b.finish(meta());
  }
  if (h.versionMajor !== 2) warnings.push(diagnostic(input, `unusual pcap version ${h.versionMajor}.${h.versionMinor} (2.4 expected)`, { offset: 4 }));
  const le = h.littleEndian;
  const fracLimit = h.nanosecond ? 1e9 : 1e6;
  const fracToNs = h.nanosecond ? 1 : 1000;
  const maxLen = Math.max(MAX_RECORD_BYTES, h.snapLen > MAX_RECORD_BYTES ? Math.min(h.snapLen, 1 << 24) : 0);
  let overSnap = 0;
  let badFrac = 0;
  let off = 24;
  while (off < size) {
    if (!w.holds(off, 16)) yield* fill(w, off, 16);
    if (size - off < 16) {
      error = diagnostic(input, `record ${b.count + 1}: truncated record header (${size - off} of 16 bytes)`, { offset: off });
      break;
    }
    const p = w.at(off);
    const buf = w.buf;
    let sec: number, frac: number, incl: number, orig: number;
    if (le) {
      sec = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
      frac = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
      incl = (buf[p + 8]! | (buf[p + 9]! << 8) | (buf[p + 10]! << 16) | (buf[p + 11]! << 24)) >>> 0;
      orig = (buf[p + 12]! | (buf[p + 13]! << 8) | (buf[p + 14]! << 16) | (buf[p + 15]! << 24)) >>> 0;
    } else {
      sec = ((buf[p]! << 24) | (buf[p + 1]! << 16) | (buf[p + 2]! << 8) | buf[p + 3]!) >>> 0;
      frac = ((buf[p + 4]! << 24) | (buf[p + 5]! << 16) | (buf[p + 6]! << 8) | buf[p + 7]!) >>> 0;
      incl = ((buf[p + 8]! << 24) | (buf[p + 9]! << 16) | (buf[p + 10]! << 8) | buf[p + 11]!) >>> 0;
      orig = ((buf[p + 12]! << 24) | (buf[p + 13]! << 16) | (buf[p + 14]! << 8) | buf[p + 15]!) >>> 0;
    }
    if (incl > maxLen) {
      error = diagnostic(input, `record ${b.count + 1}: captured length ${incl} is larger than the maximum of ${maxLen} (corrupt file?)`, { offset: off + 8 });
      break;
    }
    if (off + 16 + incl > size) {
      error = diagnostic(input, `record ${b.count + 1}: truncated: ${incl} captured bytes announced, ${size - off - 16} left in the file`, { offset: off });
      break;
    }
    if (h.snapLen > 0 && incl > h.snapLen && overSnap++ === 0)
      warnings.push(diagnostic(input, `record ${b.count + 1}: captured length ${incl} is larger than the snapshot length ${h.snapLen}`, { offset: off + 8 }));
    if (frac >= fracLimit && badFrac++ === 0)
      warnings.push(diagnostic(input, `record ${b.count + 1}: sub-second part ${frac} is not below ${fracLimit}`, { offset: off + 4 }));
    const ns = frac * fracToNs;
    b.add(off + 16, incl, orig, sec + Math.floor(ns / 1e9), ns % 1e9, 0);
    off += 16 + incl;
  }
  if (overSnap > 1) warnings.push(diagnostic(input, `${overSnap} records in all have a captured length over the snapshot length`, { offset: null }));
  if (badFrac > 1) warnings.push(diagnostic(input, `${badFrac} records in all have an out-of-range sub-second part`, { offset: null }));
  return b.finish(meta());
}
