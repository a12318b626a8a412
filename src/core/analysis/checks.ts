// Health checks over a bundle. Each check has an id, a severity, the evidence (file and line), a plain
// explanation and the next command to run. Checks are independent functions over the parsed state;
// a planted fault should be found by exactly one of them.
import type { Inflate } from '../bytes/gzip';
import { clusterState, fileFailure, nodeState, type NodeState } from '../bundle/state';
import type { Bundle, BundleFile } from '../bundle/types';
import { sumErrors } from '../vpp-state/errors';
import type { LogEntry } from '../vpp-state/logs';
import { errorMeaning } from './checks-knowledge';
import { ev, type Evidence } from './topology';

export type Severity = 'critical' | 'warning' | 'info';

export interface Check {
  id: string;
  severity: Severity;
  node: string | null;
  /** One sentence with the specifics (what, where). */
  message: string;
  /** What it means, in plain words. */
  explanation: string;
  /** The next command to run. */
  next: string;
  evidence: Evidence[];
}

export interface CheckOptions {
  inflate?: Inflate;
  /** How many `show errors` reasons to report per node (default 5). */
  topErrors?: number;
}

const VPPCTL = (node: string | null, cmd: string) => `calicovppctl vppctl -node ${node ?? 'NODE'} ${cmd}`;
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const SYSTEM_NS = /^(?:calico-vpp-dataplane|calico-system|kube-system|tigera-operator)$/;

interface Ctx {
  bundle: Bundle;
  opts: CheckOptions;
  out: Check[];
}

function add(ctx: Ctx, c: Check): void {
  ctx.out.push(c);
}

// ---- pods ----

function podChecks(ctx: Ctx): void {
  const pods = clusterState(ctx.bundle, ctx.opts.inflate).pods();
  if (!pods) return;
  for (const p of pods.parsed.data.pods) {
    const id = `${p.namespace ? p.namespace + '/' : ''}${p.name}`;
    const e = [ev(`${id} ${p.status}, ${p.restarts} restart(s)${p.lastRestart ? ` (${p.lastRestart})` : ''}`, pods.file, p.line)];
    const describe = `kubectl -n ${p.namespace ?? 'default'} describe pod ${p.name}`;
    const crash = p.status === 'CrashLoopBackOff' || (p.restarts >= 3 && /^(?:Error|CrashLoopBackOff|RunContainerError|OOMKilled|Failed)$/.test(p.status));
    if (crash) {
      add(ctx, {
        id: 'pod-crashloop',
        severity: 'critical',
        node: p.node,
        message: `pod ${id} is crash-looping (${p.status}, ${p.restarts} restarts)`,
        explanation: 'The container starts and exits again and again; Kubernetes waits longer between restarts each time. Its log before the exit says why.',
        next: `kubectl -n ${p.namespace ?? 'default'} logs ${p.name} --previous --all-containers`,
        evidence: e,
      });
    } else if (!/^(?:Running|Completed|Succeeded)$/.test(p.status)) {
      add(ctx, {
        id: 'pod-not-running',
        severity: SYSTEM_NS.test(p.namespace ?? '') ? 'critical' : 'warning',
        node: p.node,
        message: `pod ${id} is ${p.status}`,
        explanation: /Pending|ContainerCreating|Init/.test(p.status)
          ? 'The pod has not started: it may be waiting for resources (CPU, memory, hugepages), an image, a volume, or its network (the CNI — Calico VPP).'
          : 'The pod is not running; its events and last state say why.',
        next: describe,
        evidence: e,
      });
    } else if (p.status === 'Running' && p.restarts > 0) {
      add(ctx, {
        id: 'pod-restarts',
        severity: p.restarts >= 3 ? 'warning' : 'info',
        node: p.node,
        message: `pod ${id} has restarted ${p.restarts} time(s)${p.lastRestart ? `, last ${p.lastRestart}` : ''}`,
        explanation: 'The pod runs now but its containers exited before; for calico-vpp-node a restart of the vpp container restarts the dataplane of the whole node.',
        next: `kubectl -n ${p.namespace ?? 'default'} logs ${p.name} --previous --all-containers`,
        evidence: e,
      });
    }
  }
}

