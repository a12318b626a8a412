// Serves the built renderer from one folder: no directory listings, no paths outside the folder,
// a fixed set of file types. index.html gets the session token in a <meta> tag for the API client.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** The placeholder in src/renderer/index.html that receives the token. */
export const TOKEN_META = '<meta name="vpp-pathviz-token" content="">';

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
  headers: Record<string, string>,
  token: string,
): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = '\0';
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const full = path.resolve(root, '.' + path.posix.normalize(rel));
  const type = TYPES[path.extname(full)];
  const inside = full.startsWith(path.resolve(root) + path.sep);
  let ok = false;
  if (inside && type && !rel.includes('\0')) ok = await stat(full).then((s) => s.isFile(), () => false);
  if (!ok) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  let body: Buffer = await readFile(full);
  if (full.endsWith('index.html')) {
    body = Buffer.from(body.toString('utf8').replace(TOKEN_META, `<meta name="vpp-pathviz-token" content="${token}">`));
  }
  res.writeHead(200, {
    ...headers,
    'Content-Type': type!,
    'Content-Length': String(body.length),
    'Cache-Control': full.endsWith('.html') ? 'no-store' : 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
