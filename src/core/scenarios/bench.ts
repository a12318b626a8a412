// A large, realistic `show trace` for benchmarks: one node of a busy two-node cluster, with every
// kind of path the simulator knows, mixed at random (seeded). Built in batches: records are
// rendered and dropped as they are produced, so memory stays near the size of the text.
import { Simulator } from './engine';
import type { ClusterSpec, FlowSpec, PodSpec, ScenarioSpec } from './model';
import { Prng } from './prng';
import { recordsByThread, renderRecord, threadBanner } from './render';

export interface BenchTraceOptions {
  /** Packet records in the output (`Packet N` entries, all threads together). */
  packets: number;
  seed: number;
}

const PODS_PER_NODE = 12;

function benchCluster(): ClusterSpec {
  const pods: PodSpec[] = [];
  for (let n = 1; n <= 2; n++) {
    for (let i = 0; i < PODS_PER_NODE; i++) {
      const base = n === 1 ? '10.244.36.' : '10.244.71.';
      const first = n === 1 ? 130 : 66;
      pods.push({ namespace: i % 3 === 0 ? 'shop' : 'default', name: `app-${n}-${i}`, node: `node-${n}`, ip: `${base}${first + i}`, tun: `tun${i + 1}`, swIfIndex: 4 + i });
    }
  }
  const key = (p: PodSpec): string => `${p.namespace}/${p.name}`;
  const onNode = (n: number): PodSpec[] => pods.filter((p) => p.node === `node-${n}`);
  return {
    nodes: [
      { name: 'node-1', ip: '172.18.0.11', podCidr: '10.244.36.128/26', uplink: { interface: 'host-eth0', driver: 'af_packet', swIfIndex: 1 }, vppVersion: '25.10', workers: 2, uptimeSeconds: 6 * 3600 },
      { name: 'node-2', ip: '172.18.0.12', podCidr: '10.244.71.64/26', uplink: { interface: 'GigabitEthernet0/9/0', driver: 'dpdk', swIfIndex: 1 }, vppVersion: '25.10', workers: 2, uptimeSeconds: 2 * 3600 },
    ],
    pods,
    services: [
      { namespace: 'shop', name: 'frontend', clusterIP: '10.96.14.3', port: 80, protocol: 'TCP', targetPort: 8080, backends: [...onNode(1).slice(0, 3), ...onNode(2).slice(0, 3)].map(key), nodePort: 30080 },
      { namespace: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', port: 53, protocol: 'UDP', targetPort: 53, backends: onNode(2).slice(3, 5).map(key) },
    ],
    policies: [
      { pod: key(onNode(1)[8] as PodSpec), direction: 'ingress', action: 'deny', protocol: 'TCP', port: 5432 },
      { pod: key(onNode(1)[7] as PodSpec), direction: 'egress', action: 'deny', protocol: 'TCP', port: 443 },
    ],
    encapsulation: 'ipip',
  };
}

type Maker = (id: string, rnd: Prng, c: ClusterSpec) => FlowSpec;

const pick = (rnd: Prng, pods: PodSpec[], node: string): string => {
  const p = rnd.pick(pods.filter((x) => x.node === node));
  return `${p.namespace}/${p.name}`;
};

/** Flow kinds and their weights (a busy node: mostly pod and service traffic, some drops). */
const MIX: [number, Maker][] = [
  [24, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { pod: pick(r, c.pods, 'node-1') }, protocol: 'TCP', dstPort: 8080, packets: r.int(1, 3), reply: true })],
  [24, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { pod: pick(r, c.pods, 'node-2') }, protocol: r.pick(['TCP', 'UDP'] as const), dstPort: 8080, packets: r.int(1, 3), reply: true })],
  [16, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { service: 'shop/frontend' }, protocol: 'TCP', packets: r.int(1, 3), reply: true })],
  [12, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { service: 'kube-system/kube-dns' }, protocol: 'UDP', packets: 1, reply: true })],
  [6, (id, r) => ({ id, from: { external: `198.51.100.${r.int(2, 250)}`, via: 'node-1' }, to: { nodePort: 'shop/frontend', node: 'node-1' }, protocol: 'TCP', packets: r.int(1, 2), reply: true })],
  [5, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { host: 'node-1' }, protocol: 'TCP', dstPort: 10250, packets: 1 })],
  [5, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { external: `93.184.${r.int(0, 255)}.${r.int(1, 254)}` }, protocol: 'TCP', dstPort: 443, packets: 1, reply: true })],
  [3, (id, r) => ({ id, from: { pod: 'default/app-1-7' }, to: { external: `93.184.${r.int(0, 255)}.${r.int(1, 254)}` }, protocol: 'TCP', dstPort: 443, packets: 1 })],
  [2, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { external: `10.244.36.${r.int(170, 190)}` }, protocol: 'UDP', dstPort: 9000, packets: 1 })],
  [2, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { pod: pick(r, c.pods, 'node-1') }, protocol: 'UDP', dstPort: 7000, ttl: 1, packets: 1 })],
  [1, (id, r, c) => ({ id, from: { pod: pick(r, c.pods, 'node-1') }, to: { pod: pick(r, c.pods, 'node-1') }, protocol: 'ICMP', packets: 1, reply: true })],
];

