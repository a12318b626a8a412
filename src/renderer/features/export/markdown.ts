// A journey as a Markdown step list, for tickets and teaching: one numbered step per hop with what
// the node did, the time since the previous hop, NAT before/after and the drop reason.
import type { Flow } from '../../../core/model';
import { formatMicros } from '../../../core/diagram/waterfall';
import type { JourneyView } from '../../workers/protocol';

function flow(f: Flow | null): string {
  if (!f) return 'no IP flow';
  const p = (a: string, port: number | null) => (port !== null ? `${a}:${port}` : a);
  return `${f.protocol} ${p(f.src, f.srcPort)} → ${p(f.dst, f.dstPort)}`;
}

function escape(s: string): string {
  return s.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

export function journeyMarkdown(v: JourneyView): string {
  const j = v.journey;
  const out: string[] = [];
  out.push(`# Packet ${escape(j.id)} — ${j.verdict}`);
  out.push('');
  out.push(`- **Flow:** \`${flow(j.flow)}\``);
  out.push(`- **Node:** ${escape(v.node)}`);
  out.push(`- **Source:** ${escape(j.input)} (${j.source})`);
  out.push(`- **Ingress → egress:** ${escape(j.ingress?.interface ?? j.ingress?.node ?? '?')} → ${escape(j.egress?.interface ?? (j.verdict === 'dropped' ? 'dropped' : '–'))}`);
  if (j.dropReason) out.push(`- **Drop reason:** ${escape(j.dropReason)}`);
  for (const n of j.nat) out.push(`- **NAT at \`${n.node}\`:** \`${flow(n.before)}\` ⇒ \`${flow(n.after)}\``);
  out.push('');
  out.push('## Steps');
  out.push('');
  j.hops.forEach((h, i) => {
    const info = v.info[i];
    const dt = h.deltaUs !== null && i > 0 ? ` (+${formatMicros(h.deltaUs)})` : '';
    out.push(`${i + 1}. **\`${h.node}\`**${dt} — ${escape(info?.summary ?? h.explanation ?? 'no glossary entry')}`);
    if (h.detail.nat) out.push(`   - NAT: \`${flow(h.detail.nat.before)}\` ⇒ \`${flow(h.detail.nat.after)}\``);
    if (h.detail.reason) out.push(`   - Reason: ${escape(h.detail.reason.text)}`);
    if (info?.reasonExplained) out.push(`   - Why: ${escape(info.reasonExplained)}`);
    if (i === j.hops.length - 1 && j.verdict === 'dropped') for (const c of info?.nextChecks ?? []) out.push(`   - Check next: ${c}`);
  });
  out.push('');
  out.push('<details><summary>Raw trace lines</summary>');
  out.push('');
  out.push('```');
  for (const h of j.hops) {
    out.push(`${h.timestamp ?? ''}: ${h.node}`);
    for (const l of h.lines) out.push(l.replace(/```/g, "'''"));
  }
  out.push('```');
  out.push('');
  out.push('</details>');
  out.push('');
  return out.join('\n');
}
