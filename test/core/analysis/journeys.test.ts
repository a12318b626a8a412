// Journeys from real traces: verdicts, drop reasons, ingress / egress, flows, NAT, timing, handoffs.
// Expectations are what each corpus file visibly shows (noted next to each case).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeTraceText, buildJourneys, groupFlows, groupPaths, pathId, pathVerdict } from '../../../src/core/analysis';
import { parseTrace } from '../../../src/core/trace';
import type { Journey } from '../../../src/core/model';
import { readTrace } from '../trace/corpus';

function journeys(file: string, interfaces?: Map<number, string>): Journey[] {
  return buildJourneys([parseTrace(file, readTrace(file))], { interfaces });
}

describe('verdicts and drop reasons on corpus packets', () => {
  const cases: [file: string, verdicts: string[], reasons?: (string | null)[]][] = [
    // virtio-input … tun4-output, tun4-tx: leaves on the pod's tun
    ['calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt', ['forwarded']],
    // stops after ip4-input (cut in the source)
    ['calicovpp2022-memif-input-tcp-syn-truncated.txt', ['unknown']],
    ['stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt', ['forwarded']],
    // second l2-flood copy → error-drop with the old-layout reason
    ['vpp1609-afpacket-l2-vxlan-gpe-ioam-encap-bvi-drop.txt', ['dropped'], ['l2-flood: BVI L3 mac mismatch']],
    // ip4-local → udp lookup → vxlan-gpe decap → ethernet-input: consumed by VPP's stack
    ['vpp1609-afpacket-vxlan-gpe-ioam-decap.txt', ['local']],
    ['vpp1609dev-fragment-dpdk-input-dot1q-arp-unknown-vlan.txt', ['dropped'], ['ethernet-input: unknown vlan']],
    // ARP request answered out of host-vpp1out; ping answered: the reply leaves on host-vpp1out
    ['vpp1704dev-afpacket-arp-reply-and-icmp-echo.txt', ['forwarded', 'forwarded']],
    ['vpp1704dev-pg-input-only-single-node-packets.txt', ['unknown', 'unknown', 'unknown', 'unknown', 'unknown', 'unknown']],
    [
      'vpp1704dev-pg-ip4-glean-arp-request-drops.txt',
      Array(10).fill('dropped'),
      ['ip4-glean: ARP requests sent', 'ip4-glean: address overflow drops', 'ip4-glean: ARP requests sent', 'ip4-glean: ARP requests sent', ...Array(3).fill('ip4-glean: address overflow drops'), 'ip4-glean: ARP requests sent', 'ip4-glean: address overflow drops', 'ip4-glean: address overflow drops'],
    ],
    ['vpp1704dev-pg-ip4-vrf-udp-forward.txt', Array(8).fill('forwarded')],
    ['vpp1804dev-fragment-ip6-not-enabled-drop.txt', ['dropped'], ['ethernet-input: no error']],
    [
      'vpp1807-afpacket-icmp-arp-echo-reply-unknown-type-drop.txt',
      ['forwarded', 'forwarded', 'dropped', 'dropped', 'dropped', 'dropped', 'dropped', 'forwarded'],
      [null, null, ...Array(5).fill('ip4-icmp-input: unknown type'), null],
    ],
    // new layout: error-drop rx:ipsec1, reason under drop
    ['vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt', ['dropped'], ['ip6-input: ip6 ttl <= 1']],
    ['vpp1908dev-fragment-pg-arp-disabled-drop.txt', ['dropped'], ['arp-disabled: ARP Disabled on this interface']],
    ['vpp2005dev-fragment-dpdk-input-map-t-ip4-frag-to-ip6-hop-limit-drop.txt', ['dropped'], ['ip6-input: ip6 ttl <= 1']],
    ['vpp2005dev-fragment-esp4-encrypt-tun-udp-encap-malformed.txt', ['forwarded']],
    ['vpp2202dev-fragment-ip6-mfib-rpf-drop-dhcpv6.txt', ['dropped'], ['ip6-input: drops due to concurrent reassemblies limit']],
    ['vpp2202dev-fragment-ipsec0-midchain-local0-output-drop.txt', ['dropped'], ['local0-output: interface is down']],
    ['vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt', ['forwarded']],
    ['vpp2306dev-fragment-dpdk-ip6-abf-ip4-null-garbage-80col-wrapped.txt', ['dropped'], ['dpdk-input: no error']],
    ['vpp2402dev-fragment-memif-input-arp-reply-src-is-local-drop.txt', ['dropped'], ['arp-reply: IP4 source address matches local interface']],
    ['vpp2502dev-fragment-pg-ip6-esp-ipsec6-input-feature-blackhole-drop.txt', ['dropped'], ['null-node: blackholed packets']],
    // ip6-receive → ipip6-input decap → inner ip6-input: ends in VPP's stack
    ['vpp2506dev-fragment-ipip6o6-decap-ip6.txt', ['local']],
    ['vpp2510dev-fragment-dpdk-dot1q-l2-flood-two-copies-one-record.txt', ['forwarded']],
    ['vpp25xx-fragment-af-packet-input-vnet-hdr-dot1q-unknown-vlan-drop.txt', ['dropped'], ['ethernet-input: unknown vlan']],
    // a vendor / debug node only
    ['vpp2606dev-fragment-crypto-trace-ascii-hexdump.txt', ['unknown']],
  ];
  for (const [file, verdicts, reasons] of cases) {
    test(file, () => {
      const js = journeys(file);
      assert.deepEqual(js.map((j) => j.verdict), verdicts);
      if (reasons) assert.deepEqual(js.map((j) => j.dropReason), reasons);
      for (const j of js) if (j.verdict !== 'dropped') assert.equal(j.dropReason, null);
    });
  }

  test('verdict order: drop before punt before forward before local', () => {
    assert.equal(pathVerdict(['tap-input', 'ip4-input', 'ip4-punt', 'ip4-punt-redirect', 'tap0-output', 'tap0-tx']), 'punted');
    assert.equal(pathVerdict(['tap-input', 'ip4-punt', 'error-punt', 'punt']), 'punted');
    assert.equal(pathVerdict(['dpdk-input', 'ip4-punt', 'ip4-drop', 'error-drop', 'drop']), 'dropped');
    assert.equal(pathVerdict(['dpdk-input', 'loop0-output', 'ip4-local', 'tcp4-input']), 'local');
    assert.equal(pathVerdict(['dpdk-input', 'ip4-input', 'vendor-magic']), 'unknown');
  });
});