function chooseMaker(r: Prng): Maker {
  const total = MIX.reduce((s, [w]) => s + w, 0);
  let x = r.int(0, total - 1);
  for (const [w, m] of MIX) {
    if (x < w) return m;
    x -= w;
  }
  return (MIX[0] as [number, Maker])[1];
}

/**
 * `show trace max <n>` of node-1 holding `packets` records. Deterministic for a seed; about 2 KB of
 * text per packet record.
 */
export function generateBenchTrace(opts: BenchTraceOptions): string {
  const clusterSpec = benchCluster();
  const spec: ScenarioSpec = { name: 'bench', title: 'bench', description: 'benchmark mix', cluster: clusterSpec, flows: [], seed: opts.seed };
  const sim = new Simulator(spec, { snapshots: false });
  const rnd = new Prng(opts.seed ^ 0x5bd1e995);
  const node = sim.cluster.node('node-1');
  const perThread: string[][] = node.threadNames.map(() => []);
  const numbers = node.threadNames.map(() => 0);
  let emitted = 0;
  let t = 1000;
  let flowNo = 0;
  while (emitted < opts.packets) {
    // One batch: a few hundred flows, rendered and dropped before the next one starts.
    let end = t;
    let seen = 0;
    let onNode = 0;
    for (let f = 0; f < 16 && emitted + onNode < opts.packets; f++) {
      const flow = chooseMaker(rnd)(`f${flowNo++}`, rnd, clusterSpec);
      sim.runFlow(flow, t);
      t += rnd.int(150, 700);
      for (; seen < sim.records.length; seen++) {
        const r = sim.records[seen];
        if (!r) continue;
        if (r.node === node) onNode++;
        const last = r.hops[r.hops.length - 1]?.timeUs ?? 0;
        if (last > end) end = last;
      }
    }
    recordsByThread(node, sim.records).forEach((recs, thread) => {
      const out = perThread[thread] as string[];
      for (const r of recs) {
        if (numbers.reduce((a, b) => a + b, 0) >= opts.packets) break;
        numbers[thread] = (numbers[thread] ?? 0) + 1;
        renderRecord(out, node, r, numbers[thread] ?? 0);
      }
    });
    sim.records.length = 0;
    emitted = numbers.reduce((a, b) => a + b, 0);
    t = end + 50;
  }
  const out: string[] = [];
  perThread.forEach((chunks, i) => {
    out.push(threadBanner(i, node.threadNames[i] ?? ''));
    if (chunks.length === 0) out.push('No packets in trace buffer\n');
    else for (const c of chunks) out.push(c);
  });
  return out.join('');
}
