// Small text helpers shared by the node-state parsers: line splitting with 1-based numbers, VPP's
// centred table headers, integers that may be cut by a fixed-width field.

/** Splits text into lines (LF or CRLF; a lone trailing newline adds no line). */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/** Column slice [a, b) of a line, trimmed (b omitted: to the end). */
export function col(line: string, a: number, b?: number): string {
  return line.slice(a, b).trim();
}

/** VPP `%=Ns`: centred in N, left pad = ceil, cut to N. */
export function centred(label: string, width: number): string {
  if (label.length >= width) return label.slice(0, width);
  const pad = width - label.length;
  const left = Math.ceil(pad / 2);
  return ' '.repeat(left) + label + ' '.repeat(pad - left);
}

/** The header VPP prints for centred columns, without trailing spaces. */
export function centredHeader(cols: ReadonlyArray<readonly [string, number]>): string {
  return cols.map(([l, w]) => centred(l, w)).join('').trimEnd();
}

/** Non-negative integer or null; accepts only digits. */
export function uint(s: string | undefined): number | null {
  if (s === undefined || !/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Signed integer or null. */
export function int(s: string | undefined): number | null {
  if (s === undefined || !/^-?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** A VPP float (`%f`, `%.2e` such as `3.27e2`, `.500000`) or null. */
export function vppFloat(s: string | undefined): number | null {
  if (s === undefined || !/^-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Leading-space count. */
export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

/** True when the line is empty or whitespace only. */
export function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

/** Loose IPv6 test (hex groups and colons, optional embedded IPv4). */
export function isIpv6(s: string): boolean {
  if (!s.includes(':') || s.length > 45) return false;
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const dbl = s.split('::').length - 1;
  if (dbl > 1) return false;
  return s.split(':').every((g) => g.length <= 4 || IPV4.test(g));
}

export function isIp(s: string): boolean {
  return isIpv4(s) || isIpv6(s);
}

/** Strips a `/len` from an address. */
export function stripPrefixLen(s: string): string {
  const i = s.indexOf('/');
  return i >= 0 ? s.slice(0, i) : s;
}
