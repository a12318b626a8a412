// Property tests: every node-state parser, fed mutated corpus inputs (lines dropped, duplicated,
// swapped, cut, garbage and control bytes inserted, indentation changed), never throws and never
// hangs, and every line number it reports is inside the input.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { STATE_PARSERS, splitLines, type StateKind } from '../../../src/core/vpp-state/index';
import { daemonSet, exportFiles, npolFiles, vppConfigMap } from '../bundle/fixture';

const corpusDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'corpus');
const dirKind: Record<string, StateKind> = {
  'show-int': 'show-int',
  'show-err': 'show-err',
  'show-buffers': 'show-buffers',
  'show-hardware': 'show-hardware',
  'show-run': 'show-run',
  'show-tun-tap': 'show-tun',
  'show-ip-fib': 'show-ip-fib',
  log: 'show-log',
  cnat: 'cnat-translation',
};

const seeds: Array<{ kind: StateKind; name: string; text: string }> = [];
for (const [dir, kind] of Object.entries(dirKind)) {
  for (const f of readdirSync(path.join(corpusDir, dir))) seeds.push({ kind: f.includes('session') ? 'cnat-session' : kind, name: `${dir}/${f}`, text: readFileSync(path.join(corpusDir, dir, f), 'utf8') });
}
const fx = exportFiles({ layout: 'bash' });
const bySuffix = (s: string) => fx[Object.keys(fx).find((k) => k.endsWith(s))!]!;
seeds.push(
  { kind: 'get-pods', name: 'get-pods', text: bySuffix('get-pods') },
  { kind: 'get-services', name: 'get-services', text: bySuffix('get-services') },
  { kind: 'get-nodes', name: 'get-nodes', text: bySuffix('get-nodes') },
  { kind: 'daemonset', name: 'daemonset', text: daemonSet() },
  { kind: 'configmap', name: 'configmap', text: vppConfigMap() },
  { kind: 'installation', name: 'installation', text: bySuffix('installation.yaml') },
  { kind: 'describe-pod', name: 'describe', text: bySuffix('node-a.describe-vpp-pod') },
  { kind: 'agent-log', name: 'agent.log', text: bySuffix('node-a.agent.log') },
  { kind: 'vpp-log', name: 'vpp.log', text: bySuffix('node-a.vpp.log') },
  { kind: 'kubelet-journal', name: 'journal', text: bySuffix('kubelet-journal') },
  { kind: 'show-int-rx', name: 'int-rx', text: bySuffix('node-a.show-int-rx') },
  { kind: 'cnat-snat', name: 'snat', text: bySuffix('node-a.show-cnat-snat') },
  { kind: 'cnat-client', name: 'client', text: bySuffix('node-a.show-cnat-client') },
  ...Object.entries(npolFiles('node-a')).map(([k, text]) => ({ kind: k.replace('show-', '') as StateKind, name: k, text })),
  { kind: 'ipip-tunnel', name: 'ipip', text: '[0] instance 0 src 172.18.0.3 dst 172.18.0.4 table-ID 0 sw-if-idx 4 flags [none] dscp CS0\n' },
  { kind: 'vxlan-tunnel', name: 'vxlan', text: '[0] instance 0 src 1.1.1.1 dst 2.2.2.2 src_port 4789 dst_port 4789 vni 13 fib-idx 0 sw-if-idx 8 encap-dpo-idx 2\n' },
  { kind: 'show-punt-redirect', name: 'punt', text: ' rx local0 via:\n   path-list:[23] locks:1 flags:no-uRPF, uRPF-list: None\n forwarding\n  [@13]: dst-address,unicast lookup in punt-table-ip4\n' },
  { kind: 'show-int-addr', name: 'int-addr', text: readFileSync(path.join(corpusDir, 'show-int/sonic-vpp-show-int-addr-bvi-l2-bridge.txt'), 'utf8') },
);

const GARBAGE = ['\u0000\u0001\u0002', '    ', '\t\t', '[', ']', '{', '- ', ': ', '"', "'", '|', '>-', '---', 'Thread 1 vpp_wk_0', 'Packet 1', '\r', '\uFFFD\uFFFD', '9'.repeat(40), 'x'.repeat(300), 'a: [b, {c: [d', '[rule#1;deny][', '[policy#', 'Interface: ', 'time="', '{"level":'];

type Op = { op: 'drop' | 'dup' | 'swap' | 'cut' | 'insert' | 'indent' | 'dedent' | 'truncate'; at: number; n: number; g: number };
const opArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constantFrom('drop', 'dup', 'swap', 'cut', 'insert', 'indent', 'dedent', 'truncate'),
  at: fc.nat(),
  n: fc.nat({ max: 400 }),
  g: fc.nat({ max: GARBAGE.length - 1 }),
});

function mutate(text: string, ops: Op[]): string {
  let lines = splitLines(text);
  for (const o of ops) {
    if (lines.length === 0) lines = [''];
    const i = o.at % lines.length;
    const l = lines[i]!;
    switch (o.op) {
      case 'drop':
        lines.splice(i, 1);
        break;
      case 'dup':
        lines.splice(i, 0, l);
        break;
      case 'swap': {
        const j = (i + 1 + o.n) % lines.length;
        [lines[i], lines[j]] = [lines[j]!, l];
        break;
      }
      case 'cut':
        lines[i] = l.slice(0, o.n % (l.length + 1));
        break;
      case 'insert':
        lines.splice(i, 0, GARBAGE[o.g]!.repeat(1 + (o.n % 3)));
        break;
      case 'indent':
        lines[i] = ' '.repeat(1 + (o.n % 40)) + l;
        break;
      case 'dedent':
        lines[i] = l.trimStart();
        break;
      case 'truncate':
        lines = lines.slice(0, i);
        break;
    }
  }
  return lines.join('\n');
}

describe('node-state parsers on mutated inputs', () => {
  for (const s of seeds) {
    test(`${s.kind} (${s.name})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 12 }), fc.boolean(), (ops, crlf) => {
          let text = mutate(s.text, ops);
          if (crlf) text = text.replace(/\n/g, '\r\n');
          const n = splitLines(text).length;
          const t0 = performance.now();
          const p = STATE_PARSERS[s.kind](text, s.name);
          assert.ok(performance.now() - t0 < 1000, 'took more than a second');
          for (const d of p.diagnostics) if (d.line !== null) assert.ok(d.line >= 1 && d.line <= n, `diagnostic line ${d.line} outside 1..${n}`);
          const lines = JSON.stringify(p.data, (k, v: unknown) => v).match(/"line":(-?\d+)/g) ?? [];
          for (const m of lines) {
            const v = Number(m.slice(7));
            assert.ok(v >= 1 && v <= n, `row line ${v} outside 1..${n}`);
          }
        }),
        { numRuns: 60 },
      );
    });
  }
  test('random bytes decoded as text never break any parser', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        for (const parse of Object.values(STATE_PARSERS)) parse(text, 'random');
      }),
      { numRuns: 100 },
    );
  });
});
