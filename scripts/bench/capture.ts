// Benchmark: capture reading and decoding against tshark, and indexing a 1 GB file in bounded
// memory. Generates (into a temp dir, deleted after) a 1,000,000-frame pcap of mixed traffic and a
// 1 GB pcap; our side runs in a child process (node + tsx) so its peak RSS is its own `maxRSS`;
// tshark decodes the same frames for the same fields (`-T fields`) in the same run, its peak RSS is
// read from /proc (VmHWM). Baseline for memory: an idle child that reads nothing.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameLinkType, frameTimeNs } from '../../src/core/capture/index-builder';
import { frameBytesSync, openCaptureSync } from '../../src/core/capture/open';
import { frameSummary } from '../../src/core/decode/frame';
import type { FrameFields } from '../../src/core/model/frame';
import { openFileSource } from '../../src/node/range-source';

const here = fileURLToPath(import.meta.url);
const CHILD_ENV = 'PATHVIZ_CAPTURE_BENCH';
/** The fields both sides decode (tshark names; our frame summary has all of them). */
export const BENCH_FIELDS = ['frame.number', 'frame.time_epoch', 'frame.len', 'eth.src', 'eth.dst', 'vlan.id', 'ip.src', 'ip.dst', 'ip.id', 'ip.proto', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'udp.srcport', 'udp.dstport', 'vxlan.vni'];

// ---- generating captures ----------------------------------------------------------------------

function csum(b: Uint8Array, s: number, e: number): number {
  let x = 0;
  for (let i = s; i < e; i += 2) x += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (x > 0xffff) x = (x & 0xffff) + (x >>> 16);
  return ~x & 0xffff;
}

/** Template frames: TCP with data, UDP (DNS port), ICMP echo, VXLAN with an inner TCP frame; or one 1500-byte UDP frame. */
function templates(big = false): Uint8Array[] {
  const eth = (type: number, payload: number[]) => [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 0xff, ...payload];
  const ip = (proto: number, payload: number[], src = [10, 99, 0, 1], dst = [10, 99, 0, 2]) => [0x45, 0, (20 + payload.length) >> 8, (20 + payload.length) & 0xff, 0, 1, 0x40, 0, 64, proto, 0, 0, ...src, ...dst, ...payload];
  const tcp = (len: number) => [0x9c, 0x40, 0x01, 0xbb, 0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0, ...new Array(len).fill(0x61)];
  const udp = (dp: number, payload: number[]) => [0xd4, 0x31, dp >> 8, dp & 0xff, (8 + payload.length) >> 8, (8 + payload.length) & 0xff, 0, 0, ...payload];
  const inner = eth(0x0800, ip(6, tcp(40), [172, 16, 0, 1], [172, 16, 0, 2]));
  const frames = (big ? [eth(0x0800, ip(17, udp(9, new Array(1458).fill(3))))] : [
    eth(0x0800, ip(6, tcp(180))),
    eth(0x0800, ip(17, udp(53, new Array(40).fill(1)))),
    eth(0x0800, ip(1, [8, 0, 0, 0, 0, 1, 0, 1, ...new Array(56).fill(2)])),
    eth(0x0800, ip(17, udp(4789, [8, 0, 0, 0, 0, 0x10, 0x68, 0, ...inner]))),
  ]).map((f) => Uint8Array.from(f));
  for (const f of frames) {
    const c = csum(f, 14, 34);
    f[24] = c >> 8;
    f[25] = c & 0xff;
  }
  return frames;
}

/** Writes a little-endian µs pcap of `count` frames (or until `maxBytes`); returns frames written. */
export function generatePcap(file: string, opts: { count?: number; maxBytes?: number; big?: boolean }): number {
  const t = templates(opts.big);
  const fd = openSync(file, 'w');
  const buf = new Uint8Array(8 << 20);
  const dv = new DataView(buf.buffer);
  let n = 0;
  dv.setUint32(0, 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, 262144, true);
  dv.setUint32(20, 1, true);
  n = 24;
  let written = 0;
  let frames = 0;
  const max = opts.maxBytes ?? Infinity;
  const count = opts.count ?? Infinity;
  while (frames < count) {
    const f = t[frames % t.length]!;
    if (written + n + 16 + f.length > max) break;
    if (n + 16 + f.length > buf.length) {
      writeSync(fd, buf, 0, n);
      written += n;
      n = 0;
    }
    const us = frames * 37;
    dv.setUint32(n, 1_700_000_000 + Math.floor(us / 1e6), true);
    dv.setUint32(n + 4, us % 1e6, true);
    dv.setUint32(n + 8, f.length, true);
    dv.setUint32(n + 12, f.length, true);
    buf.set(f, n + 16);
    buf[n + 16 + 18] = (frames >> 8) & 0xff; // IP id
    buf[n + 16 + 19] = frames & 0xff;
    n += 16 + f.length;
    frames++;
  }
  writeSync(fd, buf, 0, n);
  closeSync(fd);
  return frames;
}

