// The contract's handlers, written once over an injected host (file system, persisted state, system
// browser, native dialogs) so Electron main and the web server share every rule: which paths may be
// read, folder limits, the recent-files list, settings. Main and the server only supply the adapters.
import type { AppEvents, AppInfo, CaptureSummary, ClusterConnection, ClusterContextInfo, ClusterDomain, ClusterNodeStatus, EventName, InputKind, ReadResult, RecentFile, Settings, StartCaptureArg } from './contract';
import { MAX_RANGE_LENGTH } from './api';
import type { Handlers } from './dispatcher';
import { IpcError } from './errors';

export interface HostStat {
  isDirectory: boolean;
  isFile: boolean;
  isSymbolicLink: boolean;
  size: number;
}

export interface HostFs {
  /** Absolute, normalised form of a path (the key of grants and recent files). */
  resolve(path: string): string;
  join(dir: string, name: string): string;
  basename(path: string): string;
  /** lstat: symbolic links are reported as such, not followed. Throws an Error with a readable message. */
  stat(path: string): Promise<HostStat>;
  readFile(path: string): Promise<Uint8Array>;
  readDir(path: string): Promise<string[]>;
  /** Up to `length` bytes from `offset` (fewer only at the end of the file), through a file handle. */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
}

export interface HostStore {
  load(): Promise<unknown>;
  save(state: PersistedState): Promise<void>;
}

export interface HostDialogs {
  pick(kind: 'file' | 'folder'): Promise<string[]>;
  /** Asks where to save; null when cancelled. */
  saveAs(suggestedName: string): Promise<string | null>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
}

/**
 * Live-cluster operations (src/node/cluster-service implements it over KubeSession, runCapture and
 * the workspace). Errors are IpcErrors; nothing returned carries credentials.
 */
export interface ClusterHost {
  listContexts(): Promise<ClusterContextInfo[]>;
  /** Kubeconfig files read without the user choosing one (KUBECONFIG's files, ~/.kube/config), resolved. */
  defaultKubeconfigs(): string[];
  connect(o: { kubeconfig?: string; context?: string }): Promise<ClusterConnection>;
  listNodes(): Promise<{ connection: ClusterConnection; nodes: ClusterNodeStatus[] }>;
  startCapture(arg: StartCaptureArg): Promise<{ id: string }>;
  cancelCapture(id: string, node?: string): Promise<boolean>;
  clearNode: ClusterDomain['clearNode'];
  listCaptures(): Promise<CaptureSummary[]>;
  /** Absolute paths of a capture's complete files, and display names relative to the capture folder. */
  captureFiles(id: string): Promise<{ paths: string[]; names: string[] }>;
}

/** Opening captures in a local Wireshark (src/node/wireshark.ts implements it). */
export interface WiresharkHost {
  /** A Wireshark executable is installed. */
  available(): Promise<boolean>;
  /** Writes the (validated) capture to a private temp file and starts Wireshark on it; never throws. */
  open(name: string, bytes: Uint8Array): Promise<{ ok: boolean; message: string }>;
}

export interface Host {
  /** Wireshark support; null or absent: `openInWireshark` answers `ok: false`. */
  wireshark?: WiresharkHost | null;
  /** Live-cluster support; null or absent: the cluster methods answer 'unsupported'. */
  cluster?: ClusterHost | null;
  fs: HostFs;
  store: HostStore;
  /** Opens a (checked) web link in the system browser. */
  openInBrowser(url: string): Promise<void>;
  /** Native dialogs; null in web mode. */
  dialogs: HostDialogs | null;
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
}

export interface PersistedState {
  settings: Settings;
  recent: RecentFile[];
}

export interface HostLimits {
  /** Largest single file read (bytes). */
  maxFileBytes: number;
  /** Most bytes read from one folder in total. */
  maxFolderBytes: number;
  maxFolderFiles: number;
  maxFolderDepth: number;
  maxRecent: number;
}

