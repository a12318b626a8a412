// Layout of the topology schematic: one card per Kubernetes node — pods (eth0) ↔ tunN ↔ VPP ↔ tap0 ↔
// host, and VPP ↔ phy ↔ the underlay network shared by all nodes. Pure geometry: the renderer draws
// the returned boxes and paths with React, and d3 only adds zoom and pan.
import { linkHorizontal, linkVertical } from 'd3-shape';
import { elementKey, type ElementKind, type SchematicModel, type SchematicNode } from './schematic';

export interface LaidOutElement {
  key: string;
  kind: ElementKind;
  /** The interface / pod / node name (`data-name` in the drawing). */
  name: string;
  /** The Kubernetes node the element belongs to. */
  node: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  sublabel: string | null;
}

export interface LaidOutLink {
  key: string;
  from: string;
  to: string;
  /** SVG path data. */
  d: string;
  /** veth: pod eth0 ↔ tun; attach: interface ↔ VPP; host: tap ↔ host; wire: phy ↔ network. */
  kind: 'veth' | 'attach' | 'host' | 'wire';
  /** Label near the link's start (e.g. `eth0` at the pod). */
  label: string | null;
}

export interface SchematicLayout {
  width: number;
  height: number;
  elements: LaidOutElement[];
  links: LaidOutLink[];
  /**
   * The underlay network joining the uplinks (null without uplinks): a vertical line (x1 = x2) for one
   * column, else a horizontal line under each row (`rows`) joined on the left.
   */
  network: { x1: number; x2: number; y1: number; y2: number; label: string; rows?: { x1: number; x2: number; y: number }[] } | null;
  /** Pods not drawn because a node has more than the limit. */
  hiddenPods: Record<string, number>;
}

export const LAYOUT = {
  margin: 24,
  nodeGap: 64,
  title: 40,
  pad: 16,
  rowH: 46,
  rowGap: 12,
  pod: { x: 16, w: 188 },
  tun: { x: 240, w: 68 },
  vpp: { x: 344, w: 176 },
  tap: { x: 556, w: 68 },
  host: { x: 652, w: 108 },
  nodeW: 776,
  maxPods: 16,
  networkGap: 56,
} as const;

const hLink = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>()
  .source((d) => d.source)
  .target((d) => d.target);
const vLink = linkVertical<{ source: [number, number]; target: [number, number] }, [number, number]>()
  .source((d) => d.source)
  .target((d) => d.target);

function rowY(top: number, i: number): number {
  return top + LAYOUT.title + i * (LAYOUT.rowH + LAYOUT.rowGap);
}

function layoutNode(n: SchematicNode, x0: number, y0: number, out: SchematicLayout): { bottom: number; phys: LaidOutElement[] } {
  const els: LaidOutElement[] = [];
  const links: LaidOutLink[] = [];
  const add = (kind: ElementKind, name: string, x: number, y: number, w: number, label: string, sublabel: string | null, h: number = LAYOUT.rowH) => {
    const e: LaidOutElement = { key: elementKey(n.name, kind, name), kind, name, node: n.name, x: x0 + x, y, w, h, label, sublabel };
    els.push(e);
    return e;
  };
  const shown = n.pods.slice(0, LAYOUT.maxPods);
  if (n.pods.length > shown.length) out.hiddenPods[n.name] = n.pods.length - shown.length;
  const uplinks = n.uplinks.length ? n.uplinks : [];
  const rows = Math.max(shown.length, 2 + uplinks.length, 3);
  const top = y0;
  const bodyBottom = rowY(top, rows - 1) + LAYOUT.rowH;
  const vpp = add('vpp', 'vpp', LAYOUT.vpp.x, rowY(top, 0), LAYOUT.vpp.w, 'VPP', 'graph nodes', bodyBottom - rowY(top, 0));
  const attach = (e: LaidOutElement, side: 'left' | 'right') => {
    const ey = e.y + e.h / 2;
    const from: [number, number] = side === 'left' ? [e.x + e.w, ey] : [e.x, ey];
    const to: [number, number] = side === 'left' ? [vpp.x, ey] : [vpp.x + vpp.w, ey];
    links.push({ key: `${e.key}~vpp`, from: e.key, to: vpp.key, d: hLink({ source: from, target: to }) ?? '', kind: 'attach', label: null });
  };
  shown.forEach((p, i) => {
    const y = rowY(top, i);
    const podName = p.namespace ? `${p.namespace}/${p.name}` : p.name;
    const pod = add('pod', podName, LAYOUT.pod.x, y, LAYOUT.pod.w, p.name, [p.namespace, p.ip].filter(Boolean).join(' · ') || null);
    if (p.tun) {
      const tun = add('tun', p.tun, LAYOUT.tun.x, y + 8, LAYOUT.tun.w, p.tun, null, LAYOUT.rowH - 16);
      links.push({
        key: `${pod.key}~${tun.key}`,
        from: pod.key,
        to: tun.key,
        d: hLink({ source: [pod.x + pod.w, y + LAYOUT.rowH / 2], target: [tun.x, y + LAYOUT.rowH / 2] }) ?? '',
        kind: 'veth',
        label: 'eth0',
      });
      attach(tun, 'left');
    }
  });
  if (n.tap) {
    const y = rowY(top, 0);
    const tap = add('tap', n.tap, LAYOUT.tap.x, y + 8, LAYOUT.tap.w, n.tap, null, LAYOUT.rowH - 16);
    const host = add('host', 'host', LAYOUT.host.x, y, LAYOUT.host.w, 'Linux host', 'kubelet · services');
    attach(tap, 'right');
    links.push({ key: `${tap.key}~${host.key}`, from: tap.key, to: host.key, d: hLink({ source: [tap.x + tap.w, y + LAYOUT.rowH / 2], target: [host.x, y + LAYOUT.rowH / 2] }) ?? '', kind: 'host', label: null });
  }
  const phys: LaidOutElement[] = [];
  uplinks.forEach((u, i) => {
    const y = rowY(top, 2 + i);
    const facts = n.interfaces[u];
    const phy = add('phy', u, LAYOUT.tap.x, y + 8, LAYOUT.host.x + LAYOUT.host.w - LAYOUT.tap.x, u, facts?.driver ?? 'uplink', LAYOUT.rowH - 16);
    attach(phy, 'right');
    phys.push(phy);
  });
  const bottom = bodyBottom + LAYOUT.pad;
  const frame: LaidOutElement = {
    key: elementKey(n.name, 'node', n.name),
    kind: 'node',
    name: n.name,
    node: n.name,
    x: x0,
    y: y0,
    w: LAYOUT.nodeW,
    h: bottom - y0,
    label: n.name,
    sublabel: n.address,
  };
  out.elements.push(frame, ...els);
  out.links.push(...links);
  return { bottom, phys };
}

