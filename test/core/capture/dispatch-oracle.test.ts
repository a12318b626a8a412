// VPP dispatch captures (link type 280) written with our record encoder from real and crafted
// frames, read by us and by tshark's VPP dissector: node name, buffer index and the packet's
// fields must agree for every record.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePcap, writePcapng } from '../../../src/core/capture/writer';
import { dispatchFromEthernet } from './dispatch-build';
import { compareWithTshark, tsharkMissing } from './tshark-oracle';
import { cnatCapture, CNAT_TRACE } from '../analysis/cnat-capture';
import { craftedEthernetFrames } from '../decode/crafted';

const skip = tsharkMissing();

describe('dispatch captures: our reading agrees with tshark (vpp.* fields and the packet)', { skip: skip ?? false }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pvz-dispatch-'));
  const write = (name: string, bytes: Uint8Array) => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  test('cnat records from real bytes (truncated records, hint 2 and 0)', { skip: existsSync(CNAT_TRACE) ? false : 'corpus missing' }, () => {
    const r = compareWithTshark(write('cnat.pcap', cnatCapture({ withTrace: true })));
    assert.equal(r.frames, 6);
    assert.deepEqual(r.mismatches, []);
    assert.ok(r.summaries.every((s) => s.vppNode && s.src !== null));
    assert.ok(r.summaries[0]!.capturedLength < r.summaries[0]!.length, 'the records are truncated as VPP writes long ones');
  });

  test('records of every crafted protocol, little- and big-endian pcap, pcapng mixing 280 and Ethernet', () => {
    const eth = craftedEthernetFrames();
    const recs = dispatchFromEthernet(eth);
    assert.ok(recs.length > eth.length);
    const a = compareWithTshark(write('d-le.pcap', writePcap(recs)));
    assert.deepEqual(a.mismatches, []);
    assert.equal(a.frames, recs.length);
    const b = compareWithTshark(write('d-be.pcap', writePcap(recs, { littleEndian: false, nanosecond: true })));
    assert.deepEqual(b.mismatches, []);
    const mixed = [...recs.slice(0, 10), ...eth.slice(0, 5).map((data) => ({ data, linkType: 1, timeNs: 9_000_000_000n }))];
    const c = compareWithTshark(write('d-mixed.pcapng', writePcapng(mixed)));
    assert.deepEqual(c.mismatches, []);
    assert.equal(c.frames, 15);
    assert.ok(c.summaries.some((s) => s.vppNode === 'ip4-input') && c.summaries.some((s) => s.vppNode === null));
  });

  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
