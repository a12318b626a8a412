// The 5-tuple filter of a capture: validated, then turned into the pcap-filter expression VPP's
// bpf_trace_filter plugin compiles — the same expression calicovppctl builds (protocol, then
// `src host`, `dst host`, `src port`, `dst port`, joined with `and`) — and into the vppctl
// commands that apply and remove it.
import { CaptureInputError, validateIp, validatePort, validateProtocol, type FilterProtocol } from './validate';

export interface FiveTuple {
  srcIp?: string;
  dstIp?: string;
  srcPort?: number;
  dstPort?: number;
  protocol?: FilterProtocol;
}

/** Raw user input (CLI options, UI form fields). Empty strings mean "not given". */
export interface FiveTupleInput {
  srcIp?: string | null;
  dstIp?: string | null;
  srcPort?: string | number | null;
  dstPort?: string | number | null;
  protocol?: string | null;
}

const given = (v: string | number | null | undefined): v is string | number => v !== undefined && v !== null && String(v).trim() !== '';

/** Validates every field; throws CaptureInputError naming the field. Null when nothing is given. */
export function parseFiveTuple(i: FiveTupleInput): FiveTuple | null {
  const f: FiveTuple = {};
  if (given(i.srcIp)) f.srcIp = validateIp(String(i.srcIp).trim(), 'source IP');
  if (given(i.dstIp)) f.dstIp = validateIp(String(i.dstIp).trim(), 'destination IP');
  if (given(i.srcPort)) f.srcPort = validatePort(String(i.srcPort).trim(), 'source port');
  if (given(i.dstPort)) f.dstPort = validatePort(String(i.dstPort).trim(), 'destination port');
  if (given(i.protocol)) f.protocol = validateProtocol(String(i.protocol).trim());
  if ((f.srcPort !== undefined || f.dstPort !== undefined) && f.protocol === 'icmp') throw new CaptureInputError('ports cannot be combined with protocol icmp');
  return Object.keys(f).length ? f : null;
}

/** The pcap-filter expression, e.g. `tcp and src host 10.0.0.1 and dst port 80`. */
export function filterExpression(f: FiveTuple): string {
  const parts: string[] = [];
  if (f.protocol) parts.push(f.protocol);
  if (f.srcIp) parts.push(`src host ${f.srcIp}`);
  if (f.dstIp) parts.push(`dst host ${f.dstIp}`);
  if (f.srcPort !== undefined) parts.push(`src port ${f.srcPort}`);
  if (f.dstPort !== undefined) parts.push(`dst port ${f.dstPort}`);
  if (parts.length === 0) throw new CaptureInputError('empty filter');
  return parts.join(' and ');
}

/** The vppctl argument vectors that apply a filter (`trace` uses the trace filter function, pcap and dispatch the pcap one). */
export function applyFilterCommands(expr: string, kind: 'trace' | 'pcap' | 'dispatch'): string[][] {
  return [
    ['set', 'bpf', 'trace', 'filter', `{{${expr}}}`],
    ['set', kind === 'trace' ? 'trace' : 'pcap', 'filter', 'function', 'bpf_trace_filter'],
  ];
}

/** The vppctl argument vectors that remove it again (back to VPP's default function). */
export function removeFilterCommands(kind: 'trace' | 'pcap' | 'dispatch' | 'both'): string[][] {
  const fns = kind === 'both' ? ['trace', 'pcap'] : [kind === 'trace' ? 'trace' : 'pcap'];
  return [['set', 'bpf', 'trace', 'filter', 'del'], ...fns.map((k) => ['set', k, 'filter', 'function', 'vnet_is_packet_traced'])];
}
