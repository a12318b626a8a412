// Cross-node stitching against the simulator's ground truth: every packet that leaves one node
// towards the network and arrives on another is linked to exactly its own record there, for text
// traces and for dispatch captures, and nothing else is linked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeTraceText } from '../../../src/core/analysis';
import { analyzeCapture } from '../../../src/core/analysis/dispatch';
import { stitchJourneys } from '../../../src/core/analysis/stitch';
import { scenarios, type Scenario, type TruthPacket } from '../../../src/core/scenarios';
import { ScenarioVppEngine } from '../../../src/core/scenarios/vppctl';
import type { Journey } from '../../../src/core/model';

function run(s: Scenario, node: string, lines: string[]): { out: string; files: Map<string, Uint8Array> } {
  const e = new ScenarioVppEngine(s, node);
  const files = new Map<string, Uint8Array>();
  const fs = { read: (p: string) => files.get(p), write: (p: string, d: Uint8Array) => void files.set(p, d), remove: (p: string) => files.delete(p), list: () => [...files.keys()] };
  let out = '';
  for (const l of lines) out = e.exec(l, { files: fs, nowMs: 1_000, node }).output;
  return { out, files };
}

const POD = /^(tun|tap)\d+$/;
const fromNetwork = (t: TruthPacket) => !(t.ingress.interface && POD.test(t.ingress.interface)) && t.ingress.node !== 'virtio-input';
const toNetwork = (t: TruthPacket) => t.verdict === 'forwarded' && t.egress !== null && !POD.test(t.egress.interface);

/** Expected number of links: per (flow, direction), packets leaving node A matched with arrivals on another node. */
function expectedLinks(s: Scenario): number {
  let n = 0;
  const leaving = s.truth.filter(toNetwork);
  const arriving = s.truth.filter(fromNetwork);
  const used = new Set<TruthPacket>();
  for (const a of leaving) {
    const b = arriving.find((x) => !used.has(x) && x.node !== a.node && x.flowId === a.flowId && x.direction === a.direction);
    if (b) {
      used.add(b);
      n++;
    }
  }
  return n;
}

const crossNode = scenarios.filter((s) => expectedLinks(s) > 0);

describe('stitchJourneys', () => {
  test('the simulator has scenarios with traffic between nodes', () => {
    assert.ok(crossNode.length >= 3, crossNode.map((s) => s.name).join(', '));
  });

  for (const s of crossNode) {
    test(`${s.name}: text traces of every input node, linked as in the ground truth`, () => {
      const inputs: { node: string; journeys: Journey[] }[] = [];
      const truthOf = new Map<string, TruthPacket>();
      s.nodes.forEach((node, k) => {
        const heads = [...new Set(s.truth.filter((t) => t.node === node).map((t) => t.path[0]!))];
        const { out } = run(s, node, [...heads.map((h) => `trace add ${h} 1000`), 'show trace max 1000']);
        const a = analyzeTraceText(`${node}.txt`, out);
        const journeys = a.journeys.map((j) => ({ ...j, id: `${k}:${j.id}` }));
        for (const j of journeys) {
          const t = s.truth.find((x) => x.node === node && x.thread === j.thread && x.packetNumber === j.number);
          if (t) truthOf.set(`${node}/${j.id}`, t);
        }
        inputs.push({ node, journeys });
      });
      const r = stitchJourneys(inputs);
      assert.equal(r.links.length, expectedLinks(s));
      for (const l of r.links) {
        const a = truthOf.get(`${l.from.node}/${l.from.journeyId}`)!;
        const b = truthOf.get(`${l.to.node}/${l.to.journeyId}`)!;
        assert.ok(a && b);
        assert.notEqual(l.from.node, l.to.node);
        assert.equal(b.flowId, a.flowId);
        assert.equal(b.direction, a.direction);
        assert.ok(toNetwork(a) && fromNetwork(b), `${a.path.join(' ')} → ${b.path.join(' ')}`);
      }
      assert.ok(r.chains.every((c) => c.length >= 2));
    });

    test(`${s.name}: dispatch captures link the same number of packets`, () => {
      const inputs = s.nodes.map((node, k) => {
        const heads = [...new Set(s.truth.filter((t) => t.node === node).map((t) => t.path[0]!))];
        const { files } = run(s, node, [`pcap dispatch trace on max 100000 buffer-trace ${heads[0]} 1000 file d.pcap`, 'pcap dispatch trace off']);
        const bytes = files.get('/tmp/d.pcap')!;
        return { node, journeys: analyzeCapture(`${node}.pcap`, bytes, { inputIndex: k }).journeys };
      });
      const r = stitchJourneys(inputs);
      assert.equal(r.links.length, expectedLinks(s));
    });
  }

  test('journeys of one node are never linked to each other', () => {
    const s = crossNode[0]!;
    const node = s.nodes[0]!;
    const heads = [...new Set(s.truth.filter((t) => t.node === node).map((t) => t.path[0]!))];
    const { out } = run(s, node, [...heads.map((h) => `trace add ${h} 1000`), 'show trace max 1000']);
    const j = analyzeTraceText('x', out).journeys;
    assert.equal(stitchJourneys([{ node, journeys: j }, { node, journeys: j }]).links.length, 0);
  });
});
