// Compact storage of parsed hops: one row per entry header in growable typed arrays (node id, header
// line and offsets, detail-line range, time), no object per hop. A packet's `hops` array of plain
// TraceHop objects (with their lines) is built from these rows on first access and then cached on
// the packet. `hops` is an own enumerable accessor with a shared getter, so JSON.stringify,
// structuredClone and spread see plain data.
//
// Analysis reads rows directly through PacketView (node names, times, lines on demand) and never
// needs the hop objects.
import type { SourceLine, TraceHop, TracePacket } from '../model';

/** Builder and store of hop rows for one parsed input. */
export class HopTable {
  readonly names: string[] = [];
  count = 0;
  nodeId: Uint32Array;
  line: Int32Array;
  /** Offset of the header line (= start of the timestamp). */
  header: Int32Array;
  /** Length of the timestamp text. */
  tsLen: Uint8Array;
  /** Detail lines are text[bodyStart, bodyEnd) (bodyEnd = end of the last non-blank line). */
  bodyStart: Int32Array;
  bodyEnd: Int32Array;
  /** Time in µs; NaN when the entry has none. */
  time: Float64Array;

  constructor(
    readonly text: string,
    capacity: number,
  ) {
    const c = Math.max(16, capacity);
    this.nodeId = new Uint32Array(c);
    this.line = new Int32Array(c);
    this.header = new Int32Array(c);
    this.tsLen = new Uint8Array(c);
    this.bodyStart = new Int32Array(c);
    this.bodyEnd = new Int32Array(c);
    this.time = new Float64Array(c);
  }

  private grow(): void {
    const c = this.nodeId.length * 2;
    const g = <T extends Uint32Array | Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.nodeId = g(this.nodeId, (n) => new Uint32Array(n));
    this.line = g(this.line, (n) => new Int32Array(n));
    this.header = g(this.header, (n) => new Int32Array(n));
    this.tsLen = g(this.tsLen, (n) => new Uint8Array(n));
    this.bodyStart = g(this.bodyStart, (n) => new Int32Array(n));
    this.bodyEnd = g(this.bodyEnd, (n) => new Int32Array(n));
    this.time = g(this.time, (n) => new Float64Array(n));
  }

  /** Appends a row; returns its index. */
  add(nodeId: number, line: number, header: number, tsLen: number, bodyStart: number, time: number): number {
    if (this.count === this.nodeId.length) this.grow();
    const i = this.count++;
    this.nodeId[i] = nodeId;
    this.line[i] = line;
    this.header[i] = header;
    this.tsLen[i] = tsLen > 255 ? 255 : tsLen;
    this.bodyStart[i] = bodyStart;
    this.bodyEnd[i] = bodyStart;
    this.time[i] = time;
    return i;
  }

  node(i: number): string {
    return this.names[this.nodeId[i]!]!;
  }

  timestamp(i: number): string | null {
    const l = this.tsLen[i]!;
    return l === 0 ? null : this.text.slice(this.header[i]!, this.header[i]! + l);
  }

  timeUs(i: number): number | null {
    const t = this.time[i]!;
    return Number.isNaN(t) ? null : t;
  }

  lines(i: number): SourceLine[] {
    return readLines(this.text, this.bodyStart[i]!, this.bodyEnd[i]!, this.line[i]! + 1);
  }

  scan(i: number, visitor: LineVisitor): void {
    scanRange(this.text, this.bodyStart[i]!, this.bodyEnd[i]!, this.line[i]! + 1, visitor);
  }

  hop(i: number): TraceHop {
    return { node: this.node(i), timestamp: this.timestamp(i), timeUs: this.timeUs(i), line: this.line[i]!, lines: this.lines(i) };
  }
}

export interface LineVisitor {
  /** Returns false to stop. */
  line(text: string, line: number): boolean;
}

