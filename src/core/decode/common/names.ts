// Protocol names used in summaries and trees.

export const ETHERTYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q',
  0x88a8: '802.1ad',
  0x9100: 'QinQ',
  0x8847: 'MPLS',
  0x8848: 'MPLS multicast',
  0x6558: 'Transparent Ethernet Bridging',
  0x88cc: 'LLDP',
  0x8035: 'RARP',
  0x88e5: 'MACsec',
  0x8902: 'CFM',
  0x88be: 'ERSPAN',
};

export function ethertypeName(t: number): string {
  return ETHERTYPES[t] ?? `0x${t.toString(16).padStart(4, '0')}`;
}

/** IP protocol numbers → the name used in frame summaries. */
export const IP_PROTOCOLS: Record<number, string> = {
  0: 'HOPOPT',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'IPv6-Route',
  44: 'IPv6-Frag',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'IPv6-NoNxt',
  60: 'IPv6-Opts',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  115: 'L2TP',
  132: 'SCTP',
  136: 'UDPLite',
  137: 'MPLS-in-IP',
};

export function ipProtocolName(p: number): string {
  return IP_PROTOCOLS[p] ?? `IP-${p}`;
}
