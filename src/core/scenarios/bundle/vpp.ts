// The vppctl outputs of a node's export, as VPP 25.10 prints them (FDio/vpp tag v25.10; npol at
// gerrit change 43710, the commit Calico v3.31 cherry-picks). Each renderer names its function.
import type { CnatSession } from '../engine';
import { ERROR_COUNTERS, type ErrorCounter } from '../errors';
import { parseCidr } from '../packet';
import { hashString } from '../prng';
import { renderShowInterface } from '../render';
import { FIB, netnsUuid, podKey, type Forwarding, type VppInterface, type VppNode } from '../topology';
import { centre, hex, left, macText, right, sp, vppFloat } from '../vppfmt';
import { civil, isDown, pick, recordsOf, scaled, uptimeS, type Ctx } from './context';

const NL = '\n';

/** `%.Ne` as vppinfra prints it: mantissa, `e`, exponent without sign padding (`4.9950e1`, `0.0000e0`). */
export function vppExp(v: number, digits: number): string {
  if (v === 0 || !Number.isFinite(v)) return `${(0).toFixed(digits)}e0`;
  let e = Math.floor(Math.log10(Math.abs(v)));
  let m = v / 10 ** e;
  let t = m.toFixed(digits);
  if (Number(t) >= 10) {
    e += 1;
    m = v / 10 ** e;
    t = m.toFixed(digits);
  }
  return `${t}e${e}`;
}

