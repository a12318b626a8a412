// Every corpus file of the node-state kinds parses without diagnostics, and what the parsers read
// matches values counted by hand in the files (../shared/corpus, see its PROVENANCE.md).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  parseCnatSessions,
  parseCnatTranslations,
  parseShowBuffers,
  parseShowErrors,
  parseShowHardware,
  parseShowInterfaceAddresses,
  parseShowInterfaces,
  parseShowIpFib,
  parseShowLog,
  parseShowRuntime,
  parseShowTun,
  sumErrors,
  cniNetnsId,
  type Parsed,
} from '../../../src/core/vpp-state/index';

const corpusDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus');
const read = (rel: string) => readFileSync(path.join(corpusDir, rel), 'utf8');
const files = (dir: string) => readdirSync(path.join(corpusDir, dir)).map((f) => `${dir}/${f}`);

function clean<T>(p: Parsed<T>): T {
  assert.equal(p.failure, null, `${p.input}: unexpected failure ${p.failure?.message}`);
  assert.deepEqual(p.diagnostics, [], `${p.input}: ${p.diagnostics.map((d) => `${d.line}: ${d.message}`).join('; ')}`);
  return p.data;
}

describe('every corpus file of the node-state kinds parses cleanly', () => {
  const table: Array<[string, (t: string, i: string) => Parsed<unknown>, (d: never) => number]> = [
    ['show-int', (t, i) => (i.includes('int-addr') || i.includes('addr-bvi') ? parseShowInterfaceAddresses(t, i) : parseShowInterfaces(t, i)), (d: { interfaces: unknown[] }) => d.interfaces.length],
    ['show-err', parseShowErrors, (d: { counters: unknown[] }) => d.counters.length],
    ['show-buffers', parseShowBuffers, (d: { pools: unknown[] }) => d.pools.length],
    ['show-hardware', parseShowHardware, (d: { interfaces: unknown[] }) => d.interfaces.length],
    ['show-run', parseShowRuntime, (d: { threads: Array<{ nodes: unknown[] }> }) => d.threads.reduce((s, t) => s + t.nodes.length, 0)],
    ['show-tun-tap', parseShowTun, (d: { devices: unknown[] }) => d.devices.length],
    ['log', parseShowLog, (d: { entries: unknown[] }) => d.entries.length],
    ['cnat', (t, i) => (i.includes('session') ? parseCnatSessions(t, i) : parseCnatTranslations(t, i)), (d: { sessions?: unknown[]; translations?: unknown[] }) => (d.sessions ?? d.translations)!.length],
    ['show-ip-fib', (t, i) => parseShowIpFib(t, i), (d: { entries: unknown[] }) => d.entries.length],
  ];
  for (const [dir, parse, count] of table) {
    for (const f of files(dir)) {
      if (f.endsWith('show-ip-table-vrfs.txt')) continue; // `show ip table`, not a FIB dump
      test(f, () => {
        const data = clean(parse(read(f), f));
        assert.ok(count(data as never) > 0, 'nothing was read');
      });
    }
  }
});

