// Journeys from VPP dispatch captures: grouping by buffer index, buffer reuse, and the changes a
// node made, shown between its record and the next one (cnat before/after from real bytes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCapture, traceEntries } from '../../../src/core/analysis/dispatch';
import { writePcap } from '../../../src/core/capture/writer';
import { CNAT_BUFFER, CNAT_NODES, cnatCapture, cnatPackets, cnatRecords, CNAT_TRACE } from './cnat-capture';
import { existsSync } from 'node:fs';
import { dispatchMetadata, encodeDispatchRecord, LINKTYPE_VPP_DISPATCH } from '../../../src/core/capture/dispatch-record';
import * as B from '../decode/build';

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

// ---- synthetic records: where a buffer's walk ends, and the egress of punted packets -----------

/** Dispatch records of one buffer through `nodes` (2 µs apart), each with the packet `pkt(node)`. */
function walk(bufferIndex: number, t0Ns: bigint, nodes: string[], pkt: (node: string, k: number) => Uint8Array, error: (node: string) => number = () => 0) {
  return nodes.map((node, k) => {
    const packet = pkt(node, k);
    const data = encodeDispatchRecord({
      nodeName: node,
      bufferIndex,
      metadata: dispatchMetadata({ currentData: 0, currentLength: packet.length, error: error(node) }),
      opaque: 'sw_if_index[VLIB_RX]: 1, sw_if_index[VLIB_TX]: -1\n',
      packet,
    });
    return { data, linkType: LINKTYPE_VPP_DISPATCH, timeNs: t0Ns + BigInt(k) * 2_000n };
  });
}

const TCP = (src: string, dst: string, sp: number, dp: number, ttl = 64) => B.ipv4({ src, dst, proto: 6, id: 3, ttl }, B.tcp({ sp, dp, flags: 0x02 }, new Uint8Array(0), { src, dst }));
const ip = () => TCP('10.244.1.2', '10.244.9.9', 40000, 80);
const nodesOf = (r: ReturnType<typeof analyzeCapture>) => r.journeys.map((j) => j.hops.map((h) => h.node).join(' '));

describe('dispatch journeys: one walk per buffer until VPP frees it', () => {
  const DROP = ['ip4-input', 'ip4-lookup', 'ip4-drop', 'error-drop', 'drop'];

  test('ip4-drop → error-drop → drop is one journey; its reason is the drop record\'s error counter', () => {
    // error: is stale (3) before error-drop, and the real counter (12) at error-drop and drop.
    const r = analyzeCapture('drop.pcap', writePcap(walk(9, 1_000_000_000n, DROP, ip, (n) => (n === 'error-drop' || n === 'drop' ? 12 : 3))));
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nodesOf(r), [DROP.join(' ')]);
    const j = r.journeys[0]!;
    assert.equal(j.verdict, 'dropped');
    assert.equal(j.egress, null);
    assert.match(j.dropReason!, /^error counter 12 /);
    assert.equal(j.truncated, false);
  });

  test('the buffer index recycled after drop, or after an error-drop whose drop was not captured, is another packet', () => {
    const again = walk(9, 2_000_000_000n, ['ip4-input', 'ip4-lookup', 'ip4-rewrite', 'tun1-output', 'tun1-tx'], ip);
    const full = analyzeCapture('a.pcap', writePcap([...walk(9, 1_000_000_000n, DROP, ip), ...again]));
    assert.deepEqual(nodesOf(full), [DROP.join(' '), 'ip4-input ip4-lookup ip4-rewrite tun1-output tun1-tx']);
    const cut = analyzeCapture('b.pcap', writePcap([...walk(9, 1_000_000_000n, DROP.slice(0, 4), ip), ...again]));
    assert.deepEqual(nodesOf(cut), [DROP.slice(0, 4).join(' '), 'ip4-input ip4-lookup ip4-rewrite tun1-output tun1-tx']);
    assert.deepEqual(cut.journeys.map((j) => j.verdict), ['dropped', 'forwarded']);
    const afterIp4Drop = analyzeCapture('c.pcap', writePcap([...walk(9, 1_000_000_000n, DROP.slice(0, 3), ip), ...again]));
    assert.equal(afterIp4Drop.journeys.length, 2);
  });

  test('a punted packet leaves by the punt redirect\'s interface; local and dropped ones have no egress', () => {
    const punt = ['ip4-input', 'ip4-lookup', 'ip4-receive', 'tcp4-input', 'ip4-punt', 'ip4-punt-redirect', 'ip4-rewrite', 'tap0-output', 'tap0-tx'];
    const j = analyzeCapture('punt.pcap', writePcap(walk(5, 1_000_000_000n, punt, ip))).journeys;
    assert.equal(j.length, 1);
    assert.equal(j[0]!.verdict, 'punted');
    assert.deepEqual(j[0]!.egress, { interface: 'tap0' });
    const local = analyzeCapture('local.pcap', writePcap(walk(5, 1_000_000_000n, ['ip4-input', 'ip4-lookup', 'ip4-local', 'ip4-icmp-input'], ip))).journeys[0]!;
    assert.deepEqual([local.verdict, local.egress], ['local', null]);
  });

  test('output features after the rewrite see the Ethernet frame: the source NAT of cnat-output-ip4 is found', () => {
    const fresh = TCP('10.244.1.2', '93.184.216.34', 40000, 443, 64);
    const before = TCP('10.244.1.2', '93.184.216.34', 40000, 443, 63);
    const after = TCP('172.18.0.11', '93.184.216.34', 6345, 443, 63);
    const frame = (p: Uint8Array) => B.eth('02:42:25:02:ce:80', '02:fe:08:0f:b4:fd', 0x0800, p);
    const nodes = ['ip4-input', 'ip4-lookup', 'ip4-rewrite', 'cnat-output-ip4', 'gso-ip4', 'host-eth0-output', 'host-eth0-tx'];
    const pkt = (_: string, k: number) => (k <= 2 ? fresh : k === 3 ? frame(before) : frame(after));
    const j = analyzeCapture('snat.pcap', writePcap(walk(7, 1_000_000_000n, nodes, pkt))).journeys[0]!;
    assert.equal(j.hops[3]!.frame!.srcMac, '02:fe:08:0f:b4:fd', 'cnat-output-ip4 record read from its Ethernet header');
    assert.deepEqual(j.nat.map((n) => [n.node, n.before.src, n.before.srcPort, n.after.src, n.after.srcPort]), [['cnat-output-ip4', '10.244.1.2', 40000, '172.18.0.11', 6345]]);
    assert.deepEqual(j.hops[2]!.changes!.map((c) => c.kind), ['l2-added', 'ttl'], 'ip4-rewrite added the Ethernet header and decremented the TTL');
    assert.deepEqual(j.egress, { interface: 'host-eth0' });
  });
});
