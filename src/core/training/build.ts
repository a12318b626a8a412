// Lessons are data generated from the simulator: a lesson spec names a scenario, the packets to follow
// (by the scenario's ground truth: flow id, direction, k8s node) and the hops to narrate (by node-name
// pattern, searched forward in the parsed trace). Line numbers are never written by hand: they are
// found by searching the parsed trace, so a lesson stays true when the simulator changes. Anything a
// spec asks for that the trace does not have is an error naming the lesson and the step.
import { analyzeTraceText } from '../analysis';
import { pathPlaces, type SchematicNode } from '../diagram';
import type { Journey, JourneyHop } from '../model';
import { getScenario, type Scenario, type TruthPacket } from '../scenarios';
import { scenarioSchematic, scenarioWhoIs } from './cluster';
import { narrateJourney, packetFacts, rawLines, storyOf, type NarrateOptions } from './narrate';
import type { QuestionPacket } from './questions';
import type { AnnotatedLine, Command, Lesson, LessonPacket, LessonStep, Question } from './types';
import type { WhoIs } from './words';

/** Which packet of the scenario a lesson follows. */
export interface PacketPick {
  k8sNode: string;
  flowId: string;
  direction: 'request' | 'reply';
  /** The n-th such packet on that node (0 = the first). */
  nth?: number;
}

/** A line of a hop to point at: the first detail line matching `match`, with what it means. */
export interface LinePick {
  match: RegExp;
  note: string | ((m: RegExpExecArray, c: StepContext) => string);
}

export interface StepSpec {
  /** The graph node of the hop (exact name, or a pattern), searched from just after the previous step. */
  at: string | RegExp;
  /** Extra lines to point at (searched in the hop's detail lines). */
  lines?: LinePick[];
  /** The lesson's words for this hop: why it matters for the goal. */
  say?: (c: StepContext) => string;
}

export interface PacketSpec {
  pick: PacketPick;
  title: string;
  steps: StepSpec[];
}

export interface LessonSpec {
  name: string;
  title: string;
  scenario: string;
  goal: string;
  intro: (c: LessonContext) => string[];
  packets: PacketSpec[];
  questions: (c: LessonContext) => (Question | null)[];
  summary: (c: LessonContext) => { text: string[]; commands: Command[] };
}

export interface PacketContext {
  index: number;
  k8sNode: string;
  journey: Journey;
  truth: TruthPacket;
  /** The packet as a question generator sees it. */
  q: QuestionPacket;
  /** Index of the first hop at or after `from` whose node matches. */
  hop(at: string | RegExp, from?: number): number;
}

export interface LessonContext {
  scenario: Scenario;
  packets: PacketContext[];
  whoIs: WhoIs;
  /** k8s node → its `show trace` text. */
  traceOf(k8sNode: string): string;
}

export interface StepContext extends LessonContext {
  packet: PacketContext;
  hop: JourneyHop;
  hopIndex: number;
  /** Matches of the step's `lines` patterns, in order. */
  matches: RegExpExecArray[];
}

export class LessonBuildError extends Error {}

function nodeMatches(node: string, at: string | RegExp): boolean {
  return typeof at === 'string' ? node === at : at.test(node);
}

const UPLINK_INPUT: Record<string, string> = { dpdk: 'dpdk-input', af_packet: 'af-packet-input', af_xdp: 'af_xdp-input', avf: 'avf-input' };

export function traceInputName(k8sNode: string): string {
  return `trace_${k8sNode}.txt`;
}

export interface BuildOptions {
  /** Where scenarios come from (default: the simulator's catalog); tests pass variants of them. */
  scenario?: (name: string) => Scenario | undefined;
}

