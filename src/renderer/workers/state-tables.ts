// Node state as tables for the Node state view: interfaces, errors, runtime, buffers, hardware, cnat,
// npol (rows keep their source lines, so findings and evidence links can point at them).
import type { NodeState, StateView } from '../../core/bundle/state';
import type { InterfaceFacts } from '../../core/diagram';
import type { StateKind } from '../../core/vpp-state/index';
import type { StateTable } from './protocol';

type Cell = string | number | null;

function table(id: string, title: string, view: StateView<StateKind> | null, columns: string[], rows: { cells: Cell[]; line: number | null }[], chart: StateTable['chart'] = null): StateTable {
  return { id, title, source: view?.file.path ?? null, columns, rows: rows.map((r) => r.cells), lines: rows.map((r) => r.line), flagged: {}, chart };
}

const COUNTER_ORDER = ['rx packets', 'rx bytes', 'tx packets', 'tx bytes', 'drops', 'punt', 'rx-miss', 'tx-error', 'ip4', 'ip6'];

export function stateTables(ns: NodeState): StateTable[] {
  const out: StateTable[] = [];
  const ints = ns.interfaces();
  if (ints && !ints.parsed.failure) {
    const rows = ints.parsed.data.interfaces;
    const extra = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r.counters)) if (!COUNTER_ORDER.includes(k)) extra.add(k);
    const counters = [...COUNTER_ORDER.filter((c) => rows.some((r) => c in r.counters)), ...[...extra].sort()];
    out.push(
      table(
        'interfaces',
        'Interfaces (show interface)',
        ints,
        ['Name', 'Idx', 'State', 'MTU', ...counters],
        rows.map((r) => ({ cells: [r.name, r.swIfIndex, r.state, r.mtu ? r.mtu.l3 : null, ...counters.map((c) => r.counters[c] ?? null)], line: r.line })),
        counters.includes('drops') ? { label: 0, value: 4 + counters.indexOf('drops'), title: 'Drops per interface' } : null,
      ),
    );
  }
  const errs = ns.errors();
  if (errs && !errs.parsed.failure) {
    const rows = errs.parsed.data.counters;
    const hasSev = errs.parsed.data.hasSeverity;
    out.push(
      table(
        'errors',
        'Error counters (show errors)',
        errs,
        hasSev ? ['Count', 'Node', 'Reason', 'Severity'] : ['Count', 'Node', 'Reason'],
        rows.map((r) => ({ cells: hasSev ? [r.count, r.node, r.reason, r.severity] : [r.count, r.node, r.reason], line: r.line })),
        rows.length ? { label: 2, value: 0, title: 'Largest error counters' } : null,
      ),
    );
  }
  const run = ns.runtime();
  if (run && !run.parsed.failure) {
    const rows = run.parsed.data.threads.flatMap((t) => t.nodes.map((n) => ({ t, n })));
    out.push(
      table(
        'runtime',
        'Runtime (show runtime)',
        run,
        ['Thread', 'Node', 'State', 'Calls', 'Vectors', 'Suspends', run.parsed.data.clocksLabel ?? 'Clocks', 'Vectors/call'],
        rows.map(({ t, n }) => ({ cells: [t.name, n.name, n.state, n.calls, n.vectors, n.suspends, n.clocks, n.vectorsPerCall], line: n.line })),
        rows.length ? { label: 1, value: 6, title: 'Most expensive nodes (clocks per vector)' } : null,
      ),
    );
  }
  const buf = ns.buffers();
  if (buf && !buf.parsed.failure) {
    const rows = buf.parsed.data.pools;
    out.push(
      table(
        'buffers',
        'Buffers (show buffers)',
        buf,
        ['Pool', 'Index', 'NUMA', 'Size', 'Data size', 'Total', 'Available', 'Cached', 'Used'],
        rows.map((r) => ({ cells: [r.name, r.index, r.numa, r.size, r.dataSize, r.total, r.avail, r.cached, r.used], line: r.line })),
        rows.length > 1 ? { label: 0, value: 8, title: 'Buffers in use per pool' } : null,
      ),
    );
  }
  const hw = ns.hardware();
  if (hw && !hw.parsed.failure) {
    const rows = hw.parsed.data.interfaces;
    const stats = [...new Set(rows.flatMap((r) => Object.keys(r.stats)))].sort().slice(0, 12);
    out.push(
      table(
        'hardware',
        'Hardware (show hardware-interfaces)',
        hw,
        ['Name', 'Idx', 'Link', 'Device', 'Driver', 'Speed', 'MAC', ...stats],
        rows.map((r) => ({ cells: [r.name, r.hwIfIndex, r.link, r.device, r.classLines[0] ?? null, r.linkSpeed, r.macAddress, ...stats.map((s) => r.stats[s] ?? null)], line: r.line })),
      ),
    );
  }
  const tr = ns.translations();
  if (tr && !tr.parsed.failure) {
    const rows = tr.parsed.data.translations;
    out.push(
      table(
        'cnat-translations',
        'Services (show cnat translation)',
        tr,
        ['#', 'VIP', 'Port', 'Protocol', 'Backends', 'LB'],
        rows.map((r) => ({ cells: [r.index, r.vip, r.port, r.protocol, r.backends.map((b) => `${b.dst}:${b.dstPort}`).join(', '), r.lb], line: r.line })),
      ),
    );
  }
  const se = ns.sessions();
  if (se && !se.parsed.failure) {
    const rows = se.parsed.data.sessions;
    out.push(
      table(
        'cnat-sessions',
        'NAT sessions (show cnat session)',
        se,
        ['Protocol', 'Source', 'Destination', 'Translated source', 'Translated destination', 'Where'],
        rows.map((r) => ({
          cells: [r.protocol, `${r.src}:${r.srcPort}`, `${r.dst}:${r.dstPort}`, r.newSrc ? `${r.newSrc}:${r.newSrcPort ?? ''}` : null, r.newDst ? `${r.newDst}:${r.newDstPort ?? ''}` : null, r.location],
          line: r.line,
        })),
      ),
    );
  }
  const npi = ns.npolInterfaces();
  if (npi && !npi.parsed.failure) {
    const rows = npi.parsed.data.interfaces;
    const def = (v: number | null) => (v === null ? null : v === 0 ? 'allow' : v === 1 ? 'deny' : v === 2 ? 'pass' : String(v));
    out.push(
      table(
        'npol-interfaces',
        'Policies per interface (show npol interfaces)',
        npi,
        ['Interface', 'IPv4', 'Rx policies', 'Tx policies', 'Profiles', 'Rx default', 'Tx default'],
        rows.map((r) => ({
          cells: [r.name, r.addr4, r.rxPolicies.map((p) => p.id).join(', '), r.txPolicies.map((p) => p.id).join(', '), r.profiles.map((p) => p.id).join(', '), def(r.rxPolicyDefault), def(r.txPolicyDefault)],
          line: r.line,
        })),
      ),
    );
  }
  const npr = ns.npolRules();
  if (npr && !npr.parsed.failure) {
    const rows = npr.parsed.data.rules;
    out.push(table('npol-rules', 'Policy rules (show npol rules)', npr, ['Rule', 'Action', 'Rule text'], rows.map((r) => ({ cells: [r.id, r.action, r.text], line: r.line }))));
  }
  const tun = ns.tun();
  if (tun && !tun.parsed.failure) {
    out.push(
      table(
        'tun',
        'Tun / tap devices (show tun)',
        tun,
        ['Interface', 'hw_if_index', 'Linux name', 'Namespace', 'Host MTU', 'Carrier'],
        tun.parsed.data.devices.map((r) => ({ cells: [r.interface, r.hwIfIndex, r.linuxName, r.netns, r.hostMtu, r.carrierUp === null ? null : r.carrierUp ? 'up' : 'down'], line: r.line })),
      ),
    );
  }
  return out;
}

/** Per-interface facts for the topology's hover cards: state, addresses, driver, counters. */
export function interfaceFacts(ns: NodeState): Record<string, InterfaceFacts> {
  const out: Record<string, InterfaceFacts> = {};
  const get = (name: string): InterfaceFacts => (out[name] ??= { name, state: null, addresses: [], driver: null, swIfIndex: null, counters: {} });
  const ints = ns.interfaces();
  for (const r of ints?.parsed.data.interfaces ?? []) {
    const f = get(r.name);
    f.state = r.state;
    f.swIfIndex = r.swIfIndex;
    f.counters = { ...r.counters };
  }
  const addrs = ns.interfaceAddresses();
  for (const b of addrs?.parsed.data.interfaces ?? []) get(b.name).addresses = b.addresses.map((a) => `${a.address}/${a.prefixLength}`);
  const hw = ns.hardware();
  for (const h of hw?.parsed.data.interfaces ?? []) {
    const f = get(h.name);
    f.driver = h.classLines[0] ?? f.driver;
  }
  return out;
}
