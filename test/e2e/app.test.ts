// The app in a real Chromium, in web mode: `bin/vpp-pathviz serve` started as a child process, the
// URL read from its first line. Oracles: the simulator's ground truth for the sample (how many
// packets are dropped, which carry an address), the node glossary for explanations, hand-built
// frame bytes for the hex view.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { generateBenchTrace, getScenario } from '../../src/core/scenarios';
import { nodeInfo } from '../../src/core/knowledge';
import { axeViolations, launch, openPage, screenshot, serve, skipReason, type Served } from './helpers';

const skip = skipReason();
const sample = getScenario('sample')!;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpv-e2e-'));

/** A pcap with Ethernet / IPv4 / UDP frames built byte by byte: the field offsets are known by construction. */
function handMadePcap(): string {
  const frames: Buffer[] = [];
  for (let i = 0; i < 3; i++) {
    const eth = Buffer.from('02000000000102000000000208 00'.replace(/ /g, ''), 'hex'); // dst, src, type 0x0800
    const ip = Buffer.alloc(20);
    ip[0] = 0x45;
    ip.writeUInt16BE(20 + 8 + 4, 2);
    ip.writeUInt16BE(0x1234 + i, 4);
    ip[8] = 64;
    ip[9] = 17;
    Buffer.from([10, 0, 0, 1]).copy(ip, 12); // src 10.0.0.1 → frame bytes 26..29
    Buffer.from([10, 0, 0, 2]).copy(ip, 16); // dst 10.0.0.2 → 30..33
    let sum = 0;
    for (let k = 0; k < 20; k += 2) sum += ip.readUInt16BE(k);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
    ip.writeUInt16BE(~sum & 0xffff, 10);
    const udp = Buffer.alloc(8);
    udp.writeUInt16BE(40000 + i, 0);
    udp.writeUInt16BE(53, 2); // dst port → frame bytes 36..37
    udp.writeUInt16BE(12, 4);
    frames.push(Buffer.concat([eth, ip, udp, Buffer.from('ping')]));
  }
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const recs = frames.map((f, i) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1_700_000_000 + i, 0);
    h.writeUInt32LE(1000 * i, 4);
    h.writeUInt32LE(f.length, 8);
    h.writeUInt32LE(f.length, 12);
    return Buffer.concat([h, f]);
  });
  const file = path.join(tmp, 'hand-made.pcap');
  writeFileSync(file, Buffer.concat([head, ...recs]));
  return file;
}

async function gridRowCount(page: Page): Promise<number> {
  const n = await page.getByRole('grid', { name: 'Packets' }).getAttribute('aria-rowcount');
  return Number(n) - 1;
}

async function currentHop(page: Page): Promise<{ index: number; node: string }> {
  const lane = page.getByRole('list', { name: 'Hops of the selected packet' });
  const items = lane.getByRole('listitem');
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    if ((await items.nth(i).getAttribute('aria-current')) === 'step') return { index: i, node: (await items.nth(i).locator('.n').textContent()) ?? '' };
  }
  throw new Error('no hop has aria-current="step"');
}

async function current(page: Page): Promise<{ kind: string | null; name: string | null }[]> {
  return page.locator('svg[role="img"] [data-current]').evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), name: e.getAttribute('data-name') })));
}

async function filter(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: /Packets/ }).click();
  const box = page.getByRole('searchbox', { name: 'Packet filter' });
  await box.fill(text);
  await box.press('Enter');
  await page.waitForTimeout(400);
}

async function visibleColumn(page: Page, col: number): Promise<string[]> {
  return page.locator('[role="grid"][aria-label="Packets"] [role="rowgroup"]:nth-child(2) [role="row"]').evaluateAll(
    (rows, c) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[c]?.textContent ?? ''),
    col,
  );
}