describe('show interface', () => {
  test('old layout without MTU: 16 pg interfaces and their counters', () => {
    const d = clean(parseShowInterfaces(read('show-int/vpp1704dev-show-int-pg-counters.txt')));
    assert.equal(d.interfaces.length, 16);
    const pg0 = d.interfaces.find((i) => i.name === 'pg0')!;
    assert.deepEqual(pg0.counters, { 'rx packets': 10, 'rx bytes': 6864, 'tx packets': 10, 'tx bytes': 5748, ip4: 10 });
    assert.equal(pg0.swIfIndex, 1);
    assert.equal(pg0.counterLines['rx bytes'], 4);
    const pg12 = d.interfaces.find((i) => i.name === 'pg12')!;
    assert.equal(pg12.counters['drops'], 10);
    const local0 = d.interfaces.find((i) => i.name === 'local0')!;
    assert.equal(local0.state, 'down');
    assert.equal(local0.adminUp, false);
    assert.equal(local0.mtu, null);
  });
  test('MTU column layout: sub-interfaces and MTU quadruples', () => {
    const d = clean(parseShowInterfaces(read('show-int/sonic-vpp-show-int-bond-subif-mtu-columns.txt')));
    assert.equal(d.interfaces.length, 21);
    const sub = d.interfaces.find((i) => i.name === 'BondEthernet0.10')!;
    assert.equal(sub.swIfIndex, 14);
    assert.deepEqual(sub.mtu, { l3: 0, ip4: 0, ip6: 0, mpls: 0 });
    assert.equal(d.interfaces.find((i) => i.name === 'host-ac1')!.mtu!.l3, 9122);
  });
  test('memif/tap testbench: counters of tap0', () => {
    const d = clean(parseShowInterfaces(read('show-int/vpp2110-show-int-memif-tap-testbench.txt')));
    assert.deepEqual(d.interfaces.map((i) => i.name), ['local0', 'memif0/0', 'tap0']);
    assert.equal(d.interfaces[2]!.counters['tx bytes'], 521);
  });
  test('show int addr: unnumbered tun and L2 bridge lines', () => {
    const a = clean(parseShowInterfaceAddresses(read('show-int/calicovpp-show-int-addr-tun-unnumbered-grep.txt')));
    assert.equal(a.interfaces[0]!.unnumberedOf, 'loop9');
    assert.deepEqual({ ...a.interfaces[0]!.addresses[0]!, line: 0 }, { line: 0, address: '192.168.189.6', prefixLength: 32, family: 4, tableId: -100501683, fibIndex: 22 });
    const b = clean(parseShowInterfaceAddresses(read('show-int/sonic-vpp-show-int-addr-bvi-l2-bridge.txt')));
    assert.equal(b.interfaces.length, 17);
    const bvi10 = b.interfaces.find((i) => i.name === 'bvi10')!;
    assert.deepEqual(bvi10.addresses.map((x) => `${x.address}/${x.prefixLength}`), ['10.0.1.10/24', 'fd12:3456:789a:1::1/64']);
    assert.equal(b.interfaces.find((i) => i.name === 'local0')!.adminUp, false);
  });
});

describe('show errors', () => {
  test('severity column (Calico docs): reasons cut at 35 characters, severities', () => {
    const d = clean(parseShowErrors(read('show-err/calicovpp-show-errors-severity-column.txt')));
    assert.equal(d.hasSeverity, true);
    assert.equal(d.counters.length, 21);
    const lear = d.counters.find((c) => c.reason.startsWith('ARP request IP4'))!;
    assert.deepEqual([lear.count, lear.node, lear.reason, lear.severity], [2042, 'arp-reply', 'ARP request IP4 source address lear', 'info']);
    const hbh = d.counters.find((c) => c.node === 'ip6-local-hop-by-hop')!;
    assert.equal(hbh.reason, 'Unknown protocol ip6 local h-b-h pa');
    assert.equal(d.counters.filter((c) => c.severity === 'error').length, 11);
  });
  test('no severity column; rows repeated per thread are summed', () => {
    const d = clean(parseShowErrors(read('show-err/csit-vpp2009-show-errors-nat44ed-worker-handoff.txt')));
    assert.equal(d.hasSeverity, false);
    assert.equal(d.counters.length, 12);
    const sums = sumErrors(d.counters);
    const out2in = sums.find((s) => s.node === 'nat44-ed-out2in' && s.reason === 'UDP packets')!;
    assert.equal(out2in.count, 32258 + 32256);
    assert.equal(out2in.lines.length, 2);
  });
  test('exact VPP header with trailing spaces: sliced by columns', () => {
    const d = clean(parseShowErrors(read('show-err/vpp2206dev-show-error-ipsec-severity-trailing-spaces.txt')));
    assert.deepEqual(
      d.counters.map((c) => [c.count, c.node, c.reason, c.severity]),
      [
        [1, 'null-node', 'blackholed packets', 'error'],
        [1, 'ipsec4-output-feature', 'IPSec policy (no match)', 'error'],
      ],
    );
  });
  test('verbose form: thread blocks, index column and Total section', () => {
    const text = [
      '   Count                  Node                              Reason               Severity   Index',
      'Thread 0 (vpp_main):',
      '        12             ip4-glean                       ARP requests sent           info      201 ',
      'Thread 1 (vpp_wk_0):',
      '         3             ip4-glean                       ARP requests sent           info      201 ',
      'Total:',
      '        15                ip4-glean                     ARP requests sent           201',
    ].join('\n');
    const d = clean(parseShowErrors(text));
    assert.deepEqual(d.counters.map((c) => [c.thread, c.count, c.index]), [[0, 12, 201], [1, 3, 201]]);
    assert.equal(d.totals[0]!.count, 15);
  });
});

