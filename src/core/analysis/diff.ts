// Before/after comparison of node state: two bundles (nodes matched by name) or two nodes of one
// bundle. Interfaces and addresses, error counters, cnat translations and sessions, npol rules and
// ipsets, tunnels, and `show run` rates — what appeared, disappeared, changed.
import type { Inflate } from '../bytes/gzip';
import { nodeState, type NodeState } from '../bundle/state';
import type { Bundle } from '../bundle/types';
import { sessionKey } from '../vpp-state/cnat';
import { sumErrors } from '../vpp-state/errors';
import { natural } from './topology';

export type DiffValue = string | number | null;

export interface DiffItem {
  key: string;
  before: DiffValue;
  after: DiffValue;
}

export type DiffSectionName = 'interfaces' | 'counters' | 'addresses' | 'errors' | 'cnat-translations' | 'cnat-sessions' | 'npol-rules' | 'npol-ipsets' | 'tunnels' | 'runtime';

export interface DiffSection {
  name: DiffSectionName;
  /** False when neither side has the data (the section says nothing). */
  compared: boolean;
  added: DiffItem[];
  removed: DiffItem[];
  changed: DiffItem[];
}

export interface NodeDiff {
  a: string;
  b: string;
  sections: DiffSection[];
}

export interface BundleDiff {
  a: string;
  b: string;
  nodes: NodeDiff[];
  onlyInA: string[];
  onlyInB: string[];
}

export interface DiffOptions {
  inflate?: Inflate;
  /** Relative change of a `show run` rate that counts as a change (default 0.1 = 10%). */
  rateTolerance?: number;
}

type Table = Map<string, DiffValue> | null;

function section(name: DiffSectionName, a: Table, b: Table, changed?: (x: DiffValue, y: DiffValue) => boolean): DiffSection {
  const s: DiffSection = { name, compared: a !== null || b !== null, added: [], removed: [], changed: [] };
  if (!a || !b) {
    // One side lacks the data: report nothing rather than everything as added/removed.
    return { ...s, compared: false };
  }
  const differs = changed ?? ((x, y) => x !== y);
  for (const [k, v] of a) {
    if (!b.has(k)) s.removed.push({ key: k, before: v, after: null });
    else if (differs(v, b.get(k)!)) s.changed.push({ key: k, before: v, after: b.get(k)! });
  }
  for (const [k, v] of b) if (!a.has(k)) s.added.push({ key: k, before: null, after: v });
  const by = (x: DiffItem, y: DiffItem) => natural(x.key, y.key);
  s.added.sort(by);
  s.removed.sort(by);
  s.changed.sort(by);
  return s;
}

function interfaces(ns: NodeState): Table {
  const v = ns.interfaces();
  if (!v) return null;
  return new Map(v.parsed.data.interfaces.map((i) => [i.name, `${i.state}${i.mtu ? ` mtu ${i.mtu.l3}` : ''}`]));
}

function counters(ns: NodeState): Table {
  const v = ns.interfaces();
  if (!v) return null;
  const m = new Map<string, DiffValue>();
  for (const i of v.parsed.data.interfaces) for (const [k, c] of Object.entries(i.counters)) m.set(`${i.name} ${k}`, c);
  return m;
}

function addresses(ns: NodeState): Table {
  const v = ns.interfaceAddresses();
  if (!v) return null;
  const m = new Map<string, DiffValue>();
  for (const i of v.parsed.data.interfaces) for (const a of i.addresses) m.set(`${i.name} ${a.address}/${a.prefixLength}`, a.fibIndex !== null ? `fib-idx ${a.fibIndex}` : 'default table');
  return m;
}

function errors(ns: NodeState): Table {
  const v = ns.errors();
  if (!v) return null;
  return new Map(sumErrors(v.parsed.data.counters).map((e) => [`${e.node}: ${e.reason}`, e.count]));
}

function translations(ns: NodeState): Table {
  const v = ns.translations();
  if (!v) return null;
  return new Map(
    v.parsed.data.translations.map((t) => [
      `${t.vip};${t.port} ${t.protocol}`,
      t.backends.length === 0 ? '(no backends)' : t.backends.map((b) => `${b.dst};${b.dstPort}`).sort(natural).join(', '),
    ]),
  );
}

function sessions(ns: NodeState): Table {
  const v = ns.sessions();
  if (!v) return null;
  return new Map(v.parsed.data.sessions.map((s) => [sessionKey(s), s.newSrc !== null ? `=> ${s.newSrc};${s.newSrcPort} -> ${s.newDst};${s.newDstPort}` : '']));
}

