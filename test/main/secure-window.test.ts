// The desktop window's security options, read from what createSecureWindow hands to the constructor.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createSecureWindow } from '../../src/main/windows/secure-window';

class FakeWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.last = options;
  }
}

describe('secure window options', () => {
  const w = createSecureWindow(FakeWindow, '/app/dist/preload/preload.cjs', '/app/assets/icon.png');
  const wp = w.options.webPreferences!;

  test('the page has no Node and runs sandboxed, in an isolated world', () => {
    assert.equal(wp.nodeIntegration, false);
    assert.equal(wp.nodeIntegrationInWorker, false);
    assert.equal(wp.nodeIntegrationInSubFrames, false);
    assert.equal(wp.contextIsolation, true);
    assert.equal(wp.sandbox, true);
  });

  test('web security on, no insecure content, no experimental features, no webview', () => {
    assert.equal(wp.webSecurity, true);
    assert.equal(wp.allowRunningInsecureContent, false);
    assert.equal(wp.experimentalFeatures, false);
    assert.equal(wp.enableBlinkFeatures, undefined);
    assert.match(String(wp.disableBlinkFeatures), /Auxclick/);
    assert.equal(wp.webviewTag, false);
    assert.equal(wp.navigateOnDragDrop, false);
  });

  test('the preload is the built bundle, and the window waits to be shown', () => {
    assert.equal(wp.preload, '/app/dist/preload/preload.cjs');
    assert.equal(w.options.show, false);
    assert.equal(w.options.icon, '/app/assets/icon.png');
  });
});
