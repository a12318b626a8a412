// Named clusters for `vpp-pathviz test-cluster --scenario NAME`. Every scenario of the simulator
// (src/core/scenarios) is a cluster whose vpp containers run a ScenarioVppEngine: a stateful vppctl
// whose traces and captures hold that scenario's packets for the node. `basic` and
// `missing-vpp-pod` keep a BasicVppEngine with a short hand-written trace (the kube layer's tests),
// and `scale-N` are N-node clusters for load runs.
import { buildScenario, scenarios } from '../../core/scenarios';
import type { Scenario } from '../../core/scenarios';
import { ScenarioVppEngine, scaleScenarioSpec } from '../../core/scenarios/vppctl';
import type { TestClusterSpec } from './cluster';
import { BasicVppEngine, type TracePacket } from './vppctl-engine';

/** A pod → remote pod packet through af-packet uplink of `node` (input: the pod's tun via virtio). */
function podToRemote(t: string, podIp: string, remoteIp: string, tun: number): TracePacket {
  return {
    inputNode: 'virtio-input',
    text: [
      `${t}:100100: virtio-input`,
      `  virtio: hw_if_index ${tun + 2} next-index 1 vring 0 len 84`,
      '    hdr: flags 0x00 gso_type 0x00 hdr_len 0 gso_size 0 csum_start 0 csum_offset 0 num_buffers 1',
      `${t}:100108: ip4-input`,
      `  ICMP: ${podIp} -> ${remoteIp}`,
      '    tos 0x00, ttl 64, length 84, checksum 0x5c1a dscp CS0 ecn NON_ECN',
      '    fragment id 0x3f2e, flags DONT_FRAGMENT',
      '  ICMP echo_request checksum 0x8b21 id 31',
      `${t}:100112: ip4-lookup`,
      '  fib 0 dpo-idx 12 flow hash: 0x00000000',
      `  ICMP: ${podIp} -> ${remoteIp}`,
      '    tos 0x00, ttl 64, length 84, checksum 0x5c1a dscp CS0 ecn NON_ECN',
      '    fragment id 0x3f2e, flags DONT_FRAGMENT',
      '  ICMP echo_request checksum 0x8b21 id 31',
      `${t}:100117: ip4-rewrite`,
      '  tx_sw_if_index 1 dpo-idx 12 : ipv4 via 172.18.0.3 host-eth0: mtu:1500 next:4 flow hash: 0x00000000',
      '  00000000: 02fe3c4a91e702fe8a7d2b5f08004500005400004000400100000a0001050a00',
      `${t}:100120: host-eth0-output`,
      '  host-eth0 flags 0x00180005',
      `  IP4: 02:fe:8a:7d:2b:5f -> 02:fe:3c:4a:91:e7`,
      `  ICMP: ${podIp} -> ${remoteIp}`,
      '    tos 0x00, ttl 63, length 84, checksum 0x5d1a dscp CS0 ecn NON_ECN',
      '    fragment id 0x3f2e, flags DONT_FRAGMENT',
      '  ICMP echo_request checksum 0x8b21 id 31',
      `${t}:100125: host-eth0-tx`,
      '  host-eth0 tx queue 0',
      '  buffer 0x9a3c2: current data 0, length 98, buffer-pool 0, ref-count 1, trace handle 0x0',
      '                  l2-hdr-offset 0 l3-hdr-offset 14',
    ].join('\n'),
  };
}

function remoteToPod(t: string, remoteIp: string, podIp: string, tun: number): TracePacket {
  return {
    inputNode: 'af-packet-input',
    text: [
      `${t}:200100: af-packet-input`,
      '  af_packet: hw_if_index 1 rx-queue 0 next-index 4',
      '    tpacket2_hdr:',
      '      status 0x20000001 len 98 snaplen 98 mac 66 net 80',
      '      sec 0x6864f3a1 nsec 0x1b2c3d4e vlan 0 vlan_tpid 0',
      '    vnet-hdr:',
      '      flags 0x00 gso_type 0x00 hdr_len 0',
      '      gso_size 0 csum_start 0 csum_offset 0',
      `${t}:200109: ethernet-input`,
      '  IP4: 02:fe:3c:4a:91:e7 -> 02:fe:8a:7d:2b:5f',
      `${t}:200114: ip4-input`,
      `  ICMP: ${remoteIp} -> ${podIp}`,
      '    tos 0x00, ttl 63, length 84, checksum 0x7e40 dscp CS0 ecn NON_ECN',
      '    fragment id 0x91c4',
      '  ICMP echo_reply checksum 0x9321 id 31',
      `${t}:200118: ip4-lookup`,
      '  fib 0 dpo-idx 21 flow hash: 0x00000000',
      `  ICMP: ${remoteIp} -> ${podIp}`,
      '    tos 0x00, ttl 63, length 84, checksum 0x7e40 dscp CS0 ecn NON_ECN',
      '    fragment id 0x91c4',
      '  ICMP echo_reply checksum 0x9321 id 31',
      `${t}:200123: ip4-rewrite`,
      `  tx_sw_if_index ${tun + 2} dpo-idx 21 : ipv4 via 0.0.0.0 tun${tun}: mtu:1450 next:9 flow hash: 0x00000000`,
      '  00000000: 4500005491c400003e017f400a0002070a000105000093210001f00102030405',
      `${t}:200127: tun${tun}-output`,
      `  tun${tun} flags 0x00180005`,
      '  00000000: 4500005491c400003e017f400a0002070a000105000093210001f001020304',
      `${t}:200131: tun${tun}-tx`,
      '    buffer 0x9a411: current data 14, length 84, buffer-pool 0, ref-count 1, trace handle 0x1',
    ].join('\n'),
  };
}

