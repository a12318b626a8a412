// Opening a simulated bundle with the project's bundle reader gives the scenario's topology truth,
// and each planted fault is found by the health check meant for it, with evidence that shows it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { runChecks, type Check } from '../../../src/core/analysis/checks';
import { buildTopology } from '../../../src/core/analysis/topology';
import { openBundle, type Bundle } from '../../../src/core/bundle';
import { bundleTar, getScenario, gzip, ORPHAN_SERVICE, scenarios, type BundleFault, type Scenario } from '../../../src/core/scenarios';

const inflate = (b: Uint8Array, o?: { maxOutputBytes?: number }) => new Uint8Array(gunzipSync(b, { maxOutputLength: o?.maxOutputBytes }));
const dec = new TextDecoder();

function open(s: Scenario, layout: 'bash' | 'go', faults: BundleFault[] = []): Bundle {
  return openBundle(gzip(bundleTar(s.render.bundle({ layout, faults }))), { inflate: inflate as never, name: 'export.tar.gz' });
}

describe('opening each scenario\'s bundle gives its topology', () => {
  for (const s of scenarios) {
    for (const layout of ['bash', 'go'] as const) {
      test(`${s.name} (${layout})`, () => {
        const t = buildTopology(open(s, layout), { inflate: inflate as never });
        const truth = s.topology;
        assert.deepEqual(t.nodes.map((n) => n.name), truth.nodes.map((n) => n.name));
        for (const n of truth.nodes) {
          const got = t.nodes.find((x) => x.name === n.name)!;
          assert.deepEqual(got.uplinks.map((u) => ({ interface: u.interface, driver: u.driver })), [{ interface: n.uplink.interface, driver: n.uplink.driver }], `${n.name}: uplink`);
          assert.equal(got.hostTap?.interface, n.tap, `${n.name}: host tap`);
          assert.equal(got.internalIp, n.ip);
          assert.deepEqual(
            got.tuns.map((x) => ({ interface: x.interface, swIfIndex: x.swIfIndex, pod: x.pod })),
            n.tuns.map((x) => ({ interface: x.interface, swIfIndex: x.swIfIndex, pod: x.pod })),
            `${n.name}: tun → pod`,
          );
          assert.ok(got.tuns.every((x) => x.confidence === 'high'), `${n.name}: every tun mapping has direct evidence`);
          // Only the Go tool collects `show ipip tunnel` / `show vxlan tunnel`.
          const tunnels = layout === 'go' ? n.tunnels.map((x) => ({ kind: x.kind, interface: x.interface, peerNode: x.peer })) : [];
          assert.deepEqual(got.tunnels.map((x) => ({ kind: x.kind, interface: x.interface, peerNode: x.peerNode })), tunnels, `${n.name}: tunnels`);
        }
        const key = (x: { vip: string; port: number | null; protocol: string | null }) => `${x.vip};${x.port};${x.protocol}`;
        const got = new Map(t.services.map((x) => [key(x), x.backends.map((b) => `${b.address}:${b.port}`).sort()]));
        const want = new Map(truth.services.map((x) => [key(x), x.backends.map((b) => `${b.ip}:${b.port}`).sort()]));
        assert.deepEqual([...got.entries()].sort(), [...want.entries()].sort(), 'services and their backends');
        for (const x of truth.services.filter((y) => y.vip.startsWith('10.96.'))) assert.equal(t.services.find((y) => y.vip === x.vip)?.name, x.name, `${x.vip} named from get-services`);
      });
    }
  }
});

// ---- planted faults -----------------------------------------------------------------------

function fileLine(b: Bundle, file: string | null, line: number | null): string {
  const f = b.files.find((x) => x.path === file);
  if (!f || line === null) return '';
  return dec.decode(f.bytes).split('\n')[line - 1] ?? '';
}

interface Case {
  fault: BundleFault;
  /** The check id per layout. */
  id: { bash: string; go: string };
  /** The evidence line (file line text) shows the fault. */
  shows: (line: string, file: string) => boolean;
}

const CASES: Case[] = [
  { fault: { kind: 'no-free-buffers', node: 'node-2' }, id: { bash: 'buffers-exhausted', go: 'buffers-exhausted' }, shows: (l, f) => f.endsWith('node-2.show-buffers') && l.slice(55, 63).trim() === '0' && l.startsWith('default-numa-0') },
  { fault: { kind: 'interface-down', node: 'node-1', interface: 'tun2' }, id: { bash: 'interface-down', go: 'interface-down' }, shows: (l, f) => f.endsWith('node-1.show-int') && /^tun2\s+\d+\s+down\s/.test(l) },
  // The Go tool prints the pod phase (Running) and the restart count, not kubectl's CrashLoopBackOff.
  { fault: { kind: 'pod-crashloop', pod: 'default/web-2' }, id: { bash: 'pod-crashloop', go: 'pod-restarts' }, shows: (l, f) => f.endsWith('get-pods') && /\bweb-2\b/.test(l) && (/CrashLoopBackOff/.test(l) || /\t7\t/.test(l)) },
  { fault: { kind: 'bgp-port-in-use', node: 'node-2' }, id: { bash: 'agent-bgp-port-in-use', go: 'agent-bgp-port-in-use' }, shows: (l, f) => f.endsWith('node-2.agent.log') && /address already in use/.test(l) && /:179\b/.test(l) },
  { fault: { kind: 'service-no-backends' }, id: { bash: 'service-no-backends', go: 'service-no-backends' }, shows: (l, f) => f.endsWith('.show-cnat-translation') && l.startsWith('[') && l.includes(`${ORPHAN_SERVICE.clusterIP};${ORPHAN_SERVICE.port} TCP`) },
  { fault: { kind: 'no-core-pattern' }, id: { bash: 'no-core-pattern', go: 'no-core-pattern' }, shows: (l, f) => /calico-vpp-(?:node\.daemonset|config\.configmap)\.yaml$/.test(f) && /CALICOVPP_INITIAL_CONFIG/.test(l) },
];

describe('each planted fault is found by exactly the right check', () => {
  const s = getScenario('sample')!;
  for (const layout of ['bash', 'go'] as const) {
    const clean = runChecks(open(s, layout), { inflate: inflate as never });
    const ids = (cs: Check[]) => new Set(cs.map((c) => c.id));
    test(`${layout}: the clean bundle raises no problem check`, () => {
      assert.deepEqual(clean.filter((c) => c.id !== 'error-counter').map((c) => `${c.id}: ${c.message}`), []);
    });
    for (const c of CASES) {
      test(`${layout}: ${c.fault.kind}`, () => {
        const b = open(s, layout, [c.fault]);
        const checks = runChecks(b, { inflate: inflate as never });
        const added = [...ids(checks)].filter((id) => !ids(clean).has(id));
        assert.deepEqual(added, [c.id[layout]], 'the fault adds exactly its check');
        for (const k of checks.filter((x) => x.id === c.id[layout])) {
          const shown = k.evidence.filter((e) => c.shows(fileLine(b, e.file, e.line), e.file ?? ''));
          assert.ok(shown.length > 0, `evidence shows the fault: ${JSON.stringify(k.evidence)}`);
        }
      });
    }
  }
});
