// The `show` outputs of a simulated node that captures and exports read besides `show trace`:
// runtime (for the production-load check), hardware interfaces, errors, buffers, log, tun, rx
// placement, and short tables for the commands `calicovppctl export` collects. Layouts follow the
// VPP formatters (docs/vpp-formats.md §4); numbers derive from the node's traffic.
import { decodeHop } from '../../trace';
import { centre, left, right, sp } from '../vppfmt';
import type { NodeTraffic } from './packets';

/** How busy the simulated VPP is: vectors per call and packets per second on its input nodes. */
export interface LoadProfile {
  vectorsPerCall: number;
  packetsPerSecond: number;
}

export const IDLE_LOAD: LoadProfile = { vectorsPerCall: 1.05, packetsPerSecond: 12 };
/** A node forwarding real production traffic (the capture code warns before tracing here). */
export const BUSY_LOAD: LoadProfile = { vectorsPerCall: 48.7, packetsPerSecond: 2_400_000 };

/** `%.2e` as VPP prints it (exponent without sign padding). */
function e2(v: number): string {
  if (v === 0) return '0.00e0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  const m = v / 10 ** exp;
  return `${m.toFixed(2)}e${exp}`;
}

function e4(v: number): string {
  if (v === 0) return '0.0000e0';
  const exp = Math.floor(Math.log10(Math.abs(v)));
  return `${(v / 10 ** exp).toFixed(4)}e${exp}`;
}

export function showRuntime(d: NodeTraffic, nowMs: number, clearedMs: number | null, load: LoadProfile = IDLE_LOAD): string {
  const time = clearedMs === null ? 3600 : Math.max(0.1, (nowMs - clearedMs) / 1000);
  const out: string[] = [];
  d.threadNames.forEach((name, t) => {
    if (t > 0) out.push('---------------');
    const nodes = new Map<string, number>();
    for (const p of d.packets) if (p.thread === t) for (const h of p.hops) nodes.set(h.node, (nodes.get(h.node) ?? 0) + 1);
    const workers = Math.max(1, d.threadNames.length - 1);
    const pps = t === 0 && d.threadNames.length > 1 ? 0 : load.packetsPerSecond / workers;
    out.push(`Thread ${t} ${name} (lcore ${t + 1})`);
    out.push(`Time ${time.toFixed(1)}, 10 sec internal node vector rate ${(pps > 0 ? load.vectorsPerCall : 0).toFixed(2)} loops/sec ${(pps > 0 ? pps / load.vectorsPerCall : 5317177.75).toFixed(2)}`);
    out.push(`  vector rates in ${e4(pps)}, out ${e4(pps * 0.98)}, drop ${e4(pps * 0.02)}, punt ${e4(0)}`);
    out.push(`${centre('Name', 30)}${centre('State', 12)}${centre('Calls', 16)}${centre('Vectors', 16)}${centre('Suspends', 16)}${centre('Clocks', 16)}${centre('Vectors/Call', 16)}`);
    const rows = [...nodes].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    rows.push(['unix-epoll-input', 0]);
    for (const [n, seen] of rows) {
      const input = /-input$/.test(n) && !/^(ip[46]|ethernet|ipip4|vxlan4)-input/.test(n);
      const vectors = Math.round(seen + pps * time);
      const vpc = pps > 0 ? load.vectorsPerCall : 1;
      const calls = Math.max(seen > 0 ? 1 : 0, Math.round(vectors / vpc)) + (n === 'unix-epoll-input' ? 7037 : 0);
      out.push(left(n, 30) + centre(input || n === 'unix-epoll-input' ? 'polling' : 'active', 12) + right(String(calls), 16) + right(String(vectors), 16) + right('0', 16) + right(e2(vectors ? 3.27e2 : 1.25e3), 16) + right((calls ? vectors / calls : 0).toFixed(2), 16));
    }
  });
  return out.join('\n') + '\n';
}

export function showHardware(d: NodeTraffic): string {
  const lines = [`${left('              Name', 32)}${centre('Idx', 5)}${centre('Link', 6)}  Hardware`];
  for (const [idx, name] of [...d.interfaces].sort((a, b) => a[0] - b[0])) {
    if (idx === 0) continue;
    const kind = name === d.uplink?.name ? (d.uplink.driver === 'dpdk' ? 'dpdk' : d.uplink.driver.replace('_', '-')) : name.startsWith('tun') || name.startsWith('tap') ? 'virtio' : name.startsWith('ipip') ? 'IPIP' : 'unknown';
    lines.push(`${left(name, 32)}${right(String(idx), 5)}${right('up', 6)}  ${name}`);
    lines.push(`  Link speed: unknown`);
    lines.push(`  RX Queues:\n    queue thread         mode\n    0     vpp_wk_0 (1)   polling`);
    lines.push(`  ${kind === 'IPIP' ? 'IPIP tunnel' : kind === 'virtio' ? 'TUN interface' : `Ethernet address 02:fe:00:00:00:${idx.toString(16).padStart(2, '0')}`}`);
  }
  return lines.join('\n') + '\n';
}

