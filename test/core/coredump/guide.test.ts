// The guide's commands survive any path: every line passes `bash -n`, and run through a real shell
// with the command words replaced by functions that print their argv, the programs would receive
// exactly the intended arguments. The DaemonSet patch is checked by kubectl itself (patch --local)
// and YAML quoting by PyYAML.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { buildCoreEnableSnippet, buildCoreGuide, parseVppImage, shellQuote, yamlQuote, type CoreGuide } from '../../../src/core/coredump/index';
import { hasCommand } from '../../support/core-helpers/index';

const DIGEST = 'sha256:' + 'ab'.repeat(32);
const imgParse = parseVppImage(`calicovpp/vpp:v3.29.0@${DIGEST}`, 'bundle');
assert.ok(imgParse.ok);
const IMAGE = imgParse.image;

const PRELUDE = [
  "emit() { printf '%s\\0' \"$@\"; printf '\\1'; }",
  ...['docker', 'podman', 'nerdctl', 'kubectl', 'gdb', 'ssh', 'apt', 'apt-get', 'cat', 'readelf'].map((c) => `${c}() { emit ${c} "$@"; }`),
  'POD=the-pod',
  'NODE=the-node',
].join('\n');

/** Runs `cmd` in bash (cwd `dir`) with stubbed programs; returns the argv of each call on stdout. */
function calls(cmd: string, dir: string, extra = ''): string[][] {
  const r = spawnSync('bash', ['-c', `${PRELUDE}\n${extra}\n${cmd}`], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `bash failed on: ${cmd}\n${r.stderr}`);
  return parseCalls(r.stdout);
}

function parseCalls(out: string): string[][] {
  return out
    .split('\x01')
    .filter((c) => c !== '')
    .map((c) => c.split('\0').slice(0, -1));
}

function bashSyntaxOk(cmd: string): void {
  const r = spawnSync('bash', ['-n', '-c', cmd], { encoding: 'utf8' });
  assert.equal(r.status, 0, `bash -n rejects: ${cmd}\n${r.stderr}`);
}

/** RFC 4180 fields (docker's --mount value). */
function csv(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    let f = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new Error(`unterminated quote in ${s}`);
        if (s[i] === '"' && s[i + 1] === '"') {
          f += '"';
          i += 2;
        } else if (s[i] === '"') {
          i++;
          break;
        } else f += s[i++];
      }
    } else while (i < s.length && s[i] !== ',') f += s[i++];
    out.push(f);
    if (s[i] === ',') i++;
    else break;
  }
  return out;
}

function allCommands(g: CoreGuide): string[] {
  return [...g.commands, ...g.steps.filter((s) => s.id !== 'checklist').flatMap((s) => s.commands), ...g.runtimes.map((r) => r.command), g.reportCommand];
}

const PATHS = [
  '/tmp/core dumps/vppcore.vpp_main.1234',
  "/tmp/it's here/vppcore.vpp_main.1",
  '/tmp/"quoted"/vppcore.vpp_main.2',
  '/tmp/$HOME and $(id) and `id`/vppcore.vpp_main.3',
  '/tmp/semi;amp&pipe|lt<gt>/core',
  '/tmp/new\nline/core',
  '/tmp/tab\there/back\\slash/core',
  '/tmp/glob*?[ab]{c,d}/!bang/~tilde/#hash/core',
  '/tmp/colon:dir/vppcore.vpp_main.4',
  '/tmp/comma,colon:"q"/core',
  '/tmp/ünïcødé 日本/core',
  '/tmp/-dash/--rf',
  'my cores/vppcore.vpp_main.5',
  "./rel:colon, 'and quote'/core",
];

