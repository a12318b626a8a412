// The narrator: turns any journey (from a `show trace` text or a capture) into narrated steps, one per
// hop, from the hop's decoded details and the node glossary — nothing is written per trace. Each step
// points at the lines it talks about (the hop's header and the detail lines that carry the facts).
import { explainDropReason, nodeInfo, type NodeInfo } from '../knowledge';
import { hopPlaces, pathPlaces, type HopPlace, type SchematicNode } from '../diagram';
import type { Flow, IpHeaderInfo, Journey, JourneyHop } from '../model';
import type { AnnotatedLine, LineRef, NarratedStep, PacketFacts, StepTone, Walkthrough } from './types';
import { cap, endpoint, flowText, interfaceWords, natText, withWho, type WhoIs } from './words';

export interface NarrateOptions {
  /** Text of a line of the source by number (the whole trace text); header lines come from it when given. */
  lineText?: (line: number) => string | undefined;
  /** Who an address belongs to ("pod default/client", "service default/web"). */
  whoIs?: WhoIs;
  /** The node the packet was traced on, as drawn (pods behind tunN, tap0, uplinks). */
  schematic?: SchematicNode | null;
  /** The Kubernetes node (or input) the packet was traced on. */
  k8sNode?: string | null;
  /** Title of the walkthrough (default: from the flow and verdict). */
  title?: string;
}

/** Well-known tunnel ports: a UDP header to them is an outer (encapsulation) header. */
const TUNNEL_PORTS: Record<number, string> = { 4789: 'VXLAN', 4790: 'VXLAN-GPE', 6081: 'Geneve', 51820: 'WireGuard', 4500: 'IPsec NAT-T' };

function flowOf(h: IpHeaderInfo): Flow {
  return { ipVersion: h.ipVersion, protocol: h.protocol, src: h.src, dst: h.dst, srcPort: h.srcPort, dstPort: h.dstPort };
}

function outerKind(h: IpHeaderInfo): string | null {
  if (h.protocol === 'IP_IN_IP' || h.protocol === 'IPV6') return 'IP-in-IP';
  if (h.protocol === 'GRE') return 'GRE';
  if (h.protocol === 'IPSEC_ESP') return 'IPsec ESP';
  if (h.protocol === 'UDP') return (h.dstPort !== null && TUNNEL_PORTS[h.dstPort]) || (h.srcPort !== null && TUNNEL_PORTS[h.srcPort]) || null;
  return null;
}

/** The facts of a journey the narration and the questions use. */
export function packetFacts(j: Journey): PacketFacts {
  return {
    verdict: j.verdict,
    dropReason: j.dropReason,
    ingress: j.ingress ? { ...j.ingress } : null,
    egress: j.egress ? { ...j.egress } : null,
    flow: j.flow ? { ...j.flow } : null,
    nat: j.nat.map((n) => ({ node: n.node, before: { ...n.before }, after: { ...n.after } })),
    nodes: j.hops.map((h) => h.node),
  };
}

/** The header line of a hop as printed. */
export function headerText(h: JourneyHop, opts: NarrateOptions): string {
  if (h.line !== null) {
    const t = opts.lineText?.(h.line);
    if (t !== undefined) return t;
  }
  return h.timestamp ? `${h.timestamp}: ${h.node}` : h.node;
}

class Walker {
  private lastFlow: Flow | null = null;
  private lastTtl: number | null = null;
  private lastOuter = false;
  private decapped = false;
  private readonly natUsed = new Set<number>();
  private readonly places: HopPlace[];

  constructor(
    private readonly j: Journey,
    private readonly opts: NarrateOptions,
  ) {
    this.places = hopPlaces(j, opts.schematic ?? null);
  }

  private who(ip: string, port: number | null = null): string {
    return withWho(ip, port, this.opts.whoIs);
  }

  private ifw(name: string): string {
    return interfaceWords(name, this.opts.schematic);
  }

  private lineOf(h: JourneyHop, line: number, note: string | null): AnnotatedLine | null {
    const k = h.lineNumbers.indexOf(line);
    if (k < 0) return null;
    return { line, text: h.lines[k]!, note };
  }

