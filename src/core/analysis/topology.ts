// Topology of a bundle: per node the uplink(s) and driver, the host tap, every tunN with the pod behind
// it (with the evidence and the confidence of each mapping), tunnels and the other nodes reached
// through them; services (VIP → backends) from the cnat translations.
import type { Inflate } from '../bytes/gzip';
import { clusterState, nodeState, type NodeState } from '../bundle/state';
import type { Bundle, BundleFile } from '../bundle/types';
import { cniNetnsId } from '../vpp-state/tun';
import { tunnelInterfaceName, type Tunnel } from '../vpp-state/tunnels';
import type { PodRow } from '../vpp-state/kubectl';
import { canonicalIp, ipBytes } from './topology-ip';

export interface Evidence {
  text: string;
  file: string | null;
  line: number | null;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface PodRef {
  namespace: string;
  name: string;
  ip: string;
}

export interface TunMapping {
  interface: string;
  swIfIndex: number | null;
  /** Linux name in the pod (`eth0`) and the netns path, from `show tun`. */
  linuxName: string | null;
  netns: string | null;
  /** Addresses routed to this interface, from any source. */
  addresses: string[];
  pod: PodRef | null;
  confidence: Confidence;
  evidence: Evidence[];
}

export interface UplinkInfo {
  interface: string;
  /** Linux name of the NIC (from the ConfigMap or the host tap). */
  linuxName: string | null;
  driver: string | null;
  evidence: Evidence[];
}

export interface HostTap {
  interface: string;
  linuxName: string | null;
  evidence: Evidence[];
}

export interface TunnelLink {
  kind: 'ipip' | 'vxlan';
  interface: string;
  src: string | null;
  dst: string | null;
  peerNode: string | null;
  evidence: Evidence[];
}

export interface PeerLink {
  node: string;
  address: string | null;
  via: 'uplink' | 'ipip' | 'vxlan';
  interface: string | null;
  evidence: Evidence[];
}

export type InterfaceRole = 'uplink' | 'host-tap' | 'pod' | 'tunnel' | 'loopback' | 'local' | 'memif' | 'other';

export interface TopologyInterface {
  name: string;
  swIfIndex: number | null;
  state: 'up' | 'down' | null;
  role: InterfaceRole;
}

export interface NodeTopology {
  name: string;
  internalIp: string | null;
  externalIp: string | null;
  vppImage: string | null;
  agentImage: string | null;
  interfaces: TopologyInterface[];
  uplinks: UplinkInfo[];
  hostTap: HostTap | null;
  tuns: TunMapping[];
  tunnels: TunnelLink[];
  peers: PeerLink[];
}

export interface ServiceBackend {
  address: string;
  port: number;
  pod: PodRef | null;
  node: string | null;
}

export interface ServiceEntry {
  vip: string;
  port: number | null;
  protocol: string | null;
  backends: ServiceBackend[];
  /** Kubernetes name from get-services, when the VIP matches a ClusterIP. */
  name: string | null;
  namespace: string | null;
  /** Nodes whose cnat holds this translation. */
  nodes: string[];
  evidence: Evidence[];
}

export interface Topology {
  nodes: NodeTopology[];
  services: ServiceEntry[];
}

/** An address seen on an interface in captured traffic (traces, dispatch or pcap records). */
export interface TrafficObservation {
  node: string;
  interface: string;
  address: string;
  /** Name of the capture file and line/record, for the evidence. */
  source: string;
  line?: number | null;
}

export interface TopologyOptions {
  inflate?: Inflate;
  traffic?: TrafficObservation[];
}

export function ev(text: string, file: BundleFile | string | null, line: number | null): Evidence {
  return { text, file: typeof file === 'string' || file === null ? file : file.path, line };
}

/** `file:line: text` for flat lists (JSON). */
export function evidenceString(e: Evidence): string {
  return `${e.file ?? '?'}${e.line !== null && e.line > 0 ? `:${e.line}` : ''}: ${e.text}`;
}

/** VPP interface role by name (Calico naming). */
export function roleOf(name: string): InterfaceRole {
  if (name === 'local0') return 'local';
  if (/^tun\d+$/.test(name)) return 'pod';
  if (/^tap\d+$/.test(name)) return 'host-tap';
  if (/^(?:ipip|vxlan_tunnel|wg|gre|ipsec)\d+/.test(name)) return 'tunnel';
  if (/^loop\d+$/.test(name)) return 'loopback';
  if (/^memif/.test(name)) return 'memif';
  return 'other';
}

const podKey = (p: PodRow): PodRef => ({ namespace: p.namespace ?? 'default', name: p.name, ip: p.ip ?? '' });

interface IpClaim {
  ip: string;
  source: 'agent-route' | 'agent-spec' | 'fib' | 'npol' | 'traffic';
  evidence: Evidence;
}

function driverFromName(name: string, classLines: string[]): string | null {
  if (name.startsWith('host-')) return 'af_packet';
  if (/^avf-/.test(name)) return 'avf';
  if (/^(?:rdma|mlx)/.test(name)) return 'rdma';
  if (/^vmxnet3-/.test(name)) return 'vmxnet3';
  if (/^(?:\w+GigabitEthernet|GigabitEthernet|VirtualFunctionEthernet|FortyGig|TwentyFiveGig|HundredGig|Ethernet)\S*\d+\/\d+\/\d+/.test(name)) return 'dpdk';
  if (classLines.some((l) => /VIRTIO/i.test(l))) return 'virtio';
  if (classLines.some((l) => /AF_XDP/i.test(l))) return 'af_xdp';
  return null;
}

function nodeTopology(ns: NodeState, ctx: Ctx): NodeTopology {
  const name = ns.name;
  const k8s = ctx.k8sNodes.get(name) ?? null;
  const ints = ns.interfaces();
  const interfaces: TopologyInterface[] = [];
  const bySwIf = new Map<number, string>();
  const swIfOf = new Map<string, number>();
  for (const r of ints?.parsed.data.interfaces ?? []) {
    interfaces.push({ name: r.name, swIfIndex: r.swIfIndex, state: r.adminUp ? 'up' : 'down', role: roleOf(r.name) });
    bySwIf.set(r.swIfIndex, r.name);
    swIfOf.set(r.name, r.swIfIndex);
  }
  const npolIfs = ns.npolInterfaces();
  for (const n of npolIfs?.parsed.data.interfaces ?? []) {
    if (!bySwIf.has(n.swIfIndex)) bySwIf.set(n.swIfIndex, n.name);
    if (!swIfOf.has(n.name)) swIfOf.set(n.name, n.swIfIndex);
  }
  const tun = ns.tun();
  const devices = tun?.parsed.data.devices ?? [];
  const known = new Set(interfaces.map((i) => i.name));
  for (const d of devices) {
    if (!known.has(d.interface)) {
      interfaces.push({ name: d.interface, swIfIndex: swIfOf.get(d.interface) ?? null, state: d.adminUp === null ? null : d.adminUp ? 'up' : 'down', role: roleOf(d.interface) });
      known.add(d.interface);
    }
  }

  // ---- address claims per interface ----
  const claims = new Map<string, IpClaim[]>();
  const claim = (ifname: string, c: IpClaim) => {
    const list = claims.get(ifname) ?? [];
    if (!list.some((x) => x.source === c.source && x.ip === c.ip)) list.push(c);
    claims.set(ifname, list);
  };
  const devByNetns = new Map<string, string>();
  for (const d of devices) {
    const id = cniNetnsId(d.netns);
    if (id) devByNetns.set(id, d.interface);
  }
  const agent = ns.agentLog();
  for (const e of agent?.parsed.data.entries ?? []) {
    let m = /pod\(add\) route \[podVRF ->MainIF\] v[46] (?:\[table:\d+\] )?([0-9a-fA-F:.]+)\/\d+ -> .*\[if:(\d+)\]/.exec(e.message);
    if (m) {
      const ifname = bySwIf.get(Number(m[2]));
      if (ifname) claim(ifname, { ip: canonicalIp(m[1]!), source: 'agent-route', evidence: ev(`agent routes ${m[1]} to sw_if_index ${m[2]} (${ifname})`, agent!.file, e.line) });
      continue;
    }
    m = /pod\(add\) spec=netns:([^,]+),if:(\S+) \[([^\]]*)\]/.exec(e.message);
    if (m) {
      const id = cniNetnsId(m[1]!);
      const ifname = id ? devByNetns.get(id) : undefined;
      if (!ifname) continue;
      for (const a of m[3]!.split(',')) {
        const ip = a.trim().replace(/\/\d+$/, '');
        if (ipBytes(ip)) claim(ifname, { ip: canonicalIp(ip), source: 'agent-spec', evidence: ev(`agent added a pod in netns ${id} with ${ip}; that netns is ${ifname}'s (show tun)`, agent!.file, e.line) });
      }
    }
  }
  for (const f of ns.fib()) {
    for (const entry of f.parsed.data.entries) {
      const m = /^([0-9a-fA-F:.]+)\/(32|128)$/.exec(entry.prefix);
      if (!m) continue;
      const p = entry.paths.find((x) => x.depth === 0 && x.interface && (roleOf(x.interface) === 'pod' || roleOf(x.interface) === 'memif'));
      if (p) claim(p.interface!, { ip: canonicalIp(m[1]!), source: 'fib', evidence: ev(`FIB routes ${entry.prefix} to ${p.interface}`, f.file, entry.line) });
    }
  }
  for (const n of npolIfs?.parsed.data.interfaces ?? []) {
    for (const a of [n.addr4, n.addr6]) if (a && roleOf(n.name) === 'pod') claim(n.name, { ip: canonicalIp(a), source: 'npol', evidence: ev(`policy dump shows ${a} on ${n.name}`, npolIfs!.file, n.line) });
  }
  for (const t of ctx.traffic.filter((o) => o.node === name)) {
    if (roleOf(t.interface) === 'pod') claim(t.interface, { ip: canonicalIp(t.address), source: 'traffic', evidence: ev(`traffic to/from ${t.address} on ${t.interface}`, t.source, t.line ?? null) });
  }

