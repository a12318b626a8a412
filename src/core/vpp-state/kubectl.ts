// kubectl tables of a bundle: `get pods -o wide -A`, `get services -o wide -A`, `get nodes -o wide`.
// The bash export has kubectl's space-aligned output (columns start where the header labels start);
// calicovppctl (Go) writes the same columns tab-separated (cmd/calicovppctl/main.go formatPodsWide…).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export interface KubeRow extends Lined {
  cells: Record<string, string>;
}

export interface KubeTable {
  headers: string[];
  rows: KubeRow[];
  /** `No resources found` or a header only. */
  empty: boolean;
}

/** Reads a kubectl table (aligned or tab-separated). Column names are the header labels. */
export function parseKubeTable(text: string, input = 'kubectl'): Parsed<KubeTable> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: KubeTable = { headers: [], rows: [], empty: true };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let h = 0;
  while (h < lines.length && isBlank(lines[h]!)) h++;
  if (h >= lines.length || /^No resources found/.test(lines[h]!.trim())) return { input, data, failure: null, diagnostics };
  const header = lines[h]!;
  const tsv = header.includes('\t');
  const starts: number[] = [];
  if (tsv) data.headers = header.split('\t').map((s) => s.trim());
  else {
    for (const m of header.matchAll(/\S+(?: \S+)*/g)) {
      data.headers.push(m[0]);
      starts.push(m.index!);
    }
  }
  if (!data.headers.includes('NAME')) {
    diagnostics.push(diagnostic(input, 'no kubectl table header (NAME column) found', { line: h + 1 }));
    return { input, data, failure: null, diagnostics };
  }
  for (let i = h + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    let cells: string[] | null = null;
    if (tsv) cells = line.split('\t').map((s) => s.trim());
    else {
      const aligned = starts.every((s, k) => k === 0 || s >= line.length || /\s/.test(line[s - 1]!));
      if (aligned) cells = starts.map((s, k) => line.slice(s, starts[k + 1] ?? undefined).trim());
      else {
        const wide = line.trim().split(/\s{2,}/);
        if (wide.length === data.headers.length) cells = wide;
      }
    }
    if (!cells) {
      diagnostics.push(diagnostic(input, `row does not line up with the header: ${line.trim().slice(0, 60)}`, { line: i + 1 }));
      continue;
    }
    const rec: Record<string, string> = {};
    data.headers.forEach((name, k) => (rec[name] = cells![k] ?? ''));
    data.rows.push({ line: i + 1, cells: rec });
  }
  data.empty = data.rows.length === 0;
  return { input, data, failure: null, diagnostics };
}

const none = (s: string | undefined): string | null => (s === undefined || s === '' || s === '<none>' ? null : s);

export interface PodRow extends Lined {
  namespace: string | null;
  name: string;
  ready: string | null;
  /** STATUS column: `Running`, `CrashLoopBackOff`, `Pending`… (the Go export prints the phase). */
  status: string;
  restarts: number;
  /** `(3m ago)` part of RESTARTS, when printed. */
  lastRestart: string | null;
  age: string | null;
  ip: string | null;
  node: string | null;
}

export function parseGetPods(text: string, input = 'get-pods'): Parsed<{ pods: PodRow[] }> {
  const t = parseKubeTable(text, input);
  const pods: PodRow[] = [];
  for (const r of t.data.rows) {
    const c = r.cells;
    const rs = /^(\d+)(?:\s*\((.*)\))?$/.exec(c['RESTARTS'] ?? '');
    pods.push({
      line: r.line,
      namespace: none(c['NAMESPACE']),
      name: c['NAME'] ?? '',
      ready: none(c['READY']),
      status: c['STATUS'] ?? '',
      restarts: rs ? Number(rs[1]) : 0,
      lastRestart: rs?.[2] ?? null,
      age: none(c['AGE']),
      ip: none(c['IP']),
      node: none(c['NODE']),
    });
  }
  return { input, data: { pods }, failure: t.failure, diagnostics: t.diagnostics };
}

export interface ServicePort {
  port: number;
  nodePort: number | null;
  protocol: string;
}

export interface ServiceRow extends Lined {
  namespace: string | null;
  name: string;
  type: string | null;
  clusterIp: string | null;
  externalIp: string | null;
  ports: ServicePort[];
  selector: string | null;
}

export function parsePorts(s: string): ServicePort[] {
  const out: ServicePort[] = [];
  for (const p of s.split(',')) {
    const m = /^(\d+)(?::(\d+))?\/(\w+)$/.exec(p.trim());
    if (m) out.push({ port: Number(m[1]), nodePort: m[2] !== undefined ? Number(m[2]) : null, protocol: m[3]! });
  }
  return out;
}

export function parseGetServices(text: string, input = 'get-services'): Parsed<{ services: ServiceRow[] }> {
  const t = parseKubeTable(text, input);
  const services: ServiceRow[] = t.data.rows.map((r) => ({
    line: r.line,
    namespace: none(r.cells['NAMESPACE']),
    name: r.cells['NAME'] ?? '',
    type: none(r.cells['TYPE']),
    clusterIp: none(r.cells['CLUSTER-IP']),
    externalIp: none(r.cells['EXTERNAL-IP']),
    ports: parsePorts(r.cells['PORT(S)'] ?? ''),
    selector: none(r.cells['SELECTOR']),
  }));
  return { input, data: { services }, failure: t.failure, diagnostics: t.diagnostics };
}

export interface NodeRow extends Lined {
  name: string;
  status: string | null;
  roles: string | null;
  version: string | null;
  internalIp: string | null;
  externalIp: string | null;
  osImage: string | null;
  kernel: string | null;
  runtime: string | null;
}

export function parseGetNodes(text: string, input = 'get-nodes'): Parsed<{ nodes: NodeRow[] }> {
  const t = parseKubeTable(text, input);
  const nodes: NodeRow[] = t.data.rows.map((r) => ({
    line: r.line,
    name: r.cells['NAME'] ?? '',
    status: none(r.cells['STATUS']),
    roles: none(r.cells['ROLES']),
    version: none(r.cells['VERSION']),
    internalIp: none(r.cells['INTERNAL-IP']),
    externalIp: none(r.cells['EXTERNAL-IP']),
    osImage: none(r.cells['OS-IMAGE']),
    kernel: none(r.cells['KERNEL-VERSION']),
    runtime: none(r.cells['CONTAINER-RUNTIME']),
  }));
  return { input, data: { nodes }, failure: t.failure, diagnostics: t.diagnostics };
}
