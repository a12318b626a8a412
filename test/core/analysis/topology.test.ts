// Topology: uplink and driver, host tap, tun → pod with evidence and confidence, tunnels and peers,
// services from cnat; the policy explanation down to the rule; the `analyze --json` bundle summary.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeTraceText } from '../../../src/core/analysis/index';
import { buildTopology, type NodeTopology } from '../../../src/core/analysis/topology';
import { explainPolicyDrop } from '../../../src/core/analysis/topology-policy';
import { bundleSummaryJson } from '../../../src/core/analysis/topology-summary';
import { trafficFromJourneys } from '../../../src/core/analysis/topology-traffic';
import { openBundle, type Bundle } from '../../../src/core/bundle/index';
import { scenarios } from '../../../src/core/scenarios/index';
import { splitLines } from '../../../src/core/vpp-state/text';
import { NODE_A, NODE_B, PODS, TUNS, VPP_IMAGE, exportFiles, getPods, key, type Layout } from '../bundle/fixture';

const enc = new TextEncoder();
const fromFiles = (files: Record<string, string>): Bundle => openBundle(Object.entries(files).map(([path, t]) => ({ path, bytes: enc.encode(t) })), { source: 'folder' });
const lineOf = (text: string, needle: string) => splitLines(text).findIndex((l) => l.includes(needle)) + 1;

function node(t: { nodes: NodeTopology[] }, name: string): NodeTopology {
  return t.nodes.find((n) => n.name === name)!;
}

for (const layout of ['bash', 'go'] as Layout[]) {
  describe(`topology of the ${layout} export`, () => {
    const files = exportFiles({ layout });
    const b = fromFiles(files);
    const t = buildTopology(b);
    test('every tun is mapped to its pod with high confidence and line-exact evidence', () => {
      for (const n of [NODE_A, NODE_B]) {
        const nt = node(t, n);
        assert.deepEqual(nt.tuns.map((x) => x.interface), TUNS[n]!.map((x) => x.tun));
        for (const want of TUNS[n]!) {
          const got = nt.tuns.find((x) => x.interface === want.tun)!;
          const pod = PODS.find((p) => p.ip === want.ip)!;
          assert.deepEqual(got.pod, { namespace: pod.namespace, name: pod.name, ip: pod.ip });
          assert.equal(got.confidence, 'high');
          assert.equal(got.swIfIndex, want.swIfIndex);
          assert.equal(got.netns, `/var/run/netns/${want.netns}`);
          const agentFile = key(files, `${n}.agent.log`);
          const routeLine = lineOf(files[agentFile]!, `route [podVRF ->MainIF] v4 ${want.ip}/32`);
          assert.ok(got.evidence.some((e) => e.file === agentFile && e.line === routeLine), JSON.stringify(got.evidence));
          assert.ok(got.evidence.some((e) => e.file === key(files, 'get-pods') && e.line === lineOf(files[key(files, 'get-pods')]!, pod.name)));
          assert.ok(got.evidence.some((e) => e.file === key(files, `${n}.show-tun`)));
        }
      }
    });
    test('uplink, driver, host tap, image', () => {
      const a = node(t, NODE_A);
      assert.deepEqual(a.uplinks.map((u) => [u.interface, u.linuxName, u.driver]), [['host-eth0', 'eth0', 'af_packet']]);
      assert.ok(a.uplinks[0]!.evidence.some((e) => /vppDriver is 'af_packet'/.test(e.text) && e.line !== null));
      assert.equal(a.hostTap?.interface, 'tap0');
      assert.equal(a.vppImage, VPP_IMAGE);
      assert.equal(a.interfaces.find((i) => i.name === 'host-eth0')!.role, 'uplink');
    });
    test('the other node, reached through the uplink or the ipip tunnel', () => {
      const a = node(t, NODE_A);
      assert.deepEqual(a.peers.map((p) => [p.node, p.address, p.via, p.interface]), [[NODE_B, '172.18.0.4', layout === 'go' ? 'ipip' : 'uplink', layout === 'go' ? 'ipip0' : 'host-eth0']]);
      if (layout === 'go') assert.deepEqual(a.tunnels.map((x) => [x.kind, x.interface, x.dst, x.peerNode]), [['ipip', 'ipip0', '172.18.0.4', NODE_B]]);
    });
    test('services: ClusterIP → backends with their pods', () => {
      const web = t.services.find((s) => s.vip === '10.96.100.5')!;
      assert.deepEqual([web.name, web.namespace, web.port, web.protocol], ['web', 'default', 80, 'TCP']);
      assert.deepEqual(web.backends.map((x) => [x.address, x.port, x.pod?.name, x.node]), [['11.0.0.131', 8080, 'web-7d4b9c6f5-k2x8p', NODE_A], ['11.0.1.10', 8080, 'web-7d4b9c6f5-tq7zn', NODE_B]]);
      assert.deepEqual(web.nodes, [NODE_A, NODE_B]);
      const dns = t.services.find((s) => s.vip === '10.96.0.10')!;
      assert.deepEqual([dns.name, dns.protocol, dns.backends.map((x) => x.pod?.name)], ['kube-dns', 'UDP', ['coredns-76f75df574-8zl5q']]);
    });
    test('bundleSummaryJson has exactly the documented shape', () => {
      const s = bundleSummaryJson(b);
      assert.deepEqual(Object.keys(s), ['nodes', 'services', 'checks']);
      const a = s.nodes.find((n) => n.name === NODE_A)!;
      assert.deepEqual(Object.keys(a), ['name', 'vppImage', 'uplink', 'interfaces', 'errors', 'tuns']);
      assert.deepEqual(a.uplink, { interface: 'host-eth0', driver: 'af_packet' });
      assert.deepEqual(Object.keys(a.interfaces[0]!), ['name', 'swIfIndex', 'state', 'counters']);
      assert.deepEqual(a.interfaces.find((i) => i.name === 'host-eth0'), { name: 'host-eth0', swIfIndex: 1, state: 'up', counters: { 'rx packets': 32155, 'rx bytes': 9321877, 'tx packets': 30117, 'tx bytes': 5843210, drops: 106, ip4: 31907 } });
      assert.deepEqual(Object.keys(a.errors[0]!), ['count', 'node', 'reason', 'severity', 'thread']);
      assert.deepEqual(Object.keys(a.tuns[0]!), ['interface', 'pod', 'confidence', 'evidence']);
      assert.ok(a.tuns[0]!.evidence.every((e) => typeof e === 'string' && /^export|^calico-vpp-export/.test(e)));
      assert.deepEqual(s.services.find((x) => x.vip === '10.96.100.5'), { vip: '10.96.100.5', port: 80, protocol: 'TCP', backends: ['11.0.0.131:8080', '11.0.1.10:8080'] });
      for (const c of s.checks) {
        assert.deepEqual(Object.keys(c), ['id', 'severity', 'node', 'message', 'evidence']);
        assert.deepEqual(Object.keys(c.evidence), ['file', 'line']);
      }
      JSON.parse(JSON.stringify(s));
    });
  });
}

