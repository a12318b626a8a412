// The page's CSP <meta> is the one declared in core/ipc/csp.ts (also sent as a header by web mode
// and by the desktop app's app:// protocol).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RENDERER_CSP } from '../../src/core/ipc/csp';

test('index.html carries RENDERER_CSP, no inline script or style', () => {
  const html = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'src', 'renderer', 'static', 'index.html'), 'utf8');
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.equal(m?.[1], RENDERER_CSP);
  assert.doesNotMatch(RENDERER_CSP, /unsafe-inline|unsafe-eval|\*/);
  assert.doesNotMatch(html, /<script>(?!<\/script>)|<style|style="/);
  assert.match(html, /<meta name="vpp-pathviz-token" content="">/);
});
