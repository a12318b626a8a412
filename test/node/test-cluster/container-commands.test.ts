// The test cluster's container command set and its minimal VPP engine, run directly (no network):
// coreutils-style behaviour checked against Node's own zlib and crypto.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { containerExecHandler, type ContainerRuntime } from '../../../src/server/test-cluster/container-commands';
import type { ExecTarget } from '../../../src/server/test-cluster/exec-handler';
import { MemFs } from '../../../src/server/test-cluster/memfs';
import { parseFieldSelector, parseLabelSelector } from '../../../src/server/test-cluster/selectors';
import { BasicVppEngine } from '../../../src/server/test-cluster/vppctl-engine';
import { corpusDir, corpusTracePackets } from '../../support/test-cluster/index';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function* chunks(...parts: (string | Uint8Array)[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? enc.encode(p) : p;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

async function runIn(rt: ContainerRuntime, argv: string[], stdin: AsyncIterable<Uint8Array> | null = null) {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const target: ExecTarget = { namespace: 'ns', pod: 'p', container: 'c' };
  const code = await containerExecHandler(() => rt)(target, argv, {
    stdin,
    stdout: async (c) => void out.push(c.slice()),
    stderr: async (c) => void err.push(c.slice()),
    signal: new AbortController().signal,
  });
  return { code, stdout: concat(out), text: dec.decode(concat(out)), stderr: dec.decode(concat(err)) };
}

function vppRuntime(files: Record<string, string | Uint8Array> = {}, engine = new BasicVppEngine()): ContainerRuntime {
  return { node: 'n1', fs: new MemFs(files), vpp: engine };
}

describe('container commands', () => {
  test('cat: files in order, a missing one reported and skipped, stdin without arguments', async () => {
    const rt = vppRuntime({ '/tmp/a': 'A\n', '/tmp/b': 'B\n' });
    const r = await runIn(rt, ['cat', '/tmp/a', '/tmp/missing', '/tmp/b']);
    assert.equal(r.code, 1);
    assert.equal(r.text, 'A\nB\n');
    assert.equal(r.stderr, 'cat: /tmp/missing: No such file or directory\n');
    assert.equal((await runIn(rt, ['/bin/cat'], chunks('x', 'y'))).text, 'xy');
    assert.equal((await runIn(rt, ['cat', '/tmp'])).stderr, 'cat: /tmp: Is a directory\n');
  });

  test('cat is binary-clean for any bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200_000 }), async (bytes) => {
        const r = await runIn(vppRuntime({ '/tmp/bin': bytes }), ['cat', '/tmp/bin']);
        assert.equal(r.code, 0);
        assert.deepEqual(r.stdout, bytes);
      }),
      { numRuns: 30 },
    );
  });

  test('tee: stdin to files and stdout, -a appends, missing directory fails', async () => {
    const rt = vppRuntime({ '/tmp/log': 'old\n' });
    const r = await runIn(rt, ['tee', '/tmp/new', '/tmp/x/y'], chunks('one ', 'two\n'));
    assert.equal(r.code, 1);
    assert.equal(r.text, 'one two\n');
    assert.equal(r.stderr, 'tee: /tmp/x/y: No such file or directory\n');
    assert.equal(dec.decode(rt.fs.read('/tmp/new')), 'one two\n');
    await runIn(rt, ['tee', '-a', '/tmp/log'], chunks('more\n'));
    assert.equal(dec.decode(rt.fs.read('/tmp/log')), 'old\nmore\n');
  });

  test('gzip -c, gzip -d -c and in-place gzip agree with zlib', async () => {
    const data = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251));
    const rt = vppRuntime({ '/tmp/f': data });
    const z = await runIn(rt, ['gzip', '-c', '/tmp/f']);
    assert.equal(z.code, 0);
    assert.deepEqual(new Uint8Array(gunzipSync(z.stdout)), data);
    rt.fs.write('/tmp/f.gz', gzipSync(data));
    assert.deepEqual((await runIn(rt, ['gzip', '-d', '-c', '/tmp/f.gz'])).stdout, data);
    rt.fs.remove('/tmp/f.gz');
    assert.equal((await runIn(rt, ['gzip', '/tmp/f'])).code, 0);
    assert.equal(rt.fs.read('/tmp/f'), undefined, 'gzip without -c replaces the file');
    assert.deepEqual(new Uint8Array(gunzipSync(rt.fs.read('/tmp/f.gz')!)), data);
    const bad = await runIn(rt, ['gzip', '-x', '/tmp/f.gz']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "gzip: invalid option -- 'x'\n");
    const missing = await runIn(rt, ['gzip', '-c', '/tmp/none']);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'gzip: /tmp/none: No such file or directory\n');
  });

  test('sha256sum: coreutils format, stdin as "-"', async () => {
    const rt = vppRuntime({ '/tmp/a': 'hello\n' });
    const hex = createHash('sha256').update('hello\n').digest('hex');
    assert.equal((await runIn(rt, ['sha256sum', '/tmp/a'])).text, `${hex}  /tmp/a\n`);
    assert.equal((await runIn(rt, ['sha256sum'], chunks('hello\n'))).text, `${hex}  -\n`);
    const r = await runIn(rt, ['sha256sum', '/tmp/none', '/tmp/a']);
    assert.equal(r.code, 1);
    assert.equal(r.text, `${hex}  /tmp/a\n`);
    assert.equal(r.stderr, 'sha256sum: /tmp/none: No such file or directory\n');
  });

  test('rm: -f tolerates missing files, plain rm does not, directories are refused', async () => {
    const rt = vppRuntime({ '/tmp/a': 'x', '/tmp/calicovppctl.lock': '{}' });
    assert.equal((await runIn(rt, ['rm', '-f', '/tmp/a', '/tmp/none', '/tmp/calicovppctl.lock'])).code, 0);
    assert.equal(rt.fs.read('/tmp/a'), undefined);
    assert.equal(rt.fs.read('/tmp/calicovppctl.lock'), undefined);
    const r = await runIn(rt, ['rm', '/tmp/none']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "rm: cannot remove '/tmp/none': No such file or directory\n");
    assert.equal((await runIn(rt, ['rm', '-f', '/tmp'])).code, 1);
    assert.equal((await runIn(rt, ['rm', '-f'])).code, 0);
  });

  test('no shell and nothing else: exit 127 "executable file not found"', async () => {
    const rt = vppRuntime();
    for (const argv of [['sh', '-c', 'cat /etc/passwd'], ['bash'], ['ls', '/tmp'], ['test', '-f', '/tmp/x'], ['/opt/bin/cat', '/tmp/x'], ['']]) {
      const r = await runIn(rt, argv);
      assert.equal(r.code, 127, argv.join(' '));
      assert.match(r.stderr, /executable file not found in \$PATH/);
    }
    const agent: ContainerRuntime = { node: 'n1', fs: new MemFs() };
    assert.equal((await runIn(agent, ['/usr/bin/vppctl', 'show', 'version'])).code, 127, 'no vppctl outside the vpp container');
  });

  test('vppctl: socket check, arguments joined, commands from stdin', async () => {
    const rt = vppRuntime({}, new BasicVppEngine({ version: 'v1.2.3' }));
    const ok = await runIn(rt, ['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'version']);
    assert.equal(ok.code, 0);
    assert.match(ok.text, /^vpp v1\.2\.3 built by/);
    const oneArg = await runIn(rt, ['vppctl', '-s', '/run/vpp/cli.sock', 'show version']);
    assert.equal(oneArg.text, ok.text, 'vppctl joins its arguments with spaces');
    const badSock = await runIn(rt, ['vppctl', '-s', '/tmp/nope.sock', 'show', 'version']);
    assert.equal(badSock.code, 1);
    assert.match(badSock.stderr, /No such file or directory/);
    const piped = await runIn(rt, ['vppctl', '-s', '/var/run/vpp/cli.sock'], chunks('show version\nshow frobnicate\n'));
    assert.equal(piped.text, `${ok.text}unknown input \`show frobnicate'\n`);
  });
});

