// Grouping journeys: by unique path (node sequence) and by flow (both directions together).
import type { Flow, FlowGroup, Journey, PathGroup } from '../model';
import { conversationKey, flowKey } from '../model';
import { journeyNodes } from './lazy-hop';

/**
 * A stable id for a node sequence: `p` + 8 hex digits of the 32-bit FNV-1a hash of the names joined
 * with `>` (the same id for the same path from any source: text traces, dispatch captures).
 */
export function pathId(nodes: string[]): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < nodes.length; i++) {
    if (i > 0) {
      h ^= 0x3e; // '>'
      h = Math.imul(h, 0x01000193);
    }
    const s = nodes[i]!;
    for (let k = 0; k < s.length; k++) {
      h ^= s.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
  }
  return `p${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/** Unique paths with their packet counts, most frequent first (ties: first seen first). */
export function groupPaths(journeys: Journey[]): PathGroup[] {
  const m = new Map<string, PathGroup>();
  for (const j of journeys) {
    const g = m.get(j.pathId);
    if (g) g.count++;
    else m.set(j.pathId, { id: j.pathId, nodes: [...journeyNodes(j)], count: 1 });
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

/** Journeys by conversation (a flow and its reverse together), largest first; journeys without a flow are left out. */
export function groupFlows(journeys: Journey[]): FlowGroup[] {
  const m = new Map<string, { g: FlowGroup; keys: Set<string> }>();
  for (const j of journeys) {
    const f: Flow | null = j.flow;
    if (!f) continue;
    const key = conversationKey(f);
    let e = m.get(key);
    if (!e) {
      e = { g: { key, flows: [], journeyIds: [] }, keys: new Set() };
      m.set(key, e);
    }
    const fk = flowKey(f);
    if (!e.keys.has(fk)) {
      e.keys.add(fk);
      e.g.flows.push(f);
    }
    e.g.journeyIds.push(j.id);
  }
  return [...m.values()].map((e) => e.g).sort((a, b) => b.journeyIds.length - a.journeyIds.length);
}