const RESOURCE_EVENT = /hugepages|Insufficient memory|OOMKill|out of memory|cannot allocate memory|failed to allocate/i;

function describeChecks(ctx: Ctx, ns: NodeState): void {
  for (const d of [ns.describeVppPod(), ns.describeCalicoNodePod()]) {
    if (!d) continue;
    const hits: Evidence[] = [];
    for (const e of d.parsed.data.events) if (RESOURCE_EVENT.test(e.message) || RESOURCE_EVENT.test(e.reason)) hits.push(ev(`${e.type} ${e.reason}: ${e.message}`, d.file, e.line));
    for (const c of d.parsed.data.containers) {
      if (c.lastReason === 'OOMKilled' || c.stateReason === 'OOMKilled') hits.push(ev(`container ${c.name} was OOMKilled`, d.file, c.line));
    }
    if (hits.length === 0) continue;
    add(ctx, {
      id: 'pod-resources',
      severity: 'critical',
      node: ns.name,
      message: `${d.parsed.data.name ?? 'the pod'} on ${ns.name}: ${hits[0]!.text}`,
      explanation: 'VPP needs hugepages (and memory for its buffers) reserved on the node. When the node has no free hugepages, or the pod\'s limits are too small, the pod cannot be scheduled or VPP cannot start.',
      next: `kubectl describe node ${ns.name} | grep -i -A3 hugepages`,
      evidence: hits,
    });
  }
}

// ---- logs ----

interface LogRule {
  id: string;
  severity: Severity;
  test: (e: LogEntry) => boolean;
  message: (e: LogEntry) => string;
  explanation: string;
  next: (node: string) => string;
}

const isErr = (e: LogEntry) => e.level === 'error' || e.level === 'fatal';

const VPP_LOG_RULES: LogRule[] = [
  {
    id: 'vpp-crash',
    severity: 'critical',
    test: (e) => /received signal SIG(?:SEGV|ABRT|BUS|FPE|ILL)|Segmentation fault|core dumped|VPP exited: ?true .*signaled: ?true/i.test(e.raw),
    message: (e) => `VPP crashed: ${e.message.slice(0, 120)}`,
    explanation: 'VPP stopped on a fatal signal; vpp-manager restarts it, which resets the node\'s dataplane. A core file (if a core pattern is set) holds the backtrace.',
    next: (n) => `calicovppctl log -component vpp -node ${n}`,
  },
  {
    id: 'vpp-hugepages',
    severity: 'warning',
    test: (e) => /non-hugepage|hugepages?\b.{0,60}\b(?:fail|not available|insufficient|no free|cannot)|(?:fail|not available|insufficient|no free|cannot).{0,60}\bhugepages?\b|failed to mmap \d+ pages/i.test(e.raw),
    message: (e) => `VPP could not get hugepages: ${e.message.slice(0, 120)}`,
    explanation: 'VPP wants its packet buffers in hugepages; without free hugepages it falls back to normal memory (slower) or fails to start. Reserve hugepages on the node (vm.nr_hugepages) and give the vpp container a hugepages-2Mi limit.',
    next: () => 'grep -i huge /proc/meminfo   # on the node',
  },
  {
    id: 'vpp-uplink-not-found',
    severity: 'critical',
    test: (e) => isErr(e) && /(?:cannot|could not|couldn't|can't|unable to|failed to) (?:find|get|locate) (?:the )?(?:uplink |main )?(?:interface|link)|no such (?:device|interface|network interface)|Link not found|interface .{0,40} not found|Error getting (?:uplink|main) interface/i.test(e.message),
    message: (e) => `vpp-manager could not find the uplink interface: ${e.message.slice(0, 120)}`,
    explanation: 'The interface named in CALICOVPP_INTERFACES (uplinkInterfaces[].interfaceName) does not exist on this node under that name (predictable names such as ens3 vs eth0 differ between machines).',
    next: () => 'kubectl -n calico-vpp-dataplane get configmap calico-vpp-config -o yaml   # compare interfaceName with `ip link` on the node',
  },
  {
    id: 'vpp-driver-error',
    severity: 'critical',
    test: (e) => (isErr(e) || e.source === 'vpp') && /\b(?:driver|vfio|uio|igb_uio|EAL|dpdk|bind|unbind|iommu|PCI|af_xdp|rdma)\b/i.test(e.message) && /fail|error|cannot|unable|not (?:found|supported|loaded)|invalid/i.test(e.message),
    message: (e) => `uplink driver problem: ${e.message.slice(0, 120)}`,
    explanation: 'VPP could not take the NIC with the configured driver (vfio/uio module missing, IOMMU off, unsupported NIC, or the driver name is wrong). Calico VPP then falls back or fails to start.',
    next: (n) => `calicovppctl vppctl -node ${n} show hardware-interfaces`,
  },
  {
    id: 'vpp-nic-config',
    severity: 'warning',
    test: (e) => isErr(e) && /\b(?:mtu|queues?|rxqsz|txqsz|rx-queue|tx-queue|rss|offload|ring size|descriptors?|promisc)\b/i.test(e.message),
    message: (e) => `NIC configuration rejected: ${e.message.slice(0, 120)}`,
    explanation: 'A setting for the uplink (MTU, number or size of queues, RSS, offloads) is not accepted by the NIC or driver.',
    next: (n) => `calicovppctl vppctl -node ${n} show hardware-interfaces verbose`,
  },
];