describe('BasicVppEngine', () => {
  const file = 'vpp1704dev-pg-ip4-vrf-udp-forward.txt';
  const corpusText = readFileSync(path.join(corpusDir, 'trace', file), 'utf8');
  const corpusCount = corpusText.split('\n').filter((l) => /^Packet \d+$/.test(l)).length;

  test('trace buffer: empty, filled by trace add (count-limited), cleared', () => {
    const packets = corpusTracePackets(file);
    assert.equal(packets.length, corpusCount);
    const e = new BasicVppEngine({ packets });
    assert.match(e.exec('show trace').output, /No packets in trace buffer/);
    assert.equal(e.exec('trace add pg-input 3').output, '');
    const shown = e.exec('show trace').output;
    assert.equal(shown.split('\n').filter((l) => /^Packet \d+$/.test(l)).length, 3);
    assert.ok(shown.includes(packets[0]!.text), 'the first corpus packet is printed verbatim');
    assert.ok(!shown.includes(packets[3]!.text));
    e.exec('trace add pg-input 100');
    assert.equal(e.exec('sh tr').output.split('\n').filter((l) => /^Packet \d+$/.test(l)).length, corpusCount);
    assert.equal(e.exec('show trace max 2').output.split('\n').filter((l) => /^Packet \d+$/.test(l)).length, 2);
    e.exec('clear trace');
    assert.match(e.exec('show trace').output, /No packets in trace buffer/);
  });

  test('pcap trace / pcap dispatch trace: the file appears under /tmp at off', async () => {
    const bytes = new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]);
    const rt = vppRuntime({}, new BasicVppEngine({ pcap: { trace: { bytes, packets: 3 } } }));
    const vpp = (...a: string[]) => runIn(rt, ['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', ...a]);
    assert.equal((await vpp('pcap', 'trace', 'tx', 'rx', 'max', '1000', 'intfc', 'any', 'file', 'trace.pcap')).text, '');
    assert.equal(rt.fs.read('/tmp/trace.pcap'), undefined, 'nothing is written before off');
    assert.equal((await vpp('pcap', 'trace', 'off')).text, 'Write 3 packets to /tmp/trace.pcap, and stop capture...\n');
    assert.deepEqual(rt.fs.read('/tmp/trace.pcap'), bytes);
    await vpp('pcap', 'dispatch', 'trace', 'on', 'max', '100', 'buffer-trace', 'virtio-input', '100');
    assert.equal((await vpp('pcap', 'dispatch', 'trace', 'off')).text, 'No packets captured...\n');
    assert.match((await vpp('pcap', 'trace', 'rx', 'file', '../etc/x')).text, /without '\/' or '\.\.'/);
  });

  test('trace add with an unknown node, unknown commands', () => {
    const e = new BasicVppEngine();
    assert.equal(e.exec('trace add af-xdp-input 10').output, "trace add: expected NODE COUNT, got `af-xdp-input 10'\n");
    assert.equal(e.exec('show frobnicate').output, "unknown input `show frobnicate'\n");
  });
});

