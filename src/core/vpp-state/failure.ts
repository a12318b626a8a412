// Recognises a file that holds an error instead of a command's output. calicovppctl (Go) appends
// `[calicovppctl] command failed: …` after whatever the command printed (kubectl/vppctl errors are
// part of that combined output) and writes `[calicovppctl] skipped …` when it gave up on a node;
// vppctl prints a single line such as `unknown input 'verbose'`; kubectl prints `error: …`.
import type { CommandFailure } from './types';
import { isBlank, splitLines } from './text';

const MARKER = /^\[calicovppctl\] (?:command failed|skipped)\b/;

/** Lines that, alone at the top of a short file, mean the command failed. */
const SHORT_ERRORS: RegExp[] = [
  /^error: /i,
  /^Error from server\b/,
  /^Error: /,
  /unknown input [`'"]/,
  /^clib_socket_init: /,
  /^vppctl: /,
  /^command terminated with exit code \d+/,
  /^OCI runtime exec failed/,
  /^Unable to connect to the server/,
  /^The connection to the server .* was refused/,
  /^sudo: /,
  /^unable to upgrade connection/,
  /^pod '.*' not found on node/,
  /^parse error/i,
  /^clib_error: /,
];

/** How many non-empty lines a short-error file may have. */
const SHORT_LIMIT = 4;

export interface FailureOptions {
  /** Also treat a short file starting with an error line as a failure (command outputs, not logs). */
  shortErrors?: boolean;
}

/** Returns the failure a file reports instead of output, or null when it is output. */
export function detectFailure(text: string, opts: FailureOptions = {}): CommandFailure | null {
  // The marker is appended at the end: only the tail is split (outputs can be hundreds of MB).
  const tailStart = text.length > 8192 ? text.lastIndexOf('\n', text.length - 8192) + 1 : 0;
  if (text.includes('[calicovppctl] ', tailStart)) {
    const before = tailStart > 0 ? countLines(text, tailStart) : 0;
    const lines = splitLines(text.slice(tailStart));
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 8; i--) {
      if (MARKER.test(lines[i]!)) {
        // The marker follows the command's own (error) output: keep a few lines before it.
        let start = i;
        while (start > 0 && i - start < 3 && !isBlank(lines[start - 1]!) && looksLikeError(lines[start - 1]!)) start--;
        return { message: lines.slice(start, i + 1).join('\n'), line: before + start + 1 };
      }
    }
  }
  if (opts.shortErrors === false || text.length > 4096) return null;
  const lines = splitLines(text);
  const nonBlank: number[] = [];
  for (let i = 0; i < lines.length && nonBlank.length <= SHORT_LIMIT; i++) if (!isBlank(lines[i]!)) nonBlank.push(i);
  if (nonBlank.length === 0 || nonBlank.length > SHORT_LIMIT) return null;
  const first = lines[nonBlank[0]!]!.trim();
  if (!SHORT_ERRORS.some((re) => re.test(first))) return null;
  return { message: nonBlank.map((i) => lines[i]!.trim()).join('\n'), line: nonBlank[0]! + 1 };
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function looksLikeError(line: string): boolean {
  const t = line.trim();
  return SHORT_ERRORS.some((re) => re.test(t)) || /\b(?:error|failed|refused|not found|timed out)\b/i.test(t);
}
