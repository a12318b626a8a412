// Opening bundles from disk with bounded memory: archives are streamed through zlib's gunzip into core's
// incremental tar reader, which keeps only file data (within the byte limit) and stops reading at the
// end-of-archive marker. A gzip bomb is stopped as soon as the limit is crossed. Nothing from an
// archive is ever written to disk. Folders are walked without following links.
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isGzip } from '../core/bytes/gzip';
import { BundleError, BundleReader, DEFAULT_MAX_BUNDLE_BYTES, assembleBundle, captureName, isTarHeader, type Bundle, type BundleSource, type RawEntry, type TarRefusal } from '../core/bundle/index';

export interface OpenBundleOptions {
  /** Maximum uncompressed bytes kept (default 4 GiB). */
  maxBytes?: number;
  signal?: AbortSignal;
}

interface Collected {
  entries: RawEntry[];
  refused: TarRefusal[];
  notes: string[];
  source: BundleSource;
}

async function head(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Streams a (possibly gzipped) archive or file from a Readable into a BundleReader. */
export async function readBundleStream(src: Readable, name: string, opts: OpenBundleOptions & { gzip: boolean }): Promise<Collected> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const reader = new BundleReader({ maxBytes, name });
  const gunzip = opts.gzip ? createGunzip({ chunkSize: 64 * 1024 }) : null;
  const stream: Readable = gunzip ? src.pipe(gunzip) : src;
  let compressedRead = 0;
  if (gunzip) {
    // Piped, so the source flows anyway: count what was read (for the truncation message), and let
    // a read error surface through the gunzip the loop iterates.
    src.on('data', (c: Buffer) => (compressedRead += c.length));
    src.on('error', (e) => gunzip.destroy(e));
  }
  let out = 0;
  try {
    for await (const chunk of stream) {
      if (opts.signal?.aborted) throw new BundleError(`${name}: cancelled`, 'corrupt');
      const c = chunk as Buffer;
      out += c.length;
      if (!reader.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength))) break;
    }
  } catch (e) {
    if (e instanceof BundleError) throw e;
    const code = (e as { code?: string }).code;
    const msg = (e as Error).message;
    if (out === 0) throw new BundleError(`${name}: corrupt gzip data (${msg})`, 'gzip');
    // Cut: keep what was read before the damage, say where it happened.
    reader.note(
      code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(msg)
        ? `the gzip stream is truncated after ${compressedRead} compressed bytes (${out} bytes inflated); files read before the cut are kept`
        : `the gzip stream is corrupt after ${out} inflated bytes (${msg}); files read before the damage are kept`,
    );
  } finally {
    src.destroy();
    gunzip?.destroy();
  }
  const r = reader.finish();
  return { entries: r.entries, refused: r.refused, notes: r.notes, source: r.archive ? 'archive' : 'files' };
}

async function readArchiveFile(file: string, opts: OpenBundleOptions): Promise<Collected> {
  const h = await head(file, 3);
  return readBundleStream(createReadStream(file, { highWaterMark: 64 * 1024 }), path.basename(file), { ...opts, gzip: isGzip(h) });
}

/** Walks a folder (links are not followed; devices, FIFOs and sockets are refused). */
async function readFolder(dir: string, opts: OpenBundleOptions): Promise<Collected> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const out: Collected = { entries: [], refused: [], notes: [], source: 'folder' };
  let total = 0;
  const walk = async (abs: string, rel: string, depth: number): Promise<void> => {
    if (depth > 16) {
      out.refused.push({ path: rel, reason: 'folder nested too deeply', offset: 0 });
      return;
    }
    const names = (await readdir(abs)).sort();
    for (const n of names) {
      if (opts.signal?.aborted) throw new BundleError(`${dir}: cancelled`, 'corrupt');
      const a = path.join(abs, n);
      const r = rel ? `${rel}/${n}` : n;
      const st = await lstat(a);
      if (st.isSymbolicLink()) out.refused.push({ path: r, reason: 'a symbolic link is not followed', offset: 0 });
      else if (st.isDirectory()) await walk(a, r, depth + 1);
      else if (!st.isFile()) out.refused.push({ path: r, reason: 'not a regular file (device, FIFO or socket)', offset: 0 });
      else {
        total += st.size;
        if (total > maxBytes) throw new BundleError(`${dir}: the folder holds more than the limit of ${maxBytes} bytes`, 'limit');
        out.entries.push({ path: r, bytes: new Uint8Array(await readFile(a)) });
      }
    }
  };
  await walk(dir, '', 0);
  return out;
}

/** A loose file (captures stay compressed; they are inflated when read). */
async function readLoose(file: string, opts: OpenBundleOptions): Promise<Collected> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const st = await lstat(file);
  if (st.size > maxBytes) throw new BundleError(`${file}: ${st.size} bytes, over the limit of ${maxBytes}`, 'limit');
  return { entries: [{ path: path.basename(file), bytes: new Uint8Array(await readFile(file)) }], refused: [], notes: [], source: 'files' };
}

/** Tar, or gzip that is not a capture (the stream reader then tells a tar.gz from one gzipped file). */
async function isArchive(file: string): Promise<boolean> {
  const h = await head(file, 512);
  if (isGzip(h)) return !captureName(path.basename(file)) && !/\.pcap(?:ng)?\.gz$/.test(file);
  return h.length === 512 && isTarHeader(h);
}

/**
 * Opens one or more paths as a bundle: an archive (tar, tar.gz), a folder, loose files, or an archive
 * plus added captures. Throws BundleError (limit, corrupt, empty) or an Error naming the path.
 */
export async function openBundlePaths(paths: string[], opts: OpenBundleOptions = {}): Promise<Bundle> {
  if (paths.length === 0) throw new BundleError('no input given', 'empty');
  const parts: Collected[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await lstat(p);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new BundleError(`${p}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'empty');
    }
    // A path the user named may be a link; links inside folders and archives are never followed.
    if (st.isSymbolicLink()) st = await stat(p);
    if (st.isDirectory()) parts.push(await readFolder(p, opts));
    else if (await isArchive(p)) parts.push(await readArchiveFile(p, opts));
    else parts.push(await readLoose(p, opts));
  }
  const entries = parts.flatMap((c) => c.entries);
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const total = entries.reduce((s, e) => s + e.bytes.length, 0);
  if (total > maxBytes) throw new BundleError(`the inputs hold ${total} bytes, over the limit of ${maxBytes}`, 'limit');
  const source: BundleSource = parts.some((c) => c.source === 'archive') ? 'archive' : parts.some((c) => c.source === 'folder') ? 'folder' : 'files';
  return assembleBundle(entries, {
    name: paths.length === 1 ? path.basename(paths[0]!) : `${path.basename(paths[0]!)} (+${paths.length - 1})`,
    source,
    refused: parts.flatMap((c) => c.refused),
    notes: parts.flatMap((c) => c.notes),
  });
}

/** Opens bundle bytes already in memory, streaming the inflate so that a bomb stops at the limit. */
export async function openBundleBytes(bytes: Uint8Array, name: string, opts: OpenBundleOptions = {}): Promise<Bundle> {
  const c = await readBundleStream(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), name, { ...opts, gzip: isGzip(bytes) });
  return assembleBundle(c.entries, { name, source: c.source, refused: c.refused, notes: c.notes });
}
