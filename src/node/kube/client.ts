// A session with one cluster through @kubernetes/client-node: REST calls, pod exec over WebSocket
// (argument vectors only) and log streaming, every failure turned into a redacted KubeError.
// Sessions live in the main process / CLI; only plain data (SessionInfo, results) leaves them.
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { Writable, Readable } from 'node:stream';
import { CoreV1Api, Exec, type KubeConfig, type V1ConfigMap, type V1Node, type V1Pod, type V1Status } from '@kubernetes/client-node';
import { loadKubeConfig, type KubeConfigOptions, type LoadedKubeConfig } from './config';
import { KubeError, toKubeError, type RequestContext } from './errors';

export interface KubeSessionOptions extends KubeConfigOptions {
  /** Time limit of one API call (default 30 s). */
  requestTimeoutMs?: number;
  /** Receives one line per API call / exec; lines are redacted and hold no credentials. */
  log?: (line: string) => void;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export interface ExecOptions {
  /** Bytes for the command's stdin (sent, then closed). */
  stdin?: Uint8Array;
  /** A stream for the command's stdin instead (written as it comes, closed when it ends). */
  stdinStream?: Readable;
  /** Streams stdout instead of buffering it; return a promise to slow the sender down. */
  onStdout?: (chunk: Uint8Array) => void | Promise<void>;
  /** Fails when nothing arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  /** Limit for buffered stdout (default 256 MiB). */
  maxStdoutBytes?: number;
}

export interface ExecResult {
  exitCode: number;
  /** Empty when onStdout was given. */
  stdout: Uint8Array;
  stderr: string;
}

export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  onData: (text: string) => void;
  signal?: AbortSignal;
}

/** What may be shown about a session (no credentials). */
export interface SessionInfo {
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace?: string;
  source: string;
  authKind: string;
  proxy?: string;
  contexts: LoadedKubeConfig['contexts'];
}

function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function exitCodeOf(status: V1Status): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const n = cause?.message !== undefined ? Number(cause.message) : NaN;
  return Number.isInteger(n) ? n : null;
}

/** The TLS settings of an https.Agent that decide whether two agents may share TLS sessions. */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized', 'ciphers', 'ecdhCurve', 'crl', 'secureOptions', 'secureProtocol', 'honorCipherOrder', 'dhparam'] as const;

function tlsIdentity(o: Record<string, unknown>): string {
  const h = createHash('sha256');
  for (const k of TLS_KEYS) {
    const v = o[k];
    const parts = Array.isArray(v) ? v : [v];
    h.update(`${k}:`);
    for (const p of parts) h.update(p === undefined ? '\u0000' : Buffer.isBuffer(p) ? p : String(p)).update('\u0001');
  }
  return h.digest('hex');
}

export class KubeSession {
  private readonly core: CoreV1Api;
  private readonly timeoutMs: number;
  /** One Exec for every exec of the session, whose WebSockets share TLS sessions (see execAgent). */
  private readonly execClient: Exec;
  private readonly execAgents = new Map<string, https.Agent>();

  private constructor(
    readonly config: LoadedKubeConfig,
    private readonly opts: KubeSessionOptions,
  ) {
    this.core = config.kc.makeApiClient(CoreV1Api);
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    // client-node builds a new https.Agent for every exec WebSocket, so each one costs a full TLS
    // handshake (certificate signature and chain check, CA parsing). The same settings are handed
    // here to one agent per TLS identity, which resumes TLS sessions (tickets) and keeps the parsed
    // secure context. Credentials are still applied per exec by the KubeConfig (tokens refreshed by
    // exec plugins, client certificates); a changed certificate or CA gives a new identity.
    const kc = config.kc;
    const shim = Object.create(kc) as KubeConfig;
    shim.applyToHTTPSOptions = async (o: Parameters<KubeConfig['applyToHTTPSOptions']>[0]) => {
      await kc.applyToHTTPSOptions(o);
      const holder = o as { agent?: unknown };
      holder.agent = this.execAgent(holder.agent);
    };
    this.execClient = new Exec(shim);
  }

  /** The session-wide agent for a per-exec https.Agent (proxy agents and others pass through). */
  private execAgent(agent: unknown): unknown {
    if (!(agent instanceof https.Agent) || agent.constructor !== https.Agent) return agent;
    const o = (agent as unknown as { options: Record<string, unknown> }).options;
    const id = tlsIdentity(o);
    let shared = this.execAgents.get(id);
    if (!shared) {
      if (this.execAgents.size >= 8) this.execAgents.clear();
      const pick: Record<string, unknown> = {};
      for (const k of TLS_KEYS) if (o[k] !== undefined) pick[k] = o[k];
      if (o.timeout !== undefined) pick.timeout = o.timeout;
      const secureContext = tls.createSecureContext(pick as tls.SecureContextOptions);
      shared = new https.Agent({ ...pick, secureContext, maxCachedSessions: 100 });
      this.execAgents.set(id, shared);
    }
    return shared;
  }

