// The status bar: what is open, how long it took, problems found while reading.
import { store, useStore } from './store';

export function StatusBar() {
  const session = useStore((s) => s.session);
  const info = useStore((s) => s.info);
  if (!session) {
    return (
      <footer className="statusbar">
        <span>{info ? (info.mode === 'web' ? 'Web mode · 127.0.0.1 only' : 'Desktop') : 'Connecting…'}</span>
        <span className="spacer" />
        <span>
          Press <kbd>/</kbd> to filter, <kbd>←</kbd> <kbd>→</kbd> to step
        </span>
      </footer>
    );
  }
  const d = session.diagnostics.length;
  return (
    <footer className="statusbar">
      <span>
        {session.sources.length} input{session.sources.length === 1 ? '' : 's'} · {session.rows.count.toLocaleString('en')} packets
      </span>
      <span>
        read {session.timings.readMs.toFixed(0)} ms · analysed {session.timings.parseMs.toFixed(0)} ms
      </span>
      {d > 0 && (
        <button className="warn" onClick={() => store.set({ showDiagnostics: true })}>
          {d} problem{d === 1 ? '' : 's'} while reading
        </button>
      )}
      <span className="spacer" />
      <span>{info?.mode === 'web' ? 'Web mode · 127.0.0.1 only' : 'Desktop'}</span>
    </footer>
  );
}