function basic(): TestClusterSpec {
  const engine = (i: number) =>
    new BasicVppEngine({
      packets: [
        podToRemote(`00:12:0${i}`, `10.0.${i}.5`, `10.0.${1 - i}.7`, 3),
        remoteToPod(`00:12:1${i}`, `10.0.${1 - i}.7`, `10.0.${i}.5`, 3),
        podToRemote(`00:12:2${i}`, `10.0.${i}.5`, `10.0.${1 - i}.7`, 3),
      ],
    });
  return {
    uplinkDriver: 'af_packet',
    nodes: [
      { name: 'worker-a', vpp: { engine: engine(0) } },
      { name: 'worker-b', vpp: { engine: engine(1) } },
    ],
    pods: [
      { namespace: 'default', name: 'client-7d4b9c', nodeName: 'worker-a', labels: { app: 'client' }, podIP: '10.0.0.5', containers: [{ name: 'client', image: 'docker.io/library/busybox:1.36' }] },
      { namespace: 'default', name: 'server-5f6a8e', nodeName: 'worker-b', labels: { app: 'server' }, podIP: '10.0.1.7', containers: [{ name: 'server', image: 'docker.io/library/nginx:1.27' }] },
    ],
  };
}

/** Two VPP nodes plus one node where calico-vpp-node is missing (to see that error). */
function missingVppPod(): TestClusterSpec {
  const b = basic();
  return { ...b, nodes: [...b.nodes, { name: 'worker-c', vpp: false }] };
}

export interface SimulatorClusterOptions {
  /** Milliseconds between two packet arrivals once a capture starts (default 25). */
  arrivalIntervalMs?: number;
}

/** The test cluster of a simulator scenario: one calico-vpp-node per scenario node, the pods, the uplink driver. */
export function simulatorCluster(s: Scenario, o: SimulatorClusterOptions = {}): TestClusterSpec {
  const c = s.spec.cluster;
  const engines = new Map(c.nodes.map((n) => [n.name, new ScenarioVppEngine(s, n.name, { arrivalIntervalMs: o.arrivalIntervalMs ?? 25 })]));
  /** What a capture on a pod's eth0 (its tun in VPP) sees: what the pod sent and what VPP delivered to it. */
  const podPackets = (namespace: string, name: string) => {
    const pod = c.pods.find((p) => p.namespace === namespace && p.name === name);
    const e = pod ? engines.get(pod.node) : undefined;
    if (!pod || !e) return [];
    const d = e.data;
    const base = 1_767_225_600_000_000; // scenario time (µs of the day) on 2026-01-01
    const out: { data: Uint8Array; timeUs: number }[] = [];
    for (const p of d.packets) {
      if (p.inputNode === 'virtio-input' && p.rxSwIfIndex === pod.swIfIndex) out.push({ data: d.bytesAt(p, 0, false), timeUs: base + p.firstUs });
      p.hops.forEach((h, k) => {
        if (h.node === `${pod.tun}-output`) out.push({ data: d.bytesAt(p, k, false), timeUs: base + (h.timeUs ?? p.firstUs) });
      });
    }
    return out.filter((x) => x.data.length > 0).sort((a, b) => a.timeUs - b.timeUs);
  };
  return {
    uplinkDriver: c.nodes[0]?.uplink.driver ?? 'af_packet',
    podPackets,
    nodes: c.nodes.map((n) => ({ name: n.name, internalIP: n.ip, vpp: { engine: engines.get(n.name)! } })),
    pods: c.pods.map((p) => ({ namespace: p.namespace, name: p.name, nodeName: p.node, podIP: p.ip, labels: { app: p.name.replace(/-\d+$/, '') }, containers: [{ name: p.name.replace(/-\d+$/, ''), image: 'docker.io/library/busybox:1.36' }] })),
  };
}

function scale(n: number): () => TestClusterSpec {
  let built: Scenario | null = null;
  return () => simulatorCluster((built ??= buildScenario(scaleScenarioSpec(n))), { arrivalIntervalMs: 0 });
}

export const TEST_CLUSTER_SCENARIOS: Record<string, { summary: string; spec: () => TestClusterSpec }> = {
  basic: { summary: 'two nodes running Calico VPP (af_packet uplink), a client and a server pod', spec: basic },
  'missing-vpp-pod': { summary: 'like basic, plus a node without a calico-vpp-node pod', spec: missingVppPod },
  ...Object.fromEntries(scenarios.map((s) => [s.name, { summary: `simulator: ${s.title}`, spec: () => simulatorCluster(s) }])),
  'scale-10': { summary: 'simulator: 10 nodes (IPIP, af_packet), a client and a server pod on each', spec: scale(10) },
  'scale-50': { summary: 'simulator: 50 nodes (IPIP, af_packet), a client and a server pod on each', spec: scale(50) },
};
