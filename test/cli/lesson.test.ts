// `vpp-pathviz lesson` and `vpp-pathviz explain`: the built CLI run as a user would. Oracles: the
// lesson catalogue (list JSON), the files written (steps and lines present), the node glossary (every
// hop explanation of `analyze --json`), exit statuses.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { explainNode } from '../../src/core/knowledge';
import { getScenario } from '../../src/core/scenarios';
import { lessons } from '../../src/core/training';
import { repoRoot, traceDir, traceFiles } from '../core/trace/corpus';
import { cleanup, exportFiles, tarGz, writeTree } from '../core/bundle/fixture';
import { ensureBuilt } from '../support/build';

const bin = path.join(repoRoot, 'bin', 'vpp-pathviz');
let tmp = '';

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp || repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'lesson-test-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('lesson', () => {
  test('list --json prints name, title, steps and questions of every lesson', () => {
    const r = run(['lesson', 'list', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Record<string, unknown>[];
    const expected = lessons();
    assert.ok(list.length >= 8);
    assert.equal(list.length, expected.length);
    for (const [i, item] of list.entries()) {
      assert.deepEqual(Object.keys(item), ['name', 'title', 'steps', 'questions']);
      assert.equal(item.name, expected[i]!.name);
      assert.equal(item.title, expected[i]!.title);
      assert.equal(item.steps, expected[i]!.steps.length);
      assert.equal(item.questions, expected[i]!.questions.length);
    }
    const text = run(['lesson', 'list']);
    assert.equal(text.status, 0);
    for (const l of expected) assert.match(text.stdout, new RegExp(`^${l.name} `, 'm'));
  });

  test('export writes the lesson as HTML and as Markdown, with every step and its trace lines', () => {
    for (const l of lessons().slice(0, 4)) {
      const html = path.join(tmp, `${l.name}.html`);
      let r = run(['lesson', 'export', l.name, '--out', html]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /wrote lesson/);
      const h = readFileSync(html, 'utf8');
      assert.equal([...h.matchAll(/<li class="step /g)].length, l.steps.length);
      const md = path.join(tmp, `${l.name}.md`);
      r = run(['lesson', 'export', l.name, '--out', md]);
      assert.equal(r.status, 0, r.stderr);
      const m = readFileSync(md, 'utf8');
      assert.equal([...m.matchAll(/^### Step \d+: /gm)].length, l.steps.length);
      const trace = getScenario(l.scenario)!.render.showTrace(l.packets[0]!.k8sNode).split('\n');
      for (const s of l.steps.filter((x) => x.packet === 0)) for (const ln of s.lines) assert.ok(m.includes(`${ln.line}  ${trace[ln.line - 1]}`), `${l.name}: line ${ln.line} in the Markdown`);
    }
  });

  test('usage errors: unknown lesson, missing --out, unknown format', () => {
    assert.equal(run(['lesson', 'export', 'no-such-lesson', '--out', 'x.html']).status, 2);
    assert.match(run(['lesson', 'export', 'no-such-lesson', '--out', 'x.html']).stderr, /unknown lesson 'no-such-lesson'/);
    assert.equal(run(['lesson', 'export', 'drop-mtu']).status, 2);
    assert.equal(run(['lesson', 'export', 'drop-mtu', '--out', 'x.txt']).status, 2);
    assert.equal(run(['lesson', 'frobnicate']).status, 2);
    assert.equal(run(['lesson', 'export', 'drop-mtu', '--out', path.join(tmp, 'no', 'such', 'dir', 'x.md')]).status, 1);
  });
});

describe('explain', () => {
  test('explains a corpus trace (gzip too): one walkthrough per unique path, every hop narrated', () => {
    const f = traceFiles().find((x) => x.startsWith('calicovpp2021'))!;
    const gz = path.join(tmp, 'trace.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(path.join(traceDir, f))));
    const out = path.join(tmp, 'walk.html');
    const r = run(['explain', gz, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const h = readFileSync(out, 'utf8');
    assert.match(h, /ip4-cnat-tx/);
    assert.match(h, /<section class="walkthrough"/);
    const a = JSON.parse(run(['analyze', '--json', gz]).stdout) as { packets: { hops: unknown[] }[]; paths: unknown[] };
    assert.equal([...h.matchAll(/<section class="walkthrough"/g)].length, a.paths.length);
    assert.equal([...h.matchAll(/<li class="step /g)].length, a.packets[0]!.hops.length);
  });

  test('explains chosen packets of a simulated trace as Markdown; unknown packets fail', () => {
    const s = getScenario('sample')!;
    const file = path.join(tmp, 'trace_node-2.txt');
    writeFileSync(file, s.render.showTrace('node-2'));
    const out = path.join(tmp, 'walk.md');
    const r = run(['explain', file, '--out', out, '--packet', '1:10', '--packet', '1:1']);
    assert.equal(r.status, 0, r.stderr);
    const md = readFileSync(out, 'utf8');
    assert.equal([...md.matchAll(/^## \d+\. /gm)].length, 2);
    assert.match(md, /ACL deny packets/);
    const bad = run(['explain', file, '--out', out, '--packet', '77:77']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /no packet matches/);
    assert.equal(run(['explain', file, '--out', file]).status, 2, 'never overwrites the input');
    assert.equal(run(['explain', path.join(tmp, 'missing.txt'), '--out', out]).status, 1);
  });

  test('explains the traces inside an export bundle, named by their node', () => {
    const files: Record<string, string> = exportFiles({ layout: 'go' });
    const dir = Object.keys(files)[0]!.split('/')[0]!;
    files[`${dir}/trace_node-a.txt`] = getScenario('drop-policy')!.render.showTrace('node-2');
    const root = writeTree(files);
    const tgz = tarGz(root);
    try {
      const out = path.join(tmp, 'bundle-walk.md');
      const r = run(['explain', tgz, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      const md = readFileSync(out, 'utf8');
      assert.match(md, /trace\\?_node-a\.txt/);
      assert.match(md, /ACL deny packets/);
    } finally {
      cleanup(root, tgz);
    }
  });

  test('analyze --json: every hop explanation comes from the glossary (null only for unknown nodes)', () => {
    let hops = 0;
    for (const f of traceFiles()) {
      const r = run(['analyze', '--json', path.join(traceDir, f)]);
      assert.equal(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { packets: { hops: { node: string; explanation: string | null }[] }[] };
      for (const p of doc.packets) {
        for (const h of p.hops) {
          assert.equal(h.explanation, explainNode(h.node), `${f}: ${h.node}`);
          hops++;
        }
      }
    }
    assert.ok(hops > 300);
  });
});
