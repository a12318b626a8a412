// Every app window is created here, with the secure defaults written out in one literal (so a static
// scanner such as electronegativity sees them where the window is made): the renderer is a sandboxed
// web page with no Node, its own JavaScript world (context isolation), and only the preload's
// `window.app` bridge. Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security
import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export type BrowserWindowCtor<W = ElectronBrowserWindow> = new (options: BrowserWindowConstructorOptions) => W;

/** Creates a window with the app's secure options (the constructor is passed in so tests can look at the options). */
export function createSecureWindow<W>(BrowserWindow: BrowserWindowCtor<W>, preload: string, icon?: string): W {
  return new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false, // shown on ready-to-show: no white flash
    title: 'VPP Path Visualizer',
    ...(icon ? { icon } : {}),
    backgroundColor: '#10151c',
    webPreferences: {
      preload,
      // checklist #2/#3/#4: no Node in the page (nor in its workers or frames), an isolated preload
      // world, and the OS sandbox for the renderer
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      contextIsolation: true,
      sandbox: true,
      // checklist #5/#6/#8/#9: web security stays on; no mixed content; no experimental features
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // no experimental Blink features are enabled; middle-click must not open links in new windows (window.open is denied anyway)
      disableBlinkFeatures: 'Auxclick',
      // checklist #12: no <webview>
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });
}
