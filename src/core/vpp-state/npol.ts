// Calico network policies in VPP (`npol`, formerly `capo`): `show npol interfaces`, `show npol
// policies [verbose]`, `show npol rules`, `show npol ipsets`. Source: FDio/vpp src/plugins/npol/
// (npol_format.c, npol_interface.c, npol_policy.c, npol_rule.c, npol_ipset.c).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export type NpolAction = 'allow' | 'deny' | 'log' | 'pass' | 'unknown';

export interface NpolIpsetMember {
  text: string;
  /** ip / prefix / ip+port member parts. */
  address: string | null;
  prefixLength: number | null;
  protocol: string | null;
  port: number | null;
}

export interface NpolIpset extends Lined {
  id: number;
  type: 'ip' | 'ip+port' | 'prefix' | string;
  members: NpolIpsetMember[];
}

export type NpolEntryType = 'cidr' | 'ports' | 'ipset' | 'unknown';

export interface NpolRuleEntry {
  /** `src` or `dst`. */
  side: 'src' | 'dst';
  negated: boolean;
  type: NpolEntryType;
  /** CIDR text, port range text or the ipset reference. */
  value: string;
  prefix: { address: string; length: number } | null;
  ports: { start: number; end: number } | null;
  ipsetId: number | null;
  /** Members printed inline with the ipset reference. */
  ipset: NpolIpset | null;
}

export interface NpolFilter {
  kind: 'icmp-type' | 'icmp-code' | 'proto' | 'unknown';
  shouldMatch: boolean;
  value: string;
}

export interface NpolRule extends Lined {
  id: number;
  action: NpolAction;
  filters: NpolFilter[];
  entries: NpolRuleEntry[];
  /** The rule as printed, for display and diff. */
  text: string;
}

export interface NpolPolicy extends Lined {
  id: number;
  /** Rule ids by direction (verbose form; `rx`/`tx` from VPP's point of view). */
  rx: number[];
  tx: number[];
  /** Rule bodies printed inline (verbose form). */
  rules: NpolRule[];
  /** Non-verbose counts. */
  rxCount: number | null;
  txCount: number | null;
  lastLine: number;
}

export interface NpolInterface extends Lined {
  name: string;
  swIfIndex: number;
  inverted: boolean;
  addr4: string | null;
  addr6: string | null;
  /** 0 allow, 1 deny, 2 pass (npol_policy_default). */
  rxPolicyDefault: number | null;
  rxProfileDefault: number | null;
  txPolicyDefault: number | null;
  txProfileDefault: number | null;
  rxPolicies: NpolPolicy[];
  prednatPolicies: NpolPolicy[];
  txPolicies: NpolPolicy[];
  profiles: NpolPolicy[];
  lastLine: number;
}

const ACTIONS = new Set(['allow', 'deny', 'log', 'pass']);

function parseMember(text: string): NpolIpsetMember {
  let m = /^([0-9a-fA-F:.]+)\/(\d+)$/.exec(text);
  if (m) return { text, address: m[1]!, prefixLength: Number(m[2]), protocol: null, port: null };
  m = /^(\S+) ([0-9a-fA-F:.]+);(\d+)$/.exec(text);
  if (m) return { text, address: m[2]!, prefixLength: null, protocol: m[1]!, port: Number(m[3]) };
  if (/^[0-9a-fA-F:.]+$/.test(text)) return { text, address: text, prefixLength: null, protocol: null, port: null };
  return { text, address: null, prefixLength: null, protocol: null, port: null };
}

