// The analysis worker: untrusted inputs are parsed here, never in the page or the host. One worker
// per open; it then answers the UI's queries on its session (see ./protocol.ts).
import { formatDiagnostic } from '../../core/model';
import { coreFromFile, coreFromPath, coreParts, coreView, finish, now, OpenError, readSource, sessionFromEntries } from './load';
import { memorySource } from '../../core/bytes/source';
import { isElfCore } from '../../core/coredump';
import type { FromWorker, Request, ToWorker } from './protocol';
import { sampleSession } from './sample';
import type { Session } from './session';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

let session: Session | null = null;

/** Range reads asked of the UI thread (files.readRange), by request number. */
const rangeWaits = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();
let nextRangeReq = 1;

function readRangeVia(openId: number): (offset: number, length: number) => Promise<Uint8Array> {
  return (offset, length) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const req = nextRangeReq++;
      rangeWaits.set(req, { resolve, reject });
      scope.postMessage({ id: openId, type: 'read-range', req, offset, length });
    });
}

function need(): Session {
  if (!session) throw new Error('nothing is open');
  return session;
}

async function handle(id: number, r: Request): Promise<{ value: unknown; transfer?: Transferable[] }> {
  const progress = (phase: string, done: number, total: number) => scope.postMessage({ id, type: 'progress', phase, done, total });
  switch (r.type) {
    case 'open': {
      const t0 = now();
      const src = r.source;
      // A core file is read by ranges (never whole): sniffed before anything else reads it.
      if (src.kind === 'path-core') {
        const parts = await coreFromPath(src.name, src.path, src.size, readRangeVia(id), progress);
        if (!parts) throw new OpenError(`${src.path}: not an ELF core file`);
        session = finish(parts, t0);
        return { value: session.summary() };
      }
      const core =
        src.kind === 'files' && src.files.length === 1
          ? await coreFromFile(src.files[0]!, progress)
          : src.kind === 'bytes' && isElfCore(src.bytes.subarray(0, 64))
            ? coreParts(src.name, await coreView(src.name, src.path ?? null, memorySource(src.bytes), progress))
            : null;
      if (core) session = finish(core, t0);
      else if (src.kind === 'sample') session = await sampleSession(progress);
      else {
        const entries = await readSource(src, progress);
        session = await sessionFromEntries(src.name, entries, progress, now() - t0);
      }
      // The row columns are copied, not moved: the worker keeps its own for queries.
      return { value: session.summary() };
    }
    case 'filter':
      return { value: need().filter(r.text, r.group) };
    case 'groups':
      return { value: need().groups(r.text) };
    case 'journey':
      return { value: need().journey(r.row) };
    case 'next-drop':
      return { value: need().nextDrop(r.after, r.text) };
    case 'frames':
      return { value: need().frames(r.capture, r.offset, r.limit) };
    case 'frame': {
      const f = need().frame(r.capture, r.number);
      return { value: f };
    }
    case 'row-of-frame':
      return { value: need().rowOfFrame(r.capture, r.number) };
    case 'logs':
      return { value: need().logs(r.query, r.offset, r.limit, r.levels) };
    case 'export-pcap': {
      const x = need().exportPcap(r.rows);
      return { value: x, transfer: [x.bytes.buffer as ArrayBuffer] };
    }
    case 'export-json':
      return { value: need().exportJson(r.rows) };
  }
}

scope.addEventListener('message', (e) => {
  const m = e.data;
  if ('range' in m) {
    const w = rangeWaits.get(m.range.req);
    rangeWaits.delete(m.range.req);
    if (w) {
      if (m.range.bytes) w.resolve(m.range.bytes);
      else w.reject(new Error(m.range.error ?? 'range read failed'));
    }
    return;
  }
  if (!('request' in m)) return;
  handle(m.id, m.request).then(
    ({ value, transfer }) => scope.postMessage({ id: m.id, type: 'result', value }, transfer ?? []),
    (err: unknown) => {
      const diagnostics = err instanceof OpenError ? err.diagnostics : [];
      const message = err instanceof Error ? err.message : String(err);
      scope.postMessage({ id: m.id, type: 'error', message: diagnostics.length && !message ? formatDiagnostic(diagnostics[0]!) : message, diagnostics: diagnostics.slice(0, 200) });
    },
  );
});
