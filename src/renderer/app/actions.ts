// What the UI does: open inputs (through the host for paths, the worker for everything else),
// filter, select, step. The only place that talks to the host bridge and the analysis worker.
import { isElfCore } from '../../core/coredump';
import type { Theme } from '../../core/ipc/contract';
import { bridge } from '../ipc/api';
import { AnalysisClient, CancelledError, WorkerError } from '../workers/client';
import type { OpenSource } from '../workers/protocol';
import { store, type ViewId } from './store';

export const analysis = new AnalysisClient();

let filterSeq = 0;
let journeySeq = 0;

function describeSource(s: OpenSource): string {
  if (s.kind === 'sample') return 'the sample cluster';
  if (s.kind === 'files') return s.files.length === 1 ? s.files[0]!.name : `${s.files.length} files`;
  return s.name;
}

export function toast(message: string): void {
  store.set({ toast: message });
  setTimeout(() => {
    if (store.get().toast === message) store.set({ toast: null });
  }, 4000);
}

/** Opens a source in a fresh worker; the current session stays until the new one is ready. */
export async function openSource(source: OpenSource, readRange?: (offset: number, length: number) => Promise<Uint8Array>): Promise<boolean> {
  store.get().loading?.cancel();
  const label = describeSource(source);
  // Performance marks (read by scripts/bench/ui.ts): start, result from the worker, shown.
  performance.mark('vpp-pathviz:open-start');
  const job = analysis.open(source, (p) => store.set((s) => (s.loading ? { loading: { ...s.loading, ...p } } : {})), readRange);
  store.set({ loading: { label, phase: 'starting', done: 0, total: 0, cancel: job.cancel }, openError: null });
  try {
    const session = await job.promise;
    performance.mark('vpp-pathviz:open-result');
    const first = session.highlight ?? (session.rows.count > 0 ? 0 : null);
    store.set((s) => ({
      session,
      sessionSeq: s.sessionSeq + 1,
      loading: null,
      filtered: null,
      filterText: '',
      filterError: null,
      groups: null,
      groupPick: null,
      grouping: 'none',
      selectedRow: null,
      journey: null,
      hop: 0,
      playing: false,
      captureId: session.captures[0]?.id ?? 0,
      frame: null,
      field: null,
      stateNode: session.nodes[0]?.node ?? null,
      evidence: null,
      topoSelected: null,
      vppInfo: session.vppInfo ?? (session.core ? s.vppInfo : null),
      showDiagnostics: session.rows.count === 0 && session.diagnostics.length > 0 && !session.core,
      view: session.core && session.rows.count === 0 && !session.nodes.length ? 'core' : session.sample || session.highlight !== null ? 'journey' : session.rows.count > 0 ? 'packets' : session.captures.length ? 'capture' : session.nodes.length ? 'state' : 'topology',
    }));
    requestAnimationFrame(() => performance.mark('vpp-pathviz:open-shown'));
    if (first !== null) await selectRow(first);
    void refreshRecent();
    return true;
  } catch (e) {
    if (e instanceof CancelledError) {
      store.set({ loading: null });
      toast(`Opening ${label} was cancelled`);
      return false;
    }
    const diagnostics = e instanceof WorkerError ? e.diagnostics : [];
    store.set({ loading: null, openError: { title: `Could not open ${label}`, message: (e as Error).message, diagnostics } });
    return false;
  }
}

export function openSample(): Promise<boolean> {
  return openSource({ kind: 'sample' });
}

export function openFiles(files: File[]): Promise<boolean> {
  if (files.length === 0) return Promise.resolve(false);
  const dir = files[0]!.webkitRelativePath?.split('/')[0];
  return openSource({ kind: 'files', name: dir || (files.length === 1 ? files[0]!.name : `${files.length} files`), files });
}

/** Opens a path the host may read (command line, dialog, recent files). */
export async function openPath(path: string): Promise<boolean> {
  const b = bridge();
  if (!b) return false;
  store.set({ loading: { label: path, phase: 'reading', done: 0, total: 0, cancel: () => store.set({ loading: null }) }, openError: null });
  try {
    // A core (GBs, often sparse) is read by ranges in the worker, never whole: sniffed from 64 bytes.
    const st = await b.files.stat({ path });
    if (st.isFile && isElfCore(await b.files.readRange({ path, offset: 0, length: 64 }))) {
      if (!store.get().loading) return false;
      const name = path.split(/[\\/]/).pop() || path;
      return await openSource({ kind: 'path-core', name, path, size: st.size }, (offset, length) => b.files.readRange({ path, offset, length }));
    }
    const r = await b.files.read({ path });
    if (!store.get().loading) return false; // cancelled while reading
    if (r.kind === 'file') return await openSource({ kind: 'bytes', name: r.name, bytes: r.bytes, path: r.path });
    return await openSource({ kind: 'folder', name: r.name, path: r.path, files: r.files.map((f) => ({ path: f.path, bytes: f.bytes })) });
  } catch (e) {
    store.set({ loading: null, openError: { title: `Could not open ${path}`, message: (e as Error).message, diagnostics: [] } });
    return false;
  }
}

export async function openPaths(paths: string[]): Promise<void> {
  // Several paths at once open as one set when they are files; a single folder or file opens alone.
  if (paths.length === 1) {
    await openPath(paths[0]!);
    return;
  }
  const b = bridge();
  if (!b || paths.length === 0) return;
  const files: { path: string; bytes: Uint8Array }[] = [];
  try {
    for (const p of paths) {
      const r = await b.files.read({ path: p });
      if (r.kind === 'file') files.push({ path: r.name, bytes: r.bytes });
      else for (const f of r.files) files.push({ path: `${r.name}/${f.path}`, bytes: f.bytes });
    }
  } catch (e) {
    store.set({ openError: { title: 'Could not open the files', message: (e as Error).message, diagnostics: [] } });
    return;
  }
  await openSource({ kind: 'folder', name: `${paths.length} inputs`, files });
}

