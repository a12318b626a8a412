// The CLI on captures: `analyze` reads pcap and dispatch captures (source pcap / dispatch, frame
// objects), `export-pcap` writes selected frames or journeys that tshark reads back.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../src/cli/main';
import { writePcap } from '../../src/core/capture/writer';
import { openCaptureSync } from '../../src/core/capture/open';
import { cnatRecords, CNAT_NODES, CNAT_TRACE } from '../core/analysis/cnat-capture';
import { craftedEthernetFrames } from '../core/decode/crafted';
import { compareWithTshark, tsharkMissing } from '../core/capture/tshark-oracle';

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd, signal: new AbortController().signal });
  return { code, out, err };
}

const noCorpus = existsSync(CNAT_TRACE) ? false : 'corpus missing';

describe('capture commands', { skip: noCorpus }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pvz-cli-cap-'));
  const eth = craftedEthernetFrames();
  writeFileSync(path.join(dir, 'plain.pcap'), writePcap(eth.map((data, i) => ({ data, linkType: 1, timeNs: 1_700_000_000_000_000_000n + BigInt(i) * 1000n }))));
  const two = [...cnatRecords({ t0Ns: 1_000_000_000n }), ...cnatRecords({ t0Ns: 2_000_000_000n, bufferIndex: 5 })];
  writeFileSync(path.join(dir, 'dispatch.pcap.gz'), gzipSync(writePcap(two)));

  test('analyze --json on a pcap: one packet per frame with its frame object', async () => {
    const r = await run(['analyze', 'plain.pcap', '--json'], dir);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.inputs[0].format, 'pcap');
    assert.equal(doc.packets.length, eth.length);
    const p = doc.packets[0];
    assert.equal(p.source, 'pcap');
    assert.equal(p.id, '0:1');
    assert.deepEqual(Object.keys(p.frame), ['number', 'timeNs', 'linkType', 'length', 'capturedLength', 'srcMac', 'dstMac', 'vlan', 'ipVersion', 'src', 'dst', 'ipId', 'protocol', 'srcPort', 'dstPort', 'tcpFlags', 'vxlanVni', 'inner', 'vppNode', 'vppBufferIndex']);
    assert.equal(p.frame.timeNs, '1700000000000000000');
    assert.equal(p.frame.protocol, 'ICMP');
  });

  test('analyze --json on a gzip dispatch capture: one packet per journey, each hop with its frame and changes', async () => {
    const r = await run(['analyze', 'dispatch.pcap.gz', '--json'], dir);
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out);
    assert.equal(doc.inputs[0].format, 'vpp-dispatch');
    assert.equal(doc.packets.length, 2);
    const p = doc.packets[0];
    assert.equal(p.source, 'dispatch');
    assert.deepEqual(p.hops.map((h: { node: string }) => h.node), CNAT_NODES);
    assert.equal(p.hops[2].frame.vppNode, 'ip4-cnat-tx');
    assert.equal(p.hops[2].changes[0].kind, 'nat');
    assert.equal(p.nat[0].node, 'ip4-cnat-tx');
    assert.equal(p.verdict, 'forwarded');
  });

  test('export-pcap of frames and of a dispatch journey', { skip: tsharkMissing() ?? false }, async () => {
    let r = await run(['export-pcap', 'plain.pcap', '--packets', '2,4-6', '--out', 'sel.pcap'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /wrote 4 frames to sel\.pcap \(pcap\)/);
    const sel = compareWithTshark(path.join(dir, 'sel.pcap'));
    assert.deepEqual(sel.mismatches, []);
    assert.deepEqual(sel.summaries.map((s) => s.timeNs), ['1700000000000001000', '1700000000000003000', '1700000000000004000', '1700000000000005000']);
    r = await run(['export-pcap', 'dispatch.pcap.gz', '--packets', '0:2', '--out', 'j2.pcap'], dir);
    assert.equal(r.code, 0, r.err);
    const j2 = compareWithTshark(path.join(dir, 'j2.pcap'));
    assert.deepEqual(j2.mismatches, []);
    assert.deepEqual(j2.summaries.map((s) => [s.vppNode, s.vppBufferIndex]), CNAT_NODES.map((n) => [n, 5]));
    assert.equal(openCaptureSync(new Uint8Array(readFileSync(path.join(dir, 'j2.pcap')))).index.interfaces[0]!.linkType, 280);
  });

  test('export-pcap errors: unknown packet (exit 1), bad ids and missing options (exit 2), unreadable input (exit 1)', async () => {
    let r = await run(['export-pcap', 'plain.pcap', '--packets', '999', '--out', 'x.pcap'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /no packet 999 \(the capture has \d+ frames\)/);
    r = await run(['export-pcap', 'plain.pcap', '--packets', 'abc', '--out', 'x.pcap'], dir);
    assert.equal(r.code, 2);
    r = await run(['export-pcap', 'plain.pcap', '--out', 'x.pcap'], dir);
    assert.equal(r.code, 2);
    writeFileSync(path.join(dir, 'junk.bin'), 'not a capture at all');
    r = await run(['export-pcap', 'junk.bin', '--packets', '1', '--out', 'x.pcap'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /junk\.bin at byte 0: not a pcap or pcapng file/);
    r = await run(['export-pcap', 'missing.pcap', '--packets', '1', '--out', 'x.pcap'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /missing\.pcap: no such file/);
  });

  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
