// The input formats the tools recognise, as an explicit ordered registry: detection asks each entry in
// order and takes the first whose sniff says yes. Put specific (magic-number) formats before loose
// text ones; `show trace` text comes last because it is recognised by line patterns.
//
// An entry may also turn an input into journeys (`journeys`), which is what `vpp-pathviz analyze`
// and the UI call; formats without it are recognised but not analysed yet.
import type { Diagnostic, Journey } from '../model';
import { buildJourneys } from '../analysis';
import { parseTraceBytes, sniffTrace } from '../trace';
import { analyzeCapture } from '../analysis/dispatch';
import { sniffPcap, parsePcapHeader } from '../capture/pcap';
import { sniffPcapng } from '../capture/pcapng';

export interface InputLoadOptions {
  /** Position of this input among the inputs of one analysis (journey ids start with it). */
  inputIndex: number;
  /** sw_if_index → interface name from `show interface`. */
  interfaces?: Map<number, string>;
}

export interface InputJourneys {
  journeys: Journey[];
  warnings: Diagnostic[];
  /** The input could not be read at all (the reason); journeys is then empty. */
  error: string | null;
}

export interface InputFormat {
  /** Stable id, used in JSON output (`inputs[].format`). */
  id: string;
  /** A short human description, e.g. "VPP `show trace` text". */
  describe: string;
  /** Looks at the first bytes (already gunzipped) and the file name; true when the input is this format. */
  sniff(head: Uint8Array, name: string): boolean;
  /** Turns the whole input into journeys (optional: formats that are only recognised leave it out). */
  journeys?(input: string, bytes: Uint8Array, opts: InputLoadOptions): InputJourneys;
}

export const vppTraceFormat: InputFormat = {
  id: 'vpp-trace',
  describe: 'VPP `show trace` text',
  sniff: (head) => sniffTrace(head),
  journeys(input, bytes, opts) {
    const parsed = parseTraceBytes(input, bytes);
    if (parsed.error) return { journeys: [], warnings: parsed.warnings, error: parsed.error };
    const journeys = buildJourneys([parsed], { interfaces: opts.interfaces });
    if (opts.inputIndex !== 0) {
      const prefix = `${opts.inputIndex}:`;
      const fix = (id: string | null) => (id === null ? null : prefix + id.slice(id.indexOf(':') + 1));
      for (const j of journeys) {
        j.id = fix(j.id)!;
        j.continues = fix(j.continues);
        j.continuedBy = fix(j.continuedBy);
      }
    }
    return { journeys, warnings: parsed.warnings, error: null };
  },
};

/** Captures: one journey per dispatch packet (link type 280) or per plain frame. */
function captureJourneys(input: string, bytes: Uint8Array, opts: InputLoadOptions): InputJourneys {
  const r = analyzeCapture(input, bytes, { inputIndex: opts.inputIndex, interfaces: opts.interfaces });
  const unreadable = r.frames.length === 0 ? r.warnings.find((w) => w.offset === 0) : undefined;
  return { journeys: r.journeys, warnings: r.warnings, error: unreadable ? unreadable.message : null };
}

/** Link type 280 in a pcap header, or in the first interface block of a pcapng head. */
function headLinkType280(head: Uint8Array): boolean {
  const h = parsePcapHeader(head);
  if (h) return h.linkType === 280;
  if (!sniffPcapng(head) || head.length < 12) return false;
  const dv = new DataView(head.buffer, head.byteOffset, head.length);
  const le = dv.getUint32(8, true) === 0x1a2b3c4d;
  for (let o = 0; o + 12 <= head.length; ) {
    const type = dv.getUint32(o, le);
    const len = dv.getUint32(o + 4, le);
    if (type === 1) return dv.getUint16(o + 8, le) === 280;
    if (len < 12 || len % 4) return false;
    o += len;
  }
  return false;
}

export const vppDispatchFormat: InputFormat = {
  id: 'vpp-dispatch',
  describe: 'VPP dispatch trace capture (pcap link type 280)',
  sniff: (head) => headLinkType280(head),
  journeys: captureJourneys,
};

export const pcapngFormat: InputFormat = {
  id: 'pcapng',
  describe: 'pcapng capture',
  sniff: (head) => sniffPcapng(head),
  journeys: captureJourneys,
};

export const pcapFormat: InputFormat = {
  id: 'pcap',
  describe: 'pcap capture',
  sniff: (head) => sniffPcap(head),
  journeys: captureJourneys,
};

/** The registry, in detection order. Other formats are inserted before `vppTraceFormat`. */
export const INPUT_FORMATS: InputFormat[] = [vppDispatchFormat, pcapngFormat, pcapFormat, vppTraceFormat];

/** Bytes of an input's head that detection looks at. */
export const SNIFF_HEAD_BYTES = 64 * 1024;

/** The first format (in registry order) that recognises the head, or null. */
export function detectFormat(head: Uint8Array, name: string, formats: readonly InputFormat[] = INPUT_FORMATS): InputFormat | null {
  const h = head.length > SNIFF_HEAD_BYTES ? head.subarray(0, SNIFF_HEAD_BYTES) : head;
  for (const f of formats) {
    try {
      if (f.sniff(h, name)) return f;
    } catch {
      // a sniffer must not throw; treat it as "not mine"
    }
  }
  return null;
}

export function formatById(id: string, formats: readonly InputFormat[] = INPUT_FORMATS): InputFormat | null {
  return formats.find((f) => f.id === id) ?? null;
}
