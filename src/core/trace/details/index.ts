// Decodes the detail lines of one trace entry into HopDetail facts (vpp-formats.md §1.4). Every
// decoded item keeps its line number; lines that are not understood stay only in the hop's lines.
// The decoder works line by line from the line's content (many nodes print the same sub-formats:
// IP headers, buffer lines, hex dumps), with a few node-specific rules (first line of input/output
// nodes, the reason under drop/punt nodes).
import type { DetailField, HopDetail, HopKind, IpHeaderInfo, SourceLine, TraceHop } from '../../model';
import { emptyDetail } from '../../model';
import { nodeInfo } from '../../knowledge';
import { isIpAddress, isMac } from './addr';
import { decodeDump, hexToBytes, parseHexLine, tcpFlagNames } from './hexdump';
import { cnatState, parseLegacySession, parseTupleLine } from './cnat';
import type { PacketView } from '../table';

export { decodeDump, decodeIpAt, protocolName, tcpFlagNames } from './hexdump';
export { parseLegacySession, parseTupleLine } from './cnat';

type Role = 'input' | 'output' | 'tx' | 'drop' | 'punt' | 'other';

/** What a facts decode must find (decodeFactsFromView): it stops reading once it has all of it. */
export const NEED_IP = 1;
export const NEED_RX = 2;
export const NEED_TX = 4;
export const NEED_REASON = 8;
export const NEED_NAT = 16;
export const NEED_ALL = 31;

const CLASS_CACHE = new Map<string, { kind: HopKind; role: Role }>();

function classify(node: string): { kind: HopKind; role: Role } {
  let c = CLASS_CACHE.get(node);
  if (c === undefined) {
    c = classifyUncached(node);
    if (CLASS_CACHE.size < 20000) CLASS_CACHE.set(node, c);
  }
  return c;
}

function classifyUncached(node: string): { kind: HopKind; role: Role } {
  if (node === 'error-drop' || node === 'drop') return { kind: 'drop', role: 'drop' };
  if (node === 'error-punt' || node === 'punt') return { kind: 'punt', role: 'punt' };
  if (node === 'handoff_trace') return { kind: 'handoff', role: 'other' };
  if (node === 'ethernet-input') return { kind: 'ethernet', role: 'other' };
  const tags: readonly string[] = nodeInfo(node)?.tags ?? [];
  const has = (t: string) => tags.includes(t);
  if (has('rx')) return { kind: 'input', role: 'input' };
  if (has('tx') && has('interface')) return { kind: 'tx', role: 'tx' };
  if (has('output') && has('interface')) return { kind: 'output', role: 'output' };
  if (has('drop') && !has('arp')) return { kind: 'drop', role: 'other' };
  if (has('punt')) return { kind: 'punt', role: 'other' };
  if (has('nat')) return { kind: 'nat', role: 'other' };
  if (has('policy')) return { kind: 'policy', role: 'other' };
  if (has('arp')) return { kind: 'arp', role: 'other' };
  if (has('rewrite')) return { kind: 'rewrite', role: 'other' };
  if (has('lookup')) return { kind: 'lookup', role: 'other' };
  if (has('encap') || has('decap') || has('ipsec')) return { kind: 'tunnel', role: 'other' };
  if (has('local') || has('icmp') || has('tcp') || has('udp')) return { kind: 'local', role: 'other' };
  if (has('handoff')) return { kind: 'handoff', role: 'other' };
  if (has('ip')) return { kind: 'ip', role: 'other' };
  return { kind: 'other', role: 'other' };
}

const ARROW = /^([A-Za-z0-9_]+(?: \d+)?|0x[0-9a-fA-F]{4}): (\S+) -> (\S+)(.*)$/;
const ARP_PAIR = /^([0-9a-fA-F:.]+)\/(\S+) -> ([0-9a-fA-F:.]+)\/(\S+)\s*$/;
const REWRITE = /^tx_sw_if_index (\d+) (dpo-idx|adj-idx) (\d+) : ?(.*?)(?: flow hash: (0x[0-9a-fA-F]+))?\s*$/;
const LOOKUP = /^fib (\d+) (dpo-idx|adj-idx) (\d+)(?: : ?(.*?))?(?: flow hash: (0x[0-9a-fA-F]+))?\s*$/;
const FWD_NEXT = /^fib:(\d+) adj:(\d+) flow:(\S+)/;
const BUFFER = /^buffer 0x([0-9a-fA-F]+): current data (-?\d+), length (\d+)/;
const TRACE_HANDLE = /trace(?: handle)? (0x[0-9a-fA-F]+)/;

