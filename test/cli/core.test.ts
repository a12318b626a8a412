// `vpp-pathviz core`: the JSON documented in docs/cli.md, the human summary, exit codes and messages
// naming the file, --enable-cores. Runs main() in-process, and the bundled CLI once when it is built.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main';
import { buildHelpers, euReadelfNotes, gdbCrashCore, gdbProblem } from '../support/core-helpers/index';
import { buildSyntheticCore, sampleSpec } from '../support/core-helpers/synthetic';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function cli(args: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, signal: new AbortController().signal });
  return { code, out, err };
}

let dir = '';
let synth = '';
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pathviz-cli-core-'));
  const sub = path.join(dir, "it's a \"dir\" with spaces");
  mkdirSync(sub);
  synth = path.join(sub, 'vppcore.vpp_wk_2.4242');
  writeFileSync(synth, buildSyntheticCore(sampleSpec('aarch64')));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('core FILE --json', () => {
  test('the documented fields and types', async () => {
    const r = await cli(['core', synth, '--json', '--image', 'v3.29.0']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(typeof j.command, 'string');
    assert.equal(j.command, 'vpp_main');
    assert.equal(j.pid, 4242);
    assert.deepEqual({ number: j.signal.number, name: j.signal.name }, { number: 11, name: 'SIGSEGV' });
    assert.equal(j.crashingThread, 4245);
    assert.deepEqual(
      j.threads.map((t: { tid: number }) => t.tid),
      [4245, 4242, 4243, 4244],
    );
    for (const t of j.threads) {
      assert.match(t.pc, /^0x[0-9a-f]+$/);
      assert.match(t.sp, /^0x[0-9a-f]+$/);
    }
    assert.equal(BigInt(j.threads[0].pc), 0xaaaa00001234n);
    assert.ok(Array.isArray(j.mappedFiles) && j.mappedFiles.every((f: unknown) => typeof f === 'string'));
    assert.equal(j.looksLikeVpp, true);
    assert.equal(j.commands.length, 3);
    assert.ok(j.commands.every((c: unknown) => typeof c === 'string'));
    assert.ok(j.commands[0].endsWith(' calicovpp/vpp:v3.29.0'));
    assert.equal(j.faultAddress, '0x0000000000000010');
    assert.equal(j.signalCode, 'SEGV_MAPERR');
    assert.equal(j.executable, '/usr/bin/vpp');
    assert.equal(j.machine, 'aarch64');
    assert.ok(j.plugins.some((p: string) => p.endsWith('/calico_plugin.so')));
    assert.ok(j.hints.some((h: string) => /vpp_wk_2/.test(h)));
  });

  test('the docker command brings this exact file into the container', { skip: spawnSync('sh', ['-c', 'command -v bash']).status === 0 ? false : 'bash is not installed' }, async () => {
    const j = JSON.parse((await cli(['core', synth, '--json'])).out);
    const r = spawnSync('bash', ['-c', `docker() { printf '%s\\0' "$@"; }\n${j.commands[0]}`], { encoding: 'utf8' });
    const argv = r.stdout.split('\0');
    assert.equal(argv[argv.indexOf('-v') + 1], `${synth}:/root/vppcore`);
  });

  test('a relative FILE is resolved against the working directory', async () => {
    const r = await cli(['core', path.basename(synth), '--json'], path.dirname(synth));
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.file, path.basename(synth));
    const argv = spawnSync('bash', ['-c', `docker() { printf '%s\\0' "$@"; }\n${j.commands[0]}`], { encoding: 'utf8' }).stdout.split('\0');
    assert.equal(argv[argv.indexOf('-v') + 1], `${synth}:/root/vppcore`, 'the absolute path');
  });

  describe('a real core', { skip: gdbProblem() ?? false }, () => {
    test('matches eu-readelf', async () => {
      const h = await buildHelpers(path.join(dir, 'real'));
      const made = await gdbCrashCore(h.vppMain, ['2', 'crash', '2'], path.join(dir, 'real', 'vppcore.vpp_main.x'));
      const r = await cli(['core', made.path, '--json']);
      assert.equal(r.code, 0, r.err);
      const j = JSON.parse(r.out);
      const o = euReadelfNotes(made.path);
      assert.equal(j.pid, o.pid);
      assert.equal(j.command, o.fname);
      assert.deepEqual(
        j.threads.map((t: { tid: number }) => t.tid),
        o.threads.map((t) => t.tid),
      );
      assert.equal(j.crashingThread, made.crashTid);
      assert.deepEqual(j.mappedFiles, [...new Set(o.files.map((f) => f.path))]);
      assert.equal(j.signal.name, 'SIGSEGV');
    });
  });
});

