// Capturing inside a pod's network namespace from its node, as the Calico VPP troubleshooting guide
// teaches: find the pod's container, its PID (crictl for containerd / CRI-O, docker for Docker),
// then `nsenter -t PID -n tcpdump -ni eth0 -w FILE`; for pods whose node has no tcpdump, a short
// Python AF_PACKET capture that writes a pcap file. Every value is validated and shell-quoted, so
// the commands can be pasted as they are.
import type { V1Pod } from '@kubernetes/client-node';
import type { FiveTuple } from './filter';
import { filterExpression } from './filter';
import { CaptureInputError } from './validate';

/** POSIX shell quoting: a word as is when it is safe, else in single quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface PodCaptureCommands {
  pod: string;
  node: string;
  runtime: 'containerd' | 'cri-o' | 'docker' | 'unknown';
  containerId: string | null;
  /** Where the pcap file is written on the node. */
  file: string;
  /** Shell lines for the pod's node (as root): find the PID, capture with tcpdump. */
  tcpdump: string[];
  /** The same with Python's AF_PACKET socket (no tcpdump needed on the node). */
  python: string[];
  /** How to get a root shell on the node, if there is no SSH. */
  nodeShell: string;
}

/**
 * A Python 3 program (no quotes of the single kind, so it can sit in a single-quoted shell word)
 * that captures COUNT frames on IFACE and writes a classic pcap to FILE: link type 1 on an Ethernet
 * interface, 101 (raw IP) on a tun such as a Calico VPP pod's eth0 (told by the socket's ARPHRD).
 */
export function afPacketSnippet(iface: string, count: number, file: string): string {
  return [
    'import socket, struct, sys, time',
    `s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(3))`,
    `s.bind(("${iface}", 0))`,
    '# Calico VPP pods have a tun eth0 (raw IP, pcap link type 101); Ethernet and loopback (ARPHRD 1, 772) are type 1',
    'lt = 1 if s.getsockname()[3] in (1, 772) else 101',
    `f = open("${file}", "wb")`,
    'f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, lt))',
    `for i in range(${count}):`,
    '    data = s.recv(65535)',
    '    t = time.time()',
    '    f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(data), len(data)))',
    '    f.write(data)',
    '    f.flush()',
    'f.close()',
  ].join('\n');
}

export function podCaptureCommands(p: V1Pod, o: { count?: number; filter?: FiveTuple | null; iface?: string } = {}): PodCaptureCommands {
  const ns = p.metadata?.namespace ?? 'default';
  const name = p.metadata?.name ?? '';
  const node = p.spec?.nodeName ?? '';
  if (!name || !node) throw new CaptureInputError(`pod ${ns}/${name || '?'} is not scheduled on a node yet`);
  if (p.spec?.hostNetwork) throw new CaptureInputError(`pod ${ns}/${name} uses the host network: capture on the node itself (tcpdump -ni any), there is no pod network namespace`);
  const count = o.count ?? 1000;
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new CaptureInputError('count must be between 1 and 10000000');
  const iface = o.iface ?? 'eth0';
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(iface)) throw new CaptureInputError(`invalid interface name ${JSON.stringify(iface)} (Linux names: up to 15 letters, digits, _ . -)`);
  const cid = p.status?.containerStatuses?.find((s) => s.containerID)?.containerID ?? null;
  const m = cid ? /^(containerd|cri-o|docker):\/\/([0-9a-f]{12,64})$/.exec(cid) : null;
  const runtime = (m?.[1] as PodCaptureCommands['runtime'] | undefined) ?? 'unknown';
  const id = m?.[2] ?? null;
  const file = `/tmp/${ns}_${name}.pcap`.replace(/[^A-Za-z0-9_./-]/g, '_');
  const pidLine = runtime === 'docker'
    ? `PID=$(docker inspect --format '{{.State.Pid}}' ${shellQuote(id ?? '')})`
    : id
      ? `PID=$(crictl inspect --output go-template --template '{{.info.pid}}' ${shellQuote(id)})`
      : `PID=$(crictl inspect --output go-template --template '{{.info.pid}}' "$(crictl ps -q --pod "$(crictl pods -q --namespace ${shellQuote(ns)} --name ${shellQuote(name)})" | head -n 1)")`;
  const filter = o.filter ? filterExpression(o.filter) : null;
  const tcpdump = [
    `# on node ${node}, as root`,
    pidLine,
    ['nsenter', '-t', '"$PID"', '-n', 'tcpdump', '-ni', iface, '-c', String(count), '-w', shellQuote(file), ...(filter ? [shellQuote(filter)] : [])].join(' '),
  ];
  const python = [
    `# on node ${node}, as root (no tcpdump needed; no filter: every frame on ${iface})`,
    pidLine,
    `nsenter -t "$PID" -n python3 -c ${shellQuote(afPacketSnippet(iface, count, file))}`,
  ];
  return { pod: `${ns}/${name}`, node, runtime, containerId: id, file, tcpdump, python, nodeShell: `kubectl debug node/${node} -it --image=busybox:1.36 -- chroot /host` };
}
