// Question generators. Every correct answer is computed from the packet's journey (its NAT changes,
// ingress, egress, drop reason, the hop that changed the TTL…), never written by hand, so a lesson stays
// right when the simulator changes. Each choice carries its own feedback.
import { explainDropReason, nodeInfo } from '../knowledge';
import type { Journey, JourneyHop } from '../model';
import type { Choice, Question } from './types';
import { endpoint, interfaceRole, interfaceWords, natKind, natText, type WhoIs } from './words';
import type { SchematicNode } from '../diagram';

/** What a question generator needs to know about one packet of a lesson. */
export interface QuestionPacket {
  journey: Journey;
  k8sNode: string;
  schematic: SchematicNode | null;
  whoIs: WhoIs;
  /** Lesson step index of a hop of this packet, when the lesson narrates that hop. */
  stepOfHop(hop: number): number | null;
  /** VPP version of the node (input node names depend on it). */
  vppVersion: string;
  /** Input node of the node's uplink driver (dpdk-input, af-packet-input…). */
  uplinkInput: string;
}

export interface Draft {
  id: string;
  prompt: string;
  correct: { text: string; feedback: string };
  wrong: { text: string; feedback: string }[];
  step: number | null;
}

/** A small deterministic hash (FNV-1a) used to order the choices. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const IDS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** A question from its parts: the choices are ordered deterministically (the correct one is not always first). */
export function makeQuestion(d: Draft, salt: string): Question {
  return finish(d, salt);
}

/** Orders the choices deterministically (the correct one is not always first) and assigns ids. */
function finish(d: Draft, salt: string): Question {
  const all = [{ ...d.correct, ok: true }, ...dedupe(d.wrong, d.correct.text).slice(0, 3).map((w) => ({ ...w, ok: false }))];
  const keyed = all.map((c, i) => ({ c, k: hash(`${salt}/${d.id}/${c.text}/${i}`) }));
  keyed.sort((a, b) => a.k - b.k);
  const choices: Choice[] = keyed.map((x, i) => ({ id: IDS[i]!, text: x.c.text, feedback: x.c.feedback }));
  const correct = choices[keyed.findIndex((x) => x.c.ok)]!.id;
  return { id: d.id, prompt: d.prompt, choices, correct, step: d.step };
}

function dedupe<T extends { text: string }>(xs: T[], not: string): T[] {
  const seen = new Set([not]);
  return xs.filter((x) => (seen.has(x.text) ? false : (seen.add(x.text), true)));
}

function hopIndex(j: Journey, pred: (h: JourneyHop, i: number) => boolean): number {
  return j.hops.findIndex(pred);
}

function lineOfHop(h: JourneyHop): string {
  return h.line !== null ? `line ${h.line}` : 'its record';
}

function summaryOf(node: string): string {
  const s = nodeInfo(node)?.summary ?? 'is not in the glossary';
  return s[0]!.toLowerCase() + s.slice(1).replace(/\.$/, '');
}

