// The exec WebSocket protocol of the test server at the frame level, with the `ws` client and a
// raw TLS socket: channel bytes, v5 close-stdin, the v4/v5 error-channel Status, fragmentation,
// ping, protocol negotiation, masking rules, RBAC on the upgrade, and the stream-cut fault.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { BasicVppEngine } from '../../../src/server/test-cluster/vppctl-engine';
import { noOpenssl, startFixture, type ClusterFixture } from '../../support/test-cluster/index';

const NS = 'calico-vpp-dataplane';
const TOKEN = 'proto-admin-token-0123456789';

interface Session {
  protocol: string;
  frames: { channel: number; data: Buffer }[];
  closeCode: number;
}

function execUrl(f: ClusterFixture, pod: string, argv: string[], q: Record<string, string> = {}): string {
  const p = new URLSearchParams({ container: 'vpp', stdout: 'true', stderr: 'true', ...q });
  for (const a of argv) p.append('command', a);
  return `${f.cluster.url.replace('https', 'wss')}/api/v1/namespaces/${NS}/pods/${pod}/exec?${p}`;
}

function open(f: ClusterFixture, url: string, protocols: string[], token = TOKEN): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { ca: f.cluster.caPem, headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
}

function collect(ws: WebSocket): Promise<Session> {
  const frames: Session['frames'] = [];
  ws.on('message', (d: Buffer) => frames.push({ channel: d[0]!, data: d.subarray(1) }));
  return new Promise((resolve) => ws.once('close', (code) => resolve({ protocol: ws.protocol, frames, closeCode: code })));
}

const joined = (s: Session, ch: number) => Buffer.concat(s.frames.filter((x) => x.channel === ch).map((x) => x.data));

