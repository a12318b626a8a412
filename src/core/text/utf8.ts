// UTF-8 decoding for core. TextDecoder exists in every runtime core runs in (renderer Web Worker,
// Node.js, the CLI) but belongs to neither the ES2022 lib nor a lib core may load, so it is reached
// through globalThis with the minimal shape core needs.

interface Utf8DecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type Utf8DecoderCtor = new (label?: string, options?: { fatal?: boolean }) => Utf8DecoderLike;

const Ctor = (globalThis as unknown as { TextDecoder?: Utf8DecoderCtor }).TextDecoder;

/** A streaming UTF-8 decoder; invalid sequences become U+FFFD, never an exception. */
export function createUtf8Decoder(): Utf8DecoderLike {
  if (!Ctor) throw new Error('TextDecoder is not available in this runtime');
  return new Ctor('utf-8', { fatal: false });
}

/** Decodes bytes as UTF-8 (lossy). */
export function decodeUtf8(bytes: Uint8Array): string {
  return createUtf8Decoder().decode(bytes);
}

/** Share of bytes in the head that look like binary (NUL or control other than tab/CR/LF/FF/ESC). */
export function binaryRatio(head: Uint8Array): number {
  if (head.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27)) bad++;
  }
  return bad / head.length;
}
