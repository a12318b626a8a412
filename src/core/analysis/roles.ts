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
