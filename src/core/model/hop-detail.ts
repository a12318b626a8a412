// Decoded meaning of a hop's detail lines. Every decoded item names the line it came from, so the
// UI can point at the raw text. Unknown lines are not represented here; they stay in the hop's lines.

/** One IP header printed in a hop (a node may print several: outer and inner, or IP and L4). */
export interface IpHeaderInfo {
  ipVersion: 4 | 6;
  protocol: string;
  src: string;
  dst: string;
  ttl: number | null;
  length: number | null;
  checksum: string | null;
  checksumBad: boolean;
  fragmentId: number | null;
  fragmentOffset: number | null;
  fragmentFlags: string[];
  tos: string | null;
  flowLabel: string | null;
  srcPort: number | null;
  dstPort: number | null;
  tcpFlags: string[] | null;
  tcpFlagsValue: number | null;
  seq: number | null;
  ack: number | null;
  icmpType: string | null;
  icmpCode: string | null;
  /** Line of the `<PROTO>: src -> dst` line. */
  line: number;
}

export interface DetailField {
  name: string;
  value: string;
  line: number;
}

export type HopKind =
  | 'input'
  | 'ethernet'
  | 'ip'
  | 'lookup'
  | 'rewrite'
  | 'nat'
  | 'policy'
  | 'local'
  | 'output'
  | 'tx'
  | 'drop'
  | 'punt'
  | 'arp'
  | 'tunnel'
  | 'handoff'
  | 'other';

export interface HopDetail {
  kind: HopKind;
  /** Key/value facts in reading order (hw_if_index, queue, length, fib, dpo-idx, adjacency…). */
  fields: DetailField[];
  /** IP headers printed in this hop, outermost first. */
  ip: IpHeaderInfo[];
  /** Ethernet line: MACs, ethertype, VLAN. */
  ethernet: { ethertype: string; srcMac: string; dstMac: string; vlan: number | null; line: number } | null;
  /** The `buffer 0x…` line. */
  buffer: { index: number; currentData: number | null; length: number | null; line: number } | null;
  /** A NAT session printed by the node (cnat, nat44): the packet before and after. */
  nat: { before: import('./flow').Flow; after: import('./flow').Flow; line: number; state: string | null } | null;
  /**
   * A NAT rewrite printed without the packet before it (new cnat trace format, VPP ≥ 26.06): the
   * 5-tuple the packet is rewritten to. The journey builder takes "before" from the preceding hops.
   */
  natRewrite?: { after: import('./flow').Flow; line: number; state: string | null } | null;
  /** The interface this hop names for transmission (tx_sw_if_index, `<if>` of an output node). */
  txInterface: { name: string | null; swIfIndex: number | null; line: number } | null;
  /** The interface named as receive (input nodes, `rx:<if>` of error-drop). */
  rxInterface: { name: string | null; swIfIndex: number | null; hwIfIndex: number | null; line: number } | null;
  /** Drop / punt reason text (`<node>: <reason>`) when this hop states it. */
  reason: { text: string; line: number } | null;
  /** ACL / policy match, if printed. */
  policy: { action: string; acl: number | null; rule: number | null; line: number } | null;
}

export function emptyDetail(kind: HopKind = 'other'): HopDetail {
  return { kind, fields: [], ip: [], ethernet: null, buffer: null, nat: null, natRewrite: null, txInterface: null, rxInterface: null, reason: null, policy: null };
}
