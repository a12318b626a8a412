// gzip is inflated by the host (Node's zlib in the CLI and main, DecompressionStream in a worker);
// core only recognises it and calls the injected inflater.

/** Inflates a whole gzip member stream; throws an Error naming the problem (truncated, corrupt, over the limit). */
export type Inflate = (gz: Uint8Array, limits: { maxOutputBytes: number }) => Uint8Array;

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}
