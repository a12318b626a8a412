// One frame, decoded: the chain of protocol layers (parsed once), then either the compact
// summary (frameSummary, the hot path) or the full tree with byte ranges (decodeFrame).
import { ByteView } from '../bytes/view';
import type { FrameFields, FrameSummary } from '../model/frame';
import type { Proto } from './common/layer';
import { ipProtocolName } from './common/names';
import { f, type DecodedField } from './common/tree';
import { arpTree, parseArp, type ArpLayer } from './arp/index';
import { dnsTree, parseDns, type DnsLayer } from './dns/index';
import { espTree, parseEsp, type EspLayer } from './esp/index';
import { ethernetTree, parseEthernet, type EthernetLayer } from './ethernet/index';
import { geneveTree, parseGeneve, type GeneveLayer } from './geneve/index';
import { greTree, parseGre, type GreLayer } from './gre/index';
import { icmpTree, parseIcmp, type IcmpLayer } from './icmp/index';
import { icmpv6Tree, parseIcmpv6, type Icmpv6Layer } from './icmpv6/index';
import { ipv4Tree, parseIpv4, type Ipv4Layer } from './ipv4/index';
import { ipv6Tree, parseIpv6, type Ipv6Layer } from './ipv6/index';
import { parseSll, parseSll2, sllTree, type SllLayer } from './linux-sll/index';
import { nullTree, parseNull, type NullLayer } from './null-loop/index';
import { parseTcp, tcpTree, type TcpLayer } from './tcp/index';
import { parseUdp, udpTree, type UdpLayer } from './udp/index';
import { parseVlan, vlanTree, type VlanLayer } from './vlan/index';
import { parseVppDispatch, vppTree, type VppLayer } from './vpp-dispatch/index';
import { vxlanTree, parseVxlan, type VxlanLayer } from './vxlan/index';
import { parseWireguard, wireguardTree, type WireguardLayer } from './wireguard/index';

export type Layer =
  | EthernetLayer
  | VlanLayer
  | ArpLayer
  | Ipv4Layer
  | Ipv6Layer
  | IcmpLayer
  | Icmpv6Layer
  | TcpLayer
  | UdpLayer
  | VxlanLayer
  | GeneveLayer
  | GreLayer
  | EspLayer
  | WireguardLayer
  | DnsLayer
  | SllLayer
  | NullLayer
  | VppLayer;

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
  VPP_DISPATCH: 280,
} as const;

const LINKTYPE_NAMES: Record<number, string> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  101: 'raw IP',
  108: 'OpenBSD loopback',
  113: 'Linux cooked v1',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked v2',
  280: 'VPP dispatch trace',
};

export function linkTypeName(lt: number): string {
  return LINKTYPE_NAMES[lt] ?? `link type ${lt}`;
}

export function isSupportedLinkType(lt: number): boolean {
  return lt in LINKTYPE_NAMES;
}

export interface DecodedLayers {
  layers: Layer[];
  /** Encapsulation depth of each layer (0 = outer packet, 1 = inside the first tunnel…). */
  depths: number[];
  /** First byte not decoded. */
  end: number;
  /** Why decoding stopped before the end of the bytes, or null when every byte was decoded. */
  notDecoded: string | null;
}

export interface DecodeOptions {
  /** Original length of the frame (for VPP dispatch records whose bytes are truncated). */
  origLen?: number;
  /** FCS bytes at the end of the frame to leave out (pcapng if_fcslen). */
  fcsLen?: number;
  /** Stop after the layers the frame summary uses (no ICMP, DNS, ESP, WireGuard details). */
  summaryOnly?: boolean;
}

/** Layers the frame summary never looks into. */
const NOT_SUMMARISED: ReadonlySet<Proto> = new Set<Proto>(['icmp', 'icmpv6', 'dns', 'esp', 'wireguard']);

