// The layer rules of docs/architecture.md are enforced by tools; these tests show each tool
// failing on a violation (and passing on a clean file, so the failure is the violation's).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Lints `code` as if it were the file at `asPath` (repo-relative), without writing it. */
function lint(asPath: string, code: string) {
  const r = spawnSync(process.execPath, [eslintBin, '--stdin', '--stdin-filename', asPath, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const results = JSON.parse(r.stdout || '[]') as { messages: { ruleId: string | null; message: string }[] }[];
  return results.flatMap((x) => x.messages);
}

/** Type-checks `code` under the given layer's tsconfig (a temp project that extends it). */
function typecheck(layer: string, code: string) {
  const base = path.join(root, 'test-results');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, 'layer-'));
  try {
    writeFileSync(path.join(dir, 'probe.ts'), code);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: path.join(root, 'src', layer, 'tsconfig.json'), include: ['./probe.ts'], files: [] }),
    );
    const r = spawnSync(process.execPath, [tscBin, '-p', dir, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    return { ok: r.status === 0, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lint rule layers/allowed-imports', () => {
  const layerErrors = (msgs: { ruleId: string | null; message: string }[]) => msgs.filter((m) => m.ruleId === 'layers/allowed-imports');

  test('a clean core file passes', () => {
    assert.deepEqual(layerErrors(lint('src/core/trace/probe.ts', "import { diagnostic } from '../model/diagnostic';\nexport const d = diagnostic;\n")), []);
  });
  test('a Node built-in in src/core fails', () => {
    const errs = layerErrors(lint('src/core/trace/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"));
    assert.equal(errs.length, 1);
    assert.match(errs[0]!.message, /Node built-ins are not allowed/);
  });
  test('core importing the node layer fails', () => {
    const errs = layerErrors(lint('src/core/trace/probe.ts', "import { readInput } from '../../node/input';\nexport const r = readInput;\n"));
    assert.equal(errs.length, 1);
    assert.match(errs[0]!.message, /layer node is not allowed/);
  });
  test('a lower core folder importing a higher one fails', () => {
    const errs = layerErrors(lint('src/core/trace/probe.ts', "import * as a from '../analysis/x';\nexport const r = a;\n"));
    assert.equal(errs.length, 1);
    assert.match(errs[0]!.message, /above core\/trace/);
  });
  test('the renderer may not import Node built-ins, the node layer or electron', () => {
    assert.equal(layerErrors(lint('src/renderer/probe.ts', "import 'node:path';\n")).length, 1);
    assert.equal(layerErrors(lint('src/renderer/probe.ts', "import '../node/input';\n")).length, 1);
    assert.equal(layerErrors(lint('src/renderer/probe.ts', "import 'electron';\n")).length, 1);
    assert.deepEqual(layerErrors(lint('src/renderer/probe.ts', "import 'react';\nimport '../core/model/flow';\n")), []);
  });
  test('preload may import only core/ipc, core/model and electron', () => {
    assert.equal(layerErrors(lint('src/preload/probe.ts', "import '../core/trace/x';\n")).length, 1);
    assert.deepEqual(layerErrors(lint('src/preload/probe.ts', "import 'electron';\nimport '../core/ipc/x';\n")), []);
  });
});

describe('per-layer tsconfig', () => {
  test('a clean core file type-checks', () => {
    const r = typecheck('core', 'export const n: number = [1, 2].at(-1) ?? 0;\n');
    assert.ok(r.ok, r.out);
  });
  test('Node built-ins and Buffer do not type-check in core', () => {
    const r1 = typecheck('core', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    assert.equal(r1.ok, false);
    assert.match(r1.out, /TS2307|Cannot find module 'node:fs'/);
    const r2 = typecheck('core', 'export const b = Buffer.from("x");\n');
    assert.equal(r2.ok, false);
    assert.match(r2.out, /Cannot find name 'Buffer'/);
  });
  test('DOM APIs do not type-check in core', () => {
    const r = typecheck('core', 'export const d = document.title;\n');
    assert.equal(r.ok, false);
    assert.match(r.out, /Cannot find name 'document'/);
  });
  test('the node layer does have Node types', () => {
    const r = typecheck('node', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    assert.ok(r.ok, r.out);
  });
});