class Decoder {
  readonly d: HopDetail;
  private readonly role: Role;
  private cur: IpHeaderInfo | null = null;
  private firstSeen = false;
  private dump: { hex: string[]; line: number; next: number } | null = null;
  private l2Hint: number | null = null;
  private reasonCandidate: { text: string; line: number } | null = null;
  private cnatStateText: string | null = null;

  /** Lines seen since the first IP header (facts mode stops once that header is complete). */
  private sinceIp = -1;

  /**
   * `facts`: decode only what a journey needs (first IP header and its ports, NAT session, interfaces,
   * drop reason), skip generic fields and stop reading once nothing more can be learnt.
   * `noDumps`: also ignore hex dumps (IP headers printed as text only).
   */
  private readonly noDumps: boolean;

  constructor(
    readonly node: string,
    private readonly facts = false,
    noDumps = false,
    private readonly need = NEED_ALL,
  ) {
    const c = classify(node);
    this.d = emptyDetail(c.kind);
    this.role = c.role;
    this.noDumps = noDumps || (facts && (need & NEED_IP) === 0);
  }

  private field(name: string, value: string, line: number): void {
    if (this.facts) return;
    this.d.fields.push({ name, value, line } satisfies DetailField);
  }

  /** Facts mode: everything needed from this hop is known. */
  private done(): boolean {
    if (this.dump !== null) return false;
    const need = this.need;
    if (need === NEED_ALL) {
      if (this.role === 'drop' || this.role === 'punt') return false;
      return this.ipComplete();
    }
    if (need & NEED_REASON) return false;
    if (need & NEED_NAT && !this.natDone) return false;
    if (need & NEED_IP && !this.ipComplete()) return false;
    if (need & NEED_TX && this.d.txInterface === null) return false;
    if (need & NEED_RX && this.d.rxInterface === null) return false;
    return true;
  }

  /** A NAT session / rewrite was read, or the cnat translation block began (nothing NAT-related follows). */
  private natDone = false;

  /** The first IP header is known with its ports (or cannot have any). */
  private ipComplete(): boolean {
    const h = this.d.ip[0];
    if (h === undefined) return false;
    if (h.srcPort !== null || (h.protocol !== 'TCP' && h.protocol !== 'UDP')) return true;
    return this.sinceIp >= 8;
  }

  private flushDump(): void {
    const dump = this.dump;
    if (!dump) return;
    this.dump = null;
    const bytes = hexToBytes(dump.hex.join(''));
    const r = decodeDump(bytes, this.dumpHint(bytes), dump.line);
    if (r.ethernet && !this.d.ethernet) this.d.ethernet = { ...r.ethernet, line: dump.line };
    if (r.ip) {
      this.d.ip.push(r.ip);
      this.cur = r.ip;
      if (this.sinceIp < 0) this.sinceIp = 0;
    }
    this.field('hexdump', `${bytes.length} bytes`, dump.line);
  }

  /** Link-layer header length to assume for a dump, verified against the bytes. */
  private dumpHint(b: Uint8Array): number | null {
    const h = this.l2Hint;
    if (h === null) return null;
    const v = b.length > h ? b[h]! >> 4 : -1;
    if (h === 0) return v === 4 || v === 6 ? 0 : null;
    if (b.length < h + 1) return null;
    const et = (b[h - 2]! << 8) | b[h - 1]!;
    if ((et === 0x0800 && v === 4) || (et === 0x86dd && v === 6)) return h;
    return null;
  }

