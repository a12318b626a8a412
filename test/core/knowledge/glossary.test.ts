// The node glossary: coverage of the real traces, families of interface-named nodes, unknown nodes.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { explainDropReason, explainNode, hasTag, interfaceOfNode, knownNodeNames, nodeInfo, GLOSSARY } from '../../../src/core/knowledge';
import { readTrace, traceFiles } from '../trace/corpus';

/** Distinct node names of the corpus, by a regex over the header lines (not the parser). */
function corpusNodeNames(): Set<string> {
  const names = new Set<string>();
  for (const f of traceFiles()) {
    for (const line of readTrace(f).split(/\r?\n/)) {
      const m = /^\d\d:\d\d:\d\d:\d{6}: (\S+)\s*$/.exec(line);
      if (m) names.add(m[1]!);
    }
  }
  return names;
}

/** Node names of the Calico VPP glossary table (vpp-formats.md §6), with interface examples for the families. */
const COMMON = [
  'dpdk-input', 'af-packet-input', 'af_xdp-input', 'avf-input', 'rdma-input', 'vmxnet3-input', 'virtio-input', 'tap-input', 'memif-input',
  'session-queue', 'ethernet-input', 'arp-input', 'arp-reply', 'arp-proxy', 'arp-disabled', 'ip4-input', 'ip4-input-no-checksum', 'ip6-input',
  'ip4-sv-reassembly-feature', 'ip4-full-reassembly-feature', 'ip6-sv-reassembly-feature', 'ip4-lookup', 'ip6-lookup', 'lookup-ip4-dst',
  'lookup-ip6-dst', 'ip4-load-balance', 'ip6-load-balance', 'ip4-rewrite', 'ip6-rewrite', 'ip4-midchain', 'ip6-midchain', 'adj-midchain-tx',
  'ip4-arp', 'ip4-glean', 'ip6-discover-neighbor', 'ip6-glean', 'ip4-local', 'ip6-local', 'ip4-receive', 'ip6-receive', 'ip4-icmp-input',
  'ip4-icmp-echo-request', 'ip6-icmp-input', 'ip6-icmp-echo-request', 'icmp6-neighbor-solicitation', 'icmp6-neighbor-advertisement',
  'icmp6-router-solicitation', 'ip4-icmp-error', 'ip6-icmp-error', 'ip4-udp-lookup', 'ip6-udp-lookup', 'tcp4-input', 'tcp4-listen',
  'tcp4-established', 'ip4-punt', 'ip6-punt', 'ip4-punt-redirect', 'ip6-punt-redirect', 'punt-dispatch', 'error-punt', 'punt',
  'cnat-input-ip4', 'cnat-output-ip4', 'ip4-cnat-tx', 'ip6-cnat-tx', 'cnat-snat-ip4', 'cnat-snat-ip4-return', 'cnat-snat-ip4-client',
  'cnat-lookup-ip4', 'cnat-writeback-ip4', 'ip4-cnat-return', 'acl-plugin-in-ip4-fa', 'acl-plugin-out-ip4-fa', 'ip4-inacl', 'ip4-pbl-tx',
  'ip4-ttl-fixup', 'ipip4-input', 'ipip6-input', 'vxlan4-input', 'vxlan4-encap', 'ip4-vxlan-bypass', 'wg4-input', 'wg4-output-tun', 'gso-ip4',
  'interface-output', 'tun3-output', 'tap0-output', 'host-eth0-output', 'ipip0-output', 'tun3-tx', 'tap0-tx', 'host-eth0-tx',
  'GigabitEthernet0/8/0-tx', 'memif1/0-tx', 'worker-handoff', 'handoff_trace', 'ip4-drop', 'ip6-drop', 'ip4-not-enabled', 'ip6-not-enabled',
  'error-drop', 'drop', 'ip4-mfib-forward-lookup', 'ip4-options',
];