/** Builds one lesson from its spec. Throws LessonBuildError when the scenario does not have what the spec asks for. */
export function buildLesson(spec: LessonSpec, opts: BuildOptions = {}): Lesson {
  const fail = (msg: string): never => {
    throw new LessonBuildError(`lesson ${spec.name}: ${msg}`);
  };
  const scenario = (opts.scenario ?? getScenario)(spec.scenario) ?? fail(`scenario ${spec.scenario} does not exist`);
  const schematic = scenarioSchematic(scenario);
  const whoIs = scenarioWhoIs(scenario);
  const texts = new Map<string, { text: string; lines: string[]; journeys: Journey[] }>();
  const trace = (k8sNode: string) => {
    let t = texts.get(k8sNode);
    if (!t) {
      if (!scenario.nodes.includes(k8sNode)) fail(`scenario ${scenario.name} has no node ${k8sNode}`);
      const text = scenario.render.showTrace(k8sNode);
      const a = analyzeTraceText(traceInputName(k8sNode), text, { interfaces: scenario.interfaces(k8sNode) });
      t = { text, lines: text.split('\n'), journeys: a.journeys };
      texts.set(k8sNode, t);
    }
    return t;
  };
  const nodeSpec = (name: string) => scenario.spec.cluster.nodes.find((n) => n.name === name);
  const schematicNode = (name: string): SchematicNode | null => schematic.nodes.find((n) => n.name === name) ?? null;

  const steps: LessonStep[] = [];
  const packets: LessonPacket[] = [];
  const pctx: PacketContext[] = [];
  const stepIndex = new Map<string, number>(); // `${packet}:${hop}` → lesson step

  spec.packets.forEach((ps, pi) => {
    const { k8sNode, flowId, direction, nth = 0 } = ps.pick;
    const truths = scenario.truth.filter((t) => t.node === k8sNode && t.flowId === flowId && t.direction === direction);
    const truth = truths[nth] ?? fail(`no ${direction} #${nth} of flow ${flowId} on ${k8sNode} in scenario ${scenario.name}`);
    const t = trace(k8sNode);
    const journey = t.journeys.find((j) => j.thread === truth.thread && j.number === truth.packetNumber) ?? fail(`packet ${truth.packetNumber} of thread ${truth.thread} is not in the parsed trace of ${k8sNode}`);
    const nodes = journey.hops.map((h) => h.node);
    if (nodes.join(' ') !== truth.path.join(' ')) fail(`the parsed path of packet ${truth.packetNumber} on ${k8sNode} differs from the ground truth`);
    const lineText = (n: number) => t.lines[n - 1];
    const opts: NarrateOptions = { lineText, whoIs, schematic: schematicNode(k8sNode), k8sNode };
    const narrated = narrateJourney(journey, opts);
    const ns = nodeSpec(k8sNode)!;
    const q: QuestionPacket = {
      journey,
      k8sNode,
      schematic: schematicNode(k8sNode),
      whoIs,
      stepOfHop: (hop) => stepIndex.get(`${pi}:${hop}`) ?? null,
      vppVersion: ns.vppVersion,
      uplinkInput: UPLINK_INPUT[ns.uplink.driver] ?? 'dpdk-input',
    };
    const ctx: PacketContext = {
      index: pi,
      k8sNode,
      journey,
      truth,
      q,
      hop: (at, from = 0) => {
        for (let i = from; i < journey.hops.length; i++) if (nodeMatches(journey.hops[i]!.node, at)) return i;
        return -1;
      },
    };
    pctx.push(ctx);
    const facts = packetFacts(journey);
    packets.push({
      id: `${k8sNode}/${journey.id}`,
      title: ps.title,
      k8sNode,
      input: traceInputName(k8sNode),
      thread: truth.thread,
      number: truth.packetNumber,
      facts,
      story: storyOf(journey, opts),
      raw: rawLines(journey, opts),
      path: [],
    });
    let cursor = 0;
    for (const ss of ps.steps) {
      const k = ctx.hop(ss.at, cursor);
      if (k < 0) fail(`packet "${ps.title}": no hop ${String(ss.at)} after hop ${cursor} (path: ${nodes.join(' > ')})`);
      const hop = journey.hops[k]!;
      const base = narrated[k]!;
      const lines: AnnotatedLine[] = base.lines.map((l) => ({ ...l }));
      const matches: RegExpExecArray[] = [];
      const pending: { pick: LinePick; line: number; text: string; m: RegExpExecArray }[] = [];
      for (const lp of ss.lines ?? []) {
        let found: { line: number; text: string; m: RegExpExecArray } | null = null;
        for (let i = 0; i < hop.lines.length && !found; i++) {
          const m = lp.match.exec(hop.lines[i]!);
          if (m) found = { line: hop.lineNumbers[i]!, text: hop.lines[i]!, m };
        }
        if (!found) fail(`packet "${ps.title}", hop ${k} (${hop.node}): no line matches ${String(lp.match)}`);
        matches.push(found!.m);
        pending.push({ pick: lp, ...found! });
      }
      const sctx: StepContext = { scenario, packets: pctx, whoIs, traceOf: (n) => trace(n).text, packet: ctx, hop, hopIndex: k, matches };
      for (const p of pending) {
        const note = typeof p.pick.note === 'string' ? p.pick.note : p.pick.note(p.m, sctx);
        const have = lines.find((l) => l.line === p.line);
        if (have) have.note = note;
        else lines.push({ line: p.line, text: p.text, note });
      }
      lines.sort((a, b) => a.line - b.line);
      stepIndex.set(`${pi}:${k}`, steps.length);
      steps.push({ ...base, lines, packet: pi, lesson: ss.say ? ss.say(sctx) : null });
      cursor = k + 1;
    }
  });

  // Where each packet goes on the drawing (per its node's schematic).
  packets.forEach((p, i) => {
    const j = pctx[i]!.journey;
    p.path = pathPlaces(j, schematicNode(p.k8sNode));
  });

  const lctx: LessonContext = { scenario, packets: pctx, whoIs, traceOf: (n) => trace(n).text };
  const questions = spec.questions(lctx).filter((q): q is Question => q !== null);
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) fail(`two questions have the id ${q.id}`);
    ids.add(q.id);
  }
  return {
    name: spec.name,
    title: spec.title,
    goal: spec.goal,
    scenario: scenario.name,
    intro: spec.intro(lctx),
    topology: schematic,
    packets,
    steps,
    questions,
    summary: spec.summary(lctx),
    traces: [...new Set(spec.packets.map((p) => p.pick.k8sNode))].map((n) => ({ k8sNode: n, input: traceInputName(n), text: trace(n).text })),
  };
}
