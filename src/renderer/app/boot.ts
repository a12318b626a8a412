// Start-up: host info, settings and recent files; host pushes (menu, open requests, settings); then
// open the command-line paths, or the sample for a first visit (or when the URL asks: #sample).
import { bridge } from '../ipc/api';
import { openPaths, openSample, pickAndOpen, refreshRecent, showView, toggleTheme } from './actions';
import { runExport } from '../features/export/run-export';
import { store } from './store';

export async function boot(): Promise<void> {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  store.set({ systemDark: media.matches });
  media.addEventListener('change', (e) => store.set({ systemDark: e.matches }));

  const b = bridge();
  if (!b) {
    store.set({ openError: { title: 'Not connected', message: 'This page was opened without its host. Start it with `npm start` or `vpp-pathviz serve` and open the URL it prints.', diagnostics: [] } });
    return;
  }
  const [info, settings] = await Promise.all([b.app.getInfo({}), b.settings.get({}).catch(() => null)]);
  store.set({ info, themeSetting: settings?.theme ?? 'system' });
  await refreshRecent();

  b.on('onDidRequestOpen', ({ paths }) => void openPaths(paths));
  b.on('onDidChangeSettings', (s) => store.set({ themeSetting: s.theme }));
  b.on('onDidMenuCommand', ({ command }) => {
    switch (command) {
      case 'open-file':
        return void pickAndOpen('file');
      case 'open-folder':
        return void pickAndOpen('folder');
      case 'open-sample':
        return void openSample();
      case 'toggle-theme':
        return void toggleTheme();
      case 'export-svg':
      case 'export-png':
      case 'export-markdown':
      case 'export-pcap':
      case 'export-json':
        return void runExport(command);
      case 'show-state':
        return showView('state');
      default:
        return showView(command.slice('show-'.length) as Parameters<typeof showView>[0]);
    }
  });

  const wantsSample = /(^|[#&])sample\b/.test(location.hash.slice(1));
  if (info.initialPaths.length > 0) await openPaths(info.initialPaths);
  else if (wantsSample || store.get().recent.length === 0) await openSample();
}
