// A journey's hops are built on first access from the packet's rows (trace/table.ts): `hops` is an
// own enumerable accessor with a shared getter (JSON / structuredClone see plain data), the built
// JourneyHop objects are plain (lines, line numbers, decoded detail, explanation, µs since the
// previous hop) and cached on the journey. Large traces therefore cost one small object per packet
// until someone looks at a journey's hops.
import type { Journey, JourneyHop, TracePacket } from '../model';
import { explainNode } from '../knowledge';
import { decodeHop, deltaUs, DAY_US, packetView, type PacketView } from '../trace';

const SRC = Symbol('journeySource');

interface Source {
  packet: TracePacket;
  nodes: string[];
  hops: JourneyHop[] | undefined;
}
interface Hidden {
  [SRC]: Source;
}
type LazyJourney = Journey & Hidden;

function delta(prev: number | null, cur: number | null): number | null {
  if (prev === null || cur === null) return null;
  return deltaUs(prev, cur, prev < DAY_US && cur < DAY_US);
}

function buildHops(v: PacketView): JourneyHop[] {
  const out = new Array<JourneyHop>(v.count);
  let prev: number | null = null;
  for (let i = 0; i < v.count; i++) {
    const node = v.node(i);
    const src = v.lines(i);
    const t = v.timeUs(i);
    out[i] = {
      node,
      timestamp: v.timestamp(i),
      timeUs: t,
      lines: src.map((l) => l.text),
      lineNumbers: src.map((l) => l.line),
      line: v.line(i),
      detail: decodeHop(node, src),
      explanation: explainNode(node),
      deltaUs: i === 0 ? null : delta(prev, t),
    };
    if (t !== null) prev = t;
  }
  return out;
}

function getHops(this: LazyJourney): JourneyHop[] {
  const src = this[SRC];
  src.hops ??= buildHops(packetView(src.packet));
  return src.hops;
}
function setHops(this: LazyJourney, v: JourneyHop[]): void {
  this[SRC].hops = v;
}
const HOPS_PROPERTY: PropertyDescriptor = { get: getHops, set: setHops, enumerable: true, configurable: true };

export function attachJourneyHops(j: Journey, packet: TracePacket, nodes: string[]): void {
  (j as LazyJourney)[SRC] = { packet, nodes, hops: undefined };
  Object.defineProperty(j, 'hops', HOPS_PROPERTY);
}

/** The journey's hops are built on demand from its packet (and not built yet). */
export function hasLazyHops(j: Journey): boolean {
  const src = (j as Partial<Hidden> & Journey)[SRC];
  return src !== undefined && src.hops === undefined;
}

/** The journey's node names without building its hops (shared between journeys of one path). */
export function journeyNodes(j: Journey): string[] {
  return (j as Partial<Hidden> & Journey)[SRC]?.nodes ?? j.hops.map((h) => h.node);
}

/** Hops in the JSON form of `analyze --json`, built without caching anything on the journey. */
export function journeyHopsJson(j: Journey): { node: string; timestamp: string | null; timeUs: number | null; lines: string[]; explanation: string | null }[] {
  const src = (j as Partial<Hidden> & Journey)[SRC];
  if (src === undefined || src.hops !== undefined) {
    return j.hops.map((h) => ({ node: h.node, timestamp: h.timestamp, timeUs: h.timeUs, lines: h.lines, explanation: h.explanation }));
  }
  const v = packetView(src.packet);
  const out = new Array<{ node: string; timestamp: string | null; timeUs: number | null; lines: string[]; explanation: string | null }>(v.count);
  for (let i = 0; i < v.count; i++) {
    const node = v.node(i);
    out[i] = { node, timestamp: v.timestamp(i), timeUs: v.timeUs(i), lines: v.lines(i).map((x) => x.text), explanation: explainNode(node) };
  }
  return out;
}
