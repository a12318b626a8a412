// DNS (RFC 1035): header, questions and resource records, with name compression (bounded).
import type { ByteView } from '../../bytes/view';
import { toHex } from '../../bytes/view';
import { ipv4At, ipv6At } from '../common/address';
import { base, type LayerBase } from '../common/layer';
import { f, fv, hex, type DecodedField } from '../common/tree';

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
  start: number;
  end: number;
}

export interface DnsRecord extends DnsQuestion {
  section: 'answer' | 'authority' | 'additional';
  ttl: number;
  data: string;
}

export interface DnsLayer extends LayerBase {
  proto: 'dns';
  /** Over TCP: the 2-byte length prefix precedes the message. */
  tcpLength: number | null;
  id: number;
  flags: number;
  response: boolean;
  opcode: number;
  rcode: number;
  counts: [number, number, number, number];
  questions: DnsQuestion[];
  records: DnsRecord[];
  /** Parsing stopped early (truncated or malformed), with the reason. */
  problem: string | null;
}

const TYPES: Record<number, string> = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 41: 'OPT', 65: 'HTTPS', 255: 'ANY' };

export function dnsTypeName(t: number): string {
  return TYPES[t] ?? `TYPE${t}`;
}

/** Reads a (possibly compressed) name at p; returns the name and the end of its in-place encoding. */
function readName(b: Uint8Array, msg: number, p: number, end: number): { name: string; next: number } | null {
  const labels: string[] = [];
  let next = -1;
  let jumps = 0;
  let total = 0;
  for (;;) {
    if (p >= end) return null;
    const len = b[p]!;
    if (len === 0) {
      if (next < 0) next = p + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (p + 1 >= end || ++jumps > 32) return null;
      if (next < 0) next = p + 2;
      p = msg + (((len & 0x3f) << 8) | b[p + 1]!);
      continue;
    }
    if (len & 0xc0) return null;
    if (p + 1 + len > end || (total += len + 1) > 255) return null;
    let s = '';
    for (let i = p + 1; i < p + 1 + len; i++) {
      const c = b[i]!;
      s += c > 0x20 && c < 0x7f && c !== 0x2e ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
    }
    labels.push(s);
    p += 1 + len;
  }
  return { name: labels.length ? labels.join('.') : '<Root>', next };
}

export function parseDns(v: ByteView, off: number, end: number, overTcp = false): DnsLayer | null {
  let msg = off;
  let tcpLength: number | null = null;
  if (overTcp) {
    if (off + 2 > end) return null;
    tcpLength = v.u16be(off);
    msg = off + 2;
    end = Math.min(end, msg + tcpLength);
  }
  if (msg + 12 > end) return null;
  const b = v.bytes;
  const flags = v.u16be(msg + 2);
  const counts: [number, number, number, number] = [v.u16be(msg + 4), v.u16be(msg + 6), v.u16be(msg + 8), v.u16be(msg + 10)];
  const questions: DnsQuestion[] = [];
  const records: DnsRecord[] = [];
  let problem: string | null = null;
  let p = msg + 12;
  for (let i = 0; i < counts[0] && !problem; i++) {
    const n = readName(b, msg, p, end);
    if (!n || n.next + 4 > end) {
      problem = `question ${i + 1} is cut or malformed`;
      break;
    }
    questions.push({ name: n.name, type: v.u16be(n.next), class: v.u16be(n.next + 2), start: p, end: n.next + 4 });
    p = n.next + 4;
  }
  const sections: DnsRecord['section'][] = ['answer', 'authority', 'additional'];
  for (let s = 0; s < 3 && !problem; s++) {
    for (let i = 0; i < counts[s + 1]! && !problem; i++) {
      const n = readName(b, msg, p, end);
      if (!n || n.next + 10 > end) {
        problem = `${sections[s]} record ${i + 1} is cut or malformed`;
        break;
      }
      const q = n.next;
      const type = v.u16be(q);
      const rdlen = v.u16be(q + 8);
      const rd = q + 10;
      if (rd + rdlen > end) {
        problem = `${sections[s]} record ${i + 1} data is cut`;
        break;
      }
      let data: string;
      if (type === 1 && rdlen === 4) data = ipv4At(b, rd);
      else if (type === 28 && rdlen === 16) data = ipv6At(b, rd);
      else if (type === 2 || type === 5 || type === 12) data = readName(b, msg, rd, rd + rdlen)?.name ?? '<malformed>';
      else if (type === 15 && rdlen >= 3) data = `${v.u16be(rd)} ${readName(b, msg, rd + 2, rd + rdlen)?.name ?? '<malformed>'}`;
      else data = toHex(b.subarray(rd, rd + rdlen));
      records.push({ section: sections[s]!, name: n.name, type, class: v.u16be(q + 2), ttl: v.u32be(q + 4), data, start: p, end: rd + rdlen });
      p = rd + rdlen;
    }
  }
  return {
    proto: 'dns',
    ...base(off, msg + 12, end, null, null),
    tcpLength,
    id: v.u16be(msg),
    flags,
    response: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    rcode: flags & 0xf,
    counts,
    questions,
    records,
    problem,
  };
}

export function dnsTree(h: DnsLayer): DecodedField {
  const o = h.start;
  const m = h.tcpLength === null ? o : o + 2;
  const kids: DecodedField[] = [];
  if (h.tcpLength !== null) kids.push(fv('dns.length', 'Length', h.tcpLength, o, o + 2));
  kids.push(
    fv('dns.id', 'Transaction ID', hex(h.id, 4), m, m + 2),
    fv('dns.flags', 'Flags', `${hex(h.flags, 4)} (${h.response ? 'response' : 'query'}, opcode ${h.opcode}, rcode ${h.rcode})`, m + 2, m + 4),
    fv('dns.count.queries', 'Questions', h.counts[0], m + 4, m + 6),
    fv('dns.count.answers', 'Answer RRs', h.counts[1], m + 6, m + 8),
    fv('dns.count.auth_rr', 'Authority RRs', h.counts[2], m + 8, m + 10),
    fv('dns.count.add_rr', 'Additional RRs', h.counts[3], m + 10, m + 12),
  );
  if (h.questions.length)
    kids.push(f('dns.queries', 'Queries', null, h.questions[0]!.start, h.questions[h.questions.length - 1]!.end, h.questions.map((q) => f('dns.qry', `${q.name}: type ${dnsTypeName(q.type)}, class ${q.class}`, q.name, q.start, q.end))));
  for (const sec of ['answer', 'authority', 'additional'] as const) {
    const rs = h.records.filter((r) => r.section === sec);
    if (rs.length)
      kids.push(f(`dns.${sec}s`, sec[0]!.toUpperCase() + sec.slice(1) + 's', null, rs[0]!.start, rs[rs.length - 1]!.end, rs.map((r) => f('dns.resp', `${r.name}: type ${dnsTypeName(r.type)}, class ${r.class}, ttl ${r.ttl}, ${r.data}`, r.data, r.start, r.end))));
  }
  if (h.problem) kids.push(f('dns.malformed', `Malformed: ${h.problem}`, h.problem, h.end, h.payloadEnd));
  const q = h.questions[0];
  return f('dns', `Domain Name System (${h.response ? 'response' : 'query'})${q ? ` ${dnsTypeName(q.type)} ${q.name}` : ''}`, null, o, h.payloadEnd, kids);
}
