// The compact frame index of a capture: one row per frame in parallel typed arrays (no object per
// frame), filled by the pcap / pcapng readers, read by decoders on demand.
import type { Diagnostic } from '../model/diagnostic';

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureInterface {
  /** Position in CaptureIndex.interfaces (what `ifaces` holds). */
  index: number;
  /** pcapng section number (0 for pcap). */
  section: number;
  /** Interface id inside its section (0 for pcap). */
  id: number;
  linkType: number;
  snapLen: number;
  name: string | null;
  description: string | null;
  /** Timestamp units per second (1e6 for µs, 1e9 for ns, 2^n for binary resolutions). */
  unitsPerSecond: number;
  /** if_tsoffset: seconds added to every timestamp. */
  tsOffsetSec: number;
  /** FCS bytes at the end of each frame (pcap link type FCS bits or pcapng if_fcslen), 0 if none. */
  fcsLen: number;
}

export interface CaptureIndex {
  input: string;
  format: CaptureFormat;
  /** Byte order of the (first) section. */
  littleEndian: boolean;
  /** Timestamps are finer than microseconds (nanosecond pcap magic, or a pcapng if_tsresol finer than µs). */
  nanosecond: boolean;
  count: number;
  /** Offset of each frame's first captured byte in the (decompressed) file. */
  offsets: Float64Array;
  capLens: Uint32Array;
  origLens: Uint32Array;
  /** Whole seconds since the epoch; NaN when the frame has no timestamp (pcapng simple packet block). */
  tsSec: Float64Array;
  /** Nanoseconds within the second. */
  tsNsec: Uint32Array;
  /** Interface of each frame: an index into `interfaces`. */
  ifaces: Uint16Array;
  interfaces: CaptureInterface[];
  warnings: Diagnostic[];
  /** Why reading stopped before the end of the file (frames before it are kept), or null. */
  error: Diagnostic | null;
  /** Size of the (decompressed) file. */
  size: number;
  gzipped: boolean;
}

/** Grows typed arrays by doubling; trims at the end. */
export class IndexBuilder {
  count = 0;
  private cap: number;
  offsets: Float64Array;
  capLens: Uint32Array;
  origLens: Uint32Array;
  tsSec: Float64Array;
  tsNsec: Uint32Array;
  ifaces: Uint16Array;

  constructor(initial = 1024) {
    this.cap = initial;
    this.offsets = new Float64Array(initial);
    this.capLens = new Uint32Array(initial);
    this.origLens = new Uint32Array(initial);
    this.tsSec = new Float64Array(initial);
    this.tsNsec = new Uint32Array(initial);
    this.ifaces = new Uint16Array(initial);
  }

  private grow(): void {
    const n = this.cap * 2;
    const g = <T extends Float64Array | Uint32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.offsets = g(this.offsets, (k) => new Float64Array(k));
    this.capLens = g(this.capLens, (k) => new Uint32Array(k));
    this.origLens = g(this.origLens, (k) => new Uint32Array(k));
    this.tsSec = g(this.tsSec, (k) => new Float64Array(k));
    this.tsNsec = g(this.tsNsec, (k) => new Uint32Array(k));
    this.ifaces = g(this.ifaces, (k) => new Uint16Array(k));
    this.cap = n;
  }

  add(offset: number, capLen: number, origLen: number, sec: number, nsec: number, iface: number): void {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.offsets[i] = offset;
    this.capLens[i] = capLen;
    this.origLens[i] = origLen;
    this.tsSec[i] = sec;
    this.tsNsec[i] = nsec;
    this.ifaces[i] = iface;
  }

  finish(meta: Omit<CaptureIndex, 'count' | 'offsets' | 'capLens' | 'origLens' | 'tsSec' | 'tsNsec' | 'ifaces'>): CaptureIndex {
    const n = this.count;
    const trim = <T extends Float64Array | Uint32Array | Uint16Array>(a: T): T => (a.length === n ? a : (a.slice(0, n) as T));
    return {
      ...meta,
      count: n,
      offsets: trim(this.offsets),
      capLens: trim(this.capLens),
      origLens: trim(this.origLens),
      tsSec: trim(this.tsSec),
      tsNsec: trim(this.tsNsec),
      ifaces: trim(this.ifaces),
    };
  }
}

/** The link type of frame i. */
export function frameLinkType(ix: CaptureIndex, i: number): number {
  return ix.interfaces[ix.ifaces[i]!]?.linkType ?? -1;
}

/** Integer nanoseconds since the epoch as a decimal string, or null when the frame has no time. */
export function frameTimeNs(ix: CaptureIndex, i: number): string | null {
  const s = ix.tsSec[i]!;
  if (Number.isNaN(s)) return null;
  return timeNsString(s, ix.tsNsec[i]!);
}

export function timeNsString(sec: number, nsec: number): string {
  if (sec === 0) return String(nsec);
  if (sec > 0) return `${sec}${String(nsec).padStart(9, '0')}`;
  return (BigInt(sec) * 1_000_000_000n + BigInt(nsec)).toString();
}

/** Microseconds since the epoch (float; sub-µs digits kept as a fraction), or null. */
export function frameTimeUs(ix: CaptureIndex, i: number): number | null {
  const s = ix.tsSec[i]!;
  if (Number.isNaN(s)) return null;
  return s * 1e6 + ix.tsNsec[i]! / 1000;
}
