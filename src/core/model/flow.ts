/** A flow 5-tuple as seen in one IP header. Addresses are text in VPP's notation (IPv6 compressed). */
export interface Flow {
  ipVersion: 4 | 6;
  /** Protocol name as VPP prints it: TCP, UDP, ICMP, ICMP6, GRE, IPSEC_ESP, … */
  protocol: string;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
}

/** A change of addresses or ports made by one graph node (cnat, nat44, …). */
export interface NatChange {
  /** The node that made the change. */
  node: string;
  before: Flow;
  after: Flow;
}

export function flowKey(f: Flow): string {
  return `${f.protocol} ${f.src}:${f.srcPort ?? '-'} > ${f.dst}:${f.dstPort ?? '-'}`;
}

/** The same key for both directions of a conversation. */
export function conversationKey(f: Flow): string {
  const a = `${f.src}:${f.srcPort ?? '-'}`;
  const b = `${f.dst}:${f.dstPort ?? '-'}`;
  return a < b ? `${f.protocol} ${a} ${b}` : `${f.protocol} ${b} ${a}`;
}

export function sameFlow(a: Flow, b: Flow): boolean {
  return a.ipVersion === b.ipVersion && a.protocol === b.protocol && a.src === b.src && a.dst === b.dst && a.srcPort === b.srcPort && a.dstPort === b.dstPort;
}
