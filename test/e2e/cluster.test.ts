// The Cluster tab in a real Chromium, against web mode (`bin/vpp-pathviz serve` with KUBECONFIG
// pointing at `bin/vpp-pathviz test-cluster --scenario sample`): the nodes show with their VPP pod
// status and lock, a trace capture runs on one node from the dialog (keyboard), progress reaches
// done, and the result opens as journeys in the Packets view. Oracles: the scenario's node names and
// the capture's trace file on disk (its `Packet N` count is the packet list's row count). Axe runs on
// the cluster view with the dialog open and closed.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { Workspace } from '../../src/node/workspace/index';
import { spawnTestCluster } from '../support/test-cluster/spawn';
import { noOpenssl } from '../support/test-cluster/index';
import { axeViolations, ensureBuilt, launch, openPage, screenshot, serve, skipReason, type Served } from './helpers';

const skip = skipReason() ?? noOpenssl ?? null;

describe('cluster tab (web mode, Chromium)', { skip: skip ?? false, timeout: 240_000 }, () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpv-e2e-cluster-'));
  let cluster: ChildProcess;
  let served: Served;
  let browser: Browser;

  before(async () => {
    ensureBuilt();
    const kubeconfig = path.join(tmp, 'kubeconfig');
    cluster = await spawnTestCluster(kubeconfig);
    served = await serve([], { env: { PATH: process.env.PATH ?? '', HOME: tmp, KUBECONFIG: kubeconfig } });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await served?.stop();
    if (cluster && cluster.exitCode === null) {
      const exited = new Promise((r) => cluster.once('exit', r));
      cluster.kill('SIGINT');
      await exited;
    }
    rmSync(tmp, { recursive: true, force: true });
  });

  test('nodes, a trace capture on one node with progress, then its journeys in Packets', async () => {
    const { page, errors } = await openPage(browser, served.url);
    // A first visit opens the sample and shows its walkthrough: wait for it, then go to Cluster.
    await page.locator('#tab-packets .count').waitFor();
    await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor();
    await page.getByRole('tab', { name: 'Cluster' }).click();
    const view = page.getByTestId('cluster-view');
    await view.waitFor();
    const rows = page.locator('table.cluster-nodes tbody tr');
    await rows.first().waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'cluster-failed');
      throw new Error(`${(e as Error).message}\npage: ${await view.innerText()}\nerrors: ${errors.join('\n')}\nserver: ${served.stderr()}`);
    });
    assert.deepEqual((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node')))).sort(), ['node-1', 'node-2']);
    for (const s of await page.getByTestId('vpp-status').allTextContents()) assert.match(s, /^Running/);
    for (const s of await page.getByTestId('lock').allTextContents()) assert.equal(s, 'free');
    assert.match((await page.getByTestId('cluster-server').textContent()) ?? '', /vpp-pathviz-test — https:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await axeViolations(page), []);

    // Select node-1 with the keyboard, open the dialog, start a trace capture.
    await page.getByRole('checkbox', { name: 'Select node-1' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'New capture…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('radio', { name: 'Trace' }).isChecked(), true);
    assert.equal(await dialog.getByRole('checkbox', { name: /^node-1/ }).isChecked(), true);
    assert.equal(await dialog.getByRole('checkbox', { name: /^node-2/ }).isChecked(), false);
    await dialog.getByRole('spinbutton', { name: 'Packets per node' }).fill('5');
    await dialog.getByRole('spinbutton', { name: 'Timeout (seconds)' }).fill('5');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'cluster-dialog');
    await dialog.getByRole('button', { name: 'Start capture' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    const progress = page.getByTestId('capture-progress');
    await progress.waitFor();
    await page.locator('[data-testid="capture-progress"][data-state="complete"]').waitFor({ timeout: 60_000 });
    const id = (await progress.getAttribute('data-capture'))!;
    assert.equal(await progress.locator('li[data-node="node-1"]').getAttribute('data-state'), 'complete');
    await page.locator(`.capture-history li[data-capture="${id}"]`).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'cluster-done');

    // The oracle: the trace file the capture wrote.
    const listed = (await new Workspace(path.join(served.stateDir, 'captures')).list()).find((c) => c.manifest.id === id)!;
    assert.equal(listed.manifest.state, 'complete');
    const file = path.join(listed.dir, ...listed.manifest.nodes[0]!.files[0]!.path.split('/'));
    const packets = readFileSync(file, 'utf8').match(/^Packet \d+\s*$/gm)?.length ?? 0;
    assert.ok(packets >= 1);

    await progress.getByRole('button', { name: 'Open' }).click();
    await page.locator('#tab-packets[aria-selected="true"]').waitFor({ timeout: 30_000 });
    await page.locator('#tab-packets .count').waitFor();
    assert.equal(Number(((await page.locator('#tab-packets .count').textContent()) ?? '').replace(/,/g, '')), packets);
    assert.ok((await page.getByRole('grid').count()) > 0, 'the packet grid shows');
    assert.deepEqual(errors, []);
  });
});
