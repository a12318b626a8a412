// The summary of one captured frame, as `analyze --json` prints it (docs/cli.md). Produced by
// core/decode (frameSummary); kept here so journeys can carry it.

export interface FrameFields {
  srcMac: string | null;
  dstMac: string | null;
  /** Outermost 802.1Q VLAN id. */
  vlan: number | null;
  ipVersion: 4 | 6 | null;
  /** IP addresses (ARP: sender / target protocol addresses). */
  src: string | null;
  dst: string | null;
  /** IPv4 identification, or the IPv6 fragment header's identification. */
  ipId: number | null;
  /** TCP, UDP, ICMP, ICMPv6, ARP, ESP, GRE, IPIP, IPv6 (in IPv4/IPv6), … */
  protocol: string | null;
  srcPort: number | null;
  dstPort: number | null;
  /** The 12 TCP flag bits. */
  tcpFlags: number | null;
  vxlanVni: number | null;
  /** The encapsulated packet (VXLAN, GENEVE, GRE, IP-in-IP), or null. */
  inner: FrameFields | null;
}

export interface FrameSummary extends FrameFields {
  /** 1-based frame number in the capture. */
  number: number;
  /** Integer nanoseconds since the epoch, as a decimal string (null: the frame has no timestamp). */
  timeNs: string | null;
  linkType: number;
  /** Original length on the wire. */
  length: number;
  capturedLength: number;
  vppNode: string | null;
  vppBufferIndex: number | null;
}
