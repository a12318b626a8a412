// "Explain any trace": a walkthrough document over the journeys of one or more inputs — one narrated
// packet per unique path (or the packets asked for), with the path counts, the inferred topology and
// each packet's raw lines.
import { inferSchematic } from '../diagram';
import type { Journey } from '../model';
import { walkthrough } from './narrate';
import type { WalkthroughDocument } from './types';
import { plural } from './words';

export interface ExplainOptions {
  title?: string;
  /** Journey ids (or `thread:number` / packet numbers as text) to explain; default: the first packet of each unique path. */
  ids?: string[];
  /** At most this many walkthroughs (default 20). */
  max?: number;
  /** The text of each input (by input name), for header and raw lines; binary inputs have none. */
  texts?: Map<string, string>;
  /** The Kubernetes node (or input) a journey was traced on; default: its input. */
  nodeOf?: (j: Journey) => string;
}

function matchesId(j: Journey, id: string): boolean {
  if (j.id === id) return true;
  const m = /^(?:t?(\d+)[:/p])?(\d+)$/.exec(id);
  if (!m) return false;
  const thread = m[1] !== undefined ? Number(m[1]) : null;
  return j.number === Number(m[2]) && (thread === null || j.thread === thread);
}

/** Line n (1-based) of a text without splitting it: an index of line starts, built once. */
export function lineReader(text: string): (n: number) => string | undefined {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (n) => {
    if (!Number.isInteger(n) || n < 1 || n > starts.length) return undefined;
    const a = starts[n - 1]!;
    let b = n < starts.length ? starts[n]! - 1 : text.length;
    if (b > a && text.charCodeAt(b - 1) === 13) b--;
    return text.slice(a, b);
  };
}

/** Builds the walkthrough document. Never throws; ids that match nothing are reported in the intro. */
export function explainDocument(journeys: readonly Journey[], opts: ExplainOptions = {}): WalkthroughDocument {
  const max = opts.max ?? 20;
  const nodeOf = opts.nodeOf ?? ((j: Journey) => j.input);
  const perPath = new Map<string, number>();
  for (const j of journeys) perPath.set(j.pathId, (perPath.get(j.pathId) ?? 0) + 1);
  const intro: string[] = [];
  let chosen: Journey[];
  if (opts.ids && opts.ids.length) {
    chosen = [];
    for (const id of opts.ids) {
      const hits = journeys.filter((j) => matchesId(j, id));
      if (hits.length === 0) intro.push(`No packet matches \`${id}\`.`);
      for (const h of hits) if (!chosen.includes(h)) chosen.push(h);
    }
    if (chosen.length > max) chosen = chosen.slice(0, max);
    intro.unshift(`${plural(chosen.length, 'packet')} explained, as asked, out of ${plural(journeys.length, 'packet')}.`);
  } else {
    const seen = new Set<string>();
    chosen = [];
    for (const j of journeys) {
      if (seen.has(j.pathId)) continue;
      seen.add(j.pathId);
      chosen.push(j);
    }
    const paths = chosen.length;
    if (chosen.length > max) chosen = chosen.slice(0, max);
    intro.push(`${plural(journeys.length, 'packet')} took ${plural(paths, 'unique path')} through VPP's graph; one packet of each path is explained below${paths > chosen.length ? ` (the first ${chosen.length})` : ''}.`);
  }
  const lineCache = new Map<string, (n: number) => string | undefined>();
  const linesOf = (input: string): ((n: number) => string | undefined) | null => {
    const t = opts.texts?.get(input);
    if (t === undefined) return null;
    let l = lineCache.get(input);
    if (!l) lineCache.set(input, (l = lineReader(t)));
    return l;
  };
  const topology = journeys.length ? inferSchematic(chosen, nodeOf) : null;
  const walks = chosen.map((j) => {
    const lines = linesOf(j.input);
    const k8sNode = nodeOf(j);
    return walkthrough(j, {
      lineText: lines ?? undefined,
      schematic: topology?.nodes.find((n) => n.name === k8sNode) ?? null,
      k8sNode,
    });
  });
  const counts: Record<string, number> = {};
  for (const j of chosen) counts[j.id] = perPath.get(j.pathId) ?? 1;
  const inputs = [...new Set(journeys.map((j) => j.input))];
  return {
    title: opts.title ?? `Walkthrough of ${inputs.length === 1 ? inputs[0] : plural(inputs.length, 'input')}`,
    intro,
    topology,
    walkthroughs: walks,
    counts,
  };
}
