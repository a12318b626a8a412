// The pluggable side of pod exec: the API server turns a WebSocket exec request into one call of an
// ExecHandler and carries its streams and exit status over the channel protocol.
import { concatBytes } from '../../core/bytes/concat';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface ExecStreams {
  /** The client's stdin (ends when the client closes it), or null when it did not ask for stdin. */
  stdin: AsyncIterable<Uint8Array> | null;
  /** Sends bytes on stdout; the promise resolves when the transport can take more (backpressure). */
  stdout(chunk: Uint8Array): Promise<void>;
  stderr(chunk: Uint8Array): Promise<void>;
  /** Aborted when the client goes away or the server stops. */
  signal: AbortSignal;
}

/**
 * Runs `argv` in a container. Resolves with the exit status (0 = success); the server reports a
 * non-zero status on the error channel as the API server does (NonZeroExitCode / ExitCode cause).
 * Throwing reports an internal error (500-style Failure status) instead.
 */
export type ExecHandler = (target: ExecTarget, argv: readonly string[], io: ExecStreams) => Promise<number>;

const CHUNK = 32 * 1024;

/** Writes `bytes` in transport-sized chunks, waiting for backpressure between them. */
export async function writeChunked(write: (c: Uint8Array) => Promise<void>, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  for (let off = 0; off < bytes.length; off += CHUNK) {
    if (signal?.aborted) return;
    await write(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)));
  }
}

/** Reads a whole stdin stream (empty when there is none). */
export async function readAll(stdin: AsyncIterable<Uint8Array> | null): Promise<Uint8Array> {
  if (!stdin) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of stdin) {
    parts.push(c);
    n += c.length;
  }
  return concatBytes(parts, n);
}
