// The scenario model: a small declarative description of a Calico VPP cluster and of the flows sent
// through it. The engine (engine.ts) turns it into consistent VPP outputs and the ground truth of
// every traced packet. Everything here is plain data, so scenarios can be written by hand, stored as
// JSON, or generated.
import type { Flow, NatChange } from '../model/flow';
import type { Verdict } from '../model/journey';
import type { BundleOptions, RenderedBundle, ShowOptions } from './bundle/index';
import type { DispatchFrame, DispatchOptions, PcapTraceFrame, PcapTraceOptions } from './captures';

/** The one Calico VPP / VPP pairing the simulator writes (see docs/architecture.md, "Simulator"). */
export const SIMULATED_CALICO_VERSION = 'v3.31';
export const SIMULATED_VPP_VERSION = '25.10';
export type SimulatedVppVersion = typeof SIMULATED_VPP_VERSION;

/** How VPP drives the uplink NIC; decides the input node, the tx trace and the interface kind. */
export type UplinkDriver = 'dpdk' | 'af_packet' | 'af_xdp' | 'avf';

export interface UplinkSpec {
  /** VPP interface name, e.g. `host-eth0` (af_packet), `GigabitEthernet0/8/0` (dpdk), `eth0` (af_xdp). */
  interface: string;
  driver: UplinkDriver;
  /** sw_if_index of the uplink in VPP (hw_if_index is the same number in the simulator). */
  swIfIndex: number;
  /** L3 MTU of the uplink (default 1500). */
  mtu?: number;
  /** VPP's MAC on the uplink (default: derived from the node name). */
  mac?: string;
}

export interface K8sNodeSpec {
  name: string;
  /** The node address, configured on the uplink in VPP (and on the host side of tap0). */
  ip: string;
  /** The node's Calico IPAM block, e.g. `10.244.1.0/26`; pods of the node take addresses from it. */
  podCidr: string;
  uplink: UplinkSpec;
  vppVersion: SimulatedVppVersion;
  /** Worker threads (`vpp_wk_0` …). 0 means everything runs on `vpp_main`. Default 2. */
  workers?: number;
  /** VPP uptime when the scenario starts, in seconds (drives the trace timestamps). */
  uptimeSeconds?: number;
}

export interface PodSpec {
  namespace: string;
  name: string;
  /** Name of the k8s node the pod runs on. */
  node: string;
  ip: string;
  /** The pod's tun interface in VPP, e.g. `tun3`. */
  tun: string;
  /** sw_if_index of the tun interface (unique per node; hw_if_index is the same number). */
  swIfIndex: number;
  /** L3 MTU VPP uses towards the pod (default 1480). */
  mtu?: number;
}

export interface ServiceSpec {
  namespace: string;
  name: string;
  clusterIP: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** Port of the backends (default: `port`). */
  targetPort?: number;
  /** Backend pods as `namespace/name`. */
  backends: string[];
  /** NodePort, reachable on every node address. */
  nodePort?: number;
}

/** A Calico network policy rule that denies traffic, rendered as ACL plugin nodes on the pod's tun. */
export interface PolicySpec {
  /** The selected pod, `namespace/name`. */
  pod: string;
  /** `egress`: traffic sent by the pod (acl-plugin-in-ip4-fa on its tun); `ingress`: received by it. */
  direction: 'ingress' | 'egress';
  action: 'deny';
  protocol?: 'TCP' | 'UDP' | 'ICMP';
  /** Destination port the rule matches (any when absent). */
  port?: number;
}

export type Encapsulation = 'ipip' | 'vxlan' | 'none';

export interface ClusterSpec {
  nodes: K8sNodeSpec[];
  pods: PodSpec[];
  services: ServiceSpec[];
  policies?: PolicySpec[];
  /** Calico's encapsulation between nodes (`none` = routed on the underlay). */
  encapsulation: Encapsulation;
  /** VXLAN network identifier (Calico's default 4096). */
  vxlanVni?: number;
  /** The next hop of the uplinks towards the outside world (default: `.1` of the first node's /24). */
  gateway?: string;
}

/** Where a flow starts or ends. */
export type Endpoint =
  | { pod: string }
  /** A Service ClusterIP (`namespace/name`), at the service port. */
  | { service: string }
  /** A Service NodePort on a node's address. */
  | { nodePort: string; node: string }
  /** The node's own address (kubelet, host-network processes): punted to the host via tap0. */
  | { host: string }
  /** Any other address, outside the cluster (reached through the uplink gateway). */
  | { external: string; via?: string };

export type TcpFlagsName = 'SYN' | 'SYN ACK' | 'ACK' | 'PSH ACK' | 'FIN ACK' | 'RST';