  // ---- tun → pod ----
  const tunNames = [...new Set([...interfaces.filter((i) => i.role === 'pod').map((i) => i.name), ...claims.keys()].filter((n) => roleOf(n) === 'pod'))].sort(natural);
  const tuns: TunMapping[] = [];
  const usedPods = new Set<string>();
  for (const t of tunNames) {
    const dev = devices.find((d) => d.interface === t) ?? null;
    const cs = claims.get(t) ?? [];
    const addresses = [...new Set(cs.map((c) => c.ip))];
    const evidence: Evidence[] = [];
    if (dev) evidence.push(ev(`show tun: ${t} is '${dev.linuxName ?? '?'}' in ${dev.netns ?? 'the host netns'}`, tun!.file, dev.line));
    let pod: PodRef | null = null;
    let confidence: Confidence = 'low';
    let best: { row: PodRow; sources: Set<string> } | null = null;
    for (const ip of addresses) {
      const rows = ctx.podsByIp.get(ip) ?? [];
      const row = rows.find((r) => r.node === name) ?? rows[0];
      if (!row) continue;
      const sources = new Set(cs.filter((c) => c.ip === ip).map((c) => c.source));
      if (!best || sources.size > best.sources.size) best = { row, sources };
    }
    for (const c of cs) evidence.push(c.evidence);
    if (best) {
      pod = podKey(best.row);
      usedPods.add(`${pod.namespace}/${pod.name}`);
      evidence.push(ev(`get-pods: ${pod.namespace}/${pod.name} has IP ${best.row.ip} on node ${best.row.node ?? '?'}`, ctx.podsFile, best.row.line));
      const direct = best.sources.has('agent-route') || best.sources.has('fib') || best.sources.has('agent-spec');
      confidence = best.sources.size >= 2 || (direct && best.row.node === name) ? 'high' : 'medium';
    } else if (addresses.length > 0) {
      confidence = new Set(cs.map((c) => c.source)).size >= 2 ? 'medium' : 'low';
      evidence.push(ev(`no pod in get-pods has ${addresses.join(', ')}`, ctx.podsFile, null));
    } else if (cs.length === 0) evidence.push(ev('no address evidence for this interface', null, null));
    tuns.push({ interface: t, swIfIndex: swIfOf.get(t) ?? null, linuxName: dev?.linuxName ?? null, netns: dev?.netns ?? null, addresses, pod, confidence, evidence });
  }
  // Elimination: one unmatched tun and one unmatched pod on this node.
  const free = tuns.filter((t) => !t.pod);
  const podsHere = (ctx.pods ?? []).filter((p) => p.node === name && p.ip && p.ip !== k8s?.internalIp && !usedPods.has(`${p.namespace ?? 'default'}/${p.name}`) && !/^(Succeeded|Completed|Failed)$/.test(p.status));
  if (free.length === 1 && podsHere.length === 1 && free[0]!.addresses.length === 0) {
    const t = free[0]!;
    t.pod = podKey(podsHere[0]!);
    t.confidence = 'low';
    t.evidence.push(ev(`by elimination: ${t.interface} is the only tun without a pod and ${t.pod.namespace}/${t.pod.name} the only pod of ${name} without a tun`, ctx.podsFile, podsHere[0]!.line));
  }

