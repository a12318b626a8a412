// Each planted fault is found by exactly the right check, with the evidence line of the planted text.
// Bundles are built from corpus files and corpus-shaped text (test/core/bundle/fixture.ts), packed
// with the real tar, and the faults are planted into the file text before packing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runChecks, type Check } from '../../../src/core/analysis/checks';
import { openBundle, type Bundle } from '../../../src/core/bundle/index';
import { splitLines } from '../../../src/core/vpp-state/text';
import { openBundlePaths } from '../../../src/node/tar-bundle';
import { BGP_IN_USE, EMPTY_TRANSLATION, corpus, HUGEPAGES_EVENT, NODE_A, PODS, VPP_NO_HUGEPAGES, cleanup, exportFiles, getPods, key, tarGz, vppConfigMap, writeTree, type Layout } from '../bundle/fixture';

async function packAndOpen(files: Record<string, string>): Promise<Bundle> {
  const root = writeTree(files);
  const tgz = tarGz(root);
  try {
    return await openBundlePaths([tgz]);
  } finally {
    cleanup(root, tgz);
  }
}

/** The 1-based line of the first line of `files[k]` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = splitLines(text).findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `fixture text has no line with ${needle}`);
  return i + 1;
}

const sig = (c: Check) => `${c.id}|${c.node ?? ''}|${c.message}`;

interface Plant {
  name: string;
  id: string;
  severity: Check['severity'];
  plant: (files: Record<string, string>) => { file: string; needle: string };
}

const PLANTS: Plant[] = [
  {
    name: 'no free buffers',
    id: 'buffers-exhausted',
    severity: 'critical',
    plant: (f) => {
      const k = key(f, `${NODE_A}.show-buffers`);
      f[k] = f[k]!.replace('default-numa-0         0     0   2304     2048   128270 125968   1108    1194', 'default-numa-0         0     0   2304     2048   128270      0   1108  127162');
      return { file: k, needle: 'default-numa-0' };
    },
  },
  {
    name: 'an interface down',
    id: 'interface-down',
    severity: 'warning',
    plant: (f) => {
      const k = key(f, `${NODE_A}.show-int`);
      f[k] = f[k]!.replace(/^(tun2\s+6)\s{6}up\s{5}/m, '$1     down    ');
      return { file: k, needle: 'tun2 ' };
    },
  },
  {
    name: 'a pod crash-looping',
    id: 'pod-crashloop',
    severity: 'critical',
    plant: (f) => {
      const k = key(f, 'get-pods');
      const layout: Layout = f[k]!.includes('\t') ? 'go' : 'bash';
      f[k] = getPods(PODS.map((p) => (p.name.startsWith('web-7d4b9c6f5-k2x8p') ? { ...p, status: 'CrashLoopBackOff', restarts: '12 (3m ago)', ready: '0/1' } : p)), layout);
      return { file: k, needle: 'web-7d4b9c6f5-k2x8p' };
    },
  },
  {
    name: 'the BGP port in use',
    id: 'agent-bgp-port-in-use',
    severity: 'critical',
    plant: (f) => {
      const k = key(f, `${NODE_A}.agent.log`);
      const lines = splitLines(f[k]!);
      lines.splice(2, 0, BGP_IN_USE);
      f[k] = lines.join('\n') + '\n';
      return { file: k, needle: 'address already in use' };
    },
  },
  {
    name: 'a service without backends',
    id: 'service-no-backends',
    severity: 'warning',
    plant: (f) => {
      const k = key(f, `${NODE_A}.show-cnat-translation`);
      f[k] = f[k]! + EMPTY_TRANSLATION;
      return { file: k, needle: '[3] 10.96.200.9;8080' };
    },
  },
  {
    name: 'hugepages missing (describe pod event)',
    id: 'pod-resources',
    severity: 'critical',
    plant: (f) => {
      const k = key(f, `${NODE_A}.describe-vpp-pod`);
      f[k] = f[k]! + HUGEPAGES_EVENT + '\n';
      return { file: k, needle: 'Insufficient hugepages-2Mi' };
    },
  },
  {
    name: 'hugepages missing (VPP says so)',
    id: 'vpp-hugepages',
    severity: 'warning',
    plant: (f) => {
      const k = key(f, `${NODE_A}.vpp.log`);
      f[k] = f[k]! + VPP_NO_HUGEPAGES + '\n';
      return { file: k, needle: 'non-hugepage' };
    },
  },
  {
    name: 'no core pattern',
    id: 'no-core-pattern',
    severity: 'info',
    plant: (f) => {
      const k = Object.keys(f).find((x) => /calico-vpp-config\.configmap\.yaml$|calico-vpp-node\.daemonset\.yaml$/.test(x) && f[x]!.includes('kind: ConfigMap'))!;
      f[k] = vppConfigMap({ corePattern: false });
      return { file: k, needle: 'CALICOVPP_INITIAL_CONFIG' };
    },
  },
];

for (const layout of ['bash', 'go'] as Layout[]) {
  describe(`planted faults, ${layout} export`, () => {
    let baseline: Check[] = [];
    test('the healthy bundle has no critical check and only known warnings', async () => {
      baseline = runChecks(await packAndOpen(exportFiles({ layout })));
      assert.deepEqual(baseline.filter((c) => c.severity === 'critical'), []);
      assert.deepEqual([...new Set(baseline.filter((c) => c.severity === 'warning').map((c) => c.id))], ['error-counter']);
    });
    for (const p of PLANTS) {
      test(`${p.name} → ${p.id}`, async () => {
        const files = exportFiles({ layout });
        const at = p.plant(files);
        const checks = runChecks(await packAndOpen(files));
        const base = new Set(baseline.map(sig));
        const added = checks.filter((c) => !base.has(sig(c)));
        assert.deepEqual(added.map((c) => c.id), [p.id], added.map((c) => `${c.id}: ${c.message}`).join('\n'));
        const c = added[0]!;
        assert.equal(c.severity, p.severity);
        assert.ok(c.explanation.length > 40 && c.next.length > 5);
        const ev = c.evidence[0]!;
        assert.equal(ev.file, at.file);
        if (p.id !== 'no-core-pattern') assert.equal(ev.line, lineOf(files[at.file]!, at.needle), `${c.id} evidence ${ev.file}:${ev.line}`);
        else assert.equal(ev.line, lineOf(files[at.file]!, at.needle));
      });
    }
  });
}

describe('other checks', () => {
  test('overloaded workers (the CSIT ACL run at ~250 vectors/call)', () => {
    const files = exportFiles({ layout: 'bash' });
    const b = openBundle(
      Object.entries(files)
        .filter(([k]) => !k.endsWith(`${NODE_A}.show-run`))
        .map(([path, t]) => ({ path, bytes: new TextEncoder().encode(t) }))
        .concat([
          { path: `export/${NODE_A}.show-run`, bytes: new TextEncoder().encode(corpus('show-run/csit-vpp1907-show-run-acl-stateless-overflowing-node-names.txt')) },
        ]),
    );
    const w = runChecks(b).filter((c) => c.id === 'worker-overloaded');
    assert.equal(w.length, 1);
    assert.match(w[0]!.message, /thread 1 \(vpp_wk_0\) processes 249\.11 vectors\/call/);
    assert.equal(w[0]!.evidence.length, 5);
  });
  test('rx-miss and tx-errors from interface counters and hardware stats', () => {
    const files = exportFiles({ layout: 'bash' });
    const k = key(files, `${NODE_A}.show-int`);
    files[k] = files[k]!.replace(/^(host-eth0 .*\n(?: {68}.*\n)*)/m, (m) => m + ' '.repeat(68) + 'rx-miss'.padEnd(16) + '1234'.padStart(16) + '\n' + ' '.repeat(68) + 'tx-error'.padEnd(16) + '7'.padStart(16) + '\n');
    const b = openBundle(Object.entries(files).map(([path, t]) => ({ path, bytes: new TextEncoder().encode(t) })));
    const ids = runChecks(b).filter((c) => c.id === 'rx-miss' || c.id === 'tx-errors');
    assert.deepEqual(ids.map((c) => [c.id, c.evidence[0]!.line]), [['rx-miss', lineOf(files[k]!, 'rx-miss')], ['tx-errors', lineOf(files[k]!, 'tx-error')]]);
  });
  test('the largest error counters are explained by meaning', async () => {
    const top = runChecks(await packAndOpen(exportFiles({ layout: 'bash' }))).filter((c) => c.id === 'error-counter' && c.node === NODE_A);
    assert.equal(top.length, 5);
    assert.deepEqual(top.map((c) => c.severity), ['warning', 'info', 'info', 'info', 'info']);
    assert.match(top.find((c) => /input ACL misses/.test(c.message))!.explanation, /not a drop/);
    assert.match(top.find((c) => /Packets punted/.test(c.message))!.explanation, /Punt/);
  });
  test('a command that failed at export time is reported, with the VPP ≥ 26.06 cnat hint', () => {
    const files = exportFiles({ layout: 'go' });
    const k = key(files, `${NODE_A}.show-cnat-session`);
    files[k] = "show cnat session: unknown input 'verbose'\n[calicovppctl] command failed: exit status 1\n";
    const b = openBundle(Object.entries(files).map(([path, t]) => ({ path, bytes: new TextEncoder().encode(t) })));
    const c = runChecks(b).filter((x) => x.id === 'export-command-failed');
    assert.equal(c.length, 1);
    assert.match(c[0]!.explanation, /verbose 1/);
    assert.deepEqual([c[0]!.evidence[0]!.file, c[0]!.evidence[0]!.line], [k, 1]);
  });
});
