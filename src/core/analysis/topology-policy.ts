// Explaining a packet dropped by policy down to the rule: the node's npol dumps are evaluated the way
// VPP's npol plugin does (FDio/vpp src/plugins/npol/npol_match.c: policies in order, first matching
// rule wins, `pass` jumps to the profiles, then the per-interface defaults), or a rule named by a
// trace is resolved to its policies, interfaces and ipsets.
import type { Inflate } from '../bytes/gzip';
import { nodeState } from '../bundle/state';
import type { Bundle, BundleFile } from '../bundle/types';
import type { NpolInterface, NpolIpset, NpolPolicy, NpolRule, NpolRuleEntry } from '../vpp-state/npol';
import { ev, type Evidence } from './topology';
import { inPrefix, protocolNumber, sameIp } from './topology-ip';

export interface PolicyPacket {
  src: string;
  dst: string;
  /** Protocol number or name (`TCP`, `udp`, `ICMP`). */
  protocol: number | string;
  srcPort?: number | null;
  dstPort?: number | null;
  /** ICMP type / code (VPP puts them in the port slots). */
  icmpType?: number | null;
  icmpCode?: number | null;
}

export interface PolicyQuery {
  node: string;
  /** Interface the packet was received on (rx) or sent to (tx). */
  interface?: string | null;
  swIfIndex?: number | null;
  /** `rx`: received by VPP on the interface (for a pod tun: the pod is sending). `tx`: sent to it. */
  direction: 'rx' | 'tx';
  packet?: PolicyPacket | null;
  /** A rule id named by a trace, when there is one. */
  ruleId?: number | null;
}

export interface PolicyStep {
  text: string;
  evidence: Evidence | null;
}

export interface PolicyExplanation {
  verdict: 'allow' | 'deny' | 'unknown';
  /** The rule that decided, with the policy holding it (null: a default decided, or unknown). */
  rule: NpolRule | null;
  policy: NpolPolicy | null;
  /** `policy`, `profile`, or which default decided. */
  decidedBy: 'policy' | 'profile' | 'policy-default' | 'profile-default' | 'no-policy' | null;
  /** Interfaces whose configuration holds the rule (rule-id queries). */
  interfaces: string[];
  /** Ipsets the rule refers to, with their members (from `show npol ipsets` when available). */
  ipsets: NpolIpset[];
  steps: PolicyStep[];
  evidence: Evidence[];
}

const DEFAULT_NAMES = ['allow', 'deny', 'pass'];

function ipsetById(id: number, dump: NpolIpset[], inline: NpolIpset | null): NpolIpset | null {
  return dump.find((s) => s.id === id) ?? inline;
}

/** Does one rule entry match the packet? Mirrors npol_match_rule's groups. */
function entryMatches(e: NpolRuleEntry, pkt: PolicyPacket, ipsets: NpolIpset[], proto: number | null): boolean {
  const addr = e.side === 'src' ? pkt.src : pkt.dst;
  const port = e.side === 'src' ? pkt.srcPort : pkt.dstPort;
  if (e.type === 'cidr' && e.prefix) return inPrefix(addr, e.prefix.address, e.prefix.length);
  if (e.type === 'ports' && e.ports) return port !== null && port !== undefined && port >= e.ports.start && port <= e.ports.end;
  if (e.type === 'ipset' && e.ipsetId !== null) {
    const set = ipsetById(e.ipsetId, ipsets, e.ipset);
    if (!set) return false;
    return set.members.some((m) => {
      if (!m.address) return false;
      if (set.type === 'ip+port') return sameIp(m.address, addr) && m.port === port && protocolNumber(m.protocol) === proto;
      if (m.prefixLength !== null) return inPrefix(addr, m.address, m.prefixLength);
      return sameIp(m.address, addr);
    });
  }
  return false;
}