  /** Reads one detail line; returns false when (in facts mode) the rest of the hop can be skipped. */
  line(raw: string, n: number): boolean {
    if (this.facts) {
      if (this.done()) return false;
      if (this.sinceIp >= 0) this.sinceIp++;
    }
    let s = 0;
    while (s < raw.length && (raw.charCodeAt(s) === 32 || raw.charCodeAt(s) === 9)) s++;
    if (s >= raw.length) return true;
    let e = raw.length;
    while (e > s && (raw.charCodeAt(e - 1) === 32 || raw.charCodeAt(e - 1) === 9)) e--;
    const t = s === 0 && e === raw.length ? raw : raw.slice(s, e);

    const hex = parseHexLine(t);
    if (hex) {
      if (this.noDumps) {
        this.firstSeen = true;
        return true;
      }
      if (this.dump && hex.offset === this.dump.next) {
        this.dump.hex.push(hex.hex);
        this.dump.next += hex.hex.length / 2;
      } else {
        this.flushDump();
        this.dump = { hex: [hex.hex], line: n, next: hex.offset + hex.hex.length / 2 };
      }
      this.firstSeen = true;
      return true;
    }
    this.flushDump();

    const first = !this.firstSeen;
    this.firstSeen = true;
    if (first && this.firstLine(t, n)) return true;
    if (this.common(t, n)) return true;
    if ((this.role === 'drop' || this.role === 'punt') && this.reasonCandidate === null) {
      this.reasonCandidate = { text: t, line: n };
    }
    return true;
  }

  /** Node-specific first lines: interface of output / tx / input nodes. */
  private firstLine(t: string, n: number): boolean {
    const role = this.role;
    if (role === 'output') {
      let m = /^sw_if_index: (\d+)$/.exec(t);
      if (m) {
        this.d.txInterface = { name: null, swIfIndex: Number(m[1]), line: n };
        return true;
      }
      m = /^(\S+)(?: flags (0x[0-9a-fA-F]+))?$/.exec(t);
      if (m && !m[1]!.endsWith(':')) {
        this.d.txInterface = { name: m[1]!, swIfIndex: null, line: n };
        this.field('interface', m[1]!, n);
        if (m[2]) this.field('buffer flags', m[2], n);
        return true;
      }
      return false;
    }
    if (role === 'tx') {
      const m = /^(\S+) tx queue (\d+)$/.exec(t);
      if (m) {
        this.d.txInterface = { name: m[1]!, swIfIndex: null, line: n };
        this.field('tx queue', m[2]!, n);
        return true;
      }
      return false;
    }
    if (role === 'input') {
      const m = /^(\S+) rx queue (\d+)$/.exec(t);
      if (m) {
        this.d.rxInterface = { name: m[1]!, swIfIndex: null, hwIfIndex: null, line: n };
        this.field('rx queue', m[2]!, n);
        return true;
      }
      if (this.node === 'tapcli-rx' && /^\S+$/.test(t)) {
        this.d.rxInterface = { name: t, swIfIndex: null, hwIfIndex: null, line: n };
        return true;
      }
    }
    return false;
  }

