// Web mode's quit: when the server closes in the middle of a capture started through its API, the
// capture is cancelled (nothing collected) and each node is cleaned up before close() resolves.
// Oracles: the commands the test cluster's simulated VPP received (its engine records them), the
// vpp container's files (no lock, no capture file), and the manifest on disk.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getScenario } from '../../src/core/scenarios';
import type { ScenarioVppEngine } from '../../src/core/scenarios/vppctl';
import type { IpcResult } from '../../src/core/ipc/errors';
import { decodeWire, encodeWire } from '../../src/core/ipc/wire';
import { Workspace } from '../../src/node/workspace/index';
import { startServer, TOKEN_HEADER, type RunningServer } from '../../src/server/server';
import { simulatorCluster } from '../../src/server/test-cluster/scenarios';
import { noOpenssl, startFixture, type ClusterFixture } from '../support/test-cluster/index';

const LOCK = '/tmp/calicovppctl.lock';

function call(s: RunningServer, method: string, arg: unknown): Promise<IpcResult> {
  const body = encodeWire(arg);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: s.port, method: 'POST', path: `/api/app:cluster.${method}`, headers: { Host: `127.0.0.1:${s.port}`, [TOKEN_HEADER]: s.token, 'Content-Length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(decodeWire(new Uint8Array(Buffer.concat(chunks))) as IpcResult));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('web server close during a capture', { skip: noOpenssl, timeout: 120_000 }, () => {
  let f: ClusterFixture;
  let dir: string;
  const engine = (node: string) => f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.vpp as ScenarioVppEngine;
  const vfs = (node: string) => f.cluster.state.vppPodOn(node)!.containers.find((c) => c.name === 'vpp')!.fs;

  before(async () => {
    f = await startFixture(simulatorCluster(getScenario('sample')!, { arrivalIntervalMs: 0 }));
    dir = await mkdtemp(path.join(tmpdir(), 'vpv-server-cluster-'));
  });
  after(async () => {
    await f?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const kind of ['trace', 'pcap'] as const) {
    test(`${kind}: close() cancels the capture and cleans the nodes before it resolves`, async () => {
      const www = path.join(dir, 'www');
      const ws = path.join(dir, `ws-${kind}`);
      const s = await startServer({ staticDir: www, stateDir: path.join(dir, 'state'), cluster: { workspaceRoot: ws, env: { KUBECONFIG: f.kubeconfig, HOME: dir }, pollMs: 50, closeGraceMs: 20_000 } });
      const from = { 'node-1': engine('node-1').received.length, 'node-2': engine('node-2').received.length };
      let closed = false;
      try {
        const started = await call(s, 'startCapture', { kind, nodes: ['node-1', 'node-2'], count: 1_000_000, timeoutS: 60 });
        assert.ok(started.ok, JSON.stringify(started));
        const id = (started.value as { id: string }).id;
        // Wait until both nodes are capturing (the lock is held and VPP is tracing).
        const t0 = Date.now();
        for (;;) {
          const r = await call(s, 'listCaptures', {});
          const c = r.ok ? (r.value as { captures: { id: string; nodes: { state: string }[] }[] }).captures.find((x) => x.id === id) : undefined;
          if (c && c.nodes.every((n) => n.state === 'capturing')) break;
          assert.ok(Date.now() - t0 < 30_000, `never capturing: ${JSON.stringify(c)}`);
          await new Promise((r2) => setTimeout(r2, 25));
        }
        for (const n of ['node-1', 'node-2']) assert.ok(vfs(n).read(LOCK) !== undefined, `${n} holds the lock while capturing`);
        await s.close();
        closed = true;
        const start = kind === 'trace' ? 'trace add' : 'pcap trace rx';
        const undo = kind === 'trace' ? 'clear trace' : 'pcap trace off';
        for (const n of ['node-1', 'node-2'] as const) {
          const cmds = engine(n).received.slice(from[n]).map((c) => c.line);
          const started = cmds.findIndex((c) => c.startsWith(start));
          assert.ok(started >= 0, cmds.join('\n'));
          assert.ok(cmds.lastIndexOf(undo) > started, `${n}: cleanup reached vppctl:\n${cmds.join('\n')}`);
          assert.equal(vfs(n).read(LOCK), undefined, `${n}: lock released`);
          if (kind === 'pcap') assert.equal(vfs(n).read('/tmp/trace.pcap'), undefined);
        }
        const list = await new Workspace(ws).list();
        const m = list.find((c) => c.manifest.id === id)!.manifest;
        assert.equal(m.state, 'cancelled');
        for (const n of m.nodes) {
          assert.equal(n.state, 'cancelled');
          assert.deepEqual(n.files, []);
          assert.deepEqual(n.leftovers, []);
        }
      } finally {
        if (!closed) await s.close();
      }
    });
  }
});
