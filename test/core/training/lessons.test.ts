// Lessons are generated from the simulator. Oracles: the scenario's own rendered trace text (every
// referenced line number must hold exactly the quoted text), an independent parse of that text
// (the hop index must name the same graph node), and the simulator's ground truth (the correct answer
// of each question must agree with what the simulator says happened).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace } from '../../../src/core/trace';
import { buildScenario, getScenario, type Scenario, type TruthPacket } from '../../../src/core/scenarios';
import { nodeInfo } from '../../../src/core/knowledge';
import { buildLesson, getLesson, LESSON_SPECS, lessonList, lessons, type Lesson } from '../../../src/core/training';

/** Checks every step's hop and lines against the trace text of its scenario (or a variant). */
function checkRefs(l: Lesson, scenario: Scenario): void {
  for (const [si, s] of l.steps.entries()) {
    const p = l.packets[s.packet];
    assert.ok(p, `${l.name} step ${si}: packet ${s.packet} exists`);
    const text = scenario.render.showTrace(p.k8sNode);
    const textLines = text.split('\n');
    const parsed = parseTrace(p.input, text);
    const pkt = parsed.packets.find((x) => x.thread === p.thread && x.number === p.number);
    assert.ok(pkt, `${l.name} step ${si}: packet ${p.number} of thread ${p.thread} is in ${p.k8sNode}'s trace`);
    const hop = pkt.hops[s.hop];
    assert.ok(hop, `${l.name} step ${si}: hop ${s.hop} exists`);
    assert.equal(hop.node, s.node, `${l.name} step ${si}: hop ${s.hop} is ${s.node}`);
    assert.ok(s.lines.length > 0, `${l.name} step ${si} points at lines`);
    assert.equal(s.lines[0]!.line, hop.line, `${l.name} step ${si}: the header line comes first`);
    const hopLines = new Set([hop.line, ...hop.lines.map((x) => x.line)]);
    for (const ref of s.lines) {
      assert.equal(textLines[ref.line - 1], ref.text, `${l.name} step ${si}: line ${ref.line} holds the quoted text`);
      assert.ok(hopLines.has(ref.line), `${l.name} step ${si}: line ${ref.line} belongs to hop ${s.hop} (${s.node})`);
    }
    assert.ok(s.text.length > 0 && s.title.length > 0, `${l.name} step ${si} is narrated`);
  }
  for (const p of l.packets) {
    const textLines = scenario.render.showTrace(p.k8sNode).split('\n');
    assert.ok(p.raw.length > 3, `${l.name}: raw lines of ${p.title}`);
    for (const r of p.raw) assert.equal(textLines[r.line - 1], r.text, `${l.name}: raw line ${r.line}`);
  }
}

function truthOf(l: Lesson, scenario: Scenario, packet: number): TruthPacket {
  const p = l.packets[packet]!;
  const t = scenario.truth.find((x) => x.node === p.k8sNode && x.thread === p.thread && x.packetNumber === p.number);
  assert.ok(t, `${l.name}: ground truth of packet ${packet}`);
  return t;
}