describe('core FILE (human summary)', () => {
  test('says what crashed and how to open it', async () => {
    const r = await cli(['core', synth]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /core of vpp_main \(pid 4242\), aarch64/);
    assert.match(r.out, /SIGSEGV \(11\)/);
    assert.match(r.out, /fault address 0x0000000000000010/);
    assert.match(r.out, /crashed thread 4245/);
    assert.match(r.out, /calico_plugin\.so/);
    assert.match(r.out, /docker run -it --rm --entrypoint=bash/);
    assert.match(r.out, /apt update && apt install -y gdb/);
    assert.match(r.out, /gdb vpp \.\/vppcore/);
    assert.match(r.out, /thread apply all bt/);
    assert.match(r.out, /No image is known/);
  });
});

describe('errors', () => {
  const bad = (name: string, bytes: Uint8Array) => {
    const f = path.join(dir, name);
    writeFileSync(f, bytes);
    return f;
  };
  const cases: Array<[string, () => string, RegExp]> = [
    ['missing file', () => path.join(dir, 'nope.core'), /nope\.core: no such file/],
    ['a directory', () => dir, /is a directory/],
    ['a text file', () => bad('trace.txt', new TextEncoder().encode('Packet 1\n')), /trace\.txt at byte 0: not an ELF file/],
    ['32-bit', () => {
      const b = buildSyntheticCore(sampleSpec('x86-64'));
      b[4] = 1;
      return bad('core32', b);
    }, /core32 at byte 4: 32-bit ELF .* not supported/],
    ['big-endian', () => {
      const b = buildSyntheticCore(sampleSpec('x86-64'));
      b[5] = 2;
      return bad('corebe', b);
    }, /corebe at byte 5: big-endian ELF .* not supported/],
    ['cut in the header', () => bad('cut', buildSyntheticCore(sampleSpec('x86-64')).subarray(0, 40)), /cut at byte 40: the file ends after 40 bytes/],
    ['zstd', () => bad('vppcore.zst', Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])), /vppcore\.zst at byte 0: the core is zstd-compressed/],
  ];
  for (const [label, make, re] of cases) {
    test(`${label}: exit 1 naming the file`, async () => {
      const r = await cli(['core', make()]);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, re);
    });
  }
  test('usage errors exit 2', async () => {
    assert.equal((await cli(['core'])).code, 2);
    assert.equal((await cli(['core', 'a', 'b'])).code, 2);
    const r = await cli(['core', synth, '--image', 'not an image']);
    assert.equal(r.code, 2);
    assert.match(r.err, /--image/);
  });
});

describe('core --enable-cores DIR', () => {
  test('prints the DaemonSet patch', async () => {
    const r = await cli(['core', '--enable-cores', '/var/lib/vpp cores']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /CALICOVPP_CORE_PATTERN/);
    assert.match(r.out, /path: "\/var\/lib\/vpp cores"/);
    assert.match(r.out, /kubectl -n calico-vpp-dataplane patch daemonset calico-vpp-node --type strategic --patch-file vpp-cores-patch\.yaml/);
  });
  test('--json', async () => {
    const j = JSON.parse((await cli(['core', '--enable-cores', '/cores', '--container-dir', '/var/lib/vpp/cores', '--json'])).out);
    assert.equal(j.corePattern, '/var/lib/vpp/cores/vppcore.%e.%p');
    assert.equal(j.hostDir, '/cores');
  });
  test('a relative directory is a usage error', async () => {
    const r = await cli(['core', '--enable-cores', 'cores']);
    assert.equal(r.code, 2);
    assert.match(r.err, /not absolute/);
  });
});

const bundle = path.join(root, 'dist', 'cli.mjs');
const built = existsSync(bundle) && readFileSync(bundle, 'utf8').includes('enable-cores');
test('the bundled CLI (bin/vpp-pathviz core)', { skip: built ? false : 'dist/cli.mjs is not built with the core command (npm run build)' }, () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'core', synth, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).crashingThread, 4245);
  const bad = spawnSync(process.execPath, [path.join(root, 'bin', 'vpp-pathviz'), 'core', path.join(dir, 'nope')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /nope: no such file/);
});
