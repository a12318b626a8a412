// The node glossary: plain explanations of VPP graph nodes, tags for analysis, drop reasons and
// what to check next. Exact entries first (glossary.ts), then name families (families.ts).
import { GLOSSARY } from './glossary';
import { familyInfo, describeInterface } from './families';
import type { GlossaryEntry, NodeInfo, NodeTag } from './types';

export type { NodeInfo, NodeTag, GlossaryEntry } from './types';
export { GLOSSARY } from './glossary';
export { describeInterface } from './families';

const BY_NAME = new Map<string, GlossaryEntry>();
for (const e of GLOSSARY) for (const n of e.names) if (!BY_NAME.has(n)) BY_NAME.set(n, e);

const CACHE = new Map<string, NodeInfo | null>();
const CACHE_LIMIT = 20000;

/** Everything the glossary knows about a node, or null for a node it does not know. */
export function nodeInfo(node: string): NodeInfo | null {
  const hit = CACHE.get(node);
  if (hit !== undefined) return hit;
  let info: NodeInfo | null = null;
  const e = BY_NAME.get(node);
  if (e) {
    info = { node, summary: e.summary, tags: e.tags, match: 'exact' };
    if (e.dropReasons) info.dropReasons = e.dropReasons;
    if (e.nextChecks) info.nextChecks = e.nextChecks;
  } else info = familyInfo(node);
  if (CACHE.size < CACHE_LIMIT) CACHE.set(node, info);
  return info;
}

/** One plain sentence saying what the node does; null for nodes the glossary does not know. */
export function explainNode(node: string): string | null {
  return nodeInfo(node)?.summary ?? null;
}

export function hasTag(node: string, tag: NodeTag): boolean {
  const i = nodeInfo(node);
  return i !== null && i.tags.includes(tag);
}

/** The interface a `<if>-output` / `<if>-tx` / `<if>-rx` node is named after, null otherwise. */
export function interfaceOfNode(node: string): string | null {
  return nodeInfo(node)?.interface ?? null;
}

/** Every node name with its own glossary entry. */
export function knownNodeNames(): string[] {
  return [...BY_NAME.keys()];
}

export interface DropExplanation {
  /** The node that counted the drop (text before the first `: `), null when the reason names none. */
  node: string | null;
  reason: string;
  /** Plain explanation, null when the glossary does not know this reason. */
  explanation: string | null;
  nextChecks: string[];
}

/**
 * Explains a drop / punt reason as printed under `drop` or `error-drop` (`<node>: <reason>`).
 * Looks in the reporting node's entry first, then in every entry (reasons are shared by node variants).
 */
export function explainDropReason(text: string): DropExplanation {
  const t = text.trim();
  const sep = t.indexOf(': ');
  const node = sep > 0 && !/\s/.test(t.slice(0, sep)) ? t.slice(0, sep) : null;
  const reason = node ? t.slice(sep + 2).trim() : t;
  const info = node ? nodeInfo(node) : null;
  let explanation = info?.dropReasons?.[reason] ?? null;
  if (explanation === null) {
    for (const e of GLOSSARY) {
      const r = e.dropReasons?.[reason];
      if (r) {
        explanation = r;
        break;
      }
    }
  }
  const nextChecks = [...(info?.nextChecks ?? [])];
  if (!nextChecks.some((c) => c.includes('show errors'))) nextChecks.push('Look for the matching counter in `show errors` to see how often this happens');
  return { node, reason, explanation, nextChecks };
}

/** Text for an interface name, e.g. "tap0 (in Calico VPP: the link to the Linux host of the node)". */
export function explainInterface(ifname: string): string {
  return describeInterface(ifname);
}
