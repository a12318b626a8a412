// Captures when things go wrong, against the test cluster with injected faults: an exec stream cut
// mid-transfer (once: retried; always: failed), a slow API, exec refused with 403 in the middle of a
// capture, the VPP pod replaced during a capture, a node without a VPP pod, the connection lost,
// and a quit (SIGINT to the CLI). Each test checks which cleanup commands reached vppctl (the
// engine records them), that no partial file is presented as complete (manifest and folder), and
// what the user is told about what was left on the node.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getScenario } from '../../../src/core/scenarios';
import { BUSY_LOAD, ScenarioVppEngine } from '../../../src/core/scenarios/vppctl';
import { clearNode, runCapture, type CaptureEvent, type CaptureRequest } from '../../../src/node/capture/index';
import { KubeSession } from '../../../src/node/kube/index';
import { Workspace, type CaptureManifest } from '../../../src/node/workspace/index';
import type { TestClusterSpec } from '../../../src/server/test-cluster/cluster';
import { simulatorCluster } from '../../../src/server/test-cluster/scenarios';
import { noOpenssl, RECOGNISABLE_TOKEN, repoRoot, startFixture, type ClusterFixture } from '../../support/test-cluster/index';
import { ensureBuilt } from '../../support/build';

/** Drops the framing lines of the long-lived vppctl (`echo MARK` after each command): not VPP work. */
const notMark = (l: string) => !/^echo vpp-pathviz-[0-9a-f]+$/.test(l);

const LOCK = '/tmp/calicovppctl.lock';
const s = getScenario('pod-to-pod-ipip')!;

function spec(): TestClusterSpec {
  const base = simulatorCluster(s, { arrivalIntervalMs: 0 });
  return { ...base, nodes: [...base.nodes, { name: 'node-3', vpp: false }] };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(path.relative(dir, p));
  }
  return out;
}