describe('selectors', () => {
  const labels: Record<string, string> = { app: 'web', tier: 'front' };
  const get = (k: string) => labels[k];

  test('label selectors: =, ==, !=, in, notin, exists, !exists', () => {
    const ok = (s: string) => {
      const sel = parseLabelSelector(s);
      assert.equal(typeof sel, 'function', `${s} parses`);
      return (sel as (g: typeof get) => boolean)(get);
    };
    assert.equal(ok('app=web'), true);
    assert.equal(ok('app==web,tier=front'), true);
    assert.equal(ok('app!=web'), false);
    assert.equal(ok('app in (db, web)'), true);
    assert.equal(ok('tier notin (front)'), false);
    assert.equal(ok('app,!missing'), true);
    assert.equal(ok('missing'), false);
    assert.equal(typeof parseLabelSelector('a b c'), 'string');
  });

  test('field selectors: only supported fields', () => {
    const sel = parseFieldSelector('spec.nodeName=n1,status.phase!=Failed', ['spec.nodeName', 'status.phase']);
    assert.equal(typeof sel, 'function');
    const f = sel as (g: (k: string) => string | undefined) => boolean;
    assert.equal(f((k) => (k === 'spec.nodeName' ? 'n1' : 'Running')), true);
    assert.equal(f((k) => (k === 'spec.nodeName' ? 'n2' : 'Running')), false);
    assert.equal(parseFieldSelector('spec.color=blue', ['spec.nodeName']), 'field label not supported: spec.color');
  });
});