function sortedByName(list: VppInterface[]): VppInterface[] {
  return list.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Input node and rx mode of an interface's RX queue (Calico: adaptive pods and tap, per-driver uplink). */
function rxOf(node: VppNode, i: VppInterface): { input: string; mode: string } | null {
  if (i.kind === 'tun' || i.kind === 'tap') return { input: 'virtio-input', mode: 'adaptive' };
  if (i.kind !== 'uplink') return null;
  switch (node.spec.uplink.driver) {
    case 'dpdk': return { input: 'dpdk-input', mode: 'polling' };
    case 'avf': return { input: 'avf-input', mode: 'polling' };
    case 'af_xdp': return { input: 'af_xdp-input', mode: 'adaptive' };
    case 'af_packet': return { input: 'af-packet-input', mode: 'adaptive' };
  }
}

function threadLabel(node: VppNode, t: number): string {
  return `${node.threadNames[t] ?? `vpp_wk_${t - 1}`} (${t})`;
}

// ---- interfaces --------------------------------------------------------------------------------

/** show interface (show_sw_interfaces): counters are the traced packets plus untraced traffic. */
export function showInt(ctx: Ctx, node: VppNode): string {
  return renderShowInterface(node, { down: ctx.faults.down.get(node.name) });
}

/** The address of an interface and the FIB it belongs to. */
function addressesOf(node: VppNode, i: VppInterface): { addr: string; fib: number } | null {
  if (i.kind === 'uplink') return { addr: `${node.ip}/24`, fib: FIB.default };
  if (i.kind === 'tap') return { addr: `${node.ip}/32`, fib: FIB.hostTap };
  if (i.kind === 'loop' && i.pod) return { addr: `${i.pod.ip}/32`, fib: node.podVrf.get(podKey(i.pod)) ?? 0 };
  return null;
}

/** The unnumbered source of an interface: pod tuns use their loopback, tunnels the uplink. */
function unnumberedOf(node: VppNode, i: VppInterface): VppInterface | null {
  if (i.unnumberedOf) return i.unnumberedOf;
  if (i.kind === 'ipip' || i.kind === 'vxlan') return node.uplink;
  return null;
}

/** show interface address (show_sw_interfaces, `address` branch). */
export function showIntAddr(ctx: Ctx, node: VppNode): string {
  const tables = new Map(node.fibTables().map((t) => [t.index, t]));
  const out: string[] = [];
  for (const i of sortedByName(node.interfaces)) {
    const state = isDown(ctx, node, i) ? 'dn' : 'up';
    const un = unnumberedOf(node, i);
    out.push(un ? `${i.name} (${state}): ${NL}  unnumbered, use ${un.name}` : `${i.name} (${state}):`);
    const src = un ?? i;
    const a = addressesOf(node, src);
    if (!a) continue;
    // The table printed is the one of the interface itself (pod tuns are in the pod VRF too).
    const fib = un && i.kind === 'tun' ? a.fib : un ? FIB.default : a.fib;
    const t = tables.get(fib);
    out.push(t && t.tableId !== 0 ? `  L3 ${a.addr} ip4 table-id ${t.tableId >>> 0} fib-idx ${t.index}` : `  L3 ${a.addr}`);
  }
  return out.join(NL) + NL;
}

/** show interface rx-placement (show_interface_rx_placement_fn). */
export function showIntRx(ctx: Ctx, node: VppNode): string {
  const queues = node.interfaces
    .map((i) => ({ i, rx: rxOf(node, i) }))
    .filter((q): q is { i: VppInterface; rx: { input: string; mode: string } } => q.rx !== null)
    .sort((a, b) => a.i.rxThread - b.i.rxThread || a.i.hwIfIndex - b.i.hwIfIndex);
  let out = '';
  let s = '';
  let prev = '';
  queues.forEach((q, k) => {
    if (q.rx.input !== prev) s += ` node ${q.rx.input}:${NL}`;
    s += `    ${q.i.name} queue 0 (${q.rx.mode})${NL}`;
    const next = queues[k + 1];
    if (!next || next.i.rxThread !== q.i.rxThread) {
      out += `Thread ${q.i.rxThread} (${node.threadNames[q.i.rxThread] ?? ''}):${NL}${s}`;
      s = '';
    }
    prev = q.rx.input;
  });
  return out;
}

// ---- hardware ----------------------------------------------------------------------------------

/** Device name (dev class format_device_name) and dev_instance of each hardware interface. */
function deviceOf(node: VppNode, i: VppInterface): { name: string; instance: number } {
  const tuns = node.interfaces.filter((x) => x.kind === 'tun');
  if (i.kind === 'tap') return { name: 'tap0', instance: 0 };
  if (i.kind === 'tun') {
    const k = tuns.indexOf(i);
    return { name: `tun${k}`, instance: k + 1 };
  }
  return { name: i.name, instance: i.kind === 'loop' ? i.tunnelId : 0 };
}

/** TX queue table: one queue shared by every thread, or (virtio tap/tun) one queue per thread. */
function txQueues(node: VppNode, hash: string, perThread = false): string[] {
  const n = node.threadNames.length;
  const rows = perThread
    ? node.threadNames.map((_, q) => `    ${left(String(q), 6)}${left('no', 7)}${q}`)
    : [`    0     ${left(n > 1 ? 'yes' : 'no', 7)}${n > 1 ? `0-${n - 1}` : '0'}`];
  return ['  TX Queues:', `    TX Hash: ${hash}`, '    queue shared thread(s)', ...rows];
}

const HASH_L34 = '[name: hash-eth-l34 priority: 50 description: Hash ethernet L34 headers]';
const HASH_5TUPLE = '[name: crc32c-5tuple  priority: 50 description: IPv4/IPv6 header and TCP/UDP ports]';

/** Packets of an interface's RX (tx) queue, from the scaled `show int` counters. */
function queuePackets(node: VppNode, i: VppInterface, dir: 'rx' | 'tx'): number {
  return dir === 'rx' ? scaled(node, `${i.name}/rx`, i.counters.rxPackets) : scaled(node, `${i.name}/tx`, i.counters.txPackets);
}

/**
 * show hardware-interfaces (verbose, the default): format_vnet_hw_interface, then the hw class
 * (format_ethernet_interface, `tun-device`, `IPIP`, `VXLAN`, `local`) and the device class formatter
 * (format_virtio_device, format_af_packet_device, format_dpdk_device, format_af_xdp_device,
 * format_avf_device).
 */
export function showHardware(ctx: Ctx, node: VppNode): string {
  const out = [centre('Name', 32) + centre('Idx', 6) + centre('Link', 8) + 'Hardware'];
  for (const i of sortedByName(node.interfaces)) {
    const dev = deviceOf(node, i);
    out.push(left(i.name, 32) + centre(String(i.hwIfIndex), 6) + centre(i.kind === 'local' ? 'down' : 'up', 8) + dev.name);
    const speed = i.kind === 'uplink' && node.spec.uplink.driver === 'dpdk' ? `${vppFloat(1)} Gbps` : i.kind === 'uplink' && node.spec.uplink.driver === 'avf' ? `${vppFloat(10)} Gbps` : 'unknown';
    out.push(`  Link speed: ${speed}`);
    const rx = rxOf(node, i);
    if (rx) {
      out.push('  RX Queues:', '    queue thread         mode', `    0     ${left(threadLabel(node, i.rxThread), 15)}${rx.mode}`);
    }
    switch (i.kind) {
      case 'local':
        out.push('  local');
        break;
      case 'loop':
        out.push(...txQueues(node, HASH_L34), `  Ethernet address ${macText(i.mac ?? [], 0)}`);
        break;
      case 'ipip':
        out.push('  IPIP');
        break;
      case 'vxlan':
        out.push('  VXLAN');
        break;
      case 'tap':
      case 'tun': {
        out.push(...txQueues(node, i.kind === 'tap' ? HASH_5TUPLE : HASH_L34, true));
        out.push(i.kind === 'tap' ? `  Ethernet address ${macText(i.mac ?? [], 0)}` : '  tun-device');
        out.push('  VIRTIO interface', `     instance ${dev.instance}`, '       RX QUEUE : Total Packets', `       ${right('0', 8)} : ${queuePackets(node, i, 'rx')}`);
        out.push('       TX QUEUE : Total Packets');
        node.threadNames.forEach((_, q) => out.push(`       ${right(String(q), 8)} : ${q === i.rxThread ? queuePackets(node, i, 'tx') : 0}`));
        break;
      }
      case 'uplink':
        out.push(...txQueues(node, HASH_L34), `  Ethernet address ${macText(i.mac ?? [], 0)}`);
        out.push(...uplinkDevice(node, i));
        break;
    }
  }
  return out.join(NL) + NL;
}

function uplinkDevice(node: VppNode, i: VppInterface): string[] {
  const rxp = queuePackets(node, i, 'rx');
  const txp = queuePackets(node, i, 'tx');
  switch (node.spec.uplink.driver) {
    case 'af_packet': {
      const next = rxp % 2560;
      return [
        '  Linux PACKET socket interface v2',
        '  FEATURES:',
        '    qdisc-bpass-enabled',
        '    cksum-gso-enabled',
        '  Host Interface Offload:',
        '    creation time:',
        '    now:',
        '  RX Queue 0:',
        `    block size:32768 nr:160  frame size:2048 nr:2560 next frame:${next}`,
        '  TX Queue 0:',
        `    block size:32768 nr:160  frame size:2048 nr:2560 next frame:${txp % 2560}`,
        '    available:2560 request:0 sending:0 wrong:0 total:2560',
      ];
    }
    case 'af_xdp':
      return [`  netdev ${node.uplinkLinuxName}`, '  flags: initialized admin-up link-up '];
    case 'avf':
      return [
        '  rx: queues 1, desc 1024 (min 64 max 4096)',
        '  tx: queues 3, desc 1024 (min 64 max 4096)',
        '  flags: initialized admin-up vaddr-dma link-up rx-interrupts',
        '  capability flags: l2 adv-link-speed vlan rx-polling rss-pf',
        '       Rx Queue: Total Packets',
        `       ${right('0', 8)} : ${rxp}`,
        '       Tx Queue: Total Packets\t Total Drops',
        ...node.threadNames.map((_, q) => `       ${right(String(q), 8)} : ${q === 0 ? txp : 0}\t 0`),
        '  num-queue-pairs 4 max-vectors 5 max-mtu 0 rss-key-size 52 rss-lut-size 64',
        '  speed 10 Gbps',
        '  stats:',
        `    ${left('rx bytes', 20)} ${scaled(node, `${i.name}/rxb`, i.counters.rxBytes)}`,
        `    ${left('rx unicast', 20)} ${rxp}`,
        `    ${left('tx bytes', 20)} ${scaled(node, `${i.name}/txb`, i.counters.txBytes)}`,
        `    ${left('tx unicast', 20)} ${txp}`,
      ];
    case 'dpdk': {
      const pci = node.spec.uplink.interface.replace(/^\D+/, '').split('/').map(Number);
      const addr = `0000:${hex(pci[0] ?? 0, 2)}:${hex(pci[1] ?? 0, 2)}.${hex(pci[2] ?? 0, 2)}`;
      return [
        '  Intel 82540EM (e1000)',
        `    carrier up full duplex max-frame-size 2048 `,
        '    flags: admin-up maybe-multiseg tx-offload intel-phdr-cksum rx-ip4-cksum int-supported',
        '    rx: queues 1 (max 1), desc 1024 (min 32 max 4096 align 8)',
        '    tx: queues 3 (max 1), desc 1024 (min 32 max 4096 align 8)',
        `    pci: device 8086:100e subsystem 8086:001e address ${addr} numa 0`,
        '    max rx packet len: 16128',
        '    promiscuous: unicast off all-multicast on',
        '    vlan offload: strip off filter off qinq off',
        '    rx offload avail:  vlan-strip ipv4-cksum udp-cksum tcp-cksum vlan-filter ',
        '                       scatter ',
        '    rx offload active: ipv4-cksum scatter ',
        '    tx offload avail:  vlan-insert ipv4-cksum udp-cksum tcp-cksum multi-segs ',
        '    tx offload active: ipv4-cksum udp-cksum tcp-cksum multi-segs ',
        '    rss avail:         none',
        '    rss active:        none',
        '    tx burst function: (not available)',
        '    rx burst function: (not available)',
        '',
        `    ${left('rx_good_packets', 40)}${right(String(rxp), 16)}`,
        `    ${left('tx_good_packets', 40)}${right(String(txp), 16)}`,
        `    ${left('rx_good_bytes', 40)}${right(String(scaled(node, `${i.name}/rxb`, i.counters.rxBytes)), 16)}`,
        `    ${left('tx_good_bytes', 40)}${right(String(scaled(node, `${i.name}/txb`, i.counters.txBytes)), 16)}`,
      ];
    }
  }
}

// ---- runtime -----------------------------------------------------------------------------------

interface RunRow {
  name: string;
  state: string;
  calls: number;
  vectors: number;
  suspends: number;
  clocks: number;
}

/** Clocks per vector of the graph nodes (typical magnitudes on a 2-3 GHz core). */
function clocksOf(name: string, key: string): number {
  const base = /^(ip4-input|ip4-lookup|ip4-rewrite|lookup-ip4-dst|error-drop|drop)/.test(name) ? 90
    : /^cnat|^acl-plugin/.test(name) ? 320
      : /-tx$/.test(name) ? 650
        : /-output$|^gso-ip4/.test(name) ? 60
          : /-input$/.test(name) ? 900 : 180;
  return base * (1 + pick(key, 100) / 100);
}

/** How busy the simulated VPP is: vectors per call and packets per second on its input nodes. */
export interface LoadProfile {
  vectorsPerCall: number;
  packetsPerSecond: number;
}

/** A node forwarding little more than the scenario's own traffic. */
export const IDLE_LOAD: LoadProfile = { vectorsPerCall: 1.05, packetsPerSecond: 12 };
/** A node forwarding real production traffic (the capture code warns before tracing here). */
export const BUSY_LOAD: LoadProfile = { vectorsPerCall: 48.7, packetsPerSecond: 2_400_000 };

export interface RuntimeOptions {
  /** Traffic on top of the scenario's (spread over the threads that poll input queues). */
  load?: LoadProfile;
  /** Seconds since `clear runtime` (default: since VPP started); counters cover that share. */
  seconds?: number;
}

/** show runtime (show_node_runtime, format_vlib_node_stats; 25.10 layout, quoted process states). */
export function showRun(ctx: Ctx, node: VppNode, opts: RuntimeOptions = {}): string {
  const threads = node.threadNames.length;
  const sinceStart = uptimeS(node, ctx.exportUs);
  const uptime = Math.max(0.1, Math.min(opts.seconds ?? sinceStart, sinceStart));
  const share = uptime / sinceStart;
  const load = opts.load;
  const inputThreads = new Set(node.interfaces.filter((i) => rxOf(node, i)).map((i) => i.rxThread)).size || 1;
  const perThread: Map<string, { vectors: number }>[] = node.threadNames.map(() => new Map());
  for (const r of recordsOf(ctx, node)) {
    const m = perThread[r.thread];
    if (!m) continue;
    for (const h of r.hops) {
      const e = m.get(h.node) ?? { vectors: 0 };
      e.vectors++;
      m.set(h.node, e);
    }
    for (const v of r.visits) if (!r.hops.some((h) => h.node === v.node)) m.set(v.node, { vectors: (m.get(v.node)?.vectors ?? 0) + 1 });
  }
  const blocks: string[] = [];
  for (let t = 0; t < threads; t++) {
    const rows: RunRow[] = [];
    const m = perThread[t] ?? new Map();
    const loops = 480_000 + pick(`${node.name}/${t}/loops`, 4_000_000);
    // Input nodes of the queues this thread polls.
    const inputs = new Map<string, { mode: string; packets: number }>();
    for (const i of node.interfaces) {
      const rx = rxOf(node, i);
      if (!rx || i.rxThread !== t) continue;
      const e = inputs.get(rx.input) ?? { mode: rx.mode, packets: 0 };
      e.packets += Math.round(queuePackets(node, i, 'rx') * share);
      inputs.set(rx.input, e);
    }
    // The extra load of this thread, on its busiest input node.
    const extra = load && inputs.size > 0 ? Math.round((load.packetsPerSecond / inputThreads) * uptime) : 0;
    let inPkts = 0;
    let dropPkts = Math.round(extra * 0.02);
    let outPkts = extra - dropPkts;
    let first = true;
    for (const [name, e] of inputs) {
      const polling = e.mode === 'polling';
      const vectors = e.packets + (first ? extra : 0);
      const calls = first && extra > 0 && load ? Math.round(vectors / load.vectorsPerCall) : polling ? Math.round(uptime * loops) : Math.max(1, Math.round(e.packets / 1.1));
      first = false;
      rows.push({ name, state: polling || extra > 0 ? 'polling' : 'interrupt wa', calls, vectors, suspends: 0, clocks: polling ? 4.1e3 : clocksOf(name, `${node.name}/${name}`) });
      inPkts += vectors;
    }
    for (const [name, e] of m) {
      if (inputs.has(name) || /^(virtio|dpdk|af-packet|af_xdp|avf)-input$/.test(name)) continue;
      const vectors = Math.round(scaled(node, `${t}/${name}`, e.vectors) * share);
      const vpc = 1 + pick(`${node.name}/${t}/${name}/vpc`, 40) / 100;
      rows.push({ name, state: 'active', calls: Math.max(1, Math.round(vectors / vpc)), vectors, suspends: 0, clocks: clocksOf(name, `${node.name}/${t}/${name}`) });
      if (name === 'drop') dropPkts += vectors;
      if (/-tx$/.test(name)) outPkts += vectors;
    }
    rows.push({ name: 'unix-epoll-input', state: 'polling', calls: Math.round(uptime * loops / (t === 0 ? 1 : 1024)), vectors: 0, suspends: 0, clocks: 2.1e3 + pick(`${node.name}/${t}/epoll`, 900) });
    if (t === 0) {
      rows.push(
        { name: 'api-rx-from-ring', state: '"any wait"', calls: 0, vectors: 0, suspends: Math.round(uptime * 0.2), clocks: 7.2e4 },
        { name: 'fib-walk', state: '"any wait"', calls: 0, vectors: 0, suspends: Math.round(uptime / 10), clocks: 5.3e3 },
        { name: 'ip-neighbor-scan-process', state: '"any wait"', calls: 0, vectors: 0, suspends: Math.round(uptime / 60), clocks: 8.8e3 },
        { name: 'statseg-collector-process', state: '"time wait"', calls: 0, vectors: 0, suspends: Math.round(uptime * 10), clocks: 1.1e5 },
        { name: 'unix-cli-process-0', state: '"running"', calls: 0, vectors: 0, suspends: 3, clocks: 2.4e5 },
      );
    }
    rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const lines: string[] = [];
    if (threads > 1) {
      if (t > 0) lines.push('---------------');
      lines.push(`Thread ${t} ${node.threadNames[t]} (lcore ${t + 1})`);
    }
    const rate = (n: number) => n / Math.max(uptime, 1);
    const ivr = extra > 0 && load ? load.vectorsPerCall : inPkts > 0 ? 1 + pick(`${node.name}/${t}/ivr`, 30) / 100 : 0;
    lines.push(`Time ${uptime.toFixed(1)}, ${vppFloat(10)} sec internal node vector rate ${ivr.toFixed(2)} loops/sec ${(loops + pick(`${node.name}/${t}/lf`, 99) / 100).toFixed(2)}`);
    lines.push(`  vector rates in ${vppExp(rate(inPkts), 4)}, out ${vppExp(rate(outPkts), 4)}, drop ${vppExp(rate(dropPkts), 4)}, punt ${vppExp(0, 4)}`);
    lines.push(centre('Name', 30) + centre('State', 12) + centre('Calls', 16) + centre('Vectors', 16) + centre('Suspends', 16) + centre('Clocks', 16) + centre('Vectors/Call', 16));
    for (const r of rows) {
      if (r.calls === 0 && r.suspends === 0) continue;
      const x = r.clocks;
      const v = r.calls > 0 ? r.vectors / r.calls : 0;
      lines.push(left(r.name, 30) + centre(r.state, 12) + right(String(r.calls), 16) + right(String(r.vectors), 16) + right(String(r.suspends), 16) + right(vppExp(x, 2), 16) + right(v.toFixed(2), 16));
    }
    blocks.push(lines.join(NL));
  }
  return blocks.join(NL) + NL;
}

// ---- errors ------------------------------------------------------------------------------------

const BASELINE: { node: string; desc: string; per: number }[] = [
  { node: 'arp-reply', desc: 'ARP replies sent', per: 7 },
  { node: 'ip4-glean', desc: 'ARP requests sent', per: 2 },
  { node: 'ip6-icmp-input', desc: 'neighbor advertisements sent', per: 5 },
  { node: 'ip6-icmp-input', desc: 'neighbor solicitations for unknown targets', per: 11 },
];

/** show errors (show_errors): one row per thread and counter that is not zero, node order; none after `clear errors`. */
export function showErr(ctx: Ctx, node: VppNode, cleared = false): string {
  const counts: Map<string, number>[] = node.threadNames.map(() => new Map());
  const bump = (t: number, node: string, desc: string, n = 1) => {
    const m = counts[t];
    if (m) m.set(`${node}: ${desc}`, (m.get(`${node}: ${desc}`) ?? 0) + n);
  };
  for (const r of recordsOf(ctx, node)) {
    const nodes = r.hops.map((h) => h.node);
    if (r.dropReason) bump(r.thread, r.dropReason.split(': ')[0] ?? '', r.dropReason.slice(r.dropReason.indexOf(': ') + 2));
    for (const n of new Set(nodes)) {
      if (n === 'ipip4-input') bump(r.thread, n, 'packets decapsulated');
      if (n === 'vxlan4-input') bump(r.thread, n, 'good packets decapsulated');
      if (n === 'tcp4-input') bump(r.thread, n, 'Packets punted');
      if (n === 'ip4-udp-lookup' && nodes.includes('ip4-punt')) bump(r.thread, n, 'No listener punt');
      if (n.startsWith('acl-plugin-')) {
        bump(r.thread, n, 'checked packets');
        if (r.dropReason !== `${n}: ACL deny packets`) bump(r.thread, n, 'ACL permit packets');
      }
    }
  }
  const main = node.threadNames.length > 1 ? 1 : 0;
  BASELINE.forEach((b) => bump(main, b.node, b.desc, 0));
  const order = new Map<string, number>(ERROR_COUNTERS.map((c, k) => [`${c.node}: ${c.desc}`, k]));
  const byReason = new Map<string, ErrorCounter>(ERROR_COUNTERS.map((c) => [`${c.node}: ${c.desc}`, c]));
  const out = [centre('Count', 10) + centre('Node', 35) + centre('Reason', 35) + centre('Severity', 10)];
  if (cleared) return out.join(NL) + NL;
  counts.forEach((m, t) => {
    const keys = [...m.keys()].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999));
    for (const k of keys) {
      const c = byReason.get(k);
      if (!c) continue;
      const base = BASELINE.find((b) => `${b.node}: ${b.desc}` === k);
      const n = base ? scaled(node, `${t}/${k}`, 0, base.per * 10) : scaled(node, `${t}/${k}`, m.get(k) ?? 0, 0);
      if (n === 0) continue;
      out.push(right(String(n), 10).slice(0, 10) + centre(c.node, 35) + centre(c.desc, 35) + centre(c.severity, 10));
    }
  });
  return out.join(NL) + NL;
}

