// Binary-safe file download from a pod over exec, without a shell: the pod's `sha256sum FILE` gives
// the reference digest, `gzip -c FILE` streams the file compressed, and the local side checks the
// gzip integrity (CRC), the size (gzip ISIZE against the bytes produced) and the SHA-256 against
// the pod's. A broken or corrupt stream is retried (3 attempts by default); when all fail the
// remote file is kept and the error gives the `kubectl cp` command to fetch it by hand.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ExecTarget, KubeSession } from './client';
import { KubeError } from './errors';

export interface DownloadOptions {
  target: ExecTarget;
  /** Absolute path in the container. */
  remotePath: string;
  /** Where to write locally (written to a temporary name, renamed when verified). */
  localPath: string;
  /** Store the gzip stream as received (verified all the same) instead of the decompressed file. */
  keepCompressed?: boolean;
  /** `rm -f` the remote file after a verified download (default false). */
  removeRemote?: boolean;
  /** Attempts before giving up (default 3). */
  maxAttempts?: number;
  /** Pause between attempts (default 500 ms). */
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Compressed bytes received so far in the current attempt. */
  onProgress?: (compressedBytes: number) => void;
  /** Told about each failed attempt (reason already redacted). */
  onAttemptFailed?: (attempt: number, reason: string) => void;
}

export interface DownloadResult {
  localPath: string;
  /** Size of the file (decompressed). */
  bytes: number;
  /** Bytes that crossed the wire. */
  compressedBytes: number;
  sha256: string;
  attempts: number;
  remoteRemoved: boolean;
}

const NO_FILE = /No such file or directory/;

/** The pod's SHA-256 of `remotePath` (lower-case hex). */
export async function remoteSha256(session: KubeSession, target: ExecTarget, remotePath: string, o: { idleTimeoutMs?: number; signal?: AbortSignal } = {}): Promise<string> {
  const r = await session.exec(target, ['sha256sum', remotePath], o);
  const where = `pod ${target.namespace}/${target.pod} (container ${target.container})`;
  if (r.exitCode !== 0) {
    if (NO_FILE.test(r.stderr)) throw new KubeError('not-found', `${remotePath} does not exist in ${where}`);
    throw new KubeError('transfer', `sha256sum ${remotePath} failed in ${where} (exit ${r.exitCode}): ${r.stderr.trim() || 'no message'}`);
  }
  const m = /^([0-9a-f]{64})\s/.exec(new TextDecoder().decode(r.stdout));
  if (!m) throw new KubeError('transfer', `sha256sum in ${where} printed no digest for ${remotePath}`);
  return m[1]!;
}

class AttemptError extends Error {}

class ShaFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('sha256sum failed');
  }
}

