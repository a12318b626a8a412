// The embedded sample: the simulator's `sample` scenario (a two-node Calico VPP cluster) as an export
// bundle would hold it — per node `show trace`, the `show` outputs calicovppctl export collects (from
// the simulator's vppctl engine) and a dispatch capture — opened through the same path as a real
// bundle. The topology comes from the scenario's cluster (pod names included), and the first packet
// shown is a walkthrough picked from the scenario's ground truth.
import type { RawEntry } from '../../core/bundle/types';
import { getScenario, type Scenario } from '../../core/scenarios';
import { scenarioSchematic } from '../../core/training/cluster';
import { ScenarioVppEngine, type VppFileSystem } from '../../core/scenarios/vppctl';
import { finish, now, OpenError, partsFromEntries, type ProgressFn } from './load';
import type { Session, SessionParts } from './session';

/** What `calicovppctl export` collects per node (bash export names: `<node>.<suffix>`). */
const EXPORT_COMMANDS: [string, string][] = [
  ['hardware-interfaces', 'show hardware-interfaces'],
  ['show-run', 'show runtime'],
  ['show-err', 'show errors'],
  ['show-log', 'show logging'],
  ['show-buffers', 'show buffers'],
  ['show-int', 'show interface'],
  ['show-int-rx', 'show interface rx'],
  ['show-tun', 'show tun'],
  ['show-cnat-translation', 'show cnat translation'],
  ['show-cnat-session', 'show cnat session verbose'],
  ['show-cnat-snat', 'show cnat snat'],
  // `show npol …`: left out until the simulator's placeholder output is what the npol parser reads.
  ['show-ipip-tunnel', 'show ipip tunnel'],
];

function memoryFiles(): VppFileSystem {
  const m = new Map<string, Uint8Array>();
  return { read: (p) => m.get(p), write: (p, d) => void m.set(p, d), remove: (p) => m.delete(p), list: () => [...m.keys()].sort() };
}

/** The sample as bundle entries: per node the trace, the export's `show` outputs and a dispatch capture. */
export function sampleEntries(s: Scenario): RawEntry[] {
  const enc = new TextEncoder();
  const out: RawEntry[] = [];
  for (const node of s.nodes) {
    const engine = new ScenarioVppEngine(s, node);
    const ctx = { files: memoryFiles(), nowMs: 0, node };
    for (const [suffix, cmd] of EXPORT_COMMANDS) out.push({ path: `sample/${node}.${suffix}`, bytes: enc.encode(engine.exec(cmd, ctx).output) });
    out.push({ path: `sample/trace_${node}.txt`, bytes: enc.encode(s.render.showTrace(node)) });
    engine.exec(`pcap dispatch trace on max 10000 file dispatch_${node}.pcap buffer-trace virtio-input 1000`, ctx);
    engine.exec('pcap dispatch trace off', ctx);
    const pcap = ctx.files.read(`/tmp/dispatch_${node}.pcap`);
    if (pcap) out.push({ path: `sample/dispatch_${node}.pcap`, bytes: pcap });
  }
  return out;
}

/** Which packet the walkthrough starts on: a Service packet (NAT across nodes) when there is one. */
function walkthrough(s: Scenario, parts: SessionParts): { row: number | null; guide: string } {
  const order = ['client-to-web-svc', 'client-to-web-2', 'client-to-db-denied'];
  for (const flowId of order) {
    const t = s.truth.find((p) => p.flowId === flowId && p.direction === 'request');
    if (!t) continue;
    const row = parts.journeys.findIndex((j, i) => j.source === 'trace' && parts.nodeOf[i] === t.node && j.thread === t.thread && j.number === t.packetNumber);
    if (row < 0) continue;
    const spec = s.spec.flows.find((f) => f.id === flowId);
    return { row, guide: `Sample walkthrough (simulated cluster): ${spec?.description ?? flowId}.` };
  }
  return { row: parts.journeys.length ? 0 : null, guide: 'Sample walkthrough (simulated cluster).' };
}

export async function sampleSession(progress: ProgressFn): Promise<Session> {
  const t0 = now();
  const s = getScenario('sample');
  if (!s) throw new OpenError('the sample scenario is missing from this build');
  const parts = await partsFromEntries(s.title, sampleEntries(s), progress);
  const built = new Map((parts.topology?.nodes ?? []).map((n) => [n.name, n]));
  parts.topology = scenarioSchematic(s, {
    facts: (n) => built.get(n)?.interfaces ?? {},
    findings: (n) => built.get(n)?.findings ?? [],
  });
  parts.sample = true;
  parts.title = `${s.title} — simulated Calico VPP cluster`;
  const w = walkthrough(s, parts);
  parts.highlight = w.row;
  parts.guide = w.guide;
  return finish(parts, t0);
}
