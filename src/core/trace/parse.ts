// `show trace` text → packets of hops, in one pass over the lines (indexOf / charCodeAt, no regex
// per line). Grammar and quirks: ../shared/docs/vpp-formats.md §1.2–1.5.
//
// Line kinds, decided by the first character(s):
//   thread header  `------------------- Start of thread N name -------------------` (found anywhere
//                  in a line: VPP glues it to "Limiting display to …" without a newline)
//   `Packet N`     starts a packet;  `No packets in trace buffer`;  `Limiting display to N packets…`
//   entry header   `<timestamp>: <node>` at column 0 (three timestamp formats, timestamp.ts)
//   prompt / echo  `vpp# …`, `DBGvpp# …`, `$ vppctl show trace`, `show trace` (skipped; ends a packet)
//   anything else  a detail line of the current entry, kept verbatim (any indentation, blank lines
//                  inside an entry included); outside any entry it is a warning with its line number.
// Entry headers before any `Packet N` (excerpts) form one packet. Hops keep the character range of
// their lines in a compact table; hop and line objects are built on demand (table.ts).
import type { Diagnostic, TracePacket, TraceParseResult, TraceThread } from '../model';
import { hasTag } from '../knowledge';
import { HopTable, attachHops, setHopCount } from './table';
import { headerMatch, matchHeader } from './timestamp';
import { linkHandoffs } from './handoff';

/** At most this many warnings per input are listed; the rest are counted in a final warning. */
export const MAX_WARNINGS = 1000;

const THREAD_MARK = 'Start of thread ';
const LIMIT_MARK = 'Limiting display to ';
const NO_PACKETS = 'No packets in trace buffer';

class TraceParser {
  private readonly text: string;
  private readonly input: string;
  private readonly packets: TracePacket[] = [];
  private readonly threads: TraceThread[] = [];
  private readonly warnings: Diagnostic[] = [];
  private warningOverflow = 0;
  private thread: TraceThread | null = null;
  private readonly table: HopTable;
  /** The packet being read, its first hop row, its current hop row (-1: none yet), that hop's end. */
  private packet: TracePacket | null = null;
  private firstHop = 0;
  private hop = -1;
  private hopEnd = 0;
  /** A blank line followed the last non-blank line of the open packet. */
  private blankAfter = false;
  /** The open packet still lacks its trace handle or buffer index. */
  private needBuffer = false;
  private implicitCount = 0;
  /** Packet ids used so far → the last suffix given to a repeat of that id. */
  private readonly ids = new Map<string, number>();
  /** Interned node names (ids into table.names) by a hash of their characters. */
  private readonly nodeIds = new Map<number, number[]>();
  /** Last nodes of packets that ended normally (followed by a marker); used to judge EOF truncation. */
  private readonly completeLastNodes = new Set<string>();
  private threadMarks: number[] = [];
  private threadMarkIdx = 0;

  constructor(input: string, text: string) {
    this.input = input;
    this.text = text;
    this.table = new HopTable(text, Math.ceil(text.length / 160));
  }

  run(): TraceParseResult {
    const text = this.text;
    const n = text.length;
    for (let p = text.indexOf(THREAD_MARK); p >= 0; p = text.indexOf(THREAD_MARK, p + THREAD_MARK.length)) this.threadMarks.push(p);
    const marks = this.threadMarks;
    let nextMark = marks.length > 0 ? marks[0]! : n;
    let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let lineNo = 0;
    while (pos < n) {
      lineNo++;
      let end = text.indexOf('\n', pos);
      if (end < 0) end = n;
      let lineEnd = end;
      if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
      if (nextMark < pos) {
        while (this.threadMarkIdx < marks.length && marks[this.threadMarkIdx]! < pos) this.threadMarkIdx++;
        nextMark = this.threadMarkIdx < marks.length ? marks[this.threadMarkIdx]! : n;
      }
      // Hot path: an indented detail line inside an entry.
      const c0 = pos < lineEnd ? text.charCodeAt(pos) : -1;
      if ((c0 === 32 || c0 === 9) && nextMark >= lineEnd && this.hop >= 0) {
        let fs = pos + 1;
        let c = 32;
        while (fs < lineEnd) {
          c = text.charCodeAt(fs);
          if (c !== 32 && c !== 9) break;
          fs++;
        }
        if (fs >= lineEnd) this.blankAfter = true;
        else {
          this.hopEnd = lineEnd;
          this.blankAfter = false;
          if ((c === 98 /* b */ || c === 99 /* c */) && this.needBuffer) this.bufferLine(this.packet!, fs, lineEnd);
        }
      } else this.line(pos, lineEnd, end + 1, lineNo, nextMark);
      pos = end + 1;
    }
    this.closePacket(true);
    if (this.warningOverflow > 0) {
      this.warnings.push({ input: this.input, line: null, offset: null, message: `${this.warningOverflow} more warnings not listed` });
    }
    const result: TraceParseResult = { input: this.input, packets: this.packets, threads: this.threads, warnings: this.warnings, lineCount: lineNo, error: null };
    linkHandoffs(result);
    return result;
  }

