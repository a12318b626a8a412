// The VPP dispatch-trace record (link type 280): version, string count, protocol hint, buffer
// index (big-endian), node name, metadata, opaque, opaque2, optional trace text, then the packet
// as the node was about to see it. Which header the packet starts with is decided by the hint,
// then the metadata offsets, then the node name checked against the bytes (an IP node after the
// rewrite sees an Ethernet frame), then the bytes themselves.
import type { ByteView } from '../../bytes/view';
import { decodeUtf8 } from '../../text/utf8';
import { base, type LayerBase, type Proto } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export const VPP_HINTS = ['none', 'ethernet', 'ip4', 'ip6', 'tcp', 'udp'] as const;

export interface VppMetadata {
  flags: string[];
  currentData: number | null;
  currentLength: number | null;
  error: number | null;
  traceHandle: number | null;
}

export interface VppOpaque {
  swIfIndexRx: number | null;
  swIfIndexTx: number | null;
  l2Offset: number | null;
  l3Offset: number | null;
  l4Offset: number | null;
}

export interface VppString {
  text: string;
  start: number;
  /** Exclusive, after the NUL. */
  end: number;
}

export interface VppLayer extends LayerBase {
  proto: 'vpp';
  major: number;
  minor: number;
  stringCount: number;
  /** As written (may be out of range). */
  hint: number;
  bufferIndex: number;
  nodeName: string | null;
  metadata: VppString | null;
  opaque: VppString | null;
  opaque2: VppString | null;
  trace: VppString | null;
  meta: VppMetadata;
  op: VppOpaque;
  /** How the packet's first protocol was chosen. */
  decidedBy: 'hint' | 'metadata' | 'node' | 'content' | null;
  problems: string[];
}

function readString(v: ByteView, p: number, end: number): VppString | null {
  const z = v.bytes.subarray(0, end).indexOf(0, p);
  if (z < 0) return null;
  return { text: decodeUtf8(v.bytes.subarray(p, z)), start: p, end: z + 1 };
}

export function parseMetadata(s: string): VppMetadata {
  const num = (re: RegExp) => {
    const m = re.exec(s);
    return m ? Number(m[1]) : null;
  };
  const fl = /^flags:(.*)$/m.exec(s);
  const th = /trace_handle: 0x([0-9a-fA-F]+)/.exec(s);
  return {
    flags: fl ? fl[1]!.trim().split(/\s+/).filter(Boolean) : [],
    currentData: num(/current_data: (-?\d+)/),
    currentLength: num(/current_length: (\d+)/),
    error: num(/^error: (\d+)/m),
    traceHandle: th ? parseInt(th[1]!, 16) : null,
  };
}

export function parseOpaque(s: string): VppOpaque {
  const sw = /sw_if_index\[VLIB_RX\]: (-?\d+), sw_if_index\[VLIB_TX\]: (-?\d+)/.exec(s);
  const off = /L2 offset (-?\d+), L3 offset (-?\d+), L4 offset (-?\d+)/.exec(s);
  return {
    swIfIndexRx: sw ? Number(sw[1]) : null,
    swIfIndexTx: sw ? Number(sw[2]) : null,
    l2Offset: off ? Number(off[1]) : null,
    l3Offset: off ? Number(off[2]) : null,
    l4Offset: off ? Number(off[3]) : null,
  };
}

/** The header a node's packet starts with, from its name, when the name tells. */
export function protoOfNode(node: string): Proto | null {
  if (/^(ethernet-input|arp-input|arp-reply|l2-|bvi-|vxlan\d?-encap|llc-input)/.test(node)) return 'ethernet';
  if (/(^|-)ip4(-|$)/.test(node) || /^ip4/.test(node)) return 'ipv4';
  if (/(^|-)ip6(-|$)/.test(node) || /^ip6/.test(node)) return 'ipv6';
  return null;
}

const ETHERTYPES_SEEN = new Set([0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x9100, 0x8847]);
const VLAN_TPIDS = new Set([0x8100, 0x88a8, 0x9100]);

/**
 * An IP header whose length field covers exactly the rest of the record (or its captured part):
 * the packet starts with IPv4 / IPv6 beyond reasonable doubt.
 */
export function exactIpAt(b: Uint8Array, p: number, end: number, origRemaining: number): Proto | null {
  const n = end - p;
  if (n < 20) return null;
  const first = b[p]!;
  if (first >> 4 === 4 && (first & 0xf) >= 5) {
    const tl = (b[p + 2]! << 8) | b[p + 3]!;
    if (tl === origRemaining || tl === n) return 'ipv4';
  }
  if (first >> 4 === 6 && n >= 40) {
    const pl = (b[p + 4]! << 8) | b[p + 5]!;
    if (pl + 40 === origRemaining || pl + 40 === n) return 'ipv6';
  }
  return null;
}

