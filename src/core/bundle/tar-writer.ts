// A pure tar writer (POSIX ustar) and a gzip container writer, used by the simulator's bundles and
// by `vpp-pathviz export`. The gzip writer takes an injected
// deflate (Node's zlib in hosts and tests); without one it writes DEFLATE "stored" blocks, which
// every gzip reader accepts, so core code can produce a `.tar.gz` / `.gz` on its own.

export interface TarFile {
  /** Path inside the archive (`/`-separated, relative). A path ending in `/` is a directory. */
  path: string;
  data: Uint8Array;
  /** Modification time, seconds since the epoch (default 0). */
  mtime?: number;
  /** Permission bits (default 0644 for files, 0755 for directories). */
  mode?: number;
}

/** UTF-8 bytes of a string (core has no TextEncoder). */
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

const enc = { encode: utf8 };

function octal(out: Uint8Array, at: number, len: number, value: number): void {
  const s = Math.floor(value).toString(8).padStart(len - 1, '0');
  if (s.length > len - 1) throw new Error(`tar: value ${value} does not fit ${len - 1} octal digits`);
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  out[at + len - 1] = 0;
}

function field(out: Uint8Array, at: number, len: number, text: Uint8Array): void {
  out.set(text.subarray(0, len), at);
}

/** Splits a long path into ustar prefix (≤ 155) and name (≤ 100) at a `/`. */
function splitPath(path: Uint8Array): { prefix: Uint8Array; name: Uint8Array } {
  if (path.length <= 100) return { prefix: new Uint8Array(0), name: path };
  for (let i = Math.min(path.length - 1, 155); i > 0; i--) {
    if (path[i] === 0x2f && path.length - i - 1 <= 100 && path.length - i - 1 > 0) return { prefix: path.subarray(0, i), name: path.subarray(i + 1) };
  }
  throw new Error(`tar: path too long for ustar (${path.length} bytes)`);
}

function header(f: TarFile): Uint8Array {
  const h = new Uint8Array(512);
  const dir = f.path.endsWith('/');
  const { prefix, name } = splitPath(enc.encode(f.path));
  field(h, 0, 100, name);
  octal(h, 100, 8, f.mode ?? (dir ? 0o755 : 0o644));
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, dir ? 0 : f.data.length);
  octal(h, 136, 12, f.mtime ?? 0);
  h.fill(0x20, 148, 156);
  h[156] = dir ? 0x35 : 0x30;
  field(h, 257, 6, enc.encode('ustar\0'));
  field(h, 263, 2, enc.encode('00'));
  field(h, 265, 32, enc.encode('root'));
  field(h, 297, 32, enc.encode('root'));
  field(h, 345, 155, prefix);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i] ?? 0;
  const s = sum.toString(8).padStart(6, '0');
  for (let i = 0; i < 6; i++) h[148 + i] = s.charCodeAt(i);
  h[154] = 0;
  h[155] = 0x20;
  return h;
}

/** A tar archive of the files, in the given order, ending with two zero blocks. */
export function writeTar(files: TarFile[]): Uint8Array {
  let size = 1024;
  for (const f of files) size += 512 + (f.path.endsWith('/') ? 0 : Math.ceil(f.data.length / 512) * 512);
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of files) {
    out.set(header(f), at);
    at += 512;
    if (f.path.endsWith('/')) continue;
    out.set(f.data, at);
    at += Math.ceil(f.data.length / 512) * 512;
  }
  return out;
}

// ---- gzip -----------------------------------------------------------------------------------

/** Raw DEFLATE (RFC 1951) of some bytes, e.g. `(b) => zlib.deflateRawSync(b)`. */
export type Deflate = (data: Uint8Array) => Uint8Array;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DEFLATE stored blocks (no compression), for when no deflate is injected. */
export function deflateStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / 65535));
  const out = new Uint8Array(data.length + blocks * 5);
  let at = 0;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, data.length - start);
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = len & 0xff;
    out[at + 2] = len >>> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >>> 8) & 0xff;
    out.set(data.subarray(start, start + len), at + 5);
    at += 5 + len;
  }
  return out;
}

/** A gzip member (RFC 1952) around the DEFLATE of `data`; mtime 0, no name (reproducible). */
export function gzip(data: Uint8Array, deflate: Deflate = deflateStored): Uint8Array {
  const body = deflate(data);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3], 0);
  out.set(body, 10);
  const v = new DataView(out.buffer);
  v.setUint32(10 + body.length, crc32(data), true);
  v.setUint32(14 + body.length, data.length >>> 0, true);
  return out;
}
