// E2E helpers: start web mode (`bin/vpp-pathviz serve`) as a child process, read the URL from its
// first stdout line, drive Debian's Chromium with playwright-core, save screenshots, run axe.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureBuilt } from '../support/build';

export { ensureBuilt };

export const root = path.resolve(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const screenshotDir = path.join(root, 'test-results', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function skipReason(): string | null {
  if (!existsSync(CHROMIUM)) return 'Debian chromium is not installed (/usr/bin/chromium): apt-get install chromium';
  try {
    import.meta.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed';
  }
  return null;
}

export interface Served {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stateDir: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/** Runs `bin/vpp-pathviz serve ARGS --port 0` and resolves with the URL it prints first. */
export async function serve(args: string[] = [], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<Served> {
  ensureBuilt();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'vpv-e2e-state-'));
  const child = spawn(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'serve', '--port', '0', '--state-dir', stateDir, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.env ? { env: opts.env } : {}),
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`serve printed no URL in 30 s; stderr:\n${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(t);
        resolve(out.slice(0, nl));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`serve exited (${code}) before printing a URL; stderr:\n${err}`));
    });
  });
  const u = new URL(url);
  return {
    url,
    origin: u.origin,
    token: u.searchParams.get('token') ?? '',
    child,
    stateDir,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => {
          rmSync(stateDir, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGINT');
      }),
  };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // launch() starts Chromium on a fresh temporary profile (user-data-dir) every time.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page with console errors collected (CSP violations and uncaught errors fail the tests). */
export async function openPage(browser: Browser, url: string, opts: { theme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    colorScheme: opts.theme ?? 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Serious and critical axe violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
