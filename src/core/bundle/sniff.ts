// Content sniffing for files whose name says nothing (loose files, unpacked folders, odd prefixes).
import { isGzip } from '../bytes/gzip';
import { binaryRatio, decodeUtf8 } from '../text/utf8';
import type { FileKind } from './kinds';

const HEAD = 8192;

function u32(b: Uint8Array, off: number, le: boolean): number {
  return le ? (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0 : ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

/** pcap / pcapng / ELF recognition on raw (not gzipped) bytes. */
export function sniffBinary(b: Uint8Array): FileKind | null {
  if (b.length >= 24) {
    const be = u32(b, 0, false);
    if (be === 0xa1b2c3d4 || be === 0xa1b23c4d || be === 0xd4c3b2a1 || be === 0x4d3cb2a1) {
      const le = be === 0xd4c3b2a1 || be === 0x4d3cb2a1;
      const linktype = u32(b, 20, le) & 0x0fffffff;
      return linktype === 280 ? 'dispatch-pcap' : 'pcap';
    }
    if (be === 0x0a0d0d0a) return 'pcap';
  }
  if (b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) return 'core';
  return null;
}

const TEXT_RULES: Array<[RegExp, FileKind]> = [
  [/^-{19} Start of thread \d+|^Packet \d+\s*$|^\d\d:\d\d:\d\d:\d{6}: \S+|^No packets in trace buffer/m, 'trace'],
  [/^Interface: \S+ \(ifindex \d+\)/m, 'show-tun'],
  [/^\s*Name\s+Idx\s+Link\s+Hardware/m, 'show-hardware'],
  [/^\s*Name\s+Idx\s+State\s+/m, 'show-int'],
  [/^\s*Count\s+Node\s+Reason/m, 'show-err'],
  [/Name\s+State\s+Calls\s+Vectors/, 'show-run'],
  [/^Pool Name\s+Index/m, 'show-buffers'],
  [/^Thread \d+ \(.*\):\s*\n\s+node \S+:/m, 'show-int-rx'],
  [/, fib_index[: ]\s*\d+/, 'show-ip-fib'],
  [/^\s*rx \S+ via:\s*$/m, 'show-punt-redirect'],
  [/cnat-client:\[/, 'cnat-client'],
  [/^CNat Sessions:|session:\[\S+;\d+ -> /m, 'cnat-session'],
  [/^\[\d+\] \S+;\d+ [A-Z]+\b/m, 'cnat-translation'],
  [/^Source NAT\s*$/m, 'cnat-snat'],
  [/^Interfaces with policies configured:/m, 'npol-interfaces'],
  [/^\[policy#\d+\]/m, 'npol-policies'],
  [/^\[rule#\d+;/m, 'npol-rules'],
  [/^\[ipset#\d+;/m, 'npol-ipsets'],
  [/^\[\d+\] instance \d+ (?:p2mp )?src \S+ .*table-ID|^No IPIP tunnels configured/m, 'ipip-tunnel'],
  [/^\[\d+\] (?:instance \d+ )?src \S+ dst \S+ .*vni \d+|^No vxlan tunnels configured/im, 'vxlan-tunnel'],
  [/^\S+ \((?:up|dn)\):\s*$/m, 'show-int-addr'],
  [/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d:\d{3} \w+\s+\S+/m, 'show-log'],
  [/^NAMESPACE\s+NAME\s+READY\s+STATUS/m, 'get-pods'],
  [/^(?:NAMESPACE\s+)?NAME\s+TYPE\s+CLUSTER-IP/m, 'get-services'],
  [/^NAME\s+STATUS\s+ROLES/m, 'get-nodes'],
  [/^kind: DaemonSet\s*$/m, 'daemonset'],
  [/^kind: Installation\s*$|^\s*- apiVersion: operator\.tigera\.io/m, 'installation'],
  [/^Client Version:/m, 'kubectl-version'],
];

/** A file kind from the head of a text (or null). */
export function sniffText(head: string): FileKind | null {
  for (const [re, kind] of TEXT_RULES) if (re.test(head)) return kind;
  if (/^kind: ConfigMap\s*$/m.test(head)) {
    if (/CALICOVPP_|calico-vpp-config/.test(head)) return 'vpp-configmap';
    if (/name: cni-config/.test(head)) return 'cni-config';
    return 'calico-config';
  }
  if (/^Name:\s+\S+\s*\nNamespace:\s+\S+/m.test(head)) return /calico-vpp-node/.test(head) ? 'describe-vpp-pod' : /calico-node/.test(head) ? 'describe-calico-node-pod' : null;
  if (/^time="[^"]*" level=\w+/m.test(head)) return /vpp-manager|\/usr\/bin\/vpp\[|Native Driver|CorePattern:|Interface Name:/.test(head) ? 'vpp-log' : 'agent-log';
  if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[\w+\]\[\d+\] /m.test(head)) return 'calico-node-log';
  if (/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ kubelet\[\d+\]:/m.test(head)) return 'kubelet-journal';
  return null;
}

/** Sniffs raw bytes (gzip is reported as null: the caller decides by name or after inflating). */
export function sniffBytes(b: Uint8Array): FileKind | null {
  if (isGzip(b)) return null;
  const bin = sniffBinary(b);
  if (bin) return bin;
  const head = b.subarray(0, HEAD);
  if (binaryRatio(head) > 0.1) return null;
  return sniffText(decodeUtf8(head));
}
