// The 5-tuple filter: validation (nothing that is not an address, port or known protocol gets
// through — so nothing user-typed can add VPP CLI words or shell syntax), the expression in
// calicovppctl's order, and agreement with the simulated VPP's compiler on what matches.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileFilter, matchFilter } from '../../../src/core/scenarios/vppctl';
import { applyFilterCommands, CaptureInputError, filterExpression, parseFiveTuple, removeFilterCommands, validateInterfaceName, validateNodeName } from '../../../src/node/capture/index';

describe('parseFiveTuple', () => {
  test('valid fields, expression in calicovppctl\'s order', () => {
    const f = parseFiveTuple({ srcIp: '10.0.0.1', dstIp: 'fd00::2', srcPort: '1234', dstPort: 80, protocol: 'TCP' })!;
    assert.equal(filterExpression(f), 'tcp and src host 10.0.0.1 and dst host fd00::2 and src port 1234 and dst port 80');
    assert.equal(parseFiveTuple({ srcIp: '', dstPort: null }), null);
    assert.deepEqual(applyFilterCommands('udp', 'trace'), [['set', 'bpf', 'trace', 'filter', '{{udp}}'], ['set', 'trace', 'filter', 'function', 'bpf_trace_filter']]);
    assert.deepEqual(applyFilterCommands('udp', 'dispatch')[1], ['set', 'pcap', 'filter', 'function', 'bpf_trace_filter']);
    assert.deepEqual(removeFilterCommands('both').map((c) => c.join(' ')), ['set bpf trace filter del', 'set trace filter function vnet_is_packet_traced', 'set pcap filter function vnet_is_packet_traced']);
  });

  test('bad values are refused, naming the field', () => {
    const bad: [object, RegExp][] = [
      [{ srcIp: '10.0.0.256' }, /source IP/],
      [{ dstIp: '10.0.0.1 or 1=1' }, /destination IP/],
      [{ srcIp: '10.0.0.1\nclear trace' }, /source IP/],
      [{ srcPort: '0' }, /source port/],
      [{ dstPort: '65536' }, /destination port/],
      [{ dstPort: '80 or port 22' }, /destination port/],
      [{ protocol: 'sctp' }, /protocol/],
      [{ protocol: 'icmp', dstPort: 80 }, /icmp/],
    ];
    for (const [i, re] of bad) assert.throws(() => parseFiveTuple(i), (e: unknown) => e instanceof CaptureInputError && re.test((e as Error).message), JSON.stringify(i));
  });

  test('property: random strings never pass as addresses or ports unless they are one', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const f = parseFiveTuple({ srcIp: s });
          if (f === null) return s.trim() === '';
          return f.srcIp === s.trim() && /^[0-9a-fA-F.:]+$/.test(f.srcIp);
        } catch (e) {
          return e instanceof CaptureInputError;
        }
      }),
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          const f = parseFiveTuple({ dstPort: s });
          if (f === null) return s.trim() === '';
          return String(f.dstPort) === s.trim().replace(/^0+(?=\d)/, '') && f.dstPort! >= 1 && f.dstPort! <= 65535;
        } catch (e) {
          return e instanceof CaptureInputError;
        }
      }),
    );
  });

  test('property: the expression matches exactly the packets with those fields (simulated VPP compiler)', () => {
    const ip = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 })).map(([a, b]) => `10.0.${a}.${b}`);
    const port = fc.integer({ min: 1, max: 65535 });
    const proto = fc.constantFrom('tcp', 'udp');
    fc.assert(
      fc.property(ip, ip, port, port, proto, ip, port, (src, dst, sp, dp, pr, otherIp, otherPort) => {
        const expr = compileFilter(filterExpression(parseFiveTuple({ srcIp: src, dstIp: dst, srcPort: sp, dstPort: dp, protocol: pr })!));
        if ('error' in expr) return false;
        const pkt = { protocol: pr === 'tcp' ? 6 : 17, src, dst, srcPort: sp, dstPort: dp };
        if (!matchFilter(expr, pkt)) return false;
        if (otherIp !== src && matchFilter(expr, { ...pkt, src: otherIp })) return false;
        if (otherPort !== dp && matchFilter(expr, { ...pkt, dstPort: otherPort })) return false;
        return !matchFilter(expr, { ...pkt, protocol: pr === 'tcp' ? 17 : 6 });
      }),
    );
  });
});

describe('names that reach commands', () => {
  test('node and interface names: Kubernetes and VPP spellings pass, anything else fails', () => {
    for (const ok of ['node-1', 'ip-10-0-0-1.eu-west-1.compute.internal', 'worker0']) assert.equal(validateNodeName(ok), ok);
    for (const bad of ['', 'Node-1', 'node_1', '-node', 'node 1', 'node;rm -rf /', 'a..b', 'x'.repeat(254)]) assert.throws(() => validateNodeName(bad), CaptureInputError);
    for (const ok of ['host-eth0', 'tun3', 'GigabitEthernet0/8/0', 'avf-0/0/6/0', 'vxlan_tunnel0', 'eth0.100']) assert.equal(validateInterfaceName(ok), ok);
    for (const bad of ['any thing', 'tun1\nclear trace', '../etc', '0abc', 'tun1;x', '']) assert.throws(() => validateInterfaceName(bad), CaptureInputError);
  });
});
