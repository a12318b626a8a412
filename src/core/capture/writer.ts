// Writing captures: classic pcap (one link type) or pcapng (several link types, one interface per
// link type). Used by export-pcap, the simulator and tests.

export interface WriteFrame {
  /** Captured bytes. */
  data: Uint8Array;
  /** Original length (default: data.length). */
  origLen?: number;
  /** Integer nanoseconds since the epoch (bigint or decimal string); null/undefined = 0. */
  timeNs?: bigint | string | null;
  linkType: number;
}

export interface WriteOptions {
  /** Nanosecond timestamps (pcap magic 0xa1b23c4d / pcapng if_tsresol 9). Default false (µs). */
  nanosecond?: boolean;
  /** Default true. */
  littleEndian?: boolean;
  /** Default 262144. */
  snapLen?: number;
}

function nsOf(t: bigint | string | null | undefined): bigint {
  if (t === null || t === undefined) return 0n;
  return typeof t === 'bigint' ? t : BigInt(t);
}

class Out {
  private buf = new Uint8Array(1024);
  private dv = new DataView(this.buf.buffer);
  n = 0;
  constructor(readonly le: boolean) {}
  private need(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let c = this.buf.length * 2;
    while (c < this.n + k) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
    this.dv = new DataView(b.buffer);
  }
  u8(v: number): void {
    this.need(1);
    this.buf[this.n++] = v & 0xff;
  }
  u16(v: number): void {
    this.need(2);
    this.dv.setUint16(this.n, v, this.le);
    this.n += 2;
  }
  u32(v: number): void {
    this.need(4);
    this.dv.setUint32(this.n, v >>> 0, this.le);
    this.n += 4;
  }
  u32At(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, this.le);
  }
  bytes(b: Uint8Array): void {
    this.need(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  pad4(): void {
    while (this.n % 4) this.u8(0);
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** A classic pcap file. All frames must share one link type (throws otherwise: use writeCapture). */
export function writePcap(frames: WriteFrame[], opts: WriteOptions & { linkType?: number } = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const ns = opts.nanosecond ?? false;
  const lt = opts.linkType ?? frames[0]?.linkType ?? 1;
  const o = new Out(le);
  o.u32(ns ? 0xa1b23c4d : 0xa1b2c3d4);
  o.u16(2);
  o.u16(4);
  o.u32(0);
  o.u32(0);
  o.u32(opts.snapLen ?? 262144);
  o.u32(lt);
  const div = ns ? 1n : 1000n;
  for (const f of frames) {
    if (f.linkType !== lt) throw new Error(`a pcap file holds one link type: frame with ${f.linkType} in a file of ${lt}`);
    const t = nsOf(f.timeNs);
    const sec = t / 1_000_000_000n;
    const frac = (t % 1_000_000_000n) / div;
    o.u32(Number(sec));
    o.u32(Number(frac));
    o.u32(f.data.length);
    o.u32(f.origLen ?? f.data.length);
    o.bytes(f.data);
  }
  return o.done();
}

export interface PcapngInterface {
  linkType: number;
  name?: string;
  snapLen?: number;
}

function option(o: Out, code: number, value: Uint8Array): void {
  o.u16(code);
  o.u16(value.length);
  o.bytes(value);
  o.pad4();
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/**
 * A pcapng file of one section. Interfaces default to one per distinct link type (in order of
 * appearance); `iface` on a frame picks one explicitly.
 */
export function writePcapng(frames: (WriteFrame & { iface?: number })[], opts: WriteOptions & { interfaces?: PcapngInterface[] } = {}): Uint8Array {
  const le = opts.littleEndian ?? true;
  const ns = opts.nanosecond ?? false;
  const o = new Out(le);
  const block = (type: number, body: () => void) => {
    const start = o.n;
    o.u32(type);
    o.u32(0);
    body();
    o.pad4();
    const len = o.n - start + 4;
    o.u32(len);
    o.u32At(start + 4, len);
  };
  block(0x0a0d0d0a, () => {
    o.u32(0x1a2b3c4d);
    o.u16(1);
    o.u16(0);
    o.u32(0xffffffff);
    o.u32(0xffffffff);
    option(o, 4, ascii('vpp-pathviz'));
    o.u32(0);
  });
  const ifaces: PcapngInterface[] = opts.interfaces ? [...opts.interfaces] : [];
  const byLt = new Map<number, number>();
  if (!opts.interfaces) for (const f of frames) if (!byLt.has(f.linkType)) byLt.set(f.linkType, ifaces.push({ linkType: f.linkType }) - 1);
  for (const i of ifaces) {
    block(1, () => {
      o.u16(i.linkType);
      o.u16(0);
      o.u32(i.snapLen ?? opts.snapLen ?? 262144);
      if (i.name) option(o, 2, ascii(i.name));
      if (ns) option(o, 9, Uint8Array.of(9));
      o.u32(0);
    });
  }
  const div = ns ? 1n : 1000n;
  for (const f of frames) {
    const id = f.iface ?? byLt.get(f.linkType) ?? 0;
    const units = nsOf(f.timeNs) / div;
    block(6, () => {
      o.u32(id);
      o.u32(Number(units >> 32n));
      o.u32(Number(units & 0xffffffffn));
      o.u32(f.data.length);
      o.u32(f.origLen ?? f.data.length);
      o.bytes(f.data);
    });
  }
  return o.done();
}

/** pcap when every frame has the same link type, pcapng otherwise. */
export function writeCapture(frames: WriteFrame[], opts: WriteOptions = {}): { bytes: Uint8Array; format: 'pcap' | 'pcapng' } {
  const one = frames.every((f) => f.linkType === frames[0]?.linkType);
  return one ? { bytes: writePcap(frames, opts), format: 'pcap' } : { bytes: writePcapng(frames, opts), format: 'pcapng' };
}
