// One long-lived `vppctl -s SOCKET` per node, fed VPP command lines on stdin: the same argument
// vector as a one-shot vppctl (no shell anywhere), but one pod exec — one TLS WebSocket — for all
// the commands of a capture instead of one each.
//
// vppctl with no command copies stdin to VPP's CLI socket as it arrives; VPP runs one line at a
// time and answers in order, without prompts or echo (vppctl announces the terminal type "vppctl"),
// and vppctl strips VPP's NUL acknowledgements, so stdout alone does not say where one answer ends.
// Each command is therefore followed by `echo MARK` with a fresh random MARK: everything before the
// line holding MARK is the command's answer (a VPP without `echo` answers "unknown input `echo
// MARK'", which holds it too). Command words are checked as for a one-shot vppctl (no control
// characters, so a newline can never smuggle in a second command).
//
// Any trouble — the stream breaks, a command sends nothing for its idle time, a caller cancels —
// ends that vppctl (its pending commands fail with the reason) and the next command starts a new
// one. close() ends stdin: vppctl quits once VPP answered everything.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { ExecTarget, KubeSession } from './client';
import { KubeError } from './errors';
import { VPP_CLI_SOCKET, VPPCTL_PATH, vppctlArgv, VppctlArgumentError } from './vppctl';

export interface SessionCommandOptions {
  /** Fails (and ends this vppctl) when the answer stalls this long (default 60 s). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

interface Pending {
  line: string;
  mark: string;
  idleMs: number;
  timer: NodeJS.Timeout | null;
  resolve(out: string): void;
  reject(e: Error): void;
  detach(): void;
}

/** One running `vppctl` exec and the commands waiting for their answers. */
class Channel {
  readonly stdin = new PassThrough();
  private readonly abort = new AbortController();
  private readonly queue: Pending[] = [];
  private text = '';
  private scanFrom = 0;
  private readonly dec = new TextDecoder();
  dead: Error | null = null;
  readonly ended: Promise<void>;

  constructor(
    session: KubeSession,
    target: ExecTarget,
    private readonly where: string,
  ) {
    this.ended = session
      .exec(target, [VPPCTL_PATH, '-s', VPP_CLI_SOCKET], {
        stdinStream: this.stdin,
        signal: this.abort.signal,
        // The exec itself may stay quiet between commands; each command has its own idle limit.
        idleTimeoutMs: 2 ** 31 - 1,
        onStdout: (c) => this.receive(c),
      })
      .then(
        (r) => {
          const why = r.exitCode === 127
            ? `vppctl is not installed at ${VPPCTL_PATH} in ${where}`
            : `vppctl in ${where} ended${r.exitCode ? ` with exit status ${r.exitCode}` : ''}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ''} before answering`;
          this.kill(new KubeError('exec', why));
        },
        (e: unknown) => this.kill(e instanceof Error ? e : new Error(String(e))),
      );
  }

  send(line: string, o: SessionCommandOptions): Promise<string> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<string>((resolve, reject) => {
      const mark = `vpp-pathviz-${randomBytes(12).toString('hex')}`;
      const onAbort = () => this.kill(new KubeError('cancelled', `cancelled: vppctl ${line} in ${this.where}`));
      const p: Pending = {
        line,
        mark,
        idleMs: o.idleTimeoutMs ?? 60_000,
        timer: null,
        resolve,
        reject,
        detach: () => {
          if (p.timer) clearTimeout(p.timer);
          o.signal?.removeEventListener('abort', onAbort);
        },
      };
      if (o.signal?.aborted) return reject(new KubeError('cancelled', `cancelled: vppctl ${line} in ${this.where}`));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(p);
      this.arm(p);
      this.stdin.write(`${line}\necho ${mark}\n`);
    });
  }

  private arm(p: Pending): void {
    if (p.timer) clearTimeout(p.timer);
    p.timer = setTimeout(() => this.kill(new KubeError('timeout', `vppctl ${p.line} in ${this.where} sent nothing for ${p.idleMs / 1000}s; gave up`)), p.idleMs);
  }

  private receive(chunk: Uint8Array): void {
    this.text += this.dec.decode(chunk, { stream: true });
    for (const p of this.queue) this.arm(p);
    for (;;) {
      const head = this.queue[0];
      if (!head) break;
      const at = this.text.indexOf(head.mark, this.scanFrom);
      if (at < 0) {
        this.scanFrom = Math.max(0, this.text.length - head.mark.length);
        break;
      }
      const eol = this.text.indexOf('\n', at);
      if (eol < 0) break;
      const answer = this.text.slice(0, this.text.lastIndexOf('\n', at) + 1);
      this.text = this.text.slice(eol + 1);
      this.scanFrom = 0;
      this.queue.shift();
      head.detach();
      head.resolve(answer);
    }
  }

  /** Ends this vppctl now; pending commands fail with `why`. */
  kill(why: Error): void {
    if (!this.dead) this.dead = why;
    for (const p of this.queue.splice(0)) {
      p.detach();
      p.reject(this.dead);
    }
    this.abort.abort();
  }

  /** Ends stdin and waits for vppctl to quit (at most `ms`, then it is cut). */
  async close(ms: number): Promise<void> {
    if (this.dead) return;
    this.stdin.end();
    let t: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise<void>((r) => (t = setTimeout(r, ms)))]);
    clearTimeout(t);
    this.kill(new KubeError('exec', `vppctl in ${this.where} was closed`));
  }
}

export class VppctlSession {
  private channel: Channel | null = null;
  private readonly where: string;

  constructor(
    private readonly session: KubeSession,
    readonly target: ExecTarget,
  ) {
    this.where = `pod ${target.namespace}/${target.pod} (container ${target.container})`;
  }

  /** Runs one VPP command; resolves with its answer text (VPP reports its errors as text). */
  run(args: readonly string[], o: SessionCommandOptions = {}): Promise<string> {
    try {
      vppctlArgv(args);
    } catch (e) {
      return Promise.reject(new KubeError('bad-request', e instanceof VppctlArgumentError ? e.message : String(e)));
    }
    if (o.signal?.aborted) return Promise.reject(new KubeError('cancelled', `cancelled: vppctl ${args.join(' ')} in ${this.where}`));
    if (!this.channel || this.channel.dead) this.channel = new Channel(this.session, this.target, this.where);
    return this.channel.send(args.join(' ').trim(), o);
  }

  /** Ends the running vppctl, if any (waits up to `ms` for it to quit). Never throws. */
  async close(ms = 5000): Promise<void> {
    const c = this.channel;
    this.channel = null;
    if (c) await c.close(ms).catch(() => {});
  }
}