  /** Formats shared by many nodes. Returns true when the line was understood. */
  private common(t: string, n: number): boolean {
    const c = t.charCodeAt(0);
    if (t.includes(' -> ')) {
      if (this.arrowLine(t, n)) return true;
    }
    switch (c) {
      case 98: // b
        return this.bufferLine(t, n);
      case 99: // c
        if (t.startsWith('current data ')) {
          const m = /^current data (-?\d+), length (\d+)/.exec(t);
          if (m) {
            this.field('current data', m[1]!, n);
            this.field('length', m[2]!, n);
            const th = TRACE_HANDLE.exec(t);
            if (th) this.field('trace handle', th[1]!, n);
            return true;
          }
        }
        if (t.startsWith('crypto ')) return this.keyValues(t, n, 'crypto');
        if (t.startsWith('checksum ')) return true;
        break;
      case 116: // t
        if (t.startsWith('tos ')) return this.tosLine(t, n);
        if (t.startsWith('tx_sw_if_index ')) return this.rewriteLine(t, n);
        if (t.startsWith('translation:')) {
          this.natDone = true;
          this.field('cnat translation', t.slice(12).trim(), n);
          return true;
        }
        if (t.startsWith('tpacket')) return true;
        break;
      case 102: // f
        if (t.startsWith('fragment id ')) return this.fragmentLine(t, n);
        if (t.startsWith('flags 0x') && t.includes('tcp header')) return this.tcpFlagsLine(t, n);
        if (t.startsWith('fib')) return this.lookupLine(t, n);
        if (t.startsWith('frame: ')) return this.frameLine(t, n);
        if (t.startsWith('found')) return this.cnatLine(t, n);
        break;
      case 115: // s
        if (t.startsWith('seq. 0x')) {
          const m = /^seq\. (0x[0-9a-fA-F]+) ack (0x[0-9a-fA-F]+)/.exec(t);
          if (m && this.cur) {
            this.cur.seq = parseInt(m[1]!, 16);
            this.cur.ack = parseInt(m[2]!, 16);
            return true;
          }
        }
        if (t.startsWith('stream ')) return this.pgStream(t, n);
        if (t.startsWith('session')) return this.cnatLine(t, n);
        if (t.startsWith('slot: ')) return this.keyValues(t.slice(6), n, 'slot');
        if (t.startsWith('status 0x')) return this.keyValues(t, n, 'af_packet');
        if (t.startsWith('spd ')) return this.keyValues(t, n, 'ipsec');
        break;
      case 119: // w
        if (t.startsWith('window ')) return true;
        if (t.startsWith('worker-handoff: ')) return this.keyValues(t.slice(16), n, 'handoff');
        if (t.startsWith('weird flow_state')) return this.cnatLine(t, n);
        break;
      case 108: // l
        if (t.startsWith('length ') && this.cur) return true; // UDP length line
        if (t.startsWith('last_seen:')) return this.keyValues(t, n, 'cnat');
        break;
      case 73: // I
        if (t.startsWith('ICMP ')) return this.icmpLine(t, n);
        if (t.startsWith('IPIP: ')) return this.tunnelLine('ipip', t.slice(6), n);
        if (t.startsWith('IPSec: ')) return this.keyValues(t.slice(7), n, 'ipsec');
        break;
      case 114: // r
        if (t.startsWith('rx:')) {
          this.d.rxInterface = { name: t.slice(3).trim(), swIfIndex: null, hwIfIndex: null, line: n };
          return true;
        }
        if (t.startsWith('request, ') || t.startsWith('reply, ')) {
          this.field('arp', t.slice(0, t.indexOf(',')), n);
          return true;
        }
        if (t.startsWith('return session') || t.startsWith('reass id:')) return t.startsWith('return') ? this.cnatLine(t, n) : true;
        if (t.startsWith('reason: ')) {
          this.field('punt reason', t.slice(8), n);
          return true;
        }
        break;
      case 110: // n
        if (t.startsWith('new session')) return this.cnatLine(t, n);
        break;
      case 105: // i
        if (t.startsWith('in:')) return this.cnatInOut(t, n);
        break;
      case 101: // e
        if (t.startsWith('esp: ')) return this.keyValues(t.slice(5), n, 'esp');
        break;
      case 109: // m
        if (t.startsWith('mactype ')) {
          this.field('mactype', t.slice(8), n);
          return true;
        }
        break;
      case 97: // a
        if (t.startsWith('acl-plugin: ')) return this.aclLine(t, n);
        break;
      case 118: // v
        if (t.startsWith('version ')) {
          const m = /^version (\d+), header length (\d+)/.exec(t);
          if (m) {
            this.field('ip version', m[1]!, n);
            this.field('ip header length', m[2]!, n);
            return true;
          }
        }
        if (t.startsWith('via redirect:')) {
          this.field('punt redirect', t.slice(13), n);
          return true;
        }
        break;
      case 86: // V
        if (t.startsWith('VXLAN')) return this.tunnelLine('vxlan', t, n);
        break;
      case 71: // G
        if (t.startsWith('GRE: ')) return this.tunnelLine('gre', t.slice(5), n);
        break;
      case 72: // H
        if (t.startsWith('HANDED-OFF: ')) {
          const m = /from thread (\d+) trace index (\d+)/.exec(t);
          if (m) {
            this.field('from thread', m[1]!, n);
            this.field('trace index', m[2]!, n);
            return true;
          }
        }
        break;
      case 87: // W
        if (t.startsWith('Wireguard input') || t.startsWith('WG ')) {
          this.field('wireguard', t.replace(/:$/, ''), n);
          return true;
        }
        break;
      case 80: // P
        if (t.startsWith('Port: ')) {
          this.field('wireguard port', t.slice(6), n);
          return true;
        }
        break;
      case 85: // U
        if (t.startsWith('UDP: src-port ')) {
          const m = /^UDP: src-port (\d+) dst-port (\d+)(.*)$/.exec(t);
          if (m) {
            this.field('src-port', m[1]!, n);
            this.field('dst-port', m[2]!, n);
            if (m[3]!.includes('no listener')) this.field('listener', 'none', n);
            return true;
          }
        }
        break;
      case 78: // N
        if (t.startsWith('NAT')) {
          const m = /^(NAT[A-Z0-9_]*): sw_if_index (\d+), next index (\d+)(?:, session (-?\d+))?/.exec(t);
          if (m) {
            this.field('nat path', m[1]!, n);
            this.field('sw_if_index', m[2]!, n);
            if (m[4] !== undefined) this.field('nat session', m[4], n);
            return true;
          }
        }
        break;
      case 91: // [
        if (t.startsWith('[') && t.includes(';')) return this.cnatTuple(t, n);
        break;
    }
    // `<proto>: …` prefixes of input drivers and ipsec nodes
    const colon = t.indexOf(': ');
    if (colon > 0 && colon < 12) {
      const label = t.slice(0, colon);
      const rest = t.slice(colon + 2);
      switch (label) {
        case 'virtio':
        case 'memif':
        case 'af_packet':
          return this.hwInput(label, rest, n);
        case 'af_xdp':
        case 'avf':
        case 'rdma':
        case 'vmxnet3':
        case 'iavf':
        case 'ena': {
          const m = /^(\S+) \((\d+)\)/.exec(rest);
          if (m && this.role === 'input') this.d.rxInterface = { name: m[1]!, swIfIndex: null, hwIfIndex: Number(m[2]), line: n };
          return this.keyValues(rest, n, label);
        }
        case 'hdr':
        case 'vnet-hdr':
          return this.keyValues(rest, n, label);
        case 'Type':
        case 'peer':
        case 'Peer':
        case 'Length':
        case 'Keepalive':
          this.field(`wireguard ${label.toLowerCase()}`, rest, n);
          return true;
      }
      if (/^(?:UDP|IPSEC_ESP|IPSEC_AH|TCP|ICMP)$/.test(label) && /\bspi \d+/.test(rest)) return this.keyValues(rest, n, 'ipsec');
    }
    if (/^(?:VXLAN|GRE|IPIP|GENEVE|GTPU)/.test(t)) return this.tunnelLine('tunnel', t, n);
    const st = cnatState(t);
    if (st) return this.cnatLine(t, n);
    if (t.includes(' -> ') && t.includes(';')) return this.cnatTuple(t, n);
    return false;
  }

