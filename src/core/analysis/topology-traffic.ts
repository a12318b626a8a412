// Addresses seen on pod interfaces in captured traffic (journeys from traces or dispatch captures),
// as evidence for the tun → pod mapping of the topology.
import type { Journey } from '../model/journey';
import { roleOf, type TrafficObservation } from './topology';

/** A packet entering from a pod's tun carries the pod's address as source; one sent to it, as destination. */
export function trafficFromJourneys(node: string, journeys: Journey[]): TrafficObservation[] {
  const out: TrafficObservation[] = [];
  const seen = new Set<string>();
  const push = (iface: string, address: string, j: Journey) => {
    const k = `${iface} ${address}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ node, interface: iface, address, source: j.input, line: j.hops[0]?.line ?? null });
  };
  for (const j of journeys) {
    if (!j.flow) continue;
    const after = j.nat.length > 0 ? j.nat[j.nat.length - 1]!.after : j.flow;
    if (j.ingress?.interface && roleOf(j.ingress.interface) === 'pod') push(j.ingress.interface, j.flow.src, j);
    if (j.egress?.interface && roleOf(j.egress.interface) === 'pod' && j.verdict === 'forwarded') push(j.egress.interface, after.dst, j);
  }
  return out;
}
