// Synthetic cores of both architectures (aarch64 cannot be produced on this machine): checked against
// what they were built from and against eu-readelf's decoding of the same bytes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memorySource } from '../../../src/core/bytes/source';
import { inspectCore } from '../../../src/core/coredump/inspect';
import type { CoreSummary } from '../../../src/core/coredump/types';
import { euReadelfNotes, hasCommand } from '../../support/core-helpers/index';
import { buildSyntheticCore, sampleSpec, type SynthCore } from '../../support/core-helpers/synthetic';

async function summary(bytes: Uint8Array, name = 'vppcore.vpp_wk_1.4242'): Promise<CoreSummary> {
  const r = await inspectCore(memorySource(bytes), { name });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.summary;
}

function checkAgainstSpec(s: CoreSummary, spec: SynthCore): void {
  assert.equal(s.machine, spec.machine);
  assert.equal(s.pid, spec.pid);
  assert.equal(s.command, spec.command);
  assert.equal(s.arguments, spec.args);
  assert.deepEqual(
    s.threads.map((t) => [t.tid, BigInt(t.pc!), BigInt(t.sp!)]),
    spec.threads.map((t) => [t.tid, t.pc, t.sp]),
  );
  assert.equal(s.crashingThread, spec.threads[0]!.tid);
  assert.equal(s.signal?.name, 'SIGSEGV');
  assert.equal(s.faultAddress, '0x0000000000000010');
  assert.deepEqual(s.mappedFiles, [...new Set(spec.files.map((f) => f.path))]);
}

for (const machine of ['aarch64', 'x86-64'] as const) {
  describe(`synthetic ${machine} core`, () => {
    const spec: SynthCore = { ...sampleSpec(machine), notesLast: machine === 'x86-64' };
    const bytes = buildSyntheticCore(spec);

    test('fields are those it was built from', async () => {
      const s = await summary(bytes);
      checkAgainstSpec(s, spec);
      assert.equal(s.executable, '/usr/bin/vpp', 'the mapping that holds AT_ENTRY');
      assert.deepEqual(
        s.plugins.map((p) => p.name),
        ['acl_plugin.so', 'calico_plugin.so'],
      );
      assert.equal(s.looksLikeVpp, true);
      assert.equal(s.vppEvidence.length, 4, s.vppEvidence.join(' | '));
      assert.deepEqual(s.fileNameHint, { threadName: 'vpp_wk_1', pid: 4242 });
      assert.deepEqual(s.warnings, []);
      assert.deepEqual(s.diagnostics, []);
      assert.equal(s.mappings[3]!.fileOffset, '0x0000000000010000', 'NT_FILE page offsets are multiplied by the page size');
    });

    test('eu-readelf decodes the same bytes to the same fields', { skip: hasCommand('eu-readelf') ? false : 'eu-readelf (elfutils) is not installed' }, async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-syn-'));
      try {
        const f = path.join(dir, 'core');
        writeFileSync(f, bytes);
        const o = euReadelfNotes(f);
        const s = await summary(bytes);
        assert.equal(s.pid, o.pid);
        assert.equal(s.command, o.fname);
        assert.deepEqual(
          s.threads.map((t) => [t.tid, t.cursig, BigInt(t.pc!), BigInt(t.sp!)]),
          o.threads.map((t) => [t.tid, t.cursig, t.pc, t.sp]),
        );
        assert.equal(BigInt(s.faultAddress!), o.siginfos[0]!.faultAddress);
        assert.deepEqual(s.mappedFiles, [...new Set(o.files.map((x) => x.path))]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

test('the executable comes from AT_EXECFN in memory when no mapping holds AT_ENTRY', async () => {
  const spec = sampleSpec('x86-64');
  spec.auxv = spec.auxv.filter(([k]) => k !== 9);
  spec.files = spec.files.slice(1);
  const s = await summary(buildSyntheticCore(spec));
  assert.equal(s.executable, '/usr/bin/vpp');
});

test('a core that is not VPP says so', async () => {
  const spec = sampleSpec('x86-64');
  spec.command = 'nginx';
  spec.files = [{ start: 0x1000n, end: 0x2000n, pageOffset: 0n, path: '/usr/sbin/nginx' }];
  spec.auxv = [[9, 0x1100n]];
  spec.loads = [];
  const s = await summary(buildSyntheticCore(spec), 'core.nginx.4242');
  assert.equal(s.looksLikeVpp, false);
  assert.equal(s.executable, '/usr/sbin/nginx');
  assert.ok(s.warnings.some((w) => w.includes('does not look like VPP') && w.includes('nginx')));
});

test('a file name whose pid differs from the core is flagged', async () => {
  const s = await summary(buildSyntheticCore(sampleSpec('x86-64')), '/cores/vppcore.vpp_main.999');
  assert.ok(s.warnings.some((w) => w.includes('999') && w.includes('4242')));
});

test('SIGABRT raised by abort() gives the sender, no fault address', async () => {
  const spec = sampleSpec('x86-64');
  spec.threads = spec.threads.map((t) => ({ ...t, cursig: 6 }));
  spec.siginfo = { signo: 6, code: -6, addr: 4242n | (0n << 32n) };
  const s = await summary(buildSyntheticCore(spec));
  assert.equal(s.signal?.name, 'SIGABRT');
  assert.equal(s.signalCode, 'SI_TKILL');
  assert.equal(s.faultAddress, null);
  assert.equal(s.threads[0]!.siginfo?.senderPid, 4242);
});
