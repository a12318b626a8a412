// Pod exec over WebSocket: the channel protocols v4.channel.k8s.io and v5.channel.k8s.io.
// Every binary message starts with a channel byte: 0 stdin, 1 stdout, 2 stderr, 3 error (a JSON
// metav1.Status when the command ends), 4 resize; v5 adds 255 "close" (second byte: the channel
// the sender will not write any more, used by clients to end stdin).
import type { ExecHandler, ExecTarget } from './exec-handler';
import type { WsConnection } from './websocket';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;

export interface ExecSessionOptions {
  target: ExecTarget;
  argv: string[];
  wantStdin: boolean;
  wantStdout: boolean;
  wantStderr: boolean;
  handler: ExecHandler;
  /** Cut the TCP connection after this many stdout bytes (fault injection). */
  cutStdoutAfter?: number;
  /** Aborted when the server stops. */
  serverSignal: AbortSignal;
}

/** A queue that turns pushed chunks into an async iterable; ends on close(). */
class ChunkQueue implements AsyncIterable<Uint8Array> {
  private items: Uint8Array[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(c: Uint8Array): void {
    if (this.ended) return;
    this.items.push(c);
    this.wake?.();
  }

  close(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.items.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}

function frame(channel: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 1);
  out[0] = channel;
  out.set(data, 1);
  return out;
}

/** The error-channel Status the kubelet sends (remotecommand v4+). */
export function exitStatusJson(argv: readonly string[], code: number): string {
  if (code === 0) return JSON.stringify({ metadata: {}, status: 'Success' });
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  });
}

/** Runs one exec over an accepted WebSocket; resolves when the session is over. */
export async function runExecSession(ws: WsConnection, o: ExecSessionOptions): Promise<void> {
  const v5 = ws.protocol === 'v5.channel.k8s.io';
  const abort = new AbortController();
  const onServerAbort = () => abort.abort();
  o.serverSignal.addEventListener('abort', onServerAbort);
  const stdin = o.wantStdin ? new ChunkQueue() : null;
  ws.onClose(() => {
    stdin?.close();
    abort.abort();
  });
  ws.onMessage((data) => {
    if (data.length === 0) return;
    const ch = data[0]!;
    if (ch === STDIN) stdin?.push(new Uint8Array(data.subarray(1)));
    else if (v5 && ch === CLOSE && data[1] === STDIN) stdin?.close();
    // channel 4 (resize) is accepted and ignored: there is no terminal.
  });

  let stdoutSent = 0;
  let cut = false;
  const send = async (channel: number, chunk: Uint8Array) => {
    if (chunk.length === 0 || abort.signal.aborted) return;
    if (channel === STDOUT && o.cutStdoutAfter !== undefined) {
      const room = o.cutStdoutAfter - stdoutSent;
      if (room < chunk.length) {
        if (room > 0) await ws.send(frame(channel, chunk.subarray(0, room)));
        stdoutSent += Math.max(0, room);
        cut = true;
        ws.cut();
        abort.abort();
        return;
      }
      stdoutSent += chunk.length;
    }
    await ws.send(frame(channel, chunk));
  };

  let status: string;
  try {
    const code = await o.handler(o.target, o.argv, {
      stdin,
      stdout: (c) => (o.wantStdout ? send(STDOUT, c) : Promise.resolve()),
      stderr: (c) => (o.wantStderr ? send(STDERR, c) : Promise.resolve()),
      signal: abort.signal,
    });
    status = exitStatusJson(o.argv, code);
  } catch (e) {
    status = JSON.stringify({ metadata: {}, status: 'Failure', message: `Internal error occurred: error executing command in container: ${(e as Error).message}`, reason: 'InternalError', code: 500 });
  } finally {
    o.serverSignal.removeEventListener('abort', onServerAbort);
  }
  if (cut || !ws.isOpen) return;
  await ws.send(frame(ERROR, new TextEncoder().encode(status)));
  ws.close(1000);
}
