// `vpp-pathviz analyze`: the built CLI run as a user would, JSON shape checked field by field, and
// the exit statuses (1 unreadable input, 2 usage).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { corpusDir, repoRoot, traceDir } from '../core/trace/corpus';
import { ensureBuilt } from '../support/build';

const bin = path.join(repoRoot, 'bin', 'vpp-pathviz');
let tmp = '';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'analyze-test-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const VERDICTS = ['forwarded', 'dropped', 'punted', 'local', 'unknown'];
const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isStrOrNull = (v: unknown) => v === null || typeof v === 'string';
const isIntOrNull = (v: unknown) => v === null || isInt(v);

function checkFlow(f: unknown, where: string): void {
  assert.equal(typeof f, 'object', where);
  const o = f as Record<string, unknown>;
  assert.ok(o.ipVersion === 4 || o.ipVersion === 6, `${where}.ipVersion`);
  for (const k of ['protocol', 'src', 'dst']) assert.equal(typeof o[k], 'string', `${where}.${k}`);
  assert.ok(isIntOrNull(o.srcPort) && isIntOrNull(o.dstPort), `${where} ports`);
}

/** Validates the documented JSON shape, field by field. */
function checkShape(doc: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(doc).slice(0, 4), ['inputs', 'packets', 'paths', 'warnings']);
  const inputs = doc.inputs as Record<string, unknown>[];
  assert.ok(Array.isArray(inputs) && inputs.length > 0);
  for (const i of inputs) {
    assert.equal(typeof i.path, 'string');
    assert.equal(i.format, 'vpp-trace');
  }
  const paths = doc.paths as Record<string, unknown>[];
  const pathIds = new Set<string>();
  for (const p of paths) {
    assert.equal(typeof p.id, 'string');
    assert.ok(Array.isArray(p.nodes) && (p.nodes as unknown[]).every((n) => typeof n === 'string'));
    assert.ok(isInt(p.count) && (p.count as number) > 0);
    pathIds.add(p.id as string);
  }
  const packets = doc.packets as Record<string, unknown>[];
  assert.equal(paths.reduce((n, p) => n + (p.count as number), 0), packets.length);
  for (const [k, p] of packets.entries()) {
    const at = `packets[${k}]`;
    assert.equal(typeof p.id, 'string', `${at}.id`);
    assert.equal(p.source, 'trace');
    assert.equal(typeof p.input, 'string');
    assert.ok(isIntOrNull(p.thread) && isIntOrNull(p.number), `${at} thread/number`);
    assert.ok(Array.isArray(p.hops));
    for (const h of p.hops as Record<string, unknown>[]) {
      assert.equal(typeof h.node, 'string');
      assert.ok(isStrOrNull(h.timestamp));
      assert.ok(h.timeUs === null || typeof h.timeUs === 'number');
      assert.ok(Array.isArray(h.lines) && (h.lines as unknown[]).every((l) => typeof l === 'string'));
      assert.ok(isStrOrNull(h.explanation));
    }
    if (p.ingress !== null) {
      const i = p.ingress as Record<string, unknown>;
      assert.equal(typeof i.node, 'string');
      assert.ok(isStrOrNull(i.interface));
    }
    if (p.egress !== null) assert.equal(typeof (p.egress as Record<string, unknown>).interface, 'string');
    assert.ok(VERDICTS.includes(p.verdict as string), `${at}.verdict`);
    assert.ok(isStrOrNull(p.dropReason));
    if (p.flow !== null) checkFlow(p.flow, `${at}.flow`);
    assert.ok(Array.isArray(p.nat));
    for (const n of p.nat as Record<string, unknown>[]) {
      assert.equal(typeof n.node, 'string');
      checkFlow(n.before, `${at}.nat.before`);
      checkFlow(n.after, `${at}.nat.after`);
    }
    assert.ok(pathIds.has(p.pathId as string), `${at}.pathId is listed in paths`);
  }
  for (const w of doc.warnings as Record<string, unknown>[]) {
    assert.equal(typeof w.input, 'string');
    assert.ok(isIntOrNull(w.line) && isIntOrNull(w.offset));
    assert.equal(typeof w.message, 'string');
  }
}