describe('weaker evidence gives lower confidence', () => {
  test('without the agent log: FIB routes alone, elimination, or nothing', () => {
    const files = exportFiles({ layout: 'bash' });
    delete files[key(files, `${NODE_A}.agent.log`)];
    delete files[key(files, `${NODE_B}.agent.log`)];
    files[`export/${NODE_A}.show-ip-fib`] = `ipv4-VRF:0, fib_index:0, flow hash:[src dst sport dport proto flowlabel ] epoch:0 flags:none locks:[adjacency:1, ]
11.0.0.130/32
  unicast-ip4-chain
  [@0]: dpo-load-balance: [proto:ip4 index:30 buckets:1 uRPF:33 to:[12:1008]]
    [0] [@5]: ipv4 via 0.0.0.0 tun1: mtu:1480 next:10 flags:[features]
`;
    const t = buildTopology(fromFiles(files));
    const a = node(t, NODE_A);
    const tun1 = a.tuns.find((x) => x.interface === 'tun1')!;
    assert.deepEqual([tun1.pod?.name, tun1.confidence], ['coredns-76f75df574-8zl5q', 'high']);
    assert.ok(tun1.evidence.some((e) => e.file === `export/${NODE_A}.show-ip-fib` && e.line === 2));
    const tun2 = a.tuns.find((x) => x.interface === 'tun2')!;
    assert.deepEqual([tun2.pod?.name, tun2.confidence], ['web-7d4b9c6f5-k2x8p', 'low']);
    assert.match(tun2.evidence[tun2.evidence.length - 1]!.text, /by elimination/);
    const b1 = node(t, NODE_B).tuns[0]!;
    assert.deepEqual([b1.pod?.name, b1.confidence], ['web-7d4b9c6f5-tq7zn', 'low']);
  });
  test('an address no pod has: the tun keeps the address, pod null', () => {
    const files = exportFiles({ layout: 'bash' });
    files[key(files, 'get-pods')] = getPods(PODS.filter((p) => p.ip !== '11.0.0.131'), 'bash');
    const tun2 = node(buildTopology(fromFiles(files)), NODE_A).tuns.find((x) => x.interface === 'tun2')!;
    assert.equal(tun2.pod, null);
    assert.deepEqual(tun2.addresses, ['11.0.0.131']);
    assert.equal(tun2.confidence, 'medium');
  });
});