/** Native dialog (desktop) — the browser's file picker is used otherwise (see OpenMenu). */
export async function pickAndOpen(kind: 'file' | 'folder'): Promise<boolean> {
  const b = bridge();
  const info = store.get().info;
  if (!b || !info?.nativeDialogs) return false;
  const { paths } = await b.files.pick({ kind });
  if (paths.length) await openPaths(paths);
  return true;
}

export async function refreshRecent(): Promise<void> {
  const b = bridge();
  if (!b) return;
  try {
    store.set({ recent: await b.files.recent({}) });
  } catch {
    // recent files are a convenience; the app works without them
  }
}

export async function forgetRecent(path?: string): Promise<void> {
  const b = bridge();
  if (!b) return;
  store.set({ recent: await b.files.forgetRecent(path === undefined ? {} : { path }) });
}

export async function setTheme(theme: Theme): Promise<void> {
  store.set({ themeSetting: theme });
  try {
    await bridge()?.settings.update({ theme });
  } catch {
    // kept for this session only
  }
}

export function toggleTheme(): Promise<void> {
  const s = store.get();
  const dark = s.themeSetting === 'system' ? s.systemDark : s.themeSetting === 'dark';
  return setTheme(dark ? 'light' : 'dark');
}

export function showView(view: ViewId): void {
  store.set({ view, playing: view === 'journey' ? store.get().playing : false });
}

export async function applyFilter(text: string): Promise<void> {
  const seq = ++filterSeq;
  store.set({ filterText: text });
  if (!analysis.hasSession) return;
  const r = await analysis.request({ type: 'filter', text });
  if (seq !== filterSeq) return;
  store.set({ filtered: r.error || text.trim() === '' ? null : r.indices, filterError: r.error, groupPick: null });
  if (store.get().grouping !== 'none') await loadGroups();
}

export async function setGrouping(grouping: 'none' | 'path' | 'flow'): Promise<void> {
  store.set({ grouping, groupPick: null });
  if (grouping !== 'none') await loadGroups();
}

async function loadGroups(): Promise<void> {
  const s = store.get();
  if (s.grouping === 'none') return;
  const groups = await analysis.request({ type: 'groups', by: s.grouping, text: s.filterError ? '' : s.filterText });
  store.set({ groups });
}

export async function selectRow(row: number, opts: { hop?: number } = {}): Promise<void> {
  const seq = ++journeySeq;
  store.set({ selectedRow: row, playing: false });
  try {
    const journey = await analysis.request({ type: 'journey', row });
    if (seq !== journeySeq) return;
    const last = journey.journey.hops.length - 1;
    store.set({ journey, hop: Math.max(0, Math.min(opts.hop ?? 0, last)) });
  } catch (e) {
    if (seq === journeySeq) toast(`Could not load packet ${row + 1}: ${(e as Error).message}`);
  }
}

export async function nextDrop(): Promise<void> {
  const s = store.get();
  const after = s.selectedRow ?? -1;
  const row = await analysis.request({ type: 'next-drop', after, text: s.filterError ? '' : s.filterText });
  if (row === null) {
    toast(after >= 0 ? 'No dropped packet after this one' : 'No dropped packet');
    return;
  }
  await selectRow(row);
}

export function stepHop(delta: number | 'home' | 'end'): void {
  const s = store.get();
  const n = s.journey?.journey.hops.length ?? 0;
  if (n === 0) return;
  const hop = delta === 'home' ? 0 : delta === 'end' ? n - 1 : Math.max(0, Math.min(n - 1, s.hop + delta));
  store.set({ hop, playing: delta === 'home' || delta === 'end' ? false : s.playing && hop < n - 1 });
}

export function setHop(hop: number): void {
  store.set({ hop, playing: false });
}

export function togglePlay(): void {
  const s = store.get();
  const n = s.journey?.journey.hops.length ?? 0;
  if (n === 0) return;
  if (s.playing) store.set({ playing: false });
  else store.set({ playing: true, hop: s.hop >= n - 1 ? 0 : s.hop });
}

export async function selectFrame(capture: number, number: number): Promise<void> {
  const frame = await analysis.request({ type: 'frame', capture, number });
  store.set({ frame, field: null, captureId: capture });
}

/** Shows one frame of a capture (a dispatch record of a journey) in the Capture view. */
export async function showRecord(input: string, number: number): Promise<void> {
  const cap = store.get().session?.captures.find((c) => c.name === input);
  if (!cap) return toast(`${input} is not among the open captures`);
  const frame = await analysis.request({ type: 'frame', capture: cap.id, number });
  store.set({ view: 'capture', captureId: cap.id, frame, field: null });
}

export function goToEvidence(input: string, line: number | null): void {
  const s = store.get();
  const isLog = s.session?.logs.some((l) => l.name === input);
  const node = s.session?.nodes.find((n) => n.tables.some((t) => t.source === input))?.node;
  store.set({ evidence: { input, line }, view: isLog ? 'logs' : 'state', ...(node ? { stateNode: node } : {}) });
}

export async function saveBytes(suggestedName: string, bytes: Uint8Array, mime: string): Promise<void> {
  const b = bridge();
  if (b && store.get().info?.nativeDialogs) {
    const r = await b.files.save({ suggestedName, bytes });
    if (r.path) toast(`Saved ${r.path}`);
    return;
  }
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = suggestedName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  toast(`Downloaded ${suggestedName}`);
}