  // ---- host tap and uplink ----
  const cfgUplinks = ctx.uplinkSpecs;
  const hostDev = devices.find((d) => roleOf(d.interface) === 'host-tap' && !cniNetnsId(d.netns)) ?? null;
  let hostTap: HostTap | null = null;
  if (hostDev) hostTap = { interface: hostDev.interface, linuxName: hostDev.linuxName, evidence: [ev(`show tun: ${hostDev.interface} is '${hostDev.linuxName ?? '?'}' in the host`, tun!.file, hostDev.line)] };
  else if (known.has('tap0')) hostTap = { interface: 'tap0', linuxName: null, evidence: [ev('tap0 is Calico VPP\'s tap to the host (by name)', ints?.file ?? null, ints?.parsed.data.interfaces.find((i) => i.name === 'tap0')?.line ?? null)] };

  const hw = ns.hardware();
  const hwByName = new Map((hw?.parsed.data.interfaces ?? []).map((h) => [h.name, h]));
  const uplinks: UplinkInfo[] = [];
  const vppLog = ns.vppLog();
  let logIfName: { value: string; line: number } | null = null;
  let logDriver: { value: string; line: number } | null = null;
  for (const e of vppLog?.parsed.data.entries ?? []) {
    const m = /^(Interface Name|Native Driver):\s+(\S+)/.exec(e.message);
    if (m && m[1] === 'Interface Name') logIfName ??= { value: m[2]!, line: e.line };
    else if (m) logDriver ??= { value: m[2]!, line: e.line };
  }
  const linuxName = cfgUplinks[0]?.interfaceName ?? logIfName?.value ?? hostTap?.linuxName ?? null;
  const candidates = interfaces.filter((i) => i.role === 'other' && !/\.\d+$/.test(i.name));
  let upName: string | null = null;
  const upEv: Evidence[] = [];
  if (linuxName && known.has(`host-${linuxName}`)) {
    upName = `host-${linuxName}`;
    upEv.push(ev(`af_packet interface host-${linuxName} is the uplink ${linuxName}`, ints?.file ?? null, ints?.parsed.data.interfaces.find((i) => i.name === upName)?.line ?? null));
  } else if (linuxName && known.has(linuxName)) {
    upName = linuxName;
    upEv.push(ev(`interface ${linuxName} carries the uplink's Linux name`, ints?.file ?? null, ints?.parsed.data.interfaces.find((i) => i.name === upName)?.line ?? null));
  } else if (candidates.length === 1) {
    upName = candidates[0]!.name;
    upEv.push(ev(`${upName} is the only physical-looking interface`, ints?.file ?? null, ints?.parsed.data.interfaces.find((i) => i.name === upName)?.line ?? null));
  } else if (candidates.length > 1) {
    const withMac = candidates.filter((c) => hwByName.get(c.name)?.macAddress);
    if (withMac.length >= 1) {
      upName = withMac[0]!.name;
      upEv.push(ev(`${upName} is the first Ethernet interface of show hardware`, hw?.file ?? null, hwByName.get(upName)?.line ?? null));
    }
  }
  if (upName) {
    let driver: string | null = cfgUplinks[0]?.vppDriver ?? null;
    if (driver) upEv.push(ev(`CALICOVPP_INTERFACES vppDriver is '${driver}'`, ctx.configFile, ctx.configInterfacesLine));
    else if (logDriver) {
      driver = logDriver.value;
      upEv.push(ev(`vpp-manager log: Native Driver ${driver}`, vppLog!.file, logDriver.line));
    } else {
      driver = driverFromName(upName, hwByName.get(upName)?.classLines ?? []);
      if (driver) upEv.push(ev(`driver guessed from the interface name/class: ${driver}`, null, null));
    }
    if (cfgUplinks[0]?.interfaceName) upEv.push(ev(`CALICOVPP_INTERFACES uplink interfaceName '${cfgUplinks[0].interfaceName}'`, ctx.configFile, ctx.configInterfacesLine));
    uplinks.push({ interface: upName, linuxName, driver, evidence: upEv });
    const row = interfaces.find((i) => i.name === upName);
    if (row) row.role = 'uplink';
  }

