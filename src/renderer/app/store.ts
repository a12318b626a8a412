// The app's state in one small store (useSyncExternalStore): what is open, which view, the filter,
// the selected packet and hop. Actions live in ./actions.ts; components read with useStore(selector).
import { useSyncExternalStore } from 'react';
import type { AppInfo, RecentFile, Theme } from '../../core/ipc/contract';
import type { Diagnostic } from '../../core/model';
import type { BundleVppInfo, DecodedFrameView, FlowView, JourneyView, PathView, SessionSummary } from '../workers/protocol';

export type ViewId = 'topology' | 'packets' | 'journey' | 'capture' | 'state' | 'logs' | 'checks' | 'training' | 'cluster' | 'core';

export const VIEWS: { id: ViewId; label: string }[] = [
  { id: 'topology', label: 'Topology' },
  { id: 'packets', label: 'Packets' },
  { id: 'journey', label: 'Journey' },
  { id: 'capture', label: 'Capture' },
  { id: 'state', label: 'Node state' },
  { id: 'logs', label: 'Logs' },
  { id: 'checks', label: 'Checks' },
  { id: 'training', label: 'Training' },
  { id: 'cluster', label: 'Cluster' },
  { id: 'core', label: 'Core file' },
];

export interface LoadingState {
  label: string;
  phase: string;
  done: number;
  total: number;
  cancel(): void;
}

export interface OpenError {
  title: string;
  message: string;
  diagnostics: Diagnostic[];
}

/** Where an evidence link points: a node-state table row or a log line. */
export interface EvidenceTarget {
  input: string;
  line: number | null;
}

export interface State {
  info: AppInfo | null;
  themeSetting: Theme;
  systemDark: boolean;
  view: ViewId;
  session: SessionSummary | null;
  /** Counts opened sessions (a hook for tests and benchmarks: `data-session` on the app root). */
  sessionSeq: number;
  loading: LoadingState | null;
  openError: OpenError | null;
  showDiagnostics: boolean;
  toast: string | null;
  recent: RecentFile[];
  filterText: string;
  filterError: string | null;
  /** Row indices shown in the packet list (null: all rows). */
  filtered: Uint32Array | null;
  grouping: 'none' | 'path' | 'flow';
  groups: { paths: PathView[]; flows: FlowView[] } | null;
  /** A group chosen in the group list narrows the list further. */
  groupPick: { by: 'path' | 'flow'; key: string } | null;
  selectedRow: number | null;
  journey: JourneyView | null;
  hop: number;
  playing: boolean;
  captureId: number;
  frame: DecodedFrameView | null;
  field: { start: number; end: number; name: string } | null;
  stateNode: string | null;
  evidence: EvidenceTarget | null;
  /** Topology element the user clicked (element key). */
  topoSelected: string | null;
  /** The vpp image of the last bundle opened (kept when a core file is opened alone after it). */
  vppInfo: BundleVppInfo | null;
}

export const initialState: State = {
  info: null,
  themeSetting: 'system',
  systemDark: false,
  view: 'topology',
  session: null,
  sessionSeq: 0,
  loading: null,
  openError: null,
  showDiagnostics: false,
  toast: null,
  recent: [],
  filterText: '',
  filterError: null,
  filtered: null,
  grouping: 'none',
  groups: null,
  groupPick: null,
  selectedRow: null,
  journey: null,
  hop: 0,
  playing: false,
  captureId: 0,
  frame: null,
  field: null,
  stateNode: null,
  evidence: null,
  topoSelected: null,
  vppInfo: null,
};

type Listener = () => void;

export class Store {
  private state: State;
  private readonly listeners = new Set<Listener>();

  constructor(init: State = initialState) {
    this.state = init;
  }

  get = (): State => this.state;

  set(patch: Partial<State> | ((s: State) => Partial<State>)): void {
    const p = typeof patch === 'function' ? patch(this.state) : patch;
    this.state = { ...this.state, ...p };
    for (const l of this.listeners) l();
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => void this.listeners.delete(l);
  };
}

export const store = new Store();

export function useStore<T>(select: (s: State) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

export function effectiveTheme(s: Pick<State, 'themeSetting' | 'systemDark'>): 'light' | 'dark' {
  return s.themeSetting === 'system' ? (s.systemDark ? 'dark' : 'light') : s.themeSetting;
}
