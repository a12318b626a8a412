// An incremental tar reader over bytes (ustar, GNU long names/links, pax extended headers).
// It never writes anything anywhere: entries are handed to the caller in memory. Entries with absolute
// paths, `..` components, links, devices or FIFOs are refused (reported, data skipped). Sizes are
// checked from the header before any data is kept, so an archive cannot make it hold more than
// `maxBytes` in total.
import { concatBytes } from '../bytes/concat';

export interface TarEntry {
  /** Normalised relative path (`a/b/c`). */
  path: string;
  bytes: Uint8Array;
  /** The archive ended inside this entry: bytes holds what was there. */
  truncated: boolean;
  /** Header offset in the (uncompressed) archive. */
  offset: number;
}

export interface TarRefusal {
  path: string;
  reason: string;
  offset: number;
}

export class TarError extends Error {
  constructor(
    message: string,
    readonly offset: number | null,
  ) {
    super(message);
    this.name = 'TarError';
  }
}

/** The archive would expand beyond the configured limit. */
export class TarLimitError extends TarError {
  constructor(message: string, offset: number | null) {
    super(message, offset);
    this.name = 'TarLimitError';
  }
}

export interface TarOptions {
  /** Maximum bytes of entry data kept, in total. */
  maxBytes: number;
  /** Maximum size of one extended header (pax / GNU long name). */
  maxMetaBytes?: number;
}

const BLOCK = 512;

/** True when a 512-byte block is a tar header with a valid checksum. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < BLOCK) return false;
  const stored = octal(block, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 32 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

function isZero(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function cstr(b: Uint8Array, off: number, len: number): string {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  let s = '';
  for (let i = off; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** Header text fields are bytes; names are decoded as UTF-8 (lossy) by the caller via utf8Name. */
function rawField(b: Uint8Array, off: number, len: number): Uint8Array {
  let end = off;
  while (end < off + len && b[end] !== 0) end++;
  return b.subarray(off, end);
}

function octal(b: Uint8Array, off: number, len: number): number | null {
  const s = cstr(b, off, len).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) return null;
  const n = parseInt(s, 8);
  return Number.isSafeInteger(n) ? n : null;
}

/** Size field: octal, or GNU base-256 (high bit of the first byte set). */
function sizeField(b: Uint8Array, off: number, len: number): number | null {
  if ((b[off]! & 0x80) !== 0) {
    if ((b[off]! & 0x40) !== 0) return null; // negative
    let n = b[off]! & 0x3f;
    for (let i = 1; i < len; i++) {
      n = n * 256 + b[off + i]!;
      if (!Number.isSafeInteger(n)) return null;
    }
    return n;
  }
  return octal(b, off, len);
}

type Decode = (bytes: Uint8Array) => string;

/** Normalises an archive path; returns a refusal reason for unsafe ones. */
export function safePath(raw: string): { path: string } | { reason: string } {
  if (raw.includes('\u0000')) return { reason: 'the name contains a NUL byte' };
  const p = raw.replace(/\\/g, '/');
  if (p.startsWith('/')) return { reason: 'absolute path' };
  if (/^[A-Za-z]:/.test(p)) return { reason: 'absolute (drive) path' };
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { reason: "path contains '..'" };
    parts.push(seg);
  }
  if (parts.length === 0) return { reason: 'empty name' };
  return { path: parts.join('/') };
}

const TYPE_NAMES: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
  S: 'a GNU sparse file',
  M: 'a GNU multi-volume continuation',
};

type TarState = 'header' | 'data' | 'skip' | 'meta' | 'done';

interface PaxState {
  path?: string;
  linkpath?: string;
  size?: number;
}

/**
 * Incremental tar parser. push() chunks in order; it returns false once the end-of-archive marker
 * has been read (the caller may stop feeding). end() reports a truncated archive.
 */
export class TarReader {
  readonly entries: TarEntry[] = [];
  readonly refused: TarRefusal[] = [];
  readonly notes: string[] = [];
  private buf: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private state: TarState = 'header';
  private remaining = 0;
  private padding = 0;
  private current: { path: string | null; refusal: string | null; parts: Uint8Array[]; got: number; size: number; offset: number } | null = null;
  private meta: { type: string; parts: Uint8Array[]; got: number; size: number } | null = null;
  private pax: PaxState = {};
  private globalPax: PaxState = {};
  private longName: string | null = null;
  private kept = 0;
  private zeroBlocks = 0;
  private sawHeader = false;