  /** The line after `line` in the hop that contains `needle` (the TTL line under an IP header…). */
  private lineAfter(h: JourneyHop, line: number, needle: RegExp, within = 3): AnnotatedLine | null {
    const k = h.lineNumbers.indexOf(line);
    if (k < 0) return null;
    for (let i = k + 1; i < h.lines.length && i <= k + within; i++) {
      if (needle.test(h.lines[i]!)) return { line: h.lineNumbers[i]!, text: h.lines[i]!, note: null };
    }
    return null;
  }

  private firstDetail(h: JourneyHop, note: string | null): AnnotatedLine | null {
    for (let i = 0; i < h.lines.length; i++) if (h.lines[i]!.trim() !== '') return { line: h.lineNumbers[i]!, text: h.lines[i]!, note };
    return null;
  }

  step(i: number): NarratedStep {
    const h = this.j.hops[i]!;
    const info = nodeInfo(h.node);
    const out: NarratedStep = {
      hop: i,
      node: h.node,
      title: h.node,
      text: [],
      lines: [],
      known: info !== null,
      tone: 'other',
      minor: false,
      place: this.places[i] ?? null,
      nextChecks: [],
    };
    if (h.line !== null) out.lines.push({ line: h.line, text: headerText(h, this.opts), note: i === 0 ? 'the first entry: where the trace starts for this packet' : null });
    const add = (l: AnnotatedLine | null) => {
      if (l && !out.lines.some((x) => x.line === l.line)) out.lines.push(l);
    };
    if (!info) this.unknown(h, out, add);
    else this.known(h, info, out, add);
    // Capture sources: what the node changed, from the record that follows.
    for (const c of h.changes ?? []) out.text.push(`It changed the packet: ${c.text}.`);
    this.track(h);
    if (out.minor) out.nextChecks = [];
    out.lines.sort((a, b) => a.line - b.line);
    return out;
  }

  private track(h: JourneyHop): void {
    const ip = h.detail.ip[0];
    if (ip) {
      this.lastFlow = flowOf(ip);
      this.lastOuter = outerKind(ip) !== null;
      if (ip.ttl !== null) this.lastTtl = ip.ttl;
    }
    const t = nodeInfo(h.node)?.tags ?? [];
    if (t.includes('decap')) this.decapped = true;
    if (h.detail.nat) this.lastFlow = h.detail.nat.after;
  }

