// `show ipip tunnel` and `show vxlan tunnel`. Sources: FDio/vpp src/vnet/ipip/ipip_cli.c
// (format_ipip_tunnel), src/plugins/vxlan/vxlan.c (format_vxlan_tunnel; older layouts too).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export interface Tunnel extends Lined {
  kind: 'ipip' | 'vxlan';
  /** `[N]` device instance. */
  index: number;
  instance: number | null;
  src: string | null;
  /** Null for p2mp / 6rd tunnels. */
  dst: string | null;
  swIfIndex: number | null;
  vni: number | null;
  tableId: number | null;
  fibIndex: number | null;
  srcPort: number | null;
  dstPort: number | null;
  mode: 'p2p' | 'p2mp' | '6rd' | null;
  text: string;
}

export interface ShowTunnels {
  tunnels: Tunnel[];
  /** `No IPIP tunnels configured...` / `No vxlan tunnels configured`. */
  none: boolean;
}

function num(text: string, re: RegExp): number | null {
  const m = re.exec(text);
  return m ? Number(m[1]) : null;
}

function parseTunnels(kind: 'ipip' | 'vxlan', text: string, input: string): Parsed<ShowTunnels> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowTunnels = { tunnels: [], none: false };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  splitLines(text).forEach((line, i) => {
    if (isBlank(line)) return;
    const t = line.trim();
    if (/^No .*tunnels? configured/i.test(t)) {
      data.none = true;
      return;
    }
    const h = /^\[(\d+)\]\s+(.*)$/.exec(t);
    if (!h) {
      diagnostics.push(diagnostic(input, `not a ${kind} tunnel line: ${t.slice(0, 60)}`, { line: i + 1 }));
      return;
    }
    const body = h[2]!;
    const src = /(?:^|\s)src (\S+)/.exec(body)?.[1] ?? /(\S+) \(src\)/.exec(body)?.[1] ?? null;
    const dst = /(?:^|\s)dst (\S+)/.exec(body)?.[1] ?? /(\S+) \(dst\)/.exec(body)?.[1] ?? null;
    data.tunnels.push({
      line: i + 1,
      kind,
      index: Number(h[1]),
      instance: num(body, /instance (\d+)/),
      src,
      dst,
      swIfIndex: num(body, /sw[-_]if[-_]i(?:dx|ndex) (\d+)/),
      vni: num(body, /\bvni (\d+)/),
      tableId: num(body, /table-ID (\d+)/),
      fibIndex: num(body, /(?:fib-idx|encap_fib_index) (\d+)/),
      srcPort: num(body, /src_port (\d+)/),
      dstPort: num(body, /dst_port (\d+)/),
      mode: /\b6rd\b/.test(body) ? '6rd' : /\bp2mp\b/.test(body) ? 'p2mp' : dst ? 'p2p' : null,
      text: t,
    });
  });
  return { input, data, failure: null, diagnostics };
}

export function parseIpipTunnels(text: string, input = 'show-ipip-tunnel'): Parsed<ShowTunnels> {
  return parseTunnels('ipip', text, input);
}

export function parseVxlanTunnels(text: string, input = 'show-vxlan-tunnel'): Parsed<ShowTunnels> {
  return parseTunnels('vxlan', text, input);
}

/** VPP's interface name for a tunnel (`ipip<instance>`, `vxlan_tunnel<instance>`). */
export function tunnelInterfaceName(t: Tunnel): string {
  const inst = t.instance ?? t.index;
  return t.kind === 'ipip' ? `ipip${inst}` : `vxlan_tunnel${inst}`;
}
