// Benchmark: opening and analysing a large export bundle. Generates (in a temp dir, deleted after) a
// bash-layout export of 40 nodes × 120 pods (show int with counters, show err, show run, show tun,
// cnat translations, agent logs, get-pods…), packs it with the system `tar -czf`, then measures in
// the same run: the baseline (zlib gunzip of the archive, output discarded), opening the bundle
// (gunzip + tar + classification), parsing every file, topology, checks; and a 10 GiB gzip bomb.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGunzip, gzipSync } from 'node:zlib';
import { runChecks } from '../../src/core/analysis/checks';
import { buildTopology } from '../../src/core/analysis/topology';
import { parseFile } from '../../src/core/bundle/state';
import { centred } from '../../src/core/vpp-state/text';
import { openBundlePaths } from '../../src/node/tar-bundle';

const NODES = 40;
const PODS_PER_NODE = 120;

function showInt(n: number): string {
  const out = [centred('Name', 32) + centred('Idx', 5) + centred('State', 10) + centred('MTU (L3/IP4/IP6/MPLS)', 21) + centred('Counter', 16) + centred('Count', 16)];
  const row = (name: string, idx: number, counters: Array<[string, number]>) =>
    counters.forEach(([l, v], i) => out.push((i === 0 ? name.padEnd(32) + centred(String(idx), 5) + centred('up', 10) + centred('1500/0/0/0', 21) : ' '.repeat(68)) + l.padEnd(16) + String(v).padStart(16)));
  row('host-eth0', 1, [['rx packets', 9_000_000 + n], ['rx bytes', 9_000_000_000], ['tx packets', 8_000_000], ['tx bytes', 7_000_000_000], ['drops', 100]]);
  row('tap0', 2, [['rx packets', 100_000], ['tx packets', 90_000]]);
  for (let p = 0; p < PODS_PER_NODE; p++) row(`tun${p + 1}`, p + 5, [['rx packets', 1000 + p], ['rx bytes', 90_000], ['tx packets', 900], ['tx bytes', 80_000], ['ip4', 1000]]);
  return out.join('\n') + '\n';
}

const podIp = (n: number, p: number) => `11.${n}.${Math.floor(p / 250)}.${(p % 250) + 2}`;

function agentLog(n: number): string {
  const out: string[] = [];
  for (let p = 0; p < PODS_PER_NODE; p++) {
    out.push(`time="2025-10-02T08:01:00Z" level=info msg="pod(add) spec=netns:/var/run/netns/cni-${String(n).padStart(8, '0')}-0000-0000-0000-${String(p).padStart(12, '0')},if:eth0 [${podIp(n, p)}/32] network=" component=cni`);
    out.push(`time="2025-10-02T08:01:00Z" level=info msg="pod(add) route [podVRF ->MainIF] v4 ${podIp(n, p)}/32 -> [if:${p + 5}]" component=cni`);
    for (let k = 0; k < 20; k++) out.push(`time="2025-10-02T08:01:0${k % 10}Z" level=info msg="pod(add) Punt routes" component=cni`);
  }
  return out.join('\n') + '\n';
}

function showTun(n: number): string {
  const out: string[] = [];
  for (let p = 0; p < PODS_PER_NODE; p++) out.push(`Interface: tun${p + 1} (ifindex ${p + 5})`, '  name "eth0"', `  host-ns "/var/run/netns/cni-${String(n).padStart(8, '0')}-0000-0000-0000-${String(p).padStart(12, '0')}"`, '  host-mtu-size "1480"', '  host-carrier-up: 1', '  Number of RX Virtqueue  1', '  Number of TX Virtqueue  1');
  return out.join('\n') + '\n';
}

function showErr(n: number): string {
  const out = [centred('Count', 10) + centred('Node', 35) + centred('Reason', 35) + centred('Severity', 10)];
  for (let i = 0; i < 200; i++) out.push(String(1000 + n * i).padStart(10) + centred(`node-${i}`, 35) + centred(`reason ${i}`, 35) + centred('error', 10));
  return out.join('\n') + '\n';
}

