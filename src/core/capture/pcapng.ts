// pcapng: every section (each with its own byte order), interface description blocks (link type,
// snap length, if_tsresol, if_tsoffset, if_fcslen, names), enhanced / simple / obsolete packet
// blocks. Name resolution, statistics, decryption secrets, custom and unknown blocks are skipped.
import { decodeUtf8 } from '../text/utf8';
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { IndexBuilder, type CaptureIndex, type CaptureInterface } from './index-builder';
import { fill, Window, type Indexer } from './reader';

export const SHB_TYPE = 0x0a0d0d0a;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
export const IDB_TYPE = 1;
export const OPB_TYPE = 2;
export const SPB_TYPE = 3;
export const EPB_TYPE = 6;
/** Blocks over this size are treated as corruption (Wireshark uses 16 MiB plus headers). */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024 + 4096;

export function sniffPcapng(head: Uint8Array): boolean {
  if (head.length < 12) return false;
  const dv = new DataView(head.buffer, head.byteOffset, 12);
  if (dv.getUint32(0, false) !== SHB_TYPE) return false;
  const m = dv.getUint32(8, false);
  return m === BYTE_ORDER_MAGIC || dv.getUint32(8, true) === BYTE_ORDER_MAGIC;
}

function rd32(b: Uint8Array, p: number, le: boolean): number {
  return le ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0 : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
}
function rd16(b: Uint8Array, p: number, le: boolean): number {
  return le ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
}

/** Timestamp units per second from an if_tsresol byte (MSB clear: 10^-n, set: 2^-n). */
export function unitsPerSecond(tsresol: number): number {
  const n = tsresol & 0x7f;
  return tsresol & 0x80 ? 2 ** n : 10 ** n;
}

/** Splits a 64-bit timestamp (hi, lo in units) into [seconds, nanoseconds]. */
export function splitTimestamp(hi: number, lo: number, ups: number): [number, number] {
  const v = hi * 4294967296 + lo;
  if (v <= Number.MAX_SAFE_INTEGER && Number.isSafeInteger(ups)) {
    const sec = Math.floor(v / ups);
    const rem = v - sec * ups;
    return [sec, ups === 1e9 ? rem : ups === 1e6 ? rem * 1000 : Math.floor((rem * 1e9) / ups)];
  }
  const big = (BigInt(hi) << 32n) | BigInt(lo);
  const u = BigInt(ups);
  const sec = big / u;
  const rem = big % u;
  return [Number(sec), Number((rem * 1_000_000_000n) / u)];
}

interface Section {
  number: number;
  le: boolean;
  /** Interfaces of this section: local id → global interface index. */
  ifaces: number[];
}

interface IdbOptions {
  name: string | null;
  description: string | null;
  tsresol: number | null;
  tsoffset: number;
  fcslen: number | null;
}

function readIdbOptions(b: Uint8Array, start: number, end: number, le: boolean): IdbOptions {
  const o: IdbOptions = { name: null, description: null, tsresol: null, tsoffset: 0, fcslen: null };
  let p = start;
  while (p + 4 <= end) {
    const code = rd16(b, p, le);
    const len = rd16(b, p + 2, le);
    const v = p + 4;
    if (code === 0 || v + len > end) break;
    const str = () => decodeUtf8(b.subarray(v, v + len)).replace(/\0+$/, '');
    if (code === 2) o.name = str();
    else if (code === 3) o.description = str();
    else if (code === 9 && len >= 1) o.tsresol = b[v]!;
    else if (code === 13 && len >= 1) o.fcslen = b[v]!;
    else if (code === 14 && len >= 8) {
      const dv = new DataView(b.buffer, b.byteOffset + v, 8);
      o.tsoffset = Number(dv.getBigInt64(0, le));
    }
    p = v + ((len + 3) & ~3);
  }
  return o;
}

