// The one contract between the renderer and its host (Electron main, or the web server). One
// interface per domain; every method takes one plain-data argument and returns a Promise. The runtime
// validators (./api.ts) are declared against these types, and channel names are derived from them.
//
// Adding a method: declare it here, add its validator in ./api.ts (a compile error until you do),
// implement it in ./host-services.ts (or the host's own handlers), and call it from a renderer hook.

/** How the UI is hosted. */
export type AppMode = 'desktop' | 'web';

export interface AppInfo {
  mode: AppMode;
  version: string;
  /** `process.platform` of the host (linux, darwin, win32). */
  platform: string;
  /** Paths given on the command line (desktop app arguments, `serve PATH…`), opened at start. */
  initialPaths: string[];
  /** Native open/save dialogs are available (desktop only). */
  nativeDialogs: boolean;
}

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  theme: Theme;
}

/** What a recent file was when it was last opened (guessed from its name when unknown). */
export type InputKind = 'bundle' | 'folder' | 'trace' | 'capture' | 'core' | 'unknown';

export interface RecentFile {
  path: string;
  name: string;
  kind: InputKind;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

export interface FolderEntry {
  /** Path relative to the folder, `/`-separated. */
  path: string;
  size: number;
  bytes: Uint8Array;
}

/** The bytes of a file or of every file of a folder. The host only reads; the renderer's worker parses. */
export type ReadResult =
  | { kind: 'file'; path: string; name: string; size: number; bytes: Uint8Array }
  | { kind: 'folder'; path: string; name: string; files: FolderEntry[]; skipped: { path: string; reason: string }[] };

export interface AppDomain {
  getInfo(arg: Record<string, never>): Promise<AppInfo>;
  /** Opens an https URL (or a mailto) in the system browser; other schemes are refused. */
  openExternal(arg: { url: string }): Promise<{ opened: boolean }>;
}

export interface FilesDomain {
  /** Native dialog (desktop). The chosen paths become readable. Web mode: 'unsupported'. */
  pick(arg: { kind: 'file' | 'folder' }): Promise<{ paths: string[] }>;
  /** Reads a path the user chose (dialog, command line, recent files). Folders are read whole, within limits. */
  read(arg: { path: string }): Promise<ReadResult>;
  /** Native save dialog then write (desktop). Web mode: 'unsupported' (the renderer downloads instead). */
  save(arg: { suggestedName: string; bytes: Uint8Array }): Promise<{ path: string | null }>;
  recent(arg: Record<string, never>): Promise<RecentFile[]>;
  /** Forgets one recent path, or all of them when `path` is absent. */
  forgetRecent(arg: { path?: string }): Promise<RecentFile[]>;
}

export interface SettingsDomain {
  get(arg: Record<string, never>): Promise<Settings>;
  update(arg: { theme?: Theme }): Promise<Settings>;
}

/** The whole API, as `window.app` (desktop) or the web client exposes it. */
export interface AppApi {
  app: AppDomain;
  files: FilesDomain;
  settings: SettingsDomain;
}

/** Commands the desktop menu sends to the renderer (the renderer's toolbar offers the same). */
export const MENU_COMMANDS = [
  'open-file',
  'open-folder',
  'open-sample',
  'export-svg',
  'export-png',
  'export-markdown',
  'export-pcap',
  'export-json',
  'toggle-theme',
  'show-topology',
  'show-packets',
  'show-journey',
  'show-capture',
  'show-state',
  'show-logs',
  'show-checks',
  'show-training',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Pushes from the host to the renderer (VS Code style `onDid…` names). */
export interface AppEvents {
  /** Open these paths (menu dialog, second instance, macOS open-file, serve arguments). */
  onDidRequestOpen: { paths: string[] };
  onDidMenuCommand: { command: MenuCommand };
  onDidChangeSettings: Settings;
}

export type EventName = keyof AppEvents;

/** The renderer-side event subscription: returns the unsubscribe function. */
export interface AppEventsClient {
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

/** What the renderer sees as `window.app`. */
export type AppBridge = AppApi & AppEventsClient;