  private warn(line: number, message: string): void {
    if (this.warnings.length >= MAX_WARNINGS) this.warningOverflow++;
    else this.warnings.push({ input: this.input, line, offset: null, message });
  }

  private line(pos: number, lineEnd: number, next: number, lineNo: number, tm: number): void {
    const text = this.text;
    // Thread header, possibly glued after other text on the same line.
    if (tm < lineEnd && this.threadHeader(pos, lineEnd, lineNo, tm)) return;
    if (pos >= lineEnd) return this.blank();
    const c0 = text.charCodeAt(pos);
    if (c0 >= 48 && c0 <= 57) {
      if (matchHeader(text, pos, lineEnd)) return this.entryHeader(pos, lineEnd, Math.min(next, text.length), lineNo);
    } else if (c0 === 80 /* P */) {
      if (this.packetHeader(pos, lineEnd, lineNo)) return;
    } else if (c0 === 78 /* N */) {
      if (text.startsWith(NO_PACKETS, pos) && isBlank(text, pos + NO_PACKETS.length, lineEnd)) {
        this.closePacket(false);
        if (this.thread) this.thread.empty = true;
        return;
      }
    } else if (c0 === 76 /* L */) {
      if (text.startsWith(LIMIT_MARK, pos)) {
        this.closePacket(false);
        this.limitNotice(pos, lineEnd, lineNo);
        return;
      }
    }
    if (c0 !== 32 && c0 !== 9 && isPrompt(text, pos, lineEnd)) {
      this.closePacket(false);
      return;
    }
    this.detail(pos, lineEnd, lineNo);
  }

  private blank(): void {
    if (this.packet) this.blankAfter = true;
  }

  private detail(pos: number, lineEnd: number, lineNo: number): void {
    const text = this.text;
    let fs = pos;
    while (fs < lineEnd) {
      const c = text.charCodeAt(fs);
      if (c !== 32 && c !== 9) break;
      fs++;
    }
    if (fs >= lineEnd) {
      if (this.packet) this.blankAfter = true;
      return;
    }
    if (this.hop >= 0) {
      this.hopEnd = lineEnd;
      this.blankAfter = false;
      const c = text.charCodeAt(fs);
      if ((c === 98 /* b */ || c === 99 /* c */) && this.needBuffer) this.bufferLine(this.packet!, fs, lineEnd);
      return;
    }
    const snippet = text.slice(fs, Math.min(lineEnd, fs + 80));
    this.warn(lineNo, this.packet ? `line before the packet's first entry header could not be placed: ${snippet}` : `line outside any packet could not be placed: ${snippet}`);
  }

  /** `buffer 0x…: current data …, trace handle 0x…` and the older `current data …, trace 0x…`. */
  private bufferLine(packet: TracePacket, fs: number, lineEnd: number): void {
    const text = this.text;
    let isBuffer = false;
    if (text.startsWith('buffer 0x', fs)) isBuffer = true;
    else if (!text.startsWith('current data ', fs)) return;
    const line = text.slice(fs, lineEnd);
    if (isBuffer && packet.bufferIndex === null) {
      const colon = line.indexOf(':', 9);
      const v = parseInt(line.slice(9, colon > 0 ? colon : undefined), 16);
      if (Number.isFinite(v)) packet.bufferIndex = v;
    }
    if (packet.traceHandle === null) {
      let t = line.indexOf('trace handle 0x');
      let start = t + 15;
      if (t < 0) {
        t = line.indexOf(', trace 0x');
        start = t + 10;
      }
      if (t >= 0) {
        let e = start;
        while (e < line.length && isHex(line.charCodeAt(e))) e++;
        if (e > start) packet.traceHandle = parseInt(line.slice(start, e), 16);
      }
    }
    this.needBuffer = packet.traceHandle === null || packet.bufferIndex === null;
  }

