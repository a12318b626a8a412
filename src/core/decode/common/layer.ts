// What every protocol parser returns: its header's byte range, where its payload ends, and which
// protocol the payload holds (or why it is not decoded).

export type Proto =
  | 'ethernet'
  | 'vlan'
  | 'arp'
  | 'ipv4'
  | 'ipv6'
  | 'icmp'
  | 'icmpv6'
  | 'tcp'
  | 'udp'
  | 'vxlan'
  | 'geneve'
  | 'gre'
  | 'esp'
  | 'wireguard'
  | 'dns'
  | 'sll'
  | 'sll2'
  | 'null'
  | 'vpp';

export interface LayerBase {
  /** First byte of the header (absolute in the frame). */
  start: number;
  /** First byte after the header = first byte of the payload. */
  end: number;
  /** End (exclusive) of this protocol's payload, e.g. bounded by the IP total length. */
  payloadEnd: number;
  /** Protocol of the payload, or null when it is not decoded further. */
  next: Proto | null;
  /** Why the payload is not decoded (unknown type, fragment, encrypted…), or null. */
  note: string | null;
  /** The header is cut by the end of the captured bytes. */
  truncated: boolean;
}

export function base(start: number, end: number, payloadEnd: number, next: Proto | null = null, note: string | null = null, truncated = false): LayerBase {
  return { start, end, payloadEnd, next, note, truncated };
}

/** Protocol carried by an ethertype, or null. */
export function protoOfEthertype(t: number): Proto | null {
  switch (t) {
    case 0x0800:
      return 'ipv4';
    case 0x86dd:
      return 'ipv6';
    case 0x0806:
      return 'arp';
    case 0x8100:
    case 0x88a8:
    case 0x9100:
      return 'vlan';
    case 0x6558:
      return 'ethernet';
    default:
      return null;
  }
}

/** Protocol carried by an IP protocol number, or null. */
export function protoOfIp(p: number): Proto | null {
  switch (p) {
    case 1:
      return 'icmp';
    case 6:
      return 'tcp';
    case 17:
      return 'udp';
    case 4:
      return 'ipv4';
    case 41:
      return 'ipv6';
    case 47:
      return 'gre';
    case 50:
      return 'esp';
    case 58:
      return 'icmpv6';
    default:
      return null;
  }
}
