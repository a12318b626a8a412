// Decoded hop details. Expected values are read off the corpus text (or built here from bytes),
// never taken from the decoder's own output.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHop, parseTrace } from '../../../src/core/trace';
import type { HopDetail, SourceLine, TracePacket } from '../../../src/core/model';
import { readTrace } from './corpus';

function packet(file: string, i = 0): TracePacket {
  return parseTrace(file, readTrace(file)).packets[i]!;
}
function hop(p: TracePacket, node: string, nth = 0): { d: HopDetail; lines: SourceLine[] } {
  const h = p.hops.filter((x) => x.node === node)[nth];
  assert.ok(h, `no ${node} hop`);
  return { d: decodeHop(h.node, h.lines), lines: h.lines };
}
function inline(node: string, text: string): HopDetail {
  return decodeHop(node, text.split('\n').map((t, i) => ({ text: t, line: i + 10 })));
}
function field(d: HopDetail, name: string): string | undefined {
  return d.fields.find((f) => f.name === name)?.value;
}

/** Independent IPv4 header reader (DataView) for checking hex-dump decoding. */
function ip4FromHex(hex: string, offset: number) {
  const b = Buffer.from(hex.replace(/\s+/g, ''), 'hex');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ihl = (v.getUint8(offset) & 15) * 4;
  const ip = (o: number) => [0, 1, 2, 3].map((k) => v.getUint8(offset + o + k)).join('.');
  return { ttl: v.getUint8(offset + 8), proto: v.getUint8(offset + 9), src: ip(12), dst: ip(16), sport: v.getUint16(offset + ihl), dport: v.getUint16(offset + ihl + 2) };
}

describe('IP headers printed as text', () => {
  test('IPv4 + TCP (ip4-input of the Calico trace)', () => {
    const { d } = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'ip4-input');
    assert.equal(d.kind, 'ip');
    assert.equal(d.ip.length, 1);
    const h = d.ip[0]!;
    assert.deepEqual(
      [h.ipVersion, h.protocol, h.src, h.dst, h.ttl, h.length, h.checksum, h.checksumBad, h.tos],
      [4, 'TCP', '20.0.0.1', '11.0.166.133', 64, 688, '0x1bc5', false, '0x00'],
    );
    assert.deepEqual([h.fragmentId, h.fragmentOffset, h.fragmentFlags], [0x56fd, 0, ['DONT_FRAGMENT']]);
    assert.deepEqual([h.srcPort, h.dstPort], [6443, 34112]);
    assert.deepEqual([h.tcpFlags, h.tcpFlagsValue, h.seq, h.ack], [['PSH', 'ACK'], 0x18, 0xa1f93599, 0x818eb1c1]);
    assert.equal(h.line, 7);
  });

  test('TCP SYN, IPv6 UDP with hop limit, ICMP type', () => {
    const syn = hop(packet('calicovpp2022-memif-input-tcp-syn-truncated.txt'), 'ip4-input').d.ip[0]!;
    assert.deepEqual([syn.src, syn.dst, syn.srcPort, syn.dstPort, syn.tcpFlags], ['172.18.0.3', '11.0.0.173', 54390, 5555, ['SYN']]);
    const v6 = hop(packet('vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt'), 'ip6-input', 1).d.ip[0]!;
    assert.deepEqual([v6.ipVersion, v6.protocol, v6.src, v6.dst, v6.ttl, v6.length, v6.flowLabel, v6.srcPort, v6.dstPort], [6, 'UDP', '2002::99', '2002::100', 1, 60, '0x0', 4321, 1234]);
    const icmp = hop(packet('vpp1704dev-afpacket-arp-reply-and-icmp-echo.txt', 1), 'ip4-input').d.ip[0]!;
    assert.deepEqual([icmp.protocol, icmp.icmpType, icmp.icmpCode], ['ICMP', 'echo_request', null]);
    const reply = hop(packet('vpp1704dev-afpacket-arp-reply-and-icmp-echo.txt', 1), 'ip4-load-balance').d.ip[0]!;
    assert.deepEqual([reply.src, reply.dst, reply.icmpType], ['10.10.1.2', '10.10.1.1', 'echo_reply']);
  });

  test('bad checksum, fragment offset and flags, header printed with an unusual version', () => {
    const { d } = hop(packet('vpp2306dev-fragment-dpdk-ip6-abf-ip4-null-garbage-80col-wrapped.txt'), 'ip4-icmp-error');
    const h = d.ip[0]!;
    assert.deepEqual([h.src, h.dst, h.checksum, h.checksumBad], ['0.16.0.0', '0.0.0.0', '0x0db8', true]);
    assert.deepEqual([h.fragmentId, h.fragmentOffset, h.fragmentFlags], [0x40, 53760, ['MORE_FRAGMENTS']]);
    assert.equal(field(d, 'ip version'), '6');
  });

  test('IPv6 extension-header protocols and ESP', () => {
    const h = hop(packet('vpp1609-dpdk-input-ip6-hop-by-hop-ioam-mbuf.txt'), 'ip6-input').d.ip[0]!;
    assert.deepEqual([h.protocol, h.src, h.dst, h.ttl, h.length], ['IP6_HOP_BY_HOP_OPTIONS', 'db05::2', 'db06::6', 63, 160]);
    const esp = hop(packet('vpp2502dev-fragment-pg-ip6-esp-ipsec6-input-feature-blackhole-drop.txt'), 'ip6-input').d.ip[0]!;
    assert.deepEqual([esp.protocol, esp.src, esp.dst], ['IPSEC_ESP', 'fd01:1::2', 'fd01:1::1']);
  });
});