const AGENT_LOG_RULES: LogRule[] = [
  {
    id: 'agent-bgp-port-in-use',
    severity: 'critical',
    test: (e) => /address already in use/i.test(e.raw) && /:179\b|\bbgp\b/i.test(e.raw),
    message: (e) => `the agent cannot listen for BGP: ${e.message.slice(0, 120) || e.raw.slice(0, 120)}`,
    explanation: 'Port 179 (BGP) is already taken on the node — usually by BIRD from calico-node (Calico\'s own BGP must be disabled with the VPP dataplane) or by another routing daemon. Without BGP, routes to other nodes\' pods are missing.',
    next: () => 'sudo ss -ltnp | grep :179   # on the node: which process holds the BGP port',
  },
  {
    id: 'agent-missing-config',
    severity: 'critical',
    test: (e) =>
      isErr(e) &&
      /(?:missing|required|not set|not found|is empty|cannot parse|invalid|error (?:getting|parsing|reading))\b.{0,60}\b(?:config|configuration|env(?:ironment)?(?: variable)?|CALICOVPP_\w+|NODENAME|SERVICE_PREFIX|config ?map)|(?:config|configuration|env(?:ironment)? variable|CALICOVPP_\w+|NODENAME|SERVICE_PREFIX)\b.{0,60}\b(?:missing|required|not set|is empty|invalid)/i.test(e.message),
    message: (e) => `the agent is missing configuration: ${e.message.slice(0, 120)}`,
    explanation: 'A required setting (an environment variable from the calico-vpp-config ConfigMap, or the Calico configuration) is missing or malformed, so the agent cannot program VPP.',
    next: () => 'kubectl -n calico-vpp-dataplane get configmap calico-vpp-config -o yaml',
  },
];