/** `[ipset#N;type;m1,m2,]` → ipset (line given by the caller). */
export function parseIpsetText(text: string, line: number): NpolIpset | null {
  const m = /^\[ipset#(\d+);([^;\]]*);([^\]]*)\]$/.exec(text.trim());
  if (!m) return null;
  const members = m[3]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(parseMember);
  return { line, id: Number(m[1]), type: m[2]!, members };
}

/** Splits the inside of a rule's second bracket on top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (start < s.length) out.push(s.slice(start));
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function parseEntry(text: string, line: number): NpolRuleEntry | NpolFilter | null {
  const f = /^(icmp-type|icmp-code|proto)(==|!=)(.+)$/.exec(text);
  if (f) return { kind: f[1] as NpolFilter['kind'], shouldMatch: f[2] === '==', value: f[3]! };
  const e = /^(src|dst)(==|!=)(.+)$/.exec(text);
  if (!e) return null;
  const side = e[1] as 'src' | 'dst';
  const negated = e[2] === '!=';
  const v = e[3]!;
  const base = { side, negated, value: v, prefix: null, ports: null, ipsetId: null, ipset: null };
  let m = /^([0-9a-fA-F:.]+)\/(\d+)$/.exec(v);
  if (m) return { ...base, type: 'cidr', prefix: { address: m[1]!, length: Number(m[2]) } };
  m = /^\[(\d+)-(\d+)\]$/.exec(v);
  if (m) return { ...base, type: 'ports', ports: { start: Number(m[1]), end: Number(m[2]) } };
  if (/^\d+$/.test(v)) return { ...base, type: 'ports', ports: { start: Number(v), end: Number(v) } };
  const set = parseIpsetText(v, line);
  if (set) return { ...base, type: 'ipset', ipsetId: set.id, ipset: set };
  return { ...base, type: 'unknown' };
}

/** One `[rule#N;action][entries,]` text → rule. */
export function parseRuleText(text: string, line: number): NpolRule | null {
  const m = /^\[rule#(\d+);(\w+)\]\[(.*)\]\s*$/.exec(text.trim());
  if (!m) return null;
  const rule: NpolRule = {
    line,
    id: Number(m[1]),
    action: ACTIONS.has(m[2]!) ? (m[2] as NpolAction) : 'unknown',
    filters: [],
    entries: [],
    text: text.trim(),
  };
  for (const part of splitTop(m[3]!)) {
    const e = parseEntry(part, line);
    if (!e) continue;
    if ('kind' in e) rule.filters.push(e);
    else rule.entries.push(e);
  }
  return rule;
}

function failOrEmpty<T>(text: string, input: string, data: T): Parsed<T> | null {
  const failure = detectFailure(text, { shortErrors: true });
  return failure ? { input, data, failure, diagnostics: [] } : null;
}

/** `show npol rules`. */
export function parseNpolRules(text: string, input = 'show-npol-rules'): Parsed<{ rules: NpolRule[] }> {
  const data = { rules: [] as NpolRule[] };
  const f = failOrEmpty(text, input, data);
  if (f) return f;
  const diagnostics: Diagnostic[] = [];
  splitLines(text).forEach((line, i) => {
    if (isBlank(line)) return;
    const r = parseRuleText(line, i + 1);
    if (r) data.rules.push(r);
    else diagnostics.push(diagnostic(input, `not an npol rule: ${line.trim().slice(0, 60)}`, { line: i + 1 }));
  });
  return { input, data, failure: null, diagnostics };
}

/** `show npol ipsets`. */
export function parseNpolIpsets(text: string, input = 'show-npol-ipsets'): Parsed<{ ipsets: NpolIpset[] }> {
  const data = { ipsets: [] as NpolIpset[] };
  const f = failOrEmpty(text, input, data);
  if (f) return f;
  const diagnostics: Diagnostic[] = [];
  splitLines(text).forEach((line, i) => {
    if (isBlank(line)) return;
    const s = parseIpsetText(line, i + 1);
    if (s) data.ipsets.push(s);
    else diagnostics.push(diagnostic(input, `not an npol ipset: ${line.trim().slice(0, 60)}`, { line: i + 1 }));
  });
  return { input, data, failure: null, diagnostics };
}

/** Reads `[policy#N]` blocks (verbose or counts) starting at lines[i]; returns the policy and next index. */
function readPolicy(lines: string[], i: number, stopIndent: number): { policy: NpolPolicy; next: number } | null {
  const head = /^\s*\[policy#(\d+)\](?: rx-rules:(\d+) tx-rules:(\d+))?\s*$/.exec(lines[i]!);
  if (!head) return null;
  const policy: NpolPolicy = {
    line: i + 1,
    id: Number(head[1]),
    rx: [],
    tx: [],
    rules: [],
    rxCount: head[2] !== undefined ? Number(head[2]) : null,
    txCount: head[3] !== undefined ? Number(head[3]) : null,
    lastLine: i + 1,
  };
  let j = i + 1;
  for (; j < lines.length; j++) {
    const l = lines[j]!;
    if (isBlank(l)) continue;
    const m = /^(\s*)(rx|tx):(.*)$/.exec(l);
    if (!m || m[1]!.length <= stopIndent) break;
    const rule = parseRuleText(m[3]!, j + 1);
    if (rule) {
      policy.rules.push(rule);
      (m[2] === 'rx' ? policy.rx : policy.tx).push(rule.id);
    }
    policy.lastLine = j + 1;
  }
  return { policy, next: j };
}

/** `show npol policies [verbose]`. */
export function parseNpolPolicies(text: string, input = 'show-npol-policies'): Parsed<{ policies: NpolPolicy[] }> {
  const data = { policies: [] as NpolPolicy[] };
  const f = failOrEmpty(text, input, data);
  if (f) return f;
  const diagnostics: Diagnostic[] = [];
  const lines = splitLines(text);
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i]!)) {
      i++;
      continue;
    }
    const r = readPolicy(lines, i, -1);
    if (r) {
      data.policies.push(r.policy);
      i = r.next;
    } else {
      diagnostics.push(diagnostic(input, `not an npol policy line: ${lines[i]!.trim().slice(0, 60)}`, { line: i + 1 }));
      i++;
    }
  }
  return { input, data, failure: null, diagnostics };
}

