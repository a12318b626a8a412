// Decoder details that tshark comparisons do not cover: byte ranges, checksum verdicts, address
// text, the dispatch record's protocol decision, bounded DNS name compression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, decodeLayers, frameSummary } from '../../../src/core/decode/frame';
import { findField } from '../../../src/core/decode/common/tree';
import { ipv6At } from '../../../src/core/decode/common/address';
import { encodeDispatchRecord, dispatchMetadata } from '../../../src/core/capture/dispatch-record';
import * as B from './build';
import { A, data } from './crafted';

const icmpFrame = (bad = false) => B.eth(A.m2, A.m1, 0x0800, B.ipv4({ src: A.a, dst: A.b, proto: 1, id: 5, badChecksum: bad }, B.icmpEcho(8, 1, 2, data(8))));

test('every field names its byte range; the IPv4 source address is bytes 26-30 of an Ethernet frame', () => {
  const d = decodeFrame(icmpFrame(), 1);
  const src = findField(d.tree, 'ip.src')!;
  assert.deepEqual([src.start, src.end, src.value], [26, 30, A.a]);
  const ttl = findField(d.tree, 'ip.ttl')!;
  assert.deepEqual([ttl.start, ttl.end], [22, 23]);
  assert.deepEqual([findField(d.tree, 'icmp.seq')!.start, findField(d.tree, 'icmp.seq')!.value], [40, 2]);
  assert.equal(d.warnings.length, 0);
});

test('a wrong IPv4 header checksum is reported', () => {
  const d = decodeFrame(icmpFrame(true), 1);
  assert.match(findField(d.tree, 'ip.checksum')!.label, /INCORRECT/);
  assert.ok(d.warnings.some((w) => /checksum/.test(w)));
  assert.match(findField(decodeFrame(icmpFrame(), 1).tree, 'ip.checksum')!.label, /correct/);
});

