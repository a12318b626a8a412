// Where a packet is on the schematic at each hop of its journey: in the pod, on tunN, inside VPP, on
// tap0 / the host, or on the uplink (phy). Drives the topology highlight while stepping.
import { nodeInfo } from '../knowledge/index';
import type { HopDetail } from '../model/hop-detail';
import { interfaceKind, type ElementKind, type SchematicNode } from './schematic';

export interface HopPlace {
  kind: Exclude<ElementKind, 'node'>;
  /** The element's name as drawn (`data-name`): tun3, tap0, vpp, host, the pod's `namespace/name`. */
  name: string;
}

export interface JourneyLike {
  hops: { node: string; detail: Pick<HopDetail, 'rxInterface' | 'txInterface'> }[];
  ingress: { node: string; interface: string | null } | null;
  egress: { interface: string } | null;
}

const VPP: HopPlace = { kind: 'vpp', name: 'vpp' };

function podOf(tun: string, node: SchematicNode | null): HopPlace | null {
  const p = node?.pods.find((x) => x.tun === tun);
  return p ? { kind: 'pod', name: p.namespace ? `${p.namespace}/${p.name}` : p.name } : null;
}

/** The element an interface is drawn as (tunnel interfaces such as ipip0 live inside VPP). */
export function placeOfInterface(ifname: string): HopPlace {
  const k = interfaceKind(ifname);
  if (k === 'tun') return { kind: 'tun', name: ifname };
  if (k === 'tap') return { kind: 'tap', name: ifname };
  if (k === 'phy') return { kind: 'phy', name: ifname };
  return VPP;
}

/** One place per hop, in hop order. */
export function hopPlaces(j: JourneyLike, node: SchematicNode | null): HopPlace[] {
  return j.hops.map((h, i) => {
    const info = nodeInfo(h.node);
    const tags = info?.tags ?? [];
    if (tags.includes('rx')) {
      const ifname = info?.interface ?? h.detail.rxInterface?.name ?? (i === 0 ? j.ingress?.interface ?? null : null);
      return ifname ? placeOfInterface(ifname) : VPP;
    }
    if (tags.includes('tx') || tags.includes('output')) {
      const ifname = info?.interface ?? h.detail.txInterface?.name ?? null;
      if (!ifname) return VPP;
      const place = placeOfInterface(ifname);
      // The driver's transmit hands the packet over: into the pod behind tunN, to the host behind tap0.
      if (tags.includes('tx') && place.kind === 'tun') return podOf(ifname, node) ?? place;
      if (tags.includes('tx') && place.kind === 'tap') return node?.tap === ifname ? { kind: 'host', name: 'host' } : place;
      return place;
    }
    return VPP;
  });
}

function same(a: HopPlace, b: HopPlace): boolean {
  return a.kind === b.kind && a.name === b.name;
}

/** Every element the packet passes, in order (the source pod first when it came from one). */
export function pathPlaces(j: JourneyLike, node: SchematicNode | null): HopPlace[] {
  const out: HopPlace[] = [];
  const push = (p: HopPlace | null) => {
    if (p && !out.some((x) => same(x, p))) out.push(p);
  };
  const places = hopPlaces(j, node);
  const first = places[0];
  if (first?.kind === 'tun') push(podOf(first.name, node));
  if (first?.kind === 'tap') push({ kind: 'host', name: 'host' });
  for (const p of places) {
    if (p.kind === 'pod') {
      const tun = node?.pods.find((x) => (x.namespace ? `${x.namespace}/${x.name}` : x.name) === p.name)?.tun;
      if (tun) push({ kind: 'tun', name: tun });
    }
    if (p.kind === 'host' && node?.tap) push({ kind: 'tap', name: node.tap });
    push(p);
  }
  return out;
}