export interface FlowSpec {
  /** Short id, unique in the scenario; names the flow in the ground truth. */
  id: string;
  description?: string;
  from: Endpoint;
  to: Endpoint;
  protocol: 'TCP' | 'UDP' | 'ICMP';
  /** Source port (default: picked by the engine's PRNG). Ignored for ICMP (the echo id is used). */
  srcPort?: number;
  /** Destination port (default: the service port / node port / 80). Ignored for ICMP. */
  dstPort?: number;
  /** Packets sent in the flow's direction (default 1). */
  packets?: number;
  /** Also send the reply of every delivered packet (default false). */
  reply?: boolean;
  /** IP TTL as sent (default 64). */
  ttl?: number;
  /** IP total length of each packet (default depends on the protocol). */
  size?: number;
  /** Don't-fragment bit (default true for TCP, false otherwise). */
  df?: boolean;
  /** TCP flags of the request packets (default `SYN`, then `PSH ACK` for the following ones). */
  tcpFlags?: TcpFlagsName;
  /** What the author expects; the engine checks it and refuses an inconsistent scenario. */
  expect?: { verdict: Verdict; reason?: string };
  /** µs between this flow's packets (default 1000). */
  intervalUs?: number;
}

export interface ScenarioSpec {
  name: string;
  title: string;
  description: string;
  cluster: ClusterSpec;
  flows: FlowSpec[];
  /** Seed of the engine's PRNG: the same spec and seed always give the same bytes. */
  seed: number;
}

/** The ground truth of one traced packet record (one `Packet N` of one node's `show trace`). */
export interface TruthPacket {
  /** The k8s node whose trace holds the record. */
  node: string;
  thread: number;
  packetNumber: number;
  ingress: { node: string; interface: string | null };
  egress: { interface: string } | null;
  verdict: Verdict;
  dropReason: string | null;
  nat: NatChange[];
  /** The first IP header of the record as VPP printed it (the outer one for tunnelled packets). */
  flow: Flow;
  /** The innermost IP header at ingress (differs from `flow` for tunnelled packets). */
  innerFlow: Flow;
  /** The FlowSpec id and whether this is the request or its reply. */
  flowId: string;
  direction: 'request' | 'reply';
  /** Graph nodes in order, one per trace entry header. */
  path: string[];
  /** The vlib buffer index (`buffer 0x…` lines; the key of the packet's dispatch records). */
  bufferIndex: number;
}

export interface ScenarioRender {
  /** `show trace` of one k8s node, exactly as `vppctl show trace max <n>` prints it. */
  showTrace(nodeName: string): string;
  /** `show interface` of one k8s node; sw_if_index values match the traces. */
  showInterface(nodeName: string): string;
  /**
   * The dispatch capture of one k8s node (`pcap dispatch trace on … buffer-trace`, link type 280):
   * one record per graph node each traced buffer entered, input nodes excepted; buffer indices,
   * times (seconds since VPP start) and trace texts agree with `showTrace`. A node without traced
   * packets gives a capture without records (VPP itself then writes no file).
   */
  dispatchPcap(nodeName: string, opts?: DispatchOptions): Uint8Array;
  /** `pcap trace [rx] [tx] [drop]` of one k8s node (link type 1, wall-clock times, tun TX as raw IP). */
  pcapTrace(nodeName: string, opts: PcapTraceOptions): Uint8Array;
  /**
   * The records of `dispatchPcap` / `pcapTrace` before they are written (node, buffer index, packet
   * bytes, time), for callers that filter or limit them (a BPF filter, `max`) and write the file
   * with `writePcap` themselves.
   */
  dispatchFrames(nodeName: string, opts?: DispatchOptions): DispatchFrame[];
  pcapTraceFrames(nodeName: string, opts: PcapTraceOptions): PcapTraceFrame[];
  /**
   * What `vppctl <line>` prints on a node after the scenario's traffic (`show int addr`, `show run`,
   * `show cnat session verbose`, `show npol interfaces`…; VPP's unique keyword prefixes are accepted);
   * null for a command the simulator does not know. `opts` adds a live VPP's state: the load and time
   * since `clear runtime`, `clear errors`, what the trace buffer holds.
   */
  show(nodeName: string, line: string, opts?: ShowOptions): string | null;
  /** The export bundle of the whole cluster in one of the two tools' layouts, optionally with faults. */
  bundle(opts: BundleOptions): RenderedBundle;
}

/** What a bundle of the scenario shows about the cluster (what topology analysis should find). */
export interface ScenarioTopology {
  nodes: {
    name: string;
    ip: string;
    uplink: { interface: string; driver: UplinkDriver; swIfIndex: number };
    /** The host tap (always `tap0` in Calico VPP). */
    tap: string;
    /** Pod interfaces and the pod behind each. */
    tuns: { interface: string; swIfIndex: number; pod: { namespace: string; name: string; ip: string } }[];
    /** Tunnels to the other nodes. */
    tunnels: { kind: 'ipip' | 'vxlan'; interface: string; peer: string }[];
  }[];
  /** cnat translations: ClusterIPs (the API server's included) and NodePorts (one per node address), with their backends. */
  services: { vip: string; port: number; protocol: 'TCP' | 'UDP'; name: string; namespace: string; backends: { ip: string; port: number }[] }[];
}

export interface Scenario {
  name: string;
  title: string;
  description: string;
  spec: ScenarioSpec;
  /** k8s node names in spec order. */
  nodes: string[];
  render: ScenarioRender;
  truth: TruthPacket[];
  /** sw_if_index → interface name of each node (VPP uses the same numbers for hw_if_index here). */
  interfaces(nodeName: string): Map<number, string>;
  /** The topology a bundle of this scenario shows. */
  topology: ScenarioTopology;
}