export const DEFAULT_LIMITS: HostLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxFolderBytes: 2 * 1024 ** 3,
  maxFolderFiles: 5000,
  maxFolderDepth: 8,
  maxRecent: 12,
};

export const DEFAULT_SETTINGS: Settings = { theme: 'system' };

/** The kind of input a path most likely is, from its name alone. */
export function guessKind(name: string, isDirectory = false): InputKind {
  if (isDirectory) return 'folder';
  const n = name.toLowerCase();
  if (/\.(pcap|pcapng|cap)(\.gz)?$/.test(n)) return 'capture';
  if (/\.(tar\.gz|tgz|tar)$/.test(n) || n.includes('export')) return 'bundle';
  if (/^(core|vppcore)(\.|$)/.test(n)) return 'core';
  if (/\.(txt|log|trace)(\.gz)?$/.test(n) || n.includes('trace')) return 'trace';
  return 'unknown';
}

/** Only web links and mail go to the system browser; file:, javascript:, custom schemes never do. */
export function isSafeExternalUrl(url: string): boolean {
  return /^https:\/\/[a-z0-9.-]+(:\d+)?(\/[^\s]*)?$/i.test(url) || /^mailto:[^\s]+$/i.test(url);
}

function readPersisted(raw: unknown): PersistedState {
  const state: PersistedState = { settings: { ...DEFAULT_SETTINGS }, recent: [] };
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as { settings?: { theme?: unknown }; recent?: unknown };
  const theme = r.settings?.theme;
  if (theme === 'light' || theme === 'dark' || theme === 'system') state.settings.theme = theme;
  if (Array.isArray(r.recent)) {
    for (const x of r.recent as unknown[]) {
      const f = x as Partial<RecentFile>;
      if (typeof f?.path === 'string' && typeof f.name === 'string' && typeof f.openedAt === 'number') {
        state.recent.push({ path: f.path, name: f.name, kind: typeof f.kind === 'string' ? (f.kind as InputKind) : 'unknown', openedAt: f.openedAt });
      }
    }
  }
  return state;
}

export interface HostServices<Ctx> {
  handlers: Handlers<Ctx>;
  /** Lets the user-chosen paths be read (dialogs, command line, drops, second instance). */
  grant(paths: string[]): string[];
  isGranted(path: string): boolean;
}

/**
 * The handlers of every domain. A path can be read only if the user chose it: it was given on the
 * command line, picked in a native dialog, or is in the recent list (it was chosen before). A
 * compromised renderer therefore cannot read ~/.kube/config or ~/.ssh through `files.read`.
 */
