// A small YAML reader for what kubectl / sigs.k8s.io/yaml print: block mappings and sequences
// (including kubectl's `key:\n- item` style), plain / quoted / block scalars, simple flow
// collections, comments, `---` documents. No anchors, tags or merge keys (kubectl never prints them).
// Errors are data: a diagnostic with the line, and reading goes on with the next line.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { splitLines } from './text';

export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMap;
export interface YamlMap {
  [key: string]: YamlValue;
}

export interface YamlDocument {
  value: YamlValue;
  /** 1-based line where the document starts. */
  line: number;
}

export interface YamlResult {
  documents: YamlDocument[];
  diagnostics: Diagnostic[];
}

/** Where each key (mapping) or index (sequence) of a parsed container was written. */
const LINES = new WeakMap<object, Record<string, number>>();

/** The 1-based line of `key` in a mapping (or index in a sequence) returned by parseYaml. */
export function yamlLine(container: YamlValue | undefined, key: string | number): number | null {
  if (!container || typeof container !== 'object') return null;
  return LINES.get(container)?.[String(key)] ?? null;
}

const MAX_DEPTH = 200;

interface Line {
  n: number;
  indent: number;
  text: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\-?:][^#]*?|-[^\s][^#]*?)\s*:(?:[ \t]+(.*)|)$/;

class Reader {
  private i = 0;
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    private readonly lines: Line[],
    private readonly input: string,
  ) {}

  get done(): boolean {
    return this.peek() === undefined;
  }

  /** The next non-blank line (blank lines are kept only for block scalars). */
  peek(): Line | undefined {
    while (this.i < this.lines.length && this.lines[this.i]!.indent < 0) this.i++;
    return this.lines[this.i];
  }

  warn(line: number, message: string): void {
    if (this.diagnostics.length < 100) this.diagnostics.push(diagnostic(this.input, message, { line }));
  }

  /** A block node whose lines are indented at least `min`. */
  block(min: number, depth: number): YamlValue {
    const l = this.peek();
    if (!l || l.indent < min) return null;
    if (depth > MAX_DEPTH) {
      this.warn(l.n, 'YAML nested too deeply; the rest of this document is skipped');
      while (!this.done && this.peek()!.indent >= min) this.i++;
      return null;
    }
    if (isSeqItem(l.text)) return this.sequence(l.indent, depth);
    if (KEY.test(l.text)) return this.mapping(l.indent, depth);
    return this.plainLines(min);
  }

  private sequence(col: number, depth: number): YamlValue[] {
    const out: YamlValue[] = [];
    const lines: Record<string, number> = {};
    LINES.set(out, lines);
    while (!this.done) {
      const l = this.peek()!;
      if (l.indent !== col || !isSeqItem(l.text)) break;
      lines[String(out.length)] = l.n;
      const rest = l.text === '-' ? '' : l.text.slice(2).replace(/^\s+/, '');
      const restCol = l.indent + (l.text.length - rest.length);
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        out.push(this.block(col + 1, depth + 1));
      } else if (isSeqItem(rest) || KEY.test(rest)) {
        // The item's content starts on this line: re-read it as if indented at restCol.
        this.lines[this.i] = { n: l.n, indent: restCol, text: rest };
        out.push(this.block(restCol, depth + 1));
      } else {
        this.i++;
        out.push(this.inlineValue(rest, l, col));
      }
    }
    return out;
  }

  private mapping(col: number, depth: number): YamlMap {
    const out: YamlMap = {};
    const lines: Record<string, number> = {};
    LINES.set(out, lines);
    while (!this.done) {
      const l = this.peek()!;
      if (l.indent !== col) {
        if (l.indent > col) {
          this.warn(l.n, 'unexpected indentation; line skipped');
          this.i++;
          continue;
        }
        break;
      }
      const m = KEY.exec(l.text);
      if (!m) break;
      this.i++;
      const key = scalarKey(m[1]!);
      lines[key] = l.n;
      const rest = (m[2] ?? '').trim();
      let value: YamlValue;
      if (rest === '' || rest.startsWith('#')) {
        const next = this.peek();
        if (next && next.indent > col) value = this.block(col + 1, depth + 1);
        else if (next && next.indent === col && isSeqItem(next.text)) value = this.sequence(col, depth + 1);
        else value = null;
      } else value = this.inlineValue(rest, l, col);
      out[key] = value;
    }
    return out;
  }

  /** Value written after `key:` or `- ` on line l (which is already consumed). */
  private inlineValue(rest: string, l: Line, parentCol: number): YamlValue {
    if (/^[|>]/.test(rest)) return this.blockScalar(rest, parentCol);
    if (rest.startsWith('"') && !closedDouble(rest)) return this.multiQuoted(rest, parentCol);
    if (rest.startsWith('[') || rest.startsWith('{')) {
      let text = stripComment(rest);
      while (!balanced(text) && !this.done && this.peek()!.indent > parentCol) text += ' ' + this.lines[this.i++]!.text;
      const v = parseFlow(text);
      if (v === undefined) {
        this.warn(l.n, 'unreadable flow collection; kept as text');
        return text;
      }
      return v;
    }
    let text = stripComment(rest);
    // Plain scalars may continue on more-indented lines.
    while (!this.done) {
      const n = this.peek()!;
      if (n.indent <= parentCol || isSeqItem(n.text) || KEY.test(n.text) || /^["']/.test(rest)) break;
      text += ' ' + stripComment(n.text);
      this.i++;
    }
    return scalar(text);
  }

  private plainLines(min: number): YamlValue {
    const parts: string[] = [];
    while (!this.done && this.peek()!.indent >= min) parts.push(stripComment(this.lines[this.i++]!.text));
    return scalar(parts.join(' '));
  }

  private multiQuoted(first: string, parentCol: number): string {
    let text = first;
    while (!this.done && !closedDouble(text) && this.peek()!.indent > parentCol) text += ' ' + this.lines[this.i++]!.text;
    return unquoteDouble(text.endsWith('"') ? text : text + '"');
  }

  private blockScalar(header: string, parentCol: number): string {
    const literal = header.startsWith('|');
    const chomp = /-/.test(header) ? 'strip' : /\+/.test(header) ? 'keep' : 'clip';
    const explicit = /[1-9]/.exec(header);
    const body: Array<{ indent: number; text: string; blank: boolean }> = [];
    // Block content: every following line more indented than the parent, blank lines included.
    while (this.i < this.lines.length) {
      const n = this.lines[this.i]!;
      if (n.indent < 0) body.push({ indent: 0, text: '', blank: true });
      else if (n.indent <= parentCol) break;
      else body.push({ indent: n.indent, text: n.text, blank: false });
      this.i++;
    }
    const firstReal = body.find((b) => !b.blank);
    const base = explicit ? parentCol + 1 + Number(explicit[0]) - 1 : firstReal ? firstReal.indent : parentCol + 1;
    const rendered = body.map((b) => (b.blank ? '' : ' '.repeat(Math.max(0, b.indent - base)) + b.text));
    let value: string;
    if (literal) value = rendered.join('\n');
    else {
      value = '';
      rendered.forEach((r, k) => {
        if (k === 0) value = r;
        else if (r === '' || rendered[k - 1] === '' || r.startsWith(' ')) value += '\n' + r;
        else value += ' ' + r;
      });
    }
    const trimmed = value.replace(/\n+$/, '');
    if (chomp === 'strip') return trimmed;
    if (chomp === 'keep') return value + '\n';
    return trimmed + '\n';
  }
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ') || text.startsWith('-\t');
}

function closedDouble(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return true;
  }
  return false;
}

