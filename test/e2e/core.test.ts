// The Core file view in a real Chromium (web mode): a real core made here (gdb's gcore at a SIGSEGV
// in a worker thread of the helper named like VPP's main thread) is uploaded through the file input;
// the view shows the signal and the threads with the crashing one marked, and a copied command
// equals buildCoreGuide's command for that file (the oracle: core's own inspectCore + buildCoreGuide
// run here under Node on the same file). Axe on the view, screenshots in both themes.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildCoreGuide, inspectCore, parseVppImage, type CoreSummary } from '../../src/core/coredump';
import { openFileRange } from '../../src/node/range-reader';
import { buildHelpers, gdbCrashCore, gdbProblem, toolsMissing, type MadeCore } from '../support/core-helpers/index';
import { axeViolations, launch, openPage, screenshot, serve, skipReason, type Served } from './helpers';

const skip = skipReason() ?? toolsMissing() ?? gdbProblem() ?? null;
const IMAGE = 'calicovpp/vpp:v3.29.0';

async function inspectFile(file: string, name: string): Promise<CoreSummary> {
  const r = await openFileRange(file);
  try {
    const res = await inspectCore(r, { name });
    assert.ok(res.ok, res.ok ? '' : res.error.message);
    return res.summary;
  } finally {
    await r.close();
  }
}

async function openCore(page: Page, file: string): Promise<void> {
  // The page opens the sample at start: wait for it, so that it cannot replace the core afterwards.
  await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.getByRole('region', { name: 'Core file summary' }).waitFor({ timeout: 30_000 });
}

describe('core file view (web mode, Chromium)', { skip: skip ?? false, timeout: 180_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpv-e2e-core-'));
  let served: Served;
  let browser: Browser;
  let made: MadeCore;
  let summary: CoreSummary;
  const name = 'vppcore.vpp_wk_2.gdb';

  before(async () => {
    const h = await buildHelpers(tmp);
    made = await gdbCrashCore(h.vppMain, ['3', 'crash', '3'], path.join(tmp, name));
    summary = await inspectFile(made.path, name);
    served = await serve();
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('signal, threads, and a copied command equal to the guide of that file', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
    await openCore(page, made.path);
    const region = page.getByRole('region', { name: 'Core file summary' });
    assert.equal(await page.getByRole('tab', { name: /^Core file/ }).getAttribute('aria-selected'), 'true');

    // The signal by name and code, against the oracle's summary (itself checked against eu-readelf elsewhere).
    assert.ok(summary.signal, 'the crash core has a signal');
    const signalText = await region.locator('[data-fact="Signal"] dd').innerText();
    assert.match(signalText, new RegExp(`^${summary.signal.name} \\(${summary.signal.number}`));
    if (summary.signalCode) assert.ok(signalText.includes(summary.signalCode), signalText);
    assert.equal(await region.locator('[data-fact="PID"] dd').innerText(), String(made.pid));

    // Threads: a real table, one row per helper thread, the crashing one marked.
    const table = region.getByRole('table').first();
    const tids = await table.locator('tbody tr th').evaluateAll((els) => els.map((e) => Number.parseInt(e.textContent ?? '', 10)));
    assert.deepEqual([...tids].sort(), [...made.tids].sort());
    const crashed = await table.locator('tbody tr[data-crashed="true"] th').evaluateAll((els) => els.map((e) => Number.parseInt(e.textContent ?? '', 10)));
    assert.deepEqual(crashed, [made.crashTid]);
    const pc = summary.threads.find((t) => t.tid === made.crashTid)!.pc!;
    assert.ok((await table.locator('tbody tr[data-crashed="true"]').innerText()).includes(pc));

    // The image, typed and validated; a wrong one is reported.
    const imageInput = page.getByRole('textbox', { name: 'VPP image' });
    await imageInput.fill('not an image!');
    assert.equal(await imageInput.getAttribute('aria-invalid'), 'true');
    await imageInput.fill(IMAGE);
    assert.equal(await imageInput.getAttribute('aria-invalid'), 'false');

    const parsed = parseVppImage(IMAGE, 'user');
    assert.ok(parsed.ok);
    const guide = buildCoreGuide({ corePath: name, image: parsed.image, summary });
    const docker = guide.steps.find((s) => s.id === 'container')!.commands[0]!;
    await page.getByRole('button', { name: 'Copy Start the same image with the core mounted, command 1' }).click();
    await page.getByText('Copied').first().waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, docker);
    assert.equal(copied, guide.commands[0]);

    // The gdb command and the checklist are there too.
    assert.ok(await page.locator('code[data-command]').filter({ hasText: guide.commands[2]! }).count());
    assert.equal(await page.getByRole('table').filter({ hasText: 'Look for' }).locator('tbody tr').count(), guide.gdbChecklist.length);

    // The enable-cores snippet for a typed directory; a relative one is refused.
    const dir = page.getByRole('textbox', { name: 'Directory on the nodes' });
    await dir.fill('relative/dir');
    assert.equal(await dir.getAttribute('aria-invalid'), 'true');
    await dir.fill('/var/lib/vpp-cores');
    await page.getByRole('button', { name: /^Copy DaemonSet patch/ }).waitFor();
    assert.deepEqual(errors, []);
  });

  test('a core opened by path (serve PATH) is summarised through ranged host reads', async () => {
    const byPath = await serve([made.path]);
    try {
      const { page, errors } = await openPage(browser, byPath.url);
      const region = page.getByRole('region', { name: 'Core file summary' });
      await region.waitFor({ timeout: 60_000 });
      assert.equal(await region.locator('[data-fact="PID"] dd').innerText(), String(made.pid));
      const signalText = await region.locator('[data-fact="Signal"] dd').innerText();
      assert.match(signalText, new RegExp(`^${summary.signal!.name} `));
      assert.deepEqual(errors, []);
      await page.context().close();
    } finally {
      await byPath.stop();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`${theme} theme: screenshot and no serious axe violation`, async () => {
      const { page, errors } = await openPage(browser, served.url, { theme });
      await openCore(page, made.path);
      await page.getByRole('textbox', { name: 'VPP image' }).fill(IMAGE);
      await page.getByRole('textbox', { name: 'Directory on the nodes' }).fill('/var/lib/vpp-cores');
      await page.locator('.core-view').evaluate((e) => e.scrollTo(0, 0));
      await screenshot(page, `core-${theme}`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }
});