// ---- buffers -----------------------------------------------------------------------------------

/** show buffers (show_buffers, format_vlib_buffer_pool): Calico's buffers-per-numa 131072. */
export function showBuffers(ctx: Ctx, node: VppNode): string {
  const total = 131072;
  const cached = 512 * (node.threadNames.length);
  const exhausted = ctx.faults.noBuffers.has(node.name);
  const used = exhausted ? total - cached : 2000 + pick(`${node.name}/bufused`, 3000);
  const avail = total - cached - used;
  const head = left('Pool Name', 20) + centre('Index', 6) + centre('NUMA', 6) + centre('Size', 6) + centre('Data Size', 11) + centre('Total', 6) + centre('Avail', 8) + centre('Cached', 8) + centre('Used', 8);
  const row = left('default-numa-0', 20) + centre('0', 6) + centre('0', 6) + centre('2304', 6) + centre('2048', 11) + centre(String(total), 6) + centre(String(avail), 8) + centre(String(cached), 8) + centre(String(used), 8);
  return head + NL + row + NL;
}

// ---- tun ---------------------------------------------------------------------------------------

/** show tun (virtio_show, ≤ 25.10: tun devices only). */
export function showTun(ctx: Ctx, node: VppNode): string {
  const out: string[] = [];
  const threads = node.threadNames.length;
  for (const i of node.interfaces.filter((x) => x.kind === 'tun')) {
    const dev = deviceOf(node, i);
    const fd = 40 + dev.instance * (threads + 6);
    const up = !isDown(ctx, node, i);
    const used = queuePackets(node, i, 'rx') % 65536;
    out.push(
      `Interface: ${i.name} (ifindex ${i.hwIfIndex})`,
      '  name "eth0"',
      `  host-ns "/var/run/netns/cni-${netnsUuid(i.pod ?? { namespace: '', name: i.name })}"`,
      `  host-mtu-size "${i.mtu}"`,
      '  host-carrier-up: 1',
      `  vhost-fds ${Array.from({ length: threads }, (_, k) => fd + 1 + k).join(' ')}`,
      `  tap-fds ${fd}`,
      '  gso-enabled 1',
      '  csum-enabled 0',
      '  packet-coalesce 1',
      '  packet-buffering 0',
      '  rss-enabled 0',
      `  Device instance: ${dev.instance}`,
      `  flags 0x${up ? 1 : 0}`,
      ...(up ? ['    admin-up (0)'] : []),
      '  features 0x110008000',
      '    VIRTIO_NET_F_MRG_RXBUF (15)',
      '    VIRTIO_RING_F_INDIRECT_DESC (28)',
      '    VIRTIO_F_VERSION_1 (32)',
      '  remote-features 0x1033d008000',
      '    VIRTIO_NET_F_MRG_RXBUF (15)',
      '    VIRTIO_F_NOTIFY_ON_EMPTY (24)',
      '    VHOST_F_LOG_ALL (26)',
      '    VIRTIO_F_ANY_LAYOUT (27)',
      '    VIRTIO_RING_F_INDIRECT_DESC (28)',
      '    VIRTIO_RING_F_EVENT_IDX (29)',
      '    VIRTIO_F_VERSION_1 (32)',
      '    VIRTIO_F_IOMMU_PLATFORM (33)',
      '    VIRTIO_NET_F_RING_RESET (40)',
      '  Number of RX Virtqueue  1',
      `  Number of TX Virtqueue  ${threads}`,
      '  Virtqueue (RX) 0',
      `    qsz 1024, last_used_idx ${used}, desc_next ${used % 1024}, desc_in_use 1024`,
      `    avail.flags 0x0 avail.idx ${used + 1024} used.flags 0x1 used.idx ${used}`,
      `    kickfd ${fd + threads + 2}, callfd ${fd + threads + 1}`,
    );
    for (let q = 0; q < threads; q++) {
      const n = q === i.rxThread ? queuePackets(node, i, 'tx') % 65536 : 0;
      out.push(
        `  Virtqueue (TX) ${2 * q + 1}`,
        `    qsz 1024, last_used_idx ${n}, desc_next ${n % 1024}, desc_in_use 0`,
        `    avail.flags 0x1 avail.idx ${n} used.flags 0x0 used.idx ${n}`,
        `    kickfd ${fd + threads + 3 + q}, callfd -1`,
        '    packet-coalesce: enable',
        '      flow-table: size 0 gro-total-vectors 0 gro-n-vectors 0 gro-average-rate 0.00',
      );
    }
  }
  return out.join(NL) + (out.length ? NL : '');
}