function logChecks(ctx: Ctx, ns: NodeState, which: 'vpp' | 'agent'): void {
  const v = which === 'vpp' ? ns.vppLog() : ns.agentLog();
  if (!v) return;
  const rules = which === 'vpp' ? VPP_LOG_RULES : AGENT_LOG_RULES;
  const matched = new Set<number>();
  for (const r of rules) {
    const hits = v.parsed.data.entries.filter((e) => !matched.has(e.line) && r.test(e));
    if (hits.length === 0) continue;
    for (const h of hits) matched.add(h.line);
    add(ctx, {
      id: r.id,
      severity: r.severity,
      node: ns.name,
      message: `${ns.name}: ${r.message(hits[0]!)}${hits.length > 1 ? ` (${hits.length} lines)` : ''}`,
      explanation: r.explanation,
      next: r.next(ns.name),
      evidence: hits.slice(0, 5).map((h) => ev(h.raw.slice(0, 200), v.file, h.line)),
    });
  }
  const rest = v.parsed.data.entries.filter((e) => isErr(e) && !matched.has(e.line));
  if (rest.length > 0) {
    add(ctx, {
      id: which === 'vpp' ? 'vpp-log-errors' : 'agent-log-errors',
      severity: rest.some((e) => e.level === 'fatal') ? 'critical' : 'warning',
      node: ns.name,
      message: `${ns.name}: ${rest.length} error line(s) in the ${which === 'vpp' ? 'vpp container (vpp-manager)' : 'agent'} log; first: ${rest[0]!.message.slice(0, 100)}`,
      explanation: which === 'vpp' ? 'vpp-manager configures the uplink and runs VPP; its errors usually explain a VPP that does not start or an uplink without connectivity.' : 'The agent programs VPP (pods, services, policies, routes); its errors mean part of that configuration is missing.',
      next: `calicovppctl log -component ${which} -node ${ns.name}`,
      evidence: rest.slice(0, 5).map((h) => ev(h.raw.slice(0, 200), v.file, h.line)),
    });
  }
}

function kubeletChecks(ctx: Ctx): void {
  const j = clusterState(ctx.bundle, ctx.opts.inflate).kubeletJournal();
  if (!j) return;
  const swap = j.parsed.data.entries.filter((e) => /swap/i.test(e.raw) && /(?:not supported|enabled|is on|please disable|failed)/i.test(e.raw));
  if (swap.length > 0) {
    add(ctx, {
      id: 'kubelet-swap',
      severity: 'warning',
      node: null,
      message: `kubelet complains about swap: ${swap[0]!.message.slice(0, 120)}`,
      explanation: 'The kubelet refuses to run (or runs degraded) with swap enabled unless configured to allow it; pods on that machine do not start.',
      next: 'sudo swapoff -a   # and remove the swap entry from /etc/fstab',
      evidence: swap.slice(0, 3).map((e) => ev(e.raw.slice(0, 200), j.file, e.line)),
    });
  }
  const errs = j.parsed.data.entries.filter((e) => isErr(e) && !swap.includes(e));
  if (errs.length > 0) {
    add(ctx, {
      id: 'kubelet-errors',
      severity: 'info',
      node: null,
      message: `${errs.length} error line(s) in the kubelet journal; first: ${errs[0]!.message.slice(0, 100)}`,
      explanation: 'kubelet errors often explain pods that do not start (image pulls, volumes, CNI calls to Calico VPP).',
      next: 'sudo journalctl -u kubelet -r -n 200',
      evidence: errs.slice(0, 5).map((e) => ev(e.raw.slice(0, 200), j.file, e.line)),
    });
  }
}

// ---- VPP state ----

function interfaceChecks(ctx: Ctx, ns: NodeState): void {
  const ints = ns.interfaces();
  const hw = ns.hardware();
  const reported = new Set<string>();
  for (const i of ints?.parsed.data.interfaces ?? []) {
    if (i.name === 'local0' || i.adminUp) continue;
    reported.add(i.name);
    const important = i.name === 'tap0' || /^(?:host-|avf-|\w*Ethernet)/.test(i.name);
    add(ctx, {
      id: 'interface-down',
      severity: important ? 'critical' : 'warning',
      node: ns.name,
      message: `${ns.name}: interface ${i.name} (sw_if_index ${i.swIfIndex}) is ${i.state}`,
      explanation: /^tun\d+$/.test(i.name)
        ? 'A pod\'s interface is administratively down: that pod has no network.'
        : i.name === 'tap0'
          ? 'The tap between VPP and the host is down: the host (and host-network pods) lose connectivity through VPP.'
          : 'The interface is administratively down in VPP: nothing is sent or received on it.',
      next: VPPCTL(ns.name, `show hardware-interfaces ${i.name}`),
      evidence: [ev(`${i.name} ${i.state}`, ints!.file, i.line)],
    });
  }
  for (const h of hw?.parsed.data.interfaces ?? []) {
    if (h.name === 'local0' || h.link !== 'down' || reported.has(h.name)) continue;
    reported.add(h.name);
    add(ctx, {
      id: 'interface-down',
      severity: /^tun\d+$/.test(h.name) ? 'warning' : 'critical',
      node: ns.name,
      message: `${ns.name}: interface ${h.name} has its link down`,
      explanation: 'The interface is up in VPP but the link (carrier) is down: cable, switch port, or the peer (for a tun: the pod side) is not up.',
      next: VPPCTL(ns.name, `show hardware-interfaces ${h.name}`),
      evidence: [ev(`${h.name} link ${h.link}`, hw!.file, h.line)],
    });
  }
}

