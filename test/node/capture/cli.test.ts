// Acceptance of live-cluster captures through the CLI as users run it (bin/vpp-pathviz, built by
// scripts/build.mjs) against the Kubernetes API test server whose vpp containers run the scenario
// simulator: trace, pcap and dispatch captures on one and on several nodes produce files that
// `vpp-pathviz analyze` turns into the scenario's journeys; filters reach VPP as the exact
// `set bpf trace filter {{…}}` command; calicovppctl's lock is honoured and released; no
// credential shows up anywhere.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getScenario, scenarios, type Scenario, type TruthPacket } from '../../../src/core/scenarios';
import type { ScenarioVppEngine } from '../../../src/core/scenarios/vppctl';
import { simulatorCluster, TEST_CLUSTER_SCENARIOS } from '../../../src/server/test-cluster/scenarios';
import { noOpenssl, RECOGNISABLE_TOKEN, repoRoot, startFixture, type ClusterFixture } from '../../support/test-cluster/index';
import { ensureBuilt } from '../../support/build';

/** Drops the framing lines of the long-lived vppctl (`echo MARK` after each command): not VPP work. */
const notMark = (l: string) => !/^echo vpp-pathviz-[0-9a-f]+$/.test(l);

const bin = path.join(repoRoot, 'bin', 'vpp-pathviz');
const LOCK = '/tmp/calicovppctl.lock';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const outputs: string[] = [];

function vpz(args: string[], o: { cwd?: string; home: string; timeoutMs?: number } ): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: o.cwd ?? repoRoot, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: o.home, NO_PROXY: '*' }, stdio: ['ignore', 'pipe', 'pipe'], timeout: o.timeoutMs ?? 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

function engineOf(f: ClusterFixture, node: string): ScenarioVppEngine {
  return f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.vpp as ScenarioVppEngine;
}

function vppFs(f: ClusterFixture, node: string) {
  return f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.fs;
}