  private arrowLine(t: string, n: number): boolean {
    const m = ARROW.exec(t);
    if (!m) {
      const a = ARP_PAIR.exec(t);
      if (a) {
        this.field('arp sender', `${a[1]}/${a[2]}`, n);
        this.field('arp target', `${a[3]}/${a[4]}`, n);
        return true;
      }
      return false;
    }
    const label = m[1]!;
    const a = m[2]!;
    const b = m[3]!;
    const rest = m[4]!;
    if (a.length === 17 && a.charCodeAt(2) === 58 && isMac(a) && isMac(b)) {
      if (!this.d.ethernet) {
        const v = /802\.1(?:q|ad) vlan (\d+)|vlan 802\.1(?:q|ad) id (\d+)/.exec(rest);
        this.d.ethernet = { ethertype: label, srcMac: a, dstMac: b, vlan: v ? Number(v[1] ?? v[2]) : null, line: n };
      }
      return true;
    }
    if (rest.trim() === '' || label === 'IP4' || label === 'IP6') {
      const va = isIpAddress(a);
      const vb = isIpAddress(b);
      if (va !== null && va === vb && rest.trim() === '') {
        this.pushIp(label, va, a, b, n);
        return true;
      }
    }
    if (/^\d+$/.test(a) && /^\d+$/.test(b) && rest.trim() === '') {
      const cur = this.cur;
      if (cur && cur.srcPort === null && (cur.protocol === label || label === 'TCP' || label === 'UDP')) {
        cur.srcPort = Number(a);
        cur.dstPort = Number(b);
      } else this.field(`${label} ports`, `${a} -> ${b}`, n);
      return true;
    }
    if (isMac(a) && isMac(b)) {
      if (!this.d.ethernet) {
        const v = /802\.1(?:q|ad) vlan (\d+)|vlan 802\.1(?:q|ad) id (\d+)/.exec(rest);
        this.d.ethernet = { ethertype: label, srcMac: a, dstMac: b, vlan: v ? Number(v[1] ?? v[2]) : null, line: n };
      }
      return true;
    }
    return false;
  }