describe('exec WebSocket protocol', { skip: noOpenssl }, () => {
  let f: ClusterFixture;
  let pod: string;

  before(async () => {
    f = await startFixture(
      { nodes: [{ name: 'n1', vpp: { engine: new BasicVppEngine(), files: { '/tmp/data.bin': randomBytes(300_000) } } }] },
      { users: [{ name: 'admin', token: TOKEN }, { name: 'noexec', token: 'noexec-token-0123456789', deny: [{ verb: 'create', resource: 'pods/exec', namespace: NS }] }] },
    );
    pod = f.cluster.state.vppPodOn('n1')!.name;
  });
  after(async () => f?.stop());

  test('v5: stdin frames, then close-stream 255/0 ends stdin; Success status on channel 3', async () => {
    const ws = await open(f, execUrl(f, pod, ['tee', '/tmp/in.txt'], { stdin: 'true' }), ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    const done = collect(ws);
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('first ')]));
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('second')]));
    ws.send(Buffer.from([255, 0]));
    const s = await done;
    assert.equal(s.protocol, 'v5.channel.k8s.io');
    assert.equal(joined(s, 1).toString(), 'first second');
    assert.deepEqual(JSON.parse(joined(s, 3).toString()), { metadata: {}, status: 'Success' });
    assert.equal(s.frames.at(-1)!.channel, 3, 'the status is the last message');
    assert.equal(new TextDecoder().decode(f.cluster.state.container(NS, pod, 'vpp')!.fs.read('/tmp/in.txt')), 'first second');
  });

  test('v4: exit status on the error channel as NonZeroExitCode with an ExitCode cause', async () => {
    const ws = await open(f, execUrl(f, pod, ['cat', '/tmp/none']), ['v4.channel.k8s.io']);
    const s = await collect(ws);
    assert.equal(s.protocol, 'v4.channel.k8s.io');
    assert.equal(joined(s, 2).toString(), 'cat: /tmp/none: No such file or directory\n');
    const st = JSON.parse(joined(s, 3).toString());
    assert.equal(st.status, 'Failure');
    assert.equal(st.reason, 'NonZeroExitCode');
    assert.deepEqual(st.details.causes, [{ reason: 'ExitCode', message: '1' }]);
  });

  test('stdout arrives intact over many frames; stdout=false sends none', async () => {
    const expected = Buffer.from(f.cluster.state.container(NS, pod, 'vpp')!.fs.read('/tmp/data.bin')!);
    const s = await collect(await open(f, execUrl(f, pod, ['cat', '/tmp/data.bin']), ['v5.channel.k8s.io']));
    assert.ok(s.frames.filter((x) => x.channel === 1).length > 1);
    assert.ok(joined(s, 1).equals(expected));
    const quiet = await collect(await open(f, execUrl(f, pod, ['cat', '/tmp/data.bin'], { stdout: 'false' }), ['v5.channel.k8s.io']));
    assert.equal(joined(quiet, 1).length, 0);
    assert.equal(JSON.parse(joined(quiet, 3).toString()).status, 'Success');
  });

  test('fragmented client messages are reassembled; ping gets pong', async () => {
    const ws = await open(f, execUrl(f, pod, ['cat'], { stdin: 'true' }), ['v5.channel.k8s.io']);
    const done = collect(ws);
    const pong = new Promise<Buffer>((r) => ws.once('pong', r));
    ws.ping(Buffer.from('hello'));
    assert.equal((await pong).toString(), 'hello');
    ws.send(Buffer.from([0, 0x61, 0x62]), { fin: false });
    ws.send(Buffer.from([0x63, 0x64]), { fin: true });
    ws.send(Buffer.from([255, 0]));
    const s = await done;
    assert.equal(joined(s, 1).toString(), 'abcd');
  });

  test('negotiation: first client protocol the server supports; none → 400', async () => {
    const ws = await open(f, execUrl(f, pod, ['cat', '/tmp/none']), ['v4.channel.k8s.io', 'v5.channel.k8s.io']);
    assert.equal((await collect(ws)).protocol, 'v4.channel.k8s.io');
    await assert.rejects(open(f, execUrl(f, pod, ['cat', '/tmp/none']), ['channel.k8s.io', 'base64.channel.k8s.io']), (e: { status?: number; body?: string }) => {
      assert.equal(e.status, 400);
      assert.match(e.body ?? '', /requested protocol\(s\) are not supported/);
      return true;
    });
  });

  test('API errors before the upgrade: 401, 403 (RBAC), 404, 400 container choice', async () => {
    const fail = async (url: string, token: string, status: number, message: RegExp) =>
      assert.rejects(open(f, url, ['v5.channel.k8s.io'], token), (e: { status?: number; body?: string }) => {
        assert.equal(e.status, status);
        const st = JSON.parse(e.body ?? '{}');
        assert.equal(st.kind, 'Status');
        assert.equal(st.code, status);
        assert.match(st.message, message);
        return true;
      });
    await fail(execUrl(f, pod, ['cat']), 'wrong-token', 401, /Unauthorized/);
    await fail(execUrl(f, pod, ['cat']), 'noexec-token-0123456789', 403, /User "noexec" cannot create resource "pods\/exec" in API group "" in the namespace "calico-vpp-dataplane"/);
    await fail(execUrl(f, 'nope', ['cat']), TOKEN, 404, /pods "nope" not found/);
    await fail(execUrl(f, pod, ['cat'], { container: '' }), TOKEN, 400, /a container name must be specified for pod .*choose one of: \[vpp agent\]/);
  });

  test('unmasked client frames are a protocol error (close 1002)', async () => {
    const url = new URL(execUrl(f, pod, ['cat'], { stdin: 'true' }));
    const code = await new Promise<number>((resolve, reject) => {
      const sock = connect({ host: '127.0.0.1', port: Number(url.port), ca: f.cluster.caPem, servername: 'localhost' }, () => {
        sock.write(
          `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`,
        );
      });
      let buf = Buffer.alloc(0);
      let upgraded = false;
      sock.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (!upgraded) {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) return;
          assert.match(buf.subarray(0, end).toString(), /^HTTP\/1\.1 101 /);
          upgraded = true;
          buf = buf.subarray(end + 4);
          sock.write(Buffer.from([0x82, 0x02, 0x00, 0x41])); // FIN+binary, unmasked, 2 bytes
        }
        const i = buf.findIndex((b, k) => b === 0x88 && k + 3 < buf.length);
        if (upgraded && i >= 0) resolve(buf.readUInt16BE(i + 2));
      });
      sock.on('error', reject);
      setTimeout(() => reject(new Error('no close frame')), 5000).unref();
    });
    assert.equal(code, 1002);
  });

  test('fault injection: stdout cut after N bytes drops the connection without a status', async () => {
    f.cluster.faults.cutStdoutAfter = (_t, argv) => (argv[0] === 'cat' ? 1000 : undefined);
    try {
      const s = await collect(await open(f, execUrl(f, pod, ['cat', '/tmp/data.bin']), ['v5.channel.k8s.io']));
      assert.equal(joined(s, 1).length, 1000);
      assert.equal(joined(s, 3).length, 0, 'no status after a cut');
      assert.equal(s.closeCode, 1006);
    } finally {
      f.cluster.faults.cutStdoutAfter = undefined;
    }
  });
});