describe('ingress, egress, flow', () => {
  test('egress from the last output node; sub-interface of the output node before tx', () => {
    assert.deepEqual(journeys('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt')[0]!.egress, { interface: 'tun4' });
    assert.deepEqual(journeys('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt')[0]!.egress, { interface: 'gbe-public-net' });
    assert.deepEqual(journeys('vpp2510dev-fragment-dpdk-dot1q-l2-flood-two-copies-one-record.txt')[0]!.egress, { interface: 'hge0/0.1002' });
    const vrf = journeys('vpp1704dev-pg-ip4-vrf-udp-forward.txt');
    assert.deepEqual(vrf.map((j) => j.egress?.interface), ['pg1', 'pg1', 'pg1', 'pg1', 'pg1', 'pg2', 'pg2', 'pg2']);
    for (const j of journeys('vpp1704dev-pg-ip4-glean-arp-request-drops.txt')) assert.equal(j.egress, null);
  });

  test('egress through show interface when the trace stops after ip4-rewrite', () => {
    const text = readTrace('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt');
    const cut = text.slice(0, text.indexOf('00:09:46:518880: tun4-output'));
    const plain = buildJourneys([parseTrace('cut', cut)])[0]!;
    assert.equal(plain.verdict, 'unknown');
    assert.equal(plain.egress, null);
    // tx_sw_if_index 6 in the rewrite line
    const mapped = buildJourneys([parseTrace('cut', cut)], { interfaces: new Map([[6, 'tun4-from-show-int']]) })[0]!;
    assert.deepEqual(mapped.egress, { interface: 'tun4-from-show-int' });
  });

  test('ingress: input node and interface (printed, from rx: before any tunnel, or through show interface)', () => {
    assert.deepEqual(journeys('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt')[0]!.ingress, { node: 'dpdk-input', interface: 'gbe-private-net' });
    assert.deepEqual(journeys('vpp25xx-fragment-af-packet-input-vnet-hdr-dot1q-unknown-vlan-drop.txt')[0]!.ingress, { node: 'af-packet-input', interface: 'eth7' });
    // rx:ipsec1 under error-drop is the decapsulated packet's interface, not where it entered
    assert.deepEqual(journeys('vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt')[0]!.ingress, { node: 'pg-input', interface: null });
    // pg-input prints sw_if_index 3
    assert.deepEqual(journeys('vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt', new Map([[3, 'pg0']]))[0]!.ingress, { node: 'pg-input', interface: 'pg0' });
    // a fragment that starts mid-graph has no ingress
    assert.equal(journeys('vpp2202dev-fragment-ip6-mfib-rpf-drop-dhcpv6.txt')[0]!.ingress, null);
  });

  test('flow 5-tuple from the first IP header', () => {
    assert.deepEqual(journeys('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt')[0]!.flow, { ipVersion: 4, protocol: 'TCP', src: '20.0.0.1', dst: '11.0.166.133', srcPort: 6443, dstPort: 34112 });
    assert.deepEqual(journeys('vpp2202dev-fragment-ip6-mfib-rpf-drop-dhcpv6.txt')[0]!.flow, { ipVersion: 6, protocol: 'UDP', src: 'fe80::b203:eaff:fe02:604', dst: 'ff02::1:2', srcPort: 546, dstPort: 547 });
    assert.equal(journeys('vpp2402dev-fragment-memif-input-arp-reply-src-is-local-drop.txt')[0]!.flow, null); // ARP only
  });
});

