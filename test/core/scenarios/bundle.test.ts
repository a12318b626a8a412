// Bundles of the simulator: both export layouts with the names the tools write, the archive read by
// the real tar and gzip, every vppctl output line in a real (corpus) shape, the project's parsers
// reading every file, the kubectl layout against the real kubectl, and the cross-file consistency.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync, gunzipSync } from 'node:zlib';
import { openBundle } from '../../../src/core/bundle';
import { parseFile } from '../../../src/core/bundle/state';
import { bundleTar, getScenario, gzip, sampleBundle, scenarios, type RenderedBundle, type Scenario } from '../../../src/core/scenarios';
import { tabwriter } from '../../../src/core/scenarios/bundle/k8s';
import { BUNDLE_ALLOWLIST } from './bundle-shape-allowlist';
import { ALLOWLIST } from './shape-allowlist';
import { corpusFiles, corpusRoot, namesIn, ShapeAbstractor } from './shapes';

const inflate = (b: Uint8Array, o?: { maxOutputBytes?: number }) => new Uint8Array(gunzipSync(b, { maxOutputLength: o?.maxOutputBytes }));
const dec = new TextDecoder();
const text = (b: RenderedBundle, suffix: string): string => {
  const f = b.files.find((x) => x.path.endsWith(suffix));
  assert.ok(f, `bundle has a file ending in ${suffix}`);
  return dec.decode(f.data);
};
const dir = mkdtempSync(path.join(tmpdir(), 'sim-bundle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// File names as the two tools write them (projectcalico/vpp-dataplane test/scripts/vppdev.sh
// vppdev_cli_export; cmd/calicovppctl/main.go exportData + collectKubernetesData).
const BASH_CLUSTER = ['kubectl-version', 'kubelet-journal', 'get-pods', 'get-services', 'get-nodes', 'installation.yaml', 'cni-config.configmap.yaml', 'calico-vpp-node.daemonset.yaml', 'operator.log'];
const GO_CLUSTER = ['kubectl-version', 'get-pods', 'get-services', 'get-nodes', 'installation.yaml', 'cni-config.configmap.yaml', 'calico-vpp-node.daemonset.yaml', 'calico-vpp-config.configmap.yaml', 'operator.log'];
const NODE = ['hardware-interfaces', 'show-run', 'show-err', 'show-log', 'show-buffers', 'show-int', 'show-int-rx', 'show-tun', 'describe-calico-node-pod', 'calico-node.log', 'describe-vpp-pod', 'vpp.log', 'agent.log', 'show-cnat-client', 'show-cnat-translation', 'show-cnat-session', 'show-cnat-timestamp', 'show-cnat-snat', 'show-npol-interfaces', 'show-npol-policies', 'show-npol-rules', 'show-npol-ipsets'];
const GO_NODE = ['show-ipip-tunnel', 'show-vxlan-tunnel'];
const EXTRAS = ['show-int-addr', 'show-ip-fib'];

describe('bundle layouts', () => {
  for (const layout of ['bash', 'go'] as const) {
    test(`${layout}: the tools' file names, nothing else`, () => {
      const s = getScenario('sample')!;
      const b = s.render.bundle({ layout, captures: false, extras: false });
      const root = layout === 'bash' ? 'export/' : /^calico-vpp-export-\d+\//.exec(b.files[0]!.path)?.[0];
      assert.ok(root, 'one root directory');
      const pre = layout === 'go' ? /^\d{8}-\d{6}-/.exec(b.files[0]!.path.slice(root.length))?.[0] ?? 'no stamp' : '';
      const expected = [...(layout === 'bash' ? BASH_CLUSTER : GO_CLUSTER), ...s.nodes.flatMap((n) => [...NODE, ...(layout === 'go' ? GO_NODE : [])].map((x) => `${n}.${x}`))].map((x) => `${root}${pre}${x}`).sort();
      assert.deepEqual(b.files.map((f) => f.path).sort(), expected);
    });

    test(`${layout}: written by our tar + gzip, read back by the real tar and by openBundle`, { skip: spawnSync('tar', ['--version']).status === 0 ? false : 'tar is not installed' }, () => {
      const s = getScenario('sample')!;
      const b = s.render.bundle({ layout, deflate: (x) => deflateRawSync(x) });
      const archive = path.join(dir, `${layout}.tar.gz`);
      writeFileSync(archive, gzip(bundleTar(b), (x) => deflateRawSync(x)));
      const out = path.join(dir, `${layout}-x`);
      spawnSync('mkdir', ['-p', out]);
      const x = spawnSync('tar', ['-xzf', archive, '-C', out], { encoding: 'utf8' });
      assert.equal(x.status, 0, x.stderr);
      for (const f of b.files) assert.deepEqual(new Uint8Array(readFileSync(path.join(out, f.path))), f.data, f.path);
      const z = spawnSync('gzip', ['-t', path.join(out, b.files.find((f) => f.path.endsWith('trace.txt.gz'))!.path)]);
      assert.equal(z.status, 0, 'captures are valid gzip');
      const opened = openBundle(new Uint8Array(readFileSync(archive)), { inflate: inflate as never, name: 'export.tar.gz' });
      assert.equal(opened.layout, layout);
      assert.deepEqual(opened.nodes.map((n) => n.name), s.nodes);
      assert.deepEqual(opened.files.filter((f) => f.kind === 'unknown').map((f) => f.path), []);
      assert.deepEqual(opened.warnings.map((w) => `${w.input}: ${w.message}`), []);
      for (const n of s.nodes) {
        const kinds = opened.nodes.find((x) => x.name === n)!.files.map((f) => f.kind);
        for (const k of ['trace', 'dispatch-pcap', 'pcap', 'show-int', 'show-tun', 'cnat-translation', 'npol-interfaces']) assert.ok(kinds.includes(k as never), `${n}: ${k}`);
      }
    });
  }

  test('the bash export overwrites the DaemonSet file with the calico-vpp-config ConfigMap (vppdev.sh)', () => {
    const b = getScenario('sample')!.render.bundle({ layout: 'bash' });
    const ds = text(b, 'calico-vpp-node.daemonset.yaml');
    assert.match(ds, /^kind: ConfigMap$/m);
    assert.match(ds, /CALICOVPP_INTERFACES/);
    const go = getScenario('sample')!.render.bundle({ layout: 'go' });
    assert.match(text(go, 'calico-vpp-node.daemonset.yaml'), /image: docker\.io\/calicovpp\/vpp:v3\.31\.0/);
    assert.doesNotMatch(text(go, 'calico-vpp-node.daemonset.yaml'), /^kind:/m, 'typed client objects carry no TypeMeta');
  });

  test('the embedded sample is the sample scenario in the bash layout', () => {
    const b = sampleBundle();
    assert.equal(b.layout, 'bash');
    assert.deepEqual(b.files.map((f) => f.path), getScenario('sample')!.render.bundle({ layout: 'bash' }).files.map((f) => f.path));
  });

  test('bundles are deterministic (same scenario, same bytes)', () => {
    const a = getScenario('pod-to-service')!.render.bundle({ layout: 'go' });
    const b = getScenario('pod-to-service')!.render.bundle({ layout: 'go' });
    assert.deepEqual(a.files.map((f) => [f.path, f.data.length]), b.files.map((f) => [f.path, f.data.length]));
    for (let i = 0; i < a.files.length; i++) assert.deepEqual(a.files[i]!.data, b.files[i]!.data, a.files[i]!.path);
  });
});

// ---- every vppctl output line has a real shape ----------------------------------------------

const VPP_FILES = /\.(hardware-interfaces|show-[a-z-]+)$/;
const skipCorpus = existsSync(corpusRoot) ? false : `corpus not found at ${corpusRoot}`;

describe('every line of every vppctl output in the bundles has a real shape', { skip: skipCorpus }, () => {
  const corpus = skipCorpus ? [] : corpusFiles().map((f) => readFileSync(f, 'utf8'));
  const outputs: { where: string; text: string }[] = [];
  const names = new Set<string>();
  for (const s of scenarios) {
    for (const layout of ['bash', 'go'] as const) {
      for (const f of s.render.bundle({ layout, captures: false }).files) if (VPP_FILES.test(f.path)) outputs.push({ where: `${s.name} ${layout} ${f.path}`, text: dec.decode(f.data) });
    }
    for (const n of s.nodes) {
      names.add(n);
      for (const i of s.interfaces(n).values()) for (const x of [i, `${i}-output`, `${i}-tx`]) names.add(x);
      for (const m of s.render.showTrace(n).matchAll(/^\d{2}:\d{2}:\d{2}:\d{6}: (\S+)$/gm)) names.add(m[1]!);
      for (const m of (s.render.show(n, 'show ip fib') ?? '').matchAll(/^(\S+), fib_index:/gm)) names.add(m[1]!);
      for (const m of (s.render.show(n, 'show run') ?? '').matchAll(/^(\S+-input) /gm)) names.add(m[1]!);
    }
  }
  for (let t = 0; t < 8; t++) names.add(`vpp_wk_${t}`);
  names.add('vpp_main');
  // Graph nodes named by `show errors` rows of the corpus.
  for (const t of corpus) for (const m of t.matchAll(/^\s*\d+\s+(\S+-\S+)\s{2,}/gm)) names.add(m[1]!);
  // Names found where VPP prints them, in the corpus only (npol's `rx:[rule…]` would read as `rx:<if>`).
  for (const t of corpus) for (const n of namesIn(t)) names.add(n);
  const abstractor = new ShapeAbstractor(names);
  const known = new Set<string>();
  for (const t of corpus) for (const l of t.split('\n')) known.add(abstractor.shape(l));
  const allowed = new Set<string>([...BUNDLE_ALLOWLIST, ...ALLOWLIST].flatMap((e) => e.shapes));

  test('no line of an unknown shape', () => {
    const unknown = new Map<string, string>();
    for (const o of outputs) for (const line of o.text.split('\n')) {
      const s = abstractor.shape(line);
      if (!known.has(s) && !allowed.has(s) && !unknown.has(s)) unknown.set(s, `${o.where}: ${JSON.stringify(line)}`);
    }
    assert.deepEqual([...unknown.entries()].map(([s, at]) => `${s}    (${at})`), []);
  });

  test('every bundle allowlist entry is written, names its function, and is not in the corpus', () => {
    const written = new Set<string>();
    for (const o of outputs) for (const line of o.text.split('\n')) written.add(abstractor.shape(line));
    const stale: string[] = [];
    for (const e of BUNDLE_ALLOWLIST) {
      assert.ok(e.fn && e.file && e.why, 'each entry names a function, a file and a reason');
      for (const s of e.shapes) {
        if (!written.has(s)) stale.push(`allowlisted but never written: ${s} (${e.fn})`);
        if (known.has(s)) stale.push(`allowlisted but already in the corpus: ${s} (${e.fn})`);
      }
    }
    assert.deepEqual(stale, []);
  });

  test('most simulated shapes are real ones', () => {
    const simulated = new Set(outputs.flatMap((o) => o.text.split('\n').map((l) => abstractor.shape(l))));
    const inCorpus = [...simulated].filter((s) => known.has(s)).length;
    assert.ok(inCorpus >= 60, `${inCorpus} of ${simulated.size} shapes are in the corpus`);
  });
});

// ---- the project's parsers read every file --------------------------------------------------

describe('the project parsers read every file of the bundles without a diagnostic', () => {
  for (const layout of ['bash', 'go'] as const) {
    test(layout, () => {
      const problems: string[] = [];
      for (const s of scenarios) {
        const b = openBundle(gzip(bundleTar(s.render.bundle({ layout }))), { inflate: inflate as never, name: 'export.tar.gz' });
        for (const f of b.files) {
          const p = parseFile(f, inflate as never);
          if (!p) continue;
          for (const d of p.diagnostics) problems.push(`${s.name} ${f.path}:${d.line}: ${d.message}`);
          if (p.failure) problems.push(`${s.name} ${f.path}: read as a failed command: ${p.failure.message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  // Once parser gaps (src/core/vpp-state): `show cnat client` ends with `%d clients`
  // (cnat_client_show); the Go tool's sigs.k8s.io/yaml of typed client objects has no
  // apiVersion/kind (empty TypeMeta), so its DaemonSet and cni-config are known by their shape.
  test('the `N clients` line and Go-layout manifests without TypeMeta are read', () => {
    const b = openBundle(gzip(bundleTar(getScenario('sample')!.render.bundle({ layout: 'go' }))), { inflate: inflate as never, name: 'export.tar.gz' });
    const d = b.files.flatMap((f) => parseFile(f, inflate as never)?.diagnostics ?? []);
    assert.deepEqual(d.map((x) => x.message), []);
    const parsed = (re: RegExp) => {
      const f = b.files.find((x) => re.test(x.path));
      assert.ok(f, `a file matching ${re}`);
      return parseFile(f, inflate as never)!.data as Record<string, unknown> | null;
    };
    const ds = parsed(/calico-vpp-node\.daemonset\.yaml$/) as { name: string; containers: { name: string }[] } | null;
    assert.equal(ds?.name, 'calico-vpp-node');
    assert.ok((ds?.containers.length ?? 0) > 0, 'the DaemonSet has its containers');
    const cni = parsed(/cni-config\.configmap\.yaml$/) as { name: string; data: Record<string, string> } | null;
    assert.equal(cni?.name, 'cni-config');
    assert.ok('config' in (cni?.data ?? {}));
    const clients = parsed(/node-1\.show-cnat-client$/) as { clients: unknown[]; total: number | null };
    assert.equal(clients.total, clients.clients.length, '`N clients` counts the listed clients');
  });
});

// ---- kubectl layout against the real kubectl ---------------------------------------------------

describe('kubectl tables', () => {
  test('get-pods / get-services / get-nodes: kubectl -o wide columns (bash) and calicovppctl TSV (go)', () => {
    const s = getScenario('sample')!;
    const bash = s.render.bundle({ layout: 'bash' });
    const go = s.render.bundle({ layout: 'go' });
    const heads = {
      'get-pods': 'NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES',
      'get-services': 'NAMESPACE NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR',
      'get-nodes': 'NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME',
    };
    for (const [file, head] of Object.entries(heads)) {
      const t = text(bash, file).split('\n');
      assert.equal(t[0]!.split(/\s{3,}/).join(' '), head);
      const g = text(go, file).split('\n');
      assert.equal(g[0]!.split('\t').join(' '), head);
      // Column starts of the header are where every row's cells start.
      const starts = [...t[0]!.matchAll(/(?:^|\s{3})(\S)/g)].map((m) => m.index! + m[0].length - 1);
      for (const row of t.slice(1).filter(Boolean)) for (const at of starts) assert.ok(at === 0 || (row[at - 1] === ' ' && row[at] !== ' '), `${file}: a cell starts at column ${at}: ${row}`);
    }
    for (const p of s.spec.cluster.pods) assert.match(text(bash, 'get-pods'), new RegExp(`^${p.namespace}\\s+${p.name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${p.ip.replace(/\./g, '\\.')}\\s+${p.node}\\s`, 'm'));
  });
});

// ---- consistency across files --------------------------------------------------------------

function consistency(s: Scenario): string[] {
  const out: string[] = [];
  const b = s.render.bundle({ layout: 'go' });
  const pods = text(b, 'get-pods').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
  const services = text(b, 'get-services').split('\n').slice(1).filter(Boolean).map((l) => l.split('\t'));
  for (const node of s.nodes) {
    // show int: name → sw_if_index.
    const idx = new Map<string, number>();
    for (const l of text(b, `${node}.show-int`).split('\n').slice(1)) {
      const m = /^(\S+)\s+(\d+)\s+(up|down)\s/.exec(l);
      if (m) idx.set(m[1]!, Number(m[2]));
    }
    // Every tx_sw_if_index / interface named in the traces is the one show int gives.
    for (const m of s.render.showTrace(node).matchAll(/tx_sw_if_index (\d+) dpo-idx \d+ : ipv4 (?:\[features\] )?via \S+ (\S+):/g)) {
      if (idx.get(m[2]!) !== Number(m[1]) && !s.render.showTrace(node).includes('ip4-icmp-error')) out.push(`${node}: trace tx_sw_if_index ${m[1]} for ${m[2]}, show int says ${idx.get(m[2]!)}`);
    }
    // show tun: each tun's netns is the one the agent added a pod with; that pod's address is in get-pods on this node.
    const agent = text(b, `${node}.agent.log`);
    const tuns = [...text(b, `${node}.show-tun`).matchAll(/^Interface: (\S+) \(ifindex (\d+)\)\n  name "eth0"\n  host-ns "\/var\/run\/netns\/(cni-[0-9a-f-]+)"/gm)];
    const podTuns = s.topology.nodes.find((n) => n.name === node)!.tuns;
    if (tuns.length !== podTuns.length) out.push(`${node}: show tun lists ${tuns.length} tuns for ${podTuns.length} pods`);
    for (const [, tun, ifindex, netns] of tuns) {
      if (idx.get(tun!) !== Number(ifindex)) out.push(`${node}: show tun ${tun} ifindex ${ifindex} ≠ show int ${idx.get(tun!)}`);
      const add = new RegExp(`pod\\(add\\) spec=netns:/var/run/netns/${netns},if:eth0 \\[([\\d.]+)/32\\]`).exec(agent);
      const route = new RegExp(`route \\[podVRF ->MainIF\\] v4 ([\\d.]+)/32 -> \\[if:${ifindex}\\]`).exec(agent);
      if (!add || !route || add[1] !== route[1]) out.push(`${node}: ${tun}: agent log does not tie ${netns} to sw_if_index ${ifindex}`);
      else if (!pods.some((p) => p[6] === add[1] && p[7] === node)) out.push(`${node}: ${tun}: no pod with ${add[1]} on ${node} in get-pods`);
      // show int addr: the tun borrows the loopback holding the same pod address.
      const addr = new RegExp(`^${tun} \\(up\\): \\n  unnumbered, use (loop\\d+)\\n  L3 ([\\d.]+)/32`, 'm').exec(text(b, `${node}.show-int-addr`));
      if (!addr || addr[2] !== add?.[1]) out.push(`${node}: ${tun}: show int addr does not give the pod address`);
    }
    // cnat translations: every ClusterIP of get-services has a translation, backends = the service's pods.
    const tr = text(b, `${node}.show-cnat-translation`);
    for (const svc of services) {
      const [, name, , clusterIP, , ports] = svc;
      const port = ports!.split(/[:/]/)[0];
      const block = new RegExp(`^\\[\\d+\\] ${clusterIP!.replace(/\./g, '\\.')};${port} (TCP|UDP) [^\\n]*\\n((?:[^\\[][^\\n]*\\n)*)`, 'm').exec(tr);
      if (!block) {
        out.push(`${node}: no cnat translation for ${name} ${clusterIP}:${port}`);
        continue;
      }
      const backends = [...block[2]!.matchAll(/^::;0->([\d.]+);(\d+)$/gm)].map((m) => `${m[1]}:${m[2]}`).sort();
      const truth = s.topology.services.find((x) => x.vip === clusterIP);
      if (!truth || JSON.stringify(backends) !== JSON.stringify(truth.backends.map((x) => `${x.ip}:${x.port}`).sort())) out.push(`${node}: ${name}: backends ${backends} ≠ ${JSON.stringify(truth?.backends)}`);
    }
    // show run and show int rx name the same threads.
    const threads = [...text(b, `${node}.show-run`).matchAll(/^Thread (\d+) (\S+) /gm)].map((m) => `${m[1]} ${m[2]}`);
    for (const m of text(b, `${node}.show-int-rx`).matchAll(/^Thread (\d+) \((\S+)\):/gm)) if (!threads.includes(`${m[1]} ${m[2]}`)) out.push(`${node}: show int rx thread ${m[1]} ${m[2]} not in show run`);
  }
  return out;
}

describe('files of a bundle agree with each other and with the scenario', () => {
  for (const s of scenarios) test(s.name, () => assert.deepEqual(consistency(s), []));
});

test('kubectl\'s own layout: our tabwriter re-renders real kubectl tables byte for byte', { skip: spawnSync('kubectl', ['version', '--client']).status === 0 ? false : 'kubectl is not installed' }, async () => {
  const { startFixture, noOpenssl, kubectl } = await import('../../support/test-cluster/index');
  if (noOpenssl) return;
  const s = getScenario('sample')!;
  const f = await startFixture({ nodes: s.spec.cluster.nodes.map((n) => ({ name: n.name, internalIP: n.ip })), pods: s.spec.cluster.pods.map((p) => ({ namespace: p.namespace, name: p.name, nodeName: p.node, podIP: p.ip, containers: [{ name: 'main' }] })) });
  try {
    for (const args of [['get', 'pods', '-o', 'wide', '-A'], ['get', 'nodes', '-o', 'wide'], ['get', 'pods', '-A']]) {
      const r = await kubectl(f, args);
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s{3,}/));
      assert.equal(tabwriter(rows), r.stdout, `kubectl ${args.join(' ')}`);
    }
  } finally {
    await f.stop();
  }
});