/** Splits text[start, end) into lines (LF separated, one trailing CR removed per line). */
export function readLines(text: string, start: number, end: number, firstLine: number): SourceLine[] {
  const out: SourceLine[] = [];
  let pos = start;
  let line = firstLine;
  while (pos < end) {
    let e = text.indexOf('\n', pos);
    if (e < 0 || e > end) e = end;
    let le = e;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    out.push({ text: text.slice(pos, le), line });
    line++;
    pos = e + 1;
  }
  return out;
}

function scanRange(text: string, start: number, end: number, firstLine: number, visitor: LineVisitor): void {
  let pos = start;
  let line = firstLine;
  while (pos < end) {
    let e = text.indexOf('\n', pos);
    if (e < 0 || e > end) e = end;
    let le = e;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    if (!visitor.line(text.slice(pos, le), line)) return;
    line++;
    pos = e + 1;
  }
}

// ---- packets with table-backed hops ---------------------------------------------------------

const ROWS = Symbol('hopRows');

/** Where a packet's hops are: rows first … first+count-1 of a table, and the built hops once asked for. */
interface Rows {
  table: HopTable;
  first: number;
  count: number;
  hops: TraceHop[] | undefined;
}
interface TablePacketFields {
  [ROWS]: Rows;
}
type TablePacket = TracePacket & TablePacketFields;

function getHops(this: TablePacket): TraceHop[] {
  const r = this[ROWS];
  if (r.hops === undefined) {
    const h = new Array<TraceHop>(r.count);
    for (let k = 0; k < h.length; k++) h[k] = r.table.hop(r.first + k);
    r.hops = h;
  }
  return r.hops;
}
function setHops(this: TablePacket, v: TraceHop[]): void {
  this[ROWS].hops = v;
}
const HOPS_PROPERTY: PropertyDescriptor = { get: getHops, set: setHops, enumerable: true, configurable: true };

/** Gives a packet table-backed hops (rows from `first`; the count is set when the packet ends). */
export function attachHops(p: TracePacket, table: HopTable, first: number): void {
  (p as TablePacket)[ROWS] = { table, first, count: 0, hops: undefined };
  Object.defineProperty(p, 'hops', HOPS_PROPERTY);
}

export function setHopCount(p: TracePacket, count: number): void {
  (p as TablePacket)[ROWS].count = count;
}

/** The packet's rows when its hops were not built (or replaced) yet. */
function rowsOf(p: TracePacket): Rows | null {
  const r = (p as Partial<TablePacketFields>)[ROWS];
  return r !== undefined && r.hops === undefined ? r : null;
}

/**
 * Classifies text[start, end) (one line, maybe indented): 1 = an IP header line `PROTO: addr -> addr`
 * (IPv4 / IPv6 operands, not MACs), 2 = an L4 ports line `TCP|UDP: n -> n`, 0 = anything else.
 * Char codes only, no allocation. Sets `ipLineBounds` to the trimmed line.
 */
export function ipLineKind(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let e = end;
  while (e > i && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  ipLineBounds.start = i;
  ipLineBounds.end = e;
  const ls = i;
  while (i < e) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) i++;
    else break;
  }
  if (i === ls || i + 2 >= e) return 0;
  if (text.charCodeAt(i) === 32) {
    // `unknown 143: …`
    let k = i + 1;
    while (k < e && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
    if (k === i + 1) return 0;
    i = k;
  }
  if (text.charCodeAt(i) !== 58 || text.charCodeAt(i + 1) !== 32) return 0;
  // operand 1
  const a = i + 2;
  let k = a;
  let dots = 0;
  let colons = 0;
  while (k < e) {
    const c = text.charCodeAt(k);
    if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
    k++;
  }
  const aLen = k - a;
  if (aLen === 0 || k + 4 > e || text.charCodeAt(k) !== 32 || text.charCodeAt(k + 1) !== 45 || text.charCodeAt(k + 2) !== 62 || text.charCodeAt(k + 3) !== 32) return 0;
  let b = k + 4;
  const bs = b;
  while (b < e) {
    const c = text.charCodeAt(b);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46 || c === 58)) return 0;
    b++;
  }
  if (b === bs) return 0;
  if (dots === 0 && colons === 0) return 2;
  if (colons === 5 && aLen === 17) return 0; // a MAC address (Ethernet line)
  return 1;
}
export const ipLineBounds = { start: 0, end: 0 };

