// Training mode in a real Chromium, against web mode (`bin/vpp-pathviz serve`). Oracles: the lessons
// built by core (steps, questions, the correct choice and each choice's feedback), the node glossary
// for the "explain" narration, and Chromium itself rendering the exported HTML file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { nodeInfo } from '../../src/core/knowledge';
import { getScenario } from '../../src/core/scenarios';
import { getLesson, lessons, type Lesson } from '../../src/core/training';
import { axeViolations, launch, openPage, root, screenshot, serve, skipReason, type Served } from './helpers';

const skip = skipReason();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpv-e2e-training-'));
const LESSON = 'drop-policy';

/** The sample opens at start-up and then shows its walkthrough: wait for it before going to Training. */
async function sampleLoaded(page: Page): Promise<void> {
  await page.locator('#tab-packets .count').waitFor();
  await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor();
}

/** Presses Tab until the focused element matches, like a keyboard user would (bounded). */
async function tabTo(page: Page, matches: string, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, matches)) return;
  }
  throw new Error(`Tab never reached ${matches}`);
}

async function position(page: Page): Promise<string> {
  return (await page.getByTestId('lesson-position').textContent()) ?? '';
}

async function feedback(page: Page): Promise<{ correct: string | null; text: string }> {
  const f = page.getByTestId('feedback');
  await f.waitFor();
  return { correct: await f.getAttribute('data-correct'), text: ((await f.locator('p').textContent()) ?? '').trim() };
}

