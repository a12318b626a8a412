// `show hardware-interfaces`: one block per hardware interface (first line at column 0, the rest
// indented). Source: FDio/vpp src/vnet/interface_cli.c (show_or_clear_hw_interfaces),
// src/vnet/interface_format.c (format_vnet_hw_interface) and each driver's device formatter.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { col, indentOf, isBlank, splitLines, uint } from './text';
import type { Lined, Parsed } from './types';

export interface HwRxQueue extends Lined {
  queue: number;
  thread: string;
  mode: string;
}

export interface HardwareInterface extends Lined {
  name: string;
  hwIfIndex: number;
  /** `up`, `down`, `slave`… */
  link: string;
  /** The device name (differs from the interface name for Calico tuns). */
  device: string;
  linkSpeed: string | null;
  macAddress: string | null;
  /** Class/driver lines such as `tun-device`, `VIRTIO interface`, `Intel e1000`, `memif-ip`. */
  classLines: string[];
  rxQueues: HwRxQueue[];
  carrier: string | null;
  /** Numeric statistics found in the block (`rx discards`, `rx missed`, `tx errors`, xstats…) → value. */
  stats: Record<string, number>;
  statLines: Record<string, number>;
  /** Every line of the block after the first, verbatim (1-based line of the first is `line + 1`). */
  lines: string[];
  lastLine: number;
}

export interface ShowHardware {
  interfaces: HardwareInterface[];
}

const FIRST_FALLBACK = /^(\S+)\s+(\d+)\s+(\S+)\s+(\S.*?)\s*$/;
const STAT = /^\s+([A-Za-z][\w .\-/]*?[\w)])\s{2,}(\d+)\s*$/;
const STAT_COLON = /^\s+([A-Za-z][\w .\-/]*?):\s+(\d+)\s*$/;
const KNOWN_CLASS = /^(?:tun-device|tun|tap|memif-ip|memif-ethernet|VIRTIO interface|MEMIF interface|IPIP|VXLAN|local|Intel .*|Mellanox .*|Red Hat .*|VMware .*|AVF .*|.*interface)$/;

function parseFirst(line: string): { name: string; idx: number; link: string; device: string } | null {
  const name = col(line, 0, 32);
  const idx = uint(col(line, 32, 38));
  const link = col(line, 38, 46);
  const device = col(line, 46);
  if (name && idx !== null && /^\S+$/.test(link) && device) return { name, idx, link, device };
  const m = FIRST_FALLBACK.exec(line);
  if (!m) return null;
  return { name: m[1]!, idx: Number(m[2]), link: m[3]!, device: m[4]! };
}

/** `show hardware-interfaces` (brief, default, verbose or detail). */
export function parseShowHardware(text: string, input = 'hardware-interfaces'): Parsed<ShowHardware> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowHardware = { interfaces: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: HardwareInterface | null = null;
  let inRxTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    if (/^\s*Name\s+Idx\s+Link\s+Hardware\s*$/.test(line)) {
      cur = null;
      continue;
    }
    if (indentOf(line) === 0) {
      const f = parseFirst(line);
      if (!f) {
        diagnostics.push(diagnostic(input, `not a hardware interface line: ${line.slice(0, 60)}`, { line: ln }));
        cur = null;
        continue;
      }
      cur = {
        line: ln,
        name: f.name,
        hwIfIndex: f.idx,
        link: f.link,
        device: f.device,
        linkSpeed: null,
        macAddress: null,
        classLines: [],
        rxQueues: [],
        carrier: null,
        stats: {},
        statLines: {},
        lines: [],
        lastLine: ln,
      };
      data.interfaces.push(cur);
      inRxTable = false;
      continue;
    }
    if (!cur) {
      diagnostics.push(diagnostic(input, `detail line outside an interface: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    cur.lines.push(line);
    cur.lastLine = ln;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^Link speed: (.*)$/.exec(t))) cur.linkSpeed = m[1]!;
    else if ((m = /^Ethernet address ([0-9a-fA-F:]+)/.exec(t))) cur.macAddress = m[1]!;
    else if (t === 'RX Queues:') inRxTable = true;
    else if (t === 'TX Queues:') inRxTable = false;
    else if (inRxTable && (m = /^(\d+)\s+(\S+(?: \(\d+\))?)\s+(\S+)$/.exec(t))) cur.rxQueues.push({ line: ln, queue: Number(m[1]), thread: m[2]!, mode: m[3]! });
    else if (inRxTable && t.startsWith('queue ')) {
      /* table header */
    } else if ((m = /^carrier (up|down)\b/.exec(t))) cur.carrier = m[1]!;
    else if ((m = STAT.exec(line) ?? STAT_COLON.exec(line))) {
      const label = m[1]!.trim();
      if (!/^(?:instance|queue|RX QUEUE|TX QUEUE)$/.test(label)) {
        cur.stats[label] = (cur.stats[label] ?? 0) + Number(m[2]);
        cur.statLines[label] ??= ln;
      }
    } else if (indentOf(line) <= 2 && KNOWN_CLASS.test(t)) cur.classLines.push(t);
  }
  return { input, data, failure: null, diagnostics };
}
