// `show interface` (+ counters), `show interface address`, `show interface rx-placement` (`show int rx`).
// Sources: FDio/vpp src/vnet/interface_cli.c (show_sw_interfaces, show_interface_rx_placement_fn),
// src/vnet/interface_format.c (format_vnet_sw_interface, format_vnet_sw_interface_cntrs).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { col, indentOf, isBlank, splitLines, uint } from './text';
import type { Lined, Parsed } from './types';

export interface InterfaceMtu {
  l3: number;
  ip4: number;
  ip6: number;
  mpls: number;
}

export interface InterfaceRow extends Lined {
  name: string;
  swIfIndex: number;
  /** As printed: `up`, `down`, `error`, `up/punt`… */
  state: string;
  adminUp: boolean;
  mtu: InterfaceMtu | null;
  /** Counter label as printed (cut to 16 characters by VPP) → value. */
  counters: Record<string, number>;
  /** Counter label → the line it is on. */
  counterLines: Record<string, number>;
}

export interface ShowInterfaces {
  interfaces: InterfaceRow[];
}

/** Column layout of the interface row, from the header. */
interface IntLayout {
  stateEnd: number;
  mtu: boolean;
  counterStart: number;
}

function layoutFromHeader(header: string): IntLayout {
  const mtu = header.includes('MTU');
  const c = header.indexOf('Counter');
  // "Counter" is centred in 16 columns: 5 spaces on its left.
  const counterStart = c >= 5 ? c - 5 : mtu ? 68 : 53;
  return { mtu, stateEnd: mtu ? 47 : counterStart, counterStart };
}

const ROW_FALLBACK = /^(\S+)\s+(\d+)\s+(\S+)(?:\s+(\d+\/\d+\/\d+\/\d+))?(?:\s+(.*?)\s+(\d+))?\s*$/;
const COUNTER = /^\s+(\S.*?)\s+(\d+)\s*$/;