describe('NAT before / after', () => {
  test('cnat session line: one change at ip4-cnat-tx, not repeated at the rewrite that shows the new header', () => {
    const j = journeys('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt')[0]!;
    assert.deepEqual(j.nat, [
      {
        node: 'ip4-cnat-tx',
        before: { ipVersion: 4, protocol: 'TCP', src: '20.0.0.1', dst: '11.0.166.133', srcPort: 6443, dstPort: 34112 },
        after: { ipVersion: 4, protocol: 'TCP', src: '11.96.0.1', dst: '11.0.166.133', srcPort: 443, dstPort: 34112 },
      },
    ]);
  });

  test('nat44 in2out: the change between IP headers, given to the NAT node that made it', () => {
    const j = journeys('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt')[0]!;
    assert.equal(j.nat.length, 1);
    assert.equal(j.nat[0]!.node, 'nat44-in2out-output-slowpath');
    assert.deepEqual([j.nat[0]!.before.src, j.nat[0]!.before.srcPort, j.nat[0]!.after.src, j.nat[0]!.after.srcPort], ['192.168.1.2', 34356, '80.80.80.1', 63327]);
    assert.deepEqual([j.nat[0]!.after.dst, j.nat[0]!.after.dstPort], ['80.80.80.2', 8080]);
  });

  test('no NAT for replies, tunnels and IPsec', () => {
    assert.deepEqual(journeys('vpp1704dev-afpacket-arp-reply-and-icmp-echo.txt')[1]!.nat, []);
    assert.deepEqual(journeys('vpp1904dev-pg-ip6-ipsec-esp6-tunnel-hop-limit-icmp-error-drop.txt')[0]!.nat, []);
    assert.deepEqual(journeys('vpp2506dev-fragment-ipip6o6-decap-ip6.txt')[0]!.nat, []);
    assert.deepEqual(journeys('vpp1609-afpacket-l2-vxlan-gpe-ioam-encap-bvi-drop.txt')[0]!.nat, []);
  });

  test('new cnat format: before from the preceding IP header, after from the rewrite', () => {
    const text = [
      'Packet 1',
      '',
      '00:00:01:000001: tap-input',
      '  virtio: hw_if_index 3 next-index 1 vring 0 len 60',
      '00:00:01:000002: ip4-input',
      '  UDP: 10.0.0.5 -> 10.96.0.10',
      '    tos 0x00, ttl 64, length 60, checksum 0x1111 dscp CS0 ecn NON_ECN',
      '    fragment id 0x0001',
      '  UDP: 41234 -> 53',
      '    length 40, checksum 0x0000',
      '00:00:01:000003: cnat-lookup-ip4',
      '  new session',
      '  in:tun3 out:DELETED (4294967295) ',
      '  UDP [10.0.0.5;41234 -> 10.0.1.7;53] node:12 lbi:45 fl:0',
      '00:00:01:000004: ip4-lookup',
      '  fib 2 dpo-idx 7 flow hash: 0x00000000',
      '  UDP: 10.0.0.5 -> 10.0.1.7',
      '    tos 0x00, ttl 64, length 60, checksum 0x2222 dscp CS0 ecn NON_ECN',
      '    fragment id 0x0001',
      '  UDP: 41234 -> 53',
      '    length 40, checksum 0x0000',
      '',
    ].join('\n');
    const j = analyzeTraceText('new-cnat', text).journeys[0]!;
    assert.deepEqual(j.nat.map((n) => [n.node, n.before.dst, n.after.dst]), [['cnat-lookup-ip4', '10.96.0.10', '10.0.1.7']]);
    assert.deepEqual(j.ingress, { node: 'tap-input', interface: 'tun3' });
  });
});