describe('guide commands survive any path', { skip: hasCommand('bash') ? false : 'bash is not installed' }, () => {
  for (const corePath of PATHS) {
    test(JSON.stringify(corePath), () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-guide-'));
      try {
        const hostDir = "/srv/it's cores";
        const pattern = '/var/lib/my cores/vppcore.%e.%p';
        const g = buildCoreGuide({ corePath, image: IMAGE, corePattern: pattern, hostDir, nodeName: "node 'one'" });
        for (const c of allCommands(g)) bashSyntaxOk(c);

        const abs = corePath.startsWith('/') ? corePath : path.join(dir, corePath.replace(/^\.\//, ''));
        const file = path.basename(corePath);

        // docker / podman / nerdctl: the core reaches /root/vppcore, the image is the exact one.
        for (const rt of g.runtimes) {
          const [argv] = calls(rt.command, dir);
          assert.ok(argv);
          assert.equal(argv[0], rt.runtime);
          const vi = argv.indexOf('-v');
          const mi = argv.indexOf('--mount');
          if (abs.includes(':')) {
            assert.equal(vi, -1, '-v cannot take a path with a colon');
            const fields = csv(argv[mi + 1]!);
            assert.deepEqual(new Set(fields), new Set(['type=bind', 'target=/root/vppcore', `source=${abs}`]));
          } else assert.equal(argv[vi + 1], `${abs}:/root/vppcore`);
          assert.equal(argv[argv.length - 1], rt.runtime === 'docker' ? IMAGE.ref : `docker.io/${IMAGE.ref}`);
          assert.ok(argv.includes('--entrypoint=bash'));
        }
        assert.equal(g.commands[0], g.runtimes[0]!.command);
        assert.deepEqual(calls(g.commands[2]!, dir), [['gdb', 'vpp', './vppcore']]);
        assert.deepEqual(calls(g.commands[1]!, dir), [
          ['apt', 'update'],
          ['apt', 'install', '-y', 'gdb'],
        ]);

        // Copy off the node: kubectl cp / exec cat, ssh cat through the node's shell.
        const copy = g.steps.find((s) => s.id === 'copy')!.commands;
        const nodeLine = copy.find((c) => c.startsWith('NODE='))!;
        const nodeOut = spawnSync('bash', ['-c', `${nodeLine}\nprintf '%s' "$NODE"`], { encoding: 'utf8' });
        assert.equal(nodeOut.stdout, "node 'one'");
        const podLine = copy.find((c) => c.startsWith('POD='))!;
        // A command substitution cannot carry NUL bytes: this kubectl stub writes to fd 3 instead.
        const podCalls = calls(podLine, dir, 'exec 3>&1\nkubectl() { emit kubectl "$@" >&3; }');
        assert.ok(podCalls[0]!.includes('spec.nodeName=the-node'));
        assert.ok(podCalls[0]!.includes('jsonpath={.items[0].metadata.name}'));
        const cp = copy.find((c) => / cp /.test(c))!;
        assert.deepEqual(calls(cp, dir), [['kubectl', '-n', 'calico-vpp-dataplane', 'cp', '-c', 'vpp', `the-pod:/var/lib/my cores/${file}`, `./${file}`]]);
        const cat = copy.find((c) => / cat /.test(c) && c.startsWith('kubectl'))!;
        assert.deepEqual(calls(cat, dir), [], 'the output goes to the file');
        assert.deepEqual(parseCalls(readFileSync(path.join(dir, file), 'utf8')), [
          ['kubectl', '-n', 'calico-vpp-dataplane', 'exec', 'the-pod', '-c', 'vpp', '--', 'cat', `/var/lib/my cores/${file}`],
        ]);
        const ssh = copy.find((c) => c.startsWith('ssh'))!;
        calls(ssh, dir);
        const [sshArgv] = parseCalls(readFileSync(path.join(dir, file), 'utf8'));
        assert.deepEqual(sshArgv!.slice(0, 2), ['ssh', 'the-node']);
        assert.deepEqual(calls(sshArgv![2]!, dir), [['cat', '--', `${hostDir}/${file}`]], 'the node\'s shell gets the path back intact');

        // The report: docker runs bash -c INNER; INNER runs gdb on the mounted core.
        calls(g.reportCommand, dir);
        const [rep] = parseCalls(readFileSync(path.join(dir, `${file}.gdb.txt`), 'utf8'));
        const inner = rep![rep!.indexOf('-c') + 1]!;
        const gdbCall = calls(inner, dir).find((c) => c[0] === 'gdb')!;
        assert.deepEqual(gdbCall.slice(-2), ['vpp', '/root/vppcore']);
        assert.ok(gdbCall.includes('thread apply all bt'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('shellQuote round-trips any string through bash (fast-check)', () => {
    const strings = fc.sample(fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0')), 300);
    strings.push('', "'", '"', '\\', '$(x)', '`x`', '!x', '~', '#', '-n', '*', '\n', ' ');
    const r = spawnSync('bash', ['-c', `printf '%s\\0' ${strings.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), strings);
  });

  test('without an image the commands say calicovpp/vpp:VERSION and ask for it', () => {
    const g = buildCoreGuide({ corePath: '/cores/vppcore.vpp_main.12345' });
    assert.equal(g.imageNeeded, true);
    assert.equal(g.commands[0], 'docker run -it --rm --entrypoint=bash -w /root -v /cores/vppcore.vpp_main.12345:/root/vppcore calicovpp/vpp:VERSION');
    assert.ok(g.warnings.some((w) => /No image is known/.test(w)));
    assert.ok(g.steps[0]!.commands.some((c) => c.includes('imageID')));
  });
});

describe('image references', () => {
  const ok = (t: string, ref: string, digest: string | null = null) => {
    const r = parseVppImage(t, 'user');
    assert.ok(r.ok, t);
    assert.equal(r.image.ref, ref);
    assert.equal(r.image.digest, digest);
  };
  test('accepted forms', () => {
    ok('calicovpp/vpp:v3.29.0', 'calicovpp/vpp:v3.29.0');
    ok('v3.29.0', 'calicovpp/vpp:v3.29.0');
    ok('3.30.1', 'calicovpp/vpp:3.30.1');
    ok(`docker.io/calicovpp/vpp:v3.29.0@${DIGEST}`, `docker.io/calicovpp/vpp:v3.29.0@${DIGEST}`, DIGEST);
    ok(`calicovpp/vpp@${DIGEST}`, `calicovpp/vpp@${DIGEST}`, DIGEST);
    ok('localhost:5000/calicovpp/vpp:dev', 'localhost:5000/calicovpp/vpp:dev');
  });
  test('a bundle digest (imageID) is added', () => {
    const r = parseVppImage('calicovpp/vpp:v3.29.0', 'bundle', `docker.io/calicovpp/vpp@${DIGEST}`);
    assert.ok(r.ok);
    assert.equal(r.image.ref, `calicovpp/vpp:v3.29.0@${DIGEST}`);
  });
  test('rejected forms', () => {
    for (const t of ['', 'calico vpp', 'calicovpp/VPP:v1', 'calicovpp/vpp:bad tag', 'calicovpp/vpp@sha256:12', 'latest', 'a//b']) {
      const r = parseVppImage(t, 'user');
      assert.equal(r.ok, false, t);
    }
  });
});

describe('enabling cores: the DaemonSet patch', () => {
  const DIRS = ['/var/lib/vpp-cores', '/var/lib/vpp cores', '/srv/it\'s "quoted" #not-a-comment', '/data/100%/cores', '/data/ünï/日本', '/x/: colon', '/x/-dash', '/x/{braces}, [brackets] & *star', '/x/null', '/x/yes//'];

  test('validation', () => {
    for (const [dir, re] of [
      ['relative/dir', /not absolute/],
      ['', /empty/],
      ['/', /cannot be \//],
      ['//', /cannot be \//],
      ['/a/../b', /'\.\.'/],
      ['/a/./b', /'\.'/],
      ['/a\nb', /control character/],
    ] as const) {
      const r = buildCoreEnableSnippet({ hostDir: dir });
      assert.equal(r.ok, false, dir);
      if (!r.ok) assert.match(r.error, re);
    }
    const long = buildCoreEnableSnippet({ hostDir: '/ok', containerDir: '/' + 'x'.repeat(120) });
    assert.equal(long.ok, false);
    if (!long.ok) assert.match(long.error, /at most 127/);
  });

  test('the heredoc command writes exactly the patch', { skip: hasCommand('bash') ? false : 'bash is not installed' }, () => {
    const r = buildCoreEnableSnippet({ hostDir: "/srv/it's cores" });
    assert.ok(r.ok);
    const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-enable-'));
    try {
      for (const c of r.snippet.commands) bashSyntaxOk(c);
      const w = spawnSync('bash', ['-c', r.snippet.commands[0]!], { cwd: dir });
      assert.equal(w.status, 0);
      assert.equal(readFileSync(path.join(dir, r.snippet.patchFileName), 'utf8'), r.snippet.patchYaml);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('kubectl applies it to a DaemonSet as intended (kubectl patch --local)', { skip: hasCommand('kubectl') ? false : 'kubectl is not installed' }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pathviz-enable-'));
    try {
      const ds = path.join(dir, 'ds.json');
      writeFileSync(
        ds,
        JSON.stringify({
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: { name: 'calico-vpp-node', namespace: 'calico-vpp-dataplane' },
          spec: {
            selector: { matchLabels: { 'k8s-app': 'calico-vpp-node' } },
            template: {
              metadata: { labels: { 'k8s-app': 'calico-vpp-node' } },
              spec: {
                containers: [
                  { name: 'vpp', image: 'calicovpp/vpp:v3.29.0', env: [{ name: 'CALICOVPP_INTERFACES', value: '{}' }] },
                  { name: 'agent', image: 'calicovpp/agent:v3.29.0' },
                ],
                volumes: [{ name: 'lib-modules', hostPath: { path: '/lib/modules' } }],
              },
            },
          },
        }),
      );
      for (const hostDir of DIRS) {
        for (const containerDir of [undefined, '/home/my user', '/cores/50%']) {
          const r = buildCoreEnableSnippet({ hostDir, containerDir });
          assert.ok(r.ok, `${hostDir}: ${r.ok ? '' : r.error}`);
          const patch = path.join(dir, 'patch.yaml');
          writeFileSync(patch, r.snippet.patchYaml);
          const k = spawnSync('kubectl', ['patch', '--local', '-f', ds, '--type', 'strategic', '--patch-file', patch, '-o', 'json'], { encoding: 'utf8' });
          assert.equal(k.status, 0, k.stderr);
          const out = JSON.parse(k.stdout);
          const spec = out.spec.template.spec;
          const vpp = spec.containers.find((c: { name: string }) => c.name === 'vpp');
          const agent = spec.containers.find((c: { name: string }) => c.name === 'agent');
          const cd = (containerDir ?? '/home/hostuser').replace(/\/+$/, '');
          const env = Object.fromEntries(vpp.env.map((e: { name: string; value: string }) => [e.name, e.value]));
          assert.equal(env.CALICOVPP_CORE_PATTERN, `${cd.replace(/%/g, '%%')}/vppcore.%e.%p`);
          assert.equal(env.CALICOVPP_INTERFACES, '{}', 'existing env is kept');
          assert.deepEqual(vpp.volumeMounts, [{ name: 'vpp-cores', mountPath: cd }]);
          assert.equal(agent.volumeMounts, undefined, 'the agent container is untouched');
          const vol = spec.volumes.find((v: { name: string }) => v.name === 'vpp-cores');
          assert.deepEqual(vol.hostPath, { path: hostDir.replace(/\/+$/, ''), type: 'DirectoryOrCreate' });
          assert.ok(spec.volumes.some((v: { name: string }) => v.name === 'lib-modules'), 'existing volumes are kept');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const pyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
  test('yamlQuote round-trips any string through PyYAML (fast-check)', { skip: pyYaml ? false : 'python3 with PyYAML is not installed' }, () => {
    const strings = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'binary-ascii', maxLength: 30 })), 400);
    strings.push('', '"', '\\', '\n', 'null', 'yes', '#x', ': x', '- x', '\u0085', '\u2028', '\ufeff', '\ufffe', '\u007f');
    const r = spawnSync('python3', ['-c', 'import sys, json, yaml\nprint(json.dumps([yaml.safe_load(d) for d in json.load(sys.stdin)]))'], {
      input: JSON.stringify(strings.map(yamlQuote)),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), strings);
  });
});