/**
 * Read access to a packet's hops without building hop objects (table-backed packets), or over its
 * `hops` array (packets built by hand).
 */
export interface PacketView {
  readonly count: number;
  node(i: number): string;
  timeUs(i: number): number | null;
  timestamp(i: number): string | null;
  line(i: number): number;
  /** Fresh line objects (not cached on the packet). */
  lines(i: number): SourceLine[];
  scan(i: number, visitor: LineVisitor): void;
  /**
   * Whether hops i and j print the same first IP header line and L4 ports line (compared as text);
   * null when either prints no IP header as text.
   */
  sameIpText(i: number, j: number): boolean | null;
  /** The hop prints an IP header line as text. */
  hasIpText(i: number): boolean;
  /**
   * The first IP header the hop prints as text, with the ports of the L4 line after it (read from
   * the two lines only); null when the hop prints none as text.
   */
  ipText(i: number): IpText | null;
  /** The hop's detail text contains `needle` (searched within the hop only). */
  includes(i: number, needle: string): boolean;
  /** The hop's first non-blank detail line, trimmed ('' when none). */
  firstLine(i: number): string;
  /** The first detail line of the hop that starts (after indentation) with `prefix`, trimmed; null if none. */
  lineStartingWith(i: number, prefix: string): string | null;
}

export interface IpText {
  protocol: string;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
}

/** Parses `PROTO: a -> b` at text[s, e) (already validated by ipLineKind). */
function readArrow(text: string, s: number, e: number): [string, string, string] {
  const colon = text.indexOf(': ', s);
  const arrow = text.indexOf(' -> ', colon);
  return [text.slice(s, colon), text.slice(colon + 2, arrow), text.slice(arrow + 4, e)];
}

function boundedIncludes(text: string, start: number, end: number, needle: string): boolean {
  const n = needle.length;
  const c0 = needle.charCodeAt(0);
  for (let k = start; k + n <= end; k++) {
    if (text.charCodeAt(k) === c0 && text.startsWith(needle, k)) return true;
  }
  return false;
}

/** Finds the first IP header line of text[start, end) and the L4 line after it (≤ 8 lines later). */
function findSignature(text: string, start: number, end: number, out: Int32Array, at: number): void {
  out[at] = -1;
  out[at + 1] = -1;
  out[at + 2] = -1;
  out[at + 3] = -1;
  let pos = start;
  let after = -1;
  while (pos < end) {
    let e = text.indexOf('\n', pos);
    if (e < 0 || e > end) e = end;
    let le = e;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    const k = ipLineKind(text, pos, le);
    if (after < 0) {
      if (k === 1) {
        out[at] = ipLineBounds.start;
        out[at + 1] = ipLineBounds.end;
        after = 0;
      }
    } else {
      if (k === 2) {
        out[at + 2] = ipLineBounds.start;
        out[at + 3] = ipLineBounds.end;
        return;
      }
      if (k === 1 || ++after > 8) return;
    }
    pos = e + 1;
  }
}

function sameRegion(text: string, a: number, b: number, c: number, d: number): boolean {
  if (b - a !== d - c) return false;
  for (let k = 0; k < b - a; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(c + k)) return false;
  return true;
}

