// The byte encoding of IPC messages for transports that carry bytes, not structured clones (HTTP in
// web mode, the in-memory test bridge). JSON for the plain data, with every Uint8Array moved out of
// the JSON into a trailing blob area so file contents travel raw (no base64, no per-byte arrays).
//
// Layout: "VPW1" · u32 LE length of the JSON text · JSON (UTF-8) · blobs, back to back.
// In the JSON, a byte array is the object {"$bytes":[offset,length]} (offset into the blob area).
import { decodeUtf8 } from '../text/utf8';

const MAGIC = [0x56, 0x50, 0x57, 0x31]; // "VPW1"

interface Utf8EncoderLike {
  encode(input: string): Uint8Array;
}
const Encoder = (globalThis as unknown as { TextEncoder?: new () => Utf8EncoderLike }).TextEncoder;

function encodeUtf8(s: string): Uint8Array {
  if (!Encoder) throw new Error('TextEncoder is not available in this runtime');
  return new Encoder().encode(s);
}

/** Plain data (JSON values and Uint8Arrays) → one byte message. Throws on anything else (class instances, functions, cycles). */
export function encodeWire(value: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const json = JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    if (v instanceof Uint8Array) {
      const ref = { $bytes: [blobBytes, v.length] };
      blobs.push(v);
      blobBytes += v.length;
      return ref;
    }
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new Error(`wire: ${key || 'value'} is not plain data (${typeof v})`);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new Error(`wire: ${key || 'value'} is not a plain object`);
      if (Object.prototype.hasOwnProperty.call(v, '$bytes')) throw new Error('wire: "$bytes" is a reserved key');
    }
    return v;
  });
  const head = encodeUtf8(json ?? 'null');
  const out = new Uint8Array(8 + head.length + blobBytes);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const b of blobs) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The inverse of encodeWire. Byte arrays come back as views into `message` (no copy). Throws on a malformed message. */
export function decodeWire(message: Uint8Array): unknown {
  if (message.length < 8 || MAGIC.some((m, i) => message[i] !== m)) throw new Error('wire: not a message (bad magic)');
  const dv = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const jsonLength = dv.getUint32(4, true);
  if (8 + jsonLength > message.length) throw new Error('wire: truncated message');
  const blobArea = message.subarray(8 + jsonLength);
  return JSON.parse(decodeUtf8(message.subarray(8, 8 + jsonLength)), (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const ref = (v as { $bytes?: unknown }).$bytes;
      if (ref !== undefined) {
        if (!Array.isArray(ref) || ref.length !== 2 || !ref.every((n) => Number.isInteger(n) && n >= 0)) throw new Error('wire: bad byte reference');
        const [off, len] = ref as [number, number];
        if (off + len > blobArea.length) throw new Error('wire: byte reference outside the message');
        return blobArea.subarray(off, off + len);
      }
    }
    return v;
  });
}
