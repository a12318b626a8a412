// The UI side of the analysis worker. Every open starts a fresh worker: when it succeeds it becomes
// the session's worker (the previous one is ended); when it fails or is cancelled it is ended and the
// previous session stays usable. Cancel is immediate (the worker is terminated), whatever it was doing.
import type { Diagnostic } from '../../core/model';
import type { FromWorker, OpenSource, Request, ResponseOf, SessionSummary, ToWorker } from './protocol';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}

export class WorkerError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: Progress) => void;
  readRange?: (offset: number, length: number) => Promise<Uint8Array>;
}

function transferables(source: OpenSource): Transferable[] {
  if (source.kind === 'bytes' && source.bytes.buffer instanceof ArrayBuffer) return [source.bytes.buffer];
  if (source.kind === 'folder') return [...new Set(source.files.map((f) => f.bytes.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))];
  return [];
}

export class AnalysisClient {
  private session: Worker | null = null;
  private readonly pending = new Map<Worker, Map<number, Pending>>();
  private nextId = 1;

  constructor(private readonly url: string = 'worker.js') {}

  private spawn(): Worker {
    const w = new Worker(this.url, { type: 'module', name: 'analysis' });
    const pending = new Map<number, Pending>();
    this.pending.set(w, pending);
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.({ phase: m.phase, done: m.done, total: m.total });
      else if (m.type === 'read-range') {
        const reply = (range: { req: number; bytes: Uint8Array | null; error: string | null }) => w.postMessage({ id: m.id, range } satisfies ToWorker);
        if (!p.readRange) reply({ req: m.req, bytes: null, error: 'this open has no ranged reader' });
        else
          p.readRange(m.offset, m.length).then(
            (bytes) => reply({ req: m.req, bytes, error: null }),
            (e: unknown) => reply({ req: m.req, bytes: null, error: e instanceof Error ? e.message : String(e) }),
          );
      }
      else {
        pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.value);
        else p.reject(new WorkerError(m.message, m.diagnostics));
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      this.fail(w, new WorkerError(`the analysis worker failed: ${e.message || 'unknown error'}`));
    };
    return w;
  }

  private fail(w: Worker, err: Error): void {
    const pending = this.pending.get(w);
    if (pending) for (const p of pending.values()) p.reject(err);
    pending?.clear();
  }

  private end(w: Worker, err: Error): void {
    this.fail(w, err);
    this.pending.delete(w);
    w.terminate();
    if (this.session === w) this.session = null;
  }

  private send<T>(w: Worker, request: Request, transfer: Transferable[] = [], onProgress?: (p: Progress) => void, readRange?: Pending['readRange']): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.get(w)!.set(id, { resolve: resolve as (v: unknown) => void, reject, ...(onProgress ? { onProgress } : {}), ...(readRange ? { readRange } : {}) });
      const msg: ToWorker = { id, request };
      w.postMessage(msg, transfer);
    });
  }

  /**
   * Opens a source in a new worker. `cancel()` ends it at once; the current session is untouched.
   * A `path-core` source needs `readRange` (the host's files.readRange for that path).
   */
  open(source: OpenSource, onProgress?: (p: Progress) => void, readRange?: (offset: number, length: number) => Promise<Uint8Array>): { promise: Promise<SessionSummary>; cancel(): void } {
    const w = this.spawn();
    const promise = this.send<SessionSummary>(w, { type: 'open', source }, transferables(source), onProgress, readRange).then(
      (summary) => {
        if (this.session) this.end(this.session, new CancelledError());
        this.session = w;
        return summary;
      },
      (e: Error) => {
        this.end(w, e);
        throw e;
      },
    );
    return { promise, cancel: () => this.end(w, new CancelledError()) };
  }

  /** A request to the current session's worker. */
  request<R extends Exclude<Request, { type: 'open' }>>(request: R): Promise<ResponseOf<R>> {
    if (!this.session) return Promise.reject(new WorkerError('nothing is open'));
    return this.send<ResponseOf<R>>(this.session, request);
  }

  get hasSession(): boolean {
    return this.session !== null;
  }
}
