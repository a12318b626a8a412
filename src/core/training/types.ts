// Training mode: the data of lessons and narrated walkthroughs. Everything is plain data (it crosses
// to the renderer and is written to HTML / Markdown), and every narrated step names the exact lines of
// the trace it talks about, so a test can check them against the trace text.
import type { SchematicModel, HopPlace } from '../diagram';
import type { Flow, NatChange, Verdict } from '../model';

/** One line of a trace text: its 1-based number and its text, verbatim. */
export interface LineRef {
  line: number;
  text: string;
}

/** A line a step points at, with what it means (null: the line is shown for context only). */
export interface AnnotatedLine extends LineRef {
  note: string | null;
}

/** How a step reads on screen (colour / icon): where the packet is and what happens to it. */
export type StepTone = 'enter' | 'check' | 'nat' | 'route' | 'tunnel' | 'policy' | 'local' | 'punt' | 'exit' | 'drop' | 'unknown' | 'other';

/** One narrated hop of a packet's journey. */
export interface NarratedStep {
  /** Index of the hop in its journey (0-based). */
  hop: number;
  /** The graph node of that hop. */
  node: string;
  title: string;
  /** Plain sentences; `text in backticks` is code (node names, commands, trace text). */
  text: string[];
  /** The lines this step points at: the hop's header first, then the detail lines that matter. */
  lines: AnnotatedLine[];
  /** The glossary knows this node. Unknown nodes are said to be unknown and shown with their raw lines. */
  known: boolean;
  tone: StepTone;
  /** A hop that does nothing notable for this packet (no detail, or "session not found"). */
  minor: boolean;
  /** Where the packet is on the topology at this hop. */
  place: HopPlace | null;
  /** What to look at next (drops, unknown nodes, suspicious hops). */
  nextChecks: string[];
}

/** What a packet did, in short (from its journey). */
export interface PacketFacts {
  verdict: Verdict;
  dropReason: string | null;
  ingress: { node: string; interface: string | null } | null;
  egress: { interface: string } | null;
  flow: Flow | null;
  nat: NatChange[];
  nodes: string[];
}

/** One packet walked hop by hop: generated from a journey and the glossary. */
export interface Walkthrough {
  /** The journey id. */
  id: string;
  title: string;
  /** Where the packet was traced: the input (file) and the Kubernetes node when known. */
  input: string;
  k8sNode: string | null;
  thread: number | null;
  number: number | null;
  facts: PacketFacts;
  /** One plain paragraph: what happened to the packet. */
  story: string;
  steps: NarratedStep[];
  /** The packet's lines as printed (`Packet N` through its last hop); empty for binary sources. */
  raw: LineRef[];
  /** Where the packet went on the topology, in order. */
  path: HopPlace[];
  nextChecks: string[];
}

/** A multiple-choice question. The correct choice is derived from the scenario's journeys. */
export interface Choice {
  id: string;
  text: string;
  /** Shown when this choice is picked: why it is right, or why it is wrong. */
  feedback: string;
}

export interface Question {
  id: string;
  prompt: string;
  choices: Choice[];
  /** Id of the correct choice. */
  correct: string;
  /** The lesson step the question is about (index into Lesson.steps), when it is about one. */
  step: number | null;
}

/** A packet of a lesson: where it was traced and its walkthrough data. */
export interface LessonPacket {
  id: string;
  title: string;
  k8sNode: string;
  /** File name the trace is shown under (`trace_<node>.txt`). */
  input: string;
  thread: number;
  number: number;
  facts: PacketFacts;
  story: string;
  /** The packet's lines in its node's trace. */
  raw: LineRef[];
  path: HopPlace[];
}

/** A lesson step: a narrated hop of one of the lesson's packets, plus what it teaches here. */
export interface LessonStep extends NarratedStep {
  /** Index into Lesson.packets. */
  packet: number;
  /** The lesson's own words for this hop (why it matters for the goal). */
  lesson: string | null;
}

export interface Command {
  command: string;
  why: string;
}

export interface Lesson {
  name: string;
  title: string;
  /** One sentence: what the learner will be able to do. */
  goal: string;
  /** The simulator scenario the lesson is generated from. */
  scenario: string;
  intro: string[];
  /** The cluster as drawn (pods behind tunN, tap0 to the host, uplinks). */
  topology: SchematicModel;
  packets: LessonPacket[];
  steps: LessonStep[];
  questions: Question[];
  summary: { text: string[]; commands: Command[] };
  /** Each Kubernetes node's full `show trace` text, as the simulator rendered it. */
  traces: { k8sNode: string; input: string; text: string }[];
}

/** The short form `lesson list --json` prints. */
export interface LessonSummary {
  name: string;
  title: string;
  steps: number;
  questions: number;
}

/** A walkthrough document (explain a trace): several packets of one or more inputs. */
export interface WalkthroughDocument {
  title: string;
  /** Lines about the document (inputs, how packets were chosen). */
  intro: string[];
  topology: SchematicModel | null;
  walkthroughs: Walkthrough[];
  /** For each explained packet (by walkthrough id): how many packets of the inputs took the same path. */
  counts: Record<string, number>;
}
