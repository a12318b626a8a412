// A one-node schematic from journeys alone (a trace or capture without a bundle): the interfaces the
// packets crossed become pods (tunN, named by the address seen on them), tap0 and uplinks.
import { journeyNodes } from '../analysis/index';
import { nodeInfo } from '../knowledge/index';
import type { Journey } from '../model/journey';
import { emptyNode, interfaceKind, type SchematicModel, type SchematicNode } from './schematic';

function interfacesOf(j: Journey): { rx: string | null; tx: string[] } {
  const tx: string[] = [];
  // Node names only: a journey's hops are built lazily, and building them all would cost a lot.
  const nodes = journeyNodes(j);
  for (const node of nodes) {
    const i = nodeInfo(node);
    const name = i?.interface ?? null;
    if (name && (i?.tags.includes('tx') || i?.tags.includes('output'))) tx.push(name);
  }
  if (j.egress?.interface) tx.push(j.egress.interface);
  const first = nodes[0];
  const rx = j.ingress?.interface ?? (first ? nodeInfo(first)?.interface ?? null : null);
  return { rx, tx };
}

/** Builds one node per distinct name returned by `nodeOf` (usually the input's node or file name). */
export function inferSchematic(journeys: readonly Journey[], nodeOf: (j: Journey) => string): SchematicModel {
  const nodes = new Map<string, SchematicNode>();
  const podIps = new Map<string, Map<string, string>>(); // node → tun → ip
  for (const j of journeys) {
    const name = nodeOf(j);
    let n = nodes.get(name);
    if (!n) nodes.set(name, (n = emptyNode(name)));
    let ips = podIps.get(name);
    if (!ips) podIps.set(name, (ips = new Map()));
    const { rx, tx } = interfacesOf(j);
    const note = (ifname: string, ip: string | null) => {
      const k = interfaceKind(ifname);
      if (k === 'tun') {
        if (!ips.has(ifname) || (ip && !ips.get(ifname))) ips.set(ifname, ip ?? '');
      } else if (k === 'tap') n.tap ??= ifname;
      else if (k === 'phy' && !n.uplinks.includes(ifname)) n.uplinks.push(ifname);
    };
    // A packet received from tunN comes from the pod: its source address is the pod's (before NAT).
    if (rx) note(rx, j.flow?.src ?? null);
    const lastNat = j.nat[j.nat.length - 1];
    for (const t of tx) note(t, (lastNat?.after.dst ?? j.flow?.dst) || null);
  }
  for (const [name, n] of nodes) {
    const ips = podIps.get(name)!;
    const tuns = [...ips.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    n.pods = tuns.map((tun) => ({ namespace: null, name: `pod on ${tun}`, ip: ips.get(tun) || null, tun }));
  }
  return { nodes: [...nodes.values()], encapsulation: null, inferred: true };
}
