// The only module that reads `window.app`: the desktop preload's bridge, or (in a browser) the web
// transport to the local server. Feature hooks call `bridge()`; components never do.
import type { AppBridge } from '../../core/ipc/contract';
import { createWebBridge, pageToken } from './web-client';

declare global {
  interface Window {
    app?: AppBridge;
  }
}

let cached: AppBridge | null = null;

/** The host API, or null when the page runs without a host (opened as a plain file). */
export function bridge(): AppBridge | null {
  if (cached) return cached;
  if (window.app) return (cached = window.app);
  const token = pageToken();
  if (token) return (cached = createWebBridge(token));
  return null;
}