  // ---- tunnels and peers ----
  const tunnels: TunnelLink[] = [];
  const addTunnels = (list: Tunnel[] | undefined, file: BundleFile | null) => {
    for (const t of list ?? []) {
      const ifname = (t.swIfIndex !== null ? bySwIf.get(t.swIfIndex) : undefined) ?? tunnelInterfaceName(t);
      const peer = t.dst ? ctx.nodeByIp.get(canonicalIp(t.dst)) ?? null : null;
      tunnels.push({ kind: t.kind, interface: ifname, src: t.src, dst: t.dst, peerNode: peer, evidence: [ev(t.text, file, t.line)] });
    }
  };
  const ipip = ns.ipipTunnels();
  const vxlan = ns.vxlanTunnels();
  addTunnels(ipip?.parsed.data.tunnels, ipip?.file ?? null);
  addTunnels(vxlan?.parsed.data.tunnels, vxlan?.file ?? null);
  const peers: PeerLink[] = [];
  for (const [other, row] of ctx.k8sNodes) {
    if (other === name) continue;
    const addr = row.internalIp ? canonicalIp(row.internalIp) : null;
    const t = tunnels.find((x) => x.peerNode === other);
    const evidence = [ev(`get-nodes: ${other} has INTERNAL-IP ${row.internalIp ?? '?'}`, ctx.nodesFile, row.line)];
    if (t) {
      evidence.push(...t.evidence);
      peers.push({ node: other, address: addr, via: t.kind, interface: t.interface, evidence });
    } else peers.push({ node: other, address: addr, via: 'uplink', interface: uplinks[0]?.interface ?? null, evidence });
  }

