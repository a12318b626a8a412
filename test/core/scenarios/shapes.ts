// Line "shapes" for comparing simulated output with the real corpus: numbers, hex, addresses, MACs,
// timestamps and interface / node / thread names are replaced by tokens, whitespace is collapsed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const corpusRoot = path.resolve(repoRoot, '..', 'shared', 'corpus');

export function corpusFiles(dir = corpusRoot): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p));
    else if (name.endsWith('.txt')) out.push(p);
  }
  return out.sort();
}

const HEADER = /^(\d{2}:\d{2}:\d{2}:\d{6}): (.+)$/;

/** Interface, graph-node and thread names a text mentions, found by the places VPP prints them. */
export function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  const add = (n: string | undefined): void => {
    if (n && n.length > 1) names.add(n);
  };
  const lines = text.split('\n');
  let inShowInt = false;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const h = HEADER.exec(line);
    if (h) {
      const node = h[2]?.trim() ?? '';
      add(node);
      const io = /^(.+)-(output|tx)$/.exec(node);
      if (io) add(io[1]);
      continue;
    }
    if (/^\s+Name\s+Idx\s+/.test(line)) {
      inShowInt = true;
      continue;
    }
    if (inShowInt && /^\S/.test(line)) add(line.split(/\s+/)[0]);
    for (const m of line.matchAll(/Start of thread \d+ (\S+)/g)) add(m[1]);
    for (const m of line.matchAll(/\brx:(\S+)/g)) add(m[1]);
    for (const m of line.matchAll(/\b(?:in|out):(\S+)/g)) if (!m[1]?.startsWith('DELETED')) add(m[1]);
    for (const m of line.matchAll(/\bvia \S+ ([^\s:]+):/g)) add(m[1]);
    for (const m of line.matchAll(/^\s*(\S+) [rt]x queue \d+$/g)) add(m[1]);
    for (const m of line.matchAll(/^\s*(?:af_xdp|avf): (\S+) \(/g)) add(m[1]);
    for (const m of line.matchAll(/^Interface: (\S+) \(ifindex/g)) add(m[1]);
    for (const m of line.matchAll(/^(\S+) \((?:up|dn)\):/g)) add(m[1]);
    for (const m of line.matchAll(/^\s*(\S+) flags 0x[0-9a-f]{8}$/g)) add(m[1]);
    for (const m of line.matchAll(/next-node (\S+)/g)) add(m[1]);
    const drop = /^\s*([a-z0-9_-]+): /.exec(line);
    if (drop && names.has(drop[1] ?? '')) add(drop[1]);
  }
  return names;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export class ShapeAbstractor {
  private readonly nameRe: RegExp;

  constructor(names: Iterable<string>) {
    const sorted = [...new Set(names)].sort((a, b) => b.length - a.length).map(escapeRe);
    this.nameRe = new RegExp(`(?<=^|[\\s:(\\[,=])(?:${sorted.join('|')})(?=$|[\\s:),\\]])`, 'g');
  }

  shape(line: string): string {
    let s = line.replace(/\r$/, '');
    s = s.replace(/\b\d{2}:\d{2}:\d{2}:\d{6}\b/g, 'T');
    s = s.replace(this.nameRe, 'I');
    s = s.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, 'U');
    s = s.replace(/\b(?:[0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}\b/g, 'M');
    s = s.replace(/\b[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}\b/g, 'M');
    s = s.replace(/(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4}){7})|(?:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?::(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?)/g, 'A');
    s = s.replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, 'A');
    // vppinfra's %e (`3.27e2`, `4.9950e-1`) before hex: its mantissa and exponent are one number.
    s = s.replace(/(?<![\w.])\d+\.\d+e-?\d+(?![\w.])/g, 'E');
    s = s.replace(/\b0x[0-9a-fA-F]+\b/g, 'H');
    s = s.replace(/\b[0-9a-f]{12,}\b/g, 'H');
    s = s.replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]+\b/g, 'H');
    s = s.replace(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g, 'N');
    return s.replace(/\s+/g, ' ').trim();
  }
}