/** "Which node changed the destination (or source) address?" — the journey's NAT change. */
export function natNodeQuestion(p: QuestionPacket, salt: string, which: 'destination' | 'source', id = `nat-${which}`): Question | null {
  const j = p.journey;
  const n = j.nat.find((x) => {
    const k = natKind(x);
    return k === which || k === 'both';
  });
  if (!n) return null;
  const k = hopIndex(j, (h) => h.node === n.node && (h.detail.nat !== null || h.detail.natRewrite != null));
  const at = k >= 0 ? j.hops[k]! : j.hops.find((h) => h.node === n.node)!;
  const sessionLine = at.detail.nat?.line ?? at.detail.natRewrite?.line ?? at.line;
  const change = natText(n, p.whoIs);
  const correct = {
    text: `\`${n.node}\``,
    feedback: `Right: \`${n.node}\` printed the session${sessionLine !== null ? ` at line ${sessionLine}` : ''}, \`[before] => after\`: ${change}. ${which === 'destination' ? 'Rewriting the destination address is destination NAT (DNAT).' : 'Rewriting the source address is source NAT (SNAT).'}`,
  };
  const wrong: Draft['wrong'] = [];
  const candidates = j.hops
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.node !== n.node && nodeInfo(h.node) !== null && !['drop', 'error-drop'].includes(h.node));
  const pick = (pred: (h: JourneyHop) => boolean) => candidates.find(({ h }) => pred(h) && !wrong.some((w) => w.text === `\`${h.node}\``));
  const other = [
    pick((h) => (nodeInfo(h.node)?.tags ?? []).includes('nat')),
    pick((h) => (nodeInfo(h.node)?.tags ?? []).includes('lookup')),
    pick((h) => (nodeInfo(h.node)?.tags ?? []).includes('rewrite')),
    pick((h) => (nodeInfo(h.node)?.tags ?? []).includes('rx')),
  ];
  for (const o of other) {
    if (!o) continue;
    const isNat = (nodeInfo(o.h.node)?.tags ?? []).includes('nat');
    const state = o.h.detail.fields.find((f) => f.name === 'cnat state');
    const why = isNat && state
      ? `it printed \`${state.value.trim()}\` (line ${state.line}): it did not translate this packet`
      : `it ${summaryOf(o.h.node)}`;
    wrong.push({ text: `\`${o.h.node}\``, feedback: `Not this one: ${why}. The ${which} address changes at \`${n.node}\`${sessionLine !== null ? ` (line ${sessionLine})` : ''}.` });
  }
  return finish(
    {
      id,
      prompt: `Which node changed the ${which} address of this packet${j.nat.length && p.k8sNode ? ` on ${p.k8sNode}` : ''}?`,
      correct,
      wrong,
      step: k >= 0 ? p.stepOfHop(k) : null,
    },
    salt,
  );
}

/** "Where would you add the trace?" — the journey's input node. */
export function traceWhereQuestion(p: QuestionPacket, salt: string, id = 'trace-where'): Question | null {
  const j = p.journey;
  const ing = j.ingress;
  if (!ing) return null;
  const count = 50;
  const fromIf = ing.interface ? interfaceWords(ing.interface, p.schematic) : 'its input interface';
  const correct = {
    text: `\`trace add ${ing.node} ${count}\``,
    feedback: `Right: the packet enters VPP through \`${ing.node}\` (the first entry of its record, ${lineOfHop(j.hops[0]!)}), coming from ${fromIf}. A trace must start at the input node the packet arrives on.`,
  };
  const wrong: Draft['wrong'] = [];
  const podSide = ing.node === 'virtio-input' || ing.node === 'tap-input';
  if (podSide && p.uplinkInput !== ing.node) {
    wrong.push({ text: `\`trace add ${p.uplinkInput} ${count}\``, feedback: `Not this one: \`${p.uplinkInput}\` receives from the node's uplink (the wire). This packet comes from ${fromIf}, which VPP ${p.vppVersion} receives in \`${ing.node}\`.` });
  } else if (!podSide) {
    wrong.push({ text: `\`trace add virtio-input ${count}\``, feedback: `Not this one: \`virtio-input\` receives from the pods' tun interfaces and tap0. This packet arrives from ${fromIf}, so it enters through \`${ing.node}\`.` });
  }
  wrong.push({ text: `\`trace add ip4-input ${count}\``, feedback: 'Not this one: `ip4-input` is not an input node, and VPP refuses it ("node \'ip4-input\' doesn\'t support per-node tracing"). Traces start at input nodes (or at `error-drop` / `error-punt` to catch only drops / punts).' });
  if (j.verdict !== 'dropped') {
    wrong.push({ text: `\`trace add error-drop ${count}\``, feedback: `Not this one: \`trace add error-drop\` records only packets that are dropped. This packet was ${j.verdict}, so that trace would stay empty.` });
  }
  const major = Number(p.vppVersion.split('.')[0]);
  const minor = Number(p.vppVersion.split('.')[1] ?? 0);
  const before2602 = major < 26 || (major === 26 && minor < 2);
  if (ing.node !== 'tap-input' && before2602) {
    wrong.push({ text: `\`trace add tap-input ${count}\``, feedback: `Not this one: \`tap-input\` only exists from VPP 26.02 on (Calico v3.32). This node runs VPP ${p.vppVersion}, where tun/tap traffic is received in \`virtio-input\`.` });
  }
  return finish({ id, prompt: `On ${p.k8sNode}, which command starts a trace that catches this packet from the moment it enters VPP?`, correct, wrong, step: p.stepOfHop(0) }, salt);
}