/** `show npol interfaces`. */
export function parseNpolInterfaces(text: string, input = 'show-npol-interfaces'): Parsed<{ interfaces: NpolInterface[] }> {
  const data = { interfaces: [] as NpolInterface[] };
  const f = failOrEmpty(text, input, data);
  if (f) return f;
  const diagnostics: Diagnostic[] = [];
  const lines = splitLines(text);
  let cur: NpolInterface | null = null;
  let section: 'rx' | 'tx' | 'prednat' | 'profiles' = 'rx';
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line) || /^Interfaces with policies configured:/.test(line)) {
      i++;
      continue;
    }
    const h = /^\[(.+?) sw_if_index=(\d+)\s*(inverted)?(?:\s*addr=(\S+?))?(?:\s*addr6=(\S+?))?\s*\]\s*$/.exec(line);
    if (h) {
      cur = {
        line: ln,
        name: h[1]!,
        swIfIndex: Number(h[2]),
        inverted: h[3] !== undefined,
        addr4: h[4] ?? null,
        addr6: h[5] ?? null,
        rxPolicyDefault: null,
        rxProfileDefault: null,
        txPolicyDefault: null,
        txProfileDefault: null,
        rxPolicies: [],
        prednatPolicies: [],
        txPolicies: [],
        profiles: [],
        lastLine: ln,
      };
      data.interfaces.push(cur);
      section = 'rx';
      i++;
      continue;
    }
    if (!cur) {
      diagnostics.push(diagnostic(input, `line before the first interface: ${line.trim().slice(0, 60)}`, { line: ln }));
      i++;
      continue;
    }
    cur.lastLine = ln;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(rx|tx|prednat|profiles):$/.exec(t))) {
      section = m[1] as typeof section;
      i++;
      continue;
    }
    if ((m = /^(rx|tx)-policy-default:(\d+) \1-profile-default:(\d+)/.exec(t))) {
      if (m[1] === 'rx') {
        cur.rxPolicyDefault = Number(m[2]);
        cur.rxProfileDefault = Number(m[3]);
      } else {
        cur.txPolicyDefault = Number(m[2]);
        cur.txProfileDefault = Number(m[3]);
      }
      section = m[1] as 'rx' | 'tx';
      i++;
      continue;
    }
    const r = readPolicy(lines, i, 2);
    if (r) {
      const list = section === 'rx' ? cur.rxPolicies : section === 'tx' ? cur.txPolicies : section === 'prednat' ? cur.prednatPolicies : cur.profiles;
      list.push(r.policy);
      cur.lastLine = r.policy.lastLine;
      i = r.next;
      continue;
    }
    if (t !== 'deleted policy') diagnostics.push(diagnostic(input, `unrecognised npol interface line: ${t.slice(0, 60)}`, { line: ln }));
    i++;
  }
  return { input, data, failure: null, diagnostics };
}
