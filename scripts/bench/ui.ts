// `npm run bench:ui`: the UI on a 100,000-packet trace (simulator's generateBenchTrace), in Debian's
// Chromium against web mode. Figures, each as a ratio against a baseline measured in the same run:
//   - open → first rows, against merely reading the file in the page (File.arrayBuffer);
//   - p95 of 1,000 hop steps (keyboard → lane and topology updated, layout done), against 16 ms;
//   - renderer memory (resident set of the page's renderer process, worker included), against the file size;
//   - frames per second while zooming the topology, against the display's frame rate (rAF alone).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateBenchTrace } from '../../src/core/scenarios';

const root = path.resolve(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const PACKETS = Number(process.env.BENCH_UI_PACKETS ?? 100_000);

type Report = (line: string) => void;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function serve(stateDir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'serve', '--state-dir', stateDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return { url, stop: () => void child.kill('SIGINT') };
}

function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export async function bench(report: Report): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    report('skipped: /usr/bin/chromium is not installed');
    return;
  }
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const { chromium } = await import('playwright-core');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpv-bench-ui-'));
  const file = path.join(tmp, 'bench-trace.txt');
  const t0 = performance.now();
  writeFileSync(file, generateBenchTrace({ packets: PACKETS, seed: 7 }));
  const size = statSync(file).size;
  report(`trace: ${PACKETS.toLocaleString('en')} packets, ${(size / 1e6).toFixed(1)} MB (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  const server = await serve(path.join(tmp, 'state'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx keeps function names with a `__name` helper that functions sent to the page refer to.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.goto(server.url);
    await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor({ timeout: 60_000 }); // the sample opened first

    // 1. Baseline: only reading the file in the page (its own file input, nothing else listening).
    //    Then: choosing the file in the app's input → first rows of the packet list shown.
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-read';
      input.hidden = true;
      document.body.appendChild(input);
      document.querySelector('[data-testid="file-input"]')!.addEventListener('change', () => ((window as unknown as { __openStart: number }).__openStart = performance.now()), { capture: true });
    });
    const bcdp = await browser.newBrowserCDPSession();
    const rendererRss = async (): Promise<number> => {
      await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
      const info = (await bcdp.send('SystemInfo.getProcessInfo').catch(() => ({ processInfo: [] }))) as { processInfo: { type: string; id: number }[] };
      return Math.max(0, ...info.processInfo.filter((p) => p.type === 'renderer').map((p) => rssOf(p.id) ?? 0));
    };
    const rssSample = await rendererRss();
    let rssOpen = 0;
    const readOnly: number[] = [];
    const openRuns: number[] = [];
    const phases: { worker: number; show: number; before: number }[] = [];
    for (let run = 0; run < 3; run++) {
      await page.locator('#bench-read').setInputFiles(file);
      readOnly.push(
        await page.evaluate(async () => {
          const f = (document.getElementById('bench-read') as HTMLInputElement).files![0]!;
          const t = performance.now();
          await f.arrayBuffer();
          return performance.now() - t;
        }),
      );
      const before = await page.locator('.app').getAttribute('data-session');
      await page.getByTestId('file-input').setInputFiles(file);
      await page.waitForFunction(
        ([n, seq]) => {
          if (document.querySelector('.app')?.getAttribute('data-session') === seq) return false;
          const g = document.querySelector('[role="grid"][aria-label="Packets"]');
          return !!g && g.getAttribute('aria-rowcount') === String(n + 1) && !!g.querySelector('[role="rowgroup"]:nth-child(2) [role="row"]');
        },
        [PACKETS, before] as const,
        { timeout: 300_000, polling: 10 },
      );
      openRuns.push(await page.evaluate(() => performance.now() - (window as unknown as { __openStart: number }).__openStart));
      phases.push(
        await page.evaluate(() => {
          const last = (n: string) => performance.getEntriesByName(`vpp-pathviz:${n}`).pop()?.startTime ?? NaN;
          const start = (window as unknown as { __openStart: number }).__openStart;
          return { worker: last('open-result') - last('open-start'), show: last('open-shown') - last('open-result'), before: last('open-start') - start };
        }),
      );
      if (run === 0) rssOpen = await rendererRss();
    }
    const open = pct(openRuns, 50);
    const read = pct(readOnly, 50);
    report(`open → first rows: ${open.toFixed(0)} ms (median of 3); reading the file alone: ${read.toFixed(0)} ms; ratio ${(open / read).toFixed(1)}×`);
    const timings = await page.locator('.statusbar').textContent();
    const ph = phases[phases.length - 1]!;
    report(`  last open: worker (read, parse, index, send) ${ph.worker.toFixed(0)} ms, then shown in ${ph.show.toFixed(0)} ms; status bar: ${timings?.replace(/\s+/g, ' ').trim()}`);

    // 2. 1,000 hop steps on a long journey: keydown → lane and topology updated, layout flushed.
    await page.getByRole('tab', { name: /Packets/ }).click();
    const grid = page.getByRole('grid', { name: 'Packets' });
    await grid.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.getByRole('list', { name: 'Hops of the selected packet' }).waitFor();
    const steps = await page.evaluate(async () => {
      const lane = document.querySelector('[aria-label="Hops of the selected packet"]')!;
      const n = lane.children.length;
      const times: number[] = [];
      let forward = true;
      let index = [...lane.children].findIndex((li) => li.getAttribute('aria-current') === 'step');
      for (let k = 0; k < 1000; k++) {
        if (index >= n - 1) forward = false;
        if (index <= 0) forward = true;
        const want = index + (forward ? 1 : -1);
        const t = performance.now();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: forward ? 'ArrowRight' : 'ArrowLeft', bubbles: true }));
        // React commits discrete events synchronously; wait (microtasks) until the DOM shows it.
        for (let spin = 0; spin < 1000 && lane.children[want]?.getAttribute('aria-current') !== 'step'; spin++) await Promise.resolve();
        void (document.querySelector('svg[data-testid="topology"] [data-current]') as SVGElement | null)?.getBoundingClientRect();
        void document.body.offsetHeight; // style and layout done
        times.push(performance.now() - t);
        index = want;
        if (k % 50 === 49) await new Promise((r) => requestAnimationFrame(() => r(null)));
      }
      return { times, hops: n };
    });
    const p95 = pct(steps.times, 95);
    report(`hop steps: p95 ${p95.toFixed(2)} ms, median ${pct(steps.times, 50).toFixed(2)} ms over 1,000 steps on a ${steps.hops}-hop journey; p95 / 16 ms frame = ${(p95 / 16).toFixed(2)} (goal < 1)`);

    // 3. Renderer memory: resident set of the page's renderer process (its worker thread included),
    //    with the sample open (baseline) and after the first open of the trace.
    const jsHeap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
    report(
      `renderer memory: ${(rssOpen / 1e6).toFixed(0)} MB resident with the trace open (worker included), ${(rssSample / 1e6).toFixed(0)} MB with the sample; ` +
        `the trace adds ${((rssOpen - rssSample) / 1e6).toFixed(0)} MB = ${((rssOpen - rssSample) / size).toFixed(1)}× the file; page JS heap ${(jsHeap / 1e6).toFixed(0)} MB`,
    );

    // 4. Zooming the topology: frames per second while wheel events zoom it, against rAF alone.
    await page.getByRole('tab', { name: 'Topology' }).click();
    await page.locator('svg[data-testid="topology"]').waitFor();
    const fps = await page.evaluate(async () => {
      const svg = document.querySelector('svg[data-testid="topology"]')!;
      const box = svg.getBoundingClientRect();
      const measure = (zoom: boolean) =>
        new Promise<{ fps: number; p95: number }>((resolve) => {
          const frames: number[] = [];
          const start = performance.now();
          let last = start;
          let k = 0;
          const tick = (t: number) => {
            frames.push(t - last);
            last = t;
            if (zoom) svg.dispatchEvent(new WheelEvent('wheel', { deltaY: (k++ % 40 < 20 ? -1 : 1) * 40, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true, cancelable: true }));
            if (t - start < 2000) requestAnimationFrame(tick);
            else {
              const sorted = frames.slice(1).sort((a, b) => a - b);
              resolve({ fps: (frames.length - 1) / ((t - start) / 1000), p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN });
            }
          };
          requestAnimationFrame(tick);
        });
      const idle = await measure(false);
      const zooming = await measure(true);
      return { idle, zooming };
    });
    report(`zooming the topology: ${fps.zooming.fps.toFixed(0)} fps (p95 frame ${fps.zooming.p95.toFixed(1)} ms); rAF alone: ${fps.idle.fps.toFixed(0)} fps; ratio ${(fps.zooming.fps / fps.idle.fps).toFixed(2)}`);
  } finally {
    await browser.close();
    server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bench((l) => console.log(l));
}