describe('capture faults', { skip: noOpenssl, timeout: 300_000 }, () => {
  let f: ClusterFixture;
  let root: string;
  let session: KubeSession;
  const engine = (node: string) => f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.vpp as ScenarioVppEngine;
  const vfs = (node: string) => f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.fs;
  const since = (node: string, from: number) => engine(node).received.slice(from).map((c) => c.line).filter(notMark);

  before(async () => {
    f = await startFixture(spec(), { users: [{ name: 'admin', token: RECOGNISABLE_TOKEN }] });
    root = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-faults-'));
    session = KubeSession.open({ kubeconfig: f.kubeconfig, requestTimeoutMs: 10_000 });
  });
  after(async () => {
    await f?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  function capture(o: Partial<CaptureRequest> & Pick<CaptureRequest, 'kind' | 'nodes'>, onEvent?: (e: CaptureEvent) => void) {
    return runCapture(session, { workspace: new Workspace(path.join(root, 'ws')), count: 1000, timeoutSeconds: 1, pollMs: 50, ...o }, onEvent);
  }

  const noSecret = (m: CaptureManifest) => assert.ok(!JSON.stringify(m).includes(RECOGNISABLE_TOKEN));

  test('exec stream cut mid-transfer once: the download is retried and verified', async () => {
    let cuts = 0;
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'gzip' && cuts++ === 0 ? 64 : undefined);
    const warnings: string[] = [];
    try {
      const r = await capture({ kind: 'pcap', nodes: ['node-1'] }, (e) => e.type === 'warning' && warnings.push(e.message));
      assert.equal(r.manifest.state, 'complete', JSON.stringify(r.manifest.nodes[0]));
      assert.equal(cuts, 2);
      assert.match(warnings.join('\n'), /transfer attempt 1 failed/);
      const n = r.manifest.nodes[0]!;
      const { createHash } = await import('node:crypto');
      const { readFile } = await import('node:fs/promises');
      assert.equal(createHash('sha256').update(await readFile(path.join(r.dir, n.files[0]!.path))).digest('hex'), n.files[0]!.sha256);
      noSecret(r.manifest);
    } finally {
      delete f.cluster.faults.cutStdoutAfter;
    }
  });

  test('exec stream always cut: no file is presented, remote files and lock are cleaned, the user is told', async () => {
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'gzip' || argv.includes('trace') && argv.includes('max') && argv[3] === 'show' ? 200 : undefined);
    const from = engine('node-1').received.length;
    try {
      for (const kind of ['pcap', 'trace'] as const) {
        const r = await capture({ kind, nodes: ['node-1'] });
        const n = r.manifest.nodes[0]!;
        assert.equal(r.manifest.state, 'failed');
        assert.equal(n.state, 'failed');
        assert.deepEqual(n.files, []);
        assert.match(n.error!, kind === 'pcap' ? /could not download \/tmp\/trace\.pcap .* after 3 attempts/ : /could not read the trace of node node-1 after 3 attempts/);
        assert.deepEqual(await filesUnder(path.join(r.dir, 'node-1')), [], 'no file and no temporary file in the workspace');
        assert.deepEqual(n.leftovers, []);
        assert.ok(n.cleanup.every((c) => c.ok));
        assert.equal(vfs('node-1').read(LOCK), undefined);
        assert.equal(vfs('node-1').read('/tmp/trace.pcap'), undefined);
      }
      const cmds = since('node-1', from);
      assert.ok(cmds.includes('pcap trace off'));
      assert.equal(cmds[cmds.length - 1], 'clear trace', 'the trace buffer was cleared after the failed pull');
    } finally {
      delete f.cluster.faults.cutStdoutAfter;
    }
  });

  test('slow API (every request delayed): the capture still completes', async () => {
    f.cluster.faults.delayMs = () => 120;
    try {
      const t0 = Date.now();
      const r = await capture({ kind: 'dispatch', nodes: ['node-1', 'node-2'] });
      assert.equal(r.manifest.state, 'complete');
      assert.ok(Date.now() - t0 > 1500);
      assert.equal(r.manifest.nodes.every((n) => n.files.length === 1), true);
    } finally {
      delete f.cluster.faults.delayMs;
    }
  });

  test('403 on exec in the middle of a capture: nothing can be undone, the user is told what is left; capture clear undoes it', async () => {
    const from = engine('node-2').received.length;
    let armed = false;
    try {
      const r = await capture({ kind: 'trace', nodes: ['node-2'], timeoutSeconds: 5 }, (e) => {
        if (e.type === 'node' && e.state === 'capturing' && !armed) {
          armed = true;
          f.cluster.faults.rejectExec = (t) => ({ status: 403, message: `pods "${t.pod}" is forbidden: User "admin" cannot create resource "pods/exec" in API group "" in the namespace "${t.namespace}"` });
        }
      });
      const n = r.manifest.nodes[0]!;
      assert.equal(n.state, 'failed');
      assert.match(n.error!, /permission denied \(Kubernetes RBAC\)/);
      // Kubernetes authorizes an exec when it starts: the node's vppctl, open since before the 403,
      // still undoes the trace, but no new exec (the lock's `rm -f`) is allowed.
      assert.ok(!n.leftovers.some((l) => /active packet trace/.test(l)), JSON.stringify(n.leftovers));
      assert.ok(n.leftovers.some((l) => /capture lock/.test(l)));
      assert.match(r.manifest.messages.join('\n'), /node node-2: may still hold .* run: vpp-pathviz capture clear --node node-2/);
      const cmds = since('node-2', from);
      assert.equal(cmds.filter((c) => c === 'clear trace').length, 2, 'the clear before trace add and the cleanup reached VPP');
      assert.equal(engine('node-2').status.traceEnabled, false);
      assert.ok(vfs('node-2').read(LOCK), 'the lock is left: that is what the user was told');
      noSecret(r.manifest);
    } finally {
      delete f.cluster.faults.rejectExec;
    }
    const c = await clearNode(session, 'node-2');
    assert.ok(c.ok, JSON.stringify(c.steps));
    assert.ok(c.lock && c.lock.operation === 'trace');
    const after = since('node-2', from);
    for (const cmd of ['pcap trace off', 'pcap dispatch trace off', 'set bpf trace filter del', 'set trace filter function vnet_is_packet_traced', 'set pcap filter function vnet_is_packet_traced']) assert.ok(after.includes(cmd), cmd);
    assert.equal(engine('node-2').status.traceEnabled, false);
    assert.equal(vfs('node-2').read(LOCK), undefined);
  });

  test('the VPP pod is replaced during a capture: reported as lost, nothing left behind', async () => {
    const pod = f.cluster.state.vppPodOn('node-1')!;
    const uid = pod.uid;
    let restarted = false;
    const r = await capture({ kind: 'pcap', nodes: ['node-1'], timeoutSeconds: 2 }, (e) => {
      if (e.type === 'node' && e.state === 'capturing' && !restarted) {
        restarted = true;
        f.cluster.state.restartPod(pod.namespace, pod.name);
      }
    });
    const n = r.manifest.nodes[0]!;
    assert.notEqual(pod.uid, uid);
    assert.equal(n.state, 'failed');
    assert.match(n.error!, new RegExp(`was replaced during the capture \\(pod ${pod.name} UID ${uid} is now ${pod.name} UID ${pod.uid}\\)`));
    assert.deepEqual(n.files, []);
    assert.deepEqual(n.leftovers, []);
    assert.match(n.cleanup.map((c) => c.message ?? '').join(' '), /replaced/);
    assert.equal(engine('node-1').status.pcap, false);
    assert.equal(vfs('node-1').read(LOCK), undefined);
  });

  test('a node without a VPP pod fails alone; the other node completes (partial)', async () => {
    const r = await capture({ kind: 'trace', nodes: ['node-1', 'node-3'] });
    assert.equal(r.manifest.state, 'partial');
    const [a, b] = r.manifest.nodes;
    assert.equal(a!.state, 'complete');
    assert.equal(b!.state, 'failed');
    assert.match(b!.error!, /no calico-vpp-node pod runs on node "node-3"/);
    assert.deepEqual(b!.cleanup, []);
  });

  test('connection lost during a capture: the leftovers are listed with the command to clean up', async () => {
    const g = await startFixture(simulatorCluster(s, { arrivalIntervalMs: 0 }));
    const sess = KubeSession.open({ kubeconfig: g.kubeconfig, requestTimeoutMs: 3000 });
    let stopped: Promise<void> | null = null;
    try {
      const r = await runCapture(sess, { kind: 'trace', nodes: ['node-1'], workspace: new Workspace(path.join(root, 'lost')), timeoutSeconds: 5, pollMs: 50 }, (e) => {
        if (e.type === 'node' && e.state === 'capturing' && !stopped) stopped = g.cluster.stop();
      });
      const n = r.manifest.nodes[0]!;
      assert.equal(n.state, 'failed');
      assert.match(n.error!, /cannot reach the Kubernetes API server|connection|ended before/);
      assert.ok(n.leftovers.length >= 2, JSON.stringify(n.leftovers));
      assert.match(r.manifest.messages.join('\n'), /vpp-pathviz capture clear --node node-1/);
      assert.equal(g.cluster.state.vppPodOn('node-1')!.containers.find((c) => c.name === 'vpp')!.vpp!.constructor.name, 'ScenarioVppEngine');
    } finally {
      await stopped;
      await g.stop().catch(() => {});
    }
  });

  test('a node under production load is refused without --force (nothing changed), captured with it (warning kept)', async () => {
    const g = await startFixture({ ...simulatorCluster(s, { arrivalIntervalMs: 0 }), nodes: [{ name: 'node-1', vpp: { engine: new ScenarioVppEngine(s, 'node-1', { load: BUSY_LOAD }) } }] });
    const sess = KubeSession.open({ kubeconfig: g.kubeconfig });
    const eng = g.cluster.state.vppPodOn('node-1')!.containers.find((c) => c.name === 'vpp')!.vpp as ScenarioVppEngine;
    try {
      const busy: string[] = [];
      const r = await runCapture(sess, { kind: 'trace', nodes: ['node-1'], workspace: new Workspace(path.join(root, 'busy')), timeoutSeconds: 1, pollMs: 50 }, (e) => e.type === 'busy' && busy.push(e.load.summary));
      assert.equal(r.manifest.nodes[0]!.state, 'failed');
      assert.match(r.manifest.nodes[0]!.error!, /forwarding production traffic \(2,400,000 packets\/s in, up to 48\.70 vectors\/call\).*--force/);
      assert.equal(busy.length, 1);
      assert.deepEqual(eng.received.map((c) => c.line).filter(notMark).filter((l) => !l.startsWith('show')), [], 'nothing changed in VPP');
      const forced = await runCapture(sess, { kind: 'trace', nodes: ['node-1'], workspace: new Workspace(path.join(root, 'busy')), timeoutSeconds: 1, pollMs: 50, force: true });
      assert.equal(forced.manifest.state, 'complete');
      assert.match(forced.manifest.nodes[0]!.warnings.join('\n'), /captured under load/);
    } finally {
      await g.stop();
    }
  });

  test('per-node cancel: one node is cancelled and cleaned up, the other completes', async () => {
    const from = engine('node-2').received.length;
    let handle: { cancel(n: string): void } | undefined;
    const r = await runCapture(session, { kind: 'pcap', nodes: ['node-1', 'node-2'], workspace: new Workspace(path.join(root, 'ws')), count: 100000, timeoutSeconds: 2, pollMs: 50 }, (e) => {
      if (e.type === 'node' && e.node === 'node-2' && e.state === 'capturing') handle?.cancel('node-2');
    }, (h) => (handle = h));
    assert.equal(r.manifest.state, 'partial');
    assert.equal(r.manifest.nodes[0]!.state, 'complete');
    assert.equal(r.manifest.nodes[1]!.state, 'cancelled', JSON.stringify(r.manifest.nodes[1]));
    assert.deepEqual(r.manifest.nodes[1]!.files, []);
    assert.ok(since('node-2', from).includes('pcap trace off'));
    assert.equal(vfs('node-2').read(LOCK), undefined);
  });

  test('quit (SIGINT to the CLI) during a capture: exit 130, cancelled, nothing collected, node cleaned', async () => {
    ensureBuilt();
    for (const kind of ['trace', 'pcap'] as const) {
      const from = engine('node-2').received.length;
      const child = spawn(path.join(repoRoot, 'bin', 'vpp-pathviz'), ['capture', kind, '--node', 'node-2', '--count', '100000', '--timeout', '60', '--poll', '100', '--out', path.join(root, 'quit'), '--kubeconfig', f.kubeconfig, '--json'], { env: { PATH: process.env.PATH ?? '', HOME: root }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const code = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`never started capturing: ${err}`)), 30_000);
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          err += d;
          if (/node-2: capturing/.test(err)) {
            clearTimeout(t);
            resolve();
          }
        });
      });
      child.kill('SIGINT');
      assert.equal(await code, 130, err);
      const { dir, manifest } = JSON.parse(out) as { dir: string; manifest: CaptureManifest };
      assert.equal(manifest.state, 'cancelled');
      assert.equal(manifest.nodes[0]!.state, 'cancelled');
      assert.deepEqual(manifest.nodes[0]!.files, []);
      assert.deepEqual(await filesUnder(path.join(dir, 'node-2')), []);
      assert.deepEqual(manifest.nodes[0]!.leftovers, []);
      const cmds = since('node-2', from);
      const undo = kind === 'trace' ? 'clear trace' : 'pcap trace off';
      assert.ok(cmds.lastIndexOf(undo) > cmds.findIndex((c) => c.startsWith(kind === 'trace' ? 'trace add' : 'pcap trace rx')), cmds.join('\n'));
      assert.equal(vfs('node-2').read(LOCK), undefined);
      assert.equal(vfs('node-2').read('/tmp/trace.pcap'), undefined);
      assert.ok(!existsSync(path.join(dir, 'node-2', `pcap_node-2.pcap`)));
    }
  });
});
