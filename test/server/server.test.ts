// Web mode's server: 127.0.0.1 only, the token required for the page, its files, every API call and
// the event socket; other Host headers (DNS rebinding) and foreign origins refused; the same API as
// the desktop app, over HTTP with the wire encoding.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startServer, TOKEN_HEADER, type RunningServer } from '../../src/server/server';
import { TOKEN_META } from '../../src/server/static-files';
import { RENDERER_CSP } from '../../src/core/ipc/csp';
import { decodeWire, encodeWire } from '../../src/core/ipc/wire';
import type { IpcResult } from '../../src/core/ipc/errors';

const root = path.resolve(import.meta.dirname, '..', '..');

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('web mode server', () => {
  let s: RunningServer;
  let dir: string;
  const host = () => `127.0.0.1:${s.port}`;
  const call = async (channel: string, arg: unknown, headers: Record<string, string> = {}) => {
    const r = await request(s.port, { method: 'POST', path: `/api/${channel}`, headers: { Host: host(), [TOKEN_HEADER]: s.token, ...headers }, body: encodeWire(arg) });
    return { status: r.status, result: r.status === 200 ? (decodeWire(new Uint8Array(r.body)) as IpcResult) : null, text: r.body.toString() };
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'vpv-server-'));
    const www = path.join(dir, 'www');
    mkdirSync(www);
    writeFileSync(path.join(www, 'index.html'), `<!doctype html><html><head>${TOKEN_META}</head><body>app</body></html>`);
    writeFileSync(path.join(www, 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
    writeFileSync(path.join(dir, 'trace.txt'), 'Packet 1\n');
    s = await startServer({ staticDir: www, stateDir: path.join(dir, 'state'), initialPaths: [path.join(dir, 'trace.txt')] });
  });
  after(() => s.close());

  test('listens on 127.0.0.1, with a long random token in the URL', () => {
    assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,}$/);
  });

  test('the page: refused without the token, served with it (cookie set, token in the page, CSP header)', async () => {
    assert.equal((await request(s.port, { path: '/', headers: { Host: host() } })).status, 403);
    assert.equal((await request(s.port, { path: '/?token=wrong', headers: { Host: host() } })).status, 403);
    const ok = await request(s.port, { path: `/?token=${s.token}`, headers: { Host: host() } });
    assert.equal(ok.status, 200);
    assert.match(ok.body.toString(), new RegExp(`<meta name="vpp-pathviz-token" content="${s.token}">`));
    assert.match(String(ok.headers['set-cookie']), /HttpOnly; SameSite=Strict/);
    assert.equal(ok.headers['content-security-policy'], `${RENDERER_CSP}; frame-ancestors 'none'`);
    assert.equal(ok.headers['x-content-type-options'], 'nosniff');
    const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
    assert.equal((await request(s.port, { path: '/app.js', headers: { Host: host(), Cookie: cookie } })).status, 200);
    assert.equal((await request(s.port, { path: '/app.js', headers: { Host: host() } })).status, 403);
  });

  test('other Host headers are refused (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`, '0.0.0.0']) {
      assert.equal((await request(s.port, { path: `/?token=${s.token}`, headers: { Host: h } })).status, 403, h);
      assert.equal((await call('app:app.getInfo', {}, { Host: h })).status, 403, h);
    }
    assert.equal((await request(s.port, { path: `/?token=${s.token}`, headers: { Host: `localhost:${s.port}` } })).status, 200);
  });

  test('no files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/state/state.json', '/index.html%00.js']) {
      const r = await request(s.port, { path: `${p}${p.includes('?') ? '&' : '?'}token=${s.token}`, headers: { Host: host() } });
      assert.notEqual(r.status, 200, p);
      assert.doesNotMatch(r.body.toString(), /do not serve/);
    }
  });

  test('API: the token header is required; foreign origins refused; calls answered as wire data', async () => {
    assert.equal((await call('app:app.getInfo', {}, { [TOKEN_HEADER]: '' })).status, 403);
    assert.equal((await call('app:app.getInfo', {}, { [TOKEN_HEADER]: 'x'.repeat(s.token.length) })).status, 403);
    assert.equal((await call('app:app.getInfo', {}, { Origin: 'https://evil.example' })).status, 403);
    const info = await call('app:app.getInfo', {}, { Origin: `http://127.0.0.1:${s.port}` });
    assert.equal(info.status, 200);
    assert.ok(info.result?.ok);
    assert.deepEqual(info.result.ok && (info.result.value as { mode: string; nativeDialogs: boolean }).mode, 'web');
    const got = await call('app:files.read', { path: path.join(dir, 'trace.txt') });
    assert.ok(got.result?.ok && (got.result.value as { bytes: Uint8Array }).bytes instanceof Uint8Array);
    const denied = await call('app:files.read', { path: path.join(dir, 'secret.txt') });
    assert.deepEqual(denied.result?.ok === false && denied.result.error.code, 'not-allowed');
    const bad = await call('app:files.read', { path: 1 });
    assert.deepEqual(bad.result?.ok === false && bad.result.error.code, 'invalid-argument');
    const unknown = await call('app:shell.run', {});
    assert.deepEqual(unknown.result?.ok === false && unknown.result.error.code, 'unknown-method');
    const get = await request(s.port, { path: '/api/app:app.getInfo', headers: { Host: host(), [TOKEN_HEADER]: s.token } });
    assert.equal(get.status, 405);
    const garbage = await request(s.port, { method: 'POST', path: '/api/app:app.getInfo', headers: { Host: host(), [TOKEN_HEADER]: s.token }, body: new Uint8Array([1, 2, 3]) });
    assert.equal(garbage.status, 400);
  });

  test('events: the socket needs the token and our origin; pushes arrive', async () => {
    const open = (q: string, origin?: string) =>
      new Promise<WebSocket | number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/events${q}`, origin ? { origin } : {});
        ws.on('open', () => resolve(ws));
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => undefined);
      });
    assert.equal(await open(''), 403);
    assert.equal(await open(`?token=${s.token}`, 'https://evil.example'), 403);
    const ws = await open(`?token=${s.token}`, `http://127.0.0.1:${s.port}`);
    assert.ok(ws instanceof WebSocket);
    const got = new Promise<string>((resolve) => ws.once('message', (m) => resolve(String(m))));
    s.emit('onDidRequestOpen', { paths: ['/x.pcap'] });
    assert.deepEqual(JSON.parse(await got), { event: 'onDidRequestOpen', payload: { paths: ['/x.pcap'] } });
    ws.close();
  });
});

describe('vpp-pathviz serve', () => {
  test('first stdout line is the URL; Ctrl-C stops it with status 0', { timeout: 60_000 }, async () => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'vpv-serve-'));
    const child = spawn(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'serve', '--port', '0', '--state-dir', state], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const first = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (c) => reject(new Error(`exited ${c}`)));
    });
    assert.match(first, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,}$/);
    const port = Number(new URL(first).port);
    assert.equal((await request(port, { path: '/', headers: { Host: `127.0.0.1:${port}` } })).status, 403, 'no token, no page');
    assert.equal((await request(port, { path: new URL(first).pathname + new URL(first).search, headers: { Host: `127.0.0.1:${port}` } })).status, 200);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    assert.equal(code, 0);
  });

  test('a missing PATH is an error naming it (status 1)', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'serve', '/no/such/bundle.tar.gz'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, /\/no\/such\/bundle\.tar\.gz: no such file or folder/);
  });
});
