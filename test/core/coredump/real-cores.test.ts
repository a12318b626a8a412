// Real cores made on this machine (gcore of running helpers, the kernel's core of a SIGSEGV, gdb's
// core at a crash), every field checked against eu-readelf --notes of the same file and against what
// the helper itself reported (its pid and gettid() of every thread).
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspectCore } from '../../../src/core/coredump/inspect';
import type { CoreSummary } from '../../../src/core/coredump/types';
import { openFileRange } from '../../../src/node/range-reader';
import {
  buildHelpers,
  euReadelfBuildId,
  euReadelfNotes,
  gcoreOf,
  gdbCrashCore,
  gdbProblem,
  kernelCrashCore,
  ptraceProblem,
  toolsMissing,
  type Helpers,
  type MadeCore,
  type Oracle,
} from '../../support/core-helpers/index';

async function inspectFile(file: string): Promise<CoreSummary> {
  const r = await openFileRange(file);
  try {
    const res = await inspectCore(r, { name: file });
    assert.ok(res.ok, res.ok ? '' : res.error.message);
    return res.summary;
  } finally {
    await r.close();
  }
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Every field against eu-readelf, and the thread ids against the helper's own report. */
function compareWithOracle(s: CoreSummary, o: Oracle, made: MadeCore): void {
  assert.equal(s.pid, o.pid, 'pid (PRPSINFO)');
  assert.equal(s.pid, made.pid, 'pid (the helper)');
  assert.equal(s.command, o.fname, 'command (fname)');
  assert.equal(s.arguments, (o.psargs ?? '').trimEnd(), 'arguments (psargs)');
  assert.deepEqual(
    s.threads.map((t) => t.tid),
    o.threads.map((t) => t.tid),
    'thread ids in note order',
  );
  assert.deepEqual([...s.threads.map((t) => t.tid)].sort(), [...made.tids].sort(), 'thread ids = gettid() of every helper thread');
  s.threads.forEach((t, i) => {
    const ot = o.threads[i]!;
    assert.equal(t.cursig, ot.cursig, `cursig of ${t.tid}`);
    assert.ok(t.pc && ot.pc !== null && BigInt(t.pc) === ot.pc, `pc of ${t.tid}: ${t.pc} vs ${ot.pc}`);
    assert.ok(t.sp && ot.sp !== null && BigInt(t.sp) === ot.sp, `sp of ${t.tid}: ${t.sp} vs ${ot.sp}`);
    assert.match(t.pc!, /^0x[0-9a-f]{16}$/);
  });
  assert.deepEqual(s.mappedFiles, unique(o.files.map((f) => f.path)), 'mapped files');
  assert.equal(s.mappings.length, o.files.length);
  s.mappings.forEach((m, i) => {
    assert.equal(BigInt(m.start), o.files[i]!.start);
    assert.equal(BigInt(m.end), o.files[i]!.end);
  });
  const entry = o.auxv.get('ENTRY');
  assert.ok(entry, 'eu-readelf shows AT_ENTRY');
  assert.equal(BigInt(s.auxv.find((a) => a.name === 'AT_ENTRY')!.value), BigInt(entry));
}

const missing = toolsMissing();

describe('real cores made on this machine', { skip: missing ?? false }, () => {
  let dir = '';
  let h: Helpers;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pathviz-cores-'));
    h = await buildHelpers(dir);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function gcoreOrSkip(t: TestContext, exe: string, args: string[], out: string): Promise<MadeCore | null> {
    const p = ptraceProblem();
    if (p) {
      t.skip(p);
      return null;
    }
    try {
      return await gcoreOf(exe, args, out);
    } catch (e) {
      if (/ptrace|not permitted|attach/i.test(String(e))) {
        t.skip(`gcore cannot attach here: ${String(e).slice(0, 200)}`);
        return null;
      }
      throw e;
    }
  }

  test('gcore of a running multi-threaded vpp_main with a plugin loaded', async (t) => {
    const made = await gcoreOrSkip(t, h.vppMain, ['3', 'dlopen', h.plugin], path.join(dir, 'vppcore.vpp_main.live'));
    if (!made) return;
    const s = await inspectFile(made.path);
    compareWithOracle(s, euReadelfNotes(made.path), made);
    assert.equal(s.threads.length, 4);
    assert.equal(s.threads[0]!.tid, made.pid, 'the main thread comes first');
    assert.equal(s.signal, null, 'a live process was not handling a signal');
    assert.equal(s.crashingThread, null);
    assert.ok(s.warnings.some((w) => /gcore/.test(w)));
    assert.equal(s.command, 'vpp_main');
    assert.equal(s.executable, h.vppMain);
    assert.equal(s.looksLikeVpp, true);
    assert.deepEqual(s.plugins, [{ name: 'pathviz_test_plugin.so', path: h.plugin }]);
    assert.ok(s.mappedFiles.includes(h.plugin));
    assert.equal(s.buildIds.find((b) => b.path === h.vppMain)?.buildId, euReadelfBuildId(h.vppMain), 'build ID read from the core = eu-readelf -n of the executable');
    assert.equal(s.buildIds.find((b) => b.path === h.plugin)?.buildId, euReadelfBuildId(h.plugin));
    assert.equal(s.truncated, false);
    assert.deepEqual(s.diagnostics, []);
  });

  test('gcore of a program that does not look like VPP', async (t) => {
    const made = await gcoreOrSkip(t, h.plain, ['2'], path.join(dir, 'core.plain'));
    if (!made) return;
    const s = await inspectFile(made.path);
    compareWithOracle(s, euReadelfNotes(made.path), made);
    assert.equal(s.command, 'pathviz_sleepy');
    assert.equal(s.looksLikeVpp, false);
    assert.deepEqual(s.vppEvidence, []);
    assert.deepEqual(s.plugins, []);
    assert.ok(s.warnings.some((w) => /does not look like VPP/.test(w)));
  });

  test('the kernel\'s core of a SIGSEGV in a worker thread', async (t) => {
    const made = await kernelCrashCore(h.vppMain, 3, 2, dir);
    if ('skip' in made) return t.skip(made.skip);
    try {
      const s = await inspectFile(made.path);
      const o = euReadelfNotes(made.path);
      compareWithOracle(s, o, made);
      assert.equal(s.crashingThread, made.crashTid, 'the crashed thread is the one that dereferenced 0x10');
      assert.equal(s.threads[0]!.tid, made.crashTid, 'the kernel writes the dumping thread first');
      assert.deepEqual(s.signal && { number: s.signal.number, name: s.signal.name }, { number: 11, name: 'SIGSEGV' });
      assert.equal(o.siginfos.length, 1);
      assert.equal(o.siginfos[0]!.signo, 11);
      assert.equal(s.signalCode, 'SEGV_MAPERR');
      assert.equal(o.siginfos[0]!.code, 1);
      assert.equal(BigInt(s.faultAddress!), o.siginfos[0]!.faultAddress);
      assert.equal(BigInt(s.faultAddress!), 0x10n, 'the helper writes to address 0x10');
      assert.equal(s.threads.filter((t) => t.crashed).length, 1);
    } finally {
      if (!made.path.startsWith(dir)) rmSync(made.path, { force: true });
    }
  });

  test('gdb\'s core at a SIGSEGV in a worker thread', { skip: gdbProblem() ?? false }, async () => {
    const made = await gdbCrashCore(h.vppMain, ['3', 'crash', '3'], path.join(dir, 'vppcore.vpp_wk_2.gdb'));
    const s = await inspectFile(made.path);
    const o = euReadelfNotes(made.path);
    compareWithOracle(s, o, made);
    assert.equal(s.crashingThread, made.crashTid);
    assert.notEqual(s.crashingThread, s.pid);
    assert.equal(s.signal?.name, 'SIGSEGV');
    const si = o.siginfos.find((x) => x.signo === 11);
    assert.ok(si);
    assert.equal(BigInt(s.faultAddress!), si.faultAddress);
    assert.equal(s.signalCode, 'SEGV_MAPERR');
  });
});
