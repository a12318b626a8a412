// Journeys from VPP dispatch captures: grouping by buffer index, buffer reuse, and the changes a
// node made, shown between its record and the next one (cnat before/after from real bytes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCapture, traceEntries } from '../../../src/core/analysis/dispatch';
import { writePcap } from '../../../src/core/capture/writer';
import { CNAT_BUFFER, CNAT_NODES, cnatCapture, cnatPackets, cnatRecords, CNAT_TRACE } from './cnat-capture';
import { existsSync } from 'node:fs';

const noCorpus = existsSync(CNAT_TRACE) ? false : `corpus file missing: ${CNAT_TRACE}`;

describe('dispatch capture of a cnat translation (real bytes)', { skip: noCorpus }, () => {
  test('the rebuilt pre-NAT header checksum equals the one VPP printed at ip4-input (0x1bc5)', () => {
    const p = cnatPackets();
    assert.equal((p.before[10]! << 8) | p.before[11]!, 0x1bc5);
  });

  test('one journey through every node, forwarded to tun4', () => {
    const r = analyzeCapture('cnat.pcap', cnatCapture());
    assert.deepEqual(r.warnings, []);
    assert.equal(r.frames.length, CNAT_NODES.length);
    assert.equal(r.journeys.length, 1);
    const j = r.journeys[0]!;
    assert.equal(j.source, 'dispatch');
    assert.deepEqual(j.hops.map((h) => h.node), CNAT_NODES);
    assert.equal(j.verdict, 'forwarded');
    assert.deepEqual(j.egress, { interface: 'tun4' });
    assert.equal(j.hops[0]!.frame!.vppBufferIndex, CNAT_BUFFER);
    assert.equal(j.hops[2]!.detail.buffer!.index, CNAT_BUFFER);
    assert.equal(j.hops[1]!.deltaUs, 2);
    assert.equal(j.hops[0]!.timestamp, '00:09:46:518866');
  });

  test('the NAT is shown as before/after between ip4-cnat-tx and the next hop, and names ip4-cnat-tx', () => {
    const j = analyzeCapture('cnat.pcap', cnatCapture()).journeys[0]!;
    assert.equal(j.nat.length, 1);
    assert.equal(j.nat[0]!.node, 'ip4-cnat-tx');
    assert.deepEqual(
      { src: j.nat[0]!.before.src, sp: j.nat[0]!.before.srcPort, dst: j.nat[0]!.before.dst, dp: j.nat[0]!.before.dstPort },
      { src: '20.0.0.1', sp: 6443, dst: '11.0.166.133', dp: 34112 },
    );
    assert.deepEqual({ src: j.nat[0]!.after.src, sp: j.nat[0]!.after.srcPort }, { src: '11.96.0.1', sp: 443 });
    const cnat = j.hops[2]!;
    assert.deepEqual(cnat.changes!.map((c) => c.kind), ['nat']);
    assert.match(cnat.changes![0]!.text, /source 20\.0\.0\.1:6443 → 11\.96\.0\.1:443/);
    // Nodes that changed nothing show no change; ip4-rewrite decremented the TTL.
    assert.deepEqual(j.hops[0]!.changes, []);
    assert.deepEqual(j.hops[1]!.changes, []);
    assert.deepEqual(j.hops[3]!.changes!.map((c) => c.text), ['TTL 64 → 63']);
    assert.equal(j.flow!.src, '20.0.0.1');
  });

  test('trace text in records gives each hop the lines its node printed', () => {
    const j = analyzeCapture('cnat.pcap', cnatCapture({ withTrace: true })).journeys[0]!;
    const cnat = j.hops.find((h) => h.node === 'ip4-cnat-tx')!;
    assert.ok(cnat.lines.some((l) => l.includes('found: session:[20.0.0.1;6443')), cnat.lines.join('\n'));
    assert.ok(j.hops.find((h) => h.node === 'ip4-input')!.lines.some((l) => l.includes('TCP: 20.0.0.1 -> 11.0.166.133')));
    assert.equal(j.hops[j.hops.length - 1]!.lines.length, 0, 'the last node never appears in any trace text');
  });

  test('a reused buffer index starts a new journey after tx; interleaved buffers stay apart', () => {
    const a = cnatRecords({ t0Ns: 1_000_000_000n });
    const b = cnatRecords({ t0Ns: 1_000_000_500n, bufferIndex: 77 });
    const c = cnatRecords({ t0Ns: 2_000_000_000n });
    const frames = [...a, ...b, ...c].sort((x, y) => Number(BigInt(x.timeNs!) - BigInt(y.timeNs!)));
    const r = analyzeCapture('reuse.pcap', writePcap(frames));
    assert.equal(r.journeys.length, 3);
    for (const j of r.journeys) assert.deepEqual(j.hops.map((h) => h.node), CNAT_NODES);
    assert.deepEqual(r.journeys.map((j) => j.hops[0]!.frame!.vppBufferIndex), [CNAT_BUFFER, 77, CNAT_BUFFER]);
    assert.deepEqual(r.journeys.map((j) => j.id), ['0:1', '0:2', '0:3']);
    assert.equal(new Set(r.journeys.map((j) => j.pathId)).size, 1);
  });

  test('traceEntries splits a record trace into node entries', () => {
    const es = traceEntries('\n00:00:01:000001: ip4-input\n  TCP: 1.1.1.1 -> 2.2.2.2\n00:00:01:000002: ip4-lookup\n  fib 0\n');
    assert.deepEqual(es.map((e) => [e.node, e.lines.length]), [['ip4-input', 1], ['ip4-lookup', 1]]);
  });
});