export function* indexPcapng(input: string, size: number, chunk?: number): Indexer<CaptureIndex> {
  const w = new Window(size, chunk);
  const b = new IndexBuilder();
  const warnings: Diagnostic[] = [];
  const interfaces: CaptureInterface[] = [];
  let error: Diagnostic | null = null;
  let firstLe: boolean | null = null;
  let nanosecond = false;
  let section: Section | null = null;
  let sections = 0;
  let badIface = 0;
  let off = 0;
  const warnOnce = new Set<string>();
  const warn = (key: string, message: string, at: number) => {
    if (warnOnce.has(key)) return;
    warnOnce.add(key);
    warnings.push(diagnostic(input, message, { offset: at }));
  };

  while (off < size) {
    if (!w.holds(off, 12)) yield* fill(w, off, 12);
    if (size - off < 12) {
      error = diagnostic(input, `truncated block header (${size - off} bytes left, 12 needed)`, { offset: off });
      break;
    }
    let p = w.at(off);
    let type = rd32(w.buf, p, false);
    if (type === SHB_TYPE) {
      const m = rd32(w.buf, p + 8, false);
      const le = m === BYTE_ORDER_MAGIC ? false : rd32(w.buf, p + 8, true) === BYTE_ORDER_MAGIC ? true : null;
      if (le === null) {
        error = diagnostic(input, off === 0 ? 'not a pcapng file (bad byte-order magic)' : 'section header block with a bad byte-order magic', { offset: off + 8 });
        break;
      }
      section = { number: sections++, le, ifaces: [] };
      if (firstLe === null) firstLe = le;
    } else if (!section) {
      error = diagnostic(input, 'not a pcapng file (no section header block)', { offset: off });
      break;
    }
    const le = section.le;
    if (type !== SHB_TYPE) type = rd32(w.buf, p, le);
    const len = rd32(w.buf, p + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK_BYTES) {
      error = diagnostic(input, `block of type 0x${type.toString(16)} has an invalid length ${len}`, { offset: off + 4 });
      break;
    }
    if (off + len > size) {
      error = diagnostic(input, `block of type 0x${type.toString(16)} is truncated: ${len} bytes announced, ${size - off} left in the file`, { offset: off });
      break;
    }
    if (!w.holds(off, len)) {
      yield* fill(w, off, len);
      p = w.at(off);
    }
    const buf = w.buf;
    const trailer = rd32(buf, p + len - 4, le);
    if (trailer !== len) {
      error = diagnostic(input, `block of type 0x${type.toString(16)}: trailing length ${trailer} differs from the leading length ${len}`, { offset: off + len - 4 });
      break;
    }
    const blockEnd = p + len - 4;
    if (type === SHB_TYPE) {
      if (len < 28) {
        error = diagnostic(input, `section header block too short (${len} bytes)`, { offset: off });
        break;
      }
      const major = rd16(buf, p + 12, le);
      if (major !== 1) warn(`ver${major}`, `unusual pcapng version ${major}.${rd16(buf, p + 14, le)} (1.0 expected)`, off + 12);
    } else if (type === IDB_TYPE) {
      if (len < 20) {
        warn('idb-short', `interface description block too short (${len} bytes); interface ignored`, off);
      } else {
        const o = readIdbOptions(buf, p + 16, blockEnd, le);
        const ups = o.tsresol === null ? 1e6 : unitsPerSecond(o.tsresol);
        if (ups > 1e6) nanosecond = true;
        if (interfaces.length >= 0xffff) {
          error = diagnostic(input, 'more than 65535 interfaces', { offset: off });
          break;
        }
        if (ups > 2 ** 64 || ups < 1) warn(`tsresol${o.tsresol}`, `interface with an unusable if_tsresol ${o.tsresol}`, off);
        const iface: CaptureInterface = {
          index: interfaces.length,
          section: section.number,
          id: section.ifaces.length,
          linkType: rd16(buf, p + 8, le),
          snapLen: rd32(buf, p + 12, le),
          name: o.name,
          description: o.description,
          unitsPerSecond: ups,
          tsOffsetSec: o.tsoffset,
          fcsLen: o.fcslen ?? 0,
        };
        section.ifaces.push(iface.index);
        interfaces.push(iface);
      }
    } else if (type === EPB_TYPE || type === OPB_TYPE) {
      if (len < 32) {
        warn(`pb-short`, `packet block too short (${len} bytes); skipped`, off);
      } else {
        const ifId = type === EPB_TYPE ? rd32(buf, p + 8, le) : rd16(buf, p + 8, le);
        const hi = rd32(buf, p + 12, le);
        const lo = rd32(buf, p + 16, le);
        const cap = rd32(buf, p + 20, le);
        const orig = rd32(buf, p + 24, le);
        const gi = section.ifaces[ifId];
        if (gi === undefined) {
          if (badIface++ === 0) warn('ifid', `packet block names interface ${ifId}, which this section does not define; frame skipped`, off + 8);
        } else if (cap > len - 32) {
          warn(`caplen`, `packet block: captured length ${cap} goes past the end of its block (${len - 32} bytes of data); frame skipped`, off + 20);
        } else {
          const ifc = interfaces[gi]!;
          const [s, ns] = splitTimestamp(hi, lo, ifc.unitsPerSecond);
          b.add(off + 28, cap, orig, s + ifc.tsOffsetSec, ns, gi);
        }
      }
    } else if (type === SPB_TYPE) {
      if (len < 16) warn('spb-short', `simple packet block too short (${len} bytes); skipped`, off);
      else {
        const gi = section.ifaces[0];
        if (gi === undefined) {
          if (badIface++ === 0) warn('ifid', 'simple packet block before any interface description block; frame skipped', off);
        } else {
          const orig = rd32(buf, p + 8, le);
          const snap = interfaces[gi]!.snapLen;
          let cap = Math.min(orig, len - 16);
          if (snap > 0) cap = Math.min(cap, snap);
          b.add(off + 12, cap, orig, NaN, 0, gi);
        }
      }
    }
    // Other blocks (name resolution 4, interface statistics 5, decryption secrets 10, custom,
    // systemd journal, unknown) carry nothing the index needs.
    off += len;
  }
  if (badIface > 1) warnings.push(diagnostic(input, `${badIface} packet blocks in all named an undefined interface`, { offset: null }));
  return b.finish({ input, format: 'pcapng', littleEndian: firstLe ?? true, nanosecond, interfaces, warnings, error, size, gzipped: false });
}