function firstProto(linkType: number, b: Uint8Array): Proto | null {
  switch (linkType) {
    case 1:
      return 'ethernet';
    case 0:
    case 108:
      return 'null';
    case 113:
      return 'sll';
    case 276:
      return 'sll2';
    case 280:
      return 'vpp';
    case 228:
      return 'ipv4';
    case 229:
      return 'ipv6';
    case 101:
    case 12:
    case 14: {
      const n = b.length ? b[0]! >> 4 : 0;
      return n === 4 ? 'ipv4' : n === 6 ? 'ipv6' : null;
    }
    default:
      return null;
  }
}

const MAX_LAYERS = 48;

/** Parses the protocol layers of one frame. Never throws; stops at what it cannot decode. */
export function decodeLayers(bytes: Uint8Array, linkType: number, opts: DecodeOptions = {}): DecodedLayers {
  const v = new ByteView(bytes);
  const layers: Layer[] = [];
  const depths: number[] = [];
  let end = Math.max(0, bytes.length - (opts.fcsLen ?? 0));
  let off = 0;
  let depth = 0;
  let proto = firstProto(linkType, bytes);
  let notDecoded: string | null = proto ? null : isSupportedLinkType(linkType) ? 'not an IPv4 or IPv6 packet' : `${linkTypeName(linkType)} not decoded`;
  let whole = true;
  let prev: Layer | null = null;
  const summaryOnly = opts.summaryOnly === true;
  try {
    while (proto && layers.length < MAX_LAYERS) {
      if (summaryOnly && NOT_SUMMARISED.has(proto)) break;
      let l: Layer | null;
      switch (proto) {
        case 'ethernet':
          l = parseEthernet(v, off, end);
          break;
        case 'vlan':
          l = parseVlan(v, off, end);
          break;
        case 'arp':
          l = parseArp(v, off, end);
          break;
        case 'ipv4':
          l = parseIpv4(v, off, end);
          break;
        case 'ipv6':
          l = parseIpv6(v, off, end);
          break;
        case 'icmp':
          l = parseIcmp(v, off, end, whole);
          break;
        case 'icmpv6':
          l = parseIcmpv6(v, off, end);
          break;
        case 'tcp':
          l = parseTcp(v, off, end);
          break;
        case 'udp':
          l = parseUdp(v, off, end, whole);
          break;
        case 'vxlan':
          l = parseVxlan(v, off, end);
          break;
        case 'geneve':
          l = parseGeneve(v, off, end);
          break;
        case 'gre':
          l = parseGre(v, off, end);
          break;
        case 'esp':
          l = parseEsp(v, off, end);
          break;
        case 'wireguard':
          l = parseWireguard(v, off, end);
          break;
        case 'dns':
          l = parseDns(v, off, end, prev?.proto === 'tcp');
          break;
        case 'sll':
          l = parseSll(v, off, end);
          break;
        case 'sll2':
          l = parseSll2(v, off, end);
          break;
        case 'null':
          l = parseNull(v, off, end, linkType === 108);
          break;
        case 'vpp':
          l = parseVppDispatch(v, off, end, opts.origLen ?? bytes.length);
          break;
      }
      if (!l) {
        notDecoded = off >= end ? `no ${proto} header (no bytes left)` : `${proto} header cut by the capture length (${end - off} bytes)`;
        break;
      }
      if (prev && (prev.proto === 'vxlan' || prev.proto === 'geneve' || prev.proto === 'gre' || ((prev.proto === 'ipv4' || prev.proto === 'ipv6') && (l.proto === 'ipv4' || l.proto === 'ipv6')))) depth++;
      layers.push(l);
      depths.push(depth);
      if (l.proto === 'ipv4') whole = (l.flags & 1) === 0 && l.fragmentOffset === 0;
      else if (l.proto === 'ipv6') whole = !l.fragment;
      off = l.end;
      end = Math.max(l.end, l.payloadEnd);
      prev = l;
      proto = l.next;
      if (!proto) {
        notDecoded = l.note;
        if (!notDecoded && l.end < l.payloadEnd && !isTerminal(l)) notDecoded = `${l.payloadEnd - l.end} bytes of ${l.proto} payload not decoded`;
      }
    }
  } catch (e) {
    // Parsers check lengths; a range error here is a bug, reported rather than thrown.
    notDecoded = `decoder error: ${(e as Error).message}`;
  }
  return { layers, depths, end: off, notDecoded };
}

