// What a scenario's cluster looks like to the narration: the schematic (pods behind tunN, tap0, the
// uplinks) and who owns each address.
import { emptyNode, type InterfaceFacts, type SchematicFinding, type SchematicModel } from '../diagram';
import type { Scenario } from '../scenarios';
import type { WhoIs } from './words';

/**
 * The schematic of a scenario's cluster (the same drawing the app's topology view makes). `facts`
 * and `findings` add what an opened bundle knows about each node's interfaces and health.
 */
export function scenarioSchematic(
  s: Scenario,
  extra: { facts?: (node: string) => Record<string, InterfaceFacts>; findings?: (node: string) => SchematicFinding[] } = {},
): SchematicModel {
  const c = s.spec.cluster;
  return {
    nodes: c.nodes.map((n) => {
      const node = emptyNode(n.name);
      node.address = n.ip;
      node.tap = 'tap0';
      node.uplinks = [n.uplink.interface];
      node.pods = c.pods.filter((p) => p.node === n.name).map((p) => ({ namespace: p.namespace, name: p.name, ip: p.ip, tun: p.tun }));
      node.interfaces = { ...(extra.facts?.(n.name) ?? {}) };
      if (extra.findings) node.findings = extra.findings(n.name);
      const up = node.interfaces[n.uplink.interface];
      if (up) up.driver ??= n.uplink.driver;
      else node.interfaces[n.uplink.interface] = { name: n.uplink.interface, state: 'up', addresses: [`${n.ip}/24`], driver: n.uplink.driver, swIfIndex: n.uplink.swIfIndex, counters: {} };
      return node;
    }),
    encapsulation: c.encapsulation === 'none' ? null : c.encapsulation.toUpperCase(),
    inferred: false,
  };
}

/** Who owns an address of the scenario: a pod, a service ClusterIP, a node; external ones are named so. */
export function scenarioWhoIs(s: Scenario): WhoIs {
  const c = s.spec.cluster;
  const map = new Map<string, string>();
  for (const p of c.pods) map.set(p.ip, `pod ${p.namespace}/${p.name} on ${p.node}`);
  for (const v of c.services) map.set(v.clusterIP, `ClusterIP of service ${v.namespace}/${v.name}`);
  for (const n of c.nodes) map.set(n.ip, `address of ${n.name}`);
  return (ip) => map.get(ip) ?? null;
}