/** Drop reasons a Calico VPP operator meets, for wrong choices. */
const REASON_POOL = [
  'acl-plugin-in-ip4-fa: ACL deny packets',
  'acl-plugin-out-ip4-fa: ACL deny packets',
  'ip4-input: ip4 ttl <= 1',
  'null-node: blackholed packets',
  'ethernet-input: l3 mac mismatch',
  'ip4-input: ip4 MTU exceeded and DF set',
  'ip4-glean: ARP requests throttled',
  'tun1-output: interface is down',
];

function splitReason(r: string): { node: string | null; reason: string } {
  const e = explainDropReason(r);
  return { node: e.node, reason: e.reason };
}

function counterText(r: string): string {
  const { node, reason } = splitReason(r);
  return node ? `"${reason}" of \`${node}\`` : `"${reason}"`;
}

/** "Which counter in `show err` rose?" — from the journey's drop reason. */
export function errCounterQuestion(p: QuestionPacket, salt: string, id = 'show-err'): Question | null {
  const j = p.journey;
  if (j.verdict !== 'dropped' || !j.dropReason) return null;
  const dropHop = hopIndex(j, (h) => h.node === 'drop' && h.detail.reason !== null);
  const at = dropHop >= 0 ? j.hops[dropHop]! : null;
  const line = at?.detail.reason?.line ?? null;
  const { node, reason } = splitReason(j.dropReason);
  const correct = {
    text: counterText(j.dropReason),
    feedback: `Right: the \`drop\` entry${line !== null ? ` (line ${line})` : ''} reads \`${j.dropReason}\`. \`show errors\` lists the same text in its Reason column, next to the node \`${node ?? '?'}\`, and that counter rises by one per dropped packet.`,
  };
  const wrong = REASON_POOL.filter((r) => r !== j.dropReason && splitReason(r).reason + splitReason(r).node !== reason + node).map((r) => {
    const ex = explainDropReason(r);
    return {
      text: counterText(r),
      feedback: `Not this one: that counter means ${ex.explanation ? ex.explanation[0]!.toLowerCase() + ex.explanation.slice(1).replace(/\.$/, '') : 'another kind of drop'}. This trace's \`drop\` line${line !== null ? ` (line ${line})` : ''} reads \`${j.dropReason}\`.`,
    };
  });
  // Prefer wrong choices that look alike (same node or same reason) first, then the rest in pool order.
  wrong.sort((a, b) => Number(b.text.includes(reason) || (node !== null && b.text.includes(node))) - Number(a.text.includes(reason) || (node !== null && a.text.includes(node))));
  return finish({ id, prompt: 'Which counter in `show errors` (`show err`) rose because of this packet?', correct, wrong, step: dropHop >= 0 ? p.stepOfHop(dropHop) : null }, salt);
}

/** Plain causes of drops, keyed by the reason text VPP prints. */
const CAUSES: { reason: RegExp; text: string }[] = [
  { reason: /^ACL deny packets$/, text: 'A network policy denied it' },
  { reason: /^ip4 ttl <= 1$|^ip6 hop limit/, text: 'Its TTL ran out' },
  { reason: /MTU exceeded/, text: 'It is bigger than the output MTU and must not be fragmented' },
  { reason: /^blackholed packets$/, text: 'Its destination has no usable route (a drop / blackhole route)' },
  { reason: /^l3 mac mismatch$/, text: 'It was sent to the wrong MAC address' },
  { reason: /^ARP requests/, text: 'The next hop\'s MAC address is not known yet' },
];

