// The preload: exposes exactly the contract's bridge as `window.app` through contextBridge. No
// ipcRenderer, no process, no Node reach the page.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

const bridge = buildBridge(
  (channel, arg) => ipcRenderer.invoke(channel, arg),
  (channel, cb) => {
    const handler = (_event: unknown, payload: unknown) => cb(payload);
    ipcRenderer.on(channel, handler);
    return () => void ipcRenderer.removeListener(channel, handler);
  },
);

contextBridge.exposeInMainWorld('app', bridge);