describe('timing, handoffs, grouping, plain data', () => {
  test('time spent per hop (µs between consecutive hops)', () => {
    const j = journeys('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt')[0]!;
    // 518858 → 518866 → 518870 → 518873 → 518879 → 518880 → 518881
    assert.deepEqual(j.hops.map((h) => h.deltaUs), [null, 8, 4, 3, 6, 1, 1]);
    const wrap = analyzeTraceText('w', 'Packet 1\n\n23:59:59:999990: a-input\n00:00:00:000010: b-node\n\n').journeys[0]!;
    assert.equal(wrap.hops[1]!.deltaUs, 20);
  });

  test('handed-off parts are linked; the first part carries the fate, the continuation the ingress', () => {
    const js = journeys('vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt');
    const first = js.find((j) => j.id === '0:t1p3')!;
    const cont = js.find((j) => j.id === '0:t2p3')!;
    assert.equal(first.continuedBy, cont.id);
    assert.equal(cont.continues, first.id);
    assert.equal(cont.verdict, 'dropped');
    assert.equal(first.verdict, 'dropped');
    assert.equal(first.dropReason, 'handoffdemo-2: completed packets');
    assert.deepEqual(cont.ingress, { node: 'pg-input', interface: null });
  });

  test('paths with counts and flows with both directions together', () => {
    const js = journeys('vpp1704dev-pg-ip4-glean-arp-request-drops.txt');
    const paths = groupPaths(js);
    const base = ['pg-input', 'ethernet-input', 'ip4-input', 'ip4-lookup', 'ip4-glean'];
    assert.deepEqual(
      paths.map((p) => [p.nodes.join('>'), p.count]),
      [
        [[...base, 'error-drop'].join('>'), 6],
        [[...base, 'pg1-output', 'error-drop'].join('>'), 3],
        [[...base, 'pg2-output', 'error-drop'].join('>'), 1],
      ],
    );
    assert.equal(paths[0]!.id, pathId(paths[0]!.nodes));
    assert.notEqual(pathId(['a', 'b']), pathId(['ab']));
    const two = analyzeTraceText(
      'f',
      'Packet 1\n\n00:00:01:000001: pg-input\n  UDP: 1.1.1.1 -> 2.2.2.2\n  UDP: 5 -> 6\n\nPacket 2\n\n00:00:01:000002: pg-input\n  UDP: 2.2.2.2 -> 1.1.1.1\n  UDP: 6 -> 5\n\nPacket 3\n\n00:00:01:000003: pg-input\n  UDP: 1.1.1.1 -> 3.3.3.3\n  UDP: 5 -> 6\n\n',
    ).journeys;
    const flows = groupFlows(two);
    assert.equal(flows.length, 2);
    assert.equal(flows[0]!.journeyIds.length, 2);
    assert.equal(flows[0]!.flows.length, 2);
  });

  test('journeys are plain data for JSON and structuredClone (lazy hop fields included)', () => {
    const j = journeys('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt')[0]!;
    const viaJson = JSON.parse(JSON.stringify(j));
    assert.equal(viaJson.hops[0].lines[0], '  virtio: hw_if_index 2 next-index 1 vring 0 len 688');
    assert.deepEqual(viaJson.hops[0].lineNumbers, [4, 5]);
    assert.equal(viaJson.hops[3].detail.nat.after.src, '11.96.0.1');
    const cloned = structuredClone(j);
    assert.deepEqual(cloned.hops[4]!.lines, j.hops[4]!.lines);
    assert.equal(cloned.hops[4]!.detail.txInterface?.name, 'tun4');
    assert.equal(j.hops[0]!.explanation?.includes('virtio'), true);
  });
});