describe('show runtime', () => {
  test('overflowing node name: name cut at 30 and state read from the right', () => {
    const d = clean(parseShowRuntime(read('show-run/csit-vpp1907-show-run-acl-stateless-overflowing-node-names.txt')));
    assert.deepEqual(d.threads.map((t) => [t.index, t.name, t.lcore, t.nodes.length]), [[0, 'vpp_main', 1, 9], [1, 'vpp_wk_0', 2, 12]]);
    const n = d.threads[0]!.nodes[1]!;
    assert.deepEqual([n.name, n.state, n.calls, n.clocks], ['acl-plugin-fa-worker-cleaner-p', 'interrupt wa', 7, 918]);
    const dpdk = d.threads[1]!.nodes.find((x) => x.name === 'dpdk-input')!;
    assert.deepEqual([dpdk.calls, dpdk.vectors, dpdk.vectorsPerCall], [47106, 23442944, 497.66]);
    assert.equal(d.threads[1]!.vectorRates!.in, 6.1118e6);
  });
  test('single thread without a Thread line; process states', () => {
    const d = clean(parseShowRuntime(read('show-run/vpp1704dev-show-run-single-thread-pg.txt')));
    assert.equal(d.threads.length, 1);
    assert.equal(d.threads[0]!.nodes.length, 50);
    assert.equal(d.threads[0]!.nodes.find((n) => n.name === 'bfd-process')!.state, 'event wait');
    assert.equal(d.threads[0]!.time, 1.1);
  });
  test('elided rows, truncated names and e-notation clocks', () => {
    const d = clean(parseShowRuntime(read('show-run/vpp18xx-show-run-dpdk-worker-truncated-node-names-elided.txt')));
    const w = d.threads[1]!;
    assert.equal(w.nodes[0]!.name, 'TenGigabitEthernet86/0/0-outpu');
    assert.equal(w.nodes.find((n) => n.name === 'unix-epoll-input')!.clocks, 3.03e-3);
    assert.equal(w.nodes.find((n) => n.name === 'dpdk-input')!.calls, 24239296364);
  });
  test('newer Time line with loops/sec', () => {
    const d = clean(parseShowRuntime(read('show-run/csit-vpp2009-show-runtime-nat44ed-avf-two-workers.txt')));
    assert.deepEqual(d.threads.map((t) => t.loopsPerSec), [6740197.88, 6733488.17]);
    assert.equal(d.clocksLabel, 'Clocks');
  });
});

