// Navigation and new windows are locked to the app; web links go to the system browser, others nowhere.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { hardenContents, type HardenableContents } from '../../src/main/windows/navigation';
import { isAppUrl } from '../../src/main/ipc/sender';
import { openExternalSafely } from '../../src/main/external';

function fakeContents() {
  const handlers = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const contents: HardenableContents = {
    setWindowOpenHandler: (h) => void (openHandler = h),
    on: ((event: string, listener: (e: { preventDefault(): void }, url: string) => void) => void handlers.set(event, listener)) as HardenableContents['on'],
  };
  const opened: string[] = [];
  hardenContents(contents, isAppUrl, (u) => opened.push(u));
  const navigate = (event: string, url: string) => {
    let prevented = false;
    handlers.get(event)!({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return { openHandler: openHandler!, navigate, opened, attach: () => navigate('will-attach-webview', '') };
}

describe('navigation guards', () => {
  test('window.open is always denied; https links open in the system browser', () => {
    const c = fakeContents();
    assert.deepEqual(c.openHandler({ url: 'https://docs.tigera.io/' }), { action: 'deny' });
    assert.deepEqual(c.openHandler({ url: 'javascript:alert(1)' }), { action: 'deny' });
    assert.deepEqual(c.openHandler({ url: 'file:///etc/passwd' }), { action: 'deny' });
    assert.deepEqual(c.opened, ['https://docs.tigera.io/']);
  });

  test('navigating away from the app is blocked; within app:// it is allowed', () => {
    const c = fakeContents();
    assert.equal(c.navigate('will-navigate', 'https://evil.example/'), true);
    assert.equal(c.navigate('will-navigate', 'file:///home/user/.kube/config'), true);
    assert.equal(c.navigate('will-redirect', 'http://127.0.0.1:8080/'), true);
    assert.equal(c.navigate('will-navigate', 'app://renderer/index.html'), false);
    assert.equal(c.navigate('will-navigate', 'app://rendererx/index.html'), true, 'a look-alike origin is not ours');
    assert.deepEqual(c.opened, ['https://evil.example/'], 'a blocked https navigation opens outside instead');
  });

  test('<webview> cannot be attached', () => {
    assert.equal(fakeContents().attach(), true);
  });

  test('openExternalSafely refuses anything but https and mailto', async () => {
    const seen: string[] = [];
    const open = async (u: string) => void seen.push(u);
    await openExternalSafely(open, 'https://github.com/projectcalico/vpp-dataplane');
    await openExternalSafely(open, 'mailto:ops@example.com');
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://a b', 'vscode://x']) {
      await assert.rejects(openExternalSafely(open, bad), /refusing/);
    }
    assert.deepEqual(seen, ['https://github.com/projectcalico/vpp-dataplane', 'mailto:ops@example.com']);
  });
});
