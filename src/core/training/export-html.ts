// A lesson or a walkthrough as ONE self-contained HTML file: inline CSS, inline SVG, no scripts, no
// external resources (a Content-Security-Policy forbids them), every text from a trace escaped.
import type { HopPlace } from '../diagram';
import { escapeHtml as esc, inlineHtml } from './format';
import { schematicSvg, type SvgHighlight } from './svg';
import type { AnnotatedLine, Lesson, LineRef, NarratedStep, Walkthrough, WalkthroughDocument } from './types';
import { flowText, natText } from './words';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg2:#f6f8fa; --accent:#0969da; --drop:#cf222e; --nat:#8250df; --ok:#1a7f37; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 28px; margin: 4px 0 8px; } h2 { font-size: 21px; margin: 36px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.kicker { color: var(--muted); margin: 0; font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
.goal { font-size: 17px; background: #ddf4ff; border-left: 4px solid var(--accent); padding: 8px 12px; }
code, pre, .lines { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
p code, li code, dd code, h3 code { background: var(--bg2); padding: 1px 4px; border-radius: 4px; }
figure { margin: 12px 0; overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
ol.steps { list-style: none; padding: 0; counter-reset: step; }
li.step { border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 8px; padding: 12px 14px; margin: 12px 0; }
li.step.tone-drop, li.step.tone-policy { border-left-color: var(--drop); }
li.step.tone-nat { border-left-color: var(--nat); }
li.step.tone-exit, li.step.tone-enter { border-left-color: var(--ok); }
li.step.tone-unknown { border-left-color: #9a6700; background: #fff8c5; }
li.step.minor { opacity: .85; }
.where { color: var(--muted); font-size: 13px; }
.lesson-note { font-weight: 600; }
.linesbox { overflow-x: auto; margin: 8px 0; background: var(--bg2); border-radius: 6px; }
table.lines { border-collapse: collapse; min-width: 100%; }
table.lines td { padding: 1px 8px; vertical-align: top; white-space: pre; }
table.lines td.ln { color: var(--muted); text-align: right; user-select: none; }
table.lines td.note { white-space: normal; color: var(--accent); font-family: system-ui, sans-serif; min-width: 220px; }
pre.raw { background: var(--bg2); padding: 10px; border-radius: 6px; overflow-x: auto; line-height: 1.35; }
pre.raw .ln { color: var(--muted); user-select: none; }
pre.raw .hl { background: #fff8c5; display: inline-block; min-width: 100%; }
.checks { color: var(--muted); }
.question { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 12px 0; }
.question ol { margin: 6px 0; }
details summary { cursor: pointer; color: var(--accent); }
.right { color: var(--ok); font-weight: 600; } .wrong { color: var(--drop); }
dl.commands dt { font-family: ui-monospace, monospace; background: var(--bg2); padding: 4px 8px; border-radius: 4px; margin-top: 10px; white-space: pre-wrap; word-break: break-all; }
dl.commands dd { margin: 2px 0 0 8px; color: var(--muted); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; }
footer { margin-top: 48px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print { li.step, .question { break-inside: avoid; } }
`;

function page(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="vpp-pathviz">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function placeText(p: HopPlace | null): string {
  if (!p) return '';
  switch (p.kind) {
    case 'pod':
      return `in pod ${p.name}`;
    case 'tun':
      return `on ${p.name} (pod interface)`;
    case 'tap':
      return `on ${p.name} (towards the host)`;
    case 'host':
      return 'on the Linux host';
    case 'phy':
      return `on the uplink ${p.name}`;
    default:
      return 'inside VPP';
  }
}

function pathText(path: HopPlace[]): string {
  return path.map((p) => (p.kind === 'vpp' ? 'VPP' : p.kind === 'host' ? 'host' : p.name)).join(' → ');
}

function linesTable(lines: AnnotatedLine[]): string {
  if (lines.length === 0) return '';
  const rows = lines.map((l) => `<tr data-line="${l.line}"><td class="ln">${l.line}</td><td class="t">${esc(l.text)}</td><td class="note">${l.note ? `← ${esc(l.note)}` : ''}</td></tr>`);
  return `<div class="linesbox"><table class="lines"><tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}

function stepHtml(s: NarratedStep, n: number, extra: { packetTitle?: string; lesson?: string | null; k8sNode?: string | null }): string {
  const out: string[] = [];
  out.push(`<li class="step tone-${s.tone}${s.minor ? ' minor' : ''}" id="step-${n}" data-step="${n}" data-hop="${s.hop}" data-node="${esc(s.node)}">`);
  out.push(`<h3>Step ${n} · ${esc(s.title)}</h3>`);
  const where = [extra.packetTitle, extra.k8sNode ? `on ${extra.k8sNode}` : null, placeText(s.place) || null, `hop ${s.hop + 1}`].filter(Boolean).join(' · ');
  out.push(`<p class="where">${esc(where)}</p>`);
  if (extra.lesson) out.push(`<p class="lesson-note">${inlineHtml(extra.lesson)}</p>`);
  for (const t of s.text) out.push(`<p>${inlineHtml(t)}</p>`);
  out.push(linesTable(s.lines));
  if (s.nextChecks.length) out.push(`<p class="checks">Next checks:</p><ul class="checks">${s.nextChecks.map((c) => `<li>${inlineHtml(c)}</li>`).join('')}</ul>`);
  out.push('</li>');
  return out.join('\n');
}

function rawHtml(raw: LineRef[], highlighted: Set<number>): string {
  if (raw.length === 0) return '<p class="where">No text lines (binary capture).</p>';
  const w = String(raw[raw.length - 1]!.line).length;
  const body = raw.map((l) => {
    const t = `<span class="ln">${String(l.line).padStart(w)}  </span>${esc(l.text)}`;
    return highlighted.has(l.line) ? `<span class="hl">${t}</span>` : t;
  });
  return `<pre class="raw">${body.join('\n')}</pre>`;
}

function factsHtml(w: { facts: Walkthrough['facts'] }): string {
  const f = w.facts;
  const rows: [string, string][] = [];
  if (f.flow) rows.push(['Flow', flowText(f.flow)]);
  if (f.ingress) rows.push(['Entered', `${f.ingress.node}${f.ingress.interface ? ` on ${f.ingress.interface}` : ''}`]);
  rows.push(['Verdict', `${f.verdict}${f.dropReason ? ` — ${f.dropReason}` : ''}`]);
  if (f.egress) rows.push(['Left on', f.egress.interface]);
  for (const n of f.nat) rows.push(['NAT', `${n.node}: ${natText(n)}`]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** One lesson as a self-contained HTML page. */
export function lessonToHtml(l: Lesson): string {
  const body: string[] = [];
  body.push(`<header><p class="kicker">VPP Path Visualizer · lesson</p><h1>${esc(l.title)}</h1><p class="goal"><strong>Goal:</strong> ${inlineHtml(l.goal)}</p></header>`);
  body.push('<section id="intro">');
  for (const t of l.intro) body.push(`<p>${inlineHtml(t)}</p>`);
  body.push('</section>');
  body.push('<section id="topology"><h2>The path on the topology</h2>');
  const hl: SvgHighlight[] = l.packets.map((p, i) => ({ node: p.k8sNode, path: p.path, label: l.packets.length > 1 ? String(i + 1) : undefined }));
  body.push(`<figure>${schematicSvg(l.topology, hl, `Topology of the lesson ${l.title}`)}<figcaption>${l.packets.map((p, i) => `${l.packets.length > 1 ? `${i + 1}. ` : ''}${esc(p.title)} (${esc(p.k8sNode)}): ${esc(pathText(p.path))}`).join('<br>')}</figcaption></figure>`);
  for (const [i, p] of l.packets.entries()) body.push(`<h3>${l.packets.length > 1 ? `${i + 1}. ` : ''}${esc(p.title)}</h3><p>${inlineHtml(p.story)}</p>${factsHtml(p)}`);
  body.push('</section>');
  body.push(`<section id="steps"><h2>Steps (${l.steps.length})</h2><ol class="steps">`);
  l.steps.forEach((s, i) => {
    const p = l.packets[s.packet]!;
    body.push(stepHtml(s, i + 1, { packetTitle: p.title, lesson: s.lesson, k8sNode: p.k8sNode }));
  });
  body.push('</ol></section>');
  body.push(`<section id="questions"><h2>Questions (${l.questions.length})</h2>`);
  l.questions.forEach((q, i) => {
    const right = q.choices.find((c) => c.id === q.correct)!;
    body.push(`<div class="question" id="question-${esc(q.id)}" data-question="${esc(q.id)}">`);
    body.push(`<p><strong>${i + 1}.</strong> ${inlineHtml(q.prompt)}</p>`);
    body.push(`<ol type="a">${q.choices.map((c) => `<li>${inlineHtml(c.text)}</li>`).join('')}</ol>`);
    body.push(`<details><summary>Answer and feedback</summary><p class="right">Answer: ${esc(right.id)}) ${inlineHtml(right.text)}</p><ul>${q.choices.map((c) => `<li><span class="${c.id === q.correct ? 'right' : 'wrong'}">${esc(c.id)})</span> ${inlineHtml(c.feedback)}</li>`).join('')}</ul></details>`);
    body.push('</div>');
  });
  body.push('</section>');
  body.push('<section id="summary"><h2>Summary</h2>');
  for (const t of l.summary.text) body.push(`<p>${inlineHtml(t)}</p>`);
  body.push('<h3>Try it on a real cluster</h3><dl class="commands">');
  for (const c of l.summary.commands) body.push(`<dt>${esc(c.command)}</dt><dd>${inlineHtml(c.why)}</dd>`);
  body.push('</dl></section>');
  body.push('<section id="trace"><h2>The trace</h2>');
  for (const [i, p] of l.packets.entries()) {
    const hi = new Set(l.steps.filter((s) => s.packet === i).flatMap((s) => s.lines.map((x) => x.line)));
    body.push(`<h3>${esc(p.input)} — Packet ${p.number} (thread ${p.thread})</h3>`);
    body.push(rawHtml(p.raw, hi));
  }
  body.push('</section>');
  body.push(`<footer>Generated by vpp-pathviz from the simulated scenario <code>${esc(l.scenario)}</code>. Line numbers refer to the trace files shown above.</footer>`);
  return page(`${l.title} — VPP Path Visualizer lesson`, body);
}

/** A walkthrough document (explain a trace) as a self-contained HTML page. */
export function walkthroughToHtml(doc: WalkthroughDocument): string {
  const body: string[] = [];
  body.push(`<header><p class="kicker">VPP Path Visualizer · walkthrough</p><h1>${esc(doc.title)}</h1></header>`);
  for (const t of doc.intro) body.push(`<p>${inlineHtml(t)}</p>`);
  if (doc.topology && doc.topology.nodes.length) {
    const hl: SvgHighlight[] = doc.walkthroughs.map((w, i) => ({ node: w.k8sNode ?? w.input, path: w.path, label: doc.walkthroughs.length > 1 ? String(i + 1) : undefined }));
    body.push(`<figure>${schematicSvg(doc.topology, hl, 'Topology inferred from the trace')}<figcaption>Inferred from the packets (interfaces they crossed); pods are named by interface.</figcaption></figure>`);
  }
  if (doc.walkthroughs.length === 0) body.push('<p>No packets to explain.</p>');
  doc.walkthroughs.forEach((w, wi) => {
    body.push(`<section class="walkthrough" id="packet-${wi + 1}" data-journey="${esc(w.id)}">`);
    const n = doc.counts[w.id];
    body.push(`<h2>${wi + 1}. ${esc(w.title)}</h2>`);
    body.push(`<p class="where">${esc(w.input)}${w.thread !== null ? ` · thread ${w.thread}` : ''}${w.number !== null ? ` · Packet ${w.number}` : ''}${n && n > 1 ? ` · ${n} packets took this path` : ''}</p>`);
    body.push(`<p>${inlineHtml(w.story)}</p>${factsHtml(w)}`);
    body.push('<ol class="steps">');
    w.steps.forEach((s, i) => body.push(stepHtml(s, i + 1, { k8sNode: null })));
    body.push('</ol>');
    if (w.nextChecks.length) body.push(`<h3>What to check next</h3><ul class="checks">${w.nextChecks.map((c) => `<li>${inlineHtml(c)}</li>`).join('')}</ul>`);
    body.push('<h3>Raw lines</h3>');
    body.push(rawHtml(w.raw, new Set(w.steps.flatMap((s) => s.lines.map((x) => x.line)))));
    body.push('</section>');
  });
  body.push('<footer>Generated by vpp-pathviz. The narration comes from the node glossary and the decoded trace lines; nodes the glossary does not know are marked unknown.</footer>');
  return page(`${doc.title} — VPP Path Visualizer`, body);
}
