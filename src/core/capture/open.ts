// Opening a capture: sniff the format, inflate gzip (through the injected inflater), build the
// frame index in chunks, and read frame bytes on demand.
import { isGzip, type Inflate } from '../bytes/gzip';
import { memorySource, readAll, type RangeSource } from '../bytes/source';
import { diagnostic } from '../model/diagnostic';
import type { CaptureIndex } from './index-builder';
import { indexPcap, sniffPcap } from './pcap';
import { indexPcapng, sniffPcapng } from './pcapng';
import { driveAsync, driveSync, type Indexer } from './reader';

export type CaptureKind = 'pcap' | 'pcapng';

/** Which capture format the first bytes announce (gzip is not looked into here). */
export function sniffCapture(head: Uint8Array): CaptureKind | null {
  if (sniffPcapng(head)) return 'pcapng';
  if (sniffPcap(head)) return 'pcap';
  return null;
}

export interface OpenOptions {
  /** Name used in diagnostics. */
  input?: string;
  /** Needed for gzip-compressed captures. */
  inflate?: Inflate;
  /** Limit for the inflated size of a gzip capture (default 4 GiB). */
  maxInflatedBytes?: number;
  /** Read size (default 1 MiB). */
  chunkBytes?: number;
  signal?: { readonly aborted: boolean };
}

export interface OpenedCapture {
  index: CaptureIndex;
  /** Where frame bytes are read from (the inflated bytes for a gzip capture). */
  source: RangeSource;
}

const DEFAULT_MAX_INFLATED = 4 * 1024 ** 3;

function indexer(kind: CaptureKind | null, input: string, size: number, chunk?: number): Indexer<CaptureIndex> {
  return kind === 'pcapng' ? indexPcapng(input, size, chunk) : indexPcap(input, size, chunk);
}

function inflateSource(gz: Uint8Array, opts: OpenOptions, input: string): { source: RangeSource } | { error: string } {
  if (!opts.inflate) return { error: 'gzip-compressed capture, but no gzip inflater was provided' };
  try {
    return { source: memorySource(opts.inflate(gz, { maxOutputBytes: opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED })) };
  } catch (e) {
    return { error: `${input}: ${(e as Error).message}` };
  }
}

function failed(input: string, message: string, size: number): CaptureIndex {
  return {
    input,
    format: 'pcap',
    littleEndian: true,
    nanosecond: false,
    count: 0,
    offsets: new Float64Array(0),
    capLens: new Uint32Array(0),
    origLens: new Uint32Array(0),
    tsSec: new Float64Array(0),
    tsNsec: new Uint32Array(0),
    ifaces: new Uint16Array(0),
    interfaces: [],
    warnings: [],
    error: diagnostic(input, message, { offset: 0 }),
    size,
    gzipped: false,
  };
}

/** Indexes a capture held in memory (or any synchronous source). Never throws for bad input. */
export function openCaptureSync(src: RangeSource | Uint8Array, opts: OpenOptions = {}): OpenedCapture {
  const input = opts.input ?? 'capture';
  let source = src instanceof Uint8Array ? memorySource(src) : src;
  let gzipped = false;
  const head = source.read(0, Math.min(source.size, 64));
  if (!(head instanceof Uint8Array)) throw new Error('this source reads asynchronously: use openCapture');
  if (isGzip(head)) {
    const all = source.read(0, source.size);
    if (!(all instanceof Uint8Array)) throw new Error('this source reads asynchronously: use openCapture');
    const r = inflateSource(all.slice(), opts, input);
    if ('error' in r) return { index: failed(input, r.error, source.size), source };
    source = r.source;
    gzipped = true;
  }
  const h2 = gzipped ? (source.read(0, Math.min(source.size, 64)) as Uint8Array) : head;
  const kind = sniffCapture(h2);
  if (!kind && h2.length >= 4) return { index: failed(input, `not a pcap or pcapng file (starts with ${hex4(h2)})`, source.size), source };
  const index = driveSync(indexer(kind, input, source.size, opts.chunkBytes), source);
  index.gzipped = gzipped;
  return { index, source };
}

/** Indexes a capture from any source, reading it in chunks (bounded memory unless gzip). */
export async function openCapture(src: RangeSource, opts: OpenOptions = {}): Promise<OpenedCapture> {
  const input = opts.input ?? 'capture';
  let source = src;
  let gzipped = false;
  let head = await source.read(0, Math.min(source.size, 64));
  if (isGzip(head)) {
    const r = inflateSource(await readAll(source), opts, input);
    if ('error' in r) return { index: failed(input, r.error, source.size), source };
    source = r.source;
    gzipped = true;
    head = await source.read(0, Math.min(source.size, 64));
  }
  const kind = sniffCapture(head);
  if (!kind && head.length >= 4) return { index: failed(input, `not a pcap or pcapng file (starts with ${hex4(head)})`, source.size), source };
  const index = await driveAsync(indexer(kind, input, source.size, opts.chunkBytes), source, opts.signal);
  index.gzipped = gzipped;
  return { index, source };
}

function hex4(b: Uint8Array): string {
  return Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * The captured bytes of frame i (0-based), from a synchronous source. A copy unless `copy` is
 * false: then the bytes are the source's and valid only until its next read (hot loops).
 */
export function frameBytesSync(c: OpenedCapture, i: number, copy = true): Uint8Array {
  const { index: ix, source } = c;
  if (i < 0 || i >= ix.count) throw new RangeError(`no frame ${i + 1} (the capture has ${ix.count})`);
  const b = source.read(ix.offsets[i]!, ix.capLens[i]!);
  if (!(b instanceof Uint8Array)) throw new Error('this source reads asynchronously: use frameBytes');
  return copy ? b.slice() : b;
}

export async function frameBytes(c: OpenedCapture, i: number): Promise<Uint8Array> {
  const { index: ix, source } = c;
  if (i < 0 || i >= ix.count) throw new RangeError(`no frame ${i + 1} (the capture has ${ix.count})`);
  return (await source.read(ix.offsets[i]!, ix.capLens[i]!)).slice();
}