test('IPv6 text follows RFC 5952', () => {
  const t = (s: string) => ipv6At(Uint8Array.from(B.v6(s)), 0);
  assert.equal(t('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(t('fe80::1'), 'fe80::1');
  assert.equal(t('::'), '::');
  assert.equal(t('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.equal(t('::ffff:10.0.0.1'.replace('10.0.0.1', 'a00:1')), '::ffff:10.0.0.1');
});

test('unknown link types and ethertypes keep the bytes and say "not decoded"', () => {
  const d = decodeFrame(data(20), 147);
  assert.equal(d.tree[0]!.name, 'data');
  assert.match(d.tree[0]!.label, /link type 147 not decoded/);
  const s = frameSummary(data(20), { number: 1, timeNs: '1', linkType: 147, origLen: 20 });
  assert.equal(s.protocol, null);
  const l = decodeLayers(B.eth(A.m2, A.m1, 0x88cc, data(10)), 1);
  assert.match(l.notDecoded!, /LLDP not decoded/);
});

test('dispatch record: hint, then metadata offsets, then node name, then content decide the packet', () => {
  const ip = B.ipv4({ src: A.a, dst: A.b, proto: 17, id: 1, options: [1, 1, 1, 0] }, B.udp(1, 2, data(4)));
  const rec = (node: string, hint: number, meta: string, pkt: Uint8Array) => encodeDispatchRecord({ nodeName: node, bufferIndex: 9, protocolHint: hint, metadata: meta, opaque: 'L2 offset 0, L3 offset 14, L4 offset 38\n', packet: pkt });
  const by = (node: string, hint: number, meta: string, pkt: Uint8Array) => {
    const l = decodeLayers(rec(node, hint, meta, pkt), 280).layers[0]!;
    return l.proto === 'vpp' ? [l.decidedBy, l.next] : null;
  };
  assert.deepEqual(by('anything', 2, '', ip), ['hint', 'ipv4']);
  assert.deepEqual(by('anything', 0, dispatchMetadata({ flags: ['l3_hdr_offset_valid'], currentData: 14, currentLength: ip.length }), ip), ['metadata', 'ipv4']);
  assert.deepEqual(by('ip4-lookup', 0, '', ip), ['node', 'ipv4']);
  assert.deepEqual(by('tap0-tx', 0, '', ip), ['content', 'ipv4']);
  const e = B.eth('45:00:00:00:00:01', A.m1, 0x0800, ip);
  assert.deepEqual(by('tap0-tx', 0, '', e), ['content', 'ethernet'], 'an Ethernet frame whose MAC starts with 0x45');
  const s = frameSummary(rec('tap0-tx', 0, '', e), { number: 1, timeNs: '0', linkType: 280, origLen: 0 });
  assert.equal(s.srcMac, A.m1);
  assert.equal(s.vppNode, 'tap0-tx');
});

test('dispatch record: an IP node after the rewrite (output feature) holds an Ethernet frame; the bytes decide', () => {
  const ip = B.ipv4({ src: A.a, dst: A.b, proto: 6, id: 2 }, B.tcp({ sp: 1000, dp: 443, flags: 0x02 }, new Uint8Array(0), { src: A.a, dst: A.b }));
  /** [decided by, first protocol, offset of the IPv4 header in the packet bytes] */
  const by = (node: string, pkt: Uint8Array, hint = 0) => {
    const rec = encodeDispatchRecord({ nodeName: node, bufferIndex: 3, protocolHint: hint, metadata: dispatchMetadata({ currentData: -14, currentLength: pkt.length }), packet: pkt });
    const l = decodeLayers(rec, 280).layers;
    const ip4 = l.find((x) => x.proto === 'ipv4');
    return l[0]!.proto === 'vpp' ? [l[0]!.decidedBy, l[0]!.next, ip4 ? ip4.start - (rec.length - pkt.length) : null] : null;
  };
  const e = B.eth(A.m2, A.m1, 0x0800, ip);
  for (const node of ['cnat-output-ip4', 'gso-ip4', 'acl-plugin-out-ip4-fa', 'ip4-drop']) assert.deepEqual(by(node, e), ['content', 'ethernet', 14], node);
  assert.deepEqual(by('cnat-output-ip4', B.eth(A.m2, A.m1, 0x8100, B.vlan(100, 0x0800, ip))), ['content', 'ethernet', 18], 'VLAN-tagged');
  // An IPv4 header that accounts for the whole packet stays IPv4, and a hint is authoritative.
  assert.deepEqual(by('cnat-output-ip4', ip), ['node', 'ipv4', 0]);
  assert.deepEqual(by('cnat-output-ip4', e, 1), ['hint', 'ethernet', 14]);
  // An IPv4 packet whose source address looks like an EtherType (8.0.x.x) and announces IPv4 after it.
  const odd = B.ipv4({ src: '8.0.69.1', dst: A.b, proto: 17, id: 9 }, B.udp(1, 2, new Uint8Array(4)));
  assert.deepEqual(by('ip4-lookup', odd), ['node', 'ipv4', 0]);
});

test('dispatch record: version 2 is not decoded, a missing NUL is a cut record', () => {
  const r = encodeDispatchRecord({ nodeName: 'x', bufferIndex: 1, packet: data(4), majorVersion: 2 });
  assert.match(decodeLayers(r, 280).notDecoded!, /version 2\.0 is not supported/);
  const cut = encodeDispatchRecord({ nodeName: 'ip4-input', bufferIndex: 1, metadata: 'flags: ', packet: new Uint8Array(0) }).slice(0, 14);
  const d = decodeFrame(cut, 280);
  assert.ok(d.warnings.some((w) => /cut inside string/.test(w)));
});

test('DNS name compression loops end', () => {
  const msg = B.cat(B.u16(1), B.u16(0x8180), B.u16(1), B.u16(0), B.u16(0), B.u16(0), [0xc0, 12], B.u16(1), B.u16(1));
  const f = B.eth(A.m2, A.m1, 0x0800, B.ipv4({ src: A.a, dst: A.b, proto: 17 }, B.udp(53, 9, msg)));
  const d = decodeFrame(f, 1);
  assert.ok(d.warnings.some((w) => /DNS: question 1/.test(w)));
});

test('VXLAN summary has the inner frame; IP-in-IP has the inner packet', () => {
  const inner = B.eth(A.m3, A.m1, 0x0800, B.ipv4({ src: A.c, dst: A.d, proto: 6, id: 4 }, B.tcp({ sp: 1, dp: 2, flags: 0x12 }, data(0))));
  const f = B.eth(A.m2, A.m1, 0x0800, B.ipv4({ src: A.a, dst: A.b, proto: 17 }, B.udp(5, 4789, B.vxlan(99, inner))));
  const s = frameSummary(f, { number: 1, timeNs: '0', linkType: 1, origLen: f.length });
  assert.equal(s.vxlanVni, 99);
  assert.deepEqual([s.protocol, s.dstPort, s.inner!.srcMac, s.inner!.src, s.inner!.protocol, s.inner!.tcpFlags, s.inner!.inner], ['UDP', 4789, A.m1, A.c, 'TCP', 0x12, null]);
  const ipip = B.ipv4({ src: A.a, dst: A.b, proto: 4 }, B.ipv4({ src: A.c, dst: A.d, proto: 1 }, B.icmpEcho(8, 1, 1, data(2))));
  const s2 = frameSummary(ipip, { number: 1, timeNs: '0', linkType: 101, origLen: ipip.length });
  assert.deepEqual([s2.protocol, s2.inner!.src, s2.inner!.protocol], ['IPIP', A.c, 'ICMP']);
});
