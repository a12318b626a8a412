// Benchmark: one live-cluster capture + pull on 50 simulated nodes against the same on 1 node.
// Starts `bin/vpp-pathviz test-cluster --scenario scale-50` (a child process: the Kubernetes API
// test server whose 50 vpp containers run the scenario simulator), then runs, in this process,
// pcap and dispatch captures through node/capture (lock, load check, start, progress, stop on
// count, download with gzip + SHA-256, cleanup, manifest, cross-node stitching) on node-1 alone and
// on all 50 nodes. Wall-time ratio (goal ≤ 2) and peak RSS of this process (sampled) and of the
// server (VmHWM) are reported.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCapture } from '../../src/node/capture/index';
import { KubeSession } from '../../src/node/kube/index';
import { Workspace } from '../../src/node/workspace/index';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NODES = 50;

/** CPU time (ms) a process used so far, from /proc. */
function procCpuMs(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

function vmHwmMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export async function bench(report: (line: string) => void): Promise<void> {
  // The server runs from the bundle: rebuild it so it matches the sources being measured.
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  if (b.status !== 0 || !existsSync(path.join(root, 'dist', 'cli.mjs'))) throw new Error('node scripts/build.mjs failed');
  const dir = mkdtempSync(path.join(tmpdir(), 'vpp-pathviz-bench-cluster-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  const server = spawn(path.join(root, 'bin', 'vpp-pathviz'), ['test-cluster', '--scenario', `scale-${NODES}`, '--kubeconfig-out', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      let err = '';
      const t = setTimeout(() => reject(new Error(`test cluster did not start: ${err}`)), 60_000);
      server.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      server.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.startsWith('ready\n')) {
          clearTimeout(t);
          resolve();
        }
      });
      server.on('close', () => reject(new Error(`test cluster exited: ${err}`)));
    });
    const session = KubeSession.open({ kubeconfig });
    const all = Array.from({ length: NODES }, (_, i) => `node-${i + 1}`);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const base = process.memoryUsage().rss;
    const run = async (kind: 'pcap' | 'dispatch', nodes: string[]) => {
      const c0 = process.cpuUsage();
      const s0 = server.pid ? procCpuMs(server.pid) : null;
      const t0 = performance.now();
      const r = await runCapture(session, { kind, nodes, count: 20, timeoutSeconds: 30, pollMs: 100, stitch: false, workspace: new Workspace(path.join(dir, 'ws')) });
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const s1 = server.pid ? procCpuMs(server.pid) : null;
      const client = (c.user + c.system) / 1000;
      const serverCpu = s0 !== null && s1 !== null ? s1 - s0 : 0;
      const cpu = client + serverCpu;
      if (r.manifest.state !== 'complete') throw new Error(`${kind} on ${nodes.length} nodes: ${r.manifest.state} ${JSON.stringify(r.manifest.nodes.find((n) => n.state !== 'complete'))}`);
      const bytes = r.manifest.nodes.reduce((a, n) => a + n.files.reduce((b, f) => b + f.bytes, 0), 0);
      return { ms, bytes, cpu, client, server: serverCpu };
    };
    const { loadavg, cpus } = await import('node:os');
    report(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} at start`);
    await run('pcap', ['node-1']); // warm-up: TLS, discovery, simulator parse of node-1
    await run('pcap', all); // warm-up: the simulator parses each node's traffic on first use
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const kind of ['pcap', 'dispatch'] as const) {
      // Medians of 5 runs on one node and 3 on all nodes (the machine may be shared).
      const ones = [];
      for (let k = 0; k < 5; k++) ones.push(await run(kind, ['node-1']));
      peak = process.memoryUsage().rss;
      const manys = [];
      for (let k = 0; k < 3; k++) manys.push(await run(kind, all));
      const one = { ms: median(ones.map((x) => x.ms)), cpu: median(ones.map((x) => x.cpu)), bytes: ones[0]!.bytes };
      const many = { ms: median(manys.map((x) => x.ms)), cpu: median(manys.map((x) => x.cpu)), client: median(manys.map((x) => x.client)), server: median(manys.map((x) => x.server)), bytes: manys[0]!.bytes };
      report(`${kind}: 1 node ${one.ms.toFixed(0)} ms (${one.bytes} B, CPU ${one.cpu.toFixed(0)} ms); ${NODES} nodes ${many.ms.toFixed(0)} ms (${(many.bytes / 1024).toFixed(0)} KiB, CPU ${many.cpu.toFixed(0)} ms = ${(many.cpu / NODES).toFixed(0)} ms a node; client ${many.client.toFixed(0)} ms, server ${many.server.toFixed(0)} ms) → wall-time ratio ${(many.ms / one.ms).toFixed(2)} (goal ≤ 2)`);
      report(`${kind}: peak RSS of the capture process ${(peak / 2 ** 20).toFixed(1)} MB (${((peak - base) / 2 ** 20).toFixed(1)} MB over its start)`);
    }
    clearInterval(sampler);
    const hwm = server.pid ? vmHwmMb(server.pid) : null;
    if (hwm !== null) report(`test cluster server (${NODES} simulated VPPs, one process) peak RSS ${hwm.toFixed(1)} MB`);
    // Stitching is analysis, timed apart: the journeys of all 50 dispatch files linked across nodes.
    const t0 = performance.now();
    const st = await runCapture(session, { kind: 'dispatch', nodes: all, count: 100000, timeoutSeconds: 1, pollMs: 100, workspace: new Workspace(path.join(dir, 'ws')) });
    report(`dispatch on ${NODES} nodes, every record (1 s capture), with stitching: ${(performance.now() - t0).toFixed(0)} ms, ${st.stitch?.links.length ?? 0} packets followed across nodes`);
  } finally {
    server.kill('SIGINT');
    await new Promise((r) => server.on('close', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
