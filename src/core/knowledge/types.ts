// Types of the node glossary. Plain data, shared by the trace decoder, the journey builder and the UI.

/**
 * What a graph node does, as tags the rest of the code can act on:
 * - `rx` receives from an interface (input node) · `tx` driver transmit on an interface ·
 *   `output` per-interface output (the step before `tx`) · `interface` the node is named after an interface
 * - `drop` the packet is discarded here · `punt` sent towards the host / control plane
 * - `local` the packet is handled by VPP's own stack (addressed to VPP)
 * - `reply` the node answers or turns the packet into a new one (echo reply, ICMP error, ARP reply)
 * - `nat` address/port translation · `encap` / `decap` tunnel header added / removed · `policy` ACL / policy check
 * - `fwd` forwarding logic · `lookup` FIB lookup · `rewrite` L2 rewrite / adjacency · `l2` bridging
 * - `arp` ARP / neighbour discovery · `ipsec` IPsec · `handoff` moves the packet to another thread · `feature` optional arc feature
 */
export type NodeTag =
  | 'rx'
  | 'tx'
  | 'output'
  | 'interface'
  | 'drop'
  | 'punt'
  | 'local'
  | 'reply'
  | 'nat'
  | 'encap'
  | 'decap'
  | 'policy'
  | 'fwd'
  | 'lookup'
  | 'rewrite'
  | 'l2'
  | 'arp'
  | 'ipsec'
  | 'handoff'
  | 'feature'
  | 'ip'
  | 'icmp'
  | 'tcp'
  | 'udp'
  | 'multicast'
  | 'debug';

export interface NodeInfo {
  /** The node name asked about. */
  node: string;
  /** One plain sentence: what the node does. */
  summary: string;
  tags: NodeTag[];
  /** Known drop / error reasons this node reports, with a plain explanation each. */
  dropReasons?: Record<string, string>;
  /** What an operator should look at next when a packet stops or misbehaves here. */
  nextChecks?: string[];
  /** For `<if>-output` / `<if>-tx` / `<if>-rx` families: the interface named by the node. */
  interface?: string;
  /** `exact` when the node has its own entry, `family` when a name pattern matched. */
  match: 'exact' | 'family';
}

/** One glossary entry (several names may share it). */
export interface GlossaryEntry {
  names: string[];
  summary: string;
  tags: NodeTag[];
  dropReasons?: Record<string, string>;
  nextChecks?: string[];
}
