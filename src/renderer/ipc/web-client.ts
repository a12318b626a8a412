// Web mode's transport: calls are POSTs of wire-encoded arguments to /api/<channel> with the session
// token in a header; pushes arrive on a WebSocket at /api/events. Built over the same contract
// client as the desktop preload, so the UI cannot tell the two apart.
import { createApiClient, createEventHub } from '../../core/ipc/client';
import type { AppBridge } from '../../core/ipc/contract';
import type { IpcResult } from '../../core/ipc/errors';
import { decodeWire, encodeWire } from '../../core/ipc/wire';

export const TOKEN_HEADER = 'x-vpp-pathviz-token';

/** The token the server put in the page (or the one in the URL). */
export function pageToken(): string | null {
  const meta = document.querySelector('meta[name="vpp-pathviz-token"]')?.getAttribute('content');
  if (meta) return meta;
  return new URLSearchParams(location.search).get('token');
}

export function createWebBridge(token: string): AppBridge {
  const hub = createEventHub();
  const api = createApiClient(async (channel, arg) => {
    const body = encodeWire(arg);
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: token, 'Content-Type': 'application/octet-stream' },
      body: new Blob([body as BlobPart]),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (!res.ok) return { ok: false, error: { code: res.status === 403 ? 'forbidden' : 'internal', message: (await res.text()).trim() || `HTTP ${res.status}` } };
    return decodeWire(new Uint8Array(await res.arrayBuffer())) as IpcResult;
  });
  let retry = 500;
  const connect = () => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events?token=${encodeURIComponent(token)}`);
    ws.onmessage = (m) => {
      try {
        const { event, payload } = JSON.parse(String(m.data)) as { event: string; payload: unknown };
        hub.emit(event, payload);
      } catch {
        // not one of ours: ignored
      }
    };
    ws.onopen = () => (retry = 500);
    ws.onclose = () => {
      retry = Math.min(retry * 2, 10_000);
      setTimeout(connect, retry);
    };
  };
  connect();
  return { ...api, on: hub.on };
}
