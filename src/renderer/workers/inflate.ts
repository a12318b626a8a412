// gzip in the worker: the platform's DecompressionStream (streaming, with a size limit), run before
// the bytes reach core, which only recognises gzip (core/bytes/gzip).
import { isGzip } from '../../core/bytes/gzip';

export const MAX_INFLATED_BYTES = 4 * 1024 ** 3;

/** Inflates gzip bytes; throws an Error naming the problem (corrupt, truncated, over the limit). */
export async function gunzip(gz: Uint8Array, maxBytes = MAX_INFLATED_BYTES, onProgress?: (done: number) => void): Promise<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const written = writer.write(gz as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined);
  const reader = ds.readable.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new Error(`gzip data expands beyond the limit of ${maxBytes} bytes`);
      }
      parts.push(value);
      onProgress?.(total);
    }
    await written;
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(/limit/.test(msg) ? msg : `corrupt or truncated gzip data (${msg})`);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function maybeGunzip(b: Uint8Array, onProgress?: (done: number) => void): Promise<{ bytes: Uint8Array; gzipped: boolean }> {
  return isGzip(b) ? { bytes: await gunzip(b, MAX_INFLATED_BYTES, onProgress), gzipped: true } : { bytes: b, gzipped: false };
}