  // The bash export overwrites the DaemonSet with the ConfigMap: the pod description still names the images.
  const described = ns.describeVppPod()?.parsed.data.containers ?? [];
  return {
    name,
    internalIp: k8s?.internalIp ?? null,
    externalIp: k8s?.externalIp ?? null,
    vppImage: ctx.vppImage ?? described.find((c) => c.name === 'vpp')?.image ?? null,
    agentImage: ctx.agentImage ?? described.find((c) => c.name === 'agent')?.image ?? null,
    interfaces,
    uplinks,
    hostTap,
    tuns,
    tunnels,
    peers,
  };
}

const COLLATOR = new Intl.Collator('en', { numeric: true });

/** Natural order: tun2 before tun10. */
export function natural(a: string, b: string): number {
  return COLLATOR.compare(a, b);
}

interface Ctx {
  pods: PodRow[] | null;
  podsFile: BundleFile | null;
  podsByIp: Map<string, PodRow[]>;
  k8sNodes: Map<string, { internalIp: string | null; externalIp: string | null; line: number }>;
  nodesFile: BundleFile | null;
  nodeByIp: Map<string, string>;
  vppImage: string | null;
  agentImage: string | null;
  uplinkSpecs: Array<{ interfaceName: string | null; vppDriver: string | null }>;
  configFile: BundleFile | null;
  configInterfacesLine: number | null;
  traffic: TrafficObservation[];
}