  private pushIp(protocol: string, v: 4 | 6, src: string, dst: string, line: number): void {
    const h: IpHeaderInfo = {
      ipVersion: v, protocol, src, dst, ttl: null, length: null, checksum: null, checksumBad: false, fragmentId: null,
      fragmentOffset: null, fragmentFlags: [], tos: null, flowLabel: null, srcPort: null, dstPort: null, tcpFlags: null,
      tcpFlagsValue: null, seq: null, ack: null, icmpType: null, icmpCode: null, line,
    };
    this.d.ip.push(h);
    this.cur = h;
    if (this.sinceIp < 0) this.sinceIp = 0;
  }

  private tosLine(t: string, n: number): boolean {
    if (this.facts) return true;
    const h = this.cur;
    if (!h) return this.keyValues(t, n, 'ip');
    let m = /^tos (0x[0-9a-fA-F]+)/.exec(t);
    if (m) h.tos = m[1]!;
    m = /ttl (\d+)/.exec(t);
    if (m) h.ttl = Number(m[1]);
    m = /hop limit (\d+)/.exec(t);
    if (m) h.ttl = Number(m[1]);
    m = /(?:^|, )(?:payload )?length (\d+)/.exec(t);
    if (m) h.length = Number(m[1]);
    m = /checksum (0x[0-9a-fA-F]+)/.exec(t);
    if (m) h.checksum = m[1]!;
    if (t.includes('(should be')) h.checksumBad = true;
    m = /flow label (0x[0-9a-fA-F]+)/.exec(t);
    if (m) h.flowLabel = m[1]!;
    return true;
  }

  private fragmentLine(t: string, n: number): boolean {
    if (this.facts) return true;
    const h = this.cur;
    const m = /^fragment id (0x[0-9a-fA-F]+)(?: offset (\d+))?(?:, flags (\S+))?/.exec(t);
    if (!m) return false;
    if (!h) {
      this.field('fragment id', m[1]!, n);
      return true;
    }
    h.fragmentId = parseInt(m[1]!, 16);
    h.fragmentOffset = m[2] ? Number(m[2]) : 0;
    if (m[3]) for (const f of ['DONT_FRAGMENT', 'MORE_FRAGMENTS', 'CONGESTION']) if (m[3].includes(f)) h.fragmentFlags.push(f);
    return true;
  }

  private tcpFlagsLine(t: string, n: number): boolean {
    if (this.facts) return true;
    const m = /^flags (0x[0-9a-fA-F]+)/.exec(t);
    if (!m) return false;
    const v = parseInt(m[1]!, 16);
    if (this.cur) {
      this.cur.tcpFlagsValue = v;
      this.cur.tcpFlags = tcpFlagNames(v);
    } else this.field('tcp flags', tcpFlagNames(v).join(' '), n);
    return true;
  }

  private icmpLine(t: string, n: number): boolean {
    if (this.facts) return true;
    let m = /^ICMP echo id (\d+) seq (\d+)/.exec(t);
    if (m) {
      this.field('icmp id', m[1]!, n);
      this.field('icmp seq', m[2]!, n);
      return true;
    }
    m = /^ICMP (\S+)(?: (\S+))? checksum (0x[0-9a-fA-F]+)(?: id (\d+))?/.exec(t);
    if (!m) return false;
    const h = this.cur;
    if (h && (h.protocol === 'ICMP' || h.protocol === 'ICMP6') && h.icmpType === null) {
      h.icmpType = m[1]!;
      h.icmpCode = m[2] ?? null;
    } else this.field('icmp', m[2] ? `${m[1]} ${m[2]}` : m[1]!, n);
    if (m[4]) this.field('icmp id', m[4], n);
    return true;
  }

  private bufferLine(t: string, n: number): boolean {
    const m = BUFFER.exec(t);
    if (!m) return false;
    if (!this.d.buffer) this.d.buffer = { index: parseInt(m[1]!, 16), currentData: Number(m[2]), length: Number(m[3]), line: n };
    const th = TRACE_HANDLE.exec(t);
    if (th) this.field('trace handle', th[1]!, n);
    return true;
  }