describe('simulator outputs (src/core/scenarios): show int + traces as a bundle', () => {
  for (const sc of scenarios.slice(0, 3)) {
    test(`${sc.name}: tuns mapped to the simulated pods from traffic`, () => {
      const files: Record<string, string> = {};
      const { nodes, pods } = sc.spec.cluster;
      files['sim/get-nodes'] = ['NAME   STATUS   ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP', ...nodes.map((n) => `${n.name}   Ready    <none>   1d    v1.30.2   ${n.ip.padEnd(11)}   <none>`)].join('\n') + '\n';
      files['sim/get-pods'] = getPods(pods.map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, node: p.node })), 'bash');
      for (const n of sc.nodes) {
        files[`sim/${n}.show-int`] = sc.render.showInterface(n);
        files[`sim/trace_${n}.txt`] = sc.render.showTrace(n);
      }
      const b = fromFiles(files);
      assert.deepEqual(b.warnings, []);
      assert.deepEqual(b.nodes.map((n) => n.name).sort(), [...sc.nodes].sort());
      for (const n of sc.nodes) assert.deepEqual(b.nodes.find((x) => x.name === n)!.files.map((f) => f.kind).sort(), ['show-int', 'trace']);
      const traffic = sc.nodes.flatMap((n) => trafficFromJourneys(n, analyzeTraceText(`sim/trace_${n}.txt`, sc.render.showTrace(n)).journeys));
      const t = buildTopology(b, { traffic });
      let mapped = 0;
      for (const p of pods) {
        const tun = node(t, p.node).tuns.find((x) => x.interface === p.tun)!;
        assert.ok(tun, `${p.node} ${p.tun}`);
        if (!tun.pod) continue; // a pod that sent or received nothing in the traces
        mapped++;
        assert.deepEqual([tun.pod.namespace, tun.pod.name], [p.namespace, p.name], `${p.node} ${p.tun}`);
        assert.notEqual(tun.confidence, 'high');
      }
      assert.ok(mapped >= 2, `only ${mapped} pods mapped`);
    });
  }
});

describe('a packet dropped by policy, explained down to the rule', () => {
  const b = fromFiles(exportFiles({ layout: 'bash' }));
  const npol = (s: string) => `export/${NODE_A}.show-npol-${s}`;
  test('a deny rule with an ipset and a port range', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, interface: 'tun1', direction: 'rx', packet: { src: '11.0.0.130', dst: '11.0.0.201', protocol: 'TCP', srcPort: 40000, dstPort: 5433 } });
    assert.equal(x.verdict, 'deny');
    assert.equal(x.decidedBy, 'policy');
    assert.deepEqual([x.rule?.id, x.policy?.id], [3, 2]);
    assert.deepEqual(x.ipsets.map((s) => [s.id, s.members.map((m) => m.text)]), [[1, ['11.0.0.200', '11.0.0.201']]]);
    assert.ok(x.steps.some((s) => /policy#0 rule#0 \(allow\) does not match: dst address not in 172\.18\.0\.3\/32/.test(s.text)));
    assert.ok(x.evidence.some((e) => e.file === npol('rules') && e.line === 4));
    assert.ok(x.evidence.some((e) => e.file === npol('ipsets') && e.line === 2));
  });
  test('the next rule allows; outside the port range the deny does not match', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, interface: 'tun1', direction: 'rx', packet: { src: '11.0.0.130', dst: '11.0.0.201', protocol: 'TCP', srcPort: 40000, dstPort: 80 } });
    assert.deepEqual([x.verdict, x.rule?.id], ['allow', 4]);
    assert.ok(x.steps.some((s) => /rule#3 \(deny\) does not match: dst port not in \[5432-5433\]/.test(s.text)));
  });
  test('nothing matches: the interface default decides', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, interface: 'tun1', direction: 'rx', packet: { src: '11.0.0.130', dst: '8.8.8.8', protocol: 'UDP', srcPort: 40000, dstPort: 53 } });
    assert.deepEqual([x.verdict, x.decidedBy, x.rule], ['deny', 'policy-default', null]);
  });
  test('by interface index and in the tx direction', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, swIfIndex: 5, direction: 'tx', packet: { src: '172.18.0.3', dst: '11.0.0.130', protocol: 'ICMP' } });
    assert.deepEqual([x.verdict, x.rule?.id, x.policy?.id], ['allow', 1, 1]);
  });
  test('a rule named by the trace: its policies, interfaces and ipsets', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, direction: 'rx', ruleId: 3 });
    assert.deepEqual([x.verdict, x.rule?.action, x.policy?.id, x.interfaces], ['deny', 'deny', 2, ['tun1']]);
    assert.deepEqual(x.ipsets.map((s) => s.id), [1]);
    assert.ok(x.steps.some((s) => s.evidence?.file === npol('policies') && /held by policy#2/.test(s.text)));
  });
  test('an interface without policies allows everything', () => {
    const x = explainPolicyDrop(b, { node: NODE_A, interface: 'tun2', direction: 'rx', packet: { src: '11.0.0.131', dst: '1.1.1.1', protocol: 'TCP', srcPort: 1, dstPort: 2 } });
    assert.deepEqual([x.verdict, x.decidedBy], ['allow', 'no-policy']);
  });
});
