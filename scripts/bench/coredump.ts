// Benchmark: a sparse 2 GB core is summarised in bounded memory. Builds a real small core (gcc +
// gdb), makes a sparse copy whose last PT_LOAD claims 2 GiB over a hole, and measures peak RSS of a
// child process inspecting each, against the same child on the small core (and an idle floor).
// Also imported by test/core/coredump/sparse.test.ts for makeSparseCore.
import { execFile, spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inspectCore } from '../../src/core/coredump/inspect';
import { openFileRange } from '../../src/node/range-reader';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const CHILD_ENV = 'PATHVIZ_COREDUMP_BENCH_FILE';
export const SPARSE_CLAIM = 2 * 1024 ** 3;

/**
 * Copies `src` (an ELF64 LE core) to `dst` and points its last PT_LOAD at a new `claim`-byte
 * segment past the old end of file, left as a hole (ftruncate): a multi-gigabyte core on disk that
 * costs no space. Returns the new size.
 */
export async function makeSparseCore(src: string, dst: string, claim = SPARSE_CLAIM): Promise<number> {
  await copyFile(src, dst);
  const fh = await open(dst, 'r+');
  try {
    const size = (await fh.stat()).size;
    const head = new Uint8Array(64);
    await fh.read(head, 0, 64, 0);
    const hv = new DataView(head.buffer);
    const phoff = Number(hv.getBigUint64(32, true));
    const phentsize = hv.getUint16(54, true);
    const phnum = hv.getUint16(56, true);
    const ph = new Uint8Array(phnum * phentsize);
    await fh.read(ph, 0, ph.length, phoff);
    const pv = new DataView(ph.buffer);
    let last = -1;
    for (let i = 0; i < phnum; i++) if (pv.getUint32(i * phentsize, true) === 1) last = i;
    if (last < 0) throw new Error(`${src} has no PT_LOAD segment`);
    const at = last * phentsize;
    const offset = Math.ceil(size / 4096) * 4096;
    pv.setBigUint64(at + 8, BigInt(offset), true);
    pv.setBigUint64(at + 32, BigInt(claim), true);
    pv.setBigUint64(at + 40, BigInt(claim), true);
    await fh.write(ph, at, phentsize, phoff + at);
    await fh.truncate(offset + claim);
    return offset + claim;
  } finally {
    await fh.close();
  }
}

/** A small real core: the test helper crashed under gdb (no ptrace attach needed). */
export async function makeSmallCore(dir: string): Promise<string> {
  const exe = path.join(dir, 'vpp_main');
  await run('gcc', ['-O0', '-pthread', '-o', exe, path.join(root, 'test', 'support', 'core-helpers', 'threads.c'), '-ldl']);
  const core = path.join(dir, 'vppcore.vpp_main.small');
  await run('gdb', ['-q', '-nx', '-batch', '-ex', 'run', '-ex', `gcore ${core}`, '--args', exe, '4', 'crash', '2'], { cwd: dir, timeout: 60_000 });
  return core;
}

interface ChildResult {
  maxRssKb: number;
  ms: number;
  bytesRead: number;
  ok: boolean;
}

function child(file: string): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root,
    env: { ...process.env, [CHILD_ENV]: file },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`bench child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(line) as ChildResult;
}

function median(runs: ChildResult[]): ChildResult {
  const by = (k: keyof ChildResult) => [...runs].sort((a, b) => Number(a[k]) - Number(b[k]))[runs.length >> 1]![k];
  return { maxRssKb: by('maxRssKb') as number, ms: by('ms') as number, bytesRead: by('bytesRead') as number, ok: runs.every((r) => r.ok) };
}

const MB = (n: number) => `${(n / 1024 ** 2).toFixed(1)} MB`;

export async function bench(report: (line: string) => void): Promise<void> {
  const missing = ['gcc', 'gdb'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (missing.length > 0) {
    report(`coredump: skipped (needs ${missing.join(', ')})`);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'pathviz-bench-core-'));
  try {
    let small: string;
    try {
      small = await makeSmallCore(dir);
    } catch (e) {
      report(`coredump: skipped (could not make a core with gcc and gdb here: ${String(e).split('\n')[0]})`);
      return;
    }
    const sparse = path.join(dir, 'vppcore.vpp_main.sparse');
    const sparseSize = await makeSparseCore(small, sparse);
    const smallSize = (await stat(small)).size;
    const onDisk = (await stat(sparse)).blocks * 512;
    const floor = median([child(''), child(''), child('')]);
    const a = median([child(small), child(small), child(small)]);
    const b = median([child(sparse), child(sparse), child(sparse)]);
    if (!a.ok || !b.ok) throw new Error('inspection failed in the bench child');
    report(`coredump: idle floor (node + tsx, no inspection): peak RSS ${MB(floor.maxRssKb * 1024)}`);
    report(`coredump: small real core ${MB(smallSize)}: peak RSS ${MB(a.maxRssKb * 1024)}, ${a.ms.toFixed(1)} ms, ${a.bytesRead} bytes read`);
    report(
      `coredump: sparse core ${(sparseSize / 1024 ** 3).toFixed(2)} GB (${MB(onDisk)} on disk): peak RSS ${MB(b.maxRssKb * 1024)} = ` +
        `${(b.maxRssKb / a.maxRssKb).toFixed(2)}x the small core's, ${((b.maxRssKb * 1024) / sparseSize).toFixed(4)}x the file size; ` +
        `${b.ms.toFixed(1)} ms (${(b.ms / a.ms).toFixed(2)}x), ${b.bytesRead} bytes read (${(b.bytesRead / a.bytesRead).toFixed(2)}x)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Child mode: inspect one file and print {maxRssKb, ms, bytesRead, ok}.
const childFile = process.env[CHILD_ENV];
if (childFile !== undefined) {
  let out: ChildResult = { maxRssKb: 0, ms: 0, bytesRead: 0, ok: true };
  if (childFile !== '') {
    const t0 = performance.now();
    const r = await openFileRange(childFile);
    const res = await inspectCore(r, { name: childFile });
    out = { maxRssKb: 0, ms: performance.now() - t0, bytesRead: r.bytesRead, ok: res.ok && !res.summary.truncated };
    await r.close();
  }
  out.maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify(out) + '\n');
}