const stripCode = (s: string) => s.replace(/`/g, '');

describe('lessons', () => {
  test('at least 8 lessons cover the situations of the issue, each complete', () => {
    const all = lessons();
    assert.ok(all.length >= 8, `${all.length} lessons`);
    const names = all.map((l) => l.name);
    for (const must of ['pod-to-pod-same-node', 'pod-to-pod-ipip', 'pod-to-pod-vxlan', 'pod-to-service', 'pod-to-host', 'external-to-nodeport', 'drop-policy', 'drop-no-route', 'drop-ttl-expired', 'drop-mtu']) {
      assert.ok(names.includes(must), `lesson ${must}`);
    }
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const l of all) {
      assert.ok(l.goal.length > 20, `${l.name}: goal`);
      assert.ok(l.steps.length >= 4, `${l.name}: ${l.steps.length} steps`);
      assert.ok(l.questions.length >= 2 && l.questions.length <= 4, `${l.name}: ${l.questions.length} questions`);
      assert.ok(l.summary.commands.some((c) => /vppctl|calicovppctl/.test(c.command)), `${l.name}: commands to try`);
      assert.ok(l.packets.every((p) => p.path.length >= 2), `${l.name}: a path on the topology`);
      assert.ok(l.steps.every((s) => s.known), `${l.name}: every narrated node is in the glossary`);
      // One step per meaningful hop: no hop narrated twice.
      const keys = l.steps.map((s) => `${s.packet}:${s.hop}`);
      assert.equal(new Set(keys).size, keys.length, `${l.name}: no hop twice`);
    }
  });

  test('every narrated hop and line exists in the lesson\'s trace (parsed independently)', () => {
    for (const l of lessons()) {
      const scenario = getScenario(l.scenario)!;
      checkRefs(l, scenario);
      for (const t of l.traces) assert.equal(t.text, scenario.render.showTrace(t.k8sNode), `${l.name}: trace of ${t.k8sNode} as rendered`);
    }
  });

  test('lessons follow the simulator: a re-seeded cluster with other threads still gives valid references', () => {
    for (const spec of LESSON_SPECS) {
      const base = getScenario(spec.scenario)!;
      const variant = buildScenario({
        ...base.spec,
        seed: base.spec.seed + 7919,
        cluster: { ...base.spec.cluster, nodes: base.spec.cluster.nodes.map((n) => ({ ...n, workers: 1, uptimeSeconds: (n.uptimeSeconds ?? 0) + 4321.5 })) },
      });
      const l = buildLesson(spec, { scenario: (name) => (name === spec.scenario ? variant : undefined) });
      checkRefs(l, variant);
      const orig = getLesson(spec.name)!;
      assert.equal(l.steps.length, orig.steps.length, `${spec.name}: same steps`);
      assert.deepEqual(l.steps.map((s) => s.node), orig.steps.map((s) => s.node), `${spec.name}: same nodes`);
      // Line numbers or texts moved (different ports, timestamps and thread layout): nothing was hard-coded.
      const a = l.steps.flatMap((s) => s.lines.map((x) => `${x.line}:${x.text}`)).join('\n');
      const b = orig.steps.flatMap((s) => s.lines.map((x) => `${x.line}:${x.text}`)).join('\n');
      assert.notEqual(a, b, `${spec.name}: the variant trace differs`);
    }
  });

  test('questions are well formed and their answers agree with the simulator\'s ground truth', () => {
    let checked = 0;
    for (const l of lessons()) {
      const scenario = getScenario(l.scenario)!;
      for (const q of l.questions) {
        assert.ok(q.choices.length >= 2 && q.choices.length <= 4, `${l.name}/${q.id}: choices`);
        assert.equal(new Set(q.choices.map((c) => c.id)).size, q.choices.length);
        assert.equal(new Set(q.choices.map((c) => c.text)).size, q.choices.length, `${l.name}/${q.id}: distinct choices`);
        assert.ok(q.choices.some((c) => c.id === q.correct), `${l.name}/${q.id}: correct choice exists`);
        for (const c of q.choices) assert.match(c.feedback, c.id === q.correct ? /^Right/ : /^Not this one/, `${l.name}/${q.id}/${c.id} feedback`);
        if (q.step !== null) assert.ok(q.step >= 0 && q.step < l.steps.length, `${l.name}/${q.id}: step`);
        const right = stripCode(q.choices.find((c) => c.id === q.correct)!.text);
        // Which packet the question is about: the step's packet, else the first.
        const pi = q.step !== null ? l.steps[q.step]!.packet : 0;
        const truth = truthOf(l, scenario, pi);
        if (q.id.startsWith('nat')) {
          const which = /destination/.test(q.prompt) ? 'dst' : 'src';
          const change = truth.nat.find((n) => n.before[which] !== n.after[which]);
          assert.ok(change, `${l.name}/${q.id}: the simulator made a ${which} change`);
          assert.equal(right, change.node, `${l.name}/${q.id}`);
          checked++;
        } else if (q.id.startsWith('trace-where')) {
          assert.equal(right, `trace add ${truth.ingress.node} 50`, `${l.name}/${q.id}`);
          checked++;
        } else if (q.id === 'show-err') {
          const [node, reason] = [truth.dropReason!.slice(0, truth.dropReason!.indexOf(': ')), truth.dropReason!.slice(truth.dropReason!.indexOf(': ') + 2)];
          assert.equal(right, `"${reason}" of ${node}`, `${l.name}/${q.id}`);
          checked++;
        } else if (q.id === 'egress') {
          assert.equal(right, truth.egress?.interface, `${l.name}/${q.id}`);
          checked++;
        } else if (q.id === 'verdict') {
          const words: Record<string, RegExp> = { forwarded: /forwarded/, dropped: /dropped/, punted: /punted/, local: /VPP itself/ };
          assert.match(right, words[truth.verdict]!, `${l.name}/${q.id}`);
          checked++;
        } else if (q.id === 'encap' || q.id === 'decap' || q.id === 'ttl') {
          assert.ok(truth.path.includes(right), `${l.name}/${q.id}: ${right} is on the simulated path`);
          const tag = q.id === 'ttl' ? 'rewrite' : q.id;
          assert.ok(nodeInfo(right)?.tags.includes(tag as never), `${l.name}/${q.id}: ${right} is tagged ${tag}`);
          checked++;
        } else if (q.id === 'why-drop') {
          assert.ok(truth.verdict === 'dropped');
          checked++;
        } else if (q.id.endsWith('-line')) {
          const m = /^line (\d+): (.*)$/.exec(right);
          assert.ok(m, `${l.name}/${q.id}: a line answer`);
          const text = scenario.render.showTrace(l.packets[pi]!.k8sNode).split('\n')[Number(m[1]) - 1]!;
          assert.equal(text.trim(), m[2], `${l.name}/${q.id}: the answer quotes its line`);
          checked++;
        }
      }
    }
    assert.ok(checked >= 25, `${checked} answers checked against the ground truth`);
  });

  test('lesson list summary matches the lessons', () => {
    const list = lessonList();
    assert.deepEqual(
      list,
      lessons().map((l) => ({ name: l.name, title: l.title, steps: l.steps.length, questions: l.questions.length })),
    );
  });

  test('a spec asking for a hop the trace does not have fails with the lesson and step named', () => {
    const spec = { ...LESSON_SPECS[0]!, name: 'broken', packets: [{ ...LESSON_SPECS[0]!.packets[0]!, steps: [{ at: 'no-such-node' }] }] };
    assert.throws(() => buildLesson(spec), /lesson broken: .*no hop no-such-node/);
  });
});
