// File kinds of a bundle and the names the two export tools give them.
// Sources: projectcalico/vpp-dataplane test/scripts/vppdev.sh (vppdev_cli_export, the bash
// `calivppctl export`) and cmd/calicovppctl/main.go (exportData, collectKubernetesData).
import type { StateKind } from '../vpp-state/index';

/** Files that belong to one node. */
export const NODE_KINDS = [
  'show-int',
  'show-int-addr',
  'show-int-rx',
  'show-hardware',
  'show-run',
  'show-err',
  'show-buffers',
  'show-tun',
  'show-ip-fib',
  'show-punt-redirect',
  'cnat-client',
  'cnat-translation',
  'cnat-session',
  'cnat-timestamp',
  'cnat-snat',
  'npol-interfaces',
  'npol-policies',
  'npol-rules',
  'npol-ipsets',
  'ipip-tunnel',
  'vxlan-tunnel',
  'show-log',
  'vpp-log',
  'agent-log',
  'calico-node-log',
  'describe-vpp-pod',
  'describe-calico-node-pod',
  'trace',
  'pcap',
  'dispatch-pcap',
  'core',
] as const;

/** Files about the whole cluster. */
export const CLUSTER_KINDS = [
  'kubectl-version',
  'kubelet-journal',
  'get-pods',
  'get-services',
  'get-nodes',
  'installation',
  'cni-config',
  'calico-config',
  'daemonset',
  'vpp-configmap',
  'operator-log',
] as const;

export type NodeFileKind = (typeof NODE_KINDS)[number];
export type ClusterFileKind = (typeof CLUSTER_KINDS)[number];
export type FileKind = NodeFileKind | ClusterFileKind | 'unknown';

const NODE_SET = new Set<string>(NODE_KINDS);

export function isNodeKind(k: FileKind): k is NodeFileKind {
  return NODE_SET.has(k);
}

/** Which node-state parser reads a file kind (null: not a parsed text kind). */
export const PARSER_OF: Partial<Record<FileKind, StateKind>> = {
  'show-int': 'show-int',
  'show-int-addr': 'show-int-addr',
  'show-int-rx': 'show-int-rx',
  'show-hardware': 'show-hardware',
  'show-run': 'show-run',
  'show-err': 'show-err',
  'show-buffers': 'show-buffers',
  'show-tun': 'show-tun',
  'show-ip-fib': 'show-ip-fib',
  'show-punt-redirect': 'show-punt-redirect',
  'cnat-client': 'cnat-client',
  'cnat-translation': 'cnat-translation',
  'cnat-session': 'cnat-session',
  'cnat-snat': 'cnat-snat',
  'npol-interfaces': 'npol-interfaces',
  'npol-policies': 'npol-policies',
  'npol-rules': 'npol-rules',
  'npol-ipsets': 'npol-ipsets',
  'ipip-tunnel': 'ipip-tunnel',
  'vxlan-tunnel': 'vxlan-tunnel',
  'show-log': 'show-log',
  'vpp-log': 'vpp-log',
  'agent-log': 'agent-log',
  'calico-node-log': 'calico-node-log',
  'describe-vpp-pod': 'describe-pod',
  'describe-calico-node-pod': 'describe-pod',
  'kubelet-journal': 'kubelet-journal',
  'get-pods': 'get-pods',
  'get-services': 'get-services',
  'get-nodes': 'get-nodes',
  installation: 'installation',
  daemonset: 'daemonset',
  'vpp-configmap': 'configmap',
  'cni-config': 'configmap',
  'calico-config': 'configmap',
  'operator-log': 'operator-log',
};

/** `<node>.<suffix>` names of per-node files (both tools, plus a few loose-file spellings). */
export const NODE_SUFFIXES: Record<string, NodeFileKind> = {
  'hardware-interfaces': 'show-hardware',
  'show-hardware': 'show-hardware',
  'show-hardware-interfaces': 'show-hardware',
  'show-run': 'show-run',
  'show-runtime': 'show-run',
  'show-err': 'show-err',
  'show-errors': 'show-err',
  'show-log': 'show-log',
  'show-buffers': 'show-buffers',
  'show-int': 'show-int',
  'show-interface': 'show-int',
  'show-int-rx': 'show-int-rx',
  'show-int-addr': 'show-int-addr',
  'show-tun': 'show-tun',
  'show-tap': 'show-tun',
  'show-ip-fib': 'show-ip-fib',
  'show-ip6-fib': 'show-ip-fib',
  'show-ip-punt-redirect': 'show-punt-redirect',
  'show-ip6-punt-redirect': 'show-punt-redirect',
  'describe-vpp-pod': 'describe-vpp-pod',
  'describe-calico-node-pod': 'describe-calico-node-pod',
  'vpp.log': 'vpp-log',
  'agent.log': 'agent-log',
  // Older vppdev.sh wrote the agent container's log as `<node>.calico.log`.
  'calico.log': 'agent-log',
  'calico-node.log': 'calico-node-log',
  'show-cnat-client': 'cnat-client',
  'show-cnat-translation': 'cnat-translation',
  'show-cnat-session': 'cnat-session',
  'show-cnat-timestamp': 'cnat-timestamp',
  'show-cnat-snat': 'cnat-snat',
  'show-npol-interfaces': 'npol-interfaces',
  'show-npol-policies': 'npol-policies',
  'show-npol-rules': 'npol-rules',
  'show-npol-ipsets': 'npol-ipsets',
  // Calico ≤ v3.30 (capo plugin, same formats as npol).
  'show-capo-interfaces': 'npol-interfaces',
  'show-capo-policies': 'npol-policies',
  'show-capo-rules': 'npol-rules',
  'show-capo-ipsets': 'npol-ipsets',
  'show-ipip-tunnel': 'ipip-tunnel',
  'show-vxlan-tunnel': 'vxlan-tunnel',
  'trace.txt': 'trace',
  'trace.txt.gz': 'trace',
};

/** Exact names of cluster files (after the export prefix). */
export const CLUSTER_NAMES: Record<string, ClusterFileKind> = {
  'kubectl-version': 'kubectl-version',
  'kubelet-journal': 'kubelet-journal',
  'get-pods': 'get-pods',
  'get-services': 'get-services',
  'get-nodes': 'get-nodes',
  'installation.yaml': 'installation',
  'cni-config.configmap.yaml': 'cni-config',
  'calico-config.configmap.yaml': 'calico-config',
  // The bash tool writes the calico-vpp-config ConfigMap over this file: decided by content.
  'calico-vpp-node.daemonset.yaml': 'daemonset',
  'calico-vpp-config.configmap.yaml': 'vpp-configmap',
  'operator.log': 'operator-log',
};

/** Names only the Go calicovppctl writes. */
export const GO_ONLY = new Set(['calico-vpp-config.configmap.yaml', 'show-ipip-tunnel', 'show-vxlan-tunnel']);

/** Capture files added to a bundle, with the node in the name when there is one. */
export function captureName(name: string): { kind: 'trace' | 'pcap' | 'dispatch-pcap'; node: string | null; gz: boolean } | null {
  let m = /^trace(?:[_-](.+?))?\.txt(\.gz)?$/.exec(name);
  if (m) return { kind: 'trace', node: m[1] ?? null, gz: !!m[2] };
  m = /^pcap_(.+?)\.pcap(\.gz)?$/.exec(name);
  if (m) return { kind: 'pcap', node: m[1]!, gz: !!m[2] };
  m = /^dispatch_(.+?)\.pcap(\.gz)?$/.exec(name);
  if (m) return { kind: 'dispatch-pcap', node: m[1]!, gz: !!m[2] };
  return null;
}