// ---- cnat --------------------------------------------------------------------------------------

/** The VIPs cnat serves on a node: ClusterIPs, NodePorts (local backends), the API server, faults. */
export function cnatTranslations(ctx: Ctx, node: VppNode): string[] {
  const sim = ctx.sim;
  const c = sim.cluster;
  const lines: string[] = [];
  const apiPort = 6443;
  const first = c.spec.nodes[0];
  if (first) lines.push(...sim.translationLines(node, 'TCP', 'default/kubernetes', '10.96.0.1', 443, [{ ip: first.ip, port: apiPort }]));
  for (const s of c.spec.services) {
    const key = `${s.namespace}/${s.name}`;
    lines.push(...sim.translationText(node, s, s.backends, key, s.clusterIP, s.port));
    if (s.nodePort !== undefined) {
      const local = s.backends.filter((b) => c.pod(b).node === node.name);
      lines.push(...sim.translationText(node, s, local, `${key}/nodeport`, node.ip, s.nodePort));
    }
  }
  for (const o of ctx.faults.orphans) lines.push(...sim.translationLines(node, o.protocol, `${o.namespace}/${o.name}`, o.clusterIP, o.port, []));
  return lines;
}

/** show cnat translation (cnat_translation_show, format_cnat_translation): pool order, by index. */
export function showCnatTranslation(ctx: Ctx, node: VppNode): string {
  const blocks: { index: number; lines: string[] }[] = [];
  for (const l of cnatTranslations(ctx, node)) {
    const m = /^\[(\d+)\] /.exec(l);
    if (m) blocks.push({ index: Number(m[1]), lines: [l] });
    else blocks[blocks.length - 1]?.lines.push(l);
  }
  blocks.sort((a, b) => a.index - b.index);
  return blocks.map((b) => b.lines.join(NL) + NL).join('');
}

