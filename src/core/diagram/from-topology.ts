// The schematic of a bundle's topology (core/analysis/topology): pods behind their tunN, the host
// tap, the uplinks; per-interface facts and findings are added by the caller.
import type { Topology } from '../analysis/topology';
import { emptyNode, type InterfaceFacts, type SchematicFinding, type SchematicModel } from './schematic';

export function schematicFromTopology(
  topology: Topology,
  facts: (node: string) => Record<string, InterfaceFacts> = () => ({}),
  findings: (node: string) => SchematicFinding[] = () => [],
): SchematicModel {
  const encaps = new Set<string>();
  const nodes = topology.nodes.map((t) => {
    const n = emptyNode(t.name);
    n.address = t.internalIp ?? t.externalIp;
    n.tap = t.hostTap?.interface ?? null;
    n.uplinks = t.uplinks.map((u) => u.interface);
    n.pods = t.tuns
      .map((m) => ({
        namespace: m.pod?.namespace ?? null,
        name: m.pod?.name ?? `pod on ${m.interface}`,
        ip: m.pod?.ip ?? m.addresses[0] ?? null,
        tun: m.interface,
      }))
      .sort((a, b) => a.tun.localeCompare(b.tun, 'en', { numeric: true }));
    n.interfaces = facts(t.name);
    for (const u of t.uplinks) {
      const f = n.interfaces[u.interface];
      if (f && !f.driver && u.driver) f.driver = u.driver;
      if (!f) n.interfaces[u.interface] = { name: u.interface, state: null, addresses: [], driver: u.driver, swIfIndex: null, counters: {} };
    }
    n.findings = findings(t.name);
    for (const tl of t.tunnels) encaps.add(tl.kind.toUpperCase());
    return n;
  });
  return { nodes, encapsulation: encaps.size ? [...encaps].join(' + ') : null, inferred: false };
}
