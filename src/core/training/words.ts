// Small wording helpers shared by the narrator, the lessons and the questions: flows, endpoints,
// interfaces and NAT changes in plain words.
import { explainInterface } from '../knowledge';
import type { SchematicNode } from '../diagram';
import type { Flow, NatChange } from '../model';

export function endpoint(ip: string, port: number | null): string {
  const a = ip.includes(':') ? `[${ip}]` : ip;
  return port === null ? a : `${a}:${port}`;
}

/** `TCP 10.0.0.1:1234 → 10.0.0.2:80`. */
export function flowText(f: Flow): string {
  return `${f.protocol} ${endpoint(f.src, f.srcPort)} → ${endpoint(f.dst, f.dstPort)}`;
}

/** Who an address belongs to, in plain words ("pod default/client"), or null. */
export type WhoIs = (ip: string) => string | null;

export function withWho(ip: string, port: number | null, who: WhoIs | undefined): string {
  const w = who?.(ip);
  return w ? `${endpoint(ip, port)} (${w})` : endpoint(ip, port);
}

/** What a NAT change did, e.g. "destination 10.96.0.10:53 → 10.244.1.7:53". */
export function natText(n: NatChange, who?: WhoIs): string {
  const parts: string[] = [];
  const { before: b, after: a } = n;
  if (b.dst !== a.dst || b.dstPort !== a.dstPort) parts.push(`destination ${withWho(b.dst, b.dstPort, who)} → ${withWho(a.dst, a.dstPort, who)}`);
  if (b.src !== a.src || b.srcPort !== a.srcPort) parts.push(`source ${withWho(b.src, b.srcPort, who)} → ${withWho(a.src, a.srcPort, who)}`);
  return parts.join(' and ') || 'no address or port changed';
}

/** Which address a NAT change rewrote: the destination (DNAT), the source (SNAT), or both. */
export function natKind(n: NatChange): 'destination' | 'source' | 'both' | 'none' {
  const d = n.before.dst !== n.after.dst || n.before.dstPort !== n.after.dstPort;
  const s = n.before.src !== n.after.src || n.before.srcPort !== n.after.srcPort;
  return d && s ? 'both' : d ? 'destination' : s ? 'source' : 'none';
}

/**
 * An interface in plain words, using the node's schematic when known: `tun2 (pod default/web-1)`,
 * `tap0 (the Linux host)`, `host-eth0 (the node's uplink)`; else the glossary's description.
 */
export function interfaceWords(ifname: string, node: SchematicNode | null | undefined): string {
  if (node) {
    const pod = node.pods.find((p) => p.tun === ifname);
    if (pod) return `${ifname} (pod ${pod.namespace ? `${pod.namespace}/` : ''}${pod.name})`;
    if (node.tap === ifname) return `${ifname} (the link to the node's Linux host)`;
    if (node.uplinks.includes(ifname)) return `${ifname} (the node's uplink to the network)`;
  }
  return explainInterface(ifname);
}

/** What an interface is for, as a noun phrase: "the interface of pod default/client", "the uplink of node-1". */
export function interfaceRole(ifname: string, node: SchematicNode | null | undefined): string {
  if (node) {
    const pod = node.pods.find((p) => p.tun === ifname);
    if (pod) return `the interface of pod ${pod.namespace ? `${pod.namespace}/` : ''}${pod.name}`;
    if (node.tap === ifname) return 'the link to the node\'s Linux host';
    if (node.uplinks.includes(ifname)) return 'the node\'s uplink to the network';
  }
  return explainInterface(ifname);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Upper-cases the first letter. */
export function cap(s: string): string {
  return s.length ? s[0]!.toUpperCase() + s.slice(1) : s;
}