export function createHostServices<Ctx>(host: Host, info: Omit<AppInfo, 'nativeDialogs'>, limits: HostLimits = DEFAULT_LIMITS): HostServices<Ctx> {
  const granted = new Set<string>();
  let state: PersistedState | null = null;

  async function loadState(): Promise<PersistedState> {
    if (!state) {
      let raw: unknown = null;
      try {
        raw = await host.store.load();
      } catch {
        raw = null; // a corrupt settings file must not stop the app: start from defaults
      }
      state = readPersisted(raw);
      for (const r of state.recent) granted.add(r.path);
    }
    return state;
  }

  async function saveState(): Promise<void> {
    if (state) await host.store.save(state).catch(() => undefined);
  }

  function grant(paths: string[]): string[] {
    const out = paths.map((p) => host.fs.resolve(p));
    for (const p of out) granted.add(p);
    return out;
  }
  grant(info.initialPaths);

  function needCluster(): ClusterHost {
    if (!host.cluster) throw new IpcError('unsupported', 'live-cluster captures are not available in this host');
    return host.cluster;
  }

  async function remember(path: string, name: string, kind: InputKind): Promise<void> {
    const s = await loadState();
    s.recent = [{ path, name, kind, openedAt: Date.now() }, ...s.recent.filter((r) => r.path !== path)].slice(0, limits.maxRecent);
    await saveState();
  }

  async function statOrFail(path: string): Promise<HostStat> {
    try {
      return await host.fs.stat(path);
    } catch (e) {
      throw new IpcError('io', `${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The resolved path when the user chose it; IpcError('not-allowed') otherwise. */
  async function grantedPath(path: string): Promise<string> {
    await loadState();
    const full = host.fs.resolve(path);
    if (!granted.has(full)) throw new IpcError('not-allowed', `${path}: not opened by the user (use File › Open, a command-line argument or a recent file)`);
    return full;
  }

  async function readFolder(root: string): Promise<ReadResult> {
    const files: { path: string; size: number; bytes: Uint8Array }[] = [];
    const skipped: { path: string; reason: string }[] = [];
    let total = 0;
    const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
      let names: string[];
      try {
        names = (await host.fs.readDir(dir)).sort();
      } catch (e) {
        skipped.push({ path: rel || '.', reason: e instanceof Error ? e.message : String(e) });
        return;
      }
      for (const name of names) {
        const full = host.fs.join(dir, name);
        const relPath = rel ? `${rel}/${name}` : name;
        let st: HostStat;
        try {
          st = await host.fs.stat(full);
        } catch (e) {
          skipped.push({ path: relPath, reason: e instanceof Error ? e.message : String(e) });
          continue;
        }
        if (st.isSymbolicLink) skipped.push({ path: relPath, reason: 'symbolic link (not followed)' });
        else if (st.isDirectory) {
          if (depth >= limits.maxFolderDepth) skipped.push({ path: relPath, reason: `deeper than ${limits.maxFolderDepth} levels` });
          else await walk(full, relPath, depth + 1);
        } else if (!st.isFile) skipped.push({ path: relPath, reason: 'not a regular file' });
        else if (files.length >= limits.maxFolderFiles) skipped.push({ path: relPath, reason: `more than ${limits.maxFolderFiles} files` });
        else if (st.size > limits.maxFileBytes || total + st.size > limits.maxFolderBytes) skipped.push({ path: relPath, reason: `over the size limit (${st.size} bytes)` });
        else {
          try {
            const bytes = await host.fs.readFile(full);
            total += bytes.length;
            files.push({ path: relPath, size: bytes.length, bytes });
          } catch (e) {
            skipped.push({ path: relPath, reason: e instanceof Error ? e.message : String(e) });
          }
        }
      }
    };
    await walk(root, '', 0);
    return { kind: 'folder', path: root, name: host.fs.basename(root), files, skipped };
  }

  const handlers: Handlers<Ctx> = {
    app: {
      getInfo: async () => ({
        ...info,
        initialPaths: [...info.initialPaths],
        nativeDialogs: host.dialogs !== null,
        wireshark: host.wireshark ? await host.wireshark.available().catch(() => false) : false,
      }),
      openExternal: async ({ url }) => {
        if (!isSafeExternalUrl(url)) throw new IpcError('not-allowed', `refusing to open ${url.slice(0, 200)}: only https and mailto links open outside the app`);
        await host.openInBrowser(url);
        return { opened: true };
      },
      openInWireshark: async ({ name, bytes }) => {
        if (!host.wireshark) return { ok: false, message: 'opening captures in Wireshark is not available in this host' };
        return host.wireshark.open(name, bytes);
      },
    },
    files: {
      pick: async ({ kind }) => {
        if (!host.dialogs) throw new IpcError('unsupported', 'native dialogs are not available in web mode; use the browser file picker');
        return { paths: grant(await host.dialogs.pick(kind)) };
      },
      read: async ({ path }) => {
        const full = await grantedPath(path);
        const st = await statOrFail(full);
        const name = host.fs.basename(full);
        if (st.isDirectory) {
          const r = await readFolder(full);
          await remember(full, name, 'folder');
          return r;
        }
        if (st.size > limits.maxFileBytes) throw new IpcError('io', `${path}: ${st.size} bytes is over the limit of ${limits.maxFileBytes}`);
        let bytes: Uint8Array;
        try {
          bytes = await host.fs.readFile(full);
        } catch (e) {
          throw new IpcError('io', `${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
        await remember(full, name, guessKind(name));
        return { kind: 'file', path: full, name, size: bytes.length, bytes };
      },
      stat: async ({ path }) => {
        const full = await grantedPath(path);
        const st = await statOrFail(full);
        // Opening by path starts here (a core is then read by ranges, never through `read`): list it as recent.
        if (st.isFile) await remember(full, host.fs.basename(full), guessKind(host.fs.basename(full)));
        return { size: st.size, isFile: st.isFile };
      },
      readRange: async ({ path, offset, length }) => {
        const full = await grantedPath(path);
        if (length > MAX_RANGE_LENGTH) throw new IpcError('invalid-argument', `arg.length: more than ${MAX_RANGE_LENGTH} bytes`);
        const st = await statOrFail(full);
        if (!st.isFile) throw new IpcError('io', `${path}: not a regular file`);
        const n = Math.max(0, Math.min(length, st.size - offset));
        if (n === 0) return new Uint8Array(0);
        try {
          return await host.fs.readRange(full, offset, n);
        } catch (e) {
          throw new IpcError('io', `${path}: bytes ${offset}+${n}: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      save: async ({ suggestedName, bytes }) => {
        if (!host.dialogs) throw new IpcError('unsupported', 'saving through a dialog is not available in web mode; the browser downloads instead');
        const target = await host.dialogs.saveAs(suggestedName);
        if (!target) return { path: null };
        try {
          await host.dialogs.writeFile(target, bytes);
        } catch (e) {
          throw new IpcError('io', `${target}: ${e instanceof Error ? e.message : String(e)}`);
        }
        return { path: target };
      },
      recent: async () => [...(await loadState()).recent],
      forgetRecent: async ({ path }) => {
        const s = await loadState();
        s.recent = path === undefined ? [] : s.recent.filter((r) => r.path !== host.fs.resolve(path));
        await saveState();
        return [...s.recent];
      },
    },
    cluster: {
      listContexts: async () => ({ contexts: await needCluster().listContexts() }),
      connect: async ({ kubeconfig, context }) => {
        const c = needCluster();
        if (kubeconfig !== undefined) {
          // A kubeconfig can run programs (exec credential plugins): only files the user chose.
          const full = host.fs.resolve(kubeconfig);
          await loadState();
          if (!granted.has(full) && !c.defaultKubeconfigs().includes(full)) throw new IpcError('not-allowed', `${kubeconfig}: not a kubeconfig the user chose (open it with File › Open, or set KUBECONFIG)`);
          return c.connect({ kubeconfig: full, context });
        }
        return c.connect({ context });
      },
      listNodes: async () => needCluster().listNodes(),
      startCapture: async (arg) => {
        if (arg.nodes.length === 0) throw new IpcError('invalid-argument', 'arg.nodes: choose at least one node');
        return needCluster().startCapture(arg);
      },
      cancelCapture: async ({ id, node }) => ({ cancelled: await needCluster().cancelCapture(id, node) }),
      clearNode: async (arg) => needCluster().clearNode(arg),
      listCaptures: async () => ({ captures: await needCluster().listCaptures() }),
      openCapture: async ({ id }) => {
        const r = await needCluster().captureFiles(id);
        if (r.paths.length === 0) throw new IpcError('io', `capture ${id} has no complete files to open`);
        return { paths: grant(r.paths), names: r.names };
      },
    },
    settings: {
      get: async () => ({ ...(await loadState()).settings }),
      update: async ({ theme }) => {
        const s = await loadState();
        if (theme) s.settings.theme = theme;
        await saveState();
        host.emit('onDidChangeSettings', { ...s.settings });
        return { ...s.settings };
      },
    },
  };

  return { handlers, grant, isGranted: (p) => granted.has(host.fs.resolve(p)) };
}