async function attemptOnce(session: KubeSession, o: DownloadOptions, expectedP: Promise<string>, tmp: string): Promise<Omit<DownloadResult, 'attempts' | 'remoteRemoved' | 'localPath'>> {
  const file = createWriteStream(tmp, { mode: 0o644 });
  const gunzip = createGunzip();
  const hash = createHash('sha256');
  let outBytes = 0;
  let compressed = 0;
  let tail = Buffer.alloc(0);
  let gzError: Error | null = null;
  gunzip.on('error', (e) => (gzError = e));
  file.on('error', () => {});
  gunzip.on('data', (c: Buffer) => {
    hash.update(c);
    outBytes += c.length;
  });
  if (!o.keepCompressed) gunzip.pipe(file);
  const drain = (s: NodeJS.WritableStream) => new Promise<void>((r) => s.once('drain', () => r()));
  try {
    const r = await session.exec(o.target, ['gzip', '-c', o.remotePath], {
      idleTimeoutMs: o.idleTimeoutMs,
      signal: o.signal,
      onStdout: (chunk) => {
        if (gzError) return;
        const b = Buffer.from(chunk);
        compressed += b.length;
        tail = Buffer.concat([tail, b]).subarray(-8);
        o.onProgress?.(compressed);
        const waits: Promise<void>[] = [];
        if (o.keepCompressed && !file.write(b)) waits.push(drain(file));
        if (!gunzip.write(b)) waits.push(drain(gunzip));
        return waits.length ? Promise.all(waits).then(() => {}) : undefined;
      },
    });
    if (r.exitCode !== 0) {
      if (NO_FILE.test(r.stderr)) throw new KubeError('not-found', `${o.remotePath} disappeared from pod ${o.target.namespace}/${o.target.pod} during the download`);
      throw new AttemptError(`gzip -c exited with ${r.exitCode}: ${r.stderr.trim() || 'no message'}`);
    }
    gunzip.end();
    await finished(gunzip).catch(() => {});
    if (gzError) throw new AttemptError(`the received gzip stream is corrupt: ${(gzError as Error).message}`);
    if (o.keepCompressed) file.end();
    await finished(file);
  } catch (e) {
    gunzip.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  const digest = hash.digest('hex');
  let expected: string;
  try {
    expected = await expectedP;
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const isize = tail.length === 8 ? tail.readUInt32LE(4) : -1;
  let problem: string | null = null;
  if (isize !== outBytes % 2 ** 32) problem = `size mismatch: the gzip stream says ${isize} bytes, ${outBytes} were decompressed`;
  else if (digest !== expected) problem = `SHA-256 mismatch: the pod has ${expected}, received ${digest}`;
  if (problem) {
    await rm(tmp, { force: true });
    throw new AttemptError(problem);
  }
  return { bytes: outBytes, compressedBytes: compressed, sha256: digest };
}

/** Downloads one file; see the module comment. Throws KubeError ('not-found', 'transfer', RBAC…). */
export async function downloadFile(session: KubeSession, o: DownloadOptions): Promise<DownloadResult> {
  const where = `pod ${o.target.namespace}/${o.target.pod} (container ${o.target.container})`;
  // The pod's digest is asked while the file streams (one round trip less); it is awaited before
  // the first comparison, and its failure (no such file, no sha256sum) wins over the stream's.
  const expectedP = remoteSha256(session, o.target, o.remotePath, { idleTimeoutMs: o.idleTimeoutMs, signal: o.signal });
  expectedP.catch(() => {});
  const max = Math.max(1, o.maxAttempts ?? 3);
  const tmp = `${o.localPath}.part-${process.pid}`;
  let last = '';
  for (let attempt = 1; attempt <= max; attempt++) {
    try {
      const r = await attemptOnce(session, o, expectedP, tmp).catch(async (e: unknown) => {
        // The digest could not be had: that failure, as asking for it first would have given it.
        const shaFailure = await expectedP.then(() => null, (x: unknown) => x);
        throw shaFailure ? new ShaFailure(shaFailure) : e;
      });
      await rename(tmp, o.localPath);
      let remoteRemoved = false;
      if (o.removeRemote) {
        const rmr = await session.exec(o.target, ['rm', '-f', o.remotePath], { signal: o.signal });
        remoteRemoved = rmr.exitCode === 0;
      }
      return { ...r, localPath: o.localPath, attempts: attempt, remoteRemoved };
    } catch (e) {
      if (e instanceof ShaFailure) throw e.cause;
      if (e instanceof KubeError && (e.kind === 'cancelled' || e.kind === 'forbidden' || e.kind === 'unauthorized' || e.kind === 'not-found')) throw e;
      last = session.redact(e instanceof Error ? e.message : String(e));
      o.onAttemptFailed?.(attempt, last);
      if (attempt < max) await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 500));
    }
  }
  const cp = session.kubectlCommand(['cp', '-n', o.target.namespace, '-c', o.target.container, `${o.target.pod}:${o.remotePath}`, o.keepCompressed ? o.localPath.replace(/\.gz$/, '') : o.localPath]);
  throw new KubeError('transfer', `could not download ${o.remotePath} from ${where} after ${max} attempts; last failure: ${last}`, {
    hint: `The file was left in the pod. Copy it by hand with:\n  ${cp}`,
  });
}