  constructor(
    private readonly opts: TarOptions,
    private readonly decode: Decode,
  ) {}

  /** Bytes of entry data kept so far. */
  get keptBytes(): number {
    return this.kept;
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  /** The state, read through a method so that narrowing does not survive calls that change it. */
  private now(): TarState {
    return this.state;
  }

  /** Feeds the next chunk. Returns false when the archive's end marker has been reached. */
  push(chunk: Uint8Array): boolean {
    if (this.state === 'done') return false;
    this.buf = this.buf.length === 0 ? chunk : concatBytes([this.buf, chunk]);
    const buf = this.buf;
    let pos = 0;
    while (this.now() !== 'done') {
      if (this.now() === 'header') {
        if (buf.length - pos < BLOCK) break;
        this.header(buf.subarray(pos, pos + BLOCK));
        pos += BLOCK;
        this.offset += BLOCK;
      } else if (this.remaining > 0) {
        if (pos >= buf.length) break;
        const n = Math.min(buf.length - pos, this.remaining);
        const part = buf.subarray(pos, pos + n);
        if (this.state === 'data') {
          this.current!.parts.push(part);
          this.current!.got += n;
        } else if (this.state === 'meta') {
          this.meta!.parts.push(part);
          this.meta!.got += n;
        }
        pos += n;
        this.offset += n;
        this.remaining -= n;
      } else if (this.padding > 0) {
        if (pos >= buf.length) break;
        const n = Math.min(buf.length - pos, this.padding);
        pos += n;
        this.offset += n;
        this.padding -= n;
      } else this.finishRecord();
    }
    // Keep only the unread tail (less than a block, or nothing once done).
    this.buf = this.now() === 'done' || pos >= buf.length ? new Uint8Array(0) : buf.slice(pos);
    return this.now() !== 'done';
  }

  /** Ends the input; notes a truncated archive and keeps what was read of a cut entry. */
  end(): void {
    if (this.state === 'done') return;
    if (this.state === 'data' && this.current) {
      const c = this.current;
      const cut = c.got < c.size;
      if (c.path) this.entries.push({ path: c.path, bytes: concatBytes(c.parts, c.got), truncated: cut, offset: c.offset });
      this.notes.push(
        cut
          ? `the archive ends inside '${c.path ?? '?'}' (${c.got} of ${c.size} bytes); the entry is kept cut short`
          : `the archive is truncated after '${c.path ?? '?'}'`,
      );
    } else if (this.state !== 'header' || this.buf.length > 0) {
      this.notes.push(`the archive is truncated at byte ${this.offset + this.buf.length}`);
    } else if (!this.sawHeader && this.offset === 0) {
      throw new TarError('empty input: no tar header', 0);
    } else if (this.zeroBlocks === 0) {
      this.notes.push('the archive has no end-of-archive marker (it may be truncated)');
    }
    this.state = 'done';
    this.current = null;
    this.meta = null;
  }

  private header(block: Uint8Array): void {
    if (isZero(block)) {
      this.zeroBlocks++;
      if (!this.sawHeader) {
        this.state = 'done';
        this.notes.push('the archive is empty');
      } else if (this.zeroBlocks >= 1) {
        // One zero block ends the archive for us (GNU tar warns about a lone one, we just stop).
        this.state = 'done';
      }
      return;
    }
    if (!isTarHeader(block)) {
      throw new TarError(this.sawHeader ? `corrupt tar header at byte ${this.offset}` : 'not a tar archive (no valid header at byte 0)', this.offset);
    }
    this.sawHeader = true;
    const type = String.fromCharCode(block[156]!) || '0';
    const headerSize = sizeField(block, 124, 12);
    if (headerSize === null) throw new TarError(`unreadable size field in the tar header at byte ${this.offset}`, this.offset);
    const size = this.pax.size ?? this.globalPax.size ?? headerSize;
    this.remaining = 0;
    this.padding = 0;
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      const max = this.opts.maxMetaBytes ?? 1 << 20;
      if (headerSize > max) throw new TarLimitError(`an extended tar header at byte ${this.offset} declares ${headerSize} bytes (limit ${max})`, this.offset);
      this.meta = { type, parts: [], got: 0, size: headerSize };
      this.state = 'meta';
      this.remaining = headerSize;
      this.padding = pad(headerSize);
      return;
    }
    const ustar = cstr(block, 257, 6) === 'ustar';
    let name = this.decode(rawField(block, 0, 100));
    if (ustar && block[263] === 0x30 /* '00' POSIX */) {
      const prefix = this.decode(rawField(block, 345, 155));
      if (prefix) name = `${prefix}/${name}`;
    }
    name = this.pax.path ?? this.longName ?? name;
    this.pax = {};
    this.longName = null;
    const entryOffset = this.offset;
    const isFile = type === '0' || type === '\u0000' || type === '7';
    let refusal: string | null = null;
    if (type === '5') refusal = null;
    else if (!isFile) refusal = TYPE_NAMES[type] ? `${TYPE_NAMES[type]} is not allowed in a bundle` : `unsupported tar entry type '${type}'`;
    const safe = safePath(name);
    let path: string | null = null;
    if ('reason' in safe) refusal = refusal ? `${refusal} (and ${safe.reason})` : safe.reason;
    else path = safe.path;
    // Links, devices, FIFOs and directories carry no data; anything else is skipped by its size.
    const hasData = !'12346'.includes(type) && type !== '5' && size > 0;
    if (refusal) {
      this.refused.push({ path: name, reason: refusal, offset: entryOffset });
      this.state = hasData ? 'skip' : 'header';
      this.remaining = hasData ? size : 0;
      this.padding = hasData ? pad(size) : 0;
      this.current = null;
      return;
    }
    if (type === '5') {
      this.state = 'header';
      return;
    }
    if (this.kept + size > this.opts.maxBytes) {
      throw new TarLimitError(
        `the archive expands beyond the limit of ${this.opts.maxBytes} bytes: '${path}' declares ${size} bytes after ${this.kept} bytes of other files`,
        entryOffset,
      );
    }
    this.kept += size;
    this.current = { path, refusal: null, parts: [], got: 0, size, offset: entryOffset };
    this.state = 'data';
    this.remaining = size;
    this.padding = pad(size);
  }

