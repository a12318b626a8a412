// The packet filter language of the Packets view. Terms are ANDed; `or` separates alternatives;
// `not` / `!` negates the next term. Examples:
//   ip 10.0.0.1        either address of the flow, before or after NAT; also src / dst
//   ip 10.0.0.0/24     an IPv4 prefix
//   port 443           either port (also sport / dport)
//   tcp, udp, icmp     protocol
//   drop, forwarded, punt, local   verdict
//   node ip4-cnat-tx   the packet crossed that graph node (`*` wildcards: node cnat-*)
//   iface tun3         received or sent on that interface
//   nat                a NAT rewrote it
//   trace, dispatch, pcap   where the packet was seen (text trace, dispatch capture, plain capture)
//   anything else      free text, matched in the flow, the nodes, interfaces and drop reason
//   "two words"        free text with spaces
import type { Journey } from '../../core/model';

export interface FilterTarget {
  journey: Journey;
  /** Kubernetes node or input name. */
  node: string;
  /** The journey's graph nodes in order (journeyNodes: without building its hops). */
  nodes: readonly string[];
}

type Pred = (t: FilterTarget) => boolean;

export interface CompiledFilter {
  test: Pred;
  /** True when the filter accepts everything (empty text). */
  all: boolean;
}

export class FilterError extends Error {}

const PROTOCOLS: Record<string, string[]> = {
  tcp: ['TCP'],
  udp: ['UDP'],
  icmp: ['ICMP'],
  icmp6: ['ICMP6', 'ICMPV6', 'IPV6-ICMP'],
  icmpv6: ['ICMP6', 'ICMPV6', 'IPV6-ICMP'],
  sctp: ['SCTP'],
  gre: ['GRE'],
  esp: ['IPSEC_ESP', 'ESP'],
};

const VERDICT_WORDS: Record<string, Journey['verdict']> = {
  drop: 'dropped',
  drops: 'dropped',
  dropped: 'dropped',
  forwarded: 'forwarded',
  fwd: 'forwarded',
  punt: 'punted',
  punted: 'punted',
  local: 'local',
};

function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] !== undefined ? `"${m[1]}` : m[2]!);
  return out;
}