function context(bundle: Bundle, opts: TopologyOptions): Ctx {
  const cs = clusterState(bundle, opts.inflate);
  const pods = cs.pods();
  const podsByIp = new Map<string, PodRow[]>();
  for (const p of pods?.parsed.data.pods ?? []) {
    if (!p.ip) continue;
    const k = canonicalIp(p.ip);
    podsByIp.set(k, [...(podsByIp.get(k) ?? []), p]);
  }
  const nodes = cs.nodes();
  const k8sNodes = new Map<string, { internalIp: string | null; externalIp: string | null; line: number }>();
  const nodeByIp = new Map<string, string>();
  for (const n of nodes?.parsed.data.nodes ?? []) {
    k8sNodes.set(n.name, { internalIp: n.internalIp, externalIp: n.externalIp, line: n.line });
    if (n.internalIp) nodeByIp.set(canonicalIp(n.internalIp), n.name);
    if (n.externalIp) nodeByIp.set(canonicalIp(n.externalIp), n.name);
  }
  const ds = cs.daemonset()?.parsed.data ?? null;
  const image = (c: string) => ds?.containers.find((x) => x.name === c)?.image ?? null;
  const cfg = cs.vppConfig();
  return {
    pods: pods?.parsed.data.pods ?? null,
    podsFile: pods?.file ?? null,
    podsByIp,
    k8sNodes,
    nodesFile: nodes?.file ?? null,
    nodeByIp,
    vppImage: image('vpp'),
    agentImage: image('agent'),
    uplinkSpecs: cfg?.parsed.data?.uplinks ?? [],
    configFile: cfg?.file ?? null,
    configInterfacesLine: cfg?.parsed.data?.lines['CALICOVPP_INTERFACES'] ?? null,
    traffic: opts.traffic ?? [],
  };
}

function services(bundle: Bundle, ctx: Ctx, opts: TopologyOptions): ServiceEntry[] {
  const cs = clusterState(bundle, opts.inflate);
  const svcRows = cs.services()?.parsed.data.services ?? [];
  const svcFile = cs.services()?.file ?? null;
  const map = new Map<string, ServiceEntry>();
  for (const n of bundle.nodes) {
    const ns = nodeState(bundle, n.name, opts.inflate)!;
    const tr = ns.translations();
    for (const t of tr?.parsed.data.translations ?? []) {
      const vip = canonicalIp(t.vip);
      const key = `${vip};${t.port};${t.protocol}`;
      let s = map.get(key);
      if (!s) {
        const row = svcRows.find((r) => r.clusterIp && canonicalIp(r.clusterIp) === vip && (r.ports.length === 0 || r.ports.some((p) => p.port === t.port)));
        s = { vip, port: t.port, protocol: t.protocol, backends: [], name: row?.name ?? null, namespace: row?.namespace ?? null, nodes: [], evidence: [] };
        if (row) s.evidence.push(ev(`get-services: ${row.namespace ?? ''}/${row.name} has ClusterIP ${row.clusterIp}`, svcFile, row.line));
        map.set(key, s);
      }
      s.nodes.push(n.name);
      s.evidence.push(ev(`cnat translation [${t.index}] on ${n.name} with ${t.backends.length} backend(s)`, tr!.file, t.line));
      for (const b of t.backends) {
        const addr = canonicalIp(b.dst);
        if (s.backends.some((x) => x.address === addr && x.port === b.dstPort)) continue;
        const row = ctx.podsByIp.get(addr)?.[0] ?? null;
        s.backends.push({ address: addr, port: b.dstPort, pod: row ? podKey(row) : null, node: row?.node ?? ctx.nodeByIp.get(addr) ?? null });
      }
    }
  }
  return [...map.values()].sort((a, b) => natural(`${a.vip};${a.port}`, `${b.vip};${b.port}`));
}

/** Builds the topology of a bundle. */
export function buildTopology(bundle: Bundle, opts: TopologyOptions = {}): Topology {
  const ctx = context(bundle, opts);
  const nodes = bundle.nodes.map((n) => nodeTopology(nodeState(bundle, n.name, opts.inflate)!, ctx));
  return { nodes, services: services(bundle, ctx, opts) };
}