function sessionsOf(ctx: Ctx, node: VppNode): CnatSession[] {
  return [...(ctx.sim.sessions.get(node.name)?.values() ?? [])];
}

const CNAT_LIFETIME_S = 30;

/** show cnat session verbose (cnat_session_show: the bihash with format_cnat_session, ≤ 26.02). */
export function showCnatSession(ctx: Ctx, node: VppNode): string {
  const now = uptimeS(node, ctx.exportUs);
  const live = sessionsOf(ctx, node).filter((s) => uptimeS(node, s.lastUs) + CNAT_LIFETIME_S > now);
  const buckets = live
    .map((s) => ({ s, b: hashString(`${s.location}|${s.key.proto}|${s.key.src};${s.key.srcPort}|${s.key.dst};${s.key.dstPort}`) % 1024 }))
    .sort((a, b) => a.b - b.b);
  const out = [`CNat Sessions: now:${vppFloat(now)}`, "Hash table 'CNat Session DB'"];
  const used = new Map<number, number>();
  let offset = 36123480;
  for (const { s, b } of buckets) {
    const k = used.get(b) ?? 0;
    used.set(b, k + 1);
    if (k === 0) {
      out.push(`[${b}]: heap offset ${offset}, len 1, refcnt ${1 + buckets.filter((x) => x.b === b).length}, linear 0`);
      offset += 400;
    }
    const age = uptimeS(node, s.lastUs) + CNAT_LIFETIME_S;
    out.push(`    ${k}: session:[${s.key.src};${s.key.srcPort} -> ${s.key.dst};${s.key.dstPort}, ${s.key.proto}] => ${s.value.src};${s.value.srcPort} -> ${s.value.dst};${s.value.dstPort} ${s.location} lb:${s.lb} age:${vppFloat(age)}`);
  }
  out.push(`    ${live.length} active elements ${used.size} active buckets`, '    1 free lists', '       [len 1] 0 free elts', '    0 linear search buckets', '    heap: 1 chunk(s) allocated', '          bytes: used 128k, scrap 118.75k', '');
  return out.join(NL) + NL;
}

