// What a node means for a packet's fate, from its name and the glossary (used by the verdict).
import type { Verdict } from '../model';
import { hasTag, interfaceOfNode, nodeInfo } from '../knowledge';

/** error-drop, drop and every `*-drop` node. */
export function isDropNode(node: string): boolean {
  return node === 'error-drop' || node === 'drop' || node.endsWith('-drop');
}

/** Nodes of the punt path (ip4-punt, *-punt-redirect, punt-dispatch, error-punt, punt, …). */
export function isPuntNode(node: string): boolean {
  return hasTag(node, 'punt');
}

/** Nodes of VPP's own stack (ip4/6-local, ip4/6-receive, ICMP/TCP/UDP handlers, ARP handling). */
export function isLocalNode(node: string): boolean {
  const i = nodeInfo(node);
  return i !== null && i.tags.includes('local') && !i.tags.includes('rx');
}

/** Receive (input) nodes: where a packet enters VPP. */
export function isInputNode(node: string): boolean {
  return hasTag(node, 'rx');
}

/** `<if>-output` or `<if>-tx`: the packet is sent out of an interface. */
export function isInterfaceOutput(node: string): boolean {
  const i = nodeInfo(node);
  return i !== null && i.tags.includes('interface') && (i.tags.includes('output') || i.tags.includes('tx'));
}

export function isInterfaceTx(node: string): boolean {
  const i = nodeInfo(node);
  return i !== null && i.tags.includes('interface') && i.tags.includes('tx');
}

/** The interface a node is named after (`tun4-output` → `tun4`), null when it is not such a node. */
export function nodeInterface(node: string): string | null {
  return interfaceOfNode(node);
}

/** Nodes across which an address change is not a NAT: tunnels, IPsec, replies and ICMP errors. */
export function breaksFlow(node: string): boolean {
  const i = nodeInfo(node);
  if (!i) return false;
  const t = i.tags;
  return t.includes('encap') || t.includes('decap') || t.includes('ipsec') || t.includes('reply');
}

/** Tunnel encapsulation / decapsulation and IPsec nodes. */
export function isTunnelNode(node: string): boolean {
  const i = nodeInfo(node);
  if (!i) return false;
  const t = i.tags;
  return t.includes('encap') || t.includes('decap') || t.includes('ipsec');
}

export function isNatNode(node: string): boolean {
  return hasTag(node, 'nat');
}

/**
 * The verdict of a path (node sequence), in this order: `dropped` if it reaches error-drop, drop or
 * any `*-drop` node; `punted` if it crosses a punt node; `forwarded` if its last interface output
 * (`<if>-output` / `<if>-tx`) comes after the last node of VPP's own stack; `local` if it ends in
 * VPP's own stack; else `unknown` (a cut trace, an undocumented vendor node).
 */
export function pathVerdict(nodes: readonly string[]): Verdict {
  let lastOut = -1;
  let lastLocal = -1;
  let punted = false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (isDropNode(n)) return 'dropped';
    if (isPuntNode(n)) punted = true;
    if (isInterfaceOutput(n)) lastOut = i;
    else if (isLocalNode(n)) lastLocal = i;
  }
  if (punted) return 'punted';
  if (lastOut >= 0 && lastOut > lastLocal) return 'forwarded';
  if (lastLocal >= 0) return 'local';
  return 'unknown';
}

// ---- egress: one rule for journeys of text traces and of dispatch captures ---------------------

/**
 * Whether a packet with this verdict leaves VPP by an interface. Dropped packets and packets for
 * VPP's own stack have no egress; a punted packet has one when the punt redirect sends it out
 * (Calico VPP: to the host through tap0), like a forwarded one.
 */
export function verdictHasEgress(verdict: Verdict): boolean {
  return verdict !== 'dropped' && verdict !== 'local';
}

/** The hops of a path that name its egress interface. */
export interface EgressHops {
  /** Last interface output / tx hop, -1 if none. */
  lastOut: number;
  /** When lastOut is a driver's tx: the `<if>-output` hop just before it (names the sub-interface), else -1. */
  outBeforeTx: number;
  /** Hops that rewrite the packet for an adjacency (their tx_sw_if_index), last first. */
  rewriteHops: number[];
}

export function egressHops(nodes: readonly string[]): EgressHops {
  let lastOut = -1;
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (isInterfaceOutput(nodes[i]!)) {
      lastOut = i;
      break;
    }
  }
  let outBeforeTx = -1;
  if (lastOut >= 0 && isInterfaceTx(nodes[lastOut]!)) {
    for (let j = lastOut - 1; j >= 0 && j >= lastOut - 3; j--) {
      if (isInterfaceOutput(nodes[j]!) && !isInterfaceTx(nodes[j]!)) {
        outBeforeTx = j;
        break;
      }
    }
  }
  const rewriteHops: number[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const t = nodeInfo(nodes[i]!)?.tags;
    if (t && t.includes('rewrite')) rewriteHops.push(i);
  }
  return { lastOut, outBeforeTx, rewriteHops };
}

/** What a journey source knows about the interfaces of its hops. */
export interface EgressNames {
  /** The interface an output / tx hop sends to (null when it does not say). */
  hopInterface(i: number): string | null;
  /** The interface a rewrite hop's adjacency sends to, when it can be named (`show interface`). */
  rewriteInterface(i: number): string | null;
}

/**
 * The egress of a path: the interface of its last output / tx hop (the `<if>-output` before a
 * driver's tx when it names a sub-interface of it), else the interface of the last rewrite's
 * adjacency; null when the verdict has no egress.
 */
export function egressOf(verdict: Verdict, hops: EgressHops, names: EgressNames): { interface: string } | null {
  if (!verdictHasEgress(verdict)) return null;
  const k = hops.lastOut;
  if (k >= 0) {
    const name = names.hopInterface(k);
    if (hops.outBeforeTx >= 0) {
      const o = names.hopInterface(hops.outBeforeTx);
      if (o && (name === null || o === name || o.startsWith(`${name}.`))) return { interface: o };
    }
    if (name) return { interface: name };
  }
  for (const i of hops.rewriteHops) {
    const n = names.rewriteInterface(i);
    if (n) return { interface: n };
  }
  return null;
}

/**
 * Where a drop reason is printed, in the order to read them: `drop` hops first (VPP ≥ 20.x prints
 * `<node>: <error>` there), then `error-drop` hops (older layouts print it under error-drop).
 */
export function dropReasonHops(nodes: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (nodes[i] === 'drop') out.push(i);
  for (let i = 0; i < nodes.length; i++) if (nodes[i] === 'error-drop') out.push(i);
  return out;
}
