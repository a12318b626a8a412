// The independent oracle for capture tests: runs tshark on a capture file and compares, frame by
// frame, what tshark decodes with our frame summary. Used by the capture, decode, dispatch and
// network-namespace tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { frameLinkType, frameTimeNs } from '../../../src/core/capture/index-builder';
import { frameBytesSync, openCaptureSync } from '../../../src/core/capture/open';
import { frameSummary } from '../../../src/core/decode/frame';
import type { FrameFields, FrameSummary } from '../../../src/core/model/frame';
import { nodeInflate } from '../../../src/node/input';

/** Why tshark tests cannot run here, or null when they can. */
export function tsharkMissing(): string | null {
  const r = spawnSync('tshark', ['-v'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'tshark is not installed (Debian package tshark)';
}

/** Wireshark's WTAP_ENCAP numbers (wiretap/wtap.h) for the link types we read. */
const WTAP_ENCAP: Record<number, number> = { 1: 1, 101: 7, 0: 15, 113: 25, 228: 129, 229: 130, 108: 174, 276: 210, 280: 205 };
/** IP protocol numbers as tshark prints them → the names of our summaries. */
const PROTO: Record<string, string> = { '1': 'ICMP', '6': 'TCP', '17': 'UDP', '47': 'GRE', '50': 'ESP', '4': 'IPIP', '41': 'IPv6', '58': 'ICMPv6', '2': 'IGMP', '132': 'SCTP' };

export const FIELDS = [
  'frame.number',
  'frame.time_epoch',
  'frame.encap_type',
  'frame.len',
  'frame.cap_len',
  'eth.src',
  'eth.dst',
  'sll.src.eth',
  'vlan.id',
  'ieee8021ad.id',
  'ip.src',
  'ip.dst',
  'ip.id',
  'ip.proto',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.nxt',
  'ipv6.fraghdr.nxt',
  'ipv6.fraghdr.ident',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'udp.srcport',
  'udp.dstport',
  'vxlan.vni',
  'arp.src.proto_ipv4',
  'arp.dst.proto_ipv4',
  'icmp.type',
  'icmpv6.type',
  'vpp.NodeName',
  'vpp.BufferIndex',
] as const;

/** tshark options: no reassembly (frames are compared one by one), no name resolution. */
export const TSHARK_OPTS = ['-n', '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-o', 'tcp.desegment_tcp_streams:FALSE', '-o', 'udp.try_heuristic_first:FALSE'];

export type TsharkRow = Record<(typeof FIELDS)[number], string[]>;

export function tsharkRows(file: string, extra: string[] = []): TsharkRow[] {
  const out = execFileSync('tshark', ['-r', file, ...TSHARK_OPTS, ...extra, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=|', ...FIELDS.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out
    .split('\n')
    .filter((l) => l.length)
    .map((line) => {
      const cols = line.split('\t');
      const row = {} as TsharkRow;
      FIELDS.forEach((f, i) => (row[f] = cols[i] ? cols[i]!.split('|') : []));
      return row;
    });
}

/** "1700000000.123456789" → "1700000000123456789". */
export function epochToNs(s: string): string {
  const [a, b = ''] = s.split('.');
  const ns = BigInt(a!) * 1_000_000_000n + BigInt((b + '000000000').slice(0, 9)) * (a!.startsWith('-') ? -1n : 1n);
  return ns.toString();
}

function levels(f: FrameFields): FrameFields[] {
  const out: FrameFields[] = [];
  for (let x: FrameFields | null = f; x; x = x.inner) out.push(x);
  return out;
}

const ICMP_ERR = new Set(['3', '4', '5', '11', '12']);
const ICMP6_ERR = new Set(['1', '2', '3', '4']);

/** Compares one frame; returns the differences as text (empty when they agree). */
export function compareFrame(s: FrameSummary, t: TsharkRow): string[] {
  const diffs: string[] = [];
  const eq = (what: string, ours: unknown, theirs: unknown) => {
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) diffs.push(`${what}: ours ${JSON.stringify(ours)} tshark ${JSON.stringify(theirs)}`);
  };
  const one = (k: keyof TsharkRow) => t[k][0] ?? null;
  eq('number', String(s.number), one('frame.number'));
  eq('timeNs', s.timeNs, one('frame.time_epoch') === null ? null : epochToNs(one('frame.time_epoch')!));
  eq('linkType', WTAP_ENCAP[s.linkType] ?? `unmapped ${s.linkType}`, Number(one('frame.encap_type')));
  eq('length', String(s.length), one('frame.len'));
  eq('capturedLength', String(s.capturedLength), one('frame.cap_len'));
  const lv = levels(s);
  // ICMP errors quote the offending packet; tshark lists its addresses too: compare our levels only.
  const quoting = t['icmp.type'].some((x) => ICMP_ERR.has(x)) || t['icmpv6.type'].some((x) => ICMP6_ERR.has(x));
  const cut = <T>(xs: T[], n: number) => (quoting ? xs.slice(0, n) : xs);
  const macs = lv.filter((l) => l.dstMac !== null);
  if (s.linkType === 113 || s.linkType === 276) {
    eq('srcMac (sll)', lv[0]!.srcMac, one('sll.src.eth'));
    eq('eth.src (inner)', macs.map((l) => l.srcMac), t['eth.src']);
  } else {
    eq('eth.src', macs.map((l) => l.srcMac), cut(t['eth.src'], macs.length));
    eq('eth.dst', macs.map((l) => l.dstMac), cut(t['eth.dst'], macs.length));
  }
  // Our summary keeps the outer tag of each level; tshark lists every tag (QinQ): compare the first.
  eq('vlan', lv[0]!.vlan === null ? null : String(lv[0]!.vlan), one('ieee8021ad.id') ?? one('vlan.id'));
  const v4 = lv.filter((l) => l.ipVersion === 4);
  const v6 = lv.filter((l) => l.ipVersion === 6);
  eq('ip.src', v4.map((l) => l.src), cut(t['ip.src'], v4.length));
  eq('ip.dst', v4.map((l) => l.dst), cut(t['ip.dst'], v4.length));
  eq('ip.id', v4.map((l) => String(l.ipId)), cut(t['ip.id'], v4.length).map((x) => String(parseInt(x, 16))));
  eq('ip.proto', v4.map((l) => l.protocol), cut(t['ip.proto'], v4.length).map((x) => PROTO[x] ?? `IP-${x}`));
  eq('ipv6.src', v6.map((l) => l.src), cut(t['ipv6.src'], v6.length));
  eq('ipv6.dst', v6.map((l) => l.dst), cut(t['ipv6.dst'], v6.length));
  const fragIds = v6.filter((l) => l.ipId !== null).map((l) => String(l.ipId));
  eq('ipv6.fraghdr.ident', fragIds, cut(t['ipv6.fraghdr.ident'], fragIds.length).map((x) => String(parseInt(x, 16))));
  const v6proto = t['ipv6.nxt'].map((x, i) => (x === '44' ? (t['ipv6.fraghdr.nxt'][i] ?? x) : x));
  if (t['ipv6.nxt'].every((x) => x === '44' || x === '6' || x === '17' || x === '58' || x === '4' || x === '41' || x === '47' || x === '50'))
    eq('ipv6 protocol', v6.map((l) => l.protocol), cut(v6proto, v6.length).map((x) => PROTO[x] ?? `IP-${x}`));
  const tcp = lv.filter((l) => l.protocol === 'TCP' && l.srcPort !== null);
  const udp = lv.filter((l) => l.protocol === 'UDP' && l.srcPort !== null);
  eq('tcp.srcport', tcp.map((l) => String(l.srcPort)), cut(t['tcp.srcport'], tcp.length));
  eq('tcp.dstport', tcp.map((l) => String(l.dstPort)), cut(t['tcp.dstport'], tcp.length));
  eq('tcp.flags', tcp.map((l) => l.tcpFlags), cut(t['tcp.flags'], tcp.length).map((x) => parseInt(x, 16)));
  eq('udp.srcport', udp.map((l) => String(l.srcPort)), cut(t['udp.srcport'], udp.length));
  eq('udp.dstport', udp.map((l) => String(l.dstPort)), cut(t['udp.dstport'], udp.length));
  eq('vxlan.vni', lv.filter((l) => l.vxlanVni !== null).map((l) => String(l.vxlanVni)), t['vxlan.vni']);
  const arp = lv.filter((l) => l.protocol === 'ARP');
  eq('arp.src', arp.map((l) => l.src), t['arp.src.proto_ipv4']);
  eq('arp.dst', arp.map((l) => l.dst), t['arp.dst.proto_ipv4']);
  eq('vpp.NodeName', s.vppNode === null ? [] : [s.vppNode], t['vpp.NodeName']);
  eq('vpp.BufferIndex', s.vppBufferIndex === null ? [] : [s.vppBufferIndex], t['vpp.BufferIndex'].map((x) => parseInt(x, 16)));
  return diffs;
}

export interface OracleResult {
  frames: number;
  tsharkFrames: number;
  mismatches: string[];
  summaries: FrameSummary[];
}

/** Reads `file` with our reader and with tshark; every difference is a mismatch. */
export function compareWithTshark(file: string): OracleResult {
  const bytes = new Uint8Array(readFileSync(file));
  const c = openCaptureSync(bytes, { input: file, inflate: nodeInflate });
  const rows = tsharkRows(file);
  const mismatches: string[] = [];
  if (c.index.error) mismatches.push(`reader error: ${c.index.error.message} at ${c.index.error.offset}`);
  if (rows.length !== c.index.count) mismatches.push(`frame count: ours ${c.index.count} tshark ${rows.length}`);
  const summaries: FrameSummary[] = [];
  for (let i = 0; i < Math.min(rows.length, c.index.count); i++) {
    const ifc = c.index.interfaces[c.index.ifaces[i]!];
    const s = frameSummary(frameBytesSync(c, i), { number: i + 1, timeNs: frameTimeNs(c.index, i), linkType: frameLinkType(c.index, i), origLen: c.index.origLens[i]!, fcsLen: ifc?.fcsLen ?? 0 });
    summaries.push(s);
    for (const d of compareFrame(s, rows[i]!)) mismatches.push(`${file} frame ${i + 1}: ${d}`);
  }
  return { frames: c.index.count, tsharkFrames: rows.length, mismatches, summaries };
}
