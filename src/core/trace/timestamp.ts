// Entry-header timestamps of `show trace` (vpp-formats.md §1.3), matched with char codes:
//   relative (always):  HH:MM:SS:UUUUUU: node      time since VPP's main loop started, hours mod 24
//   unix (26.06+):      <epoch>.UUUUUU: node
//   datetime (26.06+):  YYYY-MM-DDTHH:MM:SS.UUUUUU: node   (VPP's local time, no zone)

export type TimestampFormat = 'relative' | 'unix' | 'datetime';

/** Result slots of the last successful matchHeader call (avoids an object per line). */
export const headerMatch = { tsEnd: 0, nodeStart: 0, timeUs: 0, format: 'relative' as TimestampFormat };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function digits(text: string, pos: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) {
    const c = text.charCodeAt(pos + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Tests whether text[pos, lineEnd) is an entry header. On success fills `headerMatch` and returns
 * true; the node name starts at headerMatch.nodeStart (non-blank).
 */
export function matchHeader(text: string, pos: number, lineEnd: number): boolean {
  const len = lineEnd - pos;
  if (len < 10 || !isDigit(text.charCodeAt(pos))) return false;
  // relative: 00:09:46:518858: node
  if (len >= 18 && text.charCodeAt(pos + 2) === 58 && text.charCodeAt(pos + 5) === 58 && text.charCodeAt(pos + 8) === 58 && text.charCodeAt(pos + 15) === 58 && text.charCodeAt(pos + 16) === 32) {
    const h = digits(text, pos, 2);
    const m = digits(text, pos + 3, 2);
    const s = digits(text, pos + 6, 2);
    const u = digits(text, pos + 9, 6);
    if (h < 0 || m < 0 || s < 0 || u < 0) return false;
    return finish(text, pos + 15, pos + 17, lineEnd, ((h * 60 + m) * 60 + s) * 1e6 + u, 'relative');
  }
  // datetime: 2026-05-04T10:11:12.123456: node
  if (len >= 29 && text.charCodeAt(pos + 4) === 45 && text.charCodeAt(pos + 7) === 45 && text.charCodeAt(pos + 10) === 84) {
    if (text.charCodeAt(pos + 13) !== 58 || text.charCodeAt(pos + 16) !== 58 || text.charCodeAt(pos + 19) !== 46) return false;
    if (text.charCodeAt(pos + 26) !== 58 || text.charCodeAt(pos + 27) !== 32) return false;
    const Y = digits(text, pos, 4);
    const Mo = digits(text, pos + 5, 2);
    const D = digits(text, pos + 8, 2);
    const h = digits(text, pos + 11, 2);
    const mi = digits(text, pos + 14, 2);
    const s = digits(text, pos + 17, 2);
    const u = digits(text, pos + 20, 6);
    if (Y < 0 || Mo < 1 || Mo > 12 || D < 1 || D > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || u < 0) return false;
    return finish(text, pos + 26, pos + 28, lineEnd, Date.UTC(Y, Mo - 1, D, h, mi, s) * 1000 + u, 'datetime');
  }
  // unix: 1714567890.123456: node
  let i = pos;
  while (i < lineEnd && i - pos < 13 && isDigit(text.charCodeAt(i))) i++;
  if (i === pos || i - pos > 12 || text.charCodeAt(i) !== 46) return false;
  const secs = digits(text, pos, i - pos);
  const u = digits(text, i + 1, 6);
  if (secs < 0 || u < 0 || text.charCodeAt(i + 7) !== 58 || text.charCodeAt(i + 8) !== 32) return false;
  return finish(text, i + 7, i + 9, lineEnd, secs * 1e6 + u, 'unix');
}

function finish(text: string, tsEnd: number, nodeStart: number, lineEnd: number, timeUs: number, format: TimestampFormat): boolean {
  let ns = nodeStart;
  while (ns < lineEnd && (text.charCodeAt(ns) === 32 || text.charCodeAt(ns) === 9)) ns++;
  if (ns >= lineEnd) return false;
  headerMatch.tsEnd = tsEnd;
  headerMatch.nodeStart = ns;
  headerMatch.timeUs = timeUs;
  headerMatch.format = format;
  return true;
}

/** Parses a timestamp as printed (any of the three formats) to µs; null if it is none of them. */
export function timestampToUs(ts: string): number | null {
  const probe = `${ts}: x`;
  return matchHeader(probe, 0, probe.length) && headerMatch.tsEnd === ts.length ? headerMatch.timeUs : null;
}

export const DAY_US = 86400e6;

/**
 * µs from `a` to `b`; relative stamps wrap every 24 h (days are not printed), so a negative step of
 * more than 12 h is taken as a wrap.
 */
export function deltaUs(a: number, b: number, relative: boolean): number {
  let d = b - a;
  if (relative && d < -DAY_US / 2) d += DAY_US;
  return d;
}
