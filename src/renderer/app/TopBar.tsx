// The top bar: open (file, folder, sample, recent), export, theme.
import { useRef } from 'react';
import { Icon } from '../components/Icon';
import { Menu, type MenuItem } from '../components/Menu';
import { openListedInWireshark, runExport } from '../features/export/run-export';
import { forgetRecent, openFiles, openPath, openSample, pickAndOpen, toggleTheme } from './actions';
import { effectiveTheme, useStore } from './store';

const ACCEPT = '.pcap,.pcapng,.cap,.gz,.tgz,.tar,.txt,.log,.trace,application/gzip,text/plain';

export function TopBar() {
  const info = useStore((s) => s.info);
  const session = useStore((s) => s.session);
  const recent = useStore((s) => s.recent);
  const themeSetting = useStore((s) => s.themeSetting);
  const systemDark = useStore((s) => s.systemDark);
  const journey = useStore((s) => s.journey);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const native = info?.nativeDialogs ?? false;
  const theme = effectiveTheme({ themeSetting, systemDark });

  const openItems: (MenuItem | 'separator')[] = [
    { label: 'File…', hint: 'bundle (.tar.gz), trace (.txt), capture (.pcap, .pcapng)', onSelect: () => (native ? void pickAndOpen('file') : fileInput.current?.click()) },
    { label: 'Folder…', hint: 'an unpacked export bundle', onSelect: () => (native ? void pickAndOpen('folder') : folderInput.current?.click()) },
    { label: 'Sample cluster', hint: 'a simulated Calico VPP cluster with a walkthrough', onSelect: () => void openSample() },
  ];
  if (recent.length) {
    openItems.push('separator');
    for (const r of recent.slice(0, 8)) openItems.push({ label: r.name, hint: r.path, onSelect: () => void openPath(r.path) });
    openItems.push({ label: 'Clear recent files', onSelect: () => void forgetRecent() });
  }
  const hasRows = (session?.rows.count ?? 0) > 0;
  const exportItems: MenuItem[] = [
    { label: 'Diagram as SVG', onSelect: () => void runExport('export-svg'), disabled: !session?.topology },
    { label: 'Diagram as PNG', onSelect: () => void runExport('export-png'), disabled: !session?.topology },
    { label: 'Journey as Markdown', onSelect: () => void runExport('export-markdown'), disabled: !journey },
    { label: 'Packets as pcap', hint: 'the filtered packets (capture sources only)', onSelect: () => void runExport('export-pcap'), disabled: !hasRows },
    { label: 'Packets as JSON', hint: 'the filtered packets', onSelect: () => void runExport('export-json'), disabled: !hasRows },
  ];
  if (info?.wireshark) exportItems.push({ label: 'Open in Wireshark', hint: 'the filtered packets (capture sources only)', onSelect: () => void openListedInWireshark(), disabled: !hasRows });

  return (
    <header className="topbar">
      <div className="brand">
        <img src="icon.svg" alt="" />
        <span>VPP Path Visualizer</span>
      </div>
      <div className="session-title" title={session?.title}>
        {session ? session.title : 'Nothing open'}
      </div>
      <div className="toolbar">
        <Menu label="Open" items={openItems} primary testId="open-menu" />
        <Menu label="Export" items={exportItems} testId="export-menu" />
        <button className="btn" onClick={() => void toggleTheme()} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} title="Light / dark theme">
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
      <input
        ref={fileInput}
        type="file"
        multiple
        accept={ACCEPT}
        hidden
        aria-label="Open files"
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void openFiles(files);
        }}
      />
      <input
        ref={(el) => {
          folderInput.current = el;
          el?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        hidden
        aria-label="Open a folder"
        data-testid="folder-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void openFiles(files);
        }}
      />
    </header>
  );
}