describe('Ethernet, input nodes, buffer, lookup', () => {
  test('Ethernet lines: MACs (source first), ethertype, VLAN in both layouts', () => {
    const e = hop(packet('calicovpp2022-memif-input-tcp-syn-truncated.txt'), 'ethernet-input').d.ethernet!;
    assert.deepEqual([e.ethertype, e.srcMac, e.dstMac, e.vlan], ['IP4', '02:fe:a0:37:ab:93', '02:00:00:00:00:01', null]);
    const v = hop(packet('vpp2510dev-fragment-dpdk-dot1q-l2-flood-two-copies-one-record.txt'), 'ethernet-input').d.ethernet!;
    assert.equal(v.vlan, 1000);
    const old = hop(packet('vpp1609dev-fragment-dpdk-input-dot1q-arp-unknown-vlan.txt'), 'ethernet-input').d.ethernet!;
    assert.deepEqual([old.ethertype, old.vlan], ['ARP', 100]);
  });

  test('input nodes: interface, hw/sw_if_index, queue, length', () => {
    const virtio = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'virtio-input').d;
    assert.equal(virtio.kind, 'input');
    assert.equal(virtio.rxInterface?.hwIfIndex, 2);
    assert.equal(field(virtio, 'virtio len'), '688');
    assert.equal(field(virtio, 'virtio vring'), '0');
    const memif = hop(packet('calicovpp2022-memif-input-tcp-syn-truncated.txt'), 'memif-input').d;
    assert.equal(memif.rxInterface?.hwIfIndex, 1);
    assert.equal(field(memif, 'slot ring'), '0');
    const af = hop(packet('vpp25xx-fragment-af-packet-input-vnet-hdr-dot1q-unknown-vlan-drop.txt'), 'af-packet-input').d;
    assert.equal(af.rxInterface?.hwIfIndex, 8);
    assert.equal(field(af, 'af_packet rx-queue'), '2');
    assert.equal(field(af, 'af_packet len'), '60');
    const dpdk = hop(packet('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt'), 'dpdk-input').d;
    assert.equal(dpdk.rxInterface?.name, 'gbe-private-net');
    assert.equal(field(dpdk, 'rx queue'), '0');
    assert.deepEqual(dpdk.buffer, { index: 0x9b52e, currentData: 0, length: 74, line: 3 });
    const pg = hop(packet('vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt'), 'pg-input').d;
    assert.equal(pg.rxInterface?.swIfIndex, 3);
    assert.equal(field(pg, 'length'), '100');
    const pgOld = hop(packet('vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt'), 'pg-input').d;
    assert.equal(pgOld.rxInterface?.swIfIndex, 0);
    const frame = hop(packet('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt'), 'ethernet-input').d;
    assert.deepEqual([frame.rxInterface?.hwIfIndex, frame.rxInterface?.swIfIndex], [1, 1]);
    const xdp = inline('af_xdp-input', '  af_xdp: eth1 (3) next-node ethernet-input');
    assert.deepEqual([xdp.rxInterface?.name, xdp.rxInterface?.hwIfIndex], ['eth1', 3]);
    const avf = inline('avf-input', '  avf: ens1f0v0 (2) qid 1 next-node ethernet-input flow-id 0\n    desc 0: status 0x3 error 0x0 ptype 0x18 len 60');
    assert.deepEqual([avf.rxInterface?.name, field(avf, 'avf qid')], ['ens1f0v0', '1']);
    const tapcli = inline('tapcli-rx', '  tapcli-0');
    assert.equal(tapcli.rxInterface?.name, 'tapcli-0');
  });

  test('buffer line with trace handle; lookup fib and dpo / adjacency', () => {
    const tx = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'tun4-tx').d;
    assert.deepEqual(tx.buffer, { index: 0x24cf615, currentData: 0, length: 688, line: 36 });
    assert.equal(field(tx, 'trace handle'), '0x1000000');
    const lk = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'ip4-lookup').d;
    assert.deepEqual([lk.kind, field(lk, 'fib'), field(lk, 'dpo-idx')], ['lookup', '0', '5']);
    const old = hop(packet('vpp1609-dpdk-input-ip6-hop-by-hop-ioam-mbuf.txt'), 'ip6-lookup').d;
    assert.deepEqual([field(old, 'fib'), field(old, 'adj-idx')], ['0', '15']);
    const fn = hop(packet('vpp2506dev-fragment-ipip6o6-decap-ip6.txt'), 'ip6-receive').d;
    assert.deepEqual([field(fn, 'fib'), field(fn, 'adj')], ['1', '12']);
  });
});