/** Evaluates one rule: true when it matches (npol_match_rule returns its action). */
export function ruleMatches(rule: NpolRule, pkt: PolicyPacket, ipsets: NpolIpset[]): { match: boolean; why: string } {
  const proto = protocolNumber(pkt.protocol);
  for (const f of rule.filters) {
    if (f.kind === 'proto') {
      const want = protocolNumber(f.value);
      if (f.shouldMatch && want !== proto) return { match: false, why: `protocol is not ${f.value}` };
      if (!f.shouldMatch && want === proto) return { match: false, why: `protocol is ${f.value}` };
    } else if (f.kind === 'icmp-type' || f.kind === 'icmp-code') {
      if (proto !== 1 && proto !== 58) return { match: false, why: `${f.kind} filter on a non-ICMP packet` };
      const got = f.kind === 'icmp-type' ? pkt.icmpType : pkt.icmpCode;
      const want = Number(f.value);
      if (f.shouldMatch && got !== want) return { match: false, why: `${f.kind} is not ${want}` };
      if (!f.shouldMatch && got === want) return { match: false, why: `${f.kind} is ${want}` };
    }
  }
  // Address groups: for each side, positive CIDRs (any of), negative CIDRs (none), positive ip-ipsets
  // (any of), negative (none). Ports: positive port ranges OR port ipsets (any of), negatives none.
  for (const side of ['src', 'dst'] as const) {
    const es = rule.entries.filter((e) => e.side === side);
    const group = (type: 'cidr' | 'ipset-ip', negated: boolean) =>
      es.filter((e) => e.negated === negated && (type === 'cidr' ? e.type === 'cidr' : e.type === 'ipset' && ipsetById(e.ipsetId!, ipsets, e.ipset)?.type !== 'ip+port'));
    for (const type of ['cidr', 'ipset-ip'] as const) {
      const pos = group(type, false);
      if (pos.length > 0 && !pos.some((e) => entryMatches(e, pkt, ipsets, proto))) return { match: false, why: `${side} address not in ${pos.map((e) => e.value).join(' | ')}` };
      const neg = group(type, true);
      const hit = neg.find((e) => entryMatches(e, pkt, ipsets, proto));
      if (hit) return { match: false, why: `${side} address is in the excluded ${hit.value}` };
    }
    const portsPos = es.filter((e) => !e.negated && (e.type === 'ports' || (e.type === 'ipset' && ipsetById(e.ipsetId!, ipsets, e.ipset)?.type === 'ip+port')));
    const portsNeg = es.filter((e) => e.negated && (e.type === 'ports' || (e.type === 'ipset' && ipsetById(e.ipsetId!, ipsets, e.ipset)?.type === 'ip+port')));
    const hitNeg = portsNeg.find((e) => entryMatches(e, pkt, ipsets, proto));
    if (hitNeg) return { match: false, why: `${side} port is in the excluded ${hitNeg.value}` };
    if (portsPos.length > 0 && !portsPos.some((e) => entryMatches(e, pkt, ipsets, proto))) return { match: false, why: `${side} port not in ${portsPos.map((e) => e.value).join(' | ')}` };
  }
  return { match: true, why: 'every condition holds' };
}

function collectIpsets(rule: NpolRule, dump: NpolIpset[]): NpolIpset[] {
  const out: NpolIpset[] = [];
  for (const e of rule.entries) {
    if (e.type !== 'ipset' || e.ipsetId === null) continue;
    const s = ipsetById(e.ipsetId, dump, e.ipset);
    if (s && !out.some((x) => x.id === s.id)) out.push(s);
  }
  return out;
}