  private unknown(h: JourneyHop, out: NarratedStep, add: (l: AnnotatedLine | null) => void): void {
    out.title = `${h.node} — unknown node`;
    out.tone = 'unknown';
    out.text.push(`The glossary does not know the node \`${h.node}\`, so this step is not explained. Its lines are shown as VPP printed them.`);
    let n = 0;
    for (let k = 0; k < h.lines.length && n < 16; k++) {
      if (h.lines[k]!.trim() === '') continue;
      add({ line: h.lineNumbers[k]!, text: h.lines[k]!, note: null });
      n++;
    }
    if (h.lines.length > 0 && h.lineNumbers.length === 0) out.text.push(`Raw lines: ${h.lines.filter((l) => l.trim()).slice(0, 6).map((l) => `\`${l.trim()}\``).join(', ')}.`);
    out.nextChecks.push(`Look up \`${h.node}\` in the VPP sources or \`show vlib graph ${h.node}\` to see what it does and where it sends packets`);
  }

  private ipSentence(ip: IpHeaderInfo, h: JourneyHop, add: (l: AnnotatedLine | null) => void, lead: string): string {
    const f = flowOf(ip);
    const outer = outerKind(ip);
    const ttl = ip.ttl !== null ? `, TTL ${ip.ttl}` : '';
    add(this.lineOf(h, ip.line, outer ? `outer ${outer} header: ${endpoint(f.src, null)} → ${endpoint(f.dst, null)}` : `the IP header: ${f.protocol} from ${f.src} to ${f.dst}`));
    const ttlLine = this.lineAfter(h, ip.line, /\bttl \d+|hop limit \d+/);
    if (ttlLine) add({ ...ttlLine, note: ip.ttl !== null ? `TTL ${ip.ttl}${ip.length !== null ? `, total length ${ip.length} bytes` : ''}` : null });
    if (ip.srcPort !== null || ip.dstPort !== null) {
      const l4 = h.lines.findIndex((t, k) => h.lineNumbers[k]! > ip.line && /^\s*(TCP|UDP): \d+ -> \d+/.test(t));
      if (l4 >= 0) add({ line: h.lineNumbers[l4]!, text: h.lines[l4]!, note: `ports ${ip.srcPort ?? '?'} → ${ip.dstPort ?? '?'}${ip.tcpFlags?.length ? `, TCP flags ${ip.tcpFlags.join(' ')}` : ''}` });
    }
    if (outer) return `${lead} a tunnelled packet: the outer ${outer} header goes from ${this.who(f.src)} to ${this.who(f.dst)}${ttl}, and the pod's packet travels inside it.`;
    const ports = ip.srcPort !== null || ip.dstPort !== null;
    return `${lead} ${f.protocol} from ${this.who(f.src, ports ? ip.srcPort : null)} to ${this.who(f.dst, ports ? ip.dstPort : null)}${ttl}${this.decapped ? ' (the inner packet, now that the tunnel header is gone)' : ''}.`;
  }

  private known(h: JourneyHop, info: NodeInfo, out: NarratedStep, add: (l: AnnotatedLine | null) => void): void {
    const d = h.detail;
    const t = info.tags;
    const ip = d.ip[0] ?? null;
    const summary = info.summary;
    const has = (x: string) => t.includes(x as never);

    if (h.node === 'drop' || h.node === 'punt' || (d.kind === 'drop' && d.reason && h.node !== 'error-drop')) {
      const r = d.reason;
      out.tone = h.node === 'punt' ? 'punt' : 'drop';
      if (r && r.text) {
        const ex = explainDropReason(r.text);
        out.title = `${h.node} — ${h.node === 'punt' ? 'punted' : 'dropped'}: ${ex.reason}`;
        add(this.lineOf(h, r.line, ex.node ? `counted by ${ex.node} as "${ex.reason}"` : `reason "${ex.reason}"`));
        out.text.push(`${summary} Here it reads \`${r.text.trim()}\`: ${ex.node ? `the node \`${ex.node}\` counted the packet under "${ex.reason}"` : `the reason is "${ex.reason}"`}.`);
        if (ex.explanation) out.text.push(ex.explanation);
        if (ex.node) out.text.push(`In \`show errors\` this is the counter "${ex.reason}" of node \`${ex.node}\`: it rises by one for every packet dropped this way.`);
        out.nextChecks.push(...ex.nextChecks);
      } else {
        out.title = `${h.node} — the packet ends here`;
        out.text.push(`${summary} No reason is printed (an invalid error index); look at the hops before it.`);
        out.nextChecks.push(...(info.nextChecks ?? []));
      }
      return;
    }
    if (h.node === 'error-drop' || h.node === 'error-punt') {
      out.tone = h.node === 'error-punt' ? 'punt' : 'drop';
      out.title = `${h.node} — the packet is ${h.node === 'error-punt' ? 'punted' : 'dropped'}`;
      const rx = d.rxInterface;
      if (rx?.name) {
        add(this.lineOf(h, rx.line, `received on ${rx.name}`));
        out.text.push(`${summary} \`rx:${rx.name}\` is the interface the packet came in on: ${this.ifw(rx.name)}.`);
      } else {
        add(this.firstDetail(h, null));
        out.text.push(summary);
      }
      if (d.reason?.text) {
        add(this.lineOf(h, d.reason.line, 'the drop reason'));
        const ex = explainDropReason(d.reason.text);
        out.text.push(`Reason: \`${d.reason.text.trim()}\`${ex.explanation ? ` — ${ex.explanation}` : ''}`);
        out.nextChecks.push(...ex.nextChecks);
      }
      return;
    }
    if (has('rx')) {
      out.tone = 'enter';
      const ifname = info.interface ?? d.rxInterface?.name ?? (h === this.j.hops[0] ? this.j.ingress?.interface ?? null : null);
      out.title = `${h.node} — the packet enters VPP${ifname ? ` on ${ifname}` : ''}`;
      add(this.firstDetail(h, 'the driver\'s receive record (interface index, queue, length)'));
      out.text.push(`${summary}${ifname ? ` It came in on ${this.ifw(ifname)}.` : ''}`);
      if (d.ethernet) {
        add(this.lineOf(h, d.ethernet.line, `Ethernet ${d.ethernet.ethertype} from ${d.ethernet.srcMac} to ${d.ethernet.dstMac}`));
      }
      if (ip) out.text.push(this.ipSentence(ip, h, add, 'The frame carries'));
      out.text.push(`To catch packets like this one, the trace is started here: \`trace add ${h.node} <count>\`.`);
      return;
    }
    if (h.node === 'handoff_trace' || has('handoff')) {
      out.tone = 'other';
      out.title = `${h.node} — moved to another worker thread`;
      add(this.firstDetail(h, 'which thread / trace the packet came from'));
      out.text.push(summary);
      return;
    }
    if (d.kind === 'ethernet' || h.node.startsWith('ethernet-input')) {
      out.tone = 'check';
      out.title = `${h.node} — the Ethernet header`;
      if (d.ethernet) {
        add(this.lineOf(h, d.ethernet.line, `ethertype ${d.ethernet.ethertype}; source MAC first, then destination MAC`));
        out.text.push(`${summary} The frame is ${d.ethernet.ethertype} from ${d.ethernet.srcMac} to ${d.ethernet.dstMac}${d.ethernet.vlan !== null ? ` on VLAN ${d.ethernet.vlan}` : ''} (VPP prints the source MAC first).`);
      } else {
        add(this.firstDetail(h, null));
        out.text.push(summary);
      }
      return;
    }
    if (d.kind === 'nat' || has('nat')) {
      out.tone = 'nat';
      const state = d.fields.find((f) => f.name === 'cnat state');
      if (state) add(this.lineOf(h, state.line, `the session state: ${state.value}`));
      if (d.nat) {
        const change = { node: h.node, before: d.nat.before, after: d.nat.after };
        const changed = natText(change, this.opts.whoIs);
        const same = changed === 'no address or port changed';
        add(this.lineOf(h, d.nat.line, same ? 'the session: the addresses stay as they are' : `before ⇒ after: ${changed}`));
        out.title = same ? `${h.node} — NAT session, no change` : `${h.node} — NAT: ${changed.split(' → ')[0]!.split(' ')[0]} rewritten`;
        out.text.push(`${summary}${d.nat.state ? ` It ${/found/.test(d.nat.state) ? 'found an existing' : /created/.test(d.nat.state) ? 'created a new' : 'used the'} session (\`${d.nat.state}\`).` : ''}`);
        out.text.push(same ? 'The session keeps the addresses and ports as they are.' : `The packet is rewritten: ${changed}. The session line reads \`[before] => after\`.`);
        const tr = d.fields.find((f) => f.name === 'cnat translation');
        if (tr) add(this.lineOf(h, tr.line, 'the service translation that matched (VIP;port and its backends)'));
      } else if (d.natRewrite) {
        const a = d.natRewrite.after;
        add(this.lineOf(h, d.natRewrite.line, `the rewrite: ${flowText(a)}`));
        out.title = `${h.node} — NAT rewrite`;
        out.text.push(`${summary} The packet is rewritten to ${flowText(a)}${this.lastFlow ? ` (it was ${flowText(this.lastFlow)})` : ''}.`);
      } else {
        // A change the journey saw across this node (headers before and after differ), not printed by it.
        const k = this.j.nat.findIndex((n, i) => n.node === h.node && !this.natUsed.has(i));
        if (k >= 0) {
          this.natUsed.add(k);
          const n = this.j.nat[k]!;
          const changed = natText(n, this.opts.whoIs);
          add(this.firstDetail(h, null));
          out.title = `${h.node} — NAT: ${changed.split(' ')[0]} rewritten`;
          out.text.push(`${summary} Comparing the IP headers before and after it, it rewrote the packet: ${changed}.`);
        } else {
          out.minor = true;
          out.title = `${h.node} — no translation`;
          const inOut = d.fields.find((f) => f.name === 'in');
          if (inOut) add(this.lineOf(h, inOut.line, 'the packet\'s input and output interfaces as cnat saw them'));
          if (!state && !inOut) add(this.firstDetail(h, null));
          const skip = state && /policy:skip/.test(state.value);
          out.text.push(`${summary} ${state ? `It printed \`${state.value}\`: no` : 'No'} NAT session applies to this packet here, so its addresses are not changed${skip ? ' (and `[policy:skip]`: no cnat policy applies either)' : ''}.`);
        }
      }
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (d.kind === 'policy' || has('policy')) {
      out.tone = 'policy';
      const p = d.policy;
      if (p) {
        const deny = p.action === '0' || /deny/i.test(p.action);
        const k = h.lineNumbers.indexOf(p.line);
        const raw = k >= 0 ? /action: ?(\S+?),?(?:\s|$)/.exec(h.lines[k]!)?.[1] ?? p.action : p.action;
        add(this.lineOf(h, p.line, `action ${raw} (${deny ? 'deny' : 'permit'})${p.acl !== null ? `, acl ${p.acl} rule ${p.rule ?? '?'}` : ''}`));
        out.title = `${h.node} — policy ${deny ? 'denies' : 'permits'} the packet`;
        out.text.push(`${summary} \`action: ${raw}\` means ${deny ? 'deny: the packet goes to error-drop' : 'permit: the packet continues'}${p.acl !== null ? `; the rule that matched is rule ${p.rule ?? '?'} of ACL ${p.acl}` : ''}.`);
        if (deny) out.tone = 'drop';
      } else {
        add(this.firstDetail(h, null));
        out.title = `${h.node} — policy check`;
        out.text.push(summary);
      }
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (has('drop')) {
      out.tone = 'drop';
      out.title = `${h.node} — the packet is discarded`;
      add(this.firstDetail(h, null));
      out.text.push(summary);
      if (ip) out.text.push(this.ipSentence(ip, h, add, 'The packet it discards is'));
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (has('reply') && ip) {
      out.tone = 'drop';
      out.title = `${h.node} — turned into an ICMP error`;
      out.text.push(this.ipSentence(ip, h, add, `${summary} The packet it got is`));
      if (ip.ttl === 0) out.text.push('Its TTL is 0: it may not be forwarded any further.');
      return;
    }
    if (has('decap')) {
      out.tone = 'tunnel';
      out.title = `${h.node} — the tunnel header is removed`;
      const src = d.fields.find((f) => f.name === 'tunnel src');
      if (src) add(this.lineOf(h, src.line, 'the tunnel and its outer addresses'));
      else add(this.firstDetail(h, null));
      const dst = d.fields.find((f) => f.name === 'tunnel dst');
      out.text.push(`${summary}${src && dst ? ` The outer header went from ${this.who(src.value)} to ${this.who(dst.value)}.` : ''} The next hops see the inner packet, as the sending pod built it.`);
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (d.kind === 'rewrite' || has('rewrite') || has('encap')) {
      const adj = d.fields.find((f) => f.name === 'adjacency');
      const tx = d.txInterface;
      out.tone = has('encap') ? 'tunnel' : 'route';
      if (adj && tx) {
        const via = /via (\S+) (\S+?):/.exec(adj.value);
        const mtu = /mtu:(\d+)/.exec(adj.value);
        const nh = via && via[1] !== '0.0.0.0' ? via[1]! : null;
        add(this.lineOf(h, adj.line, `output ${tx.name ?? `sw_if_index ${tx.swIfIndex}`}${nh ? ` via next hop ${nh}` : ''}${mtu ? `, MTU ${mtu[1]}` : ''}`));
        const tunnel = tx.name !== null && /^(ipip|vxlan_tunnel|wg|gre|ipsec)\d+/.test(tx.name);
        out.title = tunnel ? `${h.node} — into the tunnel ${tx.name}` : `${h.node} — next hop chosen: out of ${tx.name ?? `sw_if_index ${tx.swIfIndex}`}`;
        out.text.push(`${summary} The adjacency sends the packet out of ${tx.name ? this.ifw(tx.name) : `sw_if_index ${tx.swIfIndex}`}${nh ? ` to the next hop ${this.who(nh)}` : ''}${mtu ? ` (MTU ${mtu[1]})` : ''}.`);
      } else {
        add(this.firstDetail(h, null));
        out.title = has('encap') ? `${h.node} — tunnel encapsulation` : `${h.node} — rewrite`;
        out.text.push(summary);
        if (!ip && h.lines.every((l) => l.trim() === '')) out.minor = true;
      }
      if (ip) {
        const outer = outerKind(ip);
        add(this.lineOf(h, ip.line, outer ? `the packet now starts with an outer ${outer} header ${ip.src} → ${ip.dst}` : `the packet after the rewrite${ip.ttl !== null ? `: TTL ${ip.ttl}` : ''}`));
        if (outer && !this.lastOuter) {
          out.text.push(`The hex dump shows the result: an outer ${outer} header from ${this.who(ip.src)} to ${this.who(ip.dst)} now wraps the pod's packet.`);
        } else if (ip.ttl !== null && this.lastTtl !== null && ip.ttl < this.lastTtl) {
          out.text.push(`The hex dump shows the packet after the rewrite: its TTL went from ${this.lastTtl} to ${ip.ttl}.`);
        }
      }
      return;
    }
    if (has('lookup')) {
      out.tone = 'route';
      const fib = d.fields.find((f) => f.name === 'fib');
      const addr = d.fields.find((f) => f.name === 'addr');
      out.title = `${h.node} — route lookup`;
      if (fib) add(this.lineOf(h, fib.line, addr ? `looked up ${addr.value} in FIB index ${fib.value}` : `FIB (routing table) index ${fib.value}`));
      if (addr) {
        out.text.push(`${summary} The route in the first table pointed to another VRF, so the lookup of ${this.who(addr.value)} is repeated in FIB index ${fib?.value ?? '?'}.`);
      } else {
        out.text.push(`${summary}${fib ? ` The lookup is done in FIB index ${fib.value}.` : ''}`);
        if (ip) out.text.push(this.ipSentence(ip, h, add, 'The destination it looks up is in the packet:'));
      }
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (has('punt')) {
      out.tone = 'punt';
      out.title = `${h.node} — sent towards the host`;
      add(this.firstDetail(h, null));
      out.text.push(summary);
      out.nextChecks.push(...(info.nextChecks ?? []));
      return;
    }
    if (has('tx') || has('output')) {
      out.tone = 'exit';
      const ifname = info.interface ?? d.txInterface?.name ?? null;
      const isTx = has('tx');
      out.title = ifname ? `${h.node} — ${isTx ? 'the packet leaves VPP on' : 'queued for output on'} ${ifname}` : h.node;
      const first = d.buffer ? this.lineOf(h, d.buffer.line, `buffer ${d.buffer.length ?? '?'} bytes (the vlib buffer index links this packet to dispatch captures)`) : this.firstDetail(h, isTx ? 'the driver\'s transmit record' : 'the output interface and the buffer flags');
      add(first);
      let where = '';
      if (ifname && isTx) {
        const place = this.places[out.hop];
        if (place?.kind === 'pod') where = ` It is delivered into pod ${place.name}.`;
        else if (place?.kind === 'host') where = ' It is delivered to the Linux host of the node.';
        else if (place?.kind === 'phy') where = ' It goes out on the wire, towards the next node or router.';
      }
      out.text.push(`${summary}${where}`);
      if (isTx && ifname && /^tun\d+/.test(ifname)) out.text.push('On tun interfaces the last line decodes the IP header as if it were Ethernet: ignore those "MAC addresses".');
      if (ip) add(this.lineOf(h, ip.line, `the packet as it leaves: ${flowOf(ip).src} → ${flowOf(ip).dst}`));
      return;
    }
    if (has('local') || has('icmp') || has('tcp') || has('udp')) {
      out.tone = 'local';
      out.title = `${h.node} — handled by VPP itself`;
      add(this.firstDetail(h, null));
      out.text.push(summary);
      const noConn = h.lines.find((l) => /no (tcp connection|listener)/i.test(l));
      if (noConn) out.text.push(`It printed \`${noConn.trim()}\`: nothing in VPP owns this connection, so in Calico the packet goes on to the host.`);
      if (ip && !this.lastFlow) out.text.push(this.ipSentence(ip, h, add, 'The packet is'));
      return;
    }
    if (has('ip') && /^ip[46]-input/.test(h.node)) {
      out.tone = 'check';
      out.title = `${h.node} — IP header checked`;
      if (ip) out.text.push(this.ipSentence(ip, h, add, `${summary} The packet is`));
      else {
        add(this.firstDetail(h, null));
        out.text.push(summary);
      }
      return;
    }
    // Anything else the glossary knows: its sentence and its first line.
    out.title = `${h.node}`;
    const first = this.firstDetail(h, null);
    add(first);
    if (!first && h.lines.every((l) => l.trim() === '')) out.minor = true;
    out.text.push(summary);
    if (ip) out.text.push(this.ipSentence(ip, h, add, 'The packet is'));
    out.nextChecks.push(...(info.nextChecks ?? []));
  }
}

/** Narrates every hop of a journey. */
export function narrateJourney(j: Journey, opts: NarrateOptions = {}): NarratedStep[] {
  const w = new Walker(j, opts);
  return j.hops.map((_, i) => w.step(i));
}

/** One plain paragraph: what happened to the packet. */
export function storyOf(j: Journey, opts: NarrateOptions = {}): string {
  const who = opts.whoIs;
  const parts: string[] = [];
  const f = j.flow;
  const ing = j.ingress;
  parts.push(`${f ? `The packet ${flowText(f)}` : 'The packet'}${ing ? ` entered VPP through \`${ing.node}\`${ing.interface ? ` on ${interfaceWords(ing.interface, opts.schematic)}` : ''}` : ' was traced'}.`);
  for (const n of j.nat) parts.push(`\`${n.node}\` translated it: ${natText(n, who)}.`);
  switch (j.verdict) {
    case 'forwarded':
      parts.push(j.egress ? `It left VPP on ${interfaceWords(j.egress.interface, opts.schematic)}.` : 'It was forwarded.');
      break;
    case 'dropped': {
      const ex = j.dropReason ? explainDropReason(j.dropReason) : null;
      parts.push(`It was dropped${j.dropReason ? `: \`${j.dropReason}\`` : ' (no reason printed)'}${ex?.explanation ? ` — ${ex.explanation}` : '.'}`);
      break;
    }
    case 'punted':
      parts.push(`It was punted towards the host${j.egress ? `, leaving VPP on ${interfaceWords(j.egress.interface, opts.schematic)}` : ''}.`);
      break;
    case 'local':
      parts.push('It was handled by VPP itself (addressed to VPP).');
      break;
    default:
      parts.push('Its fate is not visible in the trace (the record may be cut short, or end in a node the glossary does not know).');
  }
  if (j.truncated) parts.push('The record is cut short in the input.');
  const unknown = [...new Set(j.hops.map((h) => h.node).filter((n) => nodeInfo(n) === null))];
  if (unknown.length) parts.push(`Unknown node${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `\`${n}\``).join(', ')}.`);
  return parts.join(' ');
}

/** The packet's lines as printed: from its `Packet N` line (when given) to its last hop line. */
export function rawLines(j: Journey, opts: NarrateOptions = {}): LineRef[] {
  const first = j.hops[0];
  if (!first || first.line === null) return [];
  const out: LineRef[] = [];
  const text = opts.lineText;
  let end = first.line;
  for (const h of j.hops) {
    if (h.line !== null) end = Math.max(end, h.line);
    const last = h.lineNumbers[h.lineNumbers.length - 1];
    if (last !== undefined) end = Math.max(end, last);
  }
  if (text) {
    let start = first.line;
    for (let k = first.line - 1; k >= Math.max(1, first.line - 2); k--) {
      const t = text(k);
      if (t === undefined) break;
      if (/^Packet \d+\s*$/.test(t)) {
        start = k;
        break;
      }
      if (t.trim() !== '') break;
    }
    for (let n = start; n <= end; n++) {
      const t = text(n);
      if (t !== undefined) out.push({ line: n, text: t });
    }
    return out;
  }
  for (const h of j.hops) {
    if (h.line !== null) out.push({ line: h.line, text: headerText(h, opts) });
    h.lines.forEach((t, k) => {
      const n = h.lineNumbers[k];
      if (n !== undefined) out.push({ line: n, text: t });
    });
  }
  return out;
}

/** A walkthrough of one journey: facts, story, narrated steps, raw lines and the path. */
export function walkthrough(j: Journey, opts: NarrateOptions = {}): Walkthrough {
  const steps = narrateJourney(j, opts);
  const nextChecks = [...new Set(steps.flatMap((s) => (s.tone === 'drop' || s.tone === 'unknown' ? s.nextChecks : [])))];
  const f = j.flow;
  const title = opts.title ?? `${f ? flowText(f) : `Packet ${j.number ?? j.id}`} — ${j.verdict}${j.dropReason ? ` (${j.dropReason})` : ''}`;
  return {
    id: j.id,
    title: cap(title),
    input: j.input,
    k8sNode: opts.k8sNode ?? null,
    thread: j.thread,
    number: j.number,
    facts: packetFacts(j),
    story: storyOf(j, opts),
    steps,
    raw: rawLines(j, opts),
    path: pathPlaces(j, opts.schematic ?? null),
    nextChecks,
  };
}