function rules(ns: NodeState): Table {
  const v = ns.npolRules();
  if (v) return new Map(v.parsed.data.rules.map((r) => [`rule#${r.id}`, r.text.replace(/^\[rule#\d+;/, '[')]));
  const p = ns.npolPolicies();
  if (!p) return null;
  return new Map(p.parsed.data.policies.flatMap((x) => x.rules).map((r) => [`rule#${r.id}`, r.text.replace(/^\[rule#\d+;/, '[')]));
}

function ipsets(ns: NodeState): Table {
  const v = ns.npolIpsets();
  if (!v) return null;
  return new Map(v.parsed.data.ipsets.map((s) => [`ipset#${s.id}`, `${s.type}: ${s.members.map((m) => m.text).sort(natural).join(', ')}`]));
}

function tunnels(ns: NodeState): Table {
  const a = ns.ipipTunnels();
  const b = ns.vxlanTunnels();
  if (!a && !b) return null;
  const m = new Map<string, DiffValue>();
  for (const t of [...(a?.parsed.data.tunnels ?? []), ...(b?.parsed.data.tunnels ?? [])]) {
    m.set(`${t.kind} ${t.src ?? '*'} -> ${t.dst ?? '*'}${t.vni !== null ? ` vni ${t.vni}` : ''}`, `[${t.index}]${t.swIfIndex !== null ? ` sw_if_index ${t.swIfIndex}` : ''}`);
  }
  return m;
}

function runtime(ns: NodeState): Table {
  const v = ns.runtime();
  if (!v) return null;
  const m = new Map<string, DiffValue>();
  for (const t of v.parsed.data.threads) {
    if (t.vectorRates) for (const k of ['in', 'out', 'drop', 'punt'] as const) m.set(`thread ${t.index} vector rate ${k}`, t.vectorRates[k]);
    for (const n of t.nodes) if (n.calls > 0 || n.vectors > 0) m.set(`thread ${t.index} ${n.name} vectors/call`, n.vectorsPerCall);
  }
  return m;
}

function rateChanged(tol: number) {
  return (x: DiffValue, y: DiffValue): boolean => {
    if (typeof x !== 'number' || typeof y !== 'number') return x !== y;
    const big = Math.max(Math.abs(x), Math.abs(y));
    return big > 0 && Math.abs(x - y) / big > tol && Math.abs(x - y) >= 0.5;
  };
}

/** Compares two nodes' state (same or different bundles). */
export function diffNodeStates(a: NodeState, b: NodeState, opts: DiffOptions = {}): NodeDiff {
  const tol = opts.rateTolerance ?? 0.1;
  return {
    a: a.name,
    b: b.name,
    sections: [
      section('interfaces', interfaces(a), interfaces(b)),
      section('counters', counters(a), counters(b)),
      section('addresses', addresses(a), addresses(b)),
      section('errors', errors(a), errors(b)),
      section('cnat-translations', translations(a), translations(b)),
      section('cnat-sessions', sessions(a), sessions(b)),
      section('npol-rules', rules(a), rules(b)),
      section('npol-ipsets', ipsets(a), ipsets(b)),
      section('tunnels', tunnels(a), tunnels(b)),
      section('runtime', runtime(a), runtime(b), rateChanged(tol)),
    ],
  };
}

/** Two bundles (before → after): nodes matched by name (a single node on each side is paired). */
export function diffBundles(a: Bundle, b: Bundle, opts: DiffOptions & { node?: string } = {}): BundleDiff {
  let namesA = a.nodes.map((n) => n.name);
  let namesB = b.nodes.map((n) => n.name);
  if (opts.node) {
    namesA = namesA.filter((n) => n === opts.node);
    namesB = namesB.filter((n) => n === opts.node);
  }
  const pairs: Array<[string, string]> = namesA.filter((n) => namesB.includes(n)).map((n) => [n, n]);
  let onlyInA = namesA.filter((n) => !namesB.includes(n));
  let onlyInB = namesB.filter((n) => !namesA.includes(n));
  if (pairs.length === 0 && onlyInA.length === 1 && onlyInB.length === 1) {
    pairs.push([onlyInA[0]!, onlyInB[0]!]);
    onlyInA = [];
    onlyInB = [];
  }
  return {
    a: a.name,
    b: b.name,
    nodes: pairs.map(([x, y]) => diffNodeStates(nodeState(a, x, opts.inflate)!, nodeState(b, y, opts.inflate)!, opts)),
    onlyInA,
    onlyInB,
  };
}

/** Two nodes of one bundle. */
export function diffNodes(bundle: Bundle, nodeA: string, nodeB: string, opts: DiffOptions = {}): NodeDiff {
  const a = nodeState(bundle, nodeA, opts.inflate);
  const b = nodeState(bundle, nodeB, opts.inflate);
  if (!a || !b) throw new Error(`the bundle has no node '${!a ? nodeA : nodeB}' (nodes: ${bundle.nodes.map((n) => n.name).join(', ') || 'none'})`);
  return diffNodeStates(a, b, opts);
}

const fmt = (v: DiffValue) => (v === null ? '' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : v);

/** Plain-text rendering for the CLI. */
export function formatNodeDiff(d: NodeDiff, maxPerSection = 50): string {
  const lines: string[] = [`${d.a}${d.a !== d.b ? ` → ${d.b}` : ''}`];
  for (const s of d.sections) {
    if (!s.compared) {
      lines.push(`  ${s.name}: not in both`);
      continue;
    }
    const n = s.added.length + s.removed.length + s.changed.length;
    lines.push(`  ${s.name}: ${n === 0 ? 'no change' : `+${s.added.length} -${s.removed.length} ~${s.changed.length}`}`);
    const items = [
      ...s.added.map((i) => `    + ${i.key}${i.after !== '' && i.after !== null ? `  ${fmt(i.after)}` : ''}`),
      ...s.removed.map((i) => `    - ${i.key}${i.before !== '' && i.before !== null ? `  ${fmt(i.before)}` : ''}`),
      ...s.changed.map((i) => `    ~ ${i.key}: ${fmt(i.before)} → ${fmt(i.after)}`),
    ];
    lines.push(...items.slice(0, maxPerSection));
    if (items.length > maxPerSection) lines.push(`    … ${items.length - maxPerSection} more (use --json for all)`);
  }
  return lines.join('\n');
}