function ipv4ToInt(s: string): number | null {
  const p = s.split('.');
  if (p.length !== 4) return null;
  let n = 0;
  for (const x of p) {
    if (!/^\d{1,3}$/.test(x)) return null;
    const v = Number(x);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function addressMatcher(spec: string): (addr: string) => boolean {
  const slash = spec.indexOf('/');
  if (slash > 0) {
    const base = ipv4ToInt(spec.slice(0, slash));
    const bits = Number(spec.slice(slash + 1));
    if (base === null || !Number.isInteger(bits) || bits < 0 || bits > 32) throw new FilterError(`'${spec}' is not an IPv4 prefix`);
    const size = 2 ** (32 - bits);
    const start = Math.floor(base / size) * size;
    return (a) => {
      const v = ipv4ToInt(a);
      return v !== null && v >= start && v < start + size;
    };
  }
  const v4 = ipv4ToInt(spec) !== null;
  const v6 = spec.includes(':') && /^[0-9a-fA-F:.]+$/.test(spec) && spec.split(':').length <= 9;
  if (!v4 && !v6) throw new FilterError(`'${spec}' is not an IP address`);
  const want = spec.toLowerCase();
  return (a) => a.toLowerCase() === want;
}

function addresses(j: Journey, which: 'src' | 'dst' | 'any'): string[] {
  const out: string[] = [];
  const add = (f: { src: string; dst: string } | null | undefined) => {
    if (!f) return;
    if (which !== 'dst') out.push(f.src);
    if (which !== 'src') out.push(f.dst);
  };
  add(j.flow);
  for (const n of j.nat) {
    add(n.before);
    add(n.after);
  }
  return out;
}

function ports(j: Journey, which: 'src' | 'dst' | 'any'): number[] {
  const out: number[] = [];
  const add = (f: { srcPort: number | null; dstPort: number | null } | null | undefined) => {
    if (!f) return;
    if (which !== 'dst' && f.srcPort !== null) out.push(f.srcPort);
    if (which !== 'src' && f.dstPort !== null) out.push(f.dstPort);
  };
  add(j.flow);
  for (const n of j.nat) {
    add(n.before);
    add(n.after);
  }
  return out;
}

function interfaces(t: FilterTarget): string[] {
  const j = t.journey;
  const out: string[] = [];
  if (j.ingress?.interface) out.push(j.ingress.interface);
  if (j.egress?.interface) out.push(j.egress.interface);
  for (const node of t.nodes) {
    const dash = node.lastIndexOf('-');
    if (dash > 0 && /-(output|tx|rx)$/.test(node)) out.push(node.slice(0, dash));
  }
  return out;
}

function globMatcher(spec: string): (s: string) => boolean {
  if (!spec.includes('*')) return (s) => s === spec;
  const re = new RegExp('^' + spec.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return (s) => re.test(s);
}

const haystacks = new WeakMap<Journey, string>();

/** Text the free-text terms search in (built once per journey, on first use). */
function haystack(t: FilterTarget): string {
  let h = haystacks.get(t.journey);
  if (h === undefined) {
    const j = t.journey;
    const parts = [t.node, j.id, j.verdict, j.dropReason ?? '', j.ingress?.interface ?? '', j.egress?.interface ?? ''];
    if (j.flow) parts.push(j.flow.protocol, `${j.flow.src}:${j.flow.srcPort ?? ''}`, `${j.flow.dst}:${j.flow.dstPort ?? ''}`);
    for (const n of j.nat) parts.push(n.after.src, n.after.dst);
    for (const node of t.nodes) parts.push(node);
    h = parts.join('\n').toLowerCase();
    haystacks.set(j, h);
  }
  return h;
}

function need(tokens: string[], i: number, what: string): string {
  const v = tokens[i];
  if (v === undefined || v === 'or') throw new FilterError(`'${tokens[i - 1]}' needs ${what}`);
  return v.startsWith('"') ? v.slice(1) : v;
}

/** Compiles filter text; throws FilterError with a readable message for a malformed filter. */
export function compileFilter(text: string): CompiledFilter {
  const tokens = tokenize(text.trim());
  if (tokens.length === 0) return { test: () => true, all: true };
  const alternatives: Pred[][] = [[]];
  let negate = false;
  for (let i = 0; i < tokens.length; i++) {
    const raw = tokens[i]!;
    const tok = raw.startsWith('"') ? raw : raw.toLowerCase();
    let pred: Pred | null = null;
    if (tok === 'or') {
      if (alternatives[alternatives.length - 1]!.length === 0) throw new FilterError("'or' needs a term on each side");
      alternatives.push([]);
      continue;
    }
    if (tok === 'not' || tok === '!') {
      negate = !negate;
      continue;
    }
    if (tok.startsWith('!') && tok.length > 1) {
      negate = !negate;
      tokens[i] = raw.slice(1);
      i--;
      continue;
    }
    if (tok === 'ip' || tok === 'host' || tok === 'src' || tok === 'dst') {
      const which = tok === 'src' ? 'src' : tok === 'dst' ? 'dst' : 'any';
      const m = addressMatcher(need(tokens, ++i, 'an address'));
      pred = (t) => addresses(t.journey, which).some(m);
    } else if (tok === 'port' || tok === 'sport' || tok === 'dport') {
      const v = need(tokens, ++i, 'a port number');
      if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new FilterError(`'${v}' is not a port number`);
      const n = Number(v);
      const which = tok === 'sport' ? 'src' : tok === 'dport' ? 'dst' : 'any';
      pred = (t) => ports(t.journey, which).includes(n);
    } else if (tok === 'node') {
      const m = globMatcher(need(tokens, ++i, 'a graph node name'));
      pred = (t) => t.nodes.some(m);
    } else if (tok === 'iface' || tok === 'interface' || tok === 'if') {
      const m = globMatcher(need(tokens, ++i, 'an interface name'));
      pred = (t) => interfaces(t).some(m);
    } else if (tok === 'trace' || tok === 'dispatch' || tok === 'pcap') {
      const src = tok;
      pred = (t) => t.journey.source === src;
    } else if (tok === 'nat') {
      pred = (t) => t.journey.nat.length > 0;
    } else if (tok === 'k8s-node' || tok === 'on') {
      const m = globMatcher(need(tokens, ++i, 'a node name'));
      pred = (t) => m(t.node);
    } else if (PROTOCOLS[tok]) {
      const names = PROTOCOLS[tok]!;
      pred = (t) => {
        const j = t.journey;
        return !!j.flow && names.includes(j.flow.protocol.toUpperCase());
      };
    } else if (VERDICT_WORDS[tok]) {
      const v = VERDICT_WORDS[tok]!;
      pred = (t) => t.journey.verdict === v;
    } else {
      const needle = (raw.startsWith('"') ? raw.slice(1) : raw).toLowerCase();
      pred = (t) => haystack(t).includes(needle);
    }
    const p = pred;
    alternatives[alternatives.length - 1]!.push(negate ? (t) => !p(t) : p);
    negate = false;
  }
  if (negate) throw new FilterError("'not' needs a term after it");
  if (alternatives[alternatives.length - 1]!.length === 0) throw new FilterError("'or' needs a term on each side");
  const test: Pred = (t) => alternatives.some((all) => all.every((p) => p(t)));
  return { test, all: false };
}