  /** Loads the configuration (kubectl rules) and prepares a client; makes no request yet. */
  static open(opts: KubeSessionOptions = {}): KubeSession {
    return new KubeSession(loadKubeConfig(opts), opts);
  }

  get info(): SessionInfo {
    const c = this.config;
    return { context: c.contextName, cluster: c.clusterName, user: c.userName, server: c.server, namespace: c.namespace, source: c.source, authKind: c.authKind, proxy: c.proxy, contexts: c.contexts };
  }

  /** Redacts a message with everything this session knows to be secret. */
  redact(text: string): string {
    return this.config.redactor.redact(text);
  }

  /** The kubectl command line equivalent to `args` with this session's --kubeconfig/--context. */
  kubectlCommand(args: readonly string[]): string {
    return ['kubectl', ...this.config.kubectlFlags, ...args].map(shellQuote).join(' ');
  }

  private log(line: string): void {
    this.opts.log?.(this.redact(line));
  }

  private ctx(c: RequestContext): RequestContext {
    return { ...c, server: this.config.server, context: this.config.contextName };
  }

  /** Runs one API call with a time limit, one retry after a 401 from an exec plugin, and error mapping. */
  async request<T>(c: RequestContext, call: () => Promise<T>): Promise<T> {
    const ctx = this.ctx(c);
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const result = await Promise.race([
          call(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new KubeError('timeout', `no answer from the Kubernetes API server at ${this.config.server} within ${this.timeoutMs / 1000}s while trying to ${c.verb} ${c.resource}`)), this.timeoutMs);
          }),
        ]);
        this.log(`${c.verb} ${c.resource}${c.namespace ? ` -n ${c.namespace}` : ''}: ok (${Date.now() - started} ms)`);
        return result;
      } catch (e) {
        const err = toKubeError(e, ctx, this.config.redactor);
        this.log(`${c.verb} ${c.resource}${c.namespace ? ` -n ${c.namespace}` : ''}: ${err.kind} (${Date.now() - started} ms)`);
        if (err.kind === 'unauthorized' && attempt === 0 && this.config.authKind.startsWith('exec')) {
          this.config.execAuth.invalidate(this.config.userName);
          continue;
        }
        throw err;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  async listNodes(labelSelector?: string): Promise<V1Node[]> {
    const r = await this.request({ verb: 'list', resource: 'nodes' }, () => this.core.listNode({ labelSelector }));
    return r.items;
  }

  async listPods(namespace: string, sel: { fieldSelector?: string; labelSelector?: string } = {}): Promise<V1Pod[]> {
    const r = await this.request({ verb: 'list', resource: 'pods', namespace }, () => this.core.listNamespacedPod({ namespace, ...sel }));
    return r.items;
  }

  /** The ConfigMap, or null when it does not exist (other failures throw). */
  async readConfigMap(namespace: string, name: string): Promise<V1ConfigMap | null> {
    try {
      return await this.request({ verb: 'get', resource: 'configmaps', namespace, name }, () => this.core.readNamespacedConfigMap({ namespace, name }));
    } catch (e) {
      if (e instanceof KubeError && e.kind === 'not-found') return null;
      throw e;
    }
  }

  /**
   * Runs `argv` in a container through the exec WebSocket API (v5.channel.k8s.io preferred).
   * The argument vector goes to the container runtime as is: no shell ever parses it.
   * Resolves with the exit status; throws KubeError when the command could not run or the stream broke.
   */
  async exec(target: ExecTarget, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (argv.length === 0) throw new KubeError('exec', 'nothing to run: empty command');
    const ctx = this.ctx({ verb: 'create', resource: 'pods/exec', namespace: target.namespace, name: target.pod });
    const label = `exec ${target.namespace}/${target.pod} -c ${target.container} -- ${argv.map(shellQuote).join(' ')}`;
    const started = Date.now();
    const stdoutParts: Buffer[] = [];
    let stdoutBytes = 0;
    const maxStdout = opts.maxStdoutBytes ?? 256 * 1024 * 1024;
    const stderrParts: Buffer[] = [];
    let overflow = false;
    let touch = () => {};
    let pauseSocket: ((p: Promise<void>) => void) | null = null;

    const stdout = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        touch();
        if (opts.onStdout) {
          const r = opts.onStdout(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
          if (r && pauseSocket) pauseSocket(r);
        } else {
          stdoutBytes += chunk.length;
          if (stdoutBytes > maxStdout) overflow = true;
          else stdoutParts.push(Buffer.from(chunk));
        }
        cb();
      },
    });
    const stderr = new Writable({
      write: (chunk: Buffer, _enc, cb) => {
        touch();
        stderrParts.push(Buffer.from(chunk));
        cb();
      },
    });
    const stdin = opts.stdinStream ?? (opts.stdin ? Readable.from([Buffer.from(opts.stdin)]) : null);
    let status: V1Status | null = null;

    const run = async (): Promise<ExecResult> => {
      let ws: Awaited<ReturnType<Exec['exec']>>;
      try {
        ws = await this.execClient.exec(target.namespace, target.pod, target.container, [...argv], stdout, stderr, stdin, false, (s) => {
          status = s;
        });
      } catch (e) {
        throw toKubeError(e, ctx, this.config.redactor);
      }
      const sock = ws as unknown as {
        readyState: number;
        on(ev: 'close', fn: (code: number) => void): void;
        pause?: () => void;
        resume?: () => void;
        terminate(): void;
      };
      pauseSocket = (p) => {
        sock.pause?.();
        void p.finally(() => sock.resume?.());
      };
      const closeCode = await new Promise<number>((resolve, reject) => {
        const idle = opts.idleTimeoutMs ?? 60_000;
        let timer = setTimeout(onIdle, idle);
        function onIdle() {
          sock.terminate();
          reject(new KubeError('timeout', `the command ${argv[0]} in pod ${target.namespace}/${target.pod} sent nothing for ${idle / 1000}s; gave up`));
        }
        touch = () => {
          clearTimeout(timer);
          timer = setTimeout(onIdle, idle);
        };
        const onAbort = () => {
          sock.terminate();
          reject(new KubeError('cancelled', `cancelled: ${argv[0]} in pod ${target.namespace}/${target.pod}`));
        };
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        if (sock.readyState === 3) resolve(1006);
        sock.on('close', (code) => {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(code);
        });
      });
      if (!status) {
        throw new KubeError('exec', `the exec stream of ${argv[0]} in pod ${target.namespace}/${target.pod} (container ${target.container}) ended before the command finished (connection closed, code ${closeCode})`);
      }
      const code = exitCodeOf(status);
      const st = status as V1Status;
      if (code === null) {
        throw new KubeError('exec', `cannot run ${argv[0]} in pod ${target.namespace}/${target.pod} (container ${target.container}): ${this.redact(st.message ?? st.reason ?? 'unknown failure')}`);
      }
      if (overflow) throw new KubeError('exec', `${argv[0]} in pod ${target.namespace}/${target.pod} printed more than ${maxStdout} bytes; stopped buffering`);
      return { exitCode: code, stdout: new Uint8Array(Buffer.concat(stdoutParts)), stderr: this.redact(Buffer.concat(stderrParts).toString('utf8')) };
    };

    try {
      const r = await run();
      this.log(`${label}: exit ${r.exitCode} (${Date.now() - started} ms)`);
      return r;
    } catch (e) {
      const err = e instanceof KubeError ? e : toKubeError(e, ctx, this.config.redactor);
      this.log(`${label}: ${err.kind} (${Date.now() - started} ms)`);
      throw err;
    }
  }

  /**
   * Streams a container's log (GET …/pods/NAME/log). Resolves when the server ends the stream
   * (immediately without follow; on cancel or pod end with follow).
   */
  async logs(target: ExecTarget, o: LogOptions): Promise<void> {
    const ctx = this.ctx({ verb: 'get', resource: 'pods/log', namespace: target.namespace, name: target.pod });
    const q = new URLSearchParams({ container: target.container });
    if (o.follow) q.set('follow', 'true');
    if (o.tailLines !== undefined) q.set('tailLines', String(o.tailLines));
    if (o.timestamps) q.set('timestamps', 'true');
    const url = new URL(`${this.config.server.replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log?${q}`);
    const reqOpts: https.RequestOptions = { method: 'GET', headers: {} };
    try {
      await this.config.kc.applyToHTTPSOptions(reqOpts);
    } catch (e) {
      throw toKubeError(e, ctx, this.config.redactor);
    }
    this.log(`logs ${target.namespace}/${target.pod} -c ${target.container}${o.follow ? ' -f' : ''}`);
    await new Promise<void>((resolve, reject) => {
      const mod = url.protocol === 'http:' ? http : https;
      const req = mod.request(url, reqOpts, (res) => {
        const code = res.statusCode ?? 0;
        if (code !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => reject(toKubeError({ code, body }, ctx, this.config.redactor)));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (d: string) => o.onData(d));
        res.on('end', () => resolve());
        res.on('error', (e) => reject(toKubeError(e, ctx, this.config.redactor)));
      });
      req.on('error', (e) => {
        if (o.signal?.aborted) resolve();
        else reject(toKubeError(e, ctx, this.config.redactor));
      });
      o.signal?.addEventListener('abort', () => {
        req.destroy();
        resolve();
      }, { once: true });
      req.end();
    });
  }
}
