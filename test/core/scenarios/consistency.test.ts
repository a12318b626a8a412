// Internal consistency of the simulated outputs, checked on the rendered text only (an independent
// reading, not the simulator's own state): checksums, timestamps, interface indices, the sample.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildScenario, getScenario, scenarios } from '../../../src/core/scenarios';
import type { Scenario } from '../../../src/core/scenarios';
import { repoRoot } from './shapes';

const HEADER = /^(\d{2}):(\d{2}):(\d{2}):(\d{6}): (.+)$/;

interface Rec {
  thread: number;
  number: number;
  hops: { node: string; us: number; lines: string[] }[];
}

/** A minimal reader of the simulated `show trace` (the parser under test lives elsewhere). */
function records(text: string): Rec[] {
  const out: Rec[] = [];
  let thread = -1;
  let cur: Rec | null = null;
  for (const line of text.split('\n')) {
    const t = /Start of thread (\d+) /.exec(line);
    if (t) {
      thread = Number(t[1]);
      cur = null;
      continue;
    }
    const p = /^Packet (\d+)$/.exec(line);
    if (p) {
      cur = { thread, number: Number(p[1]), hops: [] };
      out.push(cur);
      continue;
    }
    const h = HEADER.exec(line);
    if (h && cur) {
      const us = ((Number(h[1]) * 60 + Number(h[2])) * 60 + Number(h[3])) * 1e6 + Number(h[4]);
      cur.hops.push({ node: h[5] ?? '', us, lines: [] });
      continue;
    }
    if (cur && cur.hops.length > 0 && line !== '') cur.hops[cur.hops.length - 1]?.lines.push(line);
  }
  return out;
}

/** Bytes of the `OFFSET: hex` dump lines of a hop. */
function dumpBytes(lines: string[]): number[] {
  const bytes: number[] = [];
  for (const l of lines) {
    const m = /^\s*([0-9a-f]{8}): ([0-9a-f]+)$/.exec(l);
    if (!m) continue;
    const hex = m[2] ?? '';
    for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  }
  return bytes;
}