/** The cnat clients of a node (one per VIP that is not a node address), in client index order. */
function cnatClients(ctx: Ctx, node: VppNode): { index: number; ip: string; tr: number; sess: number }[] {
  const vips = new Map<string, number>();
  for (const l of cnatTranslations(ctx, node)) {
    const m = /^\[\d+\] ([\d.]+);/.exec(l);
    if (m && m[1] !== node.ip) vips.set(m[1] ?? '', (vips.get(m[1] ?? '') ?? 0) + 1);
  }
  const sess = sessionsOf(ctx, node);
  return [...vips].map(([ip, tr]) => ({ index: node.indices.get('client', ip), ip, tr, sess: sess.filter((x) => x.key.dst === ip && x.location === 'input').length })).sort((a, b) => a.index - b.index);
}

/** show cnat client (cnat_client_show, format_cnat_client): one client per VIP. */
export function showCnatClient(ctx: Ctx, node: VppNode): string {
  const clients = cnatClients(ctx, node);
  return clients.map((c) => `[${c.index}] cnat-client:[${c.ip}] tr:${c.tr} sess:${c.sess} locks:${c.tr + 1} exclusive${NL}`).join('') + `${clients.length} clients${NL}`;
}

/** show cnat snat-policy (cnat_show_snat): source NAT to the node address, cluster prefixes excluded. */
export function showCnatSnat(ctx: Ctx, node: VppNode): string {
  const c = ctx.sim.cluster.spec;
  const prefixes = [...c.nodes.map((n) => n.podCidr), '10.96.0.0/12'].map((p) => ({ p, b: hashString(p) % 1024 })).sort((a, b) => a.b - b.b);
  const lines = ['Source NAT', `  ip4: ${node.ip};0`, '  ip6: ::;0', '', ''];
  lines.push('Excluded prefixes:', "  Hash table 'snat prefixes'");
  prefixes.forEach(({ p, b }, k) => {
    lines.push(`[${b}]: heap offset ${4808 + 64 * k}, len 1, refcnt 2, linear 0`, `    0: ${p}`);
  });
  lines.push(`    ${prefixes.length} active elements ${prefixes.length} active buckets`, '    1 free lists', '       [len 1] 0 free elts', '    0 linear search buckets', '    heap: 1 chunk(s) allocated', '          bytes: used 64k, scrap 63.23k', '');
  // Interface maps, in cnat_snat_interface_map_type order; pod loopbacks and tuns are registered as pods.
  const pods = node.interfaces.filter((i) => i.kind === 'tun' || i.kind === 'loop').sort((a, b) => a.swIfIndex - b.swIfIndex);
  const maps: [string, VppInterface[]][] = [['Included v4', []], ['Included v6', []], ['k8s pod', pods], ['k8s host', [node.tap0]]];
  for (const [name, list] of maps) {
    lines.push('', `${name} interfaces:`);
    for (const i of list) lines.push(`  ${i.name}`);
  }
  return lines.join(NL) + NL;
}

/** show cnat timestamp (cnat_timestamp_show): the session timestamp pools. */
export function showCnatTimestamp(ctx: Ctx, node: VppNode): string {
  const n = Math.ceil(sessionsOf(ctx, node).length / 2);
  return `-- Pool 0 [${n}/1024]${NL}Total timestamps ${n}${NL}`;
}

// ---- npol --------------------------------------------------------------------------------------

interface NpolRule {
  id: number;
  text: string;
}

interface NpolModel {
  ipsets: string[];
  rules: NpolRule[];
  policies: { id: number; rx: number[]; tx: number[] }[];
  interfaces: { iface: VppInterface; addr: string; rx: number[]; tx: number[]; profiles: number[] }[];
}

/**
 * Calico's policies as the agent programs npol: per namespace a profile (allow everything), per
 * policy spec a policy with its deny rule and an allow-all rule. For a pod tun `rx` is what VPP
 * receives from the pod (its egress) and `tx` what it sends to it (its ingress).
 */