/** Explains a policy decision on a node. */
export function explainPolicyDrop(bundle: Bundle, q: PolicyQuery, inflate?: Inflate): PolicyExplanation {
  const out: PolicyExplanation = { verdict: 'unknown', rule: null, policy: null, decidedBy: null, interfaces: [], ipsets: [], steps: [], evidence: [] };
  const ns = nodeState(bundle, q.node, inflate);
  if (!ns) {
    out.steps.push({ text: `the bundle has no node '${q.node}'`, evidence: null });
    return out;
  }
  const ifs = ns.npolInterfaces();
  const rulesDump = ns.npolRules();
  const policiesDump = ns.npolPolicies();
  const ipsetsDump = ns.npolIpsets();
  const ipsets = ipsetsDump?.parsed.data.ipsets ?? [];
  const step = (text: string, file: BundleFile | null = null, line: number | null = null) => {
    const e = file ? ev(text, file, line) : null;
    out.steps.push({ text, evidence: e });
    if (e) out.evidence.push(e);
  };

  // A rule named by the trace: resolve it.
  if (q.ruleId !== null && q.ruleId !== undefined && !q.packet) {
    const rule =
      rulesDump?.parsed.data.rules.find((r) => r.id === q.ruleId) ??
      policiesDump?.parsed.data.policies.flatMap((p) => p.rules).find((r) => r.id === q.ruleId) ??
      ifs?.parsed.data.interfaces.flatMap(allPolicies).flatMap((p) => p.rules).find((r) => r.id === q.ruleId) ??
      null;
    if (!rule) {
      step(`rule#${q.ruleId} is not in this node's npol dumps`, rulesDump?.file ?? null, null);
      return out;
    }
    out.rule = rule;
    out.verdict = rule.action === 'deny' ? 'deny' : rule.action === 'allow' ? 'allow' : 'unknown';
    step(`rule#${rule.id} (${rule.action}): ${rule.text}`, rulesDump?.file ?? null, rulesDump ? rule.line : null);
    const holders = policiesDump?.parsed.data.policies.filter((p) => p.rx.includes(rule.id) || p.tx.includes(rule.id)) ?? [];
    for (const p of holders) step(`held by policy#${p.id} (${p.rx.includes(rule.id) ? 'rx' : 'tx'})`, policiesDump!.file, p.line);
    out.policy = holders[0] ?? null;
    for (const i of ifs?.parsed.data.interfaces ?? []) {
      if (allPolicies(i).some((p) => p.rules.some((r) => r.id === rule.id) || holders.some((h) => h.id === p.id))) {
        out.interfaces.push(i.name);
        step(`configured on ${i.name} (sw_if_index ${i.swIfIndex})`, ifs!.file, i.line);
      }
    }
    out.ipsets = collectIpsets(rule, ipsets);
    for (const s of out.ipsets) step(`ipset#${s.id} (${s.type}): ${s.members.map((m) => m.text).join(', ') || 'empty'}`, ipsetsDump?.file ?? null, ipsetsDump ? s.line : null);
    return out;
  }

  const iface = ifs?.parsed.data.interfaces.find((i) => (q.interface && i.name === q.interface) || (q.swIfIndex !== null && q.swIfIndex !== undefined && i.swIfIndex === q.swIfIndex));
  if (!ifs) {
    step(`no 'show npol interfaces' for ${q.node}: the policies cannot be evaluated`);
    return out;
  }
  if (!iface) {
    step(`${q.interface ?? `sw_if_index ${q.swIfIndex}`} has no policy configured: npol allows everything on it`, ifs.file, null);
    out.verdict = 'allow';
    out.decidedBy = 'no-policy';
    return out;
  }
  if (!q.packet) {
    step('no packet given: the policies cannot be evaluated', ifs.file, iface.line);
    return out;
  }
  const pkt = q.packet;
  const rx = q.direction === 'rx';
  // The dump prints the effective rx/tx lists (inversion applied); the defaults are printed raw.
  const policies = rx ? iface.rxPolicies : iface.txPolicies;
  const effRx = rx !== iface.inverted;
  const policyDefault = effRx ? iface.rxPolicyDefault : iface.txPolicyDefault;
  const profileDefault = effRx ? iface.rxProfileDefault : iface.txProfileDefault;
  step(`${iface.name} (sw_if_index ${iface.swIfIndex}), ${rx ? 'received by VPP' : 'sent by VPP'}: ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}, ${iface.profiles.length} profile(s)`, ifs.file, iface.line);

  const evalList = (list: NpolPolicy[], kind: 'policy' | 'profile'): 'allow' | 'deny' | 'pass' | null => {
    for (const p of list) {
      const ids = rx ? p.rx : p.tx;
      const rules = p.rules.filter((r) => ids.includes(r.id));
      for (const r of rules) {
        const m = ruleMatches(r, pkt, ipsets);
        if (!m.match) {
          step(`${kind} policy#${p.id} rule#${r.id} (${r.action}) does not match: ${m.why}`, ifs.file, r.line);
          continue;
        }
        if (r.action === 'log') {
          step(`${kind} policy#${p.id} rule#${r.id} (log) matches; logging is not a decision`, ifs.file, r.line);
          continue;
        }
        step(`${kind} policy#${p.id} rule#${r.id} (${r.action}) matches: ${r.text}`, ifs.file, r.line);
        out.rule = rulesDump?.parsed.data.rules.find((x) => x.id === r.id) ?? r;
        out.policy = p;
        out.decidedBy = kind;
        if (r.action === 'pass') return 'pass';
        return r.action === 'deny' ? 'deny' : r.action === 'allow' ? 'allow' : null;
      }
      if (rules.length === 0) step(`${kind} policy#${p.id} has no ${rx ? 'rx' : 'tx'} rule`, ifs.file, p.line);
    }
    return null;
  };

  let r = evalList(policies, 'policy');
  if (r === 'allow' || r === 'deny') out.verdict = r;
  else {
    if (r !== 'pass') {
      const d = policyDefault ?? 0;
      step(`no policy rule matched: the policy default is ${DEFAULT_NAMES[d] ?? d}`, ifs.file, iface.line);
      if (d === 0 || d === 1) {
        out.verdict = d === 0 ? 'allow' : 'deny';
        out.decidedBy = 'policy-default';
        out.rule = null;
        out.policy = null;
      }
    }
    if (out.verdict === 'unknown') {
      out.rule = null;
      out.policy = null;
      r = evalList(iface.profiles, 'profile');
      if (r === 'allow' || r === 'deny') out.verdict = r;
      else {
        const d = profileDefault ?? 0;
        step(`no profile rule matched: the profile default is ${DEFAULT_NAMES[d] ?? d}`, ifs.file, iface.line);
        out.verdict = d === 1 ? 'deny' : 'allow';
        out.decidedBy = 'profile-default';
      }
    }
  }
  if (out.rule) {
    out.ipsets = collectIpsets(out.rule, ipsets);
    const rl = rulesDump?.parsed.data.rules.find((x) => x.id === out.rule!.id);
    if (rl) out.evidence.push(ev(`rule#${rl.id} in show npol rules`, rulesDump!.file, rl.line));
    for (const s of out.ipsets) if (ipsetsDump) out.evidence.push(ev(`ipset#${s.id}: ${s.members.map((m) => m.text).join(', ')}`, ipsetsDump.file, s.line));
  }
  return out;
}

function allPolicies(i: NpolInterface): NpolPolicy[] {
  return [...i.rxPolicies, ...i.txPolicies, ...i.prednatPolicies, ...i.profiles];
}