/** "Why was the packet dropped?" — the cause matching the journey's drop reason. */
export function whyDropQuestion(p: QuestionPacket, salt: string, evidence: string | null, id = 'why-drop'): Question | null {
  const j = p.journey;
  if (j.verdict !== 'dropped' || !j.dropReason) return null;
  const { reason } = splitReason(j.dropReason);
  const cause = CAUSES.find((c) => c.reason.test(reason));
  if (!cause) return null;
  const dropHop = hopIndex(j, (h) => h.node === 'drop');
  const line = dropHop >= 0 ? j.hops[dropHop]!.detail.reason?.line ?? null : null;
  const correct = { text: cause.text, feedback: `Right: the \`drop\` entry${line !== null ? ` (line ${line})` : ''} says \`${j.dropReason}\`.${evidence ? ` ${evidence}` : ''}` };
  const wrong = CAUSES.filter((c) => c !== cause).map((c) => ({
    text: c.text,
    feedback: `Not this one: that would be counted under a different reason. Read the \`drop\` entry${line !== null ? ` (line ${line})` : ''}: \`${j.dropReason}\`.`,
  }));
  return finish({ id, prompt: 'Why did VPP drop this packet?', correct, wrong, step: dropHop >= 0 ? p.stepOfHop(dropHop) : null }, salt);
}

/** "Out of which interface does the packet leave VPP?" — the journey's egress. */
export function egressQuestion(p: QuestionPacket, salt: string, prompt?: string, id = 'egress'): Question | null {
  const j = p.journey;
  if (!j.egress) return null;
  const out = j.egress.interface;
  const txHop = [...j.hops.keys()].reverse().find((i) => nodeInfo(j.hops[i]!.node)?.interface === out);
  const where = txHop !== undefined ? ` (\`${j.hops[txHop]!.node}\`, ${lineOfHop(j.hops[txHop]!)})` : '';
  const correct = { text: out, feedback: `Right: the packet leaves VPP on ${interfaceWords(out, p.schematic)}${where}.` };
  const wrong: Draft['wrong'] = [];
  const ing = j.ingress?.interface ?? null;
  const node = p.schematic;
  const cands: string[] = [];
  if (ing && ing !== out) cands.push(ing);
  if (node?.tap && node.tap !== out) cands.push(node.tap);
  for (const u of node?.uplinks ?? []) if (u !== out) cands.push(u);
  for (const pod of node?.pods ?? []) if (pod.tun && pod.tun !== out) cands.push(pod.tun);
  for (const c of cands) {
    const role = c === ing ? 'it is where the packet came in' : 'the packet does not go there';
    wrong.push({ text: c, feedback: `Not this one: ${c} is ${interfaceRole(c, node)}, and ${role}. The last output entries name ${out}${where}.` });
  }
  return finish({ id, prompt: prompt ?? `Out of which interface does the packet leave VPP on ${p.k8sNode}?`, correct, wrong, step: txHop !== undefined ? p.stepOfHop(txHop) : null }, salt);
}

function isOuter(h: JourneyHop): boolean {
  const ip = h.detail.ip[0];
  if (!ip) return false;
  return ip.protocol === 'IP_IN_IP' || (ip.protocol === 'UDP' && (ip.dstPort === 4789 || ip.srcPort === 4789));
}