describe('rewrite, output and transmit', () => {
  test('ip4-rewrite on a tun: tx_sw_if_index, adjacency interface, hex dump decoded as IPv4', () => {
    const { d, lines } = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'ip4-rewrite');
    assert.equal(d.kind, 'rewrite');
    assert.deepEqual(d.txInterface, { name: 'tun4', swIfIndex: 6, line: 26 });
    const hex = lines.filter((l) => /^\s+0000/.test(l.text)).map((l) => l.text.trim().slice(10)).join('');
    const want = ip4FromHex(hex, 0);
    const h = d.ip[0]!;
    assert.deepEqual([h.src, h.dst, h.ttl, h.srcPort, h.dstPort, h.protocol], [want.src, want.dst, want.ttl, want.sport, want.dport, 'TCP']);
    assert.equal(h.src, '11.96.0.1'); // the cnat translation is visible in the rewritten packet
    assert.equal(d.ethernet, null);
  });

  test('ip4-rewrite with an Ethernet rewrite: MACs from the adjacency, IP equal to the lookup text, TTL − 1', () => {
    const p = packet('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt');
    const rw = hop(p, 'ip4-rewrite');
    const lookup = hop(p, 'ip4-lookup').d.ip[0]!;
    const h = rw.d.ip[0]!;
    assert.deepEqual([h.src, h.dst, h.srcPort, h.dstPort, h.ttl], [lookup.src, lookup.dst, lookup.srcPort, lookup.dstPort, lookup.ttl! - 1]);
    // adjacency rewrite string 080027f5da05 080027488c2f 0800: destination MAC first
    assert.deepEqual([rw.d.ethernet?.dstMac, rw.d.ethernet?.srcMac, rw.d.ethernet?.ethertype], ['08:00:27:f5:da:05', '08:00:27:48:8c:2f', 'IP4']);
    assert.deepEqual(rw.d.txInterface, { name: 'gbe-public-net', swIfIndex: 2, line: 45 });
  });

  test('a hex dump built here decodes to the fields it was built from', () => {
    // Ethernet + 802.1q + IPv6 + TCP (SYN ACK)
    const b = Buffer.alloc(18 + 40 + 20);
    Buffer.from('0a0b0c0d0e0f', 'hex').copy(b, 0);
    Buffer.from('020000000001', 'hex').copy(b, 6);
    b.writeUInt16BE(0x8100, 12);
    b.writeUInt16BE(42, 14);
    b.writeUInt16BE(0x86dd, 16);
    b.writeUInt32BE((6 << 28) | (0x2e << 20) | 0x12345, 18);
    b.writeUInt16BE(20, 22);
    b[24] = 6;
    b[25] = 17;
    Buffer.from('fd000000000000000000000000000001', 'hex').copy(b, 26);
    Buffer.from('fd0000000000000000000000000a0002', 'hex').copy(b, 42);
    b.writeUInt16BE(40000, 58);
    b.writeUInt16BE(443, 60);
    b.writeUInt32BE(0xdeadbeef, 62);
    b.writeUInt32BE(1, 66);
    b[71] = 0x12;
    const hex = b.toString('hex');
    const lines = [`  00000000: ${hex.slice(0, 64)}`, `  00000020: ${hex.slice(64, 128)}`, `  00000040: ${hex.slice(128)}`].join('\n');
    const d = inline('pg-input', `  stream x, 78 bytes\n${lines}`);
    const h = d.ip[0]!;
    assert.deepEqual([d.ethernet?.dstMac, d.ethernet?.srcMac, d.ethernet?.vlan, d.ethernet?.ethertype], ['0a:0b:0c:0d:0e:0f', '02:00:00:00:00:01', 42, 'IP6']);
    assert.deepEqual([h.ipVersion, h.protocol, h.src, h.dst, h.ttl, h.length, h.flowLabel, h.tos], [6, 'TCP', 'fd00::1', 'fd00::a:2', 17, 20, '0x12345', '0x2e']);
    assert.deepEqual([h.srcPort, h.dstPort, h.seq, h.ack, h.tcpFlags], [40000, 443, 0xdeadbeef, 1, ['SYN', 'ACK']]);
  });

  test('<if>-output and <if>-tx name the interface', () => {
    const out = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'tun4-output').d;
    assert.deepEqual([out.kind, out.txInterface?.name], ['output', 'tun4']);
    assert.equal(out.ip[0]?.src, '11.96.0.1'); // tun output hex dump decoded
    const flood = hop(packet('vpp2510dev-fragment-dpdk-dot1q-l2-flood-two-copies-one-record.txt'), 'hge0/0-output').d;
    assert.equal(flood.txInterface?.name, 'hge0/0.1002');
    assert.equal(field(flood, 'buffer flags'), '0x1018000d');
    assert.equal(flood.ip.length, 2); // one header per copy
    const dtx = hop(packet('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt'), 'gbe-public-net-tx').d;
    assert.deepEqual([dtx.kind, dtx.txInterface?.name, field(dtx, 'tx queue')], ['tx', 'gbe-public-net', '0']);
    const gone = inline('interface-7-tx-deleted', '  sw_if_index: 7 ');
    assert.equal(gone.kind, 'tx');
    const outGone = inline('tun9-output', '  sw_if_index: 12 ');
    assert.deepEqual(outGone.txInterface, { name: null, swIfIndex: 12, line: 10 });
  });
});