// ---- the child: our reader ---------------------------------------------------------------------

function fold(h: number, s: string | number | null): number {
  const t = s === null ? '' : String(s);
  for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return h;
}

function child(mode: string, file: string): void {
  const t0 = performance.now();
  if (mode === 'idle') {
    process.stdout.write(JSON.stringify({ ms: 0, maxRSS: process.resourceUsage().maxRSS * 1024 }));
    return;
  }
  const src = openFileSource(file);
  const c = openCaptureSync(src, { input: file });
  const t1 = performance.now();
  let h = 0x811c9dc5;
  if (mode === 'decode') {
    for (let i = 0; i < c.index.count; i++) {
      const s = frameSummary(frameBytesSync(c, i, false), { number: i + 1, timeNs: frameTimeNs(c.index, i), linkType: frameLinkType(c.index, i), origLen: c.index.origLens[i]! });
      for (let x: FrameFields | null = s; x; x = x.inner) {
        h = fold(h, x.srcMac);
        h = fold(h, x.src);
        h = fold(h, x.dst);
        h = fold(h, x.ipId);
        h = fold(h, x.srcPort);
        h = fold(h, x.tcpFlags);
        h = fold(h, x.vxlanVni);
      }
      h = fold(h, s.timeNs);
    }
  }
  src.close();
  process.stdout.write(JSON.stringify({ frames: c.index.count, indexMs: t1 - t0, ms: performance.now() - t0, maxRSS: process.resourceUsage().maxRSS * 1024, hash: h >>> 0, error: c.index.error?.message ?? null }));
}

if (process.env[CHILD_ENV]) {
  const [mode, file] = process.env[CHILD_ENV]!.split('\t');
  child(mode!, file!);
}

// ---- the parent ----------------------------------------------------------------------------------

interface Run {
  ms: number;
  maxRSS: number;
  frames?: number;
  indexMs?: number;
  error?: string | null;
}

function runChild(mode: string, file: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here], { env: { ...process.env, [CHILD_ENV]: `${mode}\t${file}` }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run;
}

/** Runs tshark for the fields; returns wall time and peak RSS (VmHWM polled from /proc). */
function runTshark(file: string): Promise<Run & { lines: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('tshark', ['-r', file, '-n', '-T', 'fields', ...BENCH_FIELDS.flatMap((f) => ['-e', f])], { stdio: ['ignore', 'pipe', 'ignore'] });
    let peak = 0;
    let lines = 0;
    p.stdout.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 10) lines++;
    });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) * 1024);
      } catch {
        // exited
      }
    }, 20);
    p.on('error', reject);
    p.on('close', () => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, maxRSS: peak, lines });
    });
  });
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function bench(report: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pvz-bench-cap-'));
  try {
    const idle = runChild('idle', '');
    report(`capture: idle child peak RSS ${mb(idle.maxRSS)} (memory baseline)`);
    const small = path.join(dir, 'million.pcap');
    const n = generatePcap(small, { count: 1_000_000 });
    report(`capture: generated ${n} frames, ${mb(statSync(small).size)}`);
    const ours = runChild('decode', small);
    const haveTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
    if (haveTshark) {
      const ts = await runTshark(small);
      report(`capture: tshark -T fields (${BENCH_FIELDS.length} fields): ${s(ts.ms)}, peak RSS ${mb(ts.maxRSS)}, ${ts.lines} lines`);
      report(`capture: ours (index + frame summary of every frame): ${s(ours.ms)} (index ${s(ours.indexMs!)}), peak RSS ${mb(ours.maxRSS)}`);
      report(`capture: speed = ${(ts.ms / ours.ms).toFixed(1)}× tshark; peak RSS = ${(ours.maxRSS / ts.maxRSS).toFixed(2)}× tshark's, ${(ours.maxRSS / idle.maxRSS).toFixed(2)}× the idle child`);
    } else report(`capture: ours ${s(ours.ms)}, peak RSS ${mb(ours.maxRSS)} (tshark missing: no ratio)`);
    rmSync(small);

    const big = path.join(dir, 'gigabyte.pcap');
    const frames = generatePcap(big, { maxBytes: 1024 ** 3, big: true });
    const size = statSync(big).size;
    const ix = runChild('index', big);
    if (ix.error || ix.frames !== frames) throw new Error(`1 GB index: ${ix.frames} of ${frames} frames, ${ix.error}`);
    report(`capture: indexed ${mb(size)} (${frames} frames) in ${s(ix.ms)} = ${(size / 1024 / 1024 / (ix.ms / 1000)).toFixed(0)} MB/s; peak RSS ${mb(ix.maxRSS)} = ${(ix.maxRSS / size).toFixed(3)}× the file, ${(ix.maxRSS / idle.maxRSS).toFixed(2)}× the idle child`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
