// The simulator's VPP format primitives against real output: corpus lines and hand-decoded bytes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { showIntHeader } from '../../../src/core/scenarios/hops';
import { checksum, serialize } from '../../../src/core/scenarios/packet';
import { centre, hexBytes, ip4Header, traceTimestamp, vppFloat } from '../../../src/core/scenarios/vppfmt';
import { corpusRoot } from './shapes';

const corpus = (rel: string): string | null => {
  const p = path.join(corpusRoot, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : null;
};

function bytesOf(dumpLines: string[]): Uint8Array {
  const hex = dumpLines.map((l) => /: ([0-9a-f]+)$/.exec(l)?.[1] ?? '').join('');
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

describe('VPP format primitives', () => {
  test('the show interface header is byte for byte the one VPP prints', { skip: corpus('show-int/sonic-vpp-show-int-bond-subif-mtu-columns.txt') === null ? 'corpus missing' : false }, () => {
    const real = (corpus('show-int/sonic-vpp-show-int-bond-subif-mtu-columns.txt') ?? '').split('\n')[0];
    assert.equal(showIntHeader(), real);
    assert.equal(centre('Idx', 5), ' Idx ');
    assert.equal(centre('toolongtext', 4), 'tool');
  });

  test('format_ip4_header on the bytes of a real tun4-output dump gives the values the bytes hold', () => {
    // Hand-decoded from corpus trace/calicovpp2021-…-tun4-tx-tcp.txt (the tun4-output dump).
    const b = bytesOf([
      '00000000: 450002b056fd40003f0625650b6000010b00a68501bb8540a1f93599818eb1c1',
      '00000020: 801801f620c700000101080a3f906c98fbaaba031703030277413d39b97817c1',
    ]);
    const lines = ip4Header(b, 0, 64, 2);
    assert.deepEqual(lines.slice(0, 7), [
      'TCP: 11.96.0.1 -> 11.0.166.133',
      '    tos 0x00, ttl 63, length 688, checksum 0x2565 dscp CS0 ecn NON_ECN',
      '    fragment id 0x56fd, flags DONT_FRAGMENT',
      '  TCP: 443 -> 34112',
      '    seq. 0xa1f93599 ack 0x818eb1c1',
      '    flags 0x18 PSH ACK, tcp header: 32 bytes',
      '    window 502, checksum 0x20c7',
    ]);
  });

  test('a bad IPv4 checksum is printed with the "should be" value, as VPP does', () => {
    const b = serialize({ tos: 0, ttl: 64, id: 1, df: false, src: '10.0.0.1', dst: '10.0.0.2', payload: { kind: 'udp', srcPort: 1, dstPort: 2, dataLength: 4, dataSeed: 1 } });
    const good = b[11] ?? 0;
    b[11] = good ^ 0xff;
    assert.match(ip4Header(b, 0, 64, 2)[1] ?? '', /checksum 0x[0-9a-f]{4} \(should be 0x[0-9a-f]{4}\) dscp CS0/);
  });

  test('serialised packets carry valid checksums (independent sum)', () => {
    for (const payload of [
      { kind: 'tcp' as const, srcPort: 40000, dstPort: 443, seq: 7, ack: 9, flags: 0x18, window: 512, dataLength: 33, dataSeed: 5 },
      { kind: 'udp' as const, srcPort: 5353, dstPort: 53, dataLength: 17, dataSeed: 3 },
      { kind: 'icmp' as const, type: 8, code: 0, id: 77, seq: 1, dataLength: 56, dataSeed: 9 },
    ]) {
      const b = serialize({ tos: 0, ttl: 64, id: 4242, df: true, src: '10.244.1.2', dst: '10.244.2.3', payload });
      assert.equal(checksum(b, 0, 20, 0), 0, `${payload.kind}: IP header`);
      let pseudo = 0;
      for (let i = 12; i < 20; i += 2) pseudo += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
      const l4 = b.length - 20;
      const sum = payload.kind === 'icmp' ? checksum(b, 20, b.length, 0) : checksum(b, 20, b.length, pseudo + (b[9] ?? 0) + l4);
      assert.equal(sum, 0, `${payload.kind}: L4 checksum`);
    }
  });

  test('format_hex_bytes: short form up to 32 bytes, 32 bytes per line after', () => {
    assert.deepEqual(hexBytes(Uint8Array.from([0x02, 0xfe, 0x00]), 0, 3, 2), ['02fe00']);
    const long = hexBytes(new Uint8Array(40).fill(0xab), 0, 40, 2);
    assert.equal(long.length, 2);
    assert.equal(long[0], `00000000: ${'ab'.repeat(32)}`);
    assert.equal(long[1], `  00000020: ${'ab'.repeat(8)}`);
  });

  test('trace timestamps drop the days and wrap the hours at 24; %f prints no leading zero', () => {
    assert.equal(traceTimestamp(((25 * 60 + 2) * 60 + 3) * 1e6 + 45), '01:02:03:000045');
    assert.equal(traceTimestamp(586518858), '00:09:46:518858');
    assert.equal(vppFloat(0.5), '.500000');
    assert.equal(vppFloat(24237), '24237.000000');
  });
});
