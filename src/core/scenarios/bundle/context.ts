// What the renderers of a bundle share: the simulated cluster after its traffic, the moment of the
// export, the planted faults, and the counters derived from the traced traffic.
import type { Simulator, SimRecord } from '../engine';
import { EPOCH_BASE_S } from '../engine';
import type { ServiceSpec } from '../model';
import { hashString } from '../prng';
import type { VppInterface, VppNode } from '../topology';

/** A fault planted in a bundle, for the health checks to find. */
export type BundleFault =
  /** The buffer pool of a node has no free buffer left (`show buffers` Avail 0). */
  | { kind: 'no-free-buffers'; node?: string }
  /** An interface is administratively down (`show int` State down, `show int addr` (dn)). */
  | { kind: 'interface-down'; node?: string; interface?: string }
  /** A pod crash-loops (restarts, CrashLoopBackOff). */
  | { kind: 'pod-crashloop'; pod?: string }
  /** The agent cannot listen for BGP: port 179 already taken (agent log). */
  | { kind: 'bgp-port-in-use'; node?: string }
  /** A service without endpoints: cnat holds its VIP with no backend. */
  | { kind: 'service-no-backends'; service?: { namespace: string; name: string; clusterIP: string; port: number; protocol: 'TCP' | 'UDP' } }
  /** No core pattern configured for VPP (ConfigMap and DaemonSet). */
  | { kind: 'no-core-pattern' };

/** The service a `service-no-backends` fault adds when none is named. */
export const ORPHAN_SERVICE = { namespace: 'default', name: 'orders', clusterIP: '10.96.200.9', port: 8080, protocol: 'TCP' as const };

export interface Faults {
  noBuffers: Set<string>;
  down: Map<string, Set<string>>;
  crashloop: Set<string>;
  bgp: Set<string>;
  orphans: ServiceSpec[];
  noCorePattern: boolean;
}

export function resolveFaults(sim: Simulator, list: BundleFault[]): Faults {
  const nodes = sim.cluster.nodes;
  const first = nodes[0]?.name ?? '';
  const f: Faults = { noBuffers: new Set(), down: new Map(), crashloop: new Set(), bgp: new Set(), orphans: [], noCorePattern: false };
  const nodeOf = (n: string | undefined): string => {
    const name = n ?? first;
    if (!sim.cluster.byName.has(name)) throw new Error(`fault: unknown node ${name}`);
    return name;
  };
  for (const x of list) {
    switch (x.kind) {
      case 'no-free-buffers': f.noBuffers.add(nodeOf(x.node)); break;
      case 'interface-down': {
        const n = sim.cluster.node(nodeOf(x.node));
        const name = x.interface ?? n.interfaces.find((i) => i.kind === 'tun')?.name ?? n.uplink.name;
        n.iface(name);
        f.down.set(n.name, new Set([...(f.down.get(n.name) ?? []), name]));
        break;
      }
      case 'pod-crashloop': {
        const key = x.pod ?? sim.cluster.spec.pods[0]?.namespace + '/' + sim.cluster.spec.pods[0]?.name;
        sim.cluster.pod(key);
        f.crashloop.add(key);
        break;
      }
      case 'bgp-port-in-use': f.bgp.add(nodeOf(x.node)); break;
      case 'service-no-backends': {
        const s = x.service ?? ORPHAN_SERVICE;
        f.orphans.push({ ...s, targetPort: s.port, backends: [] });
        break;
      }
      case 'no-core-pattern': f.noCorePattern = true; break;
    }
  }
  return f;
}

export interface Ctx {
  sim: Simulator;
  faults: Faults;
  /** Scenario time (µs) when the export ran: a few seconds after the last traced packet. */
  exportUs: number;
}

export function makeCtx(sim: Simulator, faults: BundleFault[]): Ctx {
  let last = 0;
  for (const r of sim.records) for (const h of r.hops) last = Math.max(last, h.timeUs);
  return { sim, faults: resolveFaults(sim, faults), exportUs: last + 4_180_000 };
}

/** Seconds since VPP started on a node, at scenario time `us`. */
export function uptimeS(node: VppNode, us: number): number {
  return (node.uptimeStartUs + us) / 1e6;
}

/** Wall-clock epoch seconds at scenario time `us` (the af_packet ring and pcap timestamps use it). */
export function wallS(us: number): number {
  return EPOCH_BASE_S + us / 1e6;
}

export function recordsOf(ctx: Ctx, node: VppNode): SimRecord[] {
  return ctx.sim.records.filter((r) => r.node === node);
}

export function isDown(ctx: Ctx, node: VppNode, i: VppInterface): boolean {
  return !i.up || (ctx.faults.down.get(node.name)?.has(i.name) ?? false);
}

/**
 * Untraced traffic a node carried since its counters were cleared (ARP, probes, BGP, the host's own
 * traffic): the traced packets are scaled by a stable per-key factor plus a baseline.
 */
export function scaled(node: VppNode, key: string, traced: number, base = 40): number {
  const h = hashString(`${node.name}/${key}/scale`);
  return traced * (2 + (h % 40)) + (base > 0 ? base + (h % (base * 20)) : 0);
}

/** Stable pseudo-random integer in [0, n) for a key. */
export function pick(key: string, n: number): number {
  return hashString(key) % n;
}

/** UTC calendar fields of an epoch time (no Date: the simulator never touches the clock API). */
export function civil(epochS: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; weekday: number } {
  const ms = Math.floor(epochS * 1000);
  const days = Math.floor(ms / 86_400_000);
  const rem = ms - days * 86_400_000;
  // Howard Hinnant's days-from-civil inverse.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year, month, day,
    hour: Math.floor(rem / 3_600_000), minute: Math.floor(rem / 60_000) % 60, second: Math.floor(rem / 1000) % 60, ms: rem % 1000,
    weekday: ((days % 7) + 11) % 7, // 0 = Sunday (1970-01-01 was a Thursday)
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** RFC 3339 UTC with seconds (`2026-01-01T00:00:04Z`), as Kubernetes and logrus print times. */
export function rfc3339(epochS: number): string {
  const d = civil(epochS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.year}-${p(d.month)}-${p(d.day)}T${p(d.hour)}:${p(d.minute)}:${p(d.second)}Z`;
}

/** `Thu, 01 Jan 2026 00:00:04 +0000` (kubectl describe, RFC 1123Z). */
export function rfc1123z(epochS: number): string {
  const d = civil(epochS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.weekday]}, ${p(d.day)} ${MONTHS[d.month - 1]} ${d.year} ${p(d.hour)}:${p(d.minute)}:${p(d.second)} +0000`;
}
