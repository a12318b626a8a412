// The worker's session, run in Node on the embedded sample: rows, filters, groups, journeys and
// their places on the topology, checked against the simulator's ground truth.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { getScenario } from '../../src/core/scenarios';
import { sampleSession } from '../../src/renderer/workers/sample';
import { sessionFromEntries, OpenError } from '../../src/renderer/workers/load';
import type { Session } from '../../src/renderer/workers/session';
import { VERDICTS } from '../../src/renderer/workers/protocol';
import { journeyMarkdown } from '../../src/renderer/features/export/markdown';

const sample = getScenario('sample')!;
const noProgress = () => undefined;

describe('the sample session', () => {
  let s: Session;
  before(async () => {
    s = await sampleSession(noProgress);
  });

  test('one trace row per traced packet of the ground truth, with its verdict; dispatch records too', () => {
    const traceRows = s.filter('trace').indices;
    assert.equal(traceRows.length, sample.truth.length);
    const count = (v: string) => Array.from(traceRows).filter((i) => VERDICTS[s.rows.verdict[i]!] === v).length;
    for (const v of ['forwarded', 'dropped', 'punted'] as const) assert.equal(count(v), sample.truth.filter((t) => t.verdict === v).length, v);
    assert.ok(s.filter('dispatch').indices.length > 0, 'the sample has dispatch captures');
    assert.equal(s.summary().captures.length, sample.nodes.length);
  });

  test('a walkthrough packet and a guide are chosen', () => {
    const sum = s.summary();
    assert.ok(sum.sample);
    assert.ok(sum.highlight !== null && sum.highlight >= 0);
    assert.match(sum.guide ?? '', /Sample walkthrough/);
    assert.equal(sum.topology?.nodes.length, sample.nodes.length);
    assert.deepEqual(sum.topology?.nodes[0]?.pods.map((p) => p.name).sort(), sample.spec.cluster.pods.filter((p) => p.node === sample.nodes[0]).map((p) => p.name).sort());
  });

  test('filters select what the ground truth says', () => {
    const f = (t: string) => s.filter(t);
    assert.equal(f('trace drop').indices.length, sample.truth.filter((t) => t.verdict === 'dropped').length);
    assert.equal(f('trace punt').indices.length, sample.truth.filter((t) => t.verdict === 'punted').length);
    assert.equal(f('trace udp').indices.length, sample.truth.filter((t) => t.flow.protocol === 'UDP').length);
    assert.equal(f('trace nat').indices.length, sample.truth.filter((t) => t.nat.length > 0).length);
    assert.equal(f('trace node ip4-cnat-tx or trace node cnat-input-ip4').indices.length, sample.truth.filter((t) => t.path.includes('ip4-cnat-tx') || t.path.includes('cnat-input-ip4')).length);
    assert.equal(f('trace iface tun3').indices.length, sample.truth.filter((t) => t.ingress.interface === 'tun3' || t.egress?.interface === 'tun3' || t.path.some((n) => n.startsWith('tun3-'))).length);
    assert.equal(f('trace port 5432 drop').indices.length, sample.truth.filter((t) => t.verdict === 'dropped' && (t.flow.dstPort === 5432 || t.flow.srcPort === 5432)).length);
    assert.equal(f('not drop').indices.length + f('drop').indices.length, s.rows.count);
    assert.match(f('port banana').error ?? '', /not a port number/);
    assert.equal(f('port banana').indices.length, s.rows.count, 'an invalid filter leaves the list as it was');
  });

  test('paths are grouped with counts that add up', () => {
    const g = s.groups('');
    assert.equal(g.paths.reduce((a, p) => a + p.count, 0), s.rows.count);
    const unique = new Set(sample.truth.map((t) => t.path.join(' '))).size;
    const tracePaths = s.groups('trace').paths;
    assert.equal(tracePaths.length, unique, 'one group per distinct node sequence of the traces');
    assert.equal(tracePaths.reduce((a, p) => a + p.count, 0), sample.truth.length);
    const first = g.paths[0]!;
    assert.equal(s.filter('', { by: 'path', key: first.id }).indices.length, first.count);
    assert.equal(g.flows.reduce((a, f) => a + f.count, 0), s.rows.count);
  });

  test('a dropped journey: places on the topology, drop explained, next drop found', () => {
    const row = s.nextDrop(-1, 'trace');
    assert.ok(row !== null);
    const v = s.journey(row!);
    assert.equal(v.journey.verdict, 'dropped');
    assert.equal(v.places.length, v.journey.hops.length);
    const t = sample.truth.find((x) => x.node === v.node && x.thread === v.journey.thread && x.packetNumber === v.journey.number)!;
    assert.deepEqual(v.journey.hops.map((h) => h.node), t.path);
    if (t.ingress.interface?.startsWith('tun')) assert.deepEqual(v.places[0], { kind: 'tun', name: t.ingress.interface });
    assert.ok(v.path.some((p) => p.kind === 'pod'), 'the source pod is on the path');
    const last = v.places[v.places.length - 1]!;
    assert.equal(last.kind, 'vpp', 'a dropped packet ends inside VPP');
    assert.ok(v.info.every((i) => i.summary), 'every hop is explained');
    assert.equal(s.nextDrop(row!, 'trace') !== row, true);
  });

  test('the journey as Markdown: one step per hop', () => {
    const v = s.journey(0);
    const md = journeyMarkdown(v);
    assert.match(md, /^# Packet /);
    assert.equal((md.match(/^\d+\. \*\*`/gm) ?? []).length, v.journey.hops.length);
  });

  test('JSON export holds the chosen packets', () => {
    const out = JSON.parse(s.exportJson([0, 1])) as { packets: { id: string; node: string }[] };
    assert.equal(out.packets.length, 2);
    assert.equal(out.packets[0]!.node, sample.truth[0] ? out.packets[0]!.node : '');
  });

  test('trace packets have no bytes: pcap export says so; dispatch packets export their records', () => {
    const traceRows = [...s.filter('trace').indices.slice(0, 3)];
    const r = s.exportPcap(traceRows);
    assert.equal(r.count, 0);
    assert.match(r.note ?? '', /no bytes/);
    const d = [...s.filter('dispatch').indices.slice(0, 2)];
    const x = s.exportPcap(d);
    const hops = d.reduce((a, i) => a + s.rows.hops[i]!, 0);
    assert.equal(x.count, hops, 'one record per hop');
    assert.deepEqual([...x.bytes.subarray(0, 4)], x.format === 'pcap' ? [0x4d, 0x3c, 0xb2, 0xa1] : [0x0a, 0x0d, 0x0d, 0x0a]);
  });
});

describe('opening files in the worker', () => {
  test('a text file that is nothing known fails with the file and line', async () => {
    await assert.rejects(sessionFromEntries('x.txt', [{ path: 'x.txt', bytes: new TextEncoder().encode('hello\nworld\n') }], noProgress), (e: unknown) => {
      assert.ok(e instanceof OpenError);
      assert.match(e.message, /^x\.txt: not a VPP trace/);
      assert.deepEqual(e.diagnostics.map((d) => [d.input, d.line]), [['x.txt', 1]]);
      return true;
    });
  });

  test('an empty file, bad gzip and an ELF file are refused with reasons', async () => {
    await assert.rejects(sessionFromEntries('e', [{ path: 'empty.pcap', bytes: new Uint8Array() }], noProgress), /empty\.pcap: the file is empty/);
    await assert.rejects(sessionFromEntries('g', [{ path: 'bad.gz', bytes: new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]) }], noProgress), /bad\.gz: corrupt or truncated gzip/);
    await assert.rejects(sessionFromEntries('c', [{ path: 'core.1', bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]) }], noProgress), /ELF/);
  });

  test('a gzip-compressed trace opens (inflated in the worker)', async () => {
    const text = sample.render.showTrace(sample.nodes[0]!);
    const gz = new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    const s = await sessionFromEntries('trace.txt.gz', [{ path: 'trace.txt.gz', bytes: gz }], noProgress);
    assert.equal(s.rows.count, sample.truth.filter((t) => t.node === sample.nodes[0]).length);
    assert.equal(s.summary().topology?.inferred, true, 'a trace alone gives an inferred topology');
  });
});
