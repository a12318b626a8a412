// VPP's error counters as the simulator uses them: the drop reasons the engine writes (`<node>:
// <description>`), the counters `show errors` lists, the counter name `pcap trace drop` appends,
// and the global counter index (`b->error`, the `error:` line of a dispatch record, the Index column
// of `show errors verbose`). Every node runs the same VPP build, so an index is the same everywhere.
import { hashString } from './prng';

export type ErrorSeverity = 'error' | 'warn' | 'info';

export interface ErrorCounter {
  /** Graph node owning the counter. */
  node: string;
  /**
   * Counter name (vlib_error_desc_t.name): what `pcap trace drop` appends. Nodes registering plain
   * error strings (vlib_register_errors, legacy) get the description as name and severity error.
   */
  name: string;
  /** Description printed by `show errors` and by the `drop` trace. */
  desc: string;
  severity: ErrorSeverity;
}

// Definitions read at FDio/vpp tag v25.10: acl plugin dataplane_node.c (foreach_acl_fa_error, legacy
// strings: severity error), src/vnet/ip/ip.api (counters ip4), src/vlib/node.c (null-node),
// src/vnet/udp/udp_error.def, src/vnet/tcp/tcp_error.def, src/vnet/ipip/node.c,
// src/plugins/vxlan/vxlan_error.def, src/vnet/ethernet/error.def, src/vnet/arp/arp.c,
// src/vnet/ip-neighbor/ip4_neighbor.c, src/vnet/ip6-nd/ip6_nd.c, src/vnet/ip/icmp6.c.
export const ERROR_COUNTERS: readonly ErrorCounter[] = [
  { node: 'acl-plugin-in-ip4-fa', name: 'ACL deny packets', desc: 'ACL deny packets', severity: 'error' },
  { node: 'acl-plugin-in-ip4-fa', name: 'ACL permit packets', desc: 'ACL permit packets', severity: 'error' },
  { node: 'acl-plugin-in-ip4-fa', name: 'new sessions added', desc: 'new sessions added', severity: 'error' },
  { node: 'acl-plugin-in-ip4-fa', name: 'existing session packets', desc: 'existing session packets', severity: 'error' },
  { node: 'acl-plugin-in-ip4-fa', name: 'checked packets', desc: 'checked packets', severity: 'error' },
  { node: 'acl-plugin-out-ip4-fa', name: 'ACL deny packets', desc: 'ACL deny packets', severity: 'error' },
  { node: 'acl-plugin-out-ip4-fa', name: 'ACL permit packets', desc: 'ACL permit packets', severity: 'error' },
  { node: 'acl-plugin-out-ip4-fa', name: 'new sessions added', desc: 'new sessions added', severity: 'error' },
  { node: 'acl-plugin-out-ip4-fa', name: 'existing session packets', desc: 'existing session packets', severity: 'error' },
  { node: 'acl-plugin-out-ip4-fa', name: 'checked packets', desc: 'checked packets', severity: 'error' },
  { node: 'ip4-input', name: 'time_expired', desc: 'ip4 ttl <= 1', severity: 'error' },
  { node: 'ip4-input', name: 'mtu_exceeded', desc: 'ip4 MTU exceeded and DF set', severity: 'error' },
  { node: 'null-node', name: 'blackholed packets', desc: 'blackholed packets', severity: 'error' },
  { node: 'dpdk-input', name: 'no error', desc: 'no error', severity: 'error' },
  { node: 'ipip4-input', name: 'packets decapsulated', desc: 'packets decapsulated', severity: 'error' },
  { node: 'vxlan4-input', name: 'good packets decapsulated', desc: 'good packets decapsulated', severity: 'error' },
  { node: 'tcp4-input', name: 'punt', desc: 'Packets punted', severity: 'info' },
  { node: 'ip4-udp-lookup', name: 'punt', desc: 'No listener punt', severity: 'error' },
  { node: 'ethernet-input', name: 'l3 mac mismatch', desc: 'l3 mac mismatch', severity: 'error' },
  { node: 'arp-reply', name: 'replies_sent', desc: 'ARP replies sent', severity: 'info' },
  { node: 'ip4-glean', name: 'request_sent', desc: 'ARP requests sent', severity: 'info' },
  { node: 'ip6-icmp-input', name: 'neighbor_advertisements_tx', desc: 'neighbor advertisements sent', severity: 'info' },
  { node: 'ip6-icmp-input', name: 'neighbor_solicitation_source_unknown', desc: 'neighbor solicitations for unknown targets', severity: 'error' },
];

const BY_REASON = new Map<string, ErrorCounter>(ERROR_COUNTERS.map((c) => [`${c.node}: ${c.desc}`, c]));

/** The counter behind a drop reason `<node>: <description>` (null when the simulator does not know it). */
export function errorCounterOf(reason: string): ErrorCounter | null {
  return BY_REASON.get(reason) ?? null;
}

/** Global error counter indices: spread like a real build's (a few thousand counters), collision free. */
const INDEX = new Map<string, number>();
const BY_INDEX = new Map<number, ErrorCounter>();
{
  for (const c of ERROR_COUNTERS) {
    let i = 40 + (hashString(`${c.node}\u0000${c.name}`) % 2960);
    while (BY_INDEX.has(i)) i++;
    BY_INDEX.set(i, c);
    INDEX.set(`${c.node}: ${c.desc}`, i);
  }
}

/** The counter with a global index (`b->error`), null for 0 / unknown. */
export function errorCounterByIndex(index: number): ErrorCounter | null {
  return BY_INDEX.get(index) ?? null;
}

/** `b->error` of a packet dropped with this reason (0 = no error, for unknown reasons). */
export function errorIndexOf(reason: string): number {
  return INDEX.get(reason) ?? 0;
}
