// Glossary coverage, computed independently of the trace parser: node names are taken from the entry
// header lines (`<timestamp>: <node>` at column 0, the three timestamp formats of VPP) of every file in
// ../shared/corpus and of every trace the simulator renders.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainNode, nodeInfo } from '../../../src/core/knowledge';
import { generateBenchTrace, scenarios } from '../../../src/core/scenarios';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** Entry headers: relative `HH:MM:SS:uuuuuu`, unix `<epoch>.<usec>`, datetime `YYYY-MM-DDTHH:MM:SS.usec`. */
const HEADER = /^(?:\d{2}:\d{2}:\d{2}:\d{6}|\d+\.\d{6}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}): (\S+)\s*$/;

function namesIn(text: string, into: Set<string>): void {
  for (const line of text.split('\n')) {
    const m = HEADER.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (m) into.add(m[1]!);
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const noCorpus = existsSync(corpusDir) ? null : `corpus not found at ${corpusDir}`;

describe('glossary coverage', () => {
  test('explains at least 98% of the distinct node names of the corpus', { skip: noCorpus ?? false }, () => {
    const names = new Set<string>();
    let files = 0;
    for (const f of walk(corpusDir)) {
      const before = names.size;
      namesIn(readFileSync(f, 'latin1'), names);
      if (names.size > before) files++;
    }
    assert.ok(files >= 20, `${files} corpus files with trace entries`);
    assert.ok(names.size >= 60, `${names.size} distinct node names`);
    const unknown = [...names].filter((n) => explainNode(n) === null).sort();
    const share = (names.size - unknown.length) / names.size;
    assert.ok(share >= 0.98, `glossary covers ${(share * 100).toFixed(1)}% of ${names.size}; unknown: ${unknown.join(', ')}`);
    // Every explanation is a real sentence, not an echo of the name.
    for (const n of names) {
      const s = explainNode(n);
      if (s) assert.ok(s.length > 20 && s.endsWith('.') && s !== n, `explanation of ${n}`);
    }
  });

  test('explains 100% of the node names the simulator emits', () => {
    const names = new Set<string>();
    for (const s of scenarios) for (const n of s.nodes) namesIn(s.render.showTrace(n), names);
    namesIn(generateBenchTrace({ packets: 3000, seed: 7 }), names);
    assert.ok(names.size >= 30, `${names.size} distinct simulator nodes`);
    const unknown = [...names].filter((n) => nodeInfo(n) === null).sort();
    assert.deepEqual(unknown, [], `unknown simulator nodes: ${unknown.join(', ')}`);
  });

  test('unknown nodes are said to be unknown', () => {
    assert.equal(explainNode('frobnicate-ip4-unknown'), null);
    assert.equal(nodeInfo('ip4-output'), null);
  });
});