/**
 * An Ethernet header (up to two VLAN tags) whose EtherType announces the header that follows it:
 * IPv4 (version 4, IHL ≥ 5), IPv6 (version 6), ARP (Ethernet / IPv4) or MPLS.
 */
export function ethernetAt(b: Uint8Array, p: number, end: number): boolean {
  let q = p + 12;
  for (let tags = 0; q + 2 <= end && tags <= 2; tags++) {
    const t = (b[q]! << 8) | b[q + 1]!;
    if (VLAN_TPIDS.has(t)) {
      q += 4;
      continue;
    }
    const h = q + 2;
    if (t === 0x8847) return true;
    if (h >= end) return false;
    if (t === 0x0800) return b[h]! >> 4 === 4 && (b[h]! & 0xf) >= 5;
    if (t === 0x86dd) return b[h]! >> 4 === 6;
    if (t === 0x0806) return h + 4 <= end && b[h]! === 0 && b[h + 1]! === 1 && b[h + 2]! === 0x08 && b[h + 3]! === 0;
    return false;
  }
  return false;
}

/** Content heuristic: IPv4 / IPv6 when the header is consistent with the bytes, else Ethernet. */
export function protoOfContent(b: Uint8Array, p: number, end: number, origRemaining: number): Proto {
  const n = end - p;
  const first = n > 0 ? b[p]! : 0;
  const ethType = n >= 14 ? (b[p + 12]! << 8) | b[p + 13]! : -1;
  if (first >> 4 === 4 && (first & 0xf) >= 5 && n >= 20) {
    const tl = (b[p + 2]! << 8) | b[p + 3]!;
    if (tl === origRemaining || tl === n) return 'ipv4';
    if (!ETHERTYPES_SEEN.has(ethType) && tl >= (first & 0xf) * 4 && tl <= origRemaining) return 'ipv4';
  }
  if (first >> 4 === 6 && n >= 40) {
    const pl = (b[p + 4]! << 8) | b[p + 5]!;
    if (pl + 40 === origRemaining || pl + 40 === n) return 'ipv6';
    if (!ETHERTYPES_SEEN.has(ethType) && pl + 40 <= origRemaining) return 'ipv6';
  }
  return 'ethernet';
}

function hintProto(h: number): Proto | null {
  return h === 1 ? 'ethernet' : h === 2 ? 'ipv4' : h === 3 ? 'ipv6' : h === 4 ? 'tcp' : h === 5 ? 'udp' : null;
}