/** Signatures of a packet's hops, computed on first use: [ipStart, ipEnd, l4Start, l4End] per hop. */
class Signatures {
  private sig: Int32Array | null = null;
  private done: Uint8Array | null = null;
  constructor(
    private readonly text: string,
    private readonly range: (i: number) => [number, number],
    private readonly count: number,
  ) {}
  get(i: number): Int32Array {
    if (this.sig === null) {
      this.sig = new Int32Array(this.count * 4);
      this.done = new Uint8Array(this.count);
    }
    if (this.done![i] === 0) {
      const [s, e] = this.range(i);
      findSignature(this.text, s, e, this.sig, i * 4);
      this.done![i] = 1;
    }
    return this.sig;
  }
  has(i: number): boolean {
    return this.get(i)[i * 4]! >= 0;
  }
  ipText(i: number): IpText | null {
    const s = this.get(i);
    const a = i * 4;
    if (s[a]! < 0) return null;
    const [protocol, src, dst] = readArrow(this.text, s[a]!, s[a + 1]!);
    let srcPort: number | null = null;
    let dstPort: number | null = null;
    if (s[a + 2]! >= 0) {
      const [, p, q] = readArrow(this.text, s[a + 2]!, s[a + 3]!);
      srcPort = Number(p);
      dstPort = Number(q);
    }
    return { protocol, src, dst, srcPort, dstPort };
  }
  same(i: number, j: number): boolean | null {
    const s = this.get(i);
    this.get(j);
    const a = i * 4;
    const b = j * 4;
    if (s[a]! < 0 || s[b]! < 0) return null;
    if (!sameRegion(this.text, s[a]!, s[a + 1]!, s[b]!, s[b + 1]!)) return false;
    if ((s[a + 2]! < 0) !== (s[b + 2]! < 0)) return false;
    return s[a + 2]! < 0 || sameRegion(this.text, s[a + 2]!, s[a + 3]!, s[b + 2]!, s[b + 3]!);
  }
}

const SCRATCH = new Int32Array(4);

/** Reads the first text IP header of text[start, end) without caching anything. */
function ipTextOf(text: string, start: number, end: number): IpText | null {
  findSignature(text, start, end, SCRATCH, 0);
  if (SCRATCH[0]! < 0) return null;
  const [protocol, src, dst] = readArrow(text, SCRATCH[0]!, SCRATCH[1]!);
  let srcPort: number | null = null;
  let dstPort: number | null = null;
  if (SCRATCH[2]! >= 0) {
    const [, p, q] = readArrow(text, SCRATCH[2]!, SCRATCH[3]!);
    srcPort = Number(p);
    dstPort = Number(q);
  }
  return { protocol, src, dst, srcPort, dstPort };
}

class TableView implements PacketView {
  constructor(
    private t: HopTable,
    private first: number,
    public count: number,
  ) {}
  /** Points the view at another packet (one view reused across a pass over many packets). */
  reset(t: HopTable, first: number, count: number): void {
    this.t = t;
    this.first = first;
    this.count = count;
    this.sigs = null;
  }
  node(i: number): string {
    return this.t.node(this.first + i);
  }
  timeUs(i: number): number | null {
    return this.t.timeUs(this.first + i);
  }
  timestamp(i: number): string | null {
    return this.t.timestamp(this.first + i);
  }
  line(i: number): number {
    return this.t.line[this.first + i]!;
  }
  lines(i: number): SourceLine[] {
    return this.t.lines(this.first + i);
  }
  scan(i: number, visitor: LineVisitor): void {
    this.t.scan(this.first + i, visitor);
  }
  private sigs: Signatures | null = null;
  private signatures(): Signatures {
    if (this.sigs === null) {
      const t = this.t;
      const f = this.first;
      this.sigs = new Signatures(t.text, (i) => [t.bodyStart[f + i]!, t.bodyEnd[f + i]!], this.count);
    }
    return this.sigs;
  }
  sameIpText(i: number, j: number): boolean | null {
    return this.signatures().same(i, j);
  }
  hasIpText(i: number): boolean {
    return this.signatures().has(i);
  }
  ipText(i: number): IpText | null {
    if (this.sigs !== null) return this.sigs.ipText(i);
    const k = this.first + i;
    return ipTextOf(this.t.text, this.t.bodyStart[k]!, this.t.bodyEnd[k]!);
  }
  includes(i: number, needle: string): boolean {
    const k = this.first + i;
    return boundedIncludes(this.t.text, this.t.bodyStart[k]!, this.t.bodyEnd[k]!, needle);
  }
  lineStartingWith(i: number, prefix: string): string | null {
    const k = this.first + i;
    const text = this.t.text;
    const end = this.t.bodyEnd[k]!;
    let pos = this.t.bodyStart[k]!;
    while (pos < end) {
      let e = text.indexOf('\n', pos);
      if (e < 0 || e > end) e = end;
      let a = pos;
      while (a < e && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
      if (text.startsWith(prefix, a)) {
        let b = e;
        while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9 || text.charCodeAt(b - 1) === 13)) b--;
        return text.slice(a, b);
      }
      pos = e + 1;
    }
    return null;
  }
  firstLine(i: number): string {
    const k = this.first + i;
    const text = this.t.text;
    const end = this.t.bodyEnd[k]!;
    let pos = this.t.bodyStart[k]!;
    while (pos < end) {
      let e = text.indexOf('\n', pos);
      if (e < 0 || e > end) e = end;
      let a = pos;
      let b = e;
      while (a < b && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) a++;
      while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9 || text.charCodeAt(b - 1) === 13)) b--;
      if (b > a) return text.slice(a, b);
      pos = e + 1;
    }
    return '';
  }
}

