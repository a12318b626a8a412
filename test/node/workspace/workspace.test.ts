// The capture workspace: atomic files (nothing under a final name until complete), one folder and
// manifest per capture, history newest first, and captures whose process died reported as
// interrupted rather than running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openAtomic, Workspace, writeFileAtomic, safeSegment, MANIFEST_FILE } from '../../../src/node/workspace/index';

let root: string;
before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-ws-'));
});
after(async () => rm(root, { recursive: true, force: true }));

const opts = { count: 10, timeoutSeconds: 5, interface: 'tuntap', filter: null };

describe('atomic files', () => {
  test('writeFileAtomic replaces the file in one step and leaves no temporary file', async () => {
    const f = path.join(root, 'a.txt');
    await writeFileAtomic(f, 'one');
    await writeFileAtomic(f, 'two');
    assert.equal(await readFile(f, 'utf8'), 'two');
    assert.deepEqual((await readdir(root)).filter((n) => n.includes('a.txt')), ['a.txt']);
  });

  test('a writer that is not committed (crash, cut transfer) never shows up under the final name', async () => {
    const f = path.join(root, 'partial.pcap');
    const w = await openAtomic(f);
    await w.write(new Uint8Array([1, 2, 3]));
    assert.equal((await readdir(root)).includes('partial.pcap'), false);
    await w.abort();
    assert.deepEqual((await readdir(root)).filter((n) => n.includes('partial')), []);
    const w2 = await openAtomic(f);
    await w2.write(new Uint8Array([4, 5]));
    await w2.commit();
    assert.deepEqual([...(await readFile(f))], [4, 5]);
    await w2.abort();
    assert.deepEqual([...(await readFile(f))], [4, 5]);
  });
});

describe('Workspace', () => {
  test('a capture folder per cluster and time, its manifest written on every update', async () => {
    const ws = new Workspace(root);
    const rec = await ws.create({ kind: 'trace', cluster: { context: 'kind:dev/ctx', server: 'https://x' }, options: opts, nodes: ['node-1', 'node-2'], now: new Date(2026, 0, 2, 3, 4, 5) });
    assert.equal(path.basename(path.dirname(rec.dir)), safeSegment('kind:dev/ctx'));
    assert.equal(path.basename(rec.dir), '20260102-030405-trace');
    const again = await ws.create({ kind: 'trace', cluster: { context: 'kind:dev/ctx', server: 'https://x' }, options: opts, nodes: ['node-1'], now: new Date(2026, 0, 2, 3, 4, 5) });
    assert.equal(path.basename(again.dir), '20260102-030405-trace-2');
    await rec.update((m) => (rec.node('node-1').state = 'capturing'));
    const onDisk = JSON.parse(await readFile(path.join(rec.dir, MANIFEST_FILE), 'utf8'));
    assert.equal(onDisk.state, 'running');
    assert.equal(onDisk.nodes[0].state, 'capturing');
    assert.equal(onDisk.pid, process.pid);
    const opened = await Workspace.open(rec.dir);
    assert.deepEqual(opened.manifest, rec.manifest);
  });

  test('list: newest first; a running capture whose process is gone is interrupted, and recoverInterrupted marks it', async () => {
    const ws = new Workspace(path.join(root, 'hist'));
    const old = await ws.create({ kind: 'pcap', cluster: { context: 'c', server: 's' }, options: opts, nodes: ['n1'], now: new Date(2026, 0, 1) });
    await old.update((m) => (m.state = 'complete'));
    const dead = await ws.create({ kind: 'dispatch', cluster: { context: 'c', server: 's' }, options: opts, nodes: ['n1'], now: new Date(2026, 0, 3) });
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    await dead.update((m) => (m.pid = pid));
    const live = await ws.create({ kind: 'trace', cluster: { context: 'c', server: 's' }, options: opts, nodes: ['n1'], now: new Date(2026, 0, 2) });
    const list = await ws.list();
    assert.deepEqual(list.map((c) => c.manifest.kind), ['dispatch', 'trace', 'pcap']);
    assert.deepEqual(list.map((c) => c.interrupted), [true, false, false]);
    const rec = await ws.recoverInterrupted();
    assert.equal(rec.length, 1);
    const m = (await Workspace.open(dead.dir)).manifest;
    assert.equal(m.state, 'interrupted');
    assert.equal(m.nodes[0]!.state, 'interrupted');
    assert.match(m.nodes[0]!.leftovers.join(' '), /capture lock/);
    assert.equal((await Workspace.open(live.dir)).manifest.state, 'running');
  });

  test('folders that are not captures are skipped; a damaged manifest is an error naming the file', async () => {
    const ws = new Workspace(path.join(root, 'mixed'));
    const rec = await ws.create({ kind: 'trace', cluster: { context: 'c', server: 's' }, options: opts, nodes: ['n'] });
    await writeFile(path.join(rec.dir, MANIFEST_FILE), '{"not json');
    assert.deepEqual(await ws.list(), []);
    await assert.rejects(Workspace.open(rec.dir), new RegExp(`${MANIFEST_FILE.replace('.', '\\.')}: not valid JSON`));
  });
});
