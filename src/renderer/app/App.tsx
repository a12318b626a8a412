// The app shell: top bar, view tabs, the current view, status bar; drag and drop, keyboard, theme.
import { useEffect, useState } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ErrorPanel, ProgressOverlay, Toast } from '../components/Overlays';
import { CaptureView } from '../features/capture/CaptureView';
import { CoreView } from '../features/core/CoreView';
import { ChecksView } from '../features/checks/ChecksView';
import { ClusterView } from '../features/cluster/ClusterView';
import { JourneyView } from '../features/journey/JourneyView';
import { LogsView } from '../features/logs/LogsView';
import { PacketsView, focusFilter } from '../features/packets/PacketsView';
import { NodeStateView } from '../features/state/NodeStateView';
import { TopologyView } from '../features/topology/TopologyView';
import { TrainingView } from '../features/training/TrainingView';
import { openFiles, showView, stepHop, togglePlay } from './actions';
import { filesFromDrop } from './drop';
import { StatusBar } from './StatusBar';
import { effectiveTheme, store, useStore, type ViewId } from './store';
import { Tabs } from './Tabs';
import { TopBar } from './TopBar';
import { Welcome } from './Welcome';

const VIEW_COMPONENTS: Record<ViewId, () => React.JSX.Element> = {
  topology: TopologyView,
  packets: PacketsView,
  journey: JourneyView,
  capture: CaptureView,
  state: NodeStateView,
  logs: LogsView,
  checks: ChecksView,
  training: TrainingView,
  cluster: ClusterView,
  core: CoreView,
};

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function App() {
  const view = useStore((s) => s.view);
  const session = useStore((s) => s.session);
  const themeSetting = useStore((s) => s.themeSetting);
  const systemDark = useStore((s) => s.systemDark);
  const playing = useStore((s) => s.playing);
  const sessionSeq = useStore((s) => s.sessionSeq);
  const [dragging, setDragging] = useState(false);
  const theme = effectiveTheme({ themeSetting, systemDark });

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // Keyboard first: `/` focuses the filter; arrows, Home/End step through hops; Space plays.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !isTyping(e.target)) {
        e.preventDefault();
        showView('packets');
        focusFilter();
        return;
      }
      if (isTyping(e.target)) return;
      const v = store.get().view;
      if (v !== 'journey' && v !== 'topology') return;
      if ((e.target as HTMLElement | null)?.closest?.('[role="grid"], .tree, table')) return;
      const map: Record<string, () => void> = {
        ArrowRight: () => stepHop(1),
        ArrowLeft: () => stepHop(-1),
        Home: () => stepHop('home'),
        End: () => stepHop('end'),
        ' ': () => togglePlay(),
      };
      const f = map[e.key];
      if (f && store.get().journey) {
        e.preventDefault();
        f();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Space plays: one hop every 700 ms until the last.
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => stepHop(1), 700);
    return () => clearInterval(t);
  }, [playing]);

  // Drag and drop anywhere: files or a folder.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      void filesFromDrop(e.dataTransfer!).then((files) => openFiles(files));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);

  const View = VIEW_COMPONENTS[view];
  const label = view === 'state' ? 'node state' : view;
  return (
    <div className={`app${dragging ? ' dragging' : ''}`} data-session={sessionSeq}>
      <TopBar />
      <Tabs />
      <main className="main" id={`view-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
        {session || view === 'training' || view === 'cluster' ? (
          <ErrorBoundary key={view} name={label}>
            <View />
          </ErrorBoundary>
        ) : (
          <Welcome />
        )}
        <ProgressOverlay />
        <ErrorPanel />
        <Toast />
      </main>
      <StatusBar />
    </div>
  );
}