/** The feedback text as the page shows it (backticks become code elements, so they disappear). */
const shown = (s: string) => s.replace(/`/g, '');

/** Completes a lesson with the keyboard only; checks each page against the lesson built by core. */
async function completeByKeyboard(page: Page, l: Lesson): Promise<void> {
  for (let i = 0; i < l.steps.length; i++) {
    const step = page.getByTestId('training-step');
    await step.waitFor();
    assert.equal(await step.getAttribute('data-step'), String(i + 1));
    assert.equal(await step.getAttribute('data-node'), l.steps[i]!.node);
    assert.equal(((await step.locator('h3').textContent()) ?? '').trim(), l.steps[i]!.title);
    // The lines the step points at are highlighted in the trace excerpt.
    const hl = await page.locator('.training-excerpt [data-highlighted]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
    assert.deepEqual(hl, l.steps[i]!.lines.map((x) => x.line).filter((n) => l.packets[l.steps[i]!.packet]!.raw.some((r) => r.line === n)));
    await page.keyboard.press('ArrowRight');
  }
  for (const [qi, q] of l.questions.entries()) {
    await page.getByTestId('training-question').waitFor();
    assert.equal(await page.getByTestId('training-question').getAttribute('data-question'), q.id);
    assert.match(await position(page), new RegExp(`Question ${qi + 1} of ${l.questions.length}`));
    // A wrong answer first: its own feedback, marked wrong.
    const wrongIdx = q.choices.findIndex((c) => c.id !== q.correct);
    await page.keyboard.press(String(wrongIdx + 1));
    await page.keyboard.press('Enter');
    let fb = await feedback(page);
    assert.equal(fb.correct, 'false', `${q.id}: wrong answer marked wrong`);
    assert.equal(fb.text, shown(q.choices[wrongIdx]!.feedback), `${q.id}: feedback of the wrong choice`);
    // Then the right one.
    const rightIdx = q.choices.findIndex((c) => c.id === q.correct);
    await page.keyboard.press(String(rightIdx + 1));
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="feedback"][data-correct="true"]').waitFor();
    fb = await feedback(page);
    assert.equal(fb.text, shown(q.choices[rightIdx]!.feedback), `${q.id}: feedback of the right choice`);
    // Leave the radio group (one tab stop) for a button, then go on with →.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
  }
  await page.getByTestId('training-summary').waitFor();
}

describe('training (Chromium, web mode)', { skip: skip ?? false }, () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const lesson = getLesson(LESSON)!;

  before(async () => {
    served = await serve();
    browser = await launch();
    ({ page, errors } = await openPage(browser, served.url, { width: 1440, height: 900 }));
    await sampleLoaded(page);
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('a lesson can be completed with the keyboard only; right and wrong answers get their feedback', async () => {
    await tabTo(page, '[role="tab"][id="tab-training"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('training-view').waitFor();
    await tabTo(page, `button[data-lesson="${LESSON}"]`);
    await page.keyboard.press('Enter');
    await page.getByTestId('lesson-player').waitFor();
    await screenshot(page, 'training-lesson-start');
    await completeByKeyboard(page, lesson);
    await page.getByTestId('lesson-complete').waitFor();
    assert.equal(await page.locator(`button[data-lesson="${LESSON}"]`).getAttribute('data-complete'), 'true');
    await screenshot(page, 'training-lesson-complete');
    // The view's own styles are applied (constructed stylesheet, no CSP violation).
    assert.equal(await page.locator('.training').evaluate((e) => getComputedStyle(e).display), 'grid');
    assert.deepEqual(errors, []);
  });

  test('progress survives a reload: completion, the open lesson and the page in another lesson', async () => {
    // Start a second lesson and stop on its third page.
    const other = lessons().find((l) => l.name === 'pod-to-host')!;
    await page.locator('button[data-lesson="pod-to-host"]').click();
    await page.getByTestId('lesson-player').and(page.locator('[data-lesson="pod-to-host"]')).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match(await position(page), /page 3\//);
    await page.reload();
    await sampleLoaded(page);
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.getByTestId('lesson-player').waitFor();
    assert.equal(await page.getByTestId('lesson-player').getAttribute('data-lesson'), 'pod-to-host', 'the open lesson is remembered');
    assert.match(await position(page), new RegExp(`Step 3 of ${other.steps.length} · page 3/`));
    assert.equal(await page.locator(`button[data-lesson="${LESSON}"]`).getAttribute('data-complete'), 'true', 'completion is remembered');
    assert.match((await page.locator('button[data-lesson="pod-to-host"] .p').textContent()) ?? '', new RegExp(`^3/${other.steps.length} steps`));
    await page.locator(`button[data-lesson="${LESSON}"]`).click();
    await page.getByTestId('lesson-complete').waitFor();
    assert.deepEqual(errors, []);
  });

  test('the lesson exported from the app opens in Chromium and shows every step', async () => {
    await page.getByTestId('training-summary').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as HTML' }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /\.html$/);
    const view = await browser.newPage();
    const viewErrors: string[] = [];
    view.on('console', (m) => m.type() === 'error' && viewErrors.push(m.text()));
    view.on('requestfailed', (r) => viewErrors.push(`request ${r.url()}`));
    const requests: string[] = [];
    view.on('request', (r) => requests.push(r.url()));
    await view.goto(pathToFileURL(file).href);
    const steps = view.locator('li.step');
    assert.equal(await steps.count(), lesson.steps.length);
    for (let i = 0; i < lesson.steps.length; i++) {
      const li = view.locator(`#step-${i + 1}`);
      await li.scrollIntoViewIfNeeded();
      assert.ok(await li.isVisible(), `step ${i + 1} visible`);
      assert.equal(((await li.locator('h3').textContent()) ?? '').trim(), `Step ${i + 1} · ${lesson.steps[i]!.title}`);
      for (const ln of lesson.steps[i]!.lines) assert.ok(await li.locator(`tr[data-line="${ln.line}"]`).isVisible(), `step ${i + 1}: line ${ln.line}`);
    }
    assert.ok(await view.locator('svg[role="img"]').isVisible(), 'the topology drawing');
    assert.ok((await view.locator('svg [data-on-path="true"]').count()) > 2, 'the path is drawn');
    assert.equal(await view.locator('.question').count(), lesson.questions.length);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'no external resources');
    assert.deepEqual(viewErrors, []);
    await screenshot(view, 'training-exported-html');
    await view.close();
  });

  test('every lesson and an explained trace, exported by the CLI, render every step in Chromium', async () => {
    const view = await browser.newPage();
    const viewErrors: string[] = [];
    view.on('console', (m) => m.type() === 'error' && viewErrors.push(m.text()));
    for (const l of lessons()) {
      const file = path.join(tmp, `${l.name}.html`);
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'lesson', 'export', l.name, '--out', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      await view.goto(pathToFileURL(file).href);
      assert.equal(await view.locator('li.step').count(), l.steps.length, l.name);
      const visible = await view.locator('li.step').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetHeight > 0).length);
      assert.equal(visible, l.steps.length, `${l.name}: every step rendered`);
    }
    const trace = path.join(tmp, 'trace.txt');
    writeFileSync(trace, getScenario('sample')!.render.showTrace('node-1'));
    const out = path.join(tmp, 'walk.html');
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'explain', trace, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    await view.goto(pathToFileURL(out).href);
    const sections = await view.locator('section.walkthrough').count();
    assert.ok(sections >= 5);
    assert.ok(readFileSync(out, 'utf8').length > 10_000);
    assert.deepEqual(viewErrors, []);
    await view.close();
  });

  test('the selected packet of an opened input is explained hop by hop from the glossary', async () => {
    // The sample was opened at start-up with a walkthrough packet selected.
    await page.getByTestId('explain-selected').click();
    const panel = page.getByTestId('explain-panel');
    await panel.waitFor();
    const nodes = await panel.locator('li.step').evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''));
    assert.ok(nodes.length >= 5, `${nodes.length} hops narrated`);
    for (const [i, n] of nodes.entries()) {
      const text = (await panel.locator('li.step').nth(i).textContent()) ?? '';
      assert.ok(text.includes(nodeInfo(n)!.summary.replace(/`/g, '')), `${n}: the glossary's sentence`);
    }
    await screenshot(page, 'training-explain');
    assert.deepEqual(errors, []);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`no serious accessibility problems (axe) on every kind of page, ${theme} theme`, async () => {
      const { page: p, errors: errs } = await openPage(browser, served.url, { theme });
      await sampleLoaded(p);
      await p.getByRole('tab', { name: 'Training' }).click();
      const problems: string[] = [];
      await p.locator('button[data-lesson="pod-to-service"]').click();
      await p.getByTestId('training-step').waitFor();
      await p.keyboard.press('ArrowRight');
      await p.keyboard.press('ArrowRight');
      await screenshot(p, `training-step-${theme}`);
      problems.push(...(await axeViolations(p)).map((x) => `step: ${x}`));
      const l = getLesson('pod-to-service')!;
      for (let i = 2; i < l.steps.length; i++) await p.keyboard.press('ArrowRight');
      await p.getByTestId('training-question').waitFor();
      await p.keyboard.press('1');
      await p.keyboard.press('Enter');
      await p.getByTestId('feedback').waitFor();
      await screenshot(p, `training-question-${theme}`);
      problems.push(...(await axeViolations(p)).map((x) => `question: ${x}`));
      await p.getByTestId('explain-selected').click();
      await p.getByTestId('explain-panel').waitFor();
      problems.push(...(await axeViolations(p)).map((x) => `explain: ${x}`));
      assert.deepEqual(problems, []);
      assert.deepEqual(errs, []);
      await p.context().close();
    });
  }
});
