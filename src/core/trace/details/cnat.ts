// cnat (Calico service NAT) trace lines, both formats (vpp-formats.md §1.4.7):
//   legacy (≤ 26.02): `session:[a;p -> b;q, PROTO] => c;r -> d;s [location] lb:N age:F`, also with
//                     an old `found: ` prefix; state lines `found session` / `created session` / …
//   new (≥ 26.06):    state `session found` / `new session` / …, `in:X out:Y`, slot lines
//                     `[ in ] PROTO [a;p -> b;q] node:N lbi:N fl:N` and the applied rewrite
//                     `PROTO [a;p -> b;q] node:N lbi:N fl:N`.
import type { Flow } from '../../model';

const LEGACY = /session:\[([^;\]]+);(\d+) -> ([^;\]]+);(\d+), ([^\]]+)\] => ([^;\s]+);(\d+) -> ([^;\s]+);(\d+)(?: (\S+))?/;
const TUPLE = /^(\[[^\]]*\] )?([A-Za-z0-9_]+(?: \d+)?) \[([^;\]]+);(\d+) -> ([^;\]]+);(\d+)\]/;

/** Protocols with ports; for the others (ICMP: cnat keys sessions by the echo id) a Flow has null ports. */
const PORT_PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP', 'UDP_LITE']);

function flow(protocol: string, src: string, sport: string, dst: string, dport: string): Flow {
  const ports = PORT_PROTOCOLS.has(protocol);
  return { ipVersion: src.includes(':') || dst.includes(':') ? 6 : 4, protocol, src, dst, srcPort: ports ? Number(sport) : null, dstPort: ports ? Number(dport) : null };
}

export interface LegacySession {
  before: Flow;
  after: Flow;
  location: string | null;
  found: boolean;
}

export function parseLegacySession(t: string): LegacySession | null {
  const i = t.indexOf('session:[');
  if (i < 0) return null;
  const m = LEGACY.exec(t.slice(i));
  if (!m) return null;
  const proto = m[5]!.trim();
  const loc = m[10] && !m[10].startsWith('lb:') ? m[10] : null;
  return {
    before: flow(proto, m[1]!, m[2]!, m[3]!, m[4]!),
    after: flow(proto, m[6]!, m[7]!, m[8]!, m[9]!),
    location: loc,
    found: t.startsWith('found'),
  };
}

/** A new-format 5-tuple line: with a slot label (`[ in ]`, `[rout]`, …) or without (the rewrite applied). */
export function parseTupleLine(t: string): { slot: string | null; flow: Flow } | null {
  if (!t.includes(' -> ') || !t.includes(';')) return null;
  const m = TUPLE.exec(t);
  if (!m) return null;
  const slot = m[1] ? m[1].slice(1, -2).trim() : null;
  return { slot, flow: flow(m[2]!, m[3]!, m[4]!, m[5]!, m[6]!) };
}

const LEGACY_STATES = ['found session', 'created session', 'session not found'];
const NEW_STATES = ['session found', 'new session', 'return session', 'writeback done', 'session lookup error', 'weird flow_state'];

/** The session state line of either format, or null. */
export function cnatState(t: string): string | null {
  for (const s of LEGACY_STATES) if (t.startsWith(s)) return t.trim();
  for (const s of NEW_STATES) if (t.startsWith(s)) return t.trim();
  return null;
}