function npolModel(ctx: Ctx, node: VppNode): NpolModel {
  const c = ctx.sim.cluster.spec;
  const m: NpolModel = { ipsets: [], rules: [], policies: [], interfaces: [] };
  const rule = (text: string) => {
    const id = m.rules.length;
    m.rules.push({ id, text: `[rule#${id};${text}` });
    return id;
  };
  const local = c.pods.filter((p) => p.node === node.name);
  const localKeys = new Set(local.map(podKey));
  const namespaces = [...new Set(local.map((p) => p.namespace))].sort();
  const profile = new Map<string, number>();
  for (const ns of namespaces) {
    const id = m.policies.length;
    m.policies.push({ id, tx: [rule('allow][]')], rx: [rule('allow][]')] });
    profile.set(ns, id);
  }
  const byPod = new Map<string, { rx: number[]; tx: number[] }>();
  // The agent programs the policies of this node's endpoints only (felix sends the active ones).
  for (const p of (c.policies ?? []).filter((x) => localKeys.has(x.pod))) {
    const id = m.policies.length;
    const proto = p.protocol ? `proto==${p.protocol},` : '';
    const port = p.port !== undefined ? `dst==${p.port},` : '';
    const deny = rule(`deny][${proto}${port}]`);
    const allow = rule('allow][]');
    // A policy's rules apply on the direction of the pod's ingress (tx) or egress (rx).
    const pol = { id, rx: p.direction === 'egress' ? [deny, allow] : [], tx: p.direction === 'ingress' ? [deny, allow] : [] };
    m.policies.push(pol);
    const e = byPod.get(p.pod) ?? { rx: [], tx: [] };
    if (p.direction === 'egress') e.rx.push(id);
    else e.tx.push(id);
    byPod.set(p.pod, e);
  }
  const podIps = c.pods.map((p) => `${p.ip}`);
  m.ipsets.push(`[ipset#0;ip;${podIps.map((ip) => `${ip},`).join('')}]`);
  for (const i of node.interfaces.filter((x) => x.kind === 'tun' && x.pod).sort((a, b) => a.swIfIndex - b.swIfIndex)) {
    const p = i.pod!;
    const pol = byPod.get(podKey(p)) ?? { rx: [], tx: [] };
    m.interfaces.push({ iface: i, addr: p.ip, rx: pol.rx, tx: pol.tx, profiles: [profile.get(p.namespace) ?? 0] });
  }
  return m;
}

function ruleText(m: NpolModel, id: number): string {
  return m.rules[id]?.text ?? 'deleted rule';
}

/** format_npol_policy, verbose, only one direction (the interface view). */
function policyLines(m: NpolModel, id: number, only: 'rx' | 'tx' | 'both', indent: number): string[] {
  const p = m.policies[id];
  if (!p) return ['deleted policy'];
  const out = [`[policy#${id}]`];
  if (only !== 'rx') for (const r of p.tx) out.push(`${sp(indent + 2)}tx:${ruleText(m, r)}`);
  if (only !== 'tx') for (const r of p.rx) out.push(`${sp(indent + 2)}rx:${ruleText(m, r)}`);
  return out;
}

/** show npol interfaces (npol_interface_show_cmd_fn, format_npol_interface). */
export function showNpolInterfaces(ctx: Ctx, node: VppNode): string {
  const m = npolModel(ctx, node);
  const out = ['Interfaces with policies configured:'];
  for (const e of m.interfaces) {
    out.push(`[${e.iface.name} sw_if_index=${e.iface.swIfIndex}  addr=${e.addr}]`);
    if (e.rx.length) out.push('  rx:');
    out.push(`   rx-policy-default:${e.rx.length ? 1 : 0} rx-profile-default:1 `);
    for (const id of e.rx) out.push(...policyLines(m, id, 'rx', 4).map((l, k) => (k === 0 ? `    ${l}` : l)));
    if (e.tx.length) out.push('  tx:');
    out.push(`   tx-policy-default:${e.tx.length ? 1 : 0} tx-profile-default:1 `);
    for (const id of e.tx) out.push(...policyLines(m, id, 'tx', 4).map((l, k) => (k === 0 ? `    ${l}` : l)));
    if (e.profiles.length) out.push('  profiles:');
    for (const id of e.profiles) out.push(...policyLines(m, id, 'both', 4).map((l, k) => (k === 0 ? `    ${l}` : l)));
  }
  return out.join(NL) + NL;
}

/** show npol policies verbose (npol_policies_show_cmd_fn, format_npol_policy). */
export function showNpolPolicies(ctx: Ctx, node: VppNode): string {
  const m = npolModel(ctx, node);
  return m.policies.map((p) => policyLines(m, p.id, 'both', 0).join(NL) + NL).join('');
}

/** show npol rules (format_npol_rule). */
export function showNpolRules(ctx: Ctx, node: VppNode): string {
  return npolModel(ctx, node).rules.map((r) => r.text + NL).join('');
}

/** show npol ipsets (format_npol_ipset). */
export function showNpolIpsets(ctx: Ctx, node: VppNode): string {
  return npolModel(ctx, node).ipsets.map((s) => s + NL).join('');
}

// ---- tunnels -----------------------------------------------------------------------------------

/** show ipip tunnel (format_ipip_tunnel), or its empty message. */
export function showIpipTunnel(ctx: Ctx, node: VppNode): string {
  const t = node.interfaces.filter((i) => i.kind === 'ipip');
  if (t.length === 0) return `No IPIP tunnels configured...${NL}`;
  return t.map((i) => `[${i.tunnelId}] instance ${i.tunnelId} src ${node.ip} dst ${ctx.sim.cluster.node(i.peer ?? '').ip} table-ID 0 sw-if-idx ${i.swIfIndex} flags [none] dscp CS0${NL}`).join('');
}

/** show vxlan tunnel (format_vxlan_tunnel), or its empty message. */
export function showVxlanTunnel(ctx: Ctx, node: VppNode): string {
  const t = node.interfaces.filter((i) => i.kind === 'vxlan');
  if (t.length === 0) return `No vxlan tunnels configured...${NL}`;
  const vni = ctx.sim.cluster.spec.vxlanVni ?? 4096;
  return t.map((i) => {
    const peer = ctx.sim.cluster.node(i.peer ?? '');
    const dpo = node.indices.get('adj', `${node.uplink.name}/${peer.ip}`);
    return `[${i.tunnelId}] instance ${i.tunnelId} src ${node.ip} dst ${peer.ip} src_port 4789 dst_port 4789 vni ${vni} fib-idx 0 sw-if-idx ${i.swIfIndex} encap-dpo-idx ${dpo} ${NL}`;
  }).join('');
}

// ---- FIB ---------------------------------------------------------------------------------------

interface FibEntry {
  prefix: string;
  lines: string[];
}

function lbLine(node: VppNode, key: string, buckets: number): string {
  const lb = node.indices.get('lb', key);
  const urpf = node.indices.get('urpf', key);
  const h = hashString(`${node.name}/lb/${lb}`);
  const pkts = h % 4000;
  return `  [@0]: dpo-load-balance: [proto:ip4 index:${lb} buckets:${buckets} uRPF:${urpf} to:[${pkts}:${pkts * (60 + (h % 200))}]]`;
}