function parseMtu(s: string): InterfaceMtu | null {
  const m = /^(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec(s);
  if (!m) return null;
  return { l3: Number(m[1]), ip4: Number(m[2]), ip6: Number(m[3]), mpls: Number(m[4]) };
}

function addCounter(row: InterfaceRow, label: string, value: number, line: number): void {
  // Several threads never split counters here, but a repeated label (cut to 16 chars) must not be lost.
  row.counters[label] = (row.counters[label] ?? 0) + value;
  row.counterLines[label] ??= line;
}

/** `show interface` → interfaces with their non-zero counters. */
export function parseShowInterfaces(text: string, input = 'show-int'): Parsed<ShowInterfaces> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowInterfaces = { interfaces: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let layout: IntLayout = { mtu: true, stateEnd: 47, counterStart: 68 };
  let cur: InterfaceRow | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    if (/^\s*Name\s+Idx\s+/.test(line)) {
      layout = layoutFromHeader(line);
      cur = null;
      continue;
    }
    if (indentOf(line) > 0) {
      const m = COUNTER.exec(line);
      if (m && cur) addCounter(cur, m[1]!, Number(m[2]), ln);
      else diagnostics.push(diagnostic(input, `unexpected indented line outside an interface: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    const row = parseRow(line, ln, layout);
    if (!row) {
      diagnostics.push(diagnostic(input, `not an interface row: ${line.slice(0, 60)}`, { line: ln }));
      cur = null;
      continue;
    }
    data.interfaces.push(row.row);
    cur = row.row;
    if (row.counter) addCounter(cur, row.counter[0], row.counter[1], ln);
  }
  return { input, data, failure: null, diagnostics };
}

function parseRow(line: string, ln: number, layout: IntLayout): { row: InterfaceRow; counter: [string, number] | null } | null {
  let name = col(line, 0, 32);
  let idx = uint(col(line, 32, 37));
  let state = col(line, 37, layout.stateEnd);
  let mtuText = layout.mtu ? col(line, 47, 68) : '';
  let label = col(line, layout.counterStart, layout.counterStart + 16);
  let value = col(line, layout.counterStart + 16);
  const sliced = idx !== null && name !== '' && /^\S+$/.test(state) && (!layout.mtu || mtuText === '' || parseMtu(mtuText) !== null);
  if (!sliced) {
    const m = ROW_FALLBACK.exec(line);
    if (!m) return null;
    name = m[1]!;
    idx = Number(m[2]);
    state = m[3]!;
    mtuText = m[4] ?? '';
    label = m[5] ?? '';
    value = m[6] ?? '';
  }
  const row: InterfaceRow = {
    line: ln,
    name,
    swIfIndex: idx!,
    state,
    adminUp: state.startsWith('up'),
    mtu: parseMtu(mtuText),
    counters: {},
    counterLines: {},
  };
  const v = uint(value);
  return { row, counter: label && v !== null ? [label, v] : null };
}

// ---- show interface address ----

export interface InterfaceAddress extends Lined {
  address: string;
  prefixLength: number;
  family: 4 | 6;
  /** Printed table id (Calico's ids are hashes, printed signed in some versions). */
  tableId: number | null;
  fibIndex: number | null;
}

export interface InterfaceAddressBlock extends Lined {
  name: string;
  adminUp: boolean;
  /** `unnumbered, use <if>`: the addresses listed belong to that interface. */
  unnumberedOf: string | null;
  l2: string[];
  addresses: InterfaceAddress[];
  /** Detail lines not understood, verbatim. */
  other: string[];
}

export interface ShowInterfaceAddresses {
  interfaces: InterfaceAddressBlock[];
}

const ADDR_HEAD = /^(\S(?:.*\S)?) \((up|dn|down)\):\s*$/;
const ADDR_L3 = /^\s+L3 ([0-9a-fA-F:.]+)\/(\d+)(?:\s+ip[46] table-id (-?\d+) fib-idx (\d+))?\s*$/;

/** `show interface address`. */
export function parseShowInterfaceAddresses(text: string, input = 'show-int-addr'): Parsed<ShowInterfaceAddresses> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowInterfaceAddresses = { interfaces: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: InterfaceAddressBlock | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    const h = ADDR_HEAD.exec(line);
    if (h && indentOf(line) === 0) {
      cur = { line: ln, name: h[1]!, adminUp: h[2] === 'up', unnumberedOf: null, l2: [], addresses: [], other: [] };
      data.interfaces.push(cur);
      continue;
    }
    if (!cur) {
      diagnostics.push(diagnostic(input, `line outside an interface block: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    const a = ADDR_L3.exec(line);
    if (a) {
      const address = a[1]!;
      cur.addresses.push({
        line: ln,
        address,
        prefixLength: Number(a[2]),
        family: address.includes(':') ? 6 : 4,
        tableId: a[3] !== undefined ? Number(a[3]) : null,
        fibIndex: a[4] !== undefined ? Number(a[4]) : null,
      });
      continue;
    }
    const t = line.trim();
    const u = /^unnumbered, use (\S+)/.exec(t);
    if (u) cur.unnumberedOf = u[1]!;
    else if (t.startsWith('L2 ')) cur.l2.push(t);
    else cur.other.push(t);
  }
  return { input, data, failure: null, diagnostics };
}

// ---- show interface rx-placement ----

export interface RxPlacement extends Lined {
  thread: number;
  threadName: string;
  inputNode: string | null;
  interface: string;
  queue: number;
  mode: string;
}

export interface ShowInterfaceRx {
  queues: RxPlacement[];
}

/** `show interface rx-placement` (what calicovppctl stores as `.show-int-rx`). */
export function parseShowInterfaceRx(text: string, input = 'show-int-rx'): Parsed<ShowInterfaceRx> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowInterfaceRx = { queues: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let thread = 0;
  let threadName = 'main';
  let node: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    let m = /^Thread (\d+) \((.*)\):\s*$/.exec(line);
    if (m) {
      thread = Number(m[1]);
      threadName = m[2]!;
      node = null;
      continue;
    }
    m = /^\s*node (\S+):\s*$/.exec(line);
    if (m) {
      node = m[1]!;
      continue;
    }
    m = /^\s*(\S(?:.*\S)?) queue (\d+)(?: \((\S+)\))?\s*$/.exec(line);
    if (m) {
      data.queues.push({ line: ln, thread, threadName, inputNode: node, interface: m[1]!, queue: Number(m[2]), mode: m[3] ?? '' });
      continue;
    }
    diagnostics.push(diagnostic(input, `unrecognised rx-placement line: ${line.trim().slice(0, 60)}`, { line: ln }));
  }
  return { input, data, failure: null, diagnostics };
}