export function showErrors(d: NodeTraffic, cleared: boolean): string {
  const head = `${centre('Count', 10)}${centre('Node', 35)}${centre('Reason', 35)}${centre('Severity', 10)}`;
  if (cleared) return head + '\n';
  const counts = new Map<string, number>();
  for (const p of d.packets) {
    const drop = p.hops.findIndex((h) => h.node === 'error-drop' || h.node === 'drop');
    if (drop < 0) continue;
    const last = p.hops[p.hops.length - 1]!;
    const reason = decodeHop(last.node, last.lines).reason?.text ?? 'drop';
    const [node, ...rest] = reason.split(': ');
    const key = `${node}\t${rest.join(': ') || 'dropped'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([k, n]) => {
    const [node, reason] = k.split('\t');
    return right(String(n), 10) + centre(node!, 35) + centre(reason!, 35) + centre('error', 10);
  });
  return [head, ...rows].join('\n') + '\n';
}

export function showBuffers(): string {
  return (
    `${left('Pool Name', 20)}${centre('Index', 6)}${centre('NUMA', 6)}${centre('Size', 6)}${centre('Data Size', 11)}${centre('Total', 6)}${centre('Avail', 8)}${centre('Cached', 8)}${centre('Used', 8)}\n` +
    `${left('default-numa-0', 20)}${centre('0', 6)}${centre('0', 6)}${centre('2496', 6)}${centre('2048', 11)}${centre('16800', 6)}${centre('14227', 8)}${centre('512', 8)}${centre('2061', 8)}\n`
  );
}

export function showLog(node: string): string {
  return [
    '2025/11/04 09:12:43:120 notice     vat-plug/load  Loaded plugin: af_packet_plugin.so',
    '2025/11/04 09:12:43:121 notice     vat-plug/load  Loaded plugin: bpf_trace_filter_plugin.so',
    '2025/11/04 09:12:43:125 notice     dpdk           EAL init args: --in-memory --no-telemetry',
    `2025/11/04 09:12:44:002 notice     cnat           calico-vpp on ${node}: cnat enabled`,
  ].join('\n') + '\n';
}

export function showTun(d: NodeTraffic): string {
  const out: string[] = [];
  for (const [idx, name] of [...d.interfaces].sort((a, b) => a[0] - b[0])) {
    if (!/^tun\d+$/.test(name)) continue;
    out.push(`Interface: ${name} (ifindex ${idx})`, `  name "${name}"`, '  host-mtu-size "1480"', '  host-ns "/var/run/netns/cni-' + String(idx).padStart(8, '0') + '"', `  flags 0x${(0x1180005).toString(16)}`, '  features 0x110008000', '  Number of RX Virtqueue  1', '  Number of TX Virtqueue  1', '');
  }
  return out.join('\n') + (out.length ? '' : '\n');
}

export function showInterfaceRx(d: NodeTraffic): string {
  const out: string[] = [];
  d.threadNames.forEach((name, t) => {
    if (t === 0 && d.threadNames.length > 1) return;
    out.push(`Thread ${t} (${name}):`);
    for (const [idx, ifn] of [...d.interfaces].sort((a, b) => a[0] - b[0])) {
      if (idx === 0 || (idx % Math.max(1, d.threadNames.length - 1)) + 1 !== t) continue;
      out.push(`  node ${ifn === d.uplink?.name ? 'uplink' : 'virtio'}-input:`, `    ${ifn} queue 0 (polling)`);
    }
  });
  return out.join('\n') + '\n';
}

/** Short outputs of the cnat / npol / tunnel `show` commands export collects, or null. */
export function staticShow(cmd: string, d: NodeTraffic): string | null {
  const tunnels = [...d.interfaces.values()].filter((n) => /^(ipip|vxlan_tunnel)\d+$/.test(n));
  switch (cmd.replace(/\s+/g, ' ')) {
    case 'cnat client': return 'cnat-client:[0] 10.96.0.1 tr:1 sess:0 locks:2 exclusive\n';
    case 'cnat translation': return '[0] 10.96.0.1;443 TCP lb:maglev\n::;0->172.18.0.11;6443\n  fib-entry:42\n';
    case 'cnat session verbose': return 'CNat Sessions: now:3600\nHash table \'CNat Session DB\'\n    0 active elements 0 active buckets\n';
    case 'cnat timestamp': return 'Timestamps\n';
    case 'cnat snat': return 'Source NAT\n  ip4: 172.18.0.11;0\n  excluded prefixes:\n    10.244.0.0/16\n';
    case 'npol interfaces': return `Interfaces with policies configured:\n${[...d.interfaces.values()].filter((n) => n.startsWith('tun')).map((n) => `[${n} sw_if_index=0  addr=]\n  rx-policy-default:1 rx-profile-default:1\n  tx-policy-default:1 tx-profile-default:1`).join('\n')}\n`;
    case 'npol policies verbose': return '[policy#0]\n  tx:[rule#0;allow]\n';
    case 'npol rules': return '[rule#0;allow]\n';
    case 'npol ipsets': return '[ipset#0;ip;]\n';
    case 'ipip tunnel': return tunnels.filter((n) => n.startsWith('ipip')).map((n, k) => `[${k}] instance ${k} src 172.18.0.11 dst 172.18.0.12 table-ID 0 sw-if-idx ${k + 7} flags [none] dscp CS0\n`).join('') || '\n';
    case 'vxlan tunnel': return tunnels.filter((n) => n.startsWith('vxlan')).map((n, k) => `[${k}] instance ${k} src 172.18.0.11 dst 172.18.0.12 src_port 4789 dst_port 4789 vni 4096 fib-idx 0 sw-if-idx ${k + 7} encap-dpo-idx 12\n`).join('') || 'No vxlan tunnels configured...\n';
    default: return null;
  }
}

void sp;
