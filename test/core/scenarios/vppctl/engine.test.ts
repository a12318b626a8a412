// The stateful vppctl of the test cluster against the scenario it plays: the trace buffer holds the
// scenario's own records (compared with the simulator's `show trace` and its ground truth), node
// names are what VPP 25.10 registers, BPF filters select by the printed headers, and the pcap /
// dispatch files are read back by tshark (an independent decoder).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { getScenario, scenarios } from '../../../../src/core/scenarios';
import { ScenarioVppEngine, compileFilter, matchFilter } from '../../../../src/core/scenarios/vppctl';
import { parseTrace } from '../../../../src/core/trace';

function memFs() {
  const files = new Map<string, Uint8Array>();
  return { files, fs: { read: (p: string) => files.get(p), write: (p: string, d: Uint8Array) => void files.set(p, d), remove: (p: string) => files.delete(p), list: () => [...files.keys()].sort() } };
}

function harness(name: string, node: string, opts = {}) {
  const s = getScenario(name)!;
  const e = new ScenarioVppEngine(s, node, opts);
  const { files, fs } = memFs();
  let now = 1_700_000_000_000;
  return {
    s,
    e,
    files,
    run: (line: string) => e.exec(line, { files: fs, nowMs: now, node }).output,
    advance: (ms: number) => (now += ms),
  };
}

const noTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0 && spawnSync('editcap', ['-h'], { stdio: 'ignore' }).status === 0 ? undefined : 'tshark / editcap (wireshark) are not installed';
const dir = mkdtempSync(path.join(tmpdir(), 'vppctl-engine-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function tshark(bytes: Uint8Array, fields: string[], rawIp = false): string[][] {
  let f = path.join(dir, `c-${Math.random().toString(36).slice(2)}.pcap`);
  writeFileSync(f, bytes);
  if (rawIp) {
    // tun TX records are IP packets in an Ethernet-typed file (as VPP writes them): relabel them.
    const g = `${f}.raw.pcap`;
    const e = spawnSync('editcap', ['-T', 'rawip', f, g], { encoding: 'utf8' });
    assert.equal(e.status, 0, e.stderr);
    f = g;
  }
  const r = spawnSync('tshark', ['-r', f, '-T', 'fields', ...fields.flatMap((x) => ['-e', x]), '-E', 'separator=|'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('|'));
}

describe('ScenarioVppEngine: trace', () => {
  test('trace add fills the buffer with exactly the scenario records of that input node', () => {
    for (const s of scenarios) {
      for (const node of s.nodes) {
        const h = harness(s.name, node);
        const truth = s.truth.filter((t) => t.node === node);
        const inputs = [...new Set(truth.map((t) => t.path[0]!))];
        for (const input of inputs) {
          h.run('clear trace');
          assert.equal(h.run(`trace add ${input} 1000`), '');
          const got = parseTrace('x', h.run('show trace max 1000'));
          const expected = truth.filter((t) => t.path[0] === input);
          assert.equal(got.packets.length, expected.length, `${s.name}/${node}/${input}`);
          // Same records as the simulator's own `show trace` (node sequence and flows).
          const paths = got.packets.map((p) => p.hops.map((x) => x.node).filter((n, i, a) => a[i - 1] !== n).join(' ')).sort();
          assert.deepEqual(paths, expected.map((t) => t.path.join(' ')).sort(), `${s.name}/${node}/${input}`);
        }
      }
    }
  });

  test('the record text is the simulator\'s, byte for byte', () => {
    const h = harness('sample', 'node-1');
    const full = parseTrace('sim', h.s.render.showTrace('node-1'));
    const inputs = [...new Set(full.packets.map((p) => p.hops[0]!.node))];
    for (const i of inputs) h.run(`trace add ${i} 1000`);
    const text = h.run('show trace max 1000');
    assert.equal(text, h.s.render.showTrace('node-1'));
  });

  test('COUNT is per thread, added on every trace add, and `clear trace` stops tracing', () => {
    const h = harness('sample', 'node-1');
    const first = parseTrace('sim', h.s.render.showTrace('node-1')).packets[0]!.hops[0]!.node;
    h.run(`trace add ${first} 1`);
    const one = parseTrace('x', h.run('show trace'));
    const perThread = new Map<number, number>();
    for (const p of one.packets) perThread.set(p.thread!, (perThread.get(p.thread!) ?? 0) + 1);
    assert.ok([...perThread.values()].every((n) => n === 1));
    h.run(`trace add ${first} 1`);
    assert.ok(parseTrace('x', h.run('show trace')).packets.length >= one.packets.length);
    h.run('clear trace');
    assert.match(h.run('show trace'), /No packets in trace buffer/);
    assert.equal(parseTrace('x', h.run('show trace')).packets.length, 0);
  });

  test('show trace max N limits each thread and says so', () => {
    const h = harness('sample', 'node-1');
    for (const i of new Set(h.s.truth.filter((t) => t.node === 'node-1').map((t) => t.path[0]!))) h.run(`trace add ${i} 1000`);
    const out = h.run('show trace max 1');
    assert.match(out, /Limiting display to 1 packets\. To display more specify max\./);
    assert.ok(parseTrace('x', out).packets.every((p) => p.number === 1));
  });

  test('packets arrive over time after trace add (live progress)', () => {
    const h = harness('pod-to-pod-ipip', 'node-1', { arrivalIntervalMs: 1000 });
    h.run('trace add virtio-input 100');
    const n0 = parseTrace('x', h.run('show trace max 100')).packets.length;
    h.advance(2000);
    const n1 = parseTrace('x', h.run('show trace max 100')).packets.length;
    h.advance(60_000);
    const n2 = parseTrace('x', h.run('show trace max 100')).packets.length;
    assert.equal(n0, 1);
    assert.ok(n1 > n0 && n2 > n1, `${n0} ${n1} ${n2}`);
    assert.equal(n2, h.s.truth.filter((t) => t.node === 'node-1' && t.path[0] === 'virtio-input').length);
  });

  test('errors use VPP\'s words: unknown node, non-traceable node, bad max', () => {
    const h = harness('pod-to-pod-ipip', 'node-1');
    assert.match(h.run('trace add af-xdp-input 10'), /^trace add: expected NODE COUNT, got `af-xdp-input 10'/);
    assert.match(h.run('trace add ip4-lookup 10'), /doesn't support per-node tracing/);
    assert.match(h.run('show trace max x'), /expected 'max COUNT'/);
  });

  test('every command is recorded; reset() forgets the state like a restarted VPP', () => {
    const h = harness('pod-to-pod-ipip', 'node-1');
    h.run('trace add virtio-input 5');
    h.run('pcap trace rx tx max 10 file x.pcap');
    assert.deepEqual(h.e.received.map((r) => r.line), ['trace add virtio-input 5', 'pcap trace rx tx max 10 file x.pcap']);
    assert.ok(h.e.status.traceEnabled && h.e.status.pcap);
    h.e.reset();
    assert.ok(!h.e.status.traceEnabled && !h.e.status.pcap);
    assert.equal(h.run('pcap trace off'), '');
  });
});

describe('ScenarioVppEngine: graph nodes', () => {
  test('show node answers for the nodes VPP 25.10 has, and not for calicovppctl\'s wrong names', () => {
    const h = harness('pod-to-pod-vxlan', 'node-1');
    assert.match(h.run('show node af_xdp-input'), /^node af_xdp-input, type input, state polling, index \d+/);
    assert.equal(h.run('show node af-xdp-input'), "show node: unknown node name: 'af-xdp-input'\n");
    assert.match(h.run('show node virtio-input'), /^node virtio-input, type input/);
    assert.match(h.run('show node tap-input'), /unknown node name/);
    const t = harness('pod-to-pod-vxlan', 'node-1', { tapInput: true });
    assert.match(t.run('show node tap-input'), /^node tap-input, type input/);
  });
});

describe('ScenarioVppEngine: filters', () => {
  test('a BPF filter with the bpf_trace_filter function selects by the packet\'s outer header', () => {
    const h = harness('pod-to-pod-same-node', 'node-1');
    const all = h.s.truth.filter((t) => t.node === 'node-1' && t.path[0] === 'virtio-input');
    const want = all.filter((t) => t.flow.dstPort === 8080);
    assert.ok(want.length > 0 && want.length < all.length);
    assert.equal(h.run('set bpf trace filter {{tcp and dst port 8080}}'), '');
    assert.equal(h.run('set trace filter function bpf_trace_filter'), '');
    h.run('trace add virtio-input 100 filter');
    const got = parseTrace('x', h.run('show trace max 100')).packets;
    assert.equal(got.length, want.length);
    assert.match(h.run('show trace filter function'), /^\(\*\) name:bpf_trace_filter /m);
    // With VPP's default (classifier) function and no classifier table, `filter` traces nothing.
    h.run('clear trace');
    h.run('set trace filter function vnet_is_packet_traced');
    h.run('trace add virtio-input 100 filter');
    assert.match(h.run('show trace'), /No packets in trace buffer/);
  });

  test('a filter libpcap cannot compile is refused with VPP\'s message; del removes the filter', () => {
    const h = harness('pod-to-pod-same-node', 'node-1');
    assert.equal(h.run('set bpf trace filter {{tcp and bogus 1}}'), 'set bpf trace filter: Failed pcap_compile of tcp and bogus 1\n');
    assert.match(h.run('show bpf trace filter'), /not set/);
    h.run('set bpf trace filter {{udp}}');
    assert.equal(h.e.status.bpf, 'udp');
    h.run('set bpf trace filter del');
    assert.equal(h.e.status.bpf, null);
  });

  test('compileFilter / matchFilter: protocol, hosts, ports, nets, boolean operators', () => {
    const p = { protocol: 6, src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1234, dstPort: 80 };
    const ok = (e: string) => {
      const x = compileFilter(e);
      assert.ok(!('error' in x), e);
      return matchFilter(x, p);
    };
    assert.equal(ok('tcp and src host 10.0.0.1 and dst port 80'), true);
    assert.equal(ok('udp or dst port 81'), false);
    assert.equal(ok('not icmp and (src net 10.0.0.0/8)'), true);
    assert.equal(ok('host 10.0.0.2 and port 1234'), true);
    assert.equal(ok('src host 10.0.0.2'), false);
    assert.ok('error' in compileFilter('tcp and'));
    assert.ok('error' in compileFilter('port 70000'));
    assert.ok('error' in compileFilter('host 10.0.0.300'));
  });
});

describe('ScenarioVppEngine: pcap and dispatch files', { skip: noTshark }, () => {
  test('pcap trace rx tx: Ethernet frames at ethernet-input and <if>-output, read back by tshark', () => {
    const h = harness('pod-to-pod-ipip', 'node-2');
    h.run('pcap trace rx tx max 100 intfc any file trace.pcap');
    assert.match(h.run('pcap trace status'), /^pcap rx and tx dispatch capture enabled: \d+ of 100 pkts\.\.\.\ncapture to file \/tmp\/trace\.pcap\n$/);
    const off = h.run('pcap trace off');
    const m = /^Write (\d+) packets to \/tmp\/trace\.pcap, and stop capture\.\.\.\n$/.exec(off);
    assert.ok(m, off);
    const bytes = h.files.get('/tmp/trace.pcap')!;
    const rows = tshark(bytes, ['frame.number', 'eth.type', 'ip.src', 'ip.dst']);
    assert.equal(rows.length, Number(m[1]));
    // Expected from the ground truth: one rx record per packet through ethernet-input, one tx
    // record per <interface>-output hop.
    const names = new Set(h.s.interfaces('node-2').values());
    const expected = h.s.truth.filter((t) => t.node === 'node-2').reduce((n, t) => n + t.path.filter((x) => x === 'ethernet-input' || (x.endsWith('-output') && names.has(x.slice(0, -7)))).length, 0);
    assert.equal(rows.length, expected);
    // Every rx frame is an IPv4-in-Ethernet frame between the two node addresses (IPIP).
    const nodeIps = new Set(h.s.spec.cluster.nodes.map((n) => n.ip));
    assert.ok(rows.some((r) => r[1] === '0x0800' && nodeIps.has(r[2]!.split(',')[0]!) && nodeIps.has(r[3]!.split(',')[0]!)));
    assert.equal(h.run('pcap trace off'), '');
  });

  test('pcap trace with intfc and a filter: only that interface, only matching packets; none → No packets captured', () => {
    const h = harness('pod-to-pod-ipip', 'node-2');
    h.run('pcap trace tx max 100 intfc tun1 file t.pcap');
    h.run('pcap trace off');
    // tun1 on node-2 is web-2's interface: every TX record is a raw IP packet to web-2.
    const rows = tshark(h.files.get('/tmp/t.pcap')!, ['ip.dst'], true);
    const web2 = h.s.spec.cluster.pods.find((p) => p.node === 'node-2' && p.tun === 'tun1')!.ip;
    assert.equal(rows.length, h.s.truth.filter((t) => t.node === 'node-2' && t.path.includes('tun1-output')).length);
    assert.ok(rows.length > 0 && rows.every((r) => r[0] === web2), JSON.stringify(rows));
    h.run('set bpf trace filter {{icmp and dst host 10.9.9.9}}');
    h.run('set pcap filter function bpf_trace_filter');
    h.run('pcap trace rx tx max 100 file none.pcap filter');
    assert.equal(h.run('pcap trace off'), 'pcap trace: No packets captured...\n');
    assert.equal(h.files.has('/tmp/none.pcap'), false);
  });

  test('pcap dispatch trace: link type 280 records per graph node, tshark sees the same node sequence per buffer', () => {
    const h = harness('pod-to-pod-ipip', 'node-1');
    h.run('pcap dispatch trace on max 1000 buffer-trace virtio-input 100 file dispatch.pcap');
    assert.match(h.run('pcap dispatch trace status'), /Buffer trace of 100 pkts from virtio-input enabled/);
    const off = h.run('pcap dispatch trace off');
    assert.match(off, /^Write \d+ packets to \/tmp\/dispatch\.pcap/);
    const rows = tshark(h.files.get('/tmp/dispatch.pcap')!, ['vpp.BufferIndex', 'vpp.NodeName']);
    const byBuffer = new Map<string, string[]>();
    for (const [b, n] of rows) byBuffer.set(b!, [...(byBuffer.get(b!) ?? []), n!]);
    const truth = h.s.truth.filter((t) => t.node === 'node-1');
    assert.equal(byBuffer.size, truth.length);
    // Input nodes are never recorded: each packet's records are its path without the first node
    // (consecutive entries of the same node are one record per visit in the simulator's path).
    const seqs = [...byBuffer.values()].map((v) => v.join(' ')).sort();
    assert.deepEqual(seqs, truth.map((t) => t.path.slice(1).join(' ')).sort());
    assert.equal(h.run('pcap dispatch trace off'), 'pcap dispatch trace: dispatch trace already disabled...\n');
  });

  test('dispatch without buffer-trace records nothing (VPP ≥ 21.06)', () => {
    const h = harness('pod-to-pod-ipip', 'node-1');
    h.run('pcap dispatch trace on max 100');
    assert.equal(h.run('pcap dispatch trace off'), 'pcap dispatch trace: No packets captured...\n');
  });
});