describe('NAT, drops, punts, tunnels, policy', () => {
  test('legacy cnat session (found: session:[…] => …) gives before → after', () => {
    const { d } = hop(packet('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'), 'ip4-cnat-tx');
    assert.equal(d.kind, 'nat');
    assert.deepEqual(d.nat?.before, { ipVersion: 4, protocol: 'TCP', src: '20.0.0.1', dst: '11.0.166.133', srcPort: 6443, dstPort: 34112 });
    assert.deepEqual(d.nat?.after, { ipVersion: 4, protocol: 'TCP', src: '11.96.0.1', dst: '11.0.166.133', srcPort: 443, dstPort: 34112 });
    assert.equal(d.nat?.line, 24);
  });

  test('legacy multi-line cnat trace with location, translation and column-0 backend lines', () => {
    const d = inline(
      'ip4-cnat-tx',
      [
        '  created session',
        '  in:tun3 out:DELETED (4294967295) ',
        '  session:[10.0.0.5;41234 -> 10.96.0.10;53, UDP] => 10.0.0.5;41234 -> 10.0.1.7;53 input lb:12 age:12.345678',
        '  translation: [3] 10.96.0.10;53 UDP lb:default fhc:0x9f(default)',
        '::;0->10.0.1.7;53',
        '  fib-entry:44',
      ].join('\n'),
    );
    assert.deepEqual(d.nat?.before, { ipVersion: 4, protocol: 'UDP', src: '10.0.0.5', dst: '10.96.0.10', srcPort: 41234, dstPort: 53 });
    assert.deepEqual(d.nat?.after.dst, '10.0.1.7');
    assert.equal(d.nat?.state, 'created session');
    assert.equal(field(d, 'cnat location'), 'input');
    assert.equal(d.rxInterface?.name, 'tun3');
    assert.equal(field(d, 'out'), 'DELETED (4294967295)');
  });

  test('new cnat format (VPP 26.06): state, slots and the applied rewrite', () => {
    const d = inline(
      'cnat-writeback-ip4',
      ['  new session', '  in:tun3 out:host-eth0 ', '    last_seen:1234 lifetime:30 ref:1', '    [ in ] UDP [10.0.0.5;41234 -> 10.0.1.7;53] node:12 lbi:45 fl:0', '  UDP [10.0.0.5;41234 -> 10.0.1.7;53] node:12 lbi:45 fl:0'].join('\n'),
    );
    assert.equal(d.nat, null);
    assert.deepEqual(d.natRewrite?.after, { ipVersion: 4, protocol: 'UDP', src: '10.0.0.5', dst: '10.0.1.7', srcPort: 41234, dstPort: 53 });
    assert.equal(d.natRewrite?.state, 'new session');
    assert.equal(field(d, 'cnat rewrite [in]'), 'UDP 10.0.0.5;41234 -> 10.0.1.7;53');
  });

  test('nat44 trace lines', () => {
    const d = hop(packet('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt'), 'nat44-in2out-output-slowpath').d;
    assert.deepEqual([d.kind, field(d, 'nat path'), field(d, 'nat session')], ['nat', 'NAT44_IN2OUT_SLOW_PATH', '0']);
  });

  test('drop reason, old layout (reason under error-drop) and new layout (rx: under error-drop, reason under drop)', () => {
    const text = readTrace('vpp1807-afpacket-icmp-arp-echo-reply-unknown-type-drop.txt');
    const reasonLine = text.split('\n').indexOf('ip4-icmp-input: unknown type') + 1;
    const old = hop(packet('vpp1807-afpacket-icmp-arp-echo-reply-unknown-type-drop.txt', 2), 'error-drop').d;
    assert.equal(old.kind, 'drop');
    assert.deepEqual(old.reason, { text: 'ip4-icmp-input: unknown type', line: reasonLine });
    const p = packet('vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt');
    const ed = hop(p, 'error-drop').d;
    assert.equal(ed.reason, null);
    assert.equal(ed.rxInterface?.name, 'ipsec1');
    assert.deepEqual(hop(p, 'drop').d.reason, { text: 'ip6-input: ip6 ttl <= 1', line: 67 });
    const catchup = inline('error-drop', '  IP4: 10.0.0.1 -> 10.0.0.2');
    assert.equal(catchup.reason, null);
    assert.equal(catchup.ip[0]?.src, '10.0.0.1');
  });

  test('punt nodes', () => {
    const pr = inline('ip4-punt-redirect', '  via redirect:3');
    assert.deepEqual([pr.kind, field(pr, 'punt redirect')], ['punt', '3']);
    const pd = inline('punt-dispatch', '  reason: [7] ipsec4-spi-0');
    assert.equal(field(pd, 'punt reason'), '[7] ipsec4-spi-0');
    const ep = inline('error-punt', '  rx:tap0');
    assert.equal(ep.rxInterface?.name, 'tap0');
    const pu = inline('punt', '  ip4-udp-lookup: No listener for dst port');
    assert.equal(pu.reason?.text, 'ip4-udp-lookup: No listener for dst port');
  });

  test('tunnel encap / decap lines: IPIP, VXLAN, GRE, WireGuard, IPsec', () => {
    const ipip = hop(packet('vpp2506dev-fragment-ipip6o6-decap-ip6.txt'), 'ipip6-input').d;
    assert.deepEqual([ipip.kind, field(ipip, 'ipip tunnel'), field(ipip, 'tunnel src'), field(ipip, 'tunnel dst')], ['tunnel', '2', '2001:2::2', '2001:1::2']);
    const vx = inline('vxlan4-input', '  VXLAN decap from vxlan_tunnel0 vni 10 next 1 error 0');
    assert.deepEqual([field(vx, 'vxlan tunnel'), field(vx, 'vni'), field(vx, 'tunnel')], ['0', '10', 'decap']);
    const vxe = inline('vxlan4-encap', '  VXLAN encap to vxlan_tunnel2 vni 13');
    assert.deepEqual([field(vxe, 'vxlan tunnel'), field(vxe, 'tunnel')], ['2', 'encap']);
    const gre = inline('gre4-input', '  GRE: tunnel 1 len 120 src 192.168.0.1 dst 192.168.0.2');
    assert.deepEqual([field(gre, 'gre tunnel'), field(gre, 'tunnel dst')], ['1', '192.168.0.2']);
    const wg = inline('wg4-input', '  Wireguard input: \n    Type: data\n    Peer: 0\n    Length: 96\n    Keepalive: false');
    assert.deepEqual([wg.kind, field(wg, 'wireguard type'), field(wg, 'wireguard peer')], ['tunnel', 'data', '0']);
    const esp = hop(packet('vpp2005dev-fragment-esp4-encrypt-tun-udp-encap-malformed.txt'), 'esp4-encrypt-tun').d;
    assert.deepEqual([field(esp, 'esp sa-index'), field(esp, 'esp spi'), field(esp, 'crypto')], ['3', '3464048590', undefined]);
    assert.equal(field(esp, 'crypto crypto'), 'aes-gcm-128');
    const spd = hop(packet('vpp2502dev-fragment-pg-ip6-esp-ipsec6-input-feature-blackhole-drop.txt'), 'ipsec6-input-feature').d;
    assert.deepEqual([field(spd, 'ipsec spi'), field(spd, 'ipsec policy')], ['3001', '-1']);
  });

  test('ARP, handoff, ACL policy', () => {
    const arp = hop(packet('vpp2402dev-fragment-memif-input-arp-reply-src-is-local-drop.txt'), 'arp-input').d;
    assert.deepEqual([arp.kind, field(arp, 'arp'), field(arp, 'arp sender'), field(arp, 'arp target')], ['arp', 'request', '02:fe:45:0a:b6:b5/192.168.1.2', '00:00:00:00:00:00/192.168.1.1']);
    const ho = hop(packet('vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt', 5), 'handoff_trace').d;
    assert.deepEqual([ho.kind, field(ho, 'from thread'), field(ho, 'trace index')], ['handoff', '1', '0']);
    const acl = inline(
      'acl-plugin-in-ip4-fa',
      '  acl-plugin: lc_index: 1, sw_if_index 5, next index 0, action: 0, match: acl 3 rule 1 trace_bits 0x00000000\n  pkt info 0000000000000000 0500000a00000000 0000000000000000 0b0000ab00000000 0035a1b000110005 0300000000000000\n   lc_index 1 l3 ip4 10.0.0.5 -> 171.0.0.11 l4 lsb_of_sw_if_index 5 proto 17 l4_is_input 1 l4_slow_path 0 l4_flags 0x01 port 41393 -> 53 tcp flags (invalid) 00 rsvd 0',
    );
    assert.deepEqual(acl.policy, { action: 'deny', acl: 3, rule: 1, line: 10 });
    assert.equal(acl.kind, 'policy');
  });

  test('unknown lines stay unrepresented, and decoding never throws on odd input', () => {
    const d = inline('crypto-trace', '  00000: 00 00 07 d0 00 00 00 01                         [........]\n  AAD');
    assert.deepEqual([d.ip.length, d.nat, d.reason], [0, null, null]);
    for (const junk of ['', ' ', 'TCP: 1.2.3.4 ->', 'IP4: zz:zz -> 1', '00000000: 4', 'session:[;; -> ;, ] =>', 'tx_sw_if_index x', '[ in ] [', 'fib x dpo-idx']) {
      assert.doesNotThrow(() => inline('ip4-rewrite', junk));
      assert.doesNotThrow(() => inline('error-drop', junk));
    }
  });
});

