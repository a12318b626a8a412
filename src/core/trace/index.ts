// `show trace` text → packets and hops. Public API of core/trace.
import type { TraceParseResult } from '../model';
import { binaryRatio, decodeUtf8 } from '../text/utf8';
import { parseTraceText } from './parse';
import { matchHeader } from './timestamp';

export { decodeHop, decodeHopFacts, decodeFactsFromView, NEED_IP, NEED_RX, NEED_TX, NEED_REASON, NEED_NAT, NEED_ALL } from './details';
export { peekHopLines, scanHopLines } from './lazy';
export { packetView, packetViewReusing, packetHopCount, type PacketView, type LineVisitor, type IpText } from './table';
export { readHandoff } from './handoff';
export { timestampToUs, deltaUs, DAY_US } from './timestamp';
export { MAX_WARNINGS } from './parse';

/**
 * Parses `show trace` output as printed by VPP 16.x to 26.x. Never throws: lines it cannot place
 * become warnings with their line number.
 */
export function parseTrace(input: string, text: string): TraceParseResult {
  return parseTraceText(input, text);
}

/** Bytes of the head looked at to decide whether an input is binary. */
const SNIFF_BYTES = 64 * 1024;

function failed(input: string, error: string): TraceParseResult {
  return { input, packets: [], threads: [], warnings: [{ input, line: null, offset: null, message: error }], lineCount: 0, error };
}

/** Why these bytes cannot be a trace text (empty, binary), or null when they can. */
export function unreadableReason(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'empty file';
  const head = bytes.subarray(0, SNIFF_BYTES);
  const nul = head.indexOf(0);
  if (nul >= 0) return `binary data (NUL byte at offset ${nul}), not a \`show trace\` text`;
  if (binaryRatio(head) > 0.02) return 'binary data (control bytes), not a `show trace` text';
  return null;
}

/**
 * Parses bytes (UTF-8, decoded lossily). An empty or binary input gives a result with no packets,
 * `error` set and the reason as a warning — never an exception. gzip must be inflated by the caller.
 */
export function parseTraceBytes(input: string, bytes: Uint8Array): TraceParseResult {
  const why = unreadableReason(bytes);
  if (why) return failed(input, why);
  return parseTraceText(input, decodeUtf8(bytes));
}

/** Does this head (the first bytes of an input, already inflated) look like `show trace` output? */
export function sniffTrace(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  const h = head.subarray(0, SNIFF_BYTES);
  if (h.indexOf(0) >= 0 || binaryRatio(h) > 0.02) return false;
  return sniffTraceText(decodeUtf8(h));
}

/** Text variant of sniffTrace. */
export function sniffTraceText(text: string): boolean {
  if (/-{3,} Start of thread \d+ \S+ -{3,}/.test(text)) return true;
  if (/^No packets in trace buffer\s*$/m.test(text)) return true;
  let pos = 0;
  let n = 0;
  while (pos < text.length && n < 5000) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let le = end;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    if (matchHeader(text, pos, le)) return true;
    pos = end + 1;
    n++;
  }
  return false;
}
