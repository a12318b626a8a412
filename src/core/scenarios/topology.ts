// The VPP state of every k8s node of a scenario, derived from the cluster spec the way Calico VPP
// v3.31 configures VPP 25.10: interfaces and their indices, worker threads, FIB tables (ipv4-VRF:0,
// punt-table-ip4, calico-pods-ip4, one VRF per pod), tunnels to the other nodes, and the stable
// object indices (load-balance, adjacency, fib entry) that traces print.
import type { ClusterSpec, K8sNodeSpec, PodSpec, ServiceSpec } from './model';
import { cidrContains, intToIp4, ip4ToInt, macToBytes, parseCidr } from './packet';
import { hashString } from './prng';
import { hex } from './vppfmt';

export type InterfaceKind = 'local' | 'uplink' | 'tap' | 'tun' | 'loop' | 'ipip' | 'vxlan';

export interface Counters {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  drops: number;
  ip4: number;
}

export interface VppInterface {
  name: string;
  swIfIndex: number;
  hwIfIndex: number;
  kind: InterfaceKind;
  /** L3 MTU (the first number of `show int`'s MTU column; 0 for local0). */
  mtu: number;
  /** VPP's MAC on Ethernet-class interfaces. */
  mac: number[] | null;
  up: boolean;
  /** The thread that polls the interface's RX queue. */
  rxThread: number;
  pod: PodSpec | null;
  /** For tunnels: the k8s node at the other end. */
  peer: string | null;
  /** ipip tunnel id / vxlan tunnel instance; the loopback instance for `loop`. */
  tunnelId: number;
  counters: Counters;
  /** `set interface unnumbered … use <this>`: pod tuns borrow the address of their pod's loopback. */
  unnumberedOf: VppInterface | null;
}

/** A FIB table as `show ip table` / `show ip fib` name it. */
export interface FibTable {
  index: number;
  /** Table id (Calico's VRF ids are 32-bit values it allocates). */
  tableId: number;
  name: string;
}

/** FIB table indices (`fib_index`). Pod VRFs follow, two per pod (the VRF and its RPF table). */
export const FIB = { default: 0, punt: 1, pods: 2, hostTap: 3 } as const;

/** What a FIB lookup resolves to. */
export type Forwarding =
  | { kind: 'tun'; iface: VppInterface }
  | { kind: 'uplink'; nextHop: string; mac: number[]; peer: string | null }
  | { kind: 'ipip'; tunnel: VppInterface }
  | { kind: 'vxlan'; tunnel: VppInterface }
  | { kind: 'receive' }
  | { kind: 'drop' }
  | { kind: 'lookup'; fib: number };

export interface Route {
  prefix: string;
  lbi: number;
  fwd: Forwarding;
}

const emptyCounters = (): Counters => ({ rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0, drops: 0, ip4: 0 });

/** Stable per-key indices: the same object always prints the same number. */
export class Indices {
  private readonly next = new Map<string, number>();
  private readonly ids = new Map<string, number>();
  constructor(private readonly starts: Record<string, number>) {}

  get(kind: string, key: string): number {
    const k = `${kind}\u0000${key}`;
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.next.get(kind) ?? this.starts[kind] ?? 0;
      this.next.set(kind, id + 1);
      this.ids.set(k, id);
    }
    return id;
  }
}

export function podKey(p: { namespace: string; name: string }): string {
  return `${p.namespace}/${p.name}`;
}

