// Every line the simulator writes must have a shape seen in the real corpus (../shared/corpus), or be
// on the short allowlist that names the VPP function printing it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { scenarios } from '../../../src/core/scenarios';
import { ALLOWLIST } from './shape-allowlist';
import { corpusFiles, corpusRoot, namesIn, ShapeAbstractor } from './shapes';

const skip = existsSync(corpusRoot) ? false : `corpus not found at ${corpusRoot}`;

describe('simulated lines have real shapes', { skip }, () => {
  const corpus = skip ? [] : corpusFiles().map((f) => readFileSync(f, 'utf8'));
  const outputs: { where: string; text: string }[] = [];
  const names = new Set<string>();
  for (const s of scenarios) {
    for (const n of s.nodes) {
      outputs.push({ where: `${s.name} ${n} show trace`, text: s.render.showTrace(n) });
      outputs.push({ where: `${s.name} ${n} show int`, text: s.render.showInterface(n) });
      for (const name of s.interfaces(n).values()) names.add(name);
    }
  }
  for (const t of [...corpus, ...outputs.map((o) => o.text)]) for (const n of namesIn(t)) names.add(n);
  const abstractor = new ShapeAbstractor(names);
  const known = new Set<string>();
  for (const t of corpus) for (const l of t.split('\n')) known.add(abstractor.shape(l));
  const allowed = new Map<string, string>();
  for (const e of ALLOWLIST) for (const s of e.shapes) allowed.set(s, e.fn);

  test('the abstraction maps different values of one format to one shape, and keeps formats apart', () => {
    const a = new ShapeAbstractor(['tun3', 'host-eth0', 'ip4-input']);
    assert.equal(a.shape('  TCP: 10.0.0.5 -> 10.96.0.1'), a.shape('    TCP: 192.168.1.2 -> 80.80.80.2'));
    assert.equal(a.shape('  rx:tun3'), 'rx:I');
    assert.equal(a.shape('00:09:46:518858: ip4-input'), 'T: I');
    assert.equal(a.shape('  00000000: 450002b056fd40003f0625650b6000010b00a68501bb8540a1f93599818eb1c1'), 'N: H');
    assert.equal(a.shape('  IP4: 02:fe:a0:37:ab:93 -> 02:00:00:00:00:01'), 'IP4: M -> M');
    assert.equal(a.shape('  session:[::;0 -> fd00::1;53, UDP]'), 'session:[A;N -> A;N, UDP]');
    assert.notEqual(a.shape('flags 0x02 SYN, tcp header: 20 bytes'), a.shape('flags 0x12 SYN ACK, tcp header: 20 bytes'));
  });

  test('the corpus gives enough shapes to check against', () => {
    assert.ok(known.size > 400, `only ${known.size} corpus shapes`);
  });

  test('every simulated line is a corpus shape or allowlisted', () => {
    const unknown = new Map<string, string>();
    for (const o of outputs) {
      for (const line of o.text.split('\n')) {
        const s = abstractor.shape(line);
        if (!known.has(s) && !allowed.has(s) && !unknown.has(s)) unknown.set(s, `${o.where}: ${JSON.stringify(line)}`);
      }
    }
    assert.deepEqual([...unknown.entries()].map(([s, at]) => `${s}    (${at})`), []);
  });

  test('every allowlisted shape is still written and is not in the corpus (no stale entries)', () => {
    const written = new Set<string>();
    for (const o of outputs) for (const line of o.text.split('\n')) written.add(abstractor.shape(line));
    for (const e of ALLOWLIST) {
      assert.ok(e.fn && e.file && e.why, 'each entry names a function, a file and a reason');
      for (const s of e.shapes) {
        assert.ok(written.has(s), `allowlisted but never written: ${s} (${e.fn})`);
        assert.ok(!known.has(s), `allowlisted but already in the corpus: ${s} (${e.fn})`);
      }
    }
  });

  test('the allowlist stays short', () => {
    assert.ok(ALLOWLIST.length <= 16, `${ALLOWLIST.length} entries`);
    const shapes = ALLOWLIST.reduce((n, e) => n + e.shapes.length, 0);
    const simulated = new Set(outputs.flatMap((o) => o.text.split('\n').map((l) => abstractor.shape(l))));
    assert.ok(shapes * 2 < simulated.size, `${shapes} allowlisted shapes for ${simulated.size} simulated shapes`);
  });
});