describe('facts mode', () => {
  test('decodeHopFacts gives the same journey facts as decodeHop on every corpus hop', async () => {
    const { decodeHopFacts } = await import('../../../src/core/trace');
    const { traceFiles } = await import('./corpus');
    let hops = 0;
    for (const f of traceFiles()) {
      for (const p of parseTrace(f, readTrace(f)).packets) {
        for (const h of p.hops) {
          const full = decodeHop(h.node, h.lines);
          const facts = decodeHopFacts(h);
          const ip = (d: HopDetail) => (d.ip[0] ? [d.ip[0].protocol, d.ip[0].src, d.ip[0].dst, d.ip[0].srcPort, d.ip[0].dstPort] : null);
          assert.deepEqual(ip(facts), ip(full), `${f} ${h.node} ip`);
          assert.deepEqual([facts.nat, facts.natRewrite, facts.txInterface, facts.rxInterface, facts.reason, facts.kind], [full.nat, full.natRewrite, full.txInterface, full.rxInterface, full.reason, full.kind], `${f} ${h.node}`);
          hops++;
        }
      }
    }
    assert.ok(hops > 300);
  });
});

describe('address recognition', async () => {
  const { isIp4, isIp6, isMac, ip6FromBytes } = await import('../../../src/core/trace/details/addr');
  test('IPv4, IPv6 and MAC text', () => {
    for (const a of ['0.0.0.0', '10.255.30.100', '255.255.255.255']) assert.ok(isIp4(a), a);
    for (const a of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01234.1.1.1', 'a.b.c.d', '']) assert.ok(!isIp4(a), a);
    for (const a of ['::', '::1', '1::', '2001:db8::1', 'fe80::b203:eaff:fe02:604', 'ff02::1:2', '2001:db8:ffff:0:a:ff1e:6400:0', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4'])
      assert.ok(isIp6(a), a);
    for (const a of ['1', ':1', '1:', '1:::2', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::1', 'g::1', '02:fe:a0:37:ab:93', '1:2:3:4:5:6:7']) assert.ok(!isIp6(a), a);
    assert.ok(isMac('02:fe:a0:37:ab:93') && isMac('02fe.a037.ab93') && !isMac('02:fe:a0:37:ab'));
  });
  test('IPv6 printed from bytes like VPP (first longest zero run of ≥ 2 groups compressed)', () => {
    const b = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
    assert.equal(ip6FromBytes(b('20010db8ffff0000000aff1e64000000'), 0), '2001:db8:ffff:0:a:ff1e:6400:0');
    assert.equal(ip6FromBytes(b('20010db8000000000000000000000001'), 0), '2001:db8::1');
    assert.equal(ip6FromBytes(b('00000000000000000000000000000000'), 0), '::');
    assert.equal(ip6FromBytes(b('20010000000000010000000000000001'), 0), '2001:0:0:1::1'); // the longest run
    assert.equal(ip6FromBytes(b('20010000000000010000000000010001'), 0), '2001::1:0:0:1:1'); // a tie: the first
  });
});

describe('cnat ICMP sessions', () => {
  test('ICMP sessions are keyed by the echo id, not ports: flows get null ports', () => {
    const d = decodeHop('cnat-snat-ip4', [{ text: '  session:[10.0.0.5;4242 -> 93.184.216.34;4242, ICMP] => 172.18.0.11;4242 -> 93.184.216.34;4242 output lb:-1 age:1.5', line: 1 }]);
    assert.deepEqual(d.nat?.before, { ipVersion: 4, protocol: 'ICMP', src: '10.0.0.5', dst: '93.184.216.34', srcPort: null, dstPort: null });
    assert.equal(d.nat?.after.src, '172.18.0.11');
  });
});