export interface LayoutOptions {
  /** Node cards per row (default: all in one row). */
  columns?: number;
}

/**
 * Lays out the schematic: node cards in a grid (`columns` per row), the underlay network as a line
 * under each row joining its uplinks (rows joined by a line on the left); with one column, a line on
 * the right joins every uplink.
 */
export function layoutSchematic(model: SchematicModel, opts: LayoutOptions = {}): SchematicLayout {
  const out: SchematicLayout = { width: 0, height: 0, elements: [], links: [], network: null, hiddenPods: {} };
  const n = model.nodes.length;
  const columns = Math.max(1, Math.min(opts.columns ?? n, n || 1));
  const label = model.encapsulation ? `underlay network (${model.encapsulation} between nodes)` : 'underlay network';
  const allPhys: LaidOutElement[] = [];
  let top: number = LAYOUT.margin;
  let maxRight: number = LAYOUT.margin;
  const rowBuses: { y: number; x1: number; x2: number }[] = [];
  for (let r = 0; r * columns < n; r++) {
    let x: number = LAYOUT.margin + (columns === 1 ? 0 : 0);
    let rowBottom = top;
    const rowPhys: LaidOutElement[] = [];
    for (const node of model.nodes.slice(r * columns, (r + 1) * columns)) {
      const { bottom, phys } = layoutNode(node, x, top, out);
      rowBottom = Math.max(rowBottom, bottom);
      rowPhys.push(...phys);
      x += LAYOUT.nodeW + LAYOUT.nodeGap;
    }
    maxRight = Math.max(maxRight, x - LAYOUT.nodeGap);
    allPhys.push(...rowPhys);
    if (columns > 1 && rowPhys.length) {
      const y = rowBottom + LAYOUT.networkGap / 2;
      for (const p of rowPhys) {
        const px = p.x + p.w / 2;
        out.links.push({ key: `${p.key}~network`, from: p.key, to: 'network', d: vLink({ source: [px, p.y + p.h], target: [px, y] }) ?? '', kind: 'wire', label: null });
      }
      rowBuses.push({ y, x1: LAYOUT.margin, x2: x - LAYOUT.nodeGap });
      rowBottom = y + 24;
    }
    top = rowBottom + LAYOUT.nodeGap / 2;
  }
  let bottom = top - LAYOUT.nodeGap / 2;
  let right = maxRight;
  if (allPhys.length && columns === 1) {
    // One column: a vertical line right of the cards joins the uplinks.
    const bx = maxRight + LAYOUT.networkGap;
    const ys = allPhys.map((p) => p.y + p.h / 2);
    for (const p of allPhys) {
      const py = p.y + p.h / 2;
      out.links.push({ key: `${p.key}~network`, from: p.key, to: 'network', d: hLink({ source: [p.x + p.w, py], target: [bx, py] }) ?? '', kind: 'wire', label: null });
    }
    out.network = { x1: bx, x2: bx, y1: Math.min(...ys) - 20, y2: Math.max(...ys) + 20, label };
    right = bx + 16;
  } else if (rowBuses.length) {
    const first = rowBuses[0]!;
    const last = rowBuses[rowBuses.length - 1]!;
    out.network = { x1: first.x1, x2: Math.max(...rowBuses.map((b) => b.x2)), y1: last.y, y2: last.y, label, rows: rowBuses.map((b) => ({ x1: b.x1, x2: b.x2, y: b.y })) };
    bottom = Math.max(bottom, last.y + 24);
  }
  out.width = right + LAYOUT.margin;
  out.height = bottom + LAYOUT.margin;
  return out;
}

/** The number of columns that shows the drawing largest in a box of this size. */
export function bestColumns(model: SchematicModel, width: number, height: number): number {
  let best = 1;
  let bestScale = 0;
  for (let c = 1; c <= Math.max(1, model.nodes.length); c++) {
    const l = layoutSchematic(model, { columns: c });
    const scale = Math.min(width / l.width, height / l.height);
    if (scale > bestScale * 1.02) {
      best = c;
      bestScale = scale;
    }
  }
  return best;
}