  private rewriteLine(t: string, n: number): boolean {
    const m = REWRITE.exec(t);
    if (!m) return false;
    const adj = m[4]!.trim();
    this.field('tx_sw_if_index', m[1]!, n);
    this.field(m[2]!, m[3]!, n);
    if (adj) this.field('adjacency', adj, n);
    if (m[5]) this.field('flow hash', m[5], n);
    this.d.txInterface = { name: adjacencyInterface(adj), swIfIndex: Number(m[1]), line: n };
    const rw = /(?:^|\s)([0-9a-fA-F]{28,})(?:\s|$)/.exec(adj);
    if (rw && rw[1]!.length % 2 === 0) this.l2Hint = rw[1]!.length / 2;
    else if (/IP[46]: [0-9a-fA-F:]{17} -> /.test(adj)) this.l2Hint = 14;
    else if (/\bvia \S+ \S+: mtu:\d+/.test(adj) && !/ [0-9a-fA-F]{12,}/.test(adj)) this.l2Hint = 0;
    return true;
  }

  private lookupLine(t: string, n: number): boolean {
    let m = LOOKUP.exec(t);
    if (m) {
      this.field('fib', m[1]!, n);
      this.field(m[2]!, m[3]!, n);
      if (m[4]) this.field('adjacency', m[4].trim(), n);
      if (m[5]) this.field('flow hash', m[5], n);
      return true;
    }
    m = FWD_NEXT.exec(t);
    if (m) {
      this.field('fib', m[1]!, n);
      this.field('adj', m[2]!, n);
      this.field('flow hash', m[3]!, n);
      return true;
    }
    m = /^fib-index:(\d+) addr:(\S+) load-balance:(\d+)/.exec(t);
    if (m) {
      this.field('fib', m[1]!, n);
      this.field('addr', m[2]!, n);
      this.field('load-balance', m[3]!, n);
      return true;
    }
    return false;
  }

  private frameLine(t: string, n: number): boolean {
    const m = /hw-if-index (\d+), sw-if-index (\d+)/.exec(t);
    if (!m) return false;
    this.field('hw-if-index', m[1]!, n);
    this.field('sw-if-index', m[2]!, n);
    if (!this.d.rxInterface) this.d.rxInterface = { name: null, swIfIndex: Number(m[2]), hwIfIndex: Number(m[1]), line: n };
    return true;
  }

  private hwInput(label: string, rest: string, n: number): boolean {
    const hw = /hw_if_index (\d+)/.exec(rest);
    if (hw && this.role === 'input' && !this.d.rxInterface) this.d.rxInterface = { name: null, swIfIndex: null, hwIfIndex: Number(hw[1]), line: n };
    if (hw && this.role === 'tx' && !this.d.txInterface) this.d.txInterface = { name: null, swIfIndex: null, line: n };
    return this.keyValues(rest, n, label);
  }

  private pgStream(t: string, n: number): boolean {
    const m = /^stream ([^,]+), (\d+) bytes(?:, (?:(\d+) sw_if_index|sw_if_index (\d+)))?(?:, next_node (\S+))?/.exec(t);
    if (!m) return false;
    this.field('stream', m[1]!, n);
    this.field('length', m[2]!, n);
    const sw = m[3] ?? m[4];
    if (sw !== undefined) {
      this.field('sw_if_index', sw, n);
      if (this.role === 'input' && !this.d.rxInterface) this.d.rxInterface = { name: null, swIfIndex: Number(sw), hwIfIndex: null, line: n };
    }
    if (m[5]) this.field('next node', m[5], n);
    return true;
  }

  private tunnelLine(kind: string, t: string, n: number): boolean {
    let m = /tunnel ?(\d+)/.exec(t) ?? /vxlan_tunnel(\d+)/.exec(t);
    if (m) this.field(`${kind} tunnel`, m[1]!, n);
    m = /vni (\d+)/.exec(t);
    if (m) this.field('vni', m[1]!, n);
    m = /src (\S+) dst (\S+)/.exec(t);
    if (m) {
      this.field('tunnel src', m[1]!, n);
      this.field('tunnel dst', m[2]!, n);
    }
    if (/decap/i.test(t)) this.field('tunnel', 'decap', n);
    else if (/encap/i.test(t)) this.field('tunnel', 'encap', n);
    return true;
  }

  private aclLine(t: string, n: number): boolean {
    const m = /action: (\d+), match: acl (-?\d+) rule (-?\d+)/.exec(t);
    this.keyValues(t.slice(12), n, 'acl');
    if (m) {
      const a = Number(m[1]);
      this.d.policy = { action: a === 0 ? 'deny' : a === 1 ? 'permit' : a === 2 ? 'permit+reflect' : `action ${a}`, acl: Number(m[2]), rule: Number(m[3]), line: n };
    }
    return true;
  }

