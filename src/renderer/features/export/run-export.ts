// Export: the diagram as SVG / PNG, the journey as Markdown, the listed packets as pcap or JSON, or
// straight into Wireshark (when the host found one).
import type { MenuCommand } from '../../../core/ipc/contract';
import { analysis, saveBytes, showView, toast } from '../../app/actions';
import { store } from '../../app/store';
import { bridge } from '../../ipc/api';
import { journeyMarkdown } from './markdown';
import { standaloneSvg, svgToPng } from './svg';

const encoder = new TextEncoder();

function baseName(): string {
  const s = store.get();
  const t = (s.session?.title ?? 'vpp-pathviz').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return t.slice(0, 60) || 'vpp-pathviz';
}

async function topologySvg(): Promise<SVGSVGElement | null> {
  let svg = document.querySelector<SVGSVGElement>('svg[data-testid="topology"]');
  if (!svg) {
    showView('topology');
    for (let i = 0; i < 20 && !svg; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      svg = document.querySelector<SVGSVGElement>('svg[data-testid="topology"]');
    }
  }
  return svg;
}

function listedRows(): number[] {
  const s = store.get();
  if (!s.session) return [];
  if (s.filtered) return [...s.filtered];
  return Array.from({ length: s.session.rows.count }, (_, i) => i);
}

export async function runExport(what: Extract<MenuCommand, `export-${string}`>): Promise<void> {
  try {
    const s = store.get();
    if (!s.session) return toast('Open something first');
    if (what === 'export-svg' || what === 'export-png') {
      const svg = await topologySvg();
      if (!svg) return toast('There is no diagram to export');
      const { text, width, height } = standaloneSvg(svg);
      if (what === 'export-svg') return await saveBytes(`${baseName()}-topology.svg`, encoder.encode(text), 'image/svg+xml');
      return await saveBytes(`${baseName()}-topology.png`, await svgToPng(text, width, height), 'image/png');
    }
    if (what === 'export-markdown') {
      if (!s.journey) return toast('Select a packet first');
      return await saveBytes(`${baseName()}-packet-${s.journey.journey.id.replace(/[^A-Za-z0-9]+/g, '-')}.md`, encoder.encode(journeyMarkdown(s.journey)), 'text/markdown');
    }
    const rows = listedRows();
    if (rows.length === 0) return toast('No packets to export');
    if (what === 'export-pcap') {
      const r = await analysis.request({ type: 'export-pcap', rows });
      if (r.count === 0) return toast(r.note ?? 'These packets have no bytes to export');
      await saveBytes(`${baseName()}-packets.${r.format}`, r.bytes, 'application/vnd.tcpdump.pcap');
      if (r.note) toast(r.note);
      return;
    }
    const json = await analysis.request({ type: 'export-json', rows });
    await saveBytes(`${baseName()}-packets.json`, encoder.encode(json), 'application/json');
  } catch (e) {
    toast(`Export failed: ${(e as Error).message}`);
  }
}

/** Builds the pcap of the listed packets (as export-pcap does) and has the host open it in Wireshark. */
export async function openListedInWireshark(): Promise<void> {
  try {
    const b = bridge();
    if (!b || !store.get().info?.wireshark) return toast('Wireshark was not found on this machine');
    if (!store.get().session) return toast('Open something first');
    const rows = listedRows();
    if (rows.length === 0) return toast('No packets to open');
    const r = await analysis.request({ type: 'export-pcap', rows });
    if (r.count === 0) return toast(r.note ?? 'These packets have no bytes to open');
    const res = await b.app.openInWireshark({ name: `${baseName()}-packets.${r.format}`, bytes: r.bytes });
    toast(res.ok ? `Opened ${r.count} packet${r.count === 1 ? '' : 's'} in Wireshark${r.note ? ` (${r.note})` : ''}` : res.message);
  } catch (e) {
    toast(`Open in Wireshark failed: ${(e as Error).message}`);
  }
}