function showRun(): string {
  const out: string[] = [];
  for (let t = 0; t < 4; t++) {
    out.push(`Thread ${t} vpp_wk_${t} (lcore ${t + 1})`, 'Time 3.8, 10 sec internal node vector rate 2.09 loops/sec 5317177.75', '  vector rates in 4.9950e1, out 4.7868e1, drop 2.3414e0, punt 0.0000e0', '             Name                 State         Calls          Vectors        Suspends         Clocks       Vectors/Call  ');
    for (let i = 0; i < 150; i++) out.push(`node-number-${i}`.padEnd(30) + centred('active', 12) + String(1000 + i).padStart(16) + String(5000 + i).padStart(16) + '0'.padStart(16) + '3.27e2'.padStart(16) + '5.00'.padStart(16));
    out.push('---------------');
  }
  return out.join('\n') + '\n';
}

function translations(): string {
  const out: string[] = [];
  for (let s = 0; s < 300; s++) {
    out.push(`[${s}] 10.96.${Math.floor(s / 250)}.${s % 250};80 TCP lb:default fhc:0x9f(default)`);
    for (let b = 0; b < 3; b++) out.push(`::;0->${podIp((s + b) % NODES, s % PODS_PER_NODE)};8080`, `  fib-entry:${s * 3 + b}`, `  [@0]: dpo-load-balance: [proto:ip4 index:${s} buckets:1 uRPF:1 to:[0:0]]`, `        [0] [@5]: ipv4 via 0.0.0.0 tun${(s % PODS_PER_NODE) + 1}: mtu:1480 next:10 flags:[features]`);
  }
  return out.join('\n') + '\n';
}

