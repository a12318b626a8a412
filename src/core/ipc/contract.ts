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
  /** A Wireshark executable was found on the host (PATH or its standard install location). */
  wireshark?: boolean;
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
  /**
   * Writes pcap / pcapng bytes to a new private temp file named `name` and opens it in Wireshark
   * (`wireshark -r FILE`). `ok: false` with a readable message when Wireshark is absent or fails to start.
   */
  openInWireshark(arg: { name: string; bytes: Uint8Array }): Promise<{ ok: boolean; message: string }>;
}

export interface FilesDomain {
  /** Native dialog (desktop). The chosen paths become readable. Web mode: 'unsupported'. */
  pick(arg: { kind: 'file' | 'folder' }): Promise<{ paths: string[] }>;
  /** Reads a path the user chose (dialog, command line, recent files). Folders are read whole, within limits. */
  read(arg: { path: string }): Promise<ReadResult>;
  /** Size and type of a path the user chose (same grants as `read`); nothing is read. A file becomes a recent file. */
  stat(arg: { path: string }): Promise<{ size: number; isFile: boolean }>;
  /**
   * Up to `length` bytes (at most 16 MiB) from `offset` of a file the user chose (same grants as
   * `read`): fewer only at the end of the file. Large cores are summarised by such ranges, never read whole.
   */
  readRange(arg: { path: string; offset: number; length: number }): Promise<Uint8Array>;
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

export type ClusterCaptureKind = 'trace' | 'pcap' | 'dispatch';

/** A kubeconfig context, without credentials. */
export interface ClusterContextInfo {
  name: string;
  cluster: string;
  /** API server URL without user info, query or fragment; null when unknown. */
  server: string | null;
  current: boolean;
}

/** Plain session info: which cluster the host talks to (never a token, certificate or password). */
export interface ClusterConnection {
  context: string;
  /** API server URL without credentials. */
  server: string;
  contexts: ClusterContextInfo[];
  vppNamespace: string;
}

/** Who holds a node's capture lock (calicovppctl's /tmp/calicovppctl.lock). */
export interface ClusterLockInfo {
  holder: string;
  operation: string;
  startedAt: string;
}

export interface ClusterNodeStatus {
  name: string;
  ready: boolean;
  internalIP: string | null;
  /** `namespace/name` of the node's calico-vpp-node pod, or null. */
  vppPod: string | null;
  vppPhase: string | null;
  vppReady: boolean;
  /** Why the node cannot be captured on (no VPP pod, not running…), or null. */
  problem: string | null;
  lock: ClusterLockInfo | null;
  /** Reading the lock failed (message), or null. */
  lockError: string | null;
}

/** 5-tuple filter of a capture (each field optional; applied in VPP as a BPF expression). */
export interface CaptureFilterArg {
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  protocol?: 'tcp' | 'udp' | 'icmp';
}

export interface StartCaptureArg {
  kind: ClusterCaptureKind;
  nodes: string[];
  /** Packets (trace, pcap) or records (dispatch) per node. */
  count: number;
  timeoutS: number;
  /** trace / dispatch: preset or graph node; pcap: interface name or `any`. */
  interface?: string;
  filter?: CaptureFilterArg;
}

export interface CaptureNodeSummary {
  node: string;
  state: string;
  packets: number | null;
  files: number;
  error: string | null;
  leftovers: string[];
}

/** One capture of the workspace (its manifest, without paths or credentials). */
export interface CaptureSummary {
  id: string;
  kind: ClusterCaptureKind;
  state: string;
  context: string;
  createdAt: string;
  finishedAt: string | null;
  /** True while this host process runs it. */
  running: boolean;
  nodes: CaptureNodeSummary[];
  messages: string[];
}

export interface ClusterDomain {
  /** The contexts of the default kubeconfig (KUBECONFIG, ~/.kube/config). */
  listContexts(arg: Record<string, never>): Promise<{ contexts: ClusterContextInfo[] }>;
  /** Opens a session (the default kubeconfig, or one the user chose; a context of it). */
  connect(arg: { kubeconfig?: string; context?: string }): Promise<ClusterConnection>;
  /** Nodes with their VPP pod status and capture-lock holder (connects to the default context first if needed). */
  listNodes(arg: Record<string, never>): Promise<{ connection: ClusterConnection; nodes: ClusterNodeStatus[] }>;
  /** Starts a capture in the background; progress comes as onDidCaptureProgress. */
  startCapture(arg: StartCaptureArg): Promise<{ id: string }>;
  /** Cancels a running capture (one node, or all): cleanup runs, nothing is collected. */
  cancelCapture(arg: { id: string; node?: string }): Promise<{ cancelled: boolean }>;
  /** calicovppctl's `capture clear` on one node: leftovers undone, lock released. */
  clearNode(arg: { node: string }): Promise<{ ok: boolean; steps: { action: string; ok: boolean; message: string | null }[]; lock: ClusterLockInfo | null }>;
  /** The captures of the workspace, newest first. */
  listCaptures(arg: Record<string, never>): Promise<{ captures: CaptureSummary[] }>;
  /** The files of one capture, made readable: open them with files.read (the usual open path). */
  openCapture(arg: { id: string }): Promise<{ paths: string[]; names: string[] }>;
}

/** The whole API, as `window.app` (desktop) or the web client exposes it. */
export interface AppApi {
  app: AppDomain;
  files: FilesDomain;
  settings: SettingsDomain;
  cluster: ClusterDomain;
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
  'show-cluster',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Pushes from the host to the renderer (VS Code style `onDid…` names). */
export interface AppEvents {
  /** Open these paths (menu dialog, second instance, macOS open-file, serve arguments). */
  onDidRequestOpen: { paths: string[] };
  onDidMenuCommand: { command: MenuCommand };
  onDidChangeSettings: Settings;
  /** A running capture moved on (node state, packets so far, warning, file, finished). */
  onDidCaptureProgress: CaptureProgress;
}

export type CaptureProgressType = 'node' | 'progress' | 'warning' | 'locked' | 'busy' | 'file' | 'done';

/** One step of a running capture, flat plain data (fields not relevant to `type` are null). */
export interface CaptureProgress {
  id: string;
  type: CaptureProgressType;
  node: string | null;
  /** Node state (`node`), or the capture's state (`done`). */
  state: string | null;
  packets: number | null;
  target: number | null;
  message: string | null;
}

export type EventName = keyof AppEvents;

/** The renderer-side event subscription: returns the unsubscribe function. */
export interface AppEventsClient {
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

/** What the renderer sees as `window.app`. */
export type AppBridge = AppApi & AppEventsClient;
