// The topology schematic as one standalone SVG string (for the HTML export): the same layout as the
// app's topology view (core/diagram), with the packet's path drawn on it. Presentation attributes only
// (no CSS, no fonts, no links), every text escaped.
import { layoutSchematic, type HopPlace, type LaidOutElement, type SchematicModel } from '../diagram';
import { escapeHtml } from './format';

export interface SvgHighlight {
  /** The Kubernetes node the path is on. */
  node: string;
  path: HopPlace[];
  /** Where the packet is (drawn bolder). */
  current?: HopPlace | null;
  /** 1-based number drawn on the path's elements' corner (packet number in a lesson). */
  label?: string;
}

const COLORS: Record<string, { fill: string; stroke: string }> = {
  node: { fill: '#f6f8fa', stroke: '#8c959f' },
  pod: { fill: '#ffffff', stroke: '#57606a' },
  tun: { fill: '#ddf4ff', stroke: '#0969da' },
  vpp: { fill: '#fff8c5', stroke: '#9a6700' },
  tap: { fill: '#fbefff', stroke: '#8250df' },
  host: { fill: '#ffffff', stroke: '#57606a' },
  phy: { fill: '#dafbe1', stroke: '#1a7f37' },
};
const PATH = '#cf222e';

function matches(e: LaidOutElement, p: HopPlace): boolean {
  return e.kind === p.kind && e.name === p.name;
}

/** Renders the schematic with the given paths highlighted; `title` is the SVG's accessible name. */
export function schematicSvg(model: SchematicModel, highlights: SvgHighlight[], title: string): string {
  const l = layoutSchematic(model);
  const on = (e: LaidOutElement) => highlights.filter((h) => h.node === e.node && e.kind !== 'node' && h.path.some((p) => matches(e, p)));
  const cur = (e: LaidOutElement) => highlights.some((h) => h.node === e.node && h.current && matches(e, h.current));
  const byKey = new Map(l.elements.map((e) => [e.key, e]));
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${Math.ceil(l.width)} ${Math.ceil(l.height)}" width="${Math.ceil(l.width)}" height="${Math.ceil(l.height)}" role="img" aria-label="${escapeHtml(title)}" font-family="sans-serif" font-size="12">`);
  out.push(`<title>${escapeHtml(title)}</title>`);
  // Node frames first.
  for (const e of l.elements.filter((x) => x.kind === 'node')) {
    const c = COLORS.node!;
    out.push(`<g data-kind="node" data-name="${escapeHtml(e.name)}"><rect x="${e.x}" y="${e.y}" width="${e.w}" height="${e.h}" rx="10" fill="${c.fill}" stroke="${c.stroke}"/>`);
    out.push(`<text x="${e.x + 14}" y="${e.y + 24}" font-size="14" font-weight="bold" fill="#24292f">${escapeHtml(e.label)}${e.sublabel ? ` <tspan font-weight="normal" fill="#57606a">${escapeHtml(e.sublabel)}</tspan>` : ''}</text></g>`);
  }
  // Links; a link is on the path when both of its ends are.
  for (const k of l.links) {
    const a = byKey.get(k.from);
    const b = k.to === 'network' ? null : byKey.get(k.to);
    const lit = !!a && on(a).length > 0 && (b ? on(b).length > 0 : a.kind === 'phy');
    out.push(`<path d="${escapeHtml(k.d)}" fill="none" stroke="${lit ? PATH : '#8c959f'}" stroke-width="${lit ? 3 : 1.5}"${lit ? ' data-on-path="true"' : ''}/>`);
    if (k.label && a) out.push(`<text x="${a.x + a.w + 4}" y="${a.y + a.h / 2 - 4}" font-size="10" fill="#57606a">${escapeHtml(k.label)}</text>`);
  }
  if (l.network) {
    const lit = highlights.some((h) => h.path.some((p) => p.kind === 'phy'));
    const net = l.network;
    const stroke = `stroke="${lit ? PATH : '#57606a'}" stroke-width="${lit ? 3 : 2}"`;
    const rows = net.rows ?? [];
    if (rows.length) {
      for (const r of rows) out.push(`<line x1="${r.x1}" y1="${r.y}" x2="${r.x2}" y2="${r.y}" ${stroke}/>`);
      if (rows.length > 1) out.push(`<line x1="${net.x1 - 12}" y1="${rows[0]!.y}" x2="${net.x1 - 12}" y2="${net.y1}" ${stroke}/>`);
    } else out.push(`<line x1="${net.x1}" y1="${net.y1}" x2="${net.x2}" y2="${net.y2}" ${stroke}/>`);
    if (net.x1 === net.x2) out.push(`<text x="${net.x1 + 8}" y="${net.y1 + 4}" transform="rotate(90 ${net.x1 + 8} ${net.y1 + 4})" fill="#57606a">${escapeHtml(net.label)}</text>`);
    else out.push(`<text x="${net.x1}" y="${net.y1 + 18}" fill="#57606a">${escapeHtml(net.label)}</text>`);
  }
  for (const e of l.elements.filter((x) => x.kind !== 'node')) {
    const c = COLORS[e.kind] ?? COLORS.pod!;
    const hs = on(e);
    const lit = hs.length > 0;
    const now = cur(e);
    out.push(`<g data-kind="${e.kind}" data-name="${escapeHtml(e.name)}"${lit ? ' data-on-path="true"' : ''}${now ? ' data-current="true"' : ''}>`);
    out.push(`<rect x="${e.x}" y="${e.y}" width="${e.w}" height="${e.h}" rx="6" fill="${c.fill}" stroke="${lit ? PATH : c.stroke}" stroke-width="${now ? 4 : lit ? 2.5 : 1}"/>`);
    const cy = e.sublabel ? e.y + e.h / 2 - 2 : e.y + e.h / 2 + 4;
    out.push(`<text x="${e.x + e.w / 2}" y="${cy}" text-anchor="middle" fill="#24292f">${escapeHtml(e.label)}</text>`);
    if (e.sublabel) out.push(`<text x="${e.x + e.w / 2}" y="${cy + 14}" text-anchor="middle" font-size="10" fill="#57606a">${escapeHtml(e.sublabel)}</text>`);
    const labels = hs.map((h) => h.label).filter((x): x is string => !!x);
    if (labels.length) out.push(`<text x="${e.x + e.w - 4}" y="${e.y + 11}" text-anchor="end" font-size="10" font-weight="bold" fill="${PATH}">${escapeHtml(labels.join(','))}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n');
}