export function generate(dir: string): { files: number; bytes: number } {
  const root = path.join(dir, 'export');
  mkdirSync(root, { recursive: true });
  let files = 0;
  let bytes = 0;
  const put = (name: string, text: string) => {
    writeFileSync(path.join(root, name), text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  const pods = ['NAMESPACE   NAME   READY   STATUS   RESTARTS   AGE   IP   NODE   NOMINATED NODE   READINESS GATES'];
  for (let n = 0; n < NODES; n++) for (let p = 0; p < PODS_PER_NODE; p++) pods.push(`default   pod-${n}-${p}   1/1   Running   0   1d   ${podIp(n, p)}   node-${n}   <none>   <none>`);
  put('get-pods', pods.join('\n') + '\n');
  put('get-nodes', ['NAME   STATUS   ROLES   AGE   VERSION   INTERNAL-IP   EXTERNAL-IP', ...Array.from({ length: NODES }, (_, n) => `node-${n}   Ready   <none>   1d   v1.30.2   172.18.${Math.floor(n / 250)}.${(n % 250) + 2}   <none>`)].join('\n') + '\n');
  const tr = translations();
  const run = showRun();
  for (let n = 0; n < NODES; n++) {
    put(`node-${n}.show-int`, showInt(n));
    put(`node-${n}.show-tun`, showTun(n));
    put(`node-${n}.show-err`, showErr(n));
    put(`node-${n}.show-run`, run);
    put(`node-${n}.agent.log`, agentLog(n));
    put(`node-${n}.show-cnat-translation`, tr);
    put(`node-${n}.show-buffers`, 'Pool Name            Index NUMA  Size  Data Size  Total  Avail  Cached   Used\ndefault-numa-0         0     0   2304     2048   128270 125968   1108    1194\n');
  }
  return { files, bytes };
}

async function gunzipOnly(file: string): Promise<number> {
  let n = 0;
  for await (const c of createReadStream(file).pipe(createGunzip())) n += (c as Buffer).length;
  return n;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number; rss: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { value, ms, rss: Math.max(peak, process.memoryUsage().rss) - before };
}

/** Median of `runs` timings (ms); the machine may be busy, the median is steadier than one run. */
async function median(fn: () => Promise<unknown> | unknown, runs = 5): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function bench(report: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vpp-pathviz-bundle-bench-'));
  try {
    const g = generate(dir);
    const tgz = path.join(dir, 'export.tar.gz');
    execFileSync('tar', ['-czf', tgz, '-C', dir, 'export']);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    report(`bundle: ${NODES} nodes, ${NODES * PODS_PER_NODE} pods, ${g.files} files, ${mb(g.bytes)} MB uncompressed, ${mb(statSync(tgz).size)} MB .tar.gz`);
    await gunzipOnly(tgz); // warm-up (file cache, zlib, JIT)
    await openBundlePaths([tgz]);
    const base = await median(() => gunzipOnly(tgz));
    report(`baseline: zlib gunzip of the archive, output discarded: ${base.toFixed(0)} ms (median of 5)`);
    const open = await timed(() => openBundlePaths([tgz]));
    const openMs = await median(() => openBundlePaths([tgz]));
    const kept = open.value.files.reduce((n, f) => n + f.size, 0);
    report(`open (gunzip + tar + classify): ${openMs.toFixed(0)} ms = ${(openMs / base).toFixed(2)}× baseline; bytes kept ${mb(kept)} MB = ${(kept / g.bytes).toFixed(2)}× the uncompressed size`);
    // Parsing is cached per file: each run parses the files of a freshly opened bundle.
    const parseRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const files = (await openBundlePaths([tgz])).files;
      const t0 = performance.now();
      for (const f of files) parseFile(f);
      parseRuns.push(performance.now() - t0);
    }
    const parseMs = parseRuns.sort((x, y) => x - y)[1]!;
    report(`parse every file: ${parseMs.toFixed(0)} ms = ${(parseMs / base).toFixed(2)}× baseline (${(g.bytes / 1024 / 1024 / (parseMs / 1000)).toFixed(0)} MB/s)`);
    const b = open.value;
    for (const f of b.files) parseFile(f);
    const topoMs = await median(() => buildTopology(b));
    const topo = buildTopology(b);
    const mapped = topo.nodes.reduce((s, n) => s + n.tuns.filter((t) => t.pod).length, 0);
    report(`topology (parsed state cached): ${topoMs.toFixed(0)} ms = ${(topoMs / base).toFixed(2)}× baseline; ${mapped}/${NODES * PODS_PER_NODE} tuns mapped`);
    const checksMs = await median(() => runChecks(b));
    report(`checks: ${checksMs.toFixed(0)} ms = ${(checksMs / base).toFixed(2)}× baseline; ${runChecks(b).length} checks`);
    // A 10 GiB bomb: one entry declaring 10 GiB, then gzip members of zeros.
    const h = Buffer.alloc(512);
    h.write('export/node-0.show-log', 0);
    h.write('0000644\0', 100);
    h[124] = 0x80;
    let size = 10 * 1024 ** 3;
    for (let i = 135; i > 124; i--) {
      h[i] = size % 256;
      size = Math.floor(size / 256);
    }
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar  \0', 257);
    let sum = 0;
    for (const x of h) sum += x;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    const zeros = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const bomb = path.join(dir, 'bomb.tar.gz');
    writeFileSync(bomb, Buffer.concat([gzipSync(h), ...Array.from({ length: 640 }, () => zeros)]));
    const stop = await timed(async () => {
      try {
        await openBundlePaths([bomb]);
        return 'opened?!';
      } catch (e) {
        return (e as Error).message.slice(0, 60);
      }
    });
    const stopMs = await median(() => openBundlePaths([bomb]).catch(() => null));
    report(`10 GiB bomb (${mb(statSync(bomb).size)} MB file): refused in ${stopMs.toFixed(1)} ms = ${(stopMs / base).toFixed(3)}× baseline, RSS +${mb(stop.rss)} MB ("${stop.value}…")`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