  private cnatLine(t: string, n: number): boolean {
    const s = parseLegacySession(t);
    if (s) {
      this.natDone = true;
      if (!this.d.nat) this.d.nat = { before: s.before, after: s.after, line: n, state: this.cnatStateText ?? (s.found ? 'found session' : null) };
      if (s.location) this.field('cnat location', s.location, n);
      return true;
    }
    const st = cnatState(t);
    if (st) {
      this.cnatStateText = st;
      this.field('cnat state', st, n);
      if (this.d.nat && this.d.nat.state === null) this.d.nat.state = st;
      return true;
    }
    return false;
  }

  private cnatInOut(t: string, n: number): boolean {
    const m = /^in:(.*?) out:(.*)$/.exec(t);
    if (!m) return false;
    this.field('in', m[1]!, n);
    this.field('out', m[2]!.trim(), n);
    if (!this.d.rxInterface && m[1]!) this.d.rxInterface = { name: m[1]!, swIfIndex: null, hwIfIndex: null, line: n };
    return true;
  }

  private cnatTuple(t: string, n: number): boolean {
    const r = parseTupleLine(t);
    if (!r) return false;
    const f = r.flow;
    const text = `${f.protocol} ${f.src};${f.srcPort} -> ${f.dst};${f.dstPort}`;
    if (r.slot !== null) this.field(`cnat rewrite [${r.slot}]`, text, n);
    else {
      this.field('cnat rewrite', text, n);
      if (!this.d.natRewrite) this.d.natRewrite = { after: f, line: n, state: this.cnatStateText };
      this.natDone = true;
    }
    return true;
  }

  /** `key value, key value` / `key: value` fragments as fields under a prefix. */
  private keyValues(t: string, n: number, prefix: string): boolean {
    if (this.facts) return true;
    const re = /([A-Za-z_][A-Za-z0-9_.-]*)(?::| ) ?(\(?[^\s,]+\)?)/g;
    let m: RegExpExecArray | null;
    let any = false;
    while ((m = re.exec(t)) !== null) {
      this.field(`${prefix} ${m[1]}`, m[2]!, n);
      any = true;
    }
    if (!any) this.field(prefix, t, n);
    return true;
  }

  finish(): HopDetail {
    this.flushDump();
    if (this.reasonCandidate) this.d.reason = this.reasonCandidate;
    return this.d;
  }
}

/** The interface named in an adjacency description (`ipv4 via 10.0.0.1 tun4: mtu:…`, old `host-eth2`). */
export function adjacencyInterface(adj: string): string | null {
  let m = /\bvia (?:\S+) (\S+?):(?:\s|$)/.exec(adj);
  if (m) return m[1]!;
  m = /^(\S+?):? *$/.exec(adj);
  if (m && !m[1]!.startsWith('<')) return m[1]!;
  m = /^(\S+)\s/.exec(adj);
  if (m && /[A-Za-z]/.test(m[1]!) && !/^(?:ipv[46]|mpls|ethernet|arp|glean|via)$/.test(m[1]!) && !m[1]!.includes(':')) return m[1]!;
  return null;
}

/** Decodes one entry's detail lines. Never throws; unknown lines are simply not represented. */
export function decodeHop(node: string, lines: SourceLine[]): HopDetail {
  const dec = new Decoder(node);
  for (let i = 0; i < lines.length; i++) dec.line(lines[i]!.text, lines[i]!.line);
  return dec.finish();
}

/**
 * The facts a journey needs from a parsed hop, read without building its line objects: the first
 * IP header with its ports, NAT session / rewrite, rx / tx interface, drop reason. `fields` stays
 * empty and detail-only values (TTL, checksums, TCP flags…) may be missing; use decodeHop for those.
 */
export function decodeHopFacts(hop: TraceHop): HopDetail {
  const dec = new Decoder(hop.node, true);
  for (const l of hop.lines) if (!dec.line(l.text, l.line)) break;
  return dec.finish();
}

/**
 * decodeHopFacts for hop `i` of a packet view (reads straight from the input text). `textOnly`:
 * ignore hex dumps, so `ip[0]` is the first IP header printed as text.
 */
export function decodeFactsFromView(v: PacketView, i: number, textOnly = false, need = NEED_ALL): HopDetail {
  const dec = new Decoder(v.node(i), true, textOnly, need);
  v.scan(i, dec);
  return dec.finish();
}