  private finishRecord(): void {
    if (this.state === 'data' && this.current) {
      const c = this.current;
      this.entries.push({ path: c.path!, bytes: concatBytes(c.parts, c.got), truncated: false, offset: c.offset });
      this.current = null;
    } else if (this.state === 'meta' && this.meta) {
      const data = concatBytes(this.meta.parts, this.meta.got);
      if (this.meta.type === 'L') this.longName = this.decode(rawField(data, 0, data.length));
      else if (this.meta.type === 'x') this.pax = parsePax(data, this.decode);
      else if (this.meta.type === 'g') this.globalPax = { ...this.globalPax, ...parsePax(data, this.decode), path: undefined, size: undefined };
      // 'K' (long link name) only matters for links, which are refused anyway.
      this.meta = null;
    }
    this.state = 'header';
  }
}

function pad(size: number): number {
  const r = size % BLOCK;
  return r === 0 ? 0 : BLOCK - r;
}

/** pax records: "<len> <key>=<value>\n". */
function parsePax(data: Uint8Array, decode: Decode): PaxState {
  const out: PaxState = {};
  let i = 0;
  while (i < data.length) {
    let j = i;
    while (j < data.length && data[j] !== 0x20) j++;
    const len = Number(cstr(data, i, j - i));
    if (!Number.isSafeInteger(len) || len <= 0 || i + len > data.length) break;
    const rec = decode(data.subarray(j + 1, i + len - 1));
    const eq = rec.indexOf('=');
    if (eq > 0) {
      const k = rec.slice(0, eq);
      const v = rec.slice(eq + 1);
      if (k === 'path') out.path = v;
      else if (k === 'linkpath') out.linkpath = v;
      else if (k === 'size' && /^\d+$/.test(v)) out.size = Number(v);
    }
    i += len;
  }
  return out;
}

/** Reads a whole tar archive held in memory. */
export function readTar(bytes: Uint8Array, opts: TarOptions, decode: Decode): { entries: TarEntry[]; refused: TarRefusal[]; notes: string[] } {
  const r = new TarReader(opts, decode);
  r.push(bytes);
  r.end();
  return { entries: r.entries, refused: r.refused, notes: r.notes };
}
