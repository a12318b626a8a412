// Matching one packet across sources — a text trace, a dispatch capture, a plain pcap of the same
// traffic — by its 5-tuple (any of the headers seen along its path, so NAT does not hide it), IPv4
// identification, IPv4 header checksum and time, with a score saying how sure the match is.
import type { Flow } from '../model/flow';
import type { Journey } from '../model/journey';

export interface PacketKey {
  flow: Flow;
  ipId: number | null;
  /** IPv4 header checksum (changes with TTL and NAT, so it only confirms equal headers). */
  checksum: number | null;
  ttl: number | null;
  timeUs: number | null;
}

export type MatchConfidence = 'certain' | 'likely' | 'possible';

export interface PacketMatch {
  journey: Journey;
  score: number;
  confidence: MatchConfidence;
  /** Why: `same 5-tuple`, `same IP id 0x56fd`, `same IPv4 checksum 0x1bc5`, `0.4 µs apart`… */
  reasons: string[];
}

export interface MatchOptions {
  /** Largest time difference accepted as "same time", in µs (default 2000). */
  timeWindowUs?: number;
  /** Added to the candidate's times before comparing (aligns two clocks). Default 0. */
  clockOffsetUs?: number;
  /** Lowest score returned (default 40: the 5-tuple alone). */
  minScore?: number;
}

/** Times below this are "since VPP start" (trace, dispatch); above, since the epoch (pcap). */
const EPOCH_US = 1e14;

const hex = (v: number) => `0x${v.toString(16).padStart(4, '0')}`;

function parseChecksum(s: string | null): number | null {
  if (!s) return null;
  const m = /^0x([0-9a-f]+)$/i.exec(s.trim());
  return m ? parseInt(m[1]!, 16) : null;
}

function key(flow: Flow, ipId: number | null, checksum: number | null, ttl: number | null, timeUs: number | null): PacketKey {
  return { flow, ipId, checksum, ttl, timeUs };
}

/** Every distinct IP header a journey shows (each hop's decoded headers, or the frame's). */
export function packetKeys(j: Journey): PacketKey[] {
  const out: PacketKey[] = [];
  const seen = new Set<string>();
  const add = (k: PacketKey) => {
    const s = `${k.flow.protocol}|${k.flow.src}|${k.flow.srcPort}|${k.flow.dst}|${k.flow.dstPort}|${k.ipId}|${k.checksum}`;
    if (seen.has(s)) return;
    seen.add(s);
    out.push(k);
  };
  for (const h of j.hops) {
    for (const ip of h.detail.ip)
      add(key({ ipVersion: ip.ipVersion, protocol: ip.protocol, src: ip.src, dst: ip.dst, srcPort: ip.srcPort, dstPort: ip.dstPort }, ip.fragmentId, ip.ipVersion === 4 ? parseChecksum(ip.checksum) : null, ip.ttl, h.timeUs));
  }
  if (j.frame && j.flow) {
    const f = j.frame;
    add(key(j.flow, f.ipId, null, null, f.timeNs === null ? null : Number(BigInt(f.timeNs) / 1000n)));
  }
  if (out.length === 0 && j.flow) add(key(j.flow, null, null, null, j.hops[0]?.timeUs ?? null));
  return out;
}

const sameTuple = (a: Flow, b: Flow) => a.src === b.src && a.dst === b.dst && a.srcPort === b.srcPort && a.dstPort === b.dstPort && (a.protocol === b.protocol || normalProto(a.protocol) === normalProto(b.protocol));

function normalProto(p: string): string {
  const u = p.toUpperCase();
  return u === 'ICMPV6' || u === 'ICMP6' ? 'ICMP6' : u === 'ESP' || u === 'IPSEC_ESP' ? 'ESP' : u;
}

function scorePair(a: PacketKey, b: PacketKey, o: Required<MatchOptions>): { score: number; reasons: string[] } | null {
  if (!sameTuple(a.flow, b.flow)) return null;
  let score = 40;
  const reasons = ['same 5-tuple'];
  if (a.ipId !== null && b.ipId !== null) {
    if (a.ipId !== b.ipId) return null;
    score += 30;
    reasons.push(`same IP id ${hex(a.ipId)}`);
  }
  if (a.checksum !== null && b.checksum !== null && a.ttl !== null && a.ttl === b.ttl) {
    if (a.checksum === b.checksum) {
      score += 20;
      reasons.push(`same IPv4 checksum ${hex(a.checksum)}`);
    }
  } else if (a.checksum !== null && a.checksum === b.checksum) {
    score += 20;
    reasons.push(`same IPv4 checksum ${hex(a.checksum)}`);
  }
  if (a.timeUs !== null && b.timeUs !== null) {
    const bt = b.timeUs + o.clockOffsetUs;
    if (a.timeUs < EPOCH_US === bt < EPOCH_US) {
      const d = Math.abs(a.timeUs - bt);
      if (d <= o.timeWindowUs) {
        score += 10;
        reasons.push(`${d < 1000 ? `${Math.round(d * 10) / 10} µs` : `${Math.round(d / 100) / 10} ms`} apart`);
      } else score -= 25;
    }
  }
  return { score, reasons };
}

function confidence(score: number): MatchConfidence {
  return score >= 80 ? 'certain' : score >= 60 ? 'likely' : 'possible';
}

/** The journeys among `candidates` that carry the same packet as `target`, best first. */
export function matchPacket(target: Journey, candidates: Journey[], opts: MatchOptions = {}): PacketMatch[] {
  const o: Required<MatchOptions> = { timeWindowUs: opts.timeWindowUs ?? 2000, clockOffsetUs: opts.clockOffsetUs ?? 0, minScore: opts.minScore ?? 40 };
  const tk = packetKeys(target);
  const out: PacketMatch[] = [];
  for (const c of candidates) {
    if (c === target) continue;
    let best: { score: number; reasons: string[] } | null = null;
    for (const a of tk) for (const b of packetKeys(c)) {
      const s = scorePair(a, b, o);
      if (s && (!best || s.score > best.score)) best = s;
    }
    if (best && best.score >= o.minScore) out.push({ journey: c, score: best.score, confidence: confidence(best.score), reasons: best.reasons });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** One-to-one pairs between two sources (greedy by score). */
export function matchJourneys(a: Journey[], b: Journey[], opts: MatchOptions = {}): { a: Journey; b: Journey; score: number; confidence: MatchConfidence; reasons: string[] }[] {
  const all: { a: Journey; b: Journey; score: number; confidence: MatchConfidence; reasons: string[] }[] = [];
  for (const x of a) for (const m of matchPacket(x, b, opts)) all.push({ a: x, b: m.journey, score: m.score, confidence: m.confidence, reasons: m.reasons });
  all.sort((p, q) => q.score - p.score);
  const usedA = new Set<Journey>();
  const usedB = new Set<Journey>();
  const pairs: typeof all = [];
  for (const p of all) {
    if (usedA.has(p.a) || usedB.has(p.b)) continue;
    usedA.add(p.a);
    usedB.add(p.b);
    pairs.push(p);
  }
  return pairs;
}