describe('show hardware, buffers, tun, log, fib, cnat', () => {
  test('hardware: class lines, queues, stats', () => {
    const tun = clean(parseShowHardware(read('show-hardware/calicovpp-show-hardware-tun10-virtio-5txq.txt'))).interfaces[0]!;
    assert.deepEqual([tun.name, tun.hwIfIndex, tun.link, tun.device], ['tun10', 15, 'up', 'tun4']);
    assert.deepEqual(tun.classLines, ['tun-device', 'VIRTIO interface']);
    assert.deepEqual(tun.rxQueues.map((q) => [q.queue, q.thread, q.mode]), [[0, 'vpp_wk_3 (4)', 'adaptive']]);
    const avf = clean(parseShowHardware(read('show-hardware/csit-vpp2009-show-hardware-verbose-avf-stats.txt'))).interfaces;
    assert.equal(avf.length, 2);
    assert.equal(avf[0]!.stats['rx discards'], 94585780);
    assert.equal(avf[1]!.macAddress, '3c:fe:bd:f9:01:00');
    const e1000 = clean(parseShowHardware(read('show-hardware/vpp18xx-cliref-show-hardware-dpdk-e1000-vhost.txt'))).interfaces;
    assert.equal(e1000.length, 7);
    assert.equal(e1000[0]!.carrier, 'up');
  });
  test('buffers: pools and the buffer-trace table (negative values)', () => {
    const b = clean(parseShowBuffers(read('show-buffers/vpp2502dev-show-buffers-two-numa-pools.txt')));
    assert.deepEqual(b.pools.map((p) => [p.name, p.total, p.avail, p.cached, p.used]), [['default-numa-0', 128270, 125968, 1108, 1194], ['default-numa-1', 128270, 128270, 0, 0]]);
    const t = clean(parseShowBuffers(read('show-buffers/vpp2502dev-show-buffer-trace-verbose.txt')));
    assert.deepEqual(t.nodes.map((n) => [n.node, n.freed, n.buffered]), [['unix-cli-process-0', 1194, -1194]]);
  });
  test('tun: netns, names, queues', () => {
    const d = clean(parseShowTun(read('show-tun-tap/calicovpp-show-tun-tun10-grep-excerpt.txt'))).devices[0]!;
    assert.deepEqual([d.interface, d.hwIfIndex, d.linuxName, d.hostMtu, d.carrierUp, d.rxQueues, d.txQueues], ['tun10', 23, 'eth0', 1480, true, 1, 5]);
    assert.equal(cniNetnsId(d.netns), 'cni-fa68a216-bdc4-47ff-a2ec-20f526c85442');
  });
  test('show log: levels and classes', () => {
    const d = clean(parseShowLog(read('log/calicovpp2024-show-log-head-plugin-load-excerpt.txt')));
    assert.equal(d.entries.length, 11);
    assert.deepEqual([d.entries[10]!.level, d.entries[10]!.source], ['notice', 'plugin/load']);
    assert.match(d.entries[10]!.message, /capo_plugin\.so/);
  });
  test('fib: wrapped headers, VRFs, path kinds', () => {
    const pod = clean(parseShowIpFib(read('show-ip-fib/calicovpp-show-ip-fib-index-pod-vrf-wrapped-header.txt')));
    assert.equal(pod.tables[0]!.fibIndex, 4);
    assert.match(pod.tables[0]!.header, /locks:\[interface:2, API:1, \]/);
    assert.deepEqual(pod.entries.map((e) => e.prefix), ['0.0.0.0/0', '0.0.0.0/32', '224.0.0.0/4', '240.0.0.0/4', '255.255.255.255/32']);
    assert.deepEqual([pod.entries[0]!.paths[0]!.kind, pod.entries[0]!.paths[0]!.table], ['lookup', 'calico-pods-ip4']);
    const multi = clean(parseShowIpFib(read('show-ip-fib/vpp1704dev-show-ip-fib-multi-vrf.txt')));
    assert.ok(multi.tables.length >= 3);
    const detail = clean(parseShowIpFib(read('show-ip-fib/calicovpp-show-ip-fib-prefix-detail-path-list.txt')));
    assert.deepEqual([detail.entries[0]!.prefix, detail.entries[0]!.fibIndex], ['172.18.0.2/32', 0]);
    assert.ok(detail.entries[0]!.paths.some((p) => p.kind === 'adjacency' && p.interface === 'host-eth0' && p.nextHop === '172.18.0.2'));
    const glean = clean(parseShowIpFib(read('show-ip-fib/sonic-vpp-show-ip-fib-bvi-glean-src.txt')));
    assert.equal(glean.entries.find((e) => e.prefix === '10.0.1.0/24')!.paths[0]!.kind, 'glean');
    assert.equal(glean.entries.find((e) => e.prefix === '10.0.1.10/32')!.paths[0]!.kind, 'receive');
  });
  test('cnat: translation backends (also the glued maglev line), sessions', () => {
    const t = clean(parseCnatTranslations(read('cnat/calicovpp-show-cnat-translation-ipip-two-backends.txt'))).translations;
    assert.equal(t.length, 1);
    assert.deepEqual([t[0]!.vip, t[0]!.port, t[0]!.protocol, t[0]!.lb], ['11.104.1.252', 443, 'TCP', 'default']);
    assert.deepEqual(t[0]!.backends.map((b) => `${b.dst};${b.dstPort}`), ['11.0.0.132;5443', '11.0.0.134;5443']);
    assert.deepEqual(t[0]!.backends.map((b) => b.fibEntry), [55, 56]);
    const m = clean(parseCnatTranslations(read('cnat/calicovpp2023-show-cnat-translation-maglev-entry-excerpt.txt'))).translations[0]!;
    assert.equal(m.lb, 'maglev');
    assert.equal(m.backends.length, 1);
    const s = clean(parseCnatSessions(read('cnat/calicovpp-show-cnat-session-verbose.txt')));
    assert.equal(s.now, 24233);
    assert.equal(s.sessions.length, 5);
    assert.deepEqual(
      [s.sessions[1]!.src, s.sessions[1]!.srcPort, s.sessions[1]!.newSrc, s.sessions[1]!.newSrcPort, s.sessions[1]!.location, s.sessions[1]!.expires],
      ['11.0.0.131', 35302, '172.18.0.3', 50374, 'output', 24260],
    );
  });
});