describe('glossary coverage', () => {
  test('explains at least 98% of the distinct node names of the corpus traces', () => {
    const names = [...corpusNodeNames()];
    assert.ok(names.length >= 60, `corpus has ${names.length} distinct nodes`);
    const missing = names.filter((n) => explainNode(n) === null);
    const share = (names.length - missing.length) / names.length;
    assert.ok(share >= 0.98, `covered ${(share * 100).toFixed(1)}%, missing: ${missing.join(', ')}`);
  });

  test('every node of the Calico VPP glossary table has a plain explanation', () => {
    const missing = COMMON.filter((n) => explainNode(n) === null);
    assert.deepEqual(missing, []);
    assert.ok(knownNodeNames().length >= 150);
    for (const e of GLOSSARY) {
      assert.ok(e.summary.length > 15 && e.summary.endsWith('.'), `summary of ${e.names[0]}`);
      assert.ok(e.tags.length > 0, `tags of ${e.names[0]}`);
    }
  });

  test('unknown nodes return null', () => {
    assert.equal(explainNode('totally-unknown-node'), null);
    assert.equal(nodeInfo('frobnicate'), null);
    assert.equal(nodeInfo('ip4-output'), null); // a protocol name, not an interface
  });
});

describe('families', () => {
  test('<if>-output / <if>-tx / <if>-rx name their interface', () => {
    assert.deepEqual([interfaceOfNode('tun4-output'), hasTag('tun4-output', 'output'), hasTag('tun4-output', 'interface')], ['tun4', true, true]);
    assert.match(explainNode('tun4-output')!, /pod/);
    assert.match(explainNode('tap0-tx')!, /host/);
    assert.deepEqual([interfaceOfNode('host-eth0-output'), nodeInfo('host-eth0-output')!.match], ['host-eth0', 'family']);
    assert.match(explainNode('host-eth0-output')!, /Linux interface eth0/);
    assert.equal(interfaceOfNode('GigabitEthernet0/8/0-tx'), 'GigabitEthernet0/8/0');
    assert.ok(hasTag('hge0/0-tx', 'tx'));
    assert.equal(interfaceOfNode('memif3167820124/0-tx'), 'memif3167820124/0');
    assert.equal(interfaceOfNode('eth0-rx'), 'eth0');
    assert.ok(hasTag('eth0-rx', 'rx'));
    assert.equal(interfaceOfNode('interface-12-tx-deleted'), 'DELETED (12)');
    // exact entries win over families
    assert.equal(interfaceOfNode('ip4-cnat-tx'), null);
    assert.ok(hasTag('ip4-cnat-tx', 'nat'));
    assert.ok(!hasTag('l2-output', 'interface'));
    assert.ok(!hasTag('nat44-in2out-output', 'interface'));
  });

  test('name patterns: handoff, drop, punt, cnat, nat44', () => {
    assert.ok(hasTag('nat44-ed-in2out-worker-handoff', 'handoff'));
    assert.ok(hasTag('ip4-sv-reassembly-handoff', 'handoff'));
    assert.ok(hasTag('some-feature-drop', 'drop'));
    assert.ok(hasTag('ip4-punt-socket-foo', 'punt'));
    assert.ok(hasTag('cnat-something-new-ip4', 'nat'));
    assert.ok(hasTag('nat44-ed-hairpin-new', 'nat'));
  });
});

describe('drop reasons and what to check next', () => {
  test('reasons of the corpus drops are explained', () => {
    const e = explainDropReason('ip6-input: ip6 ttl <= 1');
    assert.equal(e.node, 'ip6-input');
    assert.equal(e.reason, 'ip6 ttl <= 1');
    assert.match(e.explanation ?? '', /hop limit/);
    assert.ok(e.nextChecks.some((c) => c.includes('show errors')));
    assert.match(explainDropReason('arp-disabled: ARP Disabled on this interface').explanation ?? '', /IPv4/);
    assert.match(explainDropReason('null-node: blackholed packets').explanation ?? '', /null node/);
    assert.match(explainDropReason('local0-output: interface is down').explanation ?? '', /down/);
    assert.equal(explainDropReason('foo-node: something new').explanation, null);
  });

  test('drop and NAT nodes carry next checks', () => {
    for (const n of ['error-drop', 'drop', 'ip4-drop', 'ip4-cnat-tx', 'acl-plugin-in-ip4-fa', 'tun3-output']) {
      assert.ok((nodeInfo(n)?.nextChecks ?? []).length > 0, n);
    }
  });
});