class ArrayView implements PacketView {
  private sigs: Signatures | null = null;
  private joined: string | null = null;
  private ranges: [number, number][] = [];
  constructor(private readonly hops: TraceHop[]) {}
  private signatures(): Signatures {
    if (this.sigs === null) {
      // one text with every hop's lines, so the same signature code applies
      const parts: string[] = [];
      let off = 0;
      for (const h of this.hops) {
        const body = h.lines.map((l) => l.text).join('\n');
        this.ranges.push([off, off + body.length]);
        parts.push(body);
        off += body.length + 1;
      }
      this.joined = parts.join('\n');
      this.sigs = new Signatures(this.joined, (i) => this.ranges[i]!, this.hops.length);
    }
    return this.sigs;
  }
  sameIpText(i: number, j: number): boolean | null {
    return this.signatures().same(i, j);
  }
  hasIpText(i: number): boolean {
    return this.signatures().has(i);
  }
  ipText(i: number): IpText | null {
    return this.signatures().ipText(i);
  }
  includes(i: number, needle: string): boolean {
    return this.hops[i]!.lines.some((l) => l.text.includes(needle));
  }
  lineStartingWith(i: number, prefix: string): string | null {
    for (const l of this.hops[i]!.lines) {
      const t = l.text.trim();
      if (t.startsWith(prefix)) return t;
    }
    return null;
  }
  firstLine(i: number): string {
    for (const l of this.hops[i]!.lines) {
      const t = l.text.trim();
      if (t !== '') return t;
    }
    return '';
  }
  get count(): number {
    return this.hops.length;
  }
  node(i: number): string {
    return this.hops[i]!.node;
  }
  timeUs(i: number): number | null {
    return this.hops[i]!.timeUs;
  }
  timestamp(i: number): string | null {
    return this.hops[i]!.timestamp;
  }
  line(i: number): number {
    return this.hops[i]!.line;
  }
  lines(i: number): SourceLine[] {
    return this.hops[i]!.lines;
  }
  scan(i: number, visitor: LineVisitor): void {
    for (const l of this.hops[i]!.lines) if (!visitor.line(l.text, l.line)) return;
  }
}

export function packetView(p: TracePacket): PacketView {
  const r = rowsOf(p);
  return r ? new TableView(r.table, r.first, r.count) : new ArrayView(p.hops);
}

/**
 * Like packetView, but reuses one view object across calls (for a pass over many packets): the
 * returned view is only valid until the next call with the same `reuse`.
 */
export function packetViewReusing(p: TracePacket, reuse: { view: PacketView | null }): PacketView {
  const r = rowsOf(p);
  if (r) {
    if (reuse.view instanceof TableView) reuse.view.reset(r.table, r.first, r.count);
    else reuse.view = new TableView(r.table, r.first, r.count);
    return reuse.view;
  }
  return new ArrayView(p.hops);
}

/** Number of hops of a packet without building them. */
export function packetHopCount(p: TracePacket): number {
  return rowsOf(p)?.count ?? p.hops.length;
}