/** "Which node puts the packet into the tunnel?" — the first encapsulating hop before an outer header shows. */
export function encapQuestion(p: QuestionPacket, salt: string, id = 'encap'): Question | null {
  const j = p.journey;
  const firstOuter = hopIndex(j, isOuter);
  if (firstOuter < 0) return null;
  let k = -1;
  for (let i = firstOuter; i >= 0; i--) {
    if ((nodeInfo(j.hops[i]!.node)?.tags ?? []).includes('encap')) {
      k = i;
      break;
    }
  }
  if (k < 0) return null;
  const enc = j.hops[k]!;
  const outerHop = j.hops[firstOuter]!;
  const ip = outerHop.detail.ip[0]!;
  const correct = {
    text: `\`${enc.node}\``,
    feedback: `Right: \`${enc.node}\` (${lineOfHop(enc)}) adds the outer header; from ${outerHop === enc ? 'its own hex dump' : `\`${outerHop.node}\``} on (line ${ip.line}) the packet starts with ${ip.protocol} ${endpoint(ip.src, null)} → ${endpoint(ip.dst, null)}, the two node addresses.`,
  };
  const wrong: Draft['wrong'] = [];
  for (let i = 0; i < j.hops.length && wrong.length < 4; i++) {
    const h = j.hops[i]!;
    if (i === k) continue;
    const t = nodeInfo(h.node)?.tags ?? [];
    if (t.includes('lookup') && i < k) wrong.push({ text: `\`${h.node}\``, feedback: `Not this one: \`${h.node}\` only chooses the route (${lineOfHop(h)}); the packet still has its pod addresses after it.` });
    else if (t.includes('encap') && i > k) wrong.push({ text: `\`${h.node}\``, feedback: `Not this one: \`${h.node}\` comes after \`${enc.node}\`; the outer header is already there (line ${ip.line}).` });
    else if ((t.includes('output') || t.includes('tx')) && t.includes('interface') && i > k && !wrong.some((w) => w.text.includes('-output'))) wrong.push({ text: `\`${h.node}\``, feedback: `Not this one: \`${h.node}\` sends the already encapsulated packet out of the interface.` });
  }
  wrong.push({ text: j.hops.some((h) => h.node.startsWith('vxlan')) ? '`vxlan4-input`' : '`ipip4-input`', feedback: 'Not this one: that node removes the tunnel header, on the receiving node.' });
  return finish({ id, prompt: `On ${p.k8sNode}, which node wraps the pod's packet in the tunnel header?`, correct, wrong, step: p.stepOfHop(k) }, salt);
}

/** "Which node removes the tunnel header?" — the first decapsulating hop. */
export function decapQuestion(p: QuestionPacket, salt: string, id = 'decap'): Question | null {
  const j = p.journey;
  const k = hopIndex(j, (h) => (nodeInfo(h.node)?.tags ?? []).includes('decap'));
  if (k < 0) return null;
  const dec = j.hops[k]!;
  const after = j.hops.slice(k + 1).find((h) => h.detail.ip[0] && !isOuter(h));
  const inner = after?.detail.ip[0];
  const correct = {
    text: `\`${dec.node}\``,
    feedback: `Right: \`${dec.node}\` (${lineOfHop(dec)}) strips the outer header${inner ? `; the next IP header (line ${inner.line}) is the pod's own packet, ${endpoint(inner.src, null)} → ${endpoint(inner.dst, null)}` : ''}.`,
  };
  const wrong: Draft['wrong'] = [];
  for (let i = 0; i < k && wrong.length < 3; i++) {
    const h = j.hops[i]!;
    if (nodeInfo(h.node) === null || (nodeInfo(h.node)?.tags ?? []).includes('nat')) continue;
    wrong.push({ text: `\`${h.node}\``, feedback: `Not this one: \`${h.node}\` ${summaryOf(h.node)}; after it the packet still carries the outer header${h.detail.ip[0] ? ` (line ${h.detail.ip[0].line})` : ''}.` });
  }
  wrong.reverse();
  return finish({ id, prompt: `On ${p.k8sNode}, which node removes the tunnel header so VPP sees the pod's packet again?`, correct, wrong, step: p.stepOfHop(k) }, salt);
}