describe('analyze --json', () => {
  test('a corpus trace: documented shape and the packets the file shows', () => {
    const file = path.join(traceDir, 'vpp1704dev-pg-ip4-glean-arp-request-drops.txt');
    const r = run(['analyze', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    checkShape(doc);
    const text = readFileSync(file, 'utf8');
    assert.equal(doc.packets.length, text.split('\n').filter((l) => /^Packet \d+$/.test(l)).length);
    assert.ok(doc.packets.every((p: { verdict: string }) => p.verdict === 'dropped'));
    assert.equal(doc.packets[0].hops[0].node, 'pg-input');
    assert.equal(doc.packets[0].hops[0].lines[0], '  stream pcap1, 508 bytes');
    assert.equal(doc.packets[0].dropReason, 'ip4-glean: ARP requests sent');
  });

  test('several inputs, NAT, handoffs and warnings keep the shape', () => {
    const files = [
      'calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt',
      'vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt',
      'vpp2202dev-fragment-ipsec0-midchain-local0-output-drop.txt',
    ].map((f) => path.join(traceDir, f));
    const r = run(['analyze', ...files, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    checkShape(doc);
    assert.equal(doc.inputs.length, 3);
    assert.equal(doc.packets[0].nat[0].after.src, '11.96.0.1');
    assert.ok(doc.packets.some((p: { id: string }) => p.id.startsWith('1:t2p')));
    assert.ok(doc.packets.some((p: { id: string }) => p.id.startsWith('2:')));
    assert.equal(doc.warnings.length, 1);
    assert.equal(doc.warnings[0].line, 1);
  });

  test('gzip input is read transparently; --interfaces names interfaces', () => {
    const src = path.join(traceDir, 'vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt');
    const gz = path.join(tmp, 'trace.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(src)));
    const ints = path.join(corpusDir, 'show-int', 'vpp2110-show-int-memif-tap-testbench.txt');
    const r = run(['analyze', gz, '--json', '--interfaces', ints]);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    checkShape(doc);
    assert.equal(doc.packets.length, 1);
    assert.equal(doc.packets[0].verdict, 'forwarded');
    // pg-input prints sw_if_index 3; that show interface has no index 3, so it stays unnamed
    assert.equal(doc.packets[0].ingress.interface, null);
  });
});

describe('analyze summary', () => {
  test('plain text summary: packets, verdicts, drops by reason, paths, flows', () => {
    const r = run(['analyze', path.join(traceDir, 'vpp1807-afpacket-icmp-arp-echo-reply-unknown-type-drop.txt')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Packets: 8$/m);
    assert.match(r.stdout, /^Verdicts: forwarded 3, dropped 5, punted 0, local 0, unknown 0$/m);
    assert.match(r.stdout, /^\s+5\s+ip4-icmp-input: unknown type$/m);
    assert.match(r.stdout, /Paths \(3 unique\)/);
    assert.match(r.stdout, /Top flows/);
  });
});

describe('exit statuses', () => {
  test('1: missing, empty, binary and non-trace inputs, naming the file and why', () => {
    const missing = run(['analyze', path.join(tmp, 'nope.txt')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.txt: no such file/);
    const empty = path.join(tmp, 'empty.txt');
    writeFileSync(empty, '');
    const e = run(['analyze', empty, '--json']);
    assert.equal(e.status, 1);
    assert.match(e.stderr, /empty\.txt: empty file/);
    assert.equal(e.stdout, '');
    const bin2 = path.join(tmp, 'blob.bin');
    writeFileSync(bin2, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0, 0, 0]));
    const b = run(['analyze', bin2]);
    assert.equal(b.status, 1);
    assert.match(b.stderr, /blob\.bin: binary data/);
    const notTrace = run(['analyze', path.join(corpusDir, 'show-int', 'vpp2110-show-int-memif-tap-testbench.txt')]);
    assert.equal(notTrace.status, 1);
    assert.match(notTrace.stderr, /not a recognised input/);
    const badInts = run(['analyze', path.join(traceDir, 'vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt'), '--interfaces', path.join(tmp, 'none.txt')]);
    assert.equal(badInts.status, 1);
    assert.match(badInts.stderr, /none\.txt/);
  });

  test('2: usage errors', () => {
    const bad = run(['analyze', path.join(traceDir, 'vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt'), '--bogus']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --bogus/);
    assert.equal(run(['analyze']).status, 2);
    assert.equal(run(['analyze', '--interfaces']).status, 2);
  });
});
