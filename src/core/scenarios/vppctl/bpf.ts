// The part of the pcap-filter language (pcap-filter(7)) that 5-tuple captures use: protocols
// (ip, tcp, udp, icmp), `[src|dst] host ADDR`, `[src|dst] port N`, `[src|dst] net CIDR`, joined
// with and / or / not and parentheses. The simulated VPP compiles `set bpf trace filter {{…}}`
// with it and refuses what it does not know the way libpcap does ("Failed pcap_compile of …").

/** What a filter looks at: the packet's outermost IP header and its ports. */
export interface FilterPacket {
  /** IP protocol number (6 TCP, 17 UDP, 1 ICMP, 4 IP-in-IP…); null for non-IP frames. */
  protocol: number | null;
  src: string | null;
  dst: string | null;
  srcPort: number | null;
  dstPort: number | null;
}

export type FilterExpr =
  | { op: 'and' | 'or'; a: FilterExpr; b: FilterExpr }
  | { op: 'not'; a: FilterExpr }
  | { op: 'proto'; protocol: number | 'ip' }
  | { op: 'host'; dir: Dir; addr: string }
  | { op: 'net'; dir: Dir; base: number; bits: number }
  | { op: 'port'; dir: Dir; port: number };

type Dir = 'src' | 'dst' | 'any';

const PROTOCOLS: Record<string, number | 'ip'> = { ip: 'ip', tcp: 6, udp: 17, icmp: 1 };

function ip4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0;
  for (let k = 1; k <= 4; k++) {
    const o = Number(m[k]);
    if (o > 255) return null;
    v = v * 256 + o;
  }
  return v;
}

function tokenize(text: string): string[] {
  return text.replace(/([()!])/g, ' $1 ').replace(/&&/g, ' and ').replace(/\|\|/g, ' or ').trim().split(/\s+/).filter(Boolean);
}

/** Parses an expression; returns the syntax tree or the reason it cannot be compiled. */
export function compileFilter(text: string): FilterExpr | { error: string } {
  const t = tokenize(text);
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(why);
  };
  const peek = () => t[i];
  const take = () => t[i++];
  function primary(): FilterExpr {
    const w = take();
    if (w === undefined) return fail('syntax error: unexpected end of expression');
    if (w === '(') {
      const e = orExpr();
      if (take() !== ')') fail("syntax error: missing ')'");
      return e;
    }
    if (w === 'not' || w === '!') return { op: 'not', a: primary() };
    let dir: Dir = 'any';
    let word = w;
    if (word === 'src' || word === 'dst') {
      dir = word;
      const next = take();
      if (next === undefined) return fail(`syntax error: '${word}' needs host, net or port`);
      word = next;
    }
    if (word === 'host' || word === 'port' || word === 'net') {
      const v = take();
      if (v === undefined) return fail(`syntax error: '${word}' needs a value`);
      if (word === 'port') {
        if (!/^\d+$/.test(v) || Number(v) > 65535) return fail(`illegal port number ${v}`);
        return { op: 'port', dir, port: Number(v) };
      }
      if (word === 'host') {
        if (ip4(v) === null) return fail(`unknown host '${v}'`);
        return { op: 'host', dir, addr: v };
      }
      const m = /^([\d.]+)\/(\d+)$/.exec(v);
      const base = m ? ip4(m[1]!) : null;
      const bits = m ? Number(m[2]) : -1;
      if (base === null || bits < 0 || bits > 32) return fail(`invalid net '${v}'`);
      return { op: 'net', dir, base, bits };
    }
    if (dir !== 'any') return fail(`syntax error: '${dir} ${word}'`);
    const p = PROTOCOLS[word];
    if (p !== undefined) return { op: 'proto', protocol: p };
    return fail(`syntax error near '${word}'`);
  }
  function andExpr(): FilterExpr {
    let e = primary();
    while (peek() === 'and') {
      take();
      e = { op: 'and', a: e, b: primary() };
    }
    return e;
  }
  function orExpr(): FilterExpr {
    let e = andExpr();
    while (peek() === 'or') {
      take();
      e = { op: 'or', a: e, b: andExpr() };
    }
    return e;
  }
  try {
    if (t.length === 0) return { error: 'empty expression' };
    const e = orExpr();
    if (i < t.length) return { error: `syntax error near '${t[i]}'` };
    return e;
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function inNet(addr: string | null, base: number, bits: number): boolean {
  const v = addr === null ? null : ip4(addr);
  if (v === null) return false;
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
  return ((v & mask) >>> 0) === ((base & mask) >>> 0);
}

/** Whether the packet matches the expression. */
export function matchFilter(e: FilterExpr, p: FilterPacket): boolean {
  switch (e.op) {
    case 'and':
      return matchFilter(e.a, p) && matchFilter(e.b, p);
    case 'or':
      return matchFilter(e.a, p) || matchFilter(e.b, p);
    case 'not':
      return !matchFilter(e.a, p);
    case 'proto':
      return e.protocol === 'ip' ? p.protocol !== null : p.protocol === e.protocol;
    case 'host':
      return (e.dir !== 'dst' && p.src === e.addr) || (e.dir !== 'src' && p.dst === e.addr);
    case 'net':
      return (e.dir !== 'dst' && inNet(p.src, e.base, e.bits)) || (e.dir !== 'src' && inNet(p.dst, e.base, e.bits));
    case 'port':
      if (p.protocol !== 6 && p.protocol !== 17) return false;
      return (e.dir !== 'dst' && p.srcPort === e.port) || (e.dir !== 'src' && p.dstPort === e.port);
  }
}

/** What a filter sees of an IP packet (IPv4 or IPv6 bytes, no link layer). */
export function filterPacketOfIp(b: Uint8Array): FilterPacket {
  const none: FilterPacket = { protocol: null, src: null, dst: null, srcPort: null, dstPort: null };
  const v = (b[0] ?? 0) >> 4;
  if (v === 4 && b.length >= 20) {
    const ihl = (b[0]! & 15) * 4;
    const proto = b[9]!;
    const ports = (proto === 6 || proto === 17) && b.length >= ihl + 4 ? { srcPort: (b[ihl]! << 8) | b[ihl + 1]!, dstPort: (b[ihl + 2]! << 8) | b[ihl + 3]! } : { srcPort: null, dstPort: null };
    return { protocol: proto, src: `${b[12]}.${b[13]}.${b[14]}.${b[15]}`, dst: `${b[16]}.${b[17]}.${b[18]}.${b[19]}`, ...ports };
  }
  if (v === 6 && b.length >= 40) {
    const hex = (at: number) => Array.from({ length: 8 }, (_, k) => ((b[at + 2 * k]! << 8) | b[at + 2 * k + 1]!).toString(16)).join(':');
    const proto = b[6]!;
    const ports = (proto === 6 || proto === 17) && b.length >= 44 ? { srcPort: (b[40]! << 8) | b[41]!, dstPort: (b[42]! << 8) | b[43]! } : { srcPort: null, dstPort: null };
    return { protocol: proto, src: hex(8), dst: hex(24), ...ports };
  }
  return none;
}