describe('web mode in Chromium', { skip: skip ?? false }, () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    server = await serve();
    browser = await launch();
    ({ page, errors } = await openPage(browser, server.url));
    await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    const code = await server?.stop();
    assert.equal(code, 0, 'serve exits 0 on Ctrl-C');
  });

  test('a new user lands on the sample walkthrough', async () => {
    assert.match((await page.locator('.session-title').textContent()) ?? '', /Sample/);
    const topo = page.locator('svg[role="img"][data-testid="topology"]');
    assert.match((await topo.getAttribute('aria-label')) ?? '', /Topology of 2 nodes/);
    // Every drawn element carries its kind and name; the sample's pods, tuns, VPP, tap0 and uplinks are there.
    for (const kind of ['node', 'pod', 'tun', 'vpp', 'tap', 'phy']) assert.ok((await topo.locator(`[data-kind="${kind}"]`).count()) > 0, `${kind} drawn`);
    assert.ok((await topo.locator('[data-kind="tun"][data-name="tun3"]').count()) > 0);
    assert.ok((await topo.locator('[data-kind="tap"][data-name="tap0"]').count()) > 0);
    assert.ok((await topo.locator('[data-on-path]').count()) >= 3, 'the packet path is drawn');
    const hop = await currentHop(page);
    assert.equal(hop.index, 0);
    assert.equal((await current(page)).length, 1, 'exactly one element is where the packet is');
    assert.equal(await page.getByRole('region', { name: 'Hop details' }).count(), 1);
  });

  test('filter by verdict: every dropped packet of the ground truth, and only those', async () => {
    await filter(page, 'trace drop');
    const expected = sample.truth.filter((t) => t.verdict === 'dropped').length;
    assert.ok(expected > 0);
    assert.equal(await gridRowCount(page), expected);
    const verdicts = await visibleColumn(page, 5);
    assert.ok(verdicts.length > 0 && verdicts.every((v) => v === 'dropped'), verdicts.join(','));
  });

  test('filter by IP, and combined with a protocol', async () => {
    const ip = '10.244.71.68'; // default/db on node-2
    const has = (t: (typeof sample.truth)[number]) => [t.flow.src, t.flow.dst, ...t.nat.flatMap((n) => [n.before.src, n.before.dst, n.after.src, n.after.dst])].includes(ip);
    await filter(page, `trace ip ${ip}`);
    assert.equal(await gridRowCount(page), sample.truth.filter(has).length);
    const flows = await visibleColumn(page, 6);
    assert.ok(flows.every((f) => f.includes(ip)), flows.join('\n'));
    await filter(page, `trace ip ${ip} udp`);
    assert.equal(await gridRowCount(page), sample.truth.filter((t) => has(t) && t.flow.protocol === 'UDP').length);
    await filter(page, 'ip 10.0.0.300');
    assert.match((await page.getByRole('alert').first().textContent()) ?? '', /not an IP address/);
  });

  test('select a dropped packet and step through it with the keyboard', async () => {
    await filter(page, 'trace drop');
    const grid = page.getByRole('grid', { name: 'Packets' });
    const firstRow = grid.locator('[role="rowgroup"]:nth-child(2) [role="row"]').first();
    const ingress = ((await firstRow.locator('[role="gridcell"]').nth(4).textContent()) ?? '').split('→')[0]!.trim();
    const hops = Number(((await firstRow.locator('[role="gridcell"]').nth(8).textContent()) ?? '').split('·')[1]);
    await firstRow.click();
    await page.keyboard.press('Enter');
    const lane = page.getByRole('list', { name: 'Hops of the selected packet' });
    await lane.waitFor();
    assert.equal(await lane.getByRole('listitem').count(), hops);
    const topoCurrent: string[] = [];
    for (let k = 0; k < hops; k++) {
      const hop = await currentHop(page);
      assert.equal(hop.index, k, 'aria-current follows the step');
      const panel = page.getByRole('region', { name: 'Hop details' });
      assert.equal(await panel.getByTestId('hop-node').textContent(), hop.node);
      const expected = nodeInfo(hop.node)?.summary;
      if (expected) assert.equal(await panel.getByTestId('hop-explanation').textContent(), expected, `explanation of ${hop.node}`);
      const cur = await current(page);
      assert.equal(cur.length, 1, `one current element at hop ${k} (${hop.node})`);
      topoCurrent.push(`${cur[0]!.kind}:${cur[0]!.name}`);
      if (k === 0) assert.deepEqual(cur[0], { kind: 'tun', name: ingress }, 'the packet starts on the tun it came in on');
      if (/^(ip[46]-(input|lookup|rewrite|drop|icmp-error)|error-drop|drop|acl-plugin-.*)$/.test(hop.node)) assert.equal(cur[0]!.kind, 'vpp', `${hop.node} is inside VPP`);
      if (k < hops - 1) await page.keyboard.press('ArrowRight');
    }
    assert.ok(new Set(topoCurrent).size >= 2, 'the topology highlight moved');
    // The last hop of a dropped packet says why and what to check next.
    const drop = page.getByRole('note', { name: 'Why the packet was dropped' });
    assert.equal(await drop.count(), 1);
    assert.match((await drop.textContent()) ?? '', /Dropped here/);
    await page.keyboard.press('Home');
    assert.equal((await currentHop(page)).index, 0);
    await page.keyboard.press('End');
    assert.equal((await currentHop(page)).index, hops - 1);
    await page.keyboard.press('ArrowLeft');
    assert.equal((await currentHop(page)).index, hops - 2);
    // Space plays: the current hop advances on its own.
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await page.waitForTimeout(1600);
    await page.keyboard.press(' ');
    assert.ok((await currentHop(page)).index >= 1, 'playing advanced the hop');
  });

  test('`/` focuses the filter', async () => {
    await page.getByRole('tab', { name: 'Journey' }).click();
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('/');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Packet filter', null, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Packet filter');
  });

  test('exports the diagram as SVG and PNG and the journey as Markdown', async () => {
    await page.getByRole('tab', { name: 'Journey' }).click();
    const exportAs = async (label: string) => {
      const download = page.waitForEvent('download');
      await page.getByTestId('export-menu').click();
      await page.getByRole('button', { name: new RegExp(label) }).click();
      const d = await download;
      const file = path.join(tmp, d.suggestedFilename());
      await d.saveAs(file);
      return { name: d.suggestedFilename(), bytes: readFileSync(file) };
    };
    const svg = await exportAs('Diagram as SVG');
    assert.match(svg.name, /\.svg$/);
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<\?xml/);
    assert.match(text, /<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(text, /data-kind="tun"/);
    assert.match(text, /data-name="tap0"/);
    const png = await exportAs('Diagram as PNG');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.bytes.readUInt32BE(16) > 400 && png.bytes.readUInt32BE(20) > 100, 'a real image size');
    const md = await exportAs('Journey as Markdown');
    const mdText = md.bytes.toString('utf8');
    const hops = await page.getByRole('list', { name: 'Hops of the selected packet' }).getByRole('listitem').count();
    assert.match(mdText, /^# Packet /);
    assert.equal((mdText.match(/^\d+\. \*\*`/gm) ?? []).length, hops, 'one step per hop');
  });

  test('a pcap: clicking a field highlights its bytes, clicking a byte selects its field', async () => {
    await page.getByTestId('file-input').setInputFiles(handMadePcap());
    await page.getByRole('grid', { name: 'Frames' }).waitFor();
    assert.equal(await page.getByRole('grid', { name: 'Frames' }).getAttribute('aria-rowcount'), '4');
    await page.locator('button[data-field="ip.src"]').click();
    const lit = await page.locator('[data-testid="hex"] .b.hl').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))));
    assert.deepEqual(lit, [26, 27, 28, 29]);
    await page.locator('[data-testid="hex"] .b[data-offset="37"]').click();
    assert.equal(await page.locator('.tree button[aria-pressed="true"]').getAttribute('data-field'), 'udp.dstport');
    const lit2 = await page.locator('[data-testid="hex"] .b.hl').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-offset'))));
    assert.deepEqual(lit2, [36, 37]);
  });

  test('a bad file shows an error naming it, and the app keeps working', async () => {
    const title = await page.locator('.session-title').textContent();
    await page.getByTestId('file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\nthis is not a trace\n') });
    const alert = page.getByRole('alert', { name: 'Error' });
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /Could not open notes\.txt/);
    assert.match(text, /notes\.txt:1: unrecognised content/);
    assert.equal(await page.locator('.session-title').textContent(), title, 'the previous session is still open');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('file-input').setInputFiles({ name: 'broken.pcap.gz', mimeType: 'application/gzip', buffer: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]) });
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /broken\.pcap\.gz: corrupt or truncated gzip data/);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('tab', { name: /Capture/ }).click();
    assert.equal(await page.getByRole('grid', { name: 'Frames' }).getAttribute('aria-rowcount'), '4', 'the capture is still there');
  });

  test('drag and drop a trace file onto the window opens it', async () => {
    const text = sample.render.showTrace(sample.nodes[1]!);
    const before = await page.locator('.app').getAttribute('data-session');
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped-trace.txt', { type: 'text/plain' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForFunction((b) => document.querySelector('.app')?.getAttribute('data-session') !== b, before);
    assert.equal(await page.locator('.session-title').textContent(), 'dropped-trace.txt');
    await page.getByRole('tab', { name: /Packets/ }).click();
    assert.equal(await gridRowCount(page), sample.truth.filter((t) => t.node === sample.nodes[1]).length);
  });

  test('a long open shows progress and can be cancelled; the session stays', async () => {
    const big = path.join(tmp, 'big-trace.txt');
    writeFileSync(big, generateBenchTrace({ packets: 30_000, seed: 3 }));
    const title = await page.locator('.session-title').textContent();
    await page.getByTestId('file-input').setInputFiles(big);
    const dialog = page.getByRole('dialog', { name: 'Opening' });
    await dialog.waitFor({ timeout: 10_000 });
    assert.equal(await dialog.getByRole('progressbar').count(), 1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 5000 });
    assert.match((await page.getByRole('status').textContent()) ?? '', /cancelled/);
    assert.equal(await page.locator('.session-title').textContent(), title);
    await page.getByRole('tab', { name: /Packets/ }).click();
    assert.equal(await gridRowCount(page), sample.truth.filter((t) => t.node === sample.nodes[1]).length, 'the packets are still those of the previous file');
  });

  test('no CSP violation or uncaught error in the page', () => {
    assert.deepEqual(errors, []);
  });
});

describe('serve PATH opens it at start', { skip: skip ?? false }, () => {
  test('the page opens the command-line trace, and it is a recent file', async () => {
    const file = path.join(tmp, 'trace_node-1.txt');
    writeFileSync(file, sample.render.showTrace(sample.nodes[0]!));
    const server = await serve([file]);
    const browser = await launch();
    try {
      const { page, errors } = await openPage(browser, server.url);
      await page.waitForFunction(() => document.querySelector('.session-title')?.textContent === 'trace_node-1.txt', null, { timeout: 30_000 });
      await page.getByRole('tab', { name: /Packets/ }).click();
      assert.equal(await gridRowCount(page), sample.truth.filter((t) => t.node === sample.nodes[0]).length);
      await page.getByTestId('open-menu').click();
      assert.equal(await page.getByRole('button', { name: /trace_node-1\.txt/ }).count(), 1, 'listed under recent files');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});

describe('every view, light and dark: screenshots and accessibility', { skip: skip ?? false }, () => {
  let server: Served;
  let browser: Browser;

  before(async () => {
    server = await serve();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`${theme} theme`, async () => {
      const { page, errors } = await openPage(browser, server.url, { theme });
      await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor({ timeout: 30_000 });
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
      const problems: string[] = [];
      const views = ['Topology', 'Packets', 'Journey', 'Node state', 'Logs', 'Checks'];
      for (const v of views) {
        await page.getByRole('tab', { name: new RegExp(`^${v}`) }).click();
        if (v === 'Packets') {
          await page.getByRole('button', { name: 'By path' }).click();
        }
        if (v === 'Topology') await page.locator('[data-kind="tun"][data-name="tun1"]').first().hover();
        if (v === 'Journey') await page.locator('.lane .hop-chip.tag-nat').first().click(); // the walkthrough's NAT hop
        await page.waitForTimeout(500);
        await screenshot(page, `${v.toLowerCase().replace(' ', '-')}-${theme}`);
        if (v === 'Journey' && theme === 'light') await screenshot(page, 'journey');
        problems.push(...(await axeViolations(page)).map((x) => `${v}: ${x}`));
      }
      await page.getByTestId('file-input').setInputFiles(handMadePcap());
      await page.getByRole('grid', { name: 'Frames' }).waitFor();
      await page.locator('button[data-field="ip.dst"]').click();
      await screenshot(page, `capture-${theme}`);
      problems.push(...(await axeViolations(page)).map((x) => `Capture: ${x}`));
      assert.deepEqual(problems, []);
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }
});