/** Layers whose payload is application data (no further protocol expected). */
function isTerminal(l: Layer): boolean {
  return l.proto === 'tcp' || l.proto === 'udp' || l.proto === 'icmp' || l.proto === 'icmpv6' || l.proto === 'arp' || l.proto === 'dns' || l.proto === 'esp' || l.proto === 'wireguard';
}

function emptyFields(): FrameFields {
  return { srcMac: null, dstMac: null, vlan: null, ipVersion: null, src: null, dst: null, ipId: null, protocol: null, srcPort: null, dstPort: null, tcpFlags: null, vxlanVni: null, inner: null };
}

function fieldsFrom(d: DecodedLayers, start: number): FrameFields {
  const r = emptyFields();
  const depth = d.depths[start]!;
  let i = start;
  for (; i < d.layers.length && d.depths[i] === depth; i++) {
    const l = d.layers[i]!;
    switch (l.proto) {
      case 'ethernet':
        if (r.srcMac === null && r.ipVersion === null) {
          r.srcMac = l.src;
          r.dstMac = l.dst;
        }
        break;
      case 'sll':
      case 'sll2':
        if (l.arphrd === 1 && l.addrLen === 6) r.srcMac = l.address;
        break;
      case 'vlan':
        if (r.vlan === null) r.vlan = l.vid;
        break;
      case 'arp':
        if (r.protocol === null) {
          r.protocol = 'ARP';
          r.src = l.senderProto;
          r.dst = l.targetProto;
        }
        break;
      case 'ipv4':
        if (r.ipVersion === null) {
          r.ipVersion = 4;
          r.src = l.src;
          r.dst = l.dst;
          r.ipId = l.id;
          r.protocol = ipProtocolName(l.protocol);
        }
        break;
      case 'ipv6':
        if (r.ipVersion === null) {
          r.ipVersion = 6;
          r.src = l.src;
          r.dst = l.dst;
          r.ipId = l.fragment ? l.fragment.id : null;
          r.protocol = ipProtocolName(l.protocol);
        }
        break;
      case 'tcp':
        if (r.srcPort === null) {
          r.srcPort = l.srcPort;
          r.dstPort = l.dstPort;
          r.tcpFlags = l.flags;
          if (r.protocol === null) r.protocol = 'TCP';
        }
        break;
      case 'udp':
        if (r.srcPort === null) {
          r.srcPort = l.srcPort;
          r.dstPort = l.dstPort;
          if (r.protocol === null) r.protocol = 'UDP';
        }
        break;
      case 'vxlan':
        r.vxlanVni = l.vni;
        break;
      default:
        break;
    }
  }
  if (i < d.layers.length) r.inner = fieldsFrom(d, i);
  return r;
}

/** The fields of a decoded frame (outer packet, with `inner` for an encapsulated one). */
export function summaryFields(d: DecodedLayers): FrameFields {
  const start = d.layers[0]?.proto === 'vpp' ? 1 : 0;
  if (start >= d.layers.length) return emptyFields();
  return fieldsFrom(d, start);
}

export interface FrameMeta {
  number: number;
  timeNs: string | null;
  linkType: number;
  origLen: number;
  fcsLen?: number;
}

/** The frame summary of docs/cli.md (the `frame` object of analyze --json). */
export function frameSummary(bytes: Uint8Array, meta: FrameMeta): FrameSummary {
  const d = decodeLayers(bytes, meta.linkType, { origLen: meta.origLen, fcsLen: meta.fcsLen ?? 0, summaryOnly: true });
  return summaryOf(d, bytes.length, meta);
}

export function summaryOf(d: DecodedLayers, capturedLength: number, meta: FrameMeta): FrameSummary {
  const vpp = d.layers[0]?.proto === 'vpp' ? d.layers[0] : null;
  const f = summaryFields(d);
  // Built field by field (no spread): this is the hot path, and the key order is the JSON's.
  return {
    number: meta.number,
    timeNs: meta.timeNs,
    linkType: meta.linkType,
    length: meta.origLen,
    capturedLength,
    srcMac: f.srcMac,
    dstMac: f.dstMac,
    vlan: f.vlan,
    ipVersion: f.ipVersion,
    src: f.src,
    dst: f.dst,
    ipId: f.ipId,
    protocol: f.protocol,
    srcPort: f.srcPort,
    dstPort: f.dstPort,
    tcpFlags: f.tcpFlags,
    vxlanVni: f.vxlanVni,
    inner: f.inner,
    vppNode: vpp ? vpp.nodeName : null,
    vppBufferIndex: vpp ? vpp.bufferIndex : null,
  };
}

