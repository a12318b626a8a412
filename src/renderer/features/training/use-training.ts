// Lessons (built once, lazily, from the simulator in core) and the learner's progress, kept in
// localStorage so it survives reloads and restarts. All progress logic is in core/training/progress.
import { useCallback, useSyncExternalStore } from 'react';
import { lessons as buildLessons, parseProgress, serializeProgress, type Lesson, type TrainingProgress } from '../../../core/training';

const PROGRESS_KEY = 'vpp-pathviz.training.v1';
const CURRENT_KEY = 'vpp-pathviz.training.current';

let cachedLessons: Lesson[] | null = null;

/** Every lesson (built on first call; about a tenth of a second). */
export function allLessons(): Lesson[] {
  cachedLessons ??= buildLessons();
  return cachedLessons;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: progress lives for this page only
  }
}

interface TrainingState {
  progress: TrainingProgress;
  current: string | null;
}

let state: TrainingState | null = null;
const listeners = new Set<() => void>();

function load(): TrainingState {
  const s = storage();
  return { progress: parseProgress(s?.getItem(PROGRESS_KEY)), current: s?.getItem(CURRENT_KEY) ?? null };
}

function get(): TrainingState {
  state ??= load();
  return state;
}

function set(next: Partial<TrainingState>): void {
  const prev = get();
  state = { ...prev, ...next };
  const s = storage();
  try {
    if (next.progress && next.progress !== prev.progress) s?.setItem(PROGRESS_KEY, serializeProgress(next.progress));
    if (next.current !== undefined && next.current !== prev.current) {
      if (next.current === null) s?.removeItem(CURRENT_KEY);
      else s?.setItem(CURRENT_KEY, next.current);
    }
  } catch {
    // quota or privacy mode: keep the in-memory state
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

/** The learner's progress and the open lesson, with setters that persist them. */
export function useTraining(): {
  progress: TrainingProgress;
  current: string | null;
  setProgress(f: (p: TrainingProgress) => TrainingProgress): void;
  open(name: string | null): void;
} {
  const s = useSyncExternalStore(subscribe, get);
  const setProgress = useCallback((f: (p: TrainingProgress) => TrainingProgress) => set({ progress: f(get().progress) }), []);
  const open = useCallback((name: string | null) => set({ current: name }), []);
  return { progress: s.progress, current: s.current, setProgress, open };
}