function derivedMac(prefix: [number, number], key: string): number[] {
  const h = hashString(key);
  return [prefix[0], prefix[1], (h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
}

export class VppNode {
  readonly name: string;
  readonly ip: string;
  readonly threadNames: string[];
  readonly interfaces: VppInterface[] = [];
  readonly bySw = new Map<number, VppInterface>();
  readonly byName = new Map<string, VppInterface>();
  readonly uplink: VppInterface;
  readonly tap0: VppInterface;
  readonly local0: VppInterface;
  /** fib index of each local pod's VRF. */
  readonly podVrf = new Map<string, number>();
  /** Tunnel interface towards each other node (ipip / vxlan encapsulation). */
  readonly tunnels = new Map<string, VppInterface>();
  /** MAC of the Linux side of tap0 (the host). */
  readonly hostMac: number[];
  readonly indices = new Indices({ lb: 40, adj: 3, fe: 30, urpf: 50, lc: 0, acl: 0, tr: 0, redirect: 0, session: 0 });
  /** VPP uptime at scenario time 0, µs. */
  readonly uptimeStartUs: number;

  constructor(readonly spec: K8sNodeSpec, readonly cluster: Cluster) {
    this.name = spec.name;
    this.ip = spec.ip;
    const workers = spec.workers ?? 2;
    this.threadNames = ['vpp_main', ...Array.from({ length: workers }, (_, i) => `vpp_wk_${i}`)];
    this.uptimeStartUs = Math.round((spec.uptimeSeconds ?? 3600 + (hashString(spec.name) % 86400)) * 1e6) + (hashString(`${spec.name}/us`) % 1000000);
    const add = (i: Omit<VppInterface, 'hwIfIndex' | 'counters' | 'rxThread' | 'up' | 'unnumberedOf'> & { up?: boolean }): VppInterface => {
      if (this.bySw.has(i.swIfIndex)) throw new Error(`node ${this.name}: sw_if_index ${i.swIfIndex} used twice (${this.bySw.get(i.swIfIndex)?.name}, ${i.name})`);
      if (this.byName.has(i.name)) throw new Error(`node ${this.name}: interface name ${i.name} used twice`);
      const iface: VppInterface = { ...i, up: i.up ?? true, hwIfIndex: i.swIfIndex, counters: emptyCounters(), rxThread: 0, unnumberedOf: null };
      this.interfaces.push(iface);
      this.bySw.set(iface.swIfIndex, iface);
      this.byName.set(iface.name, iface);
      return iface;
    };
    this.local0 = add({ name: 'local0', swIfIndex: 0, kind: 'local', mtu: 0, mac: null, pod: null, peer: null, tunnelId: 0, up: false });
    const u = spec.uplink;
    this.uplink = add({ name: u.interface, swIfIndex: u.swIfIndex, kind: 'uplink', mtu: u.mtu ?? 1500, mac: u.mac ? macToBytes(u.mac) : derivedMac([0x02, 0xfe], `${spec.name}/uplink`), pod: null, peer: null, tunnelId: 0 });
    const tapIndex = this.freeIndex(u.swIfIndex + 1);
    this.tap0 = add({ name: 'tap0', swIfIndex: tapIndex, kind: 'tap', mtu: u.mtu ?? 1500, mac: derivedMac([0x02, 0xfe], `${spec.name}/tap0`), pod: null, peer: null, tunnelId: 0 });
    this.hostMac = this.uplinkHostMac();
    const pods = cluster.spec.pods.filter((p) => p.node === spec.name);
    for (const p of pods) {
      add({ name: p.tun, swIfIndex: p.swIfIndex, kind: 'tun', mtu: p.mtu ?? 1480, mac: null, pod: p, peer: null, tunnelId: 0 });
    }
    // Calico creates a loopback per pod (in the pod's VRF, holding the pod address) and makes the
    // tun unnumbered to it (calico-vpp-agent cni/podinterface loopback.go, common.go).
    pods.forEach((p, k) => {
      const loop = add({ name: `loop${k}`, swIfIndex: this.freeIndex(u.swIfIndex + 1), kind: 'loop', mtu: 9000, mac: [0x02, 0, 0, 0, 0, 0x01], pod: p, peer: null, tunnelId: k });
      this.iface(p.tun).unnumberedOf = loop;
    });
    pods.forEach((p, i) => this.podVrf.set(podKey(p), 4 + 2 * i));
    // Tunnels to the other nodes are created after the pods, in node order.
    if (cluster.spec.encapsulation !== 'none') {
      let k = 0;
      for (const other of cluster.spec.nodes) {
        if (other.name === spec.name) continue;
        const sw = this.freeIndex(Math.max(...this.interfaces.map((x) => x.swIfIndex)) + 1);
        const kind = cluster.spec.encapsulation;
        const name = kind === 'ipip' ? `ipip${k}` : `vxlan_tunnel${k}`;
        this.tunnels.set(other.name, add({ name, swIfIndex: sw, kind, mtu: 9000, mac: null, pod: null, peer: other.name, tunnelId: k }));
        k++;
      }
    }
    // RX queues: one per interface, spread over the workers.
    const rxCapable = this.interfaces.filter((i) => i.kind === 'uplink' || i.kind === 'tap' || i.kind === 'tun');
    rxCapable.forEach((iface, n) => { iface.rxThread = workers === 0 ? 0 : 1 + (n % workers); });
  }

  /** Every FIB table of the node, by fib index (`show ip table` order). */
  fibTables(): FibTable[] {
    const linux = this.uplinkLinuxName;
    const out: FibTable[] = [
      { index: FIB.default, tableId: 0, name: 'ipv4-VRF:0' },
      { index: FIB.punt, tableId: 1, name: 'punt-table-ip4' },
      { index: FIB.pods, tableId: 2, name: 'calico-pods-ip4' },
      { index: FIB.hostTap, tableId: hashString(`${this.name}/host-tap-${linux}-ip4`) >>> 0, name: `host-tap-${linux}-ip4` },
    ];
    for (const p of this.cluster.spec.pods.filter((x) => x.node === this.name)) {
      const vrf = this.podVrf.get(podKey(p)) ?? 0;
      const uuid = netnsUuid(p);
      out.push({ index: vrf, tableId: hashString(`${this.name}/${podKey(p)}/vrf`) >>> 0, name: `${vrfTag(`${podKey(p)}/4`)}-4-eth0-cni-${uuid}` });
      out.push({ index: vrf + 1, tableId: hashString(`${this.name}/${podKey(p)}/rpf`) >>> 0, name: `${vrfTag(`${podKey(p)}/4/rpf`)}-4-eth0RPF-cni-${uuid}` });
    }
    return out.sort((a, b) => a.index - b.index);
  }

  /** The Linux name of the uplink NIC (what CALICOVPP_INTERFACES names; the host side of tap0). */
  get uplinkLinuxName(): string {
    return 'eth0';
  }

  private freeIndex(from: number): number {
    let i = from;
    const taken = new Set(this.cluster.spec.pods.filter((p) => p.node === this.name).map((p) => p.swIfIndex));
    taken.add(this.spec.uplink.swIfIndex);
    while (this.bySw.has(i) || taken.has(i)) i++;
    return i;
  }

  private uplinkHostMac(): number[] {
    // Calico gives the host side of tap0 the uplink's original MAC.
    return this.uplink.mac ? this.uplink.mac.slice() : derivedMac([0x02, 0x42], `${this.name}/host`);
  }

  iface(name: string): VppInterface {
    const i = this.byName.get(name);
    if (!i) throw new Error(`node ${this.name}: no interface ${name}`);
    return i;
  }

  /** FIB index used for lookups of packets received on an interface. */
  fibOf(iface: VppInterface): number {
    if (iface.kind === 'tun' && iface.pod) return this.podVrf.get(podKey(iface.pod)) ?? FIB.default;
    if (iface.kind === 'tap') return FIB.hostTap;
    return FIB.default;
  }

  private readonly routes = new Map<string, Route>();

  /** Longest-prefix match in one of the node's FIB tables, as Calico VPP programs them. */
  lookup(fib: number, dst: string): Route {
    const key = `${fib}/${dst}`;
    let r = this.routes.get(key);
    if (!r) {
      r = this.resolve(fib, dst);
      this.routes.set(key, r);
    }
    return r;
  }

  private resolve(fib: number, dst: string): Route {
    const c = this.cluster;
    const lb = (prefix: string): number => this.indices.get('lb', `${fib}/${prefix}`);
    const route = (prefix: string, fwd: Forwarding): Route => ({ prefix, lbi: lb(prefix), fwd });
    const special = ['0.0.0.0/32', '224.0.0.0/4', '240.0.0.0/4', '255.255.255.255/32'].find((p) => cidrContains(p, dst));
    if (fib >= 4) {
      // A pod VRF: drop routes for the special ranges, everything else looked up in calico-pods-ip4.
      if (special) return route(special, { kind: 'drop' });
      return route('0.0.0.0/0', { kind: 'lookup', fib: FIB.pods });
    }
    if (fib === FIB.punt) {
      if (dst === this.ip) return route(`${dst}/32`, { kind: 'tun', iface: this.tap0 });
      return route('0.0.0.0/0', { kind: 'drop' });
    }
    const pod = c.podByIp.get(dst);
    if (pod && pod.node === this.name) return route(`${dst}/32`, { kind: 'tun', iface: this.iface(pod.tun) });
    if (cidrContains(this.spec.podCidr, dst)) return route(this.spec.podCidr, { kind: 'drop' });
    for (const other of c.spec.nodes) {
      if (other.name === this.name) continue;
      if (cidrContains(other.podCidr, dst)) return route(other.podCidr, this.towards(other));
    }
    if (fib === FIB.pods) return route('0.0.0.0/0', { kind: 'lookup', fib: FIB.default });
    if (dst === this.ip) return route(`${dst}/32`, { kind: 'receive' });
    if (special) return route(special, { kind: 'drop' });
    const peer = c.spec.nodes.find((n) => n.ip === dst);
    if (peer) return route(`${dst}/32`, { kind: 'uplink', nextHop: dst, mac: c.node(peer.name).uplink.mac ?? [], peer: peer.name });
    return route('0.0.0.0/0', { kind: 'uplink', nextHop: c.gateway, mac: c.gatewayMac, peer: null });
  }

  /** How this node forwards to another node's pods. */
  towards(other: K8sNodeSpec): Forwarding {
    const c = this.cluster;
    if (c.spec.encapsulation === 'ipip') return { kind: 'ipip', tunnel: this.tunnels.get(other.name) as VppInterface };
    if (c.spec.encapsulation === 'vxlan') return { kind: 'vxlan', tunnel: this.tunnels.get(other.name) as VppInterface };
    return { kind: 'uplink', nextHop: other.ip, mac: c.node(other.name).uplink.mac ?? [], peer: other.name };
  }

  private readonly adjTexts = new Map<string, string[]>();

  /** Adjacency text as format_adj_nbr / format_adj_midchain print it (one or three lines). */
  adjacencyText(fwd: Forwarding, indent: number): string[] {
    const key = `${indent}/${fwd.kind}/${'iface' in fwd ? fwd.iface.name : 'tunnel' in fwd ? fwd.tunnel.name : 'nextHop' in fwd ? fwd.nextHop : ''}`;
    let text = this.adjTexts.get(key);
    if (!text) {
      text = this.formatAdjacency(fwd, indent);
      this.adjTexts.set(key, text);
    }
    return text;
  }

  private formatAdjacency(fwd: Forwarding, indent: number): string[] {
    const flags = 'flags:[features ]';
    switch (fwd.kind) {
      case 'tun':
        if (fwd.iface.kind === 'tap') {
          return [`ipv4 via ${this.ip} tap0: mtu:${fwd.iface.mtu} next:${this.nextIndex('tap0')} ${flags} ${macHex(this.hostMac)}${macHex(fwd.iface.mac ?? [])}0800`];
        }
        return [`ipv4 via 0.0.0.0 ${fwd.iface.name}: mtu:${fwd.iface.mtu} next:${this.nextIndex(fwd.iface.name)} ${flags}`];
      case 'uplink':
        return [`ipv4 via ${fwd.nextHop} ${this.uplink.name}: mtu:${this.uplink.mtu} next:${this.nextIndex(this.uplink.name)} ${flags} ${macHex(fwd.mac)}${macHex(this.uplink.mac ?? [])}0800`];
      case 'vxlan':
        return [`ipv4 via 0.0.0.0 ${fwd.tunnel.name}: mtu:${fwd.tunnel.mtu} next:${this.nextIndex(fwd.tunnel.name)} ${flags}`];
      case 'ipip': {
        const peer = this.cluster.node(fwd.tunnel.peer ?? '');
        const template = ipipTemplate(this.ip, peer.ip);
        const under = this.lookup(FIB.default, peer.ip);
        return [
          `ipv4 [features] via 0.0.0.0 ${fwd.tunnel.name}: mtu:${fwd.tunnel.mtu} next:${this.nextIndex(fwd.tunnel.name)} flags:[features fixup-ip4o4 ] ${template}`,
          `${' '.repeat(indent)}stacked-on entry:${this.indices.get('fe', `${FIB.default}/${peer.ip}/32`)}:`,
          `${' '.repeat(indent + 2)}[@2]: ${this.adjacencyText(under.fwd, indent + 2)[0] ?? ''}`,
        ];
      }
      default:
        throw new Error(`no adjacency for ${fwd.kind}`);
    }
  }

  /** The adjacency index (`dpo-idx` of ip4-rewrite) of a forwarding target. */
  adjIndex(fwd: Forwarding): number {
    switch (fwd.kind) {
      case 'tun': return this.indices.get('adj', fwd.iface.name);
      case 'uplink': return this.indices.get('adj', `${this.uplink.name}/${fwd.nextHop}`);
      case 'ipip':
      case 'vxlan': return this.indices.get('adj', fwd.tunnel.name);
      default: return 0;
    }
  }

  /** The `next:` index of an adjacency towards an interface (the rewrite node's next to `<if>-output`). */
  nextIndex(ifName: string): number {
    const iface = this.iface(ifName);
    return 4 + (iface.swIfIndex % 7);
  }
}

function macHex(mac: number[]): string {
  return mac.map((b) => hex(b, 2)).join('');
}

/** The outer IPv4 header template of an IPIP adjacency (length, id and checksum fixed up later). */
function ipipTemplate(src: string, dst: string): string {
  const s = ip4ToInt(src);
  const d = ip4ToInt(dst);
  return `450000000000000040040000${hex(s, 8)}${hex(d, 8)}`;
}

/** The CNI network namespace id of a pod (`cni-<uuid>`; deterministic per pod). */
export function netnsUuid(p: { namespace: string; name: string }): string {
  const h = (k: number) => hex(hashString(`${podKey(p)}/netns/${k}`), 8);
  const a = h(0) + h(1) + h(2) + h(3);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-${((parseInt(a[16] ?? '0', 16) & 3) | 8).toString(16)}${a.slice(17, 20)}-${a.slice(20, 32)}`;
}

/** The 8-character tag Calico puts in front of its VRF names (a base64 hash). */
function vrfTag(key: string): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let h = hashString(key);
  let h2 = hashString(`${key}/2`);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += abc[(i < 5 ? h : h2) & 63];
    if (i < 5) h >>>= 6;
    else h2 >>>= 6;
  }
  return out;
}

export class Cluster {
  readonly nodes: VppNode[] = [];
  readonly byName = new Map<string, VppNode>();
  readonly podByIp = new Map<string, PodSpec>();
  readonly podByKey = new Map<string, PodSpec>();
  readonly serviceByKey = new Map<string, ServiceSpec>();
  readonly gateway: string;
  readonly gatewayMac: number[];

  constructor(readonly spec: ClusterSpec) {
    for (const p of spec.pods) {
      const key = podKey(p);
      if (this.podByKey.has(key)) throw new Error(`pod ${key} defined twice`);
      if (this.podByIp.has(p.ip)) throw new Error(`pod address ${p.ip} used twice`);
      if (!spec.nodes.some((n) => n.name === p.node)) throw new Error(`pod ${key}: unknown node ${p.node}`);
      const node = spec.nodes.find((n) => n.name === p.node);
      if (node && !cidrContains(node.podCidr, p.ip)) throw new Error(`pod ${key}: ${p.ip} is outside ${node.name}'s block ${node.podCidr}`);
      const first = ip4ToInt(p.ip) >>> 24;
      if ([8, 0x81, 0x86, 0x88, 0x91].includes(first)) throw new Error(`pod ${key}: ${p.ip} would read as a known ethertype in tun tx traces; pick another range`);
      this.podByKey.set(key, p);
      this.podByIp.set(p.ip, p);
    }
    for (const s of spec.services) this.serviceByKey.set(`${s.namespace}/${s.name}`, s);
    const first = spec.nodes[0];
    if (!first) throw new Error('a cluster needs at least one node');
    this.gateway = spec.gateway ?? intToIp4(((parseCidr(`${first.ip}/24`).base) + 1) >>> 0);
    this.gatewayMac = derivedMac([0x02, 0x42], `gateway/${this.gateway}`);
    for (const n of spec.nodes) {
      if (this.byName.has(n.name)) throw new Error(`node ${n.name} defined twice`);
      const node = new VppNode(n, this);
      this.nodes.push(node);
      this.byName.set(n.name, node);
    }
  }

  node(name: string): VppNode {
    const n = this.byName.get(name);
    if (!n) throw new Error(`unknown node ${name}`);
    return n;
  }

  pod(key: string): PodSpec {
    const p = this.podByKey.get(key);
    if (!p) throw new Error(`unknown pod ${key}`);
    return p;
  }

  service(key: string): ServiceSpec {
    const s = this.serviceByKey.get(key);
    if (!s) throw new Error(`unknown service ${key}`);
    return s;
  }

  /** Addresses that belong to the cluster (pods, services, nodes): the SNAT policy leaves them alone. */
  isClusterAddress(ip: string): boolean {
    if (this.spec.nodes.some((n) => n.ip === ip || cidrContains(n.podCidr, ip))) return true;
    return this.spec.services.some((s) => s.clusterIP === ip);
  }
}