function treeOf(l: Layer, v: ByteView): DecodedField {
  switch (l.proto) {
    case 'ethernet':
      return ethernetTree(l);
    case 'vlan':
      return vlanTree(l);
    case 'arp':
      return arpTree(l);
    case 'ipv4':
      return ipv4Tree(l);
    case 'ipv6':
      return ipv6Tree(l);
    case 'icmp':
      return icmpTree(l, v);
    case 'icmpv6':
      return icmpv6Tree(l, v);
    case 'tcp':
      return tcpTree(l);
    case 'udp':
      return udpTree(l);
    case 'vxlan':
      return vxlanTree(l);
    case 'geneve':
      return geneveTree(l);
    case 'gre':
      return greTree(l);
    case 'esp':
      return espTree(l);
    case 'wireguard':
      return wireguardTree(l);
    case 'dns':
      return dnsTree(l);
    case 'sll':
    case 'sll2':
      return sllTree(l);
    case 'null':
      return nullTree(l);
    case 'vpp':
      return vppTree(l);
  }
}

export interface DecodedFrame {
  /** Protocol trees, outermost first, then a `data` node for bytes left undecoded. */
  tree: DecodedField[];
  layers: DecodedLayers;
  /** Problems worth showing: bad checksums, cut headers, unsupported versions. */
  warnings: string[];
}

/** The full decode of one frame, every field with its byte range. */
export function decodeFrame(bytes: Uint8Array, linkType: number, opts: DecodeOptions = {}): DecodedFrame {
  const d = decodeLayers(bytes, linkType, opts);
  const v = new ByteView(bytes);
  const tree: DecodedField[] = [];
  const warnings: string[] = [];
  for (const l of d.layers) {
    try {
      tree.push(treeOf(l, v));
    } catch (e) {
      warnings.push(`${l.proto}: ${(e as Error).message}`);
    }
    if (l.truncated) warnings.push(`${l.proto} header cut by the capture length`);
    if (l.proto === 'ipv4' && l.checksumOk === false) warnings.push(`IPv4 header checksum 0x${l.checksum.toString(16).padStart(4, '0')} is incorrect`);
    if (l.proto === 'icmp' && l.checksumOk === false) warnings.push('ICMP checksum is incorrect');
    if (l.proto === 'vpp') for (const p of l.problems) warnings.push(`VPP dispatch record: ${p}`);
    if (l.proto === 'dns' && l.problem) warnings.push(`DNS: ${l.problem}`);
  }
  const last = d.layers[d.layers.length - 1];
  const dataStart = last ? Math.max(last.end, 0) : 0;
  const dataEnd = last ? Math.min(Math.max(last.payloadEnd, last.end), bytes.length) : bytes.length;
  if (d.notDecoded || dataEnd > dataStart) {
    const n = dataEnd - dataStart;
    if (n > 0 || d.notDecoded) tree.push(f('data', `Data (${n} bytes)${d.notDecoded ? `: not decoded — ${d.notDecoded}` : ''}`, d.notDecoded, dataStart, dataEnd));
  }
  const trailerStart = last ? Math.max(last.payloadEnd, last.end) : bytes.length;
  const fcs = opts.fcsLen ?? 0;
  if (trailerStart < bytes.length - fcs) tree.push(f('trailer', `Trailer / padding (${bytes.length - fcs - trailerStart} bytes)`, null, trailerStart, bytes.length - fcs));
  if (fcs > 0 && bytes.length >= fcs) tree.push(f('fcs', `Frame check sequence (${fcs} bytes)`, null, bytes.length - fcs, bytes.length));
  return { tree, layers: d, warnings };
}
