// One packet seen by three sources — the corpus `show trace` text, a dispatch capture and a plain
// pcap of the same bytes — is matched across them, and decoys of the same flow are told apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeCapture } from '../../../src/core/analysis/dispatch';
import { matchJourneys, matchPacket } from '../../../src/core/analysis/match';
import { writePcap } from '../../../src/core/capture/writer';
import { emptyDetail, type Journey } from '../../../src/core/model/index';
import { parseTrace } from '../../../src/core/trace/index';
import { decodeHop } from '../../../src/core/trace/details/index';
import { cnatCapture, cnatPackets, CNAT_TRACE } from './cnat-capture';

const skip = existsSync(CNAT_TRACE) ? false : `corpus file missing: ${CNAT_TRACE}`;

/** The corpus trace's packet as a journey (hop details decoded by the trace module). */
function traceJourney(): Journey {
  const p = parseTrace('trace.txt', readFileSync(CNAT_TRACE, 'utf8')).packets[0]!;
  return {
    id: '1:t0p1',
    source: 'trace',
    input: 'trace.txt',
    thread: 0,
    number: 1,
    hops: p.hops.map((h) => ({ node: h.node, timestamp: h.timestamp, timeUs: h.timeUs, lines: h.lines.map((l) => l.text), lineNumbers: h.lines.map((l) => l.line), line: h.line, detail: h.lines.length ? decodeHop(h.node, h.lines) : emptyDetail(), explanation: null, deltaUs: null })),
    ingress: null,
    egress: null,
    verdict: 'forwarded',
    dropReason: null,
    flow: null,
    nat: [],
    pathId: '',
    continues: null,
    continuedBy: null,
    truncated: false,
  };
}

function plainPcap(): Journey[] {
  const p = cnatPackets();
  const decoy = p.after.slice();
  decoy[4] = 0x11; // another packet of the same flow: other IP id
  const t = 1_700_000_000_000_000_000n;
  return analyzeCapture('tun4.pcap', writePcap([
    { data: decoy, linkType: 101, timeNs: t },
    { data: p.after, linkType: 101, timeNs: t + 1000n, origLen: p.ipLength },
  ])).journeys;
}

test('trace ↔ dispatch: same packet, certain (5-tuple, IP id, checksum, time since VPP start)', { skip }, () => {
  const tr = traceJourney();
  const d = analyzeCapture('cnat.pcap', cnatCapture()).journeys;
  const m = matchPacket(tr, d);
  assert.equal(m.length, 1);
  assert.equal(m[0]!.confidence, 'certain');
  assert.ok(m[0]!.reasons.includes('same IP id 0x56fd'), m[0]!.reasons.join(', '));
  assert.ok(m[0]!.reasons.some((r) => /checksum 0x1bc5|checksum 0x2565/.test(r)));
  assert.ok(m[0]!.reasons.some((r) => /apart/.test(r)));
});

test('trace ↔ plain pcap after the NAT: matched through the post-NAT header; the decoy is not', { skip }, () => {
  const tr = traceJourney();
  const pc = plainPcap();
  const m = matchPacket(tr, pc);
  assert.equal(m.length, 1, 'the decoy with another IP id is excluded');
  assert.equal(m[0]!.journey.number, 2);
  assert.ok(m[0]!.score >= 60);
  assert.equal(m[0]!.confidence, 'likely', 'no common clock: no time evidence');
});

test('one-to-one pairing across sources', { skip }, () => {
  const d = analyzeCapture('cnat.pcap', cnatCapture()).journeys;
  const pairs = matchJourneys(d, plainPcap());
  assert.equal(pairs.length, 1);
  assert.equal(pairs[0]!.b.number, 2);
  const far = matchPacket(traceJourney(), d, { clockOffsetUs: 10_000_000 });
  assert.ok(far[0]!.score < matchPacket(traceJourney(), d)[0]!.score, 'a time far apart lowers the score');
});