const RX_MISS = /^(?:rx-miss|rx-no-buf|rx missed|rx_missed_errors|imissed|rx discards|rx no buf\w*|rx_mbuf_allocation_errors)$/i;
const TX_ERR = /^(?:tx-error|tx errors|tx_errors|oerrors|tx packet drops?.*|tx_dropped|tx no desc\w*)$/i;

function counterChecks(ctx: Ctx, ns: NodeState): void {
  const ints = ns.interfaces();
  const hw = ns.hardware();
  const found: Record<'rx' | 'tx', Evidence[]> = { rx: [], tx: [] };
  const first: Record<'rx' | 'tx', string | null> = { rx: null, tx: null };
  for (const i of ints?.parsed.data.interfaces ?? []) {
    for (const [label, value] of Object.entries(i.counters)) {
      const k = RX_MISS.test(label) ? 'rx' : TX_ERR.test(label) ? 'tx' : null;
      if (!k || value === 0) continue;
      found[k].push(ev(`${i.name} ${label} ${value}`, ints!.file, i.counterLines[label] ?? i.line));
      first[k] ??= `${i.name} ${label} ${value}`;
    }
  }
  for (const h of hw?.parsed.data.interfaces ?? []) {
    for (const [label, value] of Object.entries(h.stats)) {
      const k = RX_MISS.test(label) ? 'rx' : TX_ERR.test(label) ? 'tx' : null;
      if (!k || value === 0) continue;
      found[k].push(ev(`${h.name} ${label} ${value}`, hw!.file, h.statLines[label] ?? h.line));
      first[k] ??= `${h.name} ${label} ${value}`;
    }
  }
  if (found.rx.length > 0) {
    add(ctx, {
      id: 'rx-miss',
      severity: 'warning',
      node: ns.name,
      message: `${ns.name}: packets missed on receive (${first.rx})`,
      explanation: 'The NIC dropped packets before VPP read them: the RX rings filled up because the worker polling them is too slow or too busy, or buffers ran out. More RX queues/workers, bigger rings, or fewer features on the path help.',
      next: VPPCTL(ns.name, 'show run'),
      evidence: found.rx,
    });
  }
  if (found.tx.length > 0) {
    add(ctx, {
      id: 'tx-errors',
      severity: 'warning',
      node: ns.name,
      message: `${ns.name}: transmit errors (${first.tx})`,
      explanation: 'Packets could not be handed to the NIC for transmit (TX ring full, link down, or driver error).',
      next: VPPCTL(ns.name, 'show hardware-interfaces verbose'),
      evidence: found.tx,
    });
  }
}

function bufferChecks(ctx: Ctx, ns: NodeState): void {
  const b = ns.buffers();
  if (!b) return;
  for (const p of b.parsed.data.pools) {
    if (p.total === 0) continue;
    if (p.avail === 0) {
      add(ctx, {
        id: 'buffers-exhausted',
        severity: 'critical',
        node: ns.name,
        message: `${ns.name}: buffer pool ${p.name} has no free buffers (${p.total} total, ${p.cached} cached, ${p.used} used) — traffic won't flow`,
        explanation: 'Every packet needs a buffer. With none free, VPP drops what it receives. Either buffers leak (look for a node holding them in `show buffer trace`), or the pool is too small for the number of interfaces and queues (buffers-per-numa in the VPP config).',
        next: VPPCTL(ns.name, 'show buffers'),
        evidence: [ev(`${p.name}: total ${p.total}, avail ${p.avail}, cached ${p.cached}, used ${p.used}`, b.file, p.line)],
      });
    } else if (p.avail < p.total * 0.05) {
      add(ctx, {
        id: 'buffers-low',
        severity: 'warning',
        node: ns.name,
        message: `${ns.name}: buffer pool ${p.name} is almost empty (${p.avail} of ${p.total} free)`,
        explanation: 'Fewer than 5% of the packet buffers are free; bursts will be dropped.',
        next: VPPCTL(ns.name, 'show buffers'),
        evidence: [ev(`${p.name}: total ${p.total}, avail ${p.avail}`, b.file, p.line)],
      });
    }
  }
}

