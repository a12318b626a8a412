// Electron main: app lifecycle, the window, the app:// protocol serving the built renderer, menus,
// dialogs, and the contract's handlers. Kept thin: every rule lives in core/ipc (shared with web
// mode); untrusted files are never parsed here, only read and handed to the renderer's worker.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { SECURITY_HEADERS } from '../core/ipc/csp';
import { eventChannelOf } from '../core/ipc/api';
import type { AppEvents, EventName, MenuCommand } from '../core/ipc/contract';
import { createDispatcher } from '../core/ipc/dispatcher';
import { fsHost, jsonFileStore } from '../core/ipc/host-fs';
import { createHostServices } from '../core/ipc/host-services';
import { ClusterService } from '../node/cluster-service/index';
import { nodeWiresharkHost } from '../node/wireshark';
import { registerApi, type DesktopContext } from './ipc/register';
import { APP_ORIGIN, isAppUrl, isTrustedSender } from './ipc/sender';
import { openExternalSafely } from './external';
import { menuTemplate } from './menu-template';
import { commandLinePaths } from './paths';
import { hardenContents } from './windows/navigation';
import { createSecureWindow } from './windows/secure-window';

const distDir = path.resolve(__dirname, '..'); // dist/main/main.cjs → dist
const rendererDir = path.join(distDir, 'renderer');
const preloadPath = path.join(distDir, 'preload', 'preload.cjs');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
};

// app:// must be a standard, secure scheme for 'self' in the CSP, fetch and module workers to work.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } }]);
app.enableSandbox();

const windows = new Set<BrowserWindow>();

/** Opens https / mailto links in the system browser; everything else is refused. */
const openExternal = (url: string): Promise<void> => openExternalSafely((u) => shell.openExternal(u), url);
const contentsIds = new Set<number>();

function broadcast<E extends EventName>(event: E, payload: AppEvents[E]): void {
  for (const w of windows) if (!w.isDestroyed()) w.webContents.send(eventChannelOf(event), payload);
}

// Live-cluster captures run in main (credentials never reach the renderer); their files land in
// the workspace under userData. On quit, running captures are aborted and their cleanup awaited.
const cluster = new ClusterService({
  workspaceRoot: path.join(app.getPath('userData'), 'captures'),
  emit: (p) => broadcast('onDidCaptureProgress', p),
});

const services = createHostServices<DesktopContext>(
  {
    cluster,
    wireshark: nodeWiresharkHost(),
    fs: fsHost(fsp, path),
    store: jsonFileStore(fsp, path, path.join(app.getPath('userData'), 'state.json')),
    openInBrowser: (url) => openExternal(url),
    dialogs: {
      async pick(kind) {
        const parent = BrowserWindow.getFocusedWindow();
        const options: Electron.OpenDialogOptions = {
          title: kind === 'folder' ? 'Open a bundle folder' : 'Open a bundle, trace or capture',
          properties: kind === 'folder' ? ['openDirectory'] : ['openFile', 'multiSelections'],
          filters:
            kind === 'folder'
              ? []
              : [
                  { name: 'Bundles, traces and captures', extensions: ['gz', 'tgz', 'tar', 'txt', 'log', 'pcap', 'pcapng', 'cap'] },
                  { name: 'Captures', extensions: ['pcap', 'pcapng', 'cap'] },
                  { name: 'All files', extensions: ['*'] },
                ],
        };
        const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
        return r.canceled ? [] : r.filePaths;
      },
      async saveAs(suggestedName) {
        const parent = BrowserWindow.getFocusedWindow();
        const options = { defaultPath: suggestedName };
        const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return r.canceled || !r.filePath ? null : r.filePath;
      },
      writeFile: (p, bytes) => fsp.writeFile(p, bytes),
    },
    emit: broadcast,
  },
  { mode: 'desktop', version: app.getVersion(), platform: process.platform, initialPaths: commandLinePaths(process.argv, app.isPackaged) },
);

async function openPaths(paths: string[]): Promise<void> {
  if (paths.length === 0) return;
  broadcast('onDidRequestOpen', { paths: services.grant(paths) });
}

async function pickAndOpen(kind: 'file' | 'folder'): Promise<void> {
  const { paths } = await services.handlers.files.pick({ kind }, { transport: 'electron', webContentsId: -1, frameUrl: '' });
  await openPaths(paths);
}

function sendCommand(command: MenuCommand): void {
  broadcast('onDidMenuCommand', { command });
}

function createWindow(): BrowserWindow {
  const win = createSecureWindow(BrowserWindow, preloadPath, path.join(distDir, '..', 'assets', 'icon.png'));
  const id = win.webContents.id;
  windows.add(win);
  contentsIds.add(id);
  win.on('closed', () => {
    windows.delete(win);
    contentsIds.delete(id);
  });
  win.once('ready-to-show', () => win.show());
  // `npm start` passes --open-sample: the renderer opens the walkthrough of the embedded sample.
  void win.loadURL(`${APP_ORIGIN}/index.html${process.argv.includes('--open-sample') ? '#sample' : ''}`);
  return win;
}

// Every web contents, including any created later, gets the navigation and window-open guards.
app.on('web-contents-created', (_event, contents) => {
  hardenContents(contents, isAppUrl, (url) => void openExternal(url).catch(() => undefined));
});

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const w = [...windows][0];
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
    void openPaths(commandLinePaths(argv, app.isPackaged));
  });
  // macOS: files dropped on the dock icon or opened from Finder (file associations).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openPaths([file]);
  });

  void app.whenReady().then(() => {
    // Deny every permission request (camera, notifications, …): the app needs none.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);

    protocol.handle('app', async (request) => {
      const url = new URL(request.url);
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const full = path.resolve(rendererDir, '.' + path.posix.normalize(rel));
      const type = TYPES[path.extname(full)];
      if (url.host !== 'renderer' || !full.startsWith(rendererDir + path.sep) || !type) return new Response('not found', { status: 404 });
      try {
        const body = await fsp.readFile(full);
        return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
      } catch {
        return new Response('not found', { status: 404 });
      }
    });

    const dispatch = createDispatcher(services.handlers);
    registerApi(ipcMain, dispatch, (event) => isTrustedSender(event, contentsIds));

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate({
        openFile: () => void pickAndOpen('file'),
        openFolder: () => void pickAndOpen('folder'),
        command: sendCommand,
        openDocs: () => void openExternal('https://github.com/projectcalico/vpp-dataplane'),
        isMac: process.platform === 'darwin',
      })),
    );
    createWindow();
    app.on('activate', () => {
      if (windows.size === 0) createWindow();
    });
  });

  // Quit: abort running captures (each node is cleaned up: trace cleared, captures off, filter
  // removed, remote files and the lock removed) and wait briefly for it before quitting for real.
  let cleanedUp = false;
  app.on('before-quit', (event) => {
    if (cleanedUp || cluster.runningIds().length === 0) return;
    event.preventDefault();
    cleanedUp = true;
    void cluster.close().finally(() => app.quit());
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
