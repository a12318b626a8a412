// The topology schematic's input: per Kubernetes node, its pods (each behind a tunN interface), VPP,
// the host side (tap0 → Linux, kubelet) and the uplinks (phy) towards the other nodes. Built from a
// bundle's topology, from the simulator, or (a single node) from what a trace alone shows.

/** What a drawn element is. `node` is the Kubernetes node frame. */
export type ElementKind = 'node' | 'pod' | 'tun' | 'vpp' | 'tap' | 'host' | 'phy';

export interface InterfaceFacts {
  name: string;
  /** up/down as printed by `show int`. */
  state: string | null;
  addresses: string[];
  driver: string | null;
  swIfIndex: number | null;
  /** Counters by name (rx packets, tx bytes, drops…), as `show int` prints them. */
  counters: Record<string, number>;
}

export interface SchematicPod {
  namespace: string | null;
  name: string;
  ip: string | null;
  /** The VPP interface of the pod (tunN); null when the pod's interface is not known. */
  tun: string | null;
}

export type Severity = 'error' | 'warning' | 'info';

export interface SchematicFinding {
  severity: Severity;
  title: string;
  /** Where the evidence is: an input name and line, when known. */
  evidence: { input: string; line: number | null; text: string | null }[];
  /** The element the finding is about (an interface name), when it is about one. */
  element?: string;
}

export interface SchematicNode {
  /** Kubernetes node name (or the trace file's name when nothing better is known). */
  name: string;
  /** The node's address on the underlay, when known. */
  address: string | null;
  pods: SchematicPod[];
  /** The host-side tap interface (tap0 in Calico VPP). */
  tap: string | null;
  /** The uplink interface(s) (the node's NIC, or af_packet host-eth0…). */
  uplinks: string[];
  /** Facts per interface name, for hover cards. */
  interfaces: Record<string, InterfaceFacts>;
  findings: SchematicFinding[];
}

export interface SchematicModel {
  nodes: SchematicNode[];
  /** How the nodes reach each other (for the label of the network between uplinks). */
  encapsulation: string | null;
  /** True when the model is inferred from traces only (no bundle): pods and uplinks may be incomplete. */
  inferred: boolean;
}

/** Which kind of element a VPP interface name is drawn as. */
export function interfaceKind(name: string): 'tun' | 'tap' | 'phy' | 'tunnel' | 'other' {
  if (/^tun\d+$/.test(name) || name.startsWith('memif')) return 'tun';
  if (/^tap\d+$/.test(name)) return 'tap';
  if (/^(ipip|vxlan_tunnel|wg|gre|ipsec)\d+$/.test(name)) return 'tunnel';
  if (name === 'local0' || /^loop\d+$/.test(name) || /^pg\d+$/.test(name)) return 'other';
  return 'phy';
}

/** The stable key of an element: `<k8s node>/<kind>/<name>`. */
export function elementKey(node: string, kind: ElementKind, name: string): string {
  return `${node}/${kind}/${name}`;
}

export function emptyNode(name: string): SchematicNode {
  return { name, address: null, pods: [], tap: null, uplinks: [], interfaces: {}, findings: [] };
}
