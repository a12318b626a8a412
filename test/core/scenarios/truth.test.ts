// The trace parser and journey builder (src/core/analysis) must find in each simulated `show trace`
// exactly the ground truth the simulator recorded: ingress, egress, verdict, drop reason, NAT, flow.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeTraceText, readInterfaceNames } from '../../../src/core/analysis';
import { buildScenario, getScenario, scenarios } from '../../../src/core/scenarios';
import type { Journey } from '../../../src/core/model';
import type { FlowSpec, Scenario, TruthPacket } from '../../../src/core/scenarios';

function project(x: Journey | TruthPacket): Record<string, unknown> {
  return {
    ingress: x.ingress,
    egress: x.egress,
    verdict: x.verdict,
    dropReason: x.dropReason,
    nat: x.nat.map((n) => ({ node: n.node, before: n.before, after: n.after })),
    flow: x.flow,
  };
}

function diffs(s: Scenario): string[] {
  const out: string[] = [];
  for (const node of s.nodes) {
    const { journeys } = analyzeTraceText(`${s.name}/${node}`, s.render.showTrace(node), { interfaces: s.interfaces(node) });
    const byKey = new Map(journeys.map((j) => [`${j.thread}/${j.number}`, j]));
    const truth = s.truth.filter((t) => t.node === node);
    if (journeys.length !== truth.length) out.push(`${node}: ${journeys.length} journeys for ${truth.length} packets`);
    for (const t of truth) {
      const j = byKey.get(`${t.thread}/${t.packetNumber}`);
      const a = j ? project(j) : {};
      const b = project(t);
      for (const k of Object.keys(b)) {
        if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) {
          out.push(`${node} thread ${t.thread} packet ${t.packetNumber} (${t.flowId} ${t.direction}) ${k}: journey ${JSON.stringify(a[k])} ≠ truth ${JSON.stringify(b[k])}`);
        }
      }
    }
  }
  return out;
}

const PODS = ['default/client', 'default/web-1', 'default/locked', 'default/web-2', 'kube-system/coredns', 'default/db'];

/** Random flows over the catalog's cluster, limited to what the engine simulates. */
const flowArb = fc.record({
  kind: fc.constantFrom('pod', 'service', 'dns', 'nodeport', 'host', 'external'),
  from: fc.constantFrom(...PODS),
  to: fc.constantFrom(...PODS),
  protocol: fc.constantFrom('TCP', 'UDP', 'ICMP'),
  via: fc.constantFrom('node-1', 'node-2'),
  ttl: fc.oneof(fc.constant(64), fc.integer({ min: 1, max: 3 })),
  packets: fc.integer({ min: 1, max: 3 }),
  reply: fc.boolean(),
  port: fc.integer({ min: 1024, max: 9000 }),
});

function toFlow(x: typeof flowArb extends fc.Arbitrary<infer T> ? T : never, i: number): FlowSpec {
  const base = { id: `f${i}`, packets: x.packets, ttl: x.ttl, reply: x.reply };
  switch (x.kind) {
    case 'pod': return { ...base, from: { pod: x.from }, to: { pod: x.to }, protocol: x.protocol, dstPort: x.port };
    case 'service': return { ...base, from: { pod: x.from === 'default/web-1' || x.from === 'default/web-2' ? 'default/client' : x.from }, to: { service: 'default/web' }, protocol: 'TCP' };
    case 'dns': return { ...base, from: { pod: x.from === 'kube-system/coredns' ? 'default/client' : x.from }, to: { service: 'kube-system/kube-dns' }, protocol: 'UDP' };
    case 'nodeport': return { ...base, from: { external: '203.0.113.9', via: x.via }, to: { nodePort: 'default/web', node: x.via }, protocol: 'TCP' };
    case 'host': return { ...base, reply: false, from: { pod: x.from }, to: { host: x.via }, protocol: x.protocol === 'UDP' ? 'UDP' : 'TCP', dstPort: x.port };
    // ICMP through cnat's source NAT is checked on its own below.
    case 'external': return { ...base, from: { pod: x.from }, to: { external: '93.184.216.34' }, protocol: x.protocol === 'ICMP' ? 'UDP' : x.protocol, dstPort: 443 };
  }
}

test('for random flows on every encapsulation and uplink driver, journeys equal the ground truth', () => {
  const base = getScenario('sample');
  assert.ok(base);
  fc.assert(
    fc.property(
      fc.constantFrom('ipip', 'vxlan', 'none'),
      fc.constantFrom('dpdk', 'af_packet', 'af_xdp', 'avf'),
      fc.array(flowArb, { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 1_000_000 }),
      (encapsulation, driver, flows, seed) => {
        const cluster = {
          ...base.spec.cluster,
          encapsulation,
          nodes: base.spec.cluster.nodes.map((n) => ({ ...n, uplink: { ...n.uplink, driver, interface: driver === 'af_packet' ? 'host-eth0' : n.uplink.interface } })),
        };
        const s = buildScenario({ ...base.spec, name: 'random', cluster, flows: flows.map(toFlow), seed });
        assert.deepEqual(diffs(s), []);
      },
    ),
    { numRuns: 150, seed: 20260601 },
  );
});

describe('journeys of simulated traces equal the ground truth', () => {
  for (const s of scenarios) {
    for (const node of s.nodes) {
      test(`${s.name} / ${node}`, () => {
        const text = s.render.showTrace(node);
        // The interface names come from the simulated `show interface`, read by the project's parser.
        const names = readInterfaceNames(s.render.showInterface(node));
        assert.deepEqual(names.diagnostics, []);
        assert.deepEqual(names.byIndex, s.interfaces(node), 'show interface lists the interfaces the traces use');
        const { journeys, warnings } = analyzeTraceText(`${s.name}/${node}`, text, { interfaces: names.byIndex });
        assert.deepEqual(warnings.map((w) => w.message), [], 'the parser reads simulated output without warnings');
        const truth = s.truth.filter((t) => t.node === node);
        assert.equal(journeys.length, truth.length, 'one journey per traced packet');
        const byKey = new Map(journeys.map((j) => [`${j.thread}/${j.number}`, j]));
        const diffs: string[] = [];
        for (const t of truth) {
          const j = byKey.get(`${t.thread}/${t.packetNumber}`);
          if (!j) {
            diffs.push(`thread ${t.thread} packet ${t.packetNumber}: no journey`);
            continue;
          }
          const a = project(j);
          const b = project(t);
          for (const k of Object.keys(b)) {
            try {
              assert.deepEqual(a[k], b[k]);
            } catch {
              diffs.push(`thread ${t.thread} packet ${t.packetNumber} (${t.flowId} ${t.direction}) ${k}: journey ${JSON.stringify(a[k])} ≠ truth ${JSON.stringify(b[k])}`);
            }
          }
        }
        assert.deepEqual(diffs, []);
      });
    }
  }
});

// ICMP cnat sessions print echo identifiers where ports stand; NAT flows, like every ICMP flow,
// carry null ports.
test('ICMP echo through cnat source NAT: NAT flows use the Flow convention (null ports)', () => {
  const base = getScenario('egress-snat');
  assert.ok(base);
  const flows: FlowSpec[] = [{ id: 'ping-out', from: { pod: 'default/client' }, to: { external: '93.184.216.34' }, protocol: 'ICMP', packets: 1, reply: true }];
  assert.deepEqual(diffs(buildScenario({ ...base.spec, flows })), []);
});
