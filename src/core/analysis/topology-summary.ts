// The bundle part of `analyze --json`: nodes (image, uplink, interfaces, errors, tuns), services and
// checks, in exactly the documented shape (docs/cli.md, "Bundles and node state").
import type { Inflate } from '../bytes/gzip';
import { nodeState } from '../bundle/state';
import type { Bundle } from '../bundle/types';
import { runChecks, type Check } from './checks';
import { buildTopology, evidenceString, type Topology, type TrafficObservation } from './topology';

export interface BundleSummaryNode {
  name: string;
  vppImage: string | null;
  uplink: { interface: string; driver: string | null } | null;
  interfaces: Array<{ name: string; swIfIndex: number; state: 'up' | 'down'; counters: Record<string, number> }>;
  errors: Array<{ count: number; node: string; reason: string; severity: string | null; thread: number | null }>;
  tuns: Array<{
    interface: string;
    pod: { namespace: string; name: string; ip: string } | null;
    confidence: 'high' | 'medium' | 'low';
    evidence: string[];
  }>;
}

export interface BundleSummary {
  nodes: BundleSummaryNode[];
  services: Array<{ vip: string; port: number | null; protocol: string | null; backends: string[] }>;
  checks: Array<{ id: string; severity: 'critical' | 'warning' | 'info'; node: string | null; message: string; evidence: { file: string; line: number | null } }>;
}

export interface SummaryOptions {
  inflate?: Inflate;
  traffic?: TrafficObservation[];
  /** Reuse results already computed. */
  topology?: Topology;
  checks?: Check[];
}

const endpoint = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);

/** The `nodes`, `services` and `checks` members that `analyze --json` adds for a bundle. */
export function bundleSummaryJson(bundle: Bundle, opts: SummaryOptions = {}): BundleSummary {
  const topo = opts.topology ?? buildTopology(bundle, { inflate: opts.inflate, traffic: opts.traffic });
  const checks = opts.checks ?? runChecks(bundle, { inflate: opts.inflate });
  const nodes: BundleSummaryNode[] = topo.nodes.map((t) => {
    const ns = nodeState(bundle, t.name, opts.inflate)!;
    const ints = ns.interfaces()?.parsed.data.interfaces ?? [];
    const errs = ns.errors()?.parsed.data.counters ?? [];
    const up = t.uplinks[0];
    return {
      name: t.name,
      vppImage: t.vppImage,
      uplink: up ? { interface: up.interface, driver: up.driver } : null,
      interfaces: ints.map((i) => ({ name: i.name, swIfIndex: i.swIfIndex, state: i.adminUp ? 'up' : 'down', counters: { ...i.counters } })),
      errors: errs.map((e) => ({ count: e.count, node: e.node, reason: e.reason, severity: e.severity, thread: e.thread })),
      tuns: t.tuns.map((x) => ({
        interface: x.interface,
        pod: x.pod ? { namespace: x.pod.namespace, name: x.pod.name, ip: x.pod.ip } : null,
        confidence: x.confidence,
        evidence: x.evidence.map(evidenceString),
      })),
    };
  });
  return {
    nodes,
    services: topo.services.map((s) => ({ vip: s.vip, port: s.port, protocol: s.protocol, backends: s.backends.map((b) => endpoint(b.address, b.port)) })),
    checks: checks.map((c) => ({
      id: c.id,
      severity: c.severity,
      node: c.node,
      message: c.message,
      evidence: { file: c.evidence[0]?.file ?? bundle.name, line: c.evidence[0]?.line ?? null },
    })),
  };
}
