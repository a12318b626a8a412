// A cluster of N nodes for load and scale runs (the `scale-N` test-cluster scenarios and the
// cluster benchmark): on every node a client pod talks to the server pod of the next node (IPIP,
// af_packet uplinks) and to the one of its own node, with replies.
import type { FlowSpec, K8sNodeSpec, PodSpec, ScenarioSpec } from '../model';

export function scaleScenarioSpec(nodes: number, packetsPerFlow = 4): ScenarioSpec {
  const n = Math.max(1, Math.min(250, Math.floor(nodes)));
  const ks: K8sNodeSpec[] = [];
  const pods: PodSpec[] = [];
  const flows: FlowSpec[] = [];
  for (let i = 1; i <= n; i++) {
    ks.push({ name: `node-${i}`, ip: `172.18.${Math.floor(i / 200)}.${(i % 200) + 10}`, podCidr: `10.244.${i}.0/26`, uplink: { interface: 'host-eth0', driver: 'af_packet', swIfIndex: 1 }, vppVersion: '25.10', workers: 2, uptimeSeconds: 3600 + i * 97 });
    pods.push({ namespace: 'default', name: `client-${i}`, node: `node-${i}`, ip: `10.244.${i}.2`, tun: 'tun1', swIfIndex: 4 });
    pods.push({ namespace: 'default', name: `web-${i}`, node: `node-${i}`, ip: `10.244.${i}.3`, tun: 'tun2', swIfIndex: 5 });
  }
  for (let i = 1; i <= n; i++) {
    const next = (i % n) + 1;
    if (next !== i) flows.push({ id: `client-${i}-to-web-${next}`, from: { pod: `default/client-${i}` }, to: { pod: `default/web-${next}` }, protocol: 'TCP', dstPort: 8080, packets: packetsPerFlow, reply: true, expect: { verdict: 'forwarded' } });
    flows.push({ id: `client-${i}-to-web-${i}`, from: { pod: `default/client-${i}` }, to: { pod: `default/web-${i}` }, protocol: 'UDP', dstPort: 7000, packets: packetsPerFlow, reply: true, expect: { verdict: 'forwarded' } });
  }
  return {
    name: `scale-${n}`,
    title: `${n} nodes`,
    description: `${n} nodes (IPIP, af_packet): on each, a client pod talks to the server pod of the next node and of its own node.`,
    cluster: { nodes: ks, pods, services: [], encapsulation: 'ipip' },
    flows,
    seed: 7000 + n,
  };
}
