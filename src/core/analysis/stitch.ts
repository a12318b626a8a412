// Cross-node stitching: the same packet leaving one node (through its uplink, possibly inside a
// tunnel) and entering the next is found in both nodes' captures. Clocks of different VPPs are not
// comparable (trace times count from each VPP's start), so packets are matched by content: the
// innermost (non-tunnel) IP header as it leaves node A and as it enters node B — addresses,
// protocol, ports and the IPv4 identification, which no router changes. Several packets with the
// same signature are paired in capture order.
import type { Flow } from '../model/flow';
import type { IpHeaderInfo } from '../model/hop-detail';
import type { Journey } from '../model/journey';

export interface StitchNodeInput {
  /** The k8s node the journeys were captured on. */
  node: string;
  journeys: readonly Journey[];
}

export interface StitchEndpoint {
  node: string;
  journeyId: string;
}

export interface StitchLink {
  from: StitchEndpoint;
  to: StitchEndpoint;
  /** What matched (protocol, addresses, ports, IP id). */
  key: string;
  flow: Flow;
}

export interface StitchResult {
  links: StitchLink[];
  /** Journeys linked across nodes, in order (each chain spans at least two nodes). */
  chains: StitchEndpoint[][];
}

const TUNNEL_UDP = new Set([4789, 4790, 6081, 51820]);

function isTunnel(h: IpHeaderInfo): boolean {
  const p = h.protocol.toUpperCase();
  if (p === 'IP_IN_IP' || p === 'IPIP' || p === 'IPV6' || p === 'IPV4' || p === 'GRE' || p === 'IPSEC_ESP') return true;
  return p === 'UDP' && ((h.srcPort !== null && TUNNEL_UDP.has(h.srcPort)) || (h.dstPort !== null && TUNNEL_UDP.has(h.dstPort)));
}

function signature(h: IpHeaderInfo): string | null {
  // Without an identification (IPv6, headers printed without it) the tuple alone is too weak.
  const id = h.fragmentId !== null ? `id ${h.fragmentId}` : h.seq !== null ? `seq ${h.seq}` : null;
  if (id === null) return null;
  return `${h.protocol} ${h.src}:${h.srcPort ?? '-'} > ${h.dst}:${h.dstPort ?? '-'} ${id}`;
}

function innermost(hs: readonly IpHeaderInfo[]): IpHeaderInfo | null {
  for (const h of hs) if (!isTunnel(h)) return h;
  return null;
}

const POD_SIDE = /^(tun|tap)\d+$/;
const POD_INPUT = new Set(['virtio-input', 'tap-input']);

/**
 * Whether the journey came in from the network (uplink or tunnel), not from a pod: pod traffic
 * enters through the tun RX node (`virtio-input` / `tap-input`); in a dispatch capture, whose first
 * record is the node after the driver, it starts at `ip4-input` / `ip6-input` (no Ethernet header).
 */
export function enteredFromNetwork(j: Journey): boolean {
  const first = j.hops[0]?.node ?? j.ingress?.node;
  if (!first || POD_INPUT.has(first)) return false;
  if (j.ingress?.interface && POD_SIDE.test(j.ingress.interface)) return false;
  if (j.source === 'dispatch' && /^ip[46]-input/.test(first)) return false;
  return true;
}

/** Whether the journey left towards the network (uplink or tunnel), not to a pod. */
export function leftToNetwork(j: Journey): boolean {
  if (j.verdict !== 'forwarded' || !j.egress) return false;
  return !POD_SIDE.test(j.egress.interface);
}

/** The packet as it entered (first hop that shows a non-tunnel header). */
export function entryHeader(j: Journey): IpHeaderInfo | null {
  for (const hop of j.hops) {
    const h = innermost(hop.detail.ip);
    if (h) return h;
  }
  return null;
}

/** The packet as it left (last hop that shows a non-tunnel header), for forwarded journeys. */
export function exitHeader(j: Journey): IpHeaderInfo | null {
  if (j.verdict !== 'forwarded') return null;
  for (let k = j.hops.length - 1; k >= 0; k--) {
    const h = innermost(j.hops[k]!.detail.ip);
    if (h) return h;
  }
  return null;
}

const flowOf = (h: IpHeaderInfo): Flow => ({ ipVersion: h.ipVersion, protocol: h.protocol, src: h.src, dst: h.dst, srcPort: h.srcPort, dstPort: h.dstPort });

export function stitchJourneys(inputs: readonly StitchNodeInput[]): StitchResult {
  // Arrivals by signature, per node, in capture order.
  const arrivals = new Map<string, StitchEndpoint[]>();
  for (const inp of inputs) {
    for (const j of inp.journeys) {
      if (j.continues !== null || !enteredFromNetwork(j)) continue;
      const h = entryHeader(j);
      const sig = h ? signature(h) : null;
      if (!sig) continue;
      let q = arrivals.get(sig);
      if (!q) arrivals.set(sig, (q = []));
      q.push({ node: inp.node, journeyId: j.id });
    }
  }
  const links: StitchLink[] = [];
  const used = new Set<string>();
  for (const inp of inputs) {
    for (const j of inp.journeys) {
      if (j.continues !== null) continue;
      const last = j.continuedBy ? inp.journeys.find((x) => x.id === j.continuedBy) ?? j : j;
      if (!leftToNetwork(last)) continue;
      const h = exitHeader(last);
      const sig = h ? signature(h) : null;
      if (!h || !sig) continue;
      const q = arrivals.get(sig);
      const to = q?.find((e) => e.node !== inp.node && !used.has(`${e.node}\u0000${e.journeyId}`));
      if (!to) continue;
      used.add(`${to.node}\u0000${to.journeyId}`);
      links.push({ from: { node: inp.node, journeyId: j.id }, to, key: sig, flow: flowOf(h) });
    }
  }
  // Chains: start at journeys nothing links to.
  const next = new Map<string, StitchEndpoint>();
  const hasPrev = new Set<string>();
  const k = (e: StitchEndpoint) => `${e.node}\u0000${e.journeyId}`;
  for (const l of links) {
    next.set(k(l.from), l.to);
    hasPrev.add(k(l.to));
  }
  const chains: StitchEndpoint[][] = [];
  for (const l of links) {
    if (hasPrev.has(k(l.from))) continue;
    const chain = [l.from];
    let cur: StitchEndpoint | undefined = l.from;
    const seen = new Set<string>([k(l.from)]);
    while ((cur = next.get(k(cur))) && !seen.has(k(cur))) {
      seen.add(k(cur));
      chain.push(cur);
    }
    chains.push(chain);
  }
  return { links, chains };
}