function sum16(b: number[], start: number, end: number, initial = 0): number {
  let s = initial;
  for (let i = start; i < end; i += 2) s += ((b[i] ?? 0) << 8) | (i + 1 < end ? b[i + 1] ?? 0 : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

function ipHeaderOk(b: number[], at: number): boolean {
  return (b[at] ?? 0) === 0x45 && sum16(b, at, at + 20) === 0xffff;
}

function allTraces(): { s: Scenario; node: string; recs: Rec[] }[] {
  return scenarios.flatMap((s) => s.nodes.map((node) => ({ s, node, recs: records(s.render.showTrace(node)) })));
}

describe('simulated outputs are internally consistent', () => {
  const traces = allTraces();

  test('IPv4 header checksums in every rewrite hex dump are valid (outer and inner)', () => {
    let checked = 0;
    for (const { s, node, recs } of traces) {
      for (const r of recs) {
        for (const h of r.hops) {
          if (h.node !== 'ip4-rewrite' && h.node !== 'ip4-midchain') continue;
          const b = dumpBytes(h.lines);
          assert.equal(b.length, 60, `${s.name} ${node}: the rewrite trace dumps 60 bytes`);
          const at = (b[0] ?? 0) === 0x45 ? 0 : 14;
          assert.ok(ipHeaderOk(b, at), `${s.name} ${node} thread ${r.thread} packet ${r.number} ${h.node}: bad IPv4 checksum`);
          if ((b[at + 9] ?? 0) === 4) assert.ok(ipHeaderOk(b, at + 20), `${s.name} ${node} packet ${r.number}: bad inner checksum`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} rewrites checked`);
  });

  test('L4 checksums of whole packets dumped by tun output nodes are valid', () => {
    let checked = 0;
    for (const { recs } of traces) {
      for (const r of recs) {
        for (const h of r.hops) {
          if (!/^tun\d+-output$/.test(h.node)) continue;
          const b = dumpBytes(h.lines);
          const len = ((b[2] ?? 0) << 8) | (b[3] ?? 0);
          if (len > b.length) continue;
          const proto = b[9] ?? 0;
          let pseudo = 0;
          for (let i = 12; i < 20; i += 2) pseudo += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
          if (proto === 6 || proto === 17) assert.equal(sum16(b, 20, len, pseudo + proto + (len - 20)), 0xffff, `${h.node} packet ${r.number}: bad ${proto === 6 ? 'TCP' : 'UDP'} checksum`);
          else if (proto === 1) assert.equal(sum16(b, 20, len), 0xffff, `${h.node} packet ${r.number}: bad ICMP checksum`);
          else continue;
          checked++;
        }
      }
    }
    assert.ok(checked > 10, `only ${checked} packets checked`);
  });

  test('no IPv4 header in any trace is printed with a "should be" checksum', () => {
    for (const s of scenarios) for (const n of s.nodes) assert.ok(!s.render.showTrace(n).includes('(should be'), `${s.name} ${n}`);
  });

  test('timestamps never go back within a packet, and packets of a thread are in time order', () => {
    for (const { s, node, recs } of traces) {
      const lastStart = new Map<number, number>();
      for (const r of recs) {
        for (let i = 1; i < r.hops.length; i++) {
          assert.ok((r.hops[i]?.us ?? 0) >= (r.hops[i - 1]?.us ?? 0), `${s.name} ${node} thread ${r.thread} packet ${r.number}: time goes back at ${r.hops[i]?.node}`);
        }
        const start = r.hops[0]?.us ?? 0;
        assert.ok(start >= (lastStart.get(r.thread) ?? 0), `${s.name} ${node} thread ${r.thread}: packet ${r.number} starts before the previous one`);
        lastStart.set(r.thread, start);
      }
    }
  });

  test('Packet numbers restart at 1 in every thread and follow each other', () => {
    for (const { s, node, recs } of traces) {
      const byThread = new Map<number, number[]>();
      for (const r of recs) byThread.set(r.thread, [...(byThread.get(r.thread) ?? []), r.number]);
      for (const [t, nums] of byThread) assert.deepEqual(nums, nums.map((_, i) => i + 1), `${s.name} ${node} thread ${t}`);
    }
  });

  test('sw_if_index values in traces match `show interface`', () => {
    let checked = 0;
    for (const s of scenarios) {
      for (const node of s.nodes) {
        const idx = new Map<string, number>();
        for (const line of s.render.showInterface(node).split('\n').slice(1)) {
          const m = /^(\S+)\s+(\d+)\s+(up|down)\s/.exec(line);
          if (m) idx.set(m[1] ?? '', Number(m[2]));
        }
        assert.ok(idx.has('local0') && idx.get('local0') === 0, 'local0 is index 0');
        const byIndex = new Map([...idx].map(([n, i]) => [i, n]));
        for (const r of records(s.render.showTrace(node))) {
          for (const h of r.hops) {
            const first = h.lines[0] ?? '';
            const rw = /tx_sw_if_index (\d+) dpo-idx \d+ : ipv4 (?:\[features\] )?via \S+ (\S+):/.exec(first);
            const dropped = r.hops.some((x) => x.node === 'ip4-icmp-error');
            if (rw && !dropped) {
              assert.equal(idx.get(rw[2] ?? ''), Number(rw[1]), `${s.name} ${node}: ${first.trim()}`);
              checked++;
            }
            const fr = /frame: flags 0x\d, hw-if-index (\d+), sw-if-index (\d+)/.exec(first);
            if (fr) {
              assert.ok(byIndex.has(Number(fr[2])), `${s.name} ${node}: ethernet-input sw-if-index ${fr[2]} is in show int`);
              checked++;
            }
            const vi = /virtio: hw_if_index (\d+)/.exec(first);
            if (vi) {
              assert.match(byIndex.get(Number(vi[1])) ?? '', /^(tun\d+|tap\d+)$/, `${s.name} ${node}: virtio-input hw_if_index ${vi[1]} is a tun/tap`);
              checked++;
            }
            const out = /^(.+)-output$/.exec(h.node);
            if (out && !h.node.startsWith('tunnel')) {
              assert.ok(idx.has(out[1] ?? ''), `${s.name} ${node}: ${h.node} names an interface of show int`);
              checked++;
            }
            const acl = /acl-plugin: .* sw_if_index (\d+),/.exec(first);
            if (acl) {
              assert.match(byIndex.get(Number(acl[1])) ?? '', /^tun\d+$/, `${s.name} ${node}: ACL on a pod tun`);
              checked++;
            }
          }
        }
      }
    }
    assert.ok(checked > 100, `only ${checked} indices checked`);
  });

  test('the sample has two nodes, a drop and a NAT, and covers the main path kinds', () => {
    const s = getScenario('sample');
    assert.ok(s, 'a scenario named sample exists');
    assert.ok(s.nodes.length >= 2);
    assert.ok(s.truth.some((t) => t.verdict === 'dropped'));
    assert.ok(s.truth.some((t) => t.nat.length > 0));
    assert.ok(s.truth.some((t) => t.verdict === 'punted'));
    assert.ok(new Set(s.truth.map((t) => t.node)).size >= 2, 'packets on both nodes');
  });

  test('every named scenario of the issue exists and shows its situation', () => {
    const has = (name: string, f: (s: Scenario) => boolean): void => {
      const s = getScenario(name);
      assert.ok(s, name);
      assert.ok(f(s), name);
    };
    has('pod-to-pod-same-node', (s) => s.truth.every((t) => t.verdict === 'forwarded' && t.ingress.interface?.startsWith('tun') && t.egress?.interface.startsWith('tun')));
    for (const enc of ['ipip', 'vxlan']) {
      has(`pod-to-pod-${enc}`, (s) => s.truth.some((t) => t.path.includes(enc === 'ipip' ? 'ipip4-input' : 'vxlan4-input')) && s.truth.some((t) => t.path.includes(enc === 'ipip' ? 'ip4-midchain' : 'vxlan4-encap')));
    }
    has('pod-to-service', (s) => s.truth.some((t) => t.nat.some((n) => n.node === 'cnat-input-ip4' && n.before.dst === '10.96.122.7')) && s.truth.some((t) => t.direction === 'reply' && t.nat.some((n) => n.node === 'cnat-output-ip4' && n.after.src === '10.96.122.7')));
    has('pod-to-host', (s) => s.truth.some((t) => t.verdict === 'punted' && t.egress?.interface === 'tap0'));
    has('external-to-nodeport', (s) => s.truth.some((t) => t.ingress.node !== 'virtio-input' && t.nat.length > 0));
    has('drop-policy', (s) => s.truth.filter((t) => t.dropReason?.includes('ACL deny')).length >= 2);
    has('drop-no-route', (s) => s.truth.some((t) => t.path.includes('ip4-drop')));
    has('drop-ttl-expired', (s) => s.truth.some((t) => t.dropReason === 'ip4-input: ip4 ttl <= 1'));
    has('drop-mtu', (s) => s.truth.some((t) => t.dropReason === 'ip4-input: ip4 MTU exceeded and DF set'));
  });

  test('the same spec and seed give the same bytes (no clock, no Math.random)', () => {
    for (const s of scenarios.slice(0, 4)) {
      const again = buildScenario(s.spec);
      for (const n of s.nodes) assert.equal(again.render.showTrace(n), s.render.showTrace(n));
    }
    const dir = path.join(repoRoot, 'src', 'core', 'scenarios');
    // The simulator's own files (vppctl/ is the live-cluster engine, which reads the cluster clock).
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('vppctl'));
    assert.ok(files.includes(path.join('bundle', 'vpp.ts')), 'the bundle renderers are checked too');
    for (const f of files) {
      const src = readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/Math\.random|Date\.now|new Date\(/.test(src), `${f} reads the clock or Math.random`);
    }
  });

  test('a scenario that contradicts its expectation is refused', () => {
    const base = getScenario('drop-ttl-expired');
    assert.ok(base);
    const spec = { ...base.spec, flows: base.spec.flows.map((f) => ({ ...f, expect: { verdict: 'forwarded' as const } })) };
    assert.throws(() => buildScenario(spec).truth, /expected forwarded/);
  });
});
