// What common `show errors` reasons mean, for the health checks. Reasons are matched on the text VPP
// prints (cut to 35 characters), so prefixes are used where VPP's strings are longer.

export interface ErrorMeaning {
  /** A drop (packets lost), a punt (sent to the host), or a plain counter (normal work). */
  kind: 'drop' | 'punt' | 'counter';
  meaning: string;
}

const TABLE: Array<[RegExp, ErrorMeaning]> = [
  [/^ACL deny packets/, { kind: 'drop', meaning: 'packets denied by a Calico network policy (an npol/ACL deny rule, or a default deny)' }],
  [/^l3 mac mismatch/, { kind: 'drop', meaning: 'frames whose destination MAC is not this interface\'s; usually other hosts\' unicast seen on a shared segment or af_packet uplink, harmless in small numbers' }],
  [/^ip[46] ttl <= 1|ttl <= 1/, { kind: 'drop', meaning: 'packets whose TTL/hop limit ran out here (a routing loop, or traceroute)' }],
  [/^ip[46] adjacency drop|adjacency drop/, { kind: 'drop', meaning: 'packets routed to a drop adjacency (the FIB says this destination is dropped)' }],
  [/^blackholed packets/, { kind: 'drop', meaning: 'packets sent to the null node (explicit blackhole routes)' }],
  [/destination lookup miss|no route|ip[46] (?:source|destination) lookup miss/i, { kind: 'drop', meaning: 'no route matched the destination' }],
  [/^address overflow drops/, { kind: 'drop', meaning: 'packets dropped while VPP waited for ARP/ND to resolve the next hop (glean throttling)' }],
  [/^(?:ARP requests sent|neighbor solicitations sent)/, { kind: 'counter', meaning: 'VPP had to resolve next hops (ARP / neighbour discovery); the packet that triggered it was dropped' }],
  [/^throttled/, { kind: 'drop', meaning: 'ARP/ND requests suppressed because one was sent recently; the triggering packets were dropped' }],
  [/^(?:ARP replies sent|neighbor advertisements sent|neighbor advertisements received)/, { kind: 'counter', meaning: 'normal ARP / neighbour discovery traffic' }],
  [/^ARP request IP4 source address lear/, { kind: 'counter', meaning: 'neighbours learnt from ARP requests (normal)' }],
  [/^neighbor solicitations for unknown/, { kind: 'drop', meaning: 'neighbour solicitations for addresses VPP does not own (normal in busy L2 segments)' }],
  [/^neighbor discovery not configured/, { kind: 'drop', meaning: 'IPv6 neighbour discovery arrived on an interface without IPv6 configured' }],
  [/^Multicast RPF check failed/, { kind: 'drop', meaning: 'multicast packets that failed the reverse-path check (usually harmless IPv6 multicast)' }],
  [/^Unknown protocol ip6 local h-b-h/, { kind: 'drop', meaning: 'IPv6 hop-by-hop packets for a protocol VPP does not handle locally (often MLD)' }],
  [/^packets decapsulated/, { kind: 'counter', meaning: 'IPIP/VXLAN packets from other nodes decapsulated (normal inter-node traffic)' }],
  [/^Packets punted/, { kind: 'punt', meaning: 'packets VPP handed to the Linux host (no VPP session for them): normal for host traffic' }],
  [/^input ACL misses/, { kind: 'counter', meaning: 'classifier table misses: packets that did not need redirection (not a drop by itself)' }],
  [/^(?:new sessions added|checked packets|restart session timer|existing session packets|session)/, { kind: 'counter', meaning: 'ACL plugin session bookkeeping (normal)' }],
  [/no buffer|buffer allocation (?:error|failure)|rx no buf|no free buffer/i, { kind: 'drop', meaning: 'VPP ran out of packet buffers: traffic is being dropped on receive' }],
  [/no available descriptors|tx (?:packet )?drops|tx failure|Tx packet drops/i, { kind: 'drop', meaning: 'the NIC/driver could not accept packets for transmit (TX ring full)' }],
  [/interface is down|interface down/i, { kind: 'drop', meaning: 'packets sent to an interface that is administratively down' }],
  [/unknown vlan/, { kind: 'drop', meaning: 'tagged frames for a VLAN no sub-interface is configured for' }],
  [/checksum|bad length|malformed|too short/i, { kind: 'drop', meaning: 'malformed packets (bad checksum, length or header)' }],
  [/IPSec policy \(no match\)/, { kind: 'drop', meaning: 'IPsec SPD lookup found no matching policy' }],
  [/^(?:good (?:in2out|out2in) packets processed|UDP packets|TCP packets|ICMP packets)/, { kind: 'counter', meaning: 'NAT work counters (normal)' }],
  [/^(?:same worker|do handoff)/, { kind: 'counter', meaning: 'worker handoff counters (normal on multi-worker setups)' }],
  [/^(?:completed packets|packets handed off processed)/, { kind: 'counter', meaning: 'plugin work counters (normal)' }],
  [/^(?:congestion drop|congestion drops)/, { kind: 'drop', meaning: 'handoff queue full: the target worker is overloaded' }],
  [/not enabled/, { kind: 'drop', meaning: 'IP is not enabled on the receiving interface' }],
  [/punt|Punted/i, { kind: 'punt', meaning: 'packets sent towards the host' }],
  [/drop|deny|denied|fail|error|invalid|unknown/i, { kind: 'drop', meaning: 'a drop counter of this node' }],
];

/** The meaning of a `show errors` reason (node-independent). */
export function errorMeaning(reason: string): ErrorMeaning {
  for (const [re, m] of TABLE) if (re.test(reason)) return m;
  return { kind: 'counter', meaning: 'a counter of this node (see the node in the glossary)' };
}
