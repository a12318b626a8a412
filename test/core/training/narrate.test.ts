// "Explain any trace": narration generated from journeys + glossary for every real trace of the corpus,
// for the simulator's traces (checked against the ground truth), for unknown nodes and for dispatch
// captures. Oracles: the file text itself (quoted lines), the glossary, the simulator's ground truth.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { analyzeTraceText } from '../../../src/core/analysis';
import { analyzeCapture } from '../../../src/core/analysis/dispatch';
import { nodeInfo } from '../../../src/core/knowledge';
import { getScenario } from '../../../src/core/scenarios';
import { explainDocument, scenarioSchematic, scenarioWhoIs, walkthrough } from '../../../src/core/training';
import { readTrace, traceDir, traceFiles } from '../trace/corpus';
import { CNAT_NODES, cnatCapture } from '../analysis/cnat-capture';

const noCorpus = existsSync(traceDir) ? false : `corpus not found at ${traceDir}`;

describe('narration of any trace', () => {
  test('every packet of every corpus trace is narrated hop by hop, quoting only its own lines', { skip: noCorpus }, () => {
    let steps = 0;
    let unknown = 0;
    for (const f of traceFiles()) {
      const text = readTrace(f);
      const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      const a = analyzeTraceText(f, text);
      const doc = explainDocument(a.journeys, { texts: new Map([[f, text]]), max: 1000, ids: a.journeys.map((j) => j.id) });
      assert.equal(doc.walkthroughs.length, a.journeys.length, f);
      for (const [wi, w] of doc.walkthroughs.entries()) {
        const j = a.journeys[wi]!;
        assert.equal(w.steps.length, j.hops.length, `${f}: one step per hop`);
        assert.ok(w.story.length > 20, `${f}: story`);
        for (const s of w.steps) {
          const h = j.hops[s.hop]!;
          assert.equal(s.node, h.node);
          const own = new Set([h.line, ...h.lineNumbers]);
          for (const l of s.lines) {
            assert.equal(lines[l.line - 1], l.text, `${f}:${l.line} quoted as printed`);
            assert.ok(own.has(l.line), `${f}:${l.line} belongs to hop ${s.hop} (${s.node})`);
          }
          const info = nodeInfo(s.node);
          if (info) {
            assert.ok(s.known);
            assert.ok(s.text.join(' ').includes(info.summary), `${f}: ${s.node} is explained with the glossary's sentence`);
          } else {
            unknown++;
            assert.equal(s.known, false);
            assert.equal(s.tone, 'unknown');
            assert.match(s.text[0]!, /does not know/);
            const raw = h.lines.filter((x) => x.trim() !== '').slice(0, 16);
            for (const r of raw) assert.ok(s.lines.some((l) => l.text === r), `${f}: unknown ${s.node} shows its raw line "${r}"`);
          }
          steps++;
        }
        for (const r of w.raw) assert.equal(lines[r.line - 1], r.text, `${f}: raw line ${r.line}`);
      }
    }
    assert.ok(steps > 300, `${steps} steps narrated`);
    assert.equal(unknown, 0, 'the glossary knows every node of the corpus traces');
  });

  test('an unknown node is said to be unknown, with its raw lines', () => {
    const text = ['Packet 1', '', '00:00:01:000001: virtio-input', '  virtio: hw_if_index 4 next-index 1 vring 0 len 40', '00:00:01:000002: frobnicator-ip4', '  frob state 7 <b>bold</b>', '  second `line`', '00:00:01:000003: error-drop', '  rx:tun1', '00:00:01:000004: drop', '  frobnicator-ip4: frobbed too hard', ''].join('\n');
    const a = analyzeTraceText('x.txt', text);
    const w = walkthrough(a.journeys[0]!, { lineText: (n) => text.split('\n')[n - 1] });
    const s = w.steps[1]!;
    assert.equal(s.node, 'frobnicator-ip4');
    assert.equal(s.known, false);
    assert.deepEqual(s.lines.map((l) => l.line), [5, 6, 7]);
    assert.match(s.title, /unknown/);
    assert.match(w.story, /Unknown node: `frobnicator-ip4`/);
    assert.equal(w.facts.verdict, 'dropped');
    assert.ok(w.steps[3]!.text.join(' ').includes('frobbed too hard'));
    assert.deepEqual(w.raw.map((r) => r.line), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test('simulated packets: the story names the ingress, the NAT and the egress the simulator recorded', () => {
    for (const name of ['pod-to-service', 'external-to-nodeport', 'pod-to-host', 'drop-policy']) {
      const s = getScenario(name)!;
      const sch = scenarioSchematic(s);
      for (const node of s.nodes) {
        const text = s.render.showTrace(node);
        const a = analyzeTraceText(`${node}.txt`, text, { interfaces: s.interfaces(node) });
        for (const j of a.journeys) {
          const t = s.truth.find((x) => x.node === node && x.thread === j.thread && x.packetNumber === j.number)!;
          const w = walkthrough(j, { whoIs: scenarioWhoIs(s), schematic: sch.nodes.find((n) => n.name === node) ?? null });
          assert.ok(w.story.includes(`\`${t.ingress.node}\``), `${name}: ingress ${t.ingress.node} in "${w.story}"`);
          if (t.egress) assert.ok(w.story.includes(t.egress.interface), `${name}: egress ${t.egress.interface}`);
          for (const n of t.nat) assert.ok(w.story.includes(`\`${n.node}\` translated it`), `${name}: NAT by ${n.node}`);
          if (t.dropReason) assert.ok(w.story.includes(t.dropReason), `${name}: reason`);
          // Where the packet goes on the drawing: a pod-sourced packet starts in its pod.
          if (t.ingress.interface && /^tun/.test(t.ingress.interface)) assert.equal(w.path[0]!.kind, 'pod');
          if (t.verdict === 'punted') assert.ok(w.path.some((p) => p.kind === 'host'), `${name}: punted packets reach the host`);
        }
      }
    }
  });

  test('dispatch captures (no text lines) are narrated from their records, with what each node changed', () => {
    const r = analyzeCapture('cnat.pcap', cnatCapture());
    assert.equal(r.journeys.length, 1);
    const doc = explainDocument(r.journeys);
    const w = doc.walkthroughs[0]!;
    assert.deepEqual(w.steps.map((s) => s.node), CNAT_NODES);
    assert.deepEqual(w.raw, []);
    for (const s of w.steps) assert.deepEqual(s.lines, [], 'no line numbers in a binary capture');
    const natStep = w.steps.find((s) => s.node === 'ip4-cnat-tx')!;
    assert.ok(natStep.text.some((t) => /changed the packet: .*(source|destination)/.test(t)), natStep.text.join(' | '));
  });

  test('explain picks one packet per unique path and counts the packets of each path', () => {
    const s = getScenario('sample')!;
    const text = s.render.showTrace('node-1');
    const a = analyzeTraceText('trace_node-1.txt', text);
    const doc = explainDocument(a.journeys, { texts: new Map([['trace_node-1.txt', text]]) });
    const paths = new Set(a.journeys.map((j) => j.pathId));
    assert.equal(doc.walkthroughs.length, paths.size);
    const total = doc.walkthroughs.reduce((n, w) => n + doc.counts[w.id]!, 0);
    assert.equal(total, a.journeys.length);
    const byId = explainDocument(a.journeys, { ids: ['1:3', '999'] });
    assert.equal(byId.walkthroughs.length, 1);
    assert.equal(byId.walkthroughs[0]!.number, 3);
    assert.ok(byId.intro.some((l) => l.includes('`999`')));
  });
});