  private internNode(start: number, end: number): number {
    const text = this.text;
    const names = this.table.names;
    let h = end - start;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    const bucket = this.nodeIds.get(h);
    if (bucket !== undefined) {
      for (let k = 0; k < bucket.length; k++) {
        const s = names[bucket[k]!]!;
        if (s.length === end - start && text.startsWith(s, start)) return bucket[k]!;
      }
    }
    const id = names.length;
    names.push(text.slice(start, end));
    if (bucket !== undefined) bucket.push(id);
    else this.nodeIds.set(h, [id]);
    return id;
  }

  private closeHop(): void {
    if (this.hop >= 0) {
      this.table.bodyEnd[this.hop] = this.hopEnd;
      this.hop = -1;
    }
  }

  private entryHeader(pos: number, lineEnd: number, next: number, lineNo: number): void {
    const text = this.text;
    let ne = lineEnd;
    while (ne > headerMatch.nodeStart && (text.charCodeAt(ne - 1) === 32 || text.charCodeAt(ne - 1) === 9)) ne--;
    const nodeId = this.internNode(headerMatch.nodeStart, ne);
    const tsLen = headerMatch.tsEnd - pos;
    const us = headerMatch.timeUs;
    if (this.packet === null) this.startPacket(null, lineNo);
    this.closeHop();
    // The body starts after this line's LF and is empty until detail lines arrive.
    this.hop = this.table.add(nodeId, lineNo, pos, tsLen, next, us);
    this.hopEnd = next;
    this.blankAfter = false;
  }

  private packetHeader(pos: number, lineEnd: number, lineNo: number): boolean {
    const text = this.text;
    if (!text.startsWith('Packet ', pos)) return false;
    let i = pos + 7;
    const ds = i;
    while (i < lineEnd && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === ds || i - ds > 9 || !isBlank(text, i, lineEnd)) return false;
    this.closePacket(false);
    this.startPacket(parseInt(text.slice(ds, i), 10), lineNo);
    return true;
  }

  private startPacket(number: number | null, lineNo: number): void {
    const t = this.thread;
    let id: string;
    if (number === null) {
      this.implicitCount++;
      id = `p${this.implicitCount}`;
    } else id = t ? `t${t.index}p${number}` : `p${number}`;
    // The same id again (several outputs pasted together): `<id>-2`, `<id>-3`, …
    const seen = this.ids.get(id);
    if (seen !== undefined) {
      let k = seen + 1;
      while (this.ids.has(`${id}-${k}`)) k++;
      this.ids.set(id, k);
      id = `${id}-${k}`;
    }
    this.ids.set(id, 1);
    // `hops` is added by attachHops as an accessor (adding it keeps the object's fast layout;
    // redefining an existing data property would not).
    const packet = {
      id,
      input: this.input,
      thread: t ? t.index : null,
      threadName: t ? t.name : null,
      number,
      line: lineNo,
      handoff: null,
      continues: null,
      continuedBy: null,
      truncated: false,
      traceHandle: null,
      bufferIndex: null,
    } as Omit<TracePacket, 'hops'> as TracePacket;
    attachHops(packet, this.table, this.table.count);
    this.packet = packet;
    this.firstHop = this.table.count;
    this.hop = -1;
    this.blankAfter = false;
    this.needBuffer = true;
  }

  /** Ends the open packet. `eof`: the input ended inside it (decides the truncated flag). */
  private closePacket(eof: boolean): void {
    const p = this.packet;
    if (p === null) return;
    this.closeHop();
    this.packet = null;
    const count = this.table.count - this.firstHop;
    setHopCount(p, count);
    const last = count > 0 ? this.table.node(this.table.count - 1) : null;
    if (eof) {
      const text = this.text;
      const cutMidLine = text.length > 0 && text.charCodeAt(text.length - 1) !== 10 && !isBlankLineAtEnd(text);
      p.truncated = last === null || cutMidLine || (!this.blankAfter && !endsPath(last) && !this.completeLastNodes.has(last));
    } else if (last !== null) {
      this.completeLastNodes.add(last);
    }
    if (last === null) {
      this.warn(p.line, `packet ${p.number ?? p.id} has no entries`);
      if (!eof) p.truncated = true;
    }
    this.packets.push(p);
  }