function balanced(s: string): boolean {
  let depth = 0;
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return depth <= 0 && q === null;
}

function stripComment(s: string): string {
  if (s.startsWith('"') || s.startsWith("'")) {
    const end = s.startsWith('"') ? endOfDouble(s) : endOfSingle(s);
    return end > 0 ? s.slice(0, end + 1) : s;
  }
  const m = /\s#/.exec(s);
  return (m ? s.slice(0, m.index) : s).trim();
}

function endOfDouble(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

function endOfSingle(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "'") {
      if (s[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquoteDouble(s: string): string {
  const inner = s.slice(1, s.length - 1);
  return inner.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case 'u':
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e;
    }
  });
}

function scalarKey(raw: string): string {
  const v = raw.trim();
  if (v.startsWith('"')) return unquoteDouble(v.endsWith('"') ? v : v + '"');
  if (v.startsWith("'")) return v.slice(1, v.endsWith("'") ? -1 : undefined).replace(/''/g, "'");
  return v;
}

/** Plain/quoted scalar with the YAML core schema (null, bools, numbers). */
function scalar(raw: string): YamlValue {
  const v = raw.trim();
  if (v.startsWith('"')) return unquoteDouble(v.endsWith('"') && v.length > 1 ? v : v + '"');
  if (v.startsWith("'")) return v.slice(1, v.endsWith("'") && v.length > 1 ? -1 : undefined).replace(/''/g, "'");
  if (v === '' || v === '~' || v === 'null' || v === 'Null' || v === 'NULL') return null;
  if (/^(?:true|True|TRUE)$/.test(v)) return true;
  if (/^(?:false|False|FALSE)$/.test(v)) return false;
  if (/^[-+]?\d+$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v);
  if (/^[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(v)) return Number(v);
  return v;
}

/** Flow collections: `[a, b]`, `{k: v}`, nested, quoted strings. Undefined when unreadable. */
function parseFlow(text: string): YamlValue | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const value = (depth: number): YamlValue | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    ws();
    const c = text[i];
    if (c === '[') {
      i++;
      const arr: YamlValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        const v = value(depth + 1);
        if (v === undefined) return undefined;
        arr.push(v);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return arr;
        } else return undefined;
        ws();
        if (text[i] === ']') {
          i++;
          return arr;
        }
      }
    }
    if (c === '{') {
      i++;
      const obj: YamlMap = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const k = atom(':,}');
        ws();
        let v: YamlValue = null;
        if (text[i] === ':') {
          i++;
          const vv = value(depth + 1);
          if (vv === undefined) return undefined;
          v = vv;
        }
        obj[String(k)] = v;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else return undefined;
        ws();
        if (text[i] === '}') {
          i++;
          return obj;
        }
      }
    }
    return atom(',]}');
  };
  const atom = (stops: string): YamlValue => {
    if (text[i] === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return unquoteDouble(text.slice(start, Math.min(i, text.length)));
    }
    if (text[i] === "'") {
      const start = i;
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
      i++;
      return text.slice(start + 1, i - 1).replace(/''/g, "'");
    }
    const start = i;
    const keyContext = stops.includes(':');
    while (i < text.length) {
      const c = text[i]!;
      if (c === ',' || c === ']' || c === '}') break;
      if (keyContext && c === ':' && (i + 1 >= text.length || /\s/.test(text[i + 1]!))) break;
      i++;
    }
    return scalar(text.slice(start, i));
  };
  const v = value(0);
  ws();
  return v === undefined || i < text.length ? undefined : v;
}

