// Binary-safe file download over exec (gzip in the pod, size and SHA-256 checks against the pod's
// sha256sum, retries, the kubectl cp fallback), against the test cluster with injected faults.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { KubeSession } from '../../../src/node/kube/client';
import { KubeError } from '../../../src/node/kube/errors';
import { downloadFile, remoteSha256 } from '../../../src/node/kube/transfer';
import type { ExecHandler } from '../../../src/server/test-cluster/exec-handler';
import { noOpenssl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const NS = 'calico-vpp-dataplane';

describe('file transfer over exec', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  let session: KubeSession;
  let target: { namespace: string; pod: string; container: string };
  /** Every byte value, then random data: 3 MiB that does not compress much. */
  const payload = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(3 * 1024 * 1024)]);
  let corruptGzip = false;

  before(async () => {
    // A wrapper around the container commands that can flip one byte of gzip's output.
    const exec = (base: ExecHandler): ExecHandler => async (t, argv, io) => {
      if (!corruptGzip || argv[0] !== 'gzip') return base(t, argv, io);
      let n = 0;
      return base(t, argv, {
        ...io,
        stdout: (c) => {
          const copy = c.slice();
          if (n <= 5000 && n + copy.length > 5000) copy[5000 - n]! ^= 0xff;
          n += copy.length;
          return io.stdout(copy);
        },
      });
    };
    f = await startFixture({ nodes: [{ name: 'n1', vpp: { files: { '/tmp/trace.pcap': payload, '/tmp/empty.txt': '' } } }] }, { exec });
    session = KubeSession.open({ kubeconfig: f.kubeconfig });
    target = { namespace: NS, pod: f.cluster.state.vppPodOn('n1')!.name, container: 'vpp' };
  });
  after(async () => f?.stop());

  const remote = () => f.cluster.state.container(NS, target.pod, 'vpp')!.fs;

  test("the pod's sha256sum is the reference", async () => {
    assert.equal(await remoteSha256(session, target, '/tmp/trace.pcap'), createHash('sha256').update(payload).digest('hex'));
  });

  test('download: identical bytes, verified size and digest, one attempt', async () => {
    const local = path.join(f.dir, 'trace.pcap');
    const r = await downloadFile(session, { target, remotePath: '/tmp/trace.pcap', localPath: local });
    const got = await readFile(local);
    assert.ok(got.equals(payload), 'local file equals the pod file byte for byte');
    assert.equal(r.bytes, payload.length);
    assert.equal(r.sha256, createHash('sha256').update(payload).digest('hex'));
    assert.equal(r.attempts, 1);
    assert.ok(r.compressedBytes > 0);
    assert.equal(r.remoteRemoved, false);
    assert.ok(remote().read('/tmp/trace.pcap'), 'remote kept unless asked');
    assert.deepEqual(readdirSync(f.dir).filter((n) => n.includes('.part-')), [], 'no temporary files left');
  });

  test('keepCompressed stores the verified gzip stream; empty files work', async () => {
    const local = path.join(f.dir, 'trace.pcap.gz');
    const r = await downloadFile(session, { target, remotePath: '/tmp/trace.pcap', localPath: local, keepCompressed: true });
    const gz = await readFile(local);
    assert.equal(gz.length, r.compressedBytes);
    assert.ok(gunzipSync(gz).equals(payload));
    const e = await downloadFile(session, { target, remotePath: '/tmp/empty.txt', localPath: path.join(f.dir, 'empty.txt') });
    assert.equal(e.bytes, 0);
    assert.equal((await readFile(path.join(f.dir, 'empty.txt'))).length, 0);
  });

  test('a stream cut once: the retry succeeds', async () => {
    let calls = 0;
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'gzip' && calls++ === 0 ? 64 * 1024 : undefined);
    const failures: string[] = [];
    try {
      const local = path.join(f.dir, 'retry.pcap');
      const r = await downloadFile(session, { target, remotePath: '/tmp/trace.pcap', localPath: local, retryDelayMs: 10, onAttemptFailed: (_n, why) => failures.push(why) });
      assert.equal(r.attempts, 2);
      assert.ok((await readFile(local)).equals(payload));
      assert.equal(failures.length, 1);
      assert.match(failures[0]!, /ended before the command finished/);
    } finally {
      f.cluster.faults.cutStdoutAfter = undefined;
    }
  });

  test('cut every time: 3 attempts, then a clear failure with the kubectl cp command; remote kept', async () => {
    let calls = 0;
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'gzip' ? (calls++, 200_000) : undefined);
    const local = path.join(f.dir, 'never.pcap');
    try {
      await assert.rejects(downloadFile(session, { target, remotePath: '/tmp/trace.pcap', localPath: local, retryDelayMs: 10, removeRemote: true }), (e: KubeError) => {
        assert.equal(e.kind, 'transfer');
        assert.match(e.message, /could not download \/tmp\/trace\.pcap from pod calico-vpp-dataplane\/calico-vpp-node-\S+ \(container vpp\) after 3 attempts/);
        assert.match(e.message, /ended before the command finished/);
        assert.ok(e.message.includes(`kubectl --kubeconfig ${f.kubeconfig} cp -n ${NS} -c vpp ${target.pod}:/tmp/trace.pcap ${local}`), e.message);
        return true;
      });
    } finally {
      f.cluster.faults.cutStdoutAfter = undefined;
    }
    assert.equal(calls, 3);
    assert.ok(remote().read('/tmp/trace.pcap'), 'the remote file is kept for the manual copy');
    assert.equal(existsSync(local), false);
    assert.deepEqual(readdirSync(f.dir).filter((n) => n.includes('.part-')), []);
  });

  test('corrupted bytes are caught (gzip CRC / size / SHA-256) and retried', async () => {
    corruptGzip = true;
    const failures: string[] = [];
    try {
      await assert.rejects(
        downloadFile(session, { target, remotePath: '/tmp/trace.pcap', localPath: path.join(f.dir, 'bad.pcap'), retryDelayMs: 10, onAttemptFailed: (_n, w) => failures.push(w) }),
        (e: KubeError) => e.kind === 'transfer',
      );
    } finally {
      corruptGzip = false;
    }
    assert.equal(failures.length, 3);
    assert.ok(failures.every((w) => /corrupt|mismatch/.test(w)), failures.join('\n'));
  });

  test('removeRemote deletes the pod file after a verified download; a missing file is not retried', async () => {
    remote().write('/tmp/dispatch.pcap', payload.subarray(0, 1000));
    const r = await downloadFile(session, { target, remotePath: '/tmp/dispatch.pcap', localPath: path.join(f.dir, 'dispatch.pcap'), removeRemote: true });
    assert.equal(r.remoteRemoved, true);
    assert.equal(remote().read('/tmp/dispatch.pcap'), undefined);
    const before = f.cluster.requests.length;
    await assert.rejects(downloadFile(session, { target, remotePath: '/tmp/dispatch.pcap', localPath: path.join(f.dir, 'x') }), (e: KubeError) => e.kind === 'not-found' && /\/tmp\/dispatch\.pcap does not exist in pod/.test(e.message));
    // The digest is asked while the file streams: one sha256sum and one gzip -c, no retry.
    const ran = f.cluster.requests.slice(before).map((q) => new URL(q.url, 'https://x').searchParams.getAll('command')[0]).sort();
    assert.deepEqual(ran, ['gzip', 'sha256sum'], 'asked once each, not retried');
  });
});
