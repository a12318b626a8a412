// Node-name families: nodes named after an interface (`<if>-output`, `<if>-tx`, `<if>-rx`) and
// name patterns shared by many plugins (`*-handoff`, `*-drop`, `*punt*`, `*cnat*`, nat44 …).
// Used only when a node has no glossary entry of its own.
import type { NodeInfo, NodeTag } from './types';

/** First name segments that are protocols or subsystems, never interface names. */
const NOT_INTERFACE = new Set([
  'ip4', 'ip6', 'l2', 'l3', 'mpls', 'ethernet', 'adj', 'interface', 'tunnel', 'nat', 'nat44', 'nat64', 'nat66', 'det44', 'cnat',
  'esp4', 'esp6', 'ah4', 'ah6', 'ipsec4', 'ipsec6', 'udp4', 'udp6', 'tcp4', 'tcp6', 'vxlan4', 'vxlan6', 'gre4', 'gre6',
  'geneve4', 'geneve6', 'wg4', 'wg6', 'ipip4', 'ipip6', 'acl', 'session', 'punt', 'error', 'arp', 'icmp4', 'icmp6', 'span',
  'flowprobe', 'gso', 'lookup', 'policer', 'dhcp', 'bfd', 'lisp', 'gtpu4', 'gtpu6', 'srv6', 'sr', 'pbl', 'abf', 'npol', 'capo',
]);

function looksLikeInterface(name: string): boolean {
  if (name.length === 0) return false;
  const dash = name.indexOf('-');
  const first = (dash < 0 ? name : name.slice(0, dash)).toLowerCase();
  return !NOT_INTERFACE.has(first);
}

/** A short description of what kind of interface a name denotes (Calico conventions included). */
export function describeInterface(ifname: string): string {
  if (/^tun\d+/.test(ifname)) return `${ifname}, a tun interface (in Calico VPP: the interface of one pod)`;
  if (/^tap\d+/.test(ifname)) return ifname === 'tap0' ? 'tap0 (in Calico VPP: the link to the Linux host of the node)' : `${ifname}, a tap interface`;
  if (ifname.startsWith('host-')) return `${ifname}, an af_packet interface attached to the Linux interface ${ifname.slice(5)}`;
  if (ifname.startsWith('memif')) return `${ifname}, a shared-memory (memif) interface`;
  if (/^ipip\d+/.test(ifname)) return `${ifname}, an IP-in-IP tunnel interface`;
  if (/^ipsec\d+/.test(ifname)) return `${ifname}, an IPsec tunnel interface`;
  if (/^wg\d+/.test(ifname)) return `${ifname}, a WireGuard tunnel interface`;
  if (/^vxlan_tunnel\d+/.test(ifname)) return `${ifname}, a VXLAN tunnel interface`;
  if (/^gre\d+/.test(ifname)) return `${ifname}, a GRE tunnel interface`;
  if (/^loop\d+/.test(ifname)) return `${ifname}, a loopback interface`;
  if (/^pg\d+/.test(ifname)) return `${ifname}, a packet-generator interface`;
  if (ifname === 'local0') return 'local0, the placeholder interface (always down: packets sent there are dropped)';
  if (/^(?:Gigabit|TenGigabit|TwentyFiveGigabit|FortyGigabit|FiftyGigabit|HundredGigabit|TwoHundredGigabit|FourHundredGigabit)Ethernet/.test(ifname)) return `${ifname}, a physical NIC port`;
  if (/^(?:BondEthernet|bond)\d+/.test(ifname)) return `${ifname}, a bond (link aggregation) interface`;
  if (/^(?:VirtualEthernet|vhost)/.test(ifname)) return `${ifname}, a vhost-user interface to a VM`;
  return `interface ${ifname}`;
}

function family(node: string, summary: string, tags: NodeTag[], extra: Partial<NodeInfo> = {}): NodeInfo {
  return { node, summary, tags, match: 'family', ...extra };
}

/** Matches a node name against the families; null when none applies. */
export function familyInfo(node: string): NodeInfo | null {
  let m = /^interface-(\d+)-tx-deleted$/.exec(node);
  if (m) return family(node, `Transmit node of interface ${m[1]}, which was deleted after the packet was traced.`, ['tx', 'interface'], { interface: `DELETED (${m[1]})` });
  if (/-handoff$/.test(node)) return family(node, 'Moves the packet to the worker thread that owns its session or flow; the trace continues on that thread.', ['handoff']);
  if (/-drop$/.test(node)) return family(node, 'Discards the packet.', ['drop'], { nextChecks: ['Look for the matching counter in `show errors`'] });
  if (/(?:^|-)punt(?:-|$)/.test(node)) return family(node, 'Part of the punt path: sends the packet towards the host / control plane.', ['punt']);
  if (node.includes('cnat')) return family(node, 'cnat (Calico service NAT) processing: finds the packet\'s NAT session and translates its addresses/ports.', ['nat'], { nextChecks: ['Check the NAT state: `show cnat session verbose` and `show cnat translation`'] });
  if (/^(?:nat44|nat64|nat66|det44)(?:-|$)/.test(node)) return family(node, 'NAT processing: translates addresses/ports of the packet.', ['nat', 'feature']);
  if (node.startsWith('acl-plugin-')) return family(node, 'Network policy (ACL plugin): permits or denies the packet.', ['policy', 'feature']);
  m = /^(.+)-output$/.exec(node);
  if (m && looksLikeInterface(m[1]!)) {
    const ifname = m[1]!;
    return family(node, `Output node of ${describeInterface(ifname)}: runs the interface's output features (drops the packet if the interface is down), then queues it to the driver.`, ['output', 'interface'], {
      interface: ifname,
      dropReasons: { 'interface is down': 'The output interface is administratively or link down.' },
      nextChecks: ['Check the interface state and counters: `show interface` (is it up? rx/tx/drops growing?)'],
    });
  }
  m = /^(.+)-tx$/.exec(node);
  if (m && looksLikeInterface(m[1]!)) {
    const ifname = m[1]!;
    return family(node, `Driver transmit of ${describeInterface(ifname)}: the packet leaves VPP on this interface.`, ['tx', 'interface'], {
      interface: ifname,
      nextChecks: ['Check the interface TX counters and errors: `show interface` and `show hardware-interfaces`'],
    });
  }
  m = /^(.+)-rx$/.exec(node);
  if (m && looksLikeInterface(m[1]!)) {
    const ifname = m[1]!;
    return family(node, `Driver receive of ${describeInterface(ifname)} (device framework): the packet enters VPP here.`, ['rx', 'interface'], { interface: ifname });
  }
  return null;
}