function errorCounterChecks(ctx: Ctx, ns: NodeState): void {
  const e = ns.errors();
  if (!e) return;
  const top = sumErrors(e.parsed.data.counters)
    .filter((x) => x.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, ctx.opts.topErrors ?? 5);
  for (const x of top) {
    const m = errorMeaning(x.reason);
    add(ctx, {
      id: 'error-counter',
      severity: m.kind === 'drop' ? 'warning' : 'info',
      node: ns.name,
      message: `${ns.name}: ${x.count} × ${x.node}: ${x.reason}`,
      explanation: `${m.kind === 'drop' ? 'Drop' : m.kind === 'punt' ? 'Punt' : 'Counter'}: ${m.meaning}.`,
      next: VPPCTL(ns.name, `show errors   # then: trace add <input-node> 50 and look for ${x.node}`),
      evidence: x.lines.slice(0, 4).map((l) => ev(`${x.node}: ${x.reason}`, e.file, l)),
    });
  }
}

function runtimeChecks(ctx: Ctx, ns: NodeState): void {
  const r = ns.runtime();
  if (!r) return;
  for (const t of r.parsed.data.threads) {
    const busy = t.nodes.filter((n) => n.calls > 0 && n.vectorsPerCall >= 200 && !/-input$/.test(n.name));
    const inputBusy = t.nodes.filter((n) => n.calls > 0 && n.vectorsPerCall >= 200 && /-input$/.test(n.name) && n.state === 'polling');
    const list = busy.length > 0 ? busy : inputBusy;
    if (list.length === 0) continue;
    const worst = list.reduce((a, b) => (b.vectorsPerCall > a.vectorsPerCall ? b : a));
    add(ctx, {
      id: 'worker-overloaded',
      severity: 'warning',
      node: ns.name,
      message: `${ns.name}: thread ${t.index} (${t.name}) processes ${worst.vectorsPerCall.toFixed(2)} vectors/call in ${worst.name} — close to the 256 maximum`,
      explanation: 'VPP processes packets in frames of up to 256. When nodes see nearly full frames, the worker cannot keep up: packets wait in RX rings and get missed. Add workers / RX queues or spread interfaces over workers.',
      next: VPPCTL(ns.name, 'show int rx-placement'),
      evidence: list.slice(0, 5).map((n) => ev(`${n.name} ${n.vectorsPerCall} vectors/call`, r.file, n.line)),
    });
  }
}

function serviceChecks(ctx: Ctx, ns: NodeState): void {
  const tr = ns.translations();
  if (!tr) return;
  for (const t of tr.parsed.data.translations) {
    if (t.backends.length > 0) continue;
    add(ctx, {
      id: 'service-no-backends',
      severity: 'warning',
      node: ns.name,
      message: `${ns.name}: service ${t.vip}:${t.port}/${t.protocol} has no backend in cnat`,
      explanation: 'Connections to this service VIP have nowhere to go (they are dropped or reset). Usually the service has no ready endpoints (its pods are not Ready, or the selector matches nothing).',
      next: `kubectl get endpointslices -A | grep -w ${t.port}   # find the service with ClusterIP ${t.vip}`,
      evidence: [ev(`[${t.index}] ${t.vipText};${t.port} ${t.protocol} without backends`, tr.file, t.line)],
    });
  }
}