/** Parses every document of a YAML stream. */
export function parseYaml(text: string, input = 'yaml'): YamlResult {
  const raw = splitLines(text);
  const docs: YamlDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  let start = 0;
  const flush = (end: number) => {
    const lines: Line[] = [];
    for (let k = start; k < end; k++) {
      const t = raw[k]!.replace(/\t/g, '  ');
      const trimmed = t.trim();
      if (trimmed === '') {
        lines.push({ n: k + 1, indent: -1, text: '' });
        continue;
      }
      if (trimmed.startsWith('#') || trimmed === '...' || /^%/.test(trimmed)) continue;
      const indent = t.length - t.trimStart().length;
      lines.push({ n: k + 1, indent, text: trimmed });
    }
    // Blank lines only matter inside block scalars; the reader skips them elsewhere.
    const firstReal = lines.find((l) => l.indent >= 0);
    if (!firstReal) return;
    const r = new Reader(lines, input);
    const value = r.block(0, 0);
    const left = r.peek();
    if (left) r.warn(left.n, `unexpected content; the rest of the document is ignored: ${left.text.slice(0, 40)}`);
    docs.push({ value, line: firstReal.n });
    diagnostics.push(...r.diagnostics);
  };
  for (let k = 0; k < raw.length; k++) {
    if (/^---(?:\s|$)/.test(raw[k]!)) {
      flush(k);
      start = k + 1;
    }
  }
  flush(raw.length);
  return { documents: docs, diagnostics };
}