/** Journeys `vpp-pathviz analyze --json` finds in files. */
async function analyze(files: string[], home: string): Promise<{ packets: { source: string; flow: { src: string; dst: string; protocol: string; srcPort: number | null; dstPort: number | null } | null; hops: { node: string }[] }[] }> {
  const r = await vpz(['analyze', '--json', ...files], { home });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const ENTRY = /^(tun|tap)\d+$/;
function expectedLinks(s: Scenario): number {
  const leaving = s.truth.filter((t) => t.verdict === 'forwarded' && t.egress && !ENTRY.test(t.egress.interface));
  const arriving = s.truth.filter((t) => t.ingress.node !== 'virtio-input');
  const used = new Set<TruthPacket>();
  let n = 0;
  for (const a of leaving) {
    const b = arriving.find((x) => !used.has(x) && x.node !== a.node && x.flowId === a.flowId && x.direction === a.direction);
    if (b) {
      used.add(b);
      n++;
    }
  }
  return n;
}

describe('vpp-pathviz capture against the test cluster', { skip: noOpenssl, timeout: 300_000 }, () => {
  const s = getScenario('pod-to-pod-ipip')!;
  let f: ClusterFixture;
  let home: string;
  let ws: string;
  const common = () => ['--kubeconfig', f.kubeconfig, '--out', ws, '--poll', '100', '--json'];

  before(async () => {
    ensureBuilt();
    f = await startFixture(simulatorCluster(s, { arrivalIntervalMs: 0 }), { users: [{ name: 'admin', token: RECOGNISABLE_TOKEN }] });
    home = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-cap-home-'));
    ws = path.join(home, 'workspace');
  });
  after(async () => {
    await f?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('trace on one node (tun and uplink input nodes): the file analyses to the node\'s journeys', async () => {
    const r = await vpz(['capture', 'trace', '--node', 'node-1', '--interface', 'tuntap,phy', '--count', '100', '--timeout', '2', ...common()], { home });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const { dir, manifest } = JSON.parse(r.stdout);
    assert.equal(manifest.state, 'complete');
    const n = manifest.nodes[0];
    // VPP was asked: `phy` is the ConfigMap's driver, and the pods' tun RX node is virtio-input (VPP 25.10).
    const phy = ({ af_packet: 'af-packet-input', dpdk: 'dpdk-input', af_xdp: 'af_xdp-input', avf: 'avf-input' } as const)[s.spec.cluster.nodes[0]!.uplink.driver];
    assert.equal(n.inputNode, `virtio-input,${phy}`);
    const want = s.truth.filter((t) => t.node === 'node-1' && (t.path[0] === 'virtio-input' || t.path[0] === phy));
    assert.equal(n.packets, want.length);
    const file = path.join(dir, n.files[0].path);
    const a = await analyze([file], home);
    assert.equal(a.packets.length, want.length);
    const key = (x: { src: string; dst: string; protocol: string }) => `${x.protocol} ${x.src} ${x.dst}`;
    assert.deepEqual(a.packets.map((p) => key(p.flow!)).sort(), want.map((t) => key(t.innerFlow.src === t.flow.src ? t.flow : t.flow)).sort());
    const cmds = engineOf(f, 'node-1').received.map((c) => c.line).filter(notMark);
    for (const c of ['clear trace', 'trace add virtio-input 100', `trace add ${phy} 100`, 'show trace max 100']) assert.ok(cmds.includes(c), c);
    assert.equal(cmds[cmds.length - 1], 'clear trace');
    assert.equal(vppFs(f, 'node-1').read(LOCK), undefined, 'lock released');
  });

  test('pcap and dispatch on several nodes: files per node, journeys, stitched across nodes', async () => {
    const pc = await vpz(['capture', 'pcap', '--node', 'node-1,node-2', '--count', '1000', '--timeout', '1', ...common()], { home });
    assert.equal(pc.code, 0, pc.stderr + pc.stdout);
    const p = JSON.parse(pc.stdout);
    assert.equal(p.manifest.state, 'complete');
    for (const n of p.manifest.nodes) {
      const names = new Set(s.interfaces(n.node).values());
      const expected = s.truth.filter((t) => t.node === n.node).reduce((k, t) => k + t.path.filter((x) => x === 'ethernet-input' || (x.endsWith('-output') && names.has(x.slice(0, -7)))).length, 0);
      const a = await analyze([path.join(p.dir, n.files[0].path)], home);
      assert.equal(a.packets.length, expected, n.node);
      assert.ok(a.packets.every((j) => j.source === 'pcap'));
      assert.equal(vppFs(f, n.node).read('/tmp/trace.pcap'), undefined, 'remote file removed');
    }
    const dp = await vpz(['capture', 'dispatch', '--node', 'node-1,node-2', '--count', '5000', '--timeout', '1', ...common()], { home });
    assert.equal(dp.code, 0, dp.stderr + dp.stdout);
    const d = JSON.parse(dp.stdout);
    const files = d.manifest.nodes.map((n: { files: { path: string }[] }) => path.join(d.dir, n.files[0]!.path));
    const a = await analyze(files, home);
    assert.equal(a.packets.length, s.truth.length, 'every packet of both nodes is a dispatch journey');
    assert.ok(a.packets.every((j) => j.source === 'dispatch' && j.hops.length > 1));
    assert.equal(d.stitch.links.length, expectedLinks(s));
    assert.equal(d.manifest.stitch.links, expectedLinks(s));
    for (const n of ['node-1', 'node-2']) {
      const cmds = engineOf(f, n).received.map((c) => c.line).filter(notMark);
      assert.ok(cmds.includes('pcap dispatch trace on max 5000 buffer-trace virtio-input 5000 file dispatch.pcap'));
      assert.ok(cmds.includes('pcap dispatch trace off'));
    }
  });

  test('a 5-tuple filter reaches VPP as the exact BPF command and is removed after', async () => {
    const e = engineOf(f, 'node-1');
    const from = e.received.length;
    const r = await vpz(['capture', 'trace', '--node', 'node-1', '--src-ip', '10.244.36.130', '--protocol', 'tcp', '--dst-port', '8080', '--count', '50', '--timeout', '1', ...common()], { home });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const cmds = e.received.slice(from).map((c) => c.line).filter(notMark);
    const i = cmds.indexOf('set bpf trace filter {{tcp and src host 10.244.36.130 and dst port 8080}}');
    assert.ok(i >= 0, cmds.join('\n'));
    assert.equal(cmds[i + 1], 'set trace filter function bpf_trace_filter');
    assert.ok(cmds.includes('trace add virtio-input 50 filter'));
    assert.ok(cmds.indexOf('set bpf trace filter del') > cmds.indexOf('show trace max 50'));
    assert.ok(cmds.includes('set trace filter function vnet_is_packet_traced'));
    assert.equal(e.status.bpf, null);
    assert.equal(e.status.traceFilterFunction, 'vnet_is_packet_traced');
    const { manifest } = JSON.parse(r.stdout);
    const want = s.truth.filter((t) => t.node === 'node-1' && t.path[0] === 'virtio-input' && t.flow.protocol === 'TCP' && t.flow.src === '10.244.36.130' && t.flow.dstPort === 8080);
    assert.equal(manifest.nodes[0].packets, want.length);
    assert.match(manifest.nodes[0].warnings.join('\n'), /BPF filters.*tun/);
  });

  test('a capture lock held by calicovppctl is honoured: refused with the holder\'s name, lock left alone', async () => {
    const fs = vppFs(f, 'node-1');
    const theirs = JSON.stringify({ node_name: 'node-1', operation: 'pcap', started_at: '2026-11-25T10:00:00Z', hostname: 'calicovppctl-on-ops-laptop', bpf_active: true }, null, 2);
    fs.write(LOCK, new TextEncoder().encode(theirs));
    const e = engineOf(f, 'node-1');
    const from = e.received.length;
    const r = await vpz(['capture', 'trace', '--node', 'node-1', '--count', '5', '--timeout', '1', ...common()], { home });
    assert.equal(r.code, 1);
    const { manifest } = JSON.parse(r.stdout);
    assert.equal(manifest.nodes[0].state, 'failed');
    assert.match(manifest.nodes[0].error, /already running on node node-1 \(operation pcap, started by calicovppctl-on-ops-laptop at 2026-11-25T10:00:00Z, BPF filters active: true\)/);
    assert.match(r.stderr, /locked by calicovppctl-on-ops-laptop/);
    assert.deepEqual(e.received.slice(from).map((c) => c.line).filter(notMark).filter((l) => !l.startsWith('show')), [], 'nothing changed in VPP');
    assert.equal(new TextDecoder().decode(fs.read(LOCK)), theirs);
    // `capture clear` removes it and names whose it was.
    const c = await vpz(['capture', 'clear', '--node', 'node-1', '--kubeconfig', f.kubeconfig], { home });
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /removed the capture lock of calicovppctl-on-ops-laptop \(pcap since 2026-11-25T10:00:00Z\)/);
    assert.equal(fs.read(LOCK), undefined);
  });

  test('our lock has calicovppctl\'s JSON fields while the capture runs', async () => {
    const fs = vppFs(f, 'node-2');
    let seen: string | undefined;
    const timer = setInterval(() => {
      const b = fs.read(LOCK);
      if (b) seen = new TextDecoder().decode(b);
    }, 20);
    const r = await vpz(['capture', 'pcap', '--node', 'node-2', '--count', '100000', '--timeout', '2', ...common()], { home });
    clearInterval(timer);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(seen, 'lock seen during the capture');
    const l = JSON.parse(seen!);
    assert.deepEqual(Object.keys(l).sort(), ['bpf_active', 'hostname', 'node_name', 'operation', 'started_at']);
    assert.equal(l.node_name, 'node-2');
    assert.equal(l.operation, 'pcap');
    assert.equal(l.bpf_active, false);
    assert.ok(!Number.isNaN(Date.parse(l.started_at)));
    assert.equal(fs.read(LOCK), undefined);
  });

  test('test-cluster accepts every simulator scenario', async () => {
    const r = await vpz(['test-cluster', '--list'], { home });
    assert.equal(r.code, 0);
    for (const sc of scenarios) assert.match(r.stdout, new RegExp(`^${sc.name}\\s`, 'm'));
    for (const sc of scenarios) assert.ok(TEST_CLUSTER_SCENARIOS[sc.name], sc.name);
  });

  test('usage errors: bad node names, IPs and ports never reach the cluster', async () => {
    const before = f.cluster.requests.length;
    for (const args of [['--node', 'node-1;reboot'], ['--node', 'node-1', '--src-ip', '1.2.3.4 or 1=1'], ['--node', 'node-1', '--dst-port', '99999'], ['--node', 'node-1', '--protocol', 'gre']]) {
      const r = await vpz(['capture', 'trace', ...args, '--out', ws, '--kubeconfig', f.kubeconfig], { home });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    const r = await vpz(['capture', 'pcap', '--node', 'node-1', '--interface', 'tun1 file /etc/passwd', '--out', ws, '--kubeconfig', f.kubeconfig], { home });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(f.cluster.requests.length, before);
  });

  test('no credential in any output or manifest', async () => {
    const { readdir } = await import('node:fs/promises');
    const all: string[] = [...outputs];
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.name === 'manifest.json') all.push(await readFile(p, 'utf8'));
      }
    };
    if (existsSync(ws)) await walk(ws);
    assert.ok(all.length > 10);
    for (const t of all) assert.ok(!t.includes(RECOGNISABLE_TOKEN), 'token leaked');
    assert.ok(readFileSync(f.kubeconfig, 'utf8').includes(RECOGNISABLE_TOKEN), 'the fixture does use the token');
  });
});
