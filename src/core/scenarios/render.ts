// Text outputs of a simulated node: `show trace` (src/vlib/trace.c, cli_show_trace_buffer and
// format_vlib_trace) and `show interface` (src/vnet/interface_cli.c, show_sw_interfaces).
import type { SimRecord } from './engine';
import { showIntHeader } from './hops';
import { hashString } from './prng';
import type { VppInterface, VppNode } from './topology';
import { centre, left, right, sp, traceTimestamp } from './vppfmt';

/** Records of one node, grouped by thread and sorted the way VPP sorts them (first entry time). */
export function recordsByThread(node: VppNode, records: SimRecord[]): SimRecord[][] {
  const threads: SimRecord[][] = node.threadNames.map(() => []);
  for (const r of records) if (r.node === node) threads[r.thread]?.push(r);
  for (const t of threads) t.sort((a, b) => (a.hops[0]?.timeUs ?? 0) - (b.hops[0]?.timeUs ?? 0) || a.traceIndex - b.traceIndex);
  return threads;
}

/** The graph nodes of a record, one per entry header (consecutive records of a node share one). */
export function headerNodes(r: SimRecord): string[] {
  const out: string[] = [];
  for (const h of r.hops) if (out[out.length - 1] !== h.node) out.push(h.node);
  return out;
}

/** Appends the text of one `Packet N` record to `out` (one string per record). */
export function renderRecord(out: string[], node: VppNode, r: SimRecord, number: number): void {
  const parts: string[] = [`Packet ${number}\n`];
  let prev = '';
  for (const h of r.hops) {
    if (h.node !== prev) parts.push(`${traceTimestamp(node.uptimeStartUs + h.timeUs)}: ${h.node}`);
    prev = h.node;
    for (const l of h.lines) parts.push(l);
  }
  out.push(parts.join('\n') + '\n\n');
}

export function threadBanner(index: number, name: string): string {
  return `------------------- Start of thread ${index} ${name} -------------------\n`;
}

/** What a trace buffer holds and how much of it `show trace` prints. */
export interface TraceView {
  /** The packets in the buffer, by thread and `Packet N` of the full trace (default: every one). */
  select?: (thread: number, packetNumber: number) => boolean;
  /** `show trace max N`: at most N records per thread, then VPP's "Limiting display" line. */
  max?: number;
}

/** `show trace` (default: `max` large enough for every record of the scenario). */
export function renderShowTrace(node: VppNode, records: SimRecord[], view: TraceView = {}): string {
  const out: string[] = [];
  recordsByThread(node, records).forEach((all, i) => {
    out.push(threadBanner(i, node.threadNames[i] ?? `vpp_wk_${i - 1}`));
    const recs = view.select ? all.filter((_, k) => view.select!(i, k + 1)) : all;
    if (recs.length === 0) {
      out.push('No packets in trace buffer\n');
      return;
    }
    for (let k = 0; k < recs.length; k++) {
      if (k === view.max) {
        out.push(`Limiting display to ${k} packets. To display more specify max.`);
        break;
      }
      renderRecord(out, node, recs[k]!, k + 1);
    }
  });
  return out.join('');
}

function counterLines(i: VppInterface): [string, number][] {
  const c = i.counters;
  const rows: [string, number][] = [];
  if (c.rxPackets) rows.push(['rx packets', c.rxPackets], ['rx bytes', c.rxBytes]);
  if (c.txPackets) rows.push(['tx packets', c.txPackets], ['tx bytes', c.txBytes]);
  if (c.drops) rows.push(['drops', c.drops]);
  if (c.ip4) rows.push(['ip4', c.ip4]);
  return rows;
}

/**
 * `show interface`: rows sorted by name. Counters are the traced packets plus the untraced traffic
 * a real node would have seen since its counters were cleared (a deterministic multiple).
 */
export function renderShowInterface(node: VppNode, opts: { down?: ReadonlySet<string> } = {}): string {
  const lines = [showIntHeader()];
  const sorted = node.interfaces.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const i of sorted) {
    const up = i.up && !opts.down?.has(i.name);
    const scaled: VppInterface = { ...i, counters: scaleCounters(node, i) };
    const head = left(i.name, 32) + centre(String(i.swIfIndex), 5) + centre(up ? 'up' : 'down', 10) + centre(`${i.mtu}/0/0/0`, 21);
    const rows = counterLines(scaled);
    if (rows.length === 0) {
      lines.push(head);
      continue;
    }
    rows.forEach(([label, value], k) => {
      lines.push((k === 0 ? head : sp(68)) + left(label, 16) + right(String(value), 16));
    });
  }
  return lines.join('\n') + '\n';
}

/**
 * Traced packets plus untraced traffic: every interface that is up has carried some packets both
 * ways since the counters were cleared (ARP, probes, BGP, the host's own traffic), so the simulated
 * counters are the traced ones scaled by a per-interface factor plus a per-interface baseline.
 */
function scaleCounters(node: VppNode, i: VppInterface): VppInterface['counters'] {
  const c = i.counters;
  if (!i.up) return c;
  const h = hashString(`${node.name}/${i.name}/scale`);
  const factor = 1 + (h % 40);
  const rxBase = 50 + (h % 900);
  const txBase = 40 + ((h >>> 10) % 900);
  const rxPackets = c.rxPackets * (1 + factor) + rxBase;
  const txPackets = c.txPackets * (1 + factor) + txBase;
  return {
    rxPackets,
    rxBytes: c.rxBytes * (1 + factor) + rxBase * (90 + (h % 300)),
    txPackets,
    txBytes: c.txBytes * (1 + factor) + txBase * (90 + ((h >>> 5) % 300)),
    drops: c.drops * (1 + factor) + (h % 7),
    ip4: c.ip4 * (1 + factor) + rxBase - (h % 11),
  };
}