/** "Which node brought the TTL down?" — the rewrite before the first header with a lower TTL. */
export function ttlQuestion(p: QuestionPacket, salt: string, id = 'ttl'): Question | null {
  const j = p.journey;
  let last: { ttl: number; i: number } | null = null;
  let k = -1;
  for (let i = 0; i < j.hops.length; i++) {
    const ip = j.hops[i]!.detail.ip[0];
    if (!ip || ip.ttl === null || isOuter(j.hops[i]!)) continue;
    if (last && ip.ttl < last.ttl) {
      k = i;
      for (let m = i; m > last.i; m--) {
        if ((nodeInfo(j.hops[m]!.node)?.tags ?? []).includes('rewrite')) {
          k = m;
          break;
        }
      }
      break;
    }
    last = { ttl: ip.ttl, i };
  }
  if (k < 0 || !last) return null;
  const h = j.hops[k]!;
  const ip = h.detail.ip[0];
  const correct = {
    text: `\`${h.node}\``,
    feedback: `Right: \`${h.node}\` decrements the TTL when it rewrites the packet for the next hop: the TTL was ${last.ttl} before it (line ${j.hops[last.i]!.detail.ip[0]!.line})${ip && ip.ttl !== null ? ` and is ${ip.ttl} in its hex dump (line ${ip.line})` : ''}.`,
  };
  const wrong: Draft['wrong'] = [];
  const first = j.hops[last.i]!;
  wrong.push({ text: `\`${first.node}\``, feedback: `Not this one: \`${first.node}\` reads the header (TTL ${last.ttl}, line ${first.detail.ip[0]!.line}) but does not change it.` });
  const after = j.hops.slice(k + 1).find((x) => x.detail.ip[0]?.ttl !== null && x.detail.ip[0] !== undefined);
  if (after) wrong.push({ text: `\`${after.node}\``, feedback: `Not this one: \`${after.node}\` already receives the packet with TTL ${after.detail.ip[0]!.ttl} (line ${after.detail.ip[0]!.line}).` });
  if (j.hops.some((x) => x.node === 'drop')) wrong.push({ text: '`drop`', feedback: 'Not this one: `drop` only records the reason at the very end; it changes nothing in the packet.' });
  const lookup = j.hops.find((x) => (nodeInfo(x.node)?.tags ?? []).includes('lookup'));
  if (lookup) wrong.push({ text: `\`${lookup.node}\``, feedback: `Not this one: \`${lookup.node}\` chooses the route; the TTL is unchanged after it.` });
  return finish({ id, prompt: 'Which node lowered the TTL of this packet?', correct, wrong, step: p.stepOfHop(k) }, salt);
}

/** "What happened to the packet in the end?" — the journey's verdict. */
export function verdictQuestion(p: QuestionPacket, salt: string, id = 'verdict'): Question {
  const j = p.journey;
  const last = j.hops[j.hops.length - 1]!;
  const texts: Record<string, string> = {
    forwarded: 'It was forwarded to a pod or out of the uplink',
    dropped: 'It was dropped inside VPP',
    punted: 'It was punted to the Linux host (through tap0)',
    local: 'It was answered / consumed by VPP itself',
  };
  const ev = `The record ends with \`${last.node}\` (${lineOfHop(last)})`;
  const correctText = texts[j.verdict] ?? 'Its fate is not visible in the trace';
  const correct = { text: correctText, feedback: `Right. ${ev}${j.verdict === 'dropped' && j.dropReason ? `, reason \`${j.dropReason}\`` : ''}${j.egress ? `; it left on ${j.egress.interface}` : ''}.` };
  const wrong = Object.entries(texts)
    .filter(([v]) => v !== j.verdict)
    .map(([, t]) => ({ text: t, feedback: `Not this one. ${ev}${j.egress ? `, and the packet left VPP on ${interfaceWords(j.egress.interface, p.schematic)}` : ''}.` }));
  return finish({ id, prompt: 'What happened to this packet in the end?', correct, wrong, step: p.stepOfHop(j.hops.length - 1) }, salt);
}

/** "Which line shows …?" — a line of the trace (the answer is the line the journey decoded the fact from). */
export function lineQuestion(p: QuestionPacket, salt: string, prompt: string, answer: { line: number; text: string } | null, others: { line: number; text: string; why: string }[], id: string, why: string): Question | null {
  if (!answer) return null;
  const fmt = (l: { line: number; text: string }) => `line ${l.line}: \`${l.text.trim()}\``;
  const k = p.journey.hops.findIndex((h) => h.lineNumbers.includes(answer.line) || h.line === answer.line);
  return finish(
    {
      id,
      prompt,
      correct: { text: fmt(answer), feedback: `Right: ${why}` },
      wrong: others.map((o) => ({ text: fmt(o), feedback: `Not this one: ${o.why}` })),
      step: k >= 0 ? p.stepOfHop(k) : null,
    },
    salt,
  );
}
