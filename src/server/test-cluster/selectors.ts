// Label and field selectors as the API server parses them (query parameters labelSelector and
// fieldSelector). Parse errors are returned as the messages the API server's 400 answers carry.

export type Selector = (get: (key: string) => string | undefined) => boolean;

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      cur += ch + s[i + 1];
      i++;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

const KEY = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

/** Parses a label selector; returns an error message string when it is malformed. */
export function parseLabelSelector(text: string): Selector | string {
  const reqs: Selector[] = [];
  for (const part of splitTop(text)) {
    let m: RegExpMatchArray | null;
    if ((m = part.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/))) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      if (!KEY.test(key)) return `unable to parse requirement: invalid label key "${key}"`;
      const values = new Set(list.split(',').map((v) => v.trim()).filter(Boolean));
      reqs.push(op === 'in' ? (g) => values.has(g(key) ?? '\u0000') : (g) => !values.has(g(key) ?? '\u0000'));
    } else if ((m = part.match(/^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/))) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      if (!KEY.test(key)) return `unable to parse requirement: invalid label key "${key}"`;
      reqs.push(op === '!=' ? (g) => g(key) !== value : (g) => g(key) === value);
    } else if ((m = part.match(/^!\s*(\S+)$/))) {
      const key = m[1]!;
      reqs.push((g) => g(key) === undefined);
    } else if (KEY.test(part)) {
      reqs.push((g) => g(part) !== undefined);
    } else return `unable to parse requirement: found '${part}', expected: identifier`;
  }
  return (g) => reqs.every((r) => r(g));
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

/**
 * Parses a field selector against the fields a resource supports; an unknown field gives the API
 * server's error (`field label not supported: X`).
 */
export function parseFieldSelector(text: string, supported: readonly string[]): Selector | string {
  const reqs: Selector[] = [];
  for (const part of splitTop(text)) {
    const m = part.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) return `invalid selector: '${part}'; can't understand '${part}'`;
    const [, field, op, raw] = m as unknown as [string, string, string, string];
    if (!supported.includes(field)) return `field label not supported: ${field}`;
    const value = unescape(raw);
    reqs.push(op === '!=' ? (g) => (g(field) ?? '') !== value : (g) => (g(field) ?? '') === value);
  }
  return (g) => reqs.every((r) => r(g));
}