function fwdLines(node: VppNode, fwd: Forwarding, tables: Map<number, string>, ip: string): string[] {
  switch (fwd.kind) {
    case 'drop': return ['    [0] [@0]: dpo-drop ip4'];
    case 'receive': return [`    [0] [@13]: dpo-receive: ${ip} on ${node.uplink.name}`];
    case 'lookup': return [`    [0] [@12]: dst-address,unicast lookup in ${tables.get(fwd.fib) ?? ''}`];
    case 'ipip': {
      const a = node.adjacencyText(fwd, 8);
      return [`    [0] [@6]: ${a[0] ?? ''}`, ...a.slice(1)];
    }
    default: {
      const a = node.adjacencyText(fwd, 8);
      return [`    [0] [@5]: ${a[0] ?? ''}`, ...a.slice(1)];
    }
  }
}

function entry(node: VppNode, fib: number, prefix: string, fwd: Forwarding, tables: Map<number, string>): FibEntry {
  const ip = prefix.split('/')[0] ?? '';
  return { prefix, lines: [prefix, '  unicast-ip4-chain', lbLine(node, `${fib}/${prefix}`, 1), ...fwdLines(node, fwd, tables, ip)] };
}

function prefixOrder(a: FibEntry, b: FibEntry): number {
  const pa = parseCidr(a.prefix);
  const pb = parseCidr(b.prefix);
  return pa.base - pb.base || pa.len - pb.len;
}

const SPECIAL = ['0.0.0.0/32', '224.0.0.0/4', '240.0.0.0/4', '255.255.255.255/32'];

/** show ip fib (ip4_show_fib, format_fib_entry): every table, as Calico programs them. */
export function showIpFib(ctx: Ctx, node: VppNode): string {
  const c = ctx.sim.cluster;
  const tables = node.fibTables();
  const names = new Map(tables.map((t) => [t.index, t.name]));
  const out: string[] = [];
  const drop: Forwarding = { kind: 'drop' };
  const localPods = c.spec.pods.filter((p) => p.node === node.name);
  for (const t of tables) {
    const es: FibEntry[] = [];
    const special = () => SPECIAL.forEach((p) => es.push(entry(node, t.index, p, drop, names)));
    if (t.index === FIB.default || t.index === FIB.pods) {
      es.push(entry(node, t.index, '0.0.0.0/0', t.index === FIB.pods ? { kind: 'lookup', fib: FIB.default } : node.lookup(FIB.default, '1.1.1.1').fwd, names));
      special();
      for (const p of localPods) es.push(entry(node, t.index, `${p.ip}/32`, { kind: 'tun', iface: node.iface(p.tun) }, names));
      es.push(entry(node, t.index, node.spec.podCidr, drop, names));
      for (const other of c.spec.nodes) if (other.name !== node.name) es.push(entry(node, t.index, other.podCidr, node.towards(other), names));
      if (t.index === FIB.default) {
        es.push(entry(node, t.index, `${node.ip}/32`, { kind: 'receive' }, names));
        for (const other of c.spec.nodes) {
          if (other.name === node.name) continue;
          es.push(entry(node, t.index, `${other.ip}/32`, node.lookup(FIB.default, other.ip).fwd, names));
        }
        for (const cl of cnatClients(ctx, node)) {
          const lines = [`${cl.ip}/32`, '  unicast-ip4-chain', lbLine(node, `${t.index}/${cl.ip}/32`, 1), `    [0] [@21]: [${cl.index}] cnat-client:[${cl.ip}] tr:${cl.tr} sess:${cl.sess} locks:${cl.tr + 1} exclusive`];
          es.push({ prefix: `${cl.ip}/32`, lines });
        }
      }
    } else if (t.index === FIB.punt) {
      es.push(entry(node, t.index, '0.0.0.0/0', drop, names));
      special();
      es.push({ prefix: `${node.ip}/32`, lines: [`${node.ip}/32`, '  unicast-ip4-chain', lbLine(node, `${t.index}/${node.ip}/32`, 1), ...fwdLines(node, { kind: 'tun', iface: node.tap0 }, names, node.ip)] });
    } else if (t.index === FIB.hostTap) {
      es.push(entry(node, t.index, '0.0.0.0/0', { kind: 'lookup', fib: FIB.pods }, names));
      special();
      es.push(entry(node, t.index, `${node.ip}/32`, { kind: 'receive' }, names));
    } else {
      const pod = localPods.find((p) => node.podVrf.get(podKey(p)) === t.index || node.podVrf.get(podKey(p)) === t.index - 1);
      es.push(entry(node, t.index, '0.0.0.0/0', (node.podVrf.get(pod ? podKey(pod) : '') ?? -1) === t.index ? { kind: 'lookup', fib: FIB.pods } : drop, names));
      special();
    }
    es.sort(prefixOrder);
    out.push(`${t.name}, fib_index:${t.index}, flow hash:[src dst sport dport proto flowlabel ] epoch:0 flags:none locks:[${t.index === FIB.default ? 'adjacency:1, recursive-resolution:1, default-route:1, ' : 'interface:2, API:1, '}]`);
    for (const e of es) out.push(...e.lines);
  }
  return out.join(NL) + NL;
}

// ---- log ---------------------------------------------------------------------------------------

const PLUGINS: [string, string][] = [
  ['abf_plugin.so', 'Access Control List (ACL) Based Forwarding'],
  ['acl_plugin.so', 'Access Control Lists (ACL)'],
  ['adl_plugin.so', 'Allow/deny list plugin'],
  ['af_packet_plugin.so', 'af-packet'],
  ['af_xdp_plugin.so', 'AF_XDP Device Plugin'],
  ['arping_plugin.so', 'Arping (arping)'],
  ['avf_plugin.so', 'Intel Adaptive Virtual Function (AVF) Device Driver'],
  ['bpf_trace_filter_plugin.so', 'BPF Trace Filter Plugin'],
  ['bufmon_plugin.so', 'Buffers monitoring plugin'],
  ['builtinurl_plugin.so', 'vpp built-in URL support'],
];

function logTime(epochS: number): string {
  const d = civil(epochS);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.year}/${p(d.month)}/${p(d.day)} ${p(d.hour)}:${p(d.minute)}:${p(d.second)}:${p(d.ms, 3)}`;
}

/** show log (show_log): `%U %-10U %-14U %v`, local time of the node (UTC in the container). */
export function showLog(ctx: Ctx, node: VppNode, startEpochS: number): string {
  const out: string[] = [];
  PLUGINS.forEach(([so, desc], k) => out.push(`${logTime(startEpochS + 0.943 + k * 0.0007)} ${left('notice', 10)} ${left('plugin/load', 14)} Loaded plugin: ${so} (${desc})`));
  return out.join(NL) + NL;
}