  private threadHeader(pos: number, lineEnd: number, lineNo: number, tm: number): boolean {
    const text = this.text;
    // `-{3,} Start of thread <n> <name> -{3,}`: dashes before the mark, digits, name, dashes after.
    let hs = tm;
    if (hs - 1 < pos || text.charCodeAt(hs - 1) !== 32) return false;
    hs--;
    let dashes = 0;
    while (hs - 1 >= pos && text.charCodeAt(hs - 1) === 45) {
      hs--;
      dashes++;
    }
    if (dashes < 3) return false;
    let i = tm + THREAD_MARK.length;
    const ds = i;
    while (i < lineEnd && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === ds || text.charCodeAt(i) !== 32) return false;
    const index = parseInt(text.slice(ds, i), 10);
    const ns = ++i;
    while (i < lineEnd && text.charCodeAt(i) !== 32) i++;
    const name = text.slice(ns, i);
    if (name.length === 0) return false;
    let after = i;
    while (after < lineEnd && text.charCodeAt(after) === 32) after++;
    let trailing = 0;
    while (after < lineEnd && text.charCodeAt(after) === 45) {
      after++;
      trailing++;
    }
    if (trailing < 3) return false;
    // Text before the header on the same line.
    if (hs > pos) {
      if (text.startsWith(LIMIT_MARK, pos)) {
        this.closePacket(false);
        this.limitNotice(pos, hs, lineNo);
      } else if (!isBlank(text, pos, hs)) {
        if (this.hop >= 0) this.hopEnd = hs;
        else this.warn(lineNo, `text before the thread header could not be placed: ${text.slice(pos, Math.min(hs, pos + 80))}`);
      }
    }
    this.closePacket(false);
    if (!isBlank(text, after, lineEnd)) this.warn(lineNo, `text after the thread header could not be placed: ${text.slice(after, Math.min(lineEnd, after + 80))}`);
    const t: TraceThread = { index, name, line: lineNo, empty: false };
    this.threads.push(t);
    this.thread = t;
    return true;
  }

  private limitNotice(pos: number, end: number, lineNo: number): void {
    const m = /^Limiting display to (\d+) packets\. To display more specify max\.\s*$/.exec(this.text.slice(pos, end));
    if (m) this.warn(lineNo, `VPP showed only ${m[1]} packets of this thread; more were traced (use \`show trace max N\`)`);
    else this.warn(lineNo, `line could not be placed: ${this.text.slice(pos, Math.min(end, pos + 80))}`);
  }
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** The last line of the text is whitespace-only (then a missing final LF cuts nothing). */
function isBlankLineAtEnd(text: string): boolean {
  const lf = text.lastIndexOf('\n');
  return isBlank(text, lf + 1, text.length);
}

/** Nodes after which a packet's path is complete (drops, transmit, punt end, handing off). */
function endsPath(node: string): boolean {
  if (node === 'handoff_trace') return false;
  return hasTag(node, 'drop') || hasTag(node, 'tx') || (hasTag(node, 'output') && hasTag(node, 'interface')) || node === 'punt' || node === 'error-punt' || hasTag(node, 'handoff');
}

const PROMPT_RE = /^(?:(?:DBG)?vpp#|\S*[$#] +(?:sudo +)?(?:\S*\/)?(?:vppctl|calicovppctl)\b|(?:\S*\/)?(?:vppctl|calicovppctl)\b|(?:sh|sho|show) +(?:tr|tra|trac|trace)\b(?: +max +\d+)?\s*$)/;

/** A CLI prompt or the echo of the command that printed the trace. */
function isPrompt(text: string, pos: number, lineEnd: number): boolean {
  const c = text.charCodeAt(pos);
  // v(pp#, vppctl), D(BGvpp#), s(how), c(alicovppctl), $, #, /, r(oot@…), and other shell prompts ending in # or $
  if (c !== 118 && c !== 68 && c !== 115 && c !== 99 && c !== 36 && c !== 35 && c !== 47 && c !== 114 && c !== 126) {
    // generic "user@host:~# vppctl …": only when the line mentions vppctl
    const l = text.slice(pos, Math.min(lineEnd, pos + 200));
    return l.includes('vppctl') && PROMPT_RE.test(l);
  }
  return PROMPT_RE.test(text.slice(pos, Math.min(lineEnd, pos + 200)));
}

export function parseTraceText(input: string, text: string): TraceParseResult {
  return new TraceParser(input, text).run();
}