/** `origLen` is the record's original length (to judge IP lengths of truncated records). */
export function parseVppDispatch(v: ByteView, off: number, end: number, origLen = end - off): VppLayer | null {
  if (off + 8 > end) return null;
  const b = v.bytes;
  const major = b[off]!;
  const minor = b[off + 1]!;
  const stringCount = b[off + 2]!;
  const hint = b[off + 3]!;
  const bufferIndex = v.u32be(off + 4);
  const problems: string[] = [];
  const empty: VppMetadata = { flags: [], currentData: null, currentLength: null, error: null, traceHandle: null };
  const emptyOp: VppOpaque = { swIfIndexRx: null, swIfIndexTx: null, l2Offset: null, l3Offset: null, l4Offset: null };
  const layer: VppLayer = {
    proto: 'vpp',
    ...base(off, off + 8, end, null, null),
    major,
    minor,
    stringCount,
    hint,
    bufferIndex,
    nodeName: null,
    metadata: null,
    opaque: null,
    opaque2: null,
    trace: null,
    meta: empty,
    op: emptyOp,
    decidedBy: null,
    problems,
  };
  if (major !== 1) {
    layer.note = `dispatch record version ${major}.${minor} is not supported (1.0 expected)`;
    layer.end = off + 1;
    return layer;
  }
  if (minor !== 0) problems.push(`minor version ${minor} (0 expected)`);
  if (hint > 5) problems.push(`protocol hint ${hint} out of range (treated as none)`);
  let p = off + 8;
  const strs: (VppString | null)[] = [];
  if (stringCount < 4 || stringCount > 5) problems.push(`string count ${stringCount} (4 or 5 expected)`);
  for (let i = 0; i < Math.min(stringCount, 5); i++) {
    const s = readString(v, p, end);
    if (!s) {
      problems.push(`record cut inside string ${i + 1}`);
      layer.truncated = true;
      p = end;
      break;
    }
    strs.push(s);
    p = s.end;
  }
  // Strings beyond the fifth are skipped, as Wireshark does not know them either.
  for (let i = 5; i < stringCount && p < end; i++) {
    const s = readString(v, p, end);
    if (!s) break;
    p = s.end;
  }
  layer.nodeName = strs[0]?.text ?? null;
  layer.metadata = strs[1] ?? null;
  layer.opaque = strs[2] ?? null;
  layer.opaque2 = strs[3] ?? null;
  layer.trace = stringCount > 4 ? (strs[4] ?? null) : null;
  layer.meta = layer.metadata ? parseMetadata(layer.metadata.text) : empty;
  layer.op = layer.opaque ? parseOpaque(layer.opaque.text) : emptyOp;
  layer.end = p;
  if (layer.truncated || p >= end) {
    if (!layer.truncated) layer.note = 'no packet bytes';
    return layer;
  }
  const origRemaining = origLen - (p - off);
  let next = hint <= 5 ? hintProto(hint) : null;
  if (next) layer.decidedBy = 'hint';
  if (!next) {
    const m = layer.meta;
    const o = layer.op;
    if (m.currentData !== null && m.flags.includes('l3_hdr_offset_valid') && o.l3Offset === m.currentData) {
      const nib = b[p]! >> 4;
      next = nib === 6 ? 'ipv6' : nib === 4 ? 'ipv4' : null;
    } else if (m.currentData !== null && m.flags.includes('l2_hdr_offset_valid') && o.l2Offset === m.currentData) next = 'ethernet';
    if (next) layer.decidedBy = 'metadata';
  }
  if (!next && layer.nodeName) {
    next = protoOfNode(layer.nodeName);
    if (next) layer.decidedBy = 'node';
    // An IP node's name is not enough: output features after ip4-rewrite / ip6-rewrite
    // (cnat-output-ip4, gso-ip4, acl-plugin-out-ip4-fa…) see the rewritten frame, which starts
    // with the Ethernet header on Ethernet-class interfaces. The bytes decide when they are an
    // Ethernet header announcing what follows and not an IP header of exactly the packet's length.
    if ((next === 'ipv4' || next === 'ipv6') && exactIpAt(b, p, end, origRemaining) !== next && ethernetAt(b, p, end)) {
      next = 'ethernet';
      layer.decidedBy = 'content';
    }
  }
  if (!next) {
    next = protoOfContent(b, p, end, origRemaining);
    layer.decidedBy = 'content';
  }
  layer.next = next;
  return layer;
}

function stringTree(name: string, label: string, s: VppString): DecodedField {
  const kids: DecodedField[] = [];
  let p = s.start;
  for (const line of s.text.split('\n')) {
    const e = Math.min(p + line.length + 1, s.end);
    if (line.length) kids.push(f(name, line, line, p, e));
    p = e;
  }
  return f(name, label, null, s.start, s.end, kids);
}

export function vppTree(h: VppLayer): DecodedField {
  const o = h.start;
  const kids: DecodedField[] = [
    fv('vpp.MajorVersion', 'Major version', h.major, o, o + 1),
    fv('vpp.MinorVersion', 'Minor version', h.minor, o + 1, o + 2),
    fv('vpp.StringCount', 'String count', h.stringCount, o + 2, o + 3),
    fv('vpp.ProtocolHint', 'Protocol hint', `${VPP_HINTS[h.hint] ?? 'out of range'} (${h.hint})`, o + 3, o + 4),
    fv('vpp.BufferIndex', 'Buffer index', `${hex(h.bufferIndex, 8)} (${h.bufferIndex})`, o + 4, o + 8),
  ];
  if (h.nodeName !== null && h.metadata) kids.push(fv('vpp.NodeName', 'Node name', h.nodeName, o + 8, h.metadata.start));
  else if (h.nodeName !== null) kids.push(fv('vpp.NodeName', 'Node name', h.nodeName, o + 8, h.end));
  if (h.metadata) kids.push(stringTree('vpp.metadata', 'Buffer metadata', h.metadata));
  if (h.opaque) kids.push(stringTree('vpp.opaque', 'Buffer opaque', h.opaque));
  if (h.opaque2) kids.push(stringTree('vpp.opaque2', 'Buffer opaque2', h.opaque2));
  if (h.trace) kids.push(stringTree('vpp.trace', 'Packet trace', h.trace));
  for (const p of h.problems) kids.push(f('vpp.problem', `Warning: ${p}`, p, o, h.end));
  if (h.decidedBy) kids.push(f('vpp.decided_by', `Packet starts with ${h.next} (decided by ${h.decidedBy})`, h.decidedBy, h.end, h.end));
  return f('vpp', `VPP dispatch trace, node ${h.nodeName ?? '?'}, buffer ${hex(h.bufferIndex, 8)}`, null, o, h.end, kids);
}