function corePatternCheck(ctx: Ctx): void {
  const cs = clusterState(ctx.bundle, ctx.opts.inflate);
  const cfg = cs.vppConfig();
  const ds = cs.daemonset();
  if (!cfg?.parsed.data && !ds?.parsed.data) return;
  if (cfg?.parsed.data?.corePattern) return;
  const envHit = ds?.parsed.data?.containers.flatMap((c) => c.env).find((e) => e.name === 'CALICOVPP_CORE_PATTERN' && e.value);
  if (envHit) return;
  const evidence: Evidence[] = [];
  if (cfg?.parsed.data) evidence.push(ev(`no corePattern in CALICOVPP_INITIAL_CONFIG${cfg.parsed.data.lines['CALICOVPP_INITIAL_CONFIG'] ? '' : ' (key absent)'}`, cfg.file, cfg.parsed.data.lines['CALICOVPP_INITIAL_CONFIG'] ?? null));
  if (ds?.parsed.data) evidence.push(ev('no CALICOVPP_CORE_PATTERN in the vpp container env', ds.file, ds.parsed.data.containers.find((c) => c.name === 'vpp')?.line ?? null));
  add(ctx, {
    id: 'no-core-pattern',
    severity: 'info',
    node: null,
    message: 'no core pattern is configured for VPP',
    explanation: 'If VPP crashes, no core file is written, so the crash cannot be analysed afterwards. Set "corePattern" in CALICOVPP_INITIAL_CONFIG (e.g. /var/lib/vpp/vppcore.%e.%p).',
    next: 'kubectl -n calico-vpp-dataplane edit configmap calico-vpp-config',
    evidence,
  });
}

function failureChecks(ctx: Ctx): void {
  for (const f of ctx.bundle.files) {
    const fail = fileFailure(f);
    if (!fail) continue;
    const cnat26 = f.kind === 'cnat-session' && /unknown input/.test(fail.message);
    add(ctx, {
      id: 'export-command-failed',
      severity: 'info',
      node: f.node,
      message: `${f.path}: the export saved an error instead of output: ${fail.message.split('\n').pop()!.slice(0, 120)}`,
      explanation: cnat26
        ? 'VPP ≥ 26.06 rejects `show cnat session verbose` (the bare `verbose`); use `show cnat session verbose 1`.'
        : 'The command could not run when the bundle was made (pod not found, timeout, VPP not running, or a command this VPP does not have); this file holds no data.',
      next: f.node ? VPPCTL(f.node, cnat26 ? 'show cnat session verbose 1' : '<the command again>') : 'run the export again',
      evidence: [ev(fail.message.split('\n')[0]!, f, fail.line > 0 ? fail.line : null)],
    });
  }
  for (const r of ctx.bundle.refused) {
    add(ctx, {
      id: 'bundle-refused-entry',
      severity: 'warning',
      node: null,
      message: `archive entry '${r.path}' was refused: ${r.reason}`,
      explanation: 'Export bundles hold only regular files; links, devices and paths leaving the archive are refused for safety.',
      next: 'check where this archive came from',
      evidence: [ev(r.reason, r.path, null)],
    });
  }
}

/** Runs every check over a bundle; results sorted by severity, then node. */
export function runChecks(bundle: Bundle, opts: CheckOptions = {}): Check[] {
  const ctx: Ctx = { bundle, opts, out: [] };
  podChecks(ctx);
  kubeletChecks(ctx);
  corePatternCheck(ctx);
  failureChecks(ctx);
  for (const n of bundle.nodes) {
    const ns = nodeState(bundle, n.name, opts.inflate)!;
    describeChecks(ctx, ns);
    logChecks(ctx, ns, 'vpp');
    logChecks(ctx, ns, 'agent');
    interfaceChecks(ctx, ns);
    counterChecks(ctx, ns);
    bufferChecks(ctx, ns);
    runtimeChecks(ctx, ns);
    serviceChecks(ctx, ns);
    errorCounterChecks(ctx, ns);
  }
  return ctx.out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.node ?? '').localeCompare(b.node ?? ''));
}

/** Files a check's evidence points into (for UI links). */
export function evidenceFiles(bundle: Bundle, c: Check): BundleFile[] {
  return bundle.files.filter((f) => c.evidence.some((e) => e.file === f.path));
}
