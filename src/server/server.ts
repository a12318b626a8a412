// Web mode: the renderer and the same API as the desktop app, over HTTP (calls) and a WebSocket
// (events), on 127.0.0.1 only. A random token is the capability: the page is served only with it
// (in the URL, then in an HttpOnly SameSite=Strict cookie), every API call carries it in a header, the
// event socket in its query. Requests naming another Host (DNS rebinding) or Origin are refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SECURITY_HEADERS } from '../core/ipc/csp';
import { createDispatcher } from '../core/ipc/dispatcher';
import type { AppEvents, EventName } from '../core/ipc/contract';
import { createHostServices, type HostLimits } from '../core/ipc/host-services';
import { decodeWire, encodeWire } from '../core/ipc/wire';
import { channelOf, MAX_WIRESHARK_BYTES } from '../core/ipc/api';
import * as fsp from 'node:fs/promises';
import { fsHost, jsonFileStore } from '../core/ipc/host-fs';
import { defaultStateDir, openInSystemBrowser } from './node-host';
import { serveStatic } from './static-files';
import { ClusterService } from '../node/cluster-service/index';
import { nodeWiresharkHost } from '../node/wireshark';
import path from 'node:path';

export const TOKEN_HEADER = 'x-vpp-pathviz-token';
const COOKIE = 'vpp_pathviz_token';
/** Largest API request body: calls carry small arguments (saving files is desktop-only). */
const MAX_BODY = 16 * 1024 * 1024;

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder with the built renderer (index.html, app.js, worker.js…). */
  staticDir: string;
  /** Paths opened at start (granted for reading). */
  initialPaths?: string[];
  /** Fixed token (tests); random otherwise. */
  token?: string;
  /** Folder of the state file (settings, recent files). */
  stateDir?: string;
  version?: string;
  limits?: HostLimits;
  /** Live-cluster captures: the workspace folder (default `<stateDir>/captures`) and options. */
  cluster?: { workspaceRoot?: string; env?: NodeJS.ProcessEnv; pollMs?: number; closeGraceMs?: number; hostname?: string } | false;
}

export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Pushes an event to every connected page. */
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
  /** Aborts running captures (their cleanup runs and is awaited briefly), then stops serving. */
  close(): Promise<void>;
}

/** Web-mode caller context: which connection made the call. */
export interface WebContext {
  transport: 'http';
  remoteAddress: string | undefined;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(req: IncomingMessage): string | null {
  const raw = req.headers.cookie;
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return null;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(message + '\n');
}

async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) throw new Error(`request body over ${max} bytes`);
    chunks.push(b);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventName>(event: E, payload: AppEvents[E]) => {
    const text = JSON.stringify({ event, payload });
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(text);
  };
  const stateDir = opts.stateDir ?? defaultStateDir();
  const cluster =
    opts.cluster === false
      ? null
      : new ClusterService({
          workspaceRoot: opts.cluster?.workspaceRoot ?? path.join(stateDir, 'captures'),
          emit: (p) => emit('onDidCaptureProgress', p),
          ...(opts.cluster?.env ? { env: opts.cluster.env } : {}),
          ...(opts.cluster?.pollMs ? { pollMs: opts.cluster.pollMs } : {}),
          ...(opts.cluster?.closeGraceMs !== undefined ? { closeGraceMs: opts.cluster.closeGraceMs } : {}),
          ...(opts.cluster?.hostname ? { hostname: opts.cluster.hostname } : {}),
        });
  const services = createHostServices<WebContext>(
    {
      cluster,
      wireshark: nodeWiresharkHost(),
      fs: fsHost(fsp, path),
      store: jsonFileStore(fsp, path, path.join(stateDir, 'state.json')),
      openInBrowser: async (url) => void (await openInSystemBrowser(url)),
      dialogs: null,
      emit,
    },
    { mode: 'web', version: opts.version ?? '0.0.0', platform: process.platform, initialPaths: opts.initialPaths ?? [] },
    opts.limits,
  );
  const dispatch = createDispatcher(services.handlers);

  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer(async (req, res) => {
    try {
      if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'forbidden: this server answers only to 127.0.0.1');
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return refuse(res, 405, 'method not allowed');
        if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) return refuse(res, 403, 'forbidden: missing or wrong token');
        const origin = req.headers.origin;
        if (origin !== undefined && !origins().has(origin)) return refuse(res, 403, 'forbidden: foreign origin');
        const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        let arg: unknown;
        try {
          // openInWireshark carries a whole capture (validated to at most MAX_WIRESHARK_BYTES).
          arg = decodeWire(await readBody(req, channel === channelOf('app', 'openInWireshark') ? MAX_WIRESHARK_BYTES + 64 * 1024 : MAX_BODY));
        } catch (e) {
          return refuse(res, 400, `bad request: ${(e as Error).message}`);
        }
        const result = await dispatch(channel, arg, { transport: 'http', remoteAddress: req.socket.remoteAddress });
        const body = encodeWire(result);
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-store' });
        res.end(body);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
      const queryToken = url.searchParams.get('token');
      const viaQuery = sameToken(queryToken, token);
      if (!viaQuery && !sameToken(cookieToken(req), token)) return refuse(res, 403, 'forbidden: open the URL printed by `vpp-pathviz serve` (it carries the token)');
      const extra: Record<string, string> = {};
      if (viaQuery) extra['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      await serveStatic(req, res, opts.staticDir, url.pathname, { ...SECURITY_HEADERS, ...extra }, token);
    } catch (e) {
      if (!res.headersSent) refuse(res, 500, `internal error: ${(e as Error).message}`);
      else res.destroy();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const ok =
      allowedHosts().has(req.headers.host ?? '') &&
      url.pathname === '/api/events' &&
      sameToken(url.searchParams.get('token'), token) &&
      (req.headers.origin === undefined || origins().has(req.headers.origin));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => ws.close(1003, 'this socket only sends')); // pushes only; calls go over HTTP
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    emit,
    close: async () => {
      await cluster?.close();
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.terminate();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
