// The named scenarios. Each is a small cluster and a few flows; the engine derives everything else.
import type { ClusterSpec, Encapsulation, FlowSpec, K8sNodeSpec, PodSpec, ScenarioSpec, UplinkDriver } from './model';

const NODE1 = 'node-1';
const NODE2 = 'node-2';

function uplinkName(driver: UplinkDriver, n: 1 | 2): string {
  switch (driver) {
    case 'af_packet': return 'host-eth0';
    case 'dpdk': return n === 1 ? 'GigabitEthernet0/8/0' : 'GigabitEthernet0/9/0';
    case 'af_xdp': return 'eth0';
    case 'avf': return n === 1 ? 'avf-0/0/6/0' : 'avf-0/0/7/0';
  }
}

function nodes(drivers: [UplinkDriver, UplinkDriver]): K8sNodeSpec[] {
  return [
    { name: NODE1, ip: '172.18.0.11', podCidr: '10.244.36.128/26', uplink: { interface: uplinkName(drivers[0], 1), driver: drivers[0], swIfIndex: 1 }, vppVersion: '25.10', workers: 2, uptimeSeconds: 14 * 3600 + 52 * 60 + 7.413 },
    { name: NODE2, ip: '172.18.0.12', podCidr: '10.244.71.64/26', uplink: { interface: uplinkName(drivers[1], 2), driver: drivers[1], swIfIndex: 1 }, vppVersion: '25.10', workers: 2, uptimeSeconds: 3 * 3600 + 9 * 60 + 41.27 },
  ];
}

const PODS: PodSpec[] = [
  { namespace: 'default', name: 'client', node: NODE1, ip: '10.244.36.130', tun: 'tun1', swIfIndex: 4 },
  { namespace: 'default', name: 'web-1', node: NODE1, ip: '10.244.36.131', tun: 'tun2', swIfIndex: 5 },
  { namespace: 'default', name: 'locked', node: NODE1, ip: '10.244.36.132', tun: 'tun3', swIfIndex: 6 },
  { namespace: 'default', name: 'web-2', node: NODE2, ip: '10.244.71.66', tun: 'tun1', swIfIndex: 4 },
  { namespace: 'kube-system', name: 'coredns', node: NODE2, ip: '10.244.71.67', tun: 'tun2', swIfIndex: 5 },
  { namespace: 'default', name: 'db', node: NODE2, ip: '10.244.71.68', tun: 'tun3', swIfIndex: 6 },
];

/**
 * Both nodes of a cluster use the same uplink driver: Calico VPP configures the uplink cluster-wide
 * (CALICOVPP_INTERFACES in the calico-vpp-config ConfigMap), so a bundle can only be consistent that way.
 */
function cluster(encapsulation: Encapsulation, driver: UplinkDriver = 'af_packet', pods: PodSpec[] = PODS): ClusterSpec {
  return {
    nodes: nodes([driver, driver]),
    pods,
    services: [
      { namespace: 'default', name: 'web', clusterIP: '10.96.122.7', port: 80, protocol: 'TCP', targetPort: 8080, backends: ['default/web-1', 'default/web-2'], nodePort: 30080 },
      { namespace: 'kube-system', name: 'kube-dns', clusterIP: '10.96.0.10', port: 53, protocol: 'UDP', targetPort: 53, backends: ['kube-system/coredns'] },
    ],
    policies: [
      { pod: 'default/db', direction: 'ingress', action: 'deny', protocol: 'TCP', port: 5432 },
      { pod: 'default/locked', direction: 'egress', action: 'deny', protocol: 'TCP', port: 443 },
    ],
    encapsulation,
  };
}

const client = { pod: 'default/client' };
const EXTERNAL_CLIENT = '198.51.100.23';
const INTERNET = '93.184.216.34';

const F = {
  sameNode: { id: 'client-to-web-1', description: 'pod to pod on the same node', from: client, to: { pod: 'default/web-1' }, protocol: 'TCP', dstPort: 8080, packets: 2, reply: true, expect: { verdict: 'forwarded' } },
  crossNode: { id: 'client-to-web-2', description: 'pod to pod on another node', from: client, to: { pod: 'default/web-2' }, protocol: 'TCP', dstPort: 8080, packets: 2, reply: true, expect: { verdict: 'forwarded' } },
  service: { id: 'client-to-web-svc', description: 'pod to a ClusterIP service (cnat DNAT) and the reply (reverse NAT)', from: client, to: { service: 'default/web' }, protocol: 'TCP', packets: 2, reply: true, expect: { verdict: 'forwarded' } },
  dns: { id: 'client-to-kube-dns', description: 'DNS query to the kube-dns ClusterIP, answered by a pod on the other node', from: client, to: { service: 'kube-system/kube-dns' }, protocol: 'UDP', packets: 1, reply: true, expect: { verdict: 'forwarded' } },
  kubelet: { id: 'client-to-kubelet', description: 'pod to the kubelet on its own node address, punted to the host through tap0', from: client, to: { host: NODE1 }, protocol: 'TCP', dstPort: 10250, packets: 1, expect: { verdict: 'punted' } },
  nodePort: { id: 'external-to-nodeport', description: 'external client to a NodePort, entering through the uplink (phy) input node', from: { external: EXTERNAL_CLIENT, via: NODE1 }, to: { nodePort: 'default/web', node: NODE1 }, protocol: 'TCP', packets: 2, reply: true, expect: { verdict: 'forwarded' } },
  egressSnat: { id: 'client-to-internet', description: 'pod to the internet, source-NATed to the node address', from: client, to: { external: INTERNET }, protocol: 'TCP', dstPort: 443, packets: 1, reply: true, expect: { verdict: 'forwarded' } },
  policyIngress: { id: 'client-to-db-denied', description: 'ingress policy of db denies TCP 5432 (acl-plugin-out-ip4-fa on its tun)', from: client, to: { pod: 'default/db' }, protocol: 'TCP', dstPort: 5432, packets: 2, expect: { verdict: 'dropped', reason: 'acl-plugin-out-ip4-fa: ACL deny packets' } },
  policyEgress: { id: 'locked-to-internet-denied', description: 'egress policy of locked denies TCP 443 (acl-plugin-in-ip4-fa on its tun)', from: { pod: 'default/locked' }, to: { external: INTERNET }, protocol: 'TCP', dstPort: 443, packets: 1, expect: { verdict: 'dropped', reason: 'acl-plugin-in-ip4-fa: ACL deny packets' } },
  noRoute: { id: 'client-to-stale-ip', description: 'an unallocated address of the node\'s own block: blackhole route, ip4-drop', from: client, to: { external: '10.244.36.190' }, protocol: 'UDP', dstPort: 9000, packets: 1, expect: { verdict: 'dropped', reason: 'null-node: blackholed packets' } },
  ttl: { id: 'client-to-web-1-ttl1', description: 'TTL 1: ip4-rewrite decrements it to 0, ip4-icmp-error, drop', from: client, to: { pod: 'default/web-1' }, protocol: 'UDP', dstPort: 7000, ttl: 1, packets: 1, expect: { verdict: 'dropped', reason: 'ip4-input: ip4 ttl <= 1' } },
  mtu: { id: 'client-to-web-2-jumbo', description: 'a 4000-byte DF datagram routed onto a 1500-byte uplink', from: client, to: { pod: 'default/web-2' }, protocol: 'UDP', dstPort: 7000, size: 4000, df: true, packets: 1, expect: { verdict: 'dropped', reason: 'ip4-input: ip4 MTU exceeded and DF set' } },
  ping: { id: 'client-ping-web-2', description: 'ICMP echo to a pod on the other node', from: client, to: { pod: 'default/web-2' }, protocol: 'ICMP', packets: 1, reply: true, expect: { verdict: 'forwarded' } },
} satisfies Record<string, FlowSpec>;

function spec(name: string, title: string, description: string, c: ClusterSpec, flows: FlowSpec[], seed: number): ScenarioSpec {
  return { name, title, description, cluster: c, flows, seed };
}

/** A pod with a jumbo MTU towards VPP, for the MTU scenario. */
const JUMBO_PODS = PODS.map((p) => (p.name === 'client' ? { ...p, mtu: 9000 } : p));

export const SCENARIO_SPECS: ScenarioSpec[] = [
  spec('pod-to-pod-same-node', 'Pod to pod on one node', 'client → web-1 (TCP 8080) and the reply, both pods on node-1: tun → VPP → tun.', cluster('ipip'), [F.sameNode], 101),
  spec('pod-to-pod-ipip', 'Pod to pod across nodes (IPIP)', 'client on node-1 → web-2 on node-2 through an IPIP tunnel and the dpdk uplinks, with the reply and a ping.', cluster('ipip', 'dpdk'), [F.crossNode, F.ping], 102),
  spec('pod-to-pod-vxlan', 'Pod to pod across nodes (VXLAN)', 'client on node-1 → web-2 on node-2 through VXLAN (L3 mode, VNI 4096) and af_xdp uplinks, with the reply.', cluster('vxlan', 'af_xdp'), [F.crossNode], 103),
  spec('pod-to-service', 'Pod to a ClusterIP service', 'client → web ClusterIP (cnat DNAT to a backend) and kube-dns, with the replies reverse-NATed by cnat-output-ip4.', cluster('ipip'), [F.service, F.dns], 104),
  spec('pod-to-host', 'Pod to the kubelet (punt to tap0)', 'client → its node address:10250: ip4-receive, tcp4-input (no connection), ip4-punt, punt redirect, tap0.', cluster('ipip'), [F.kubelet], 105),
  spec('external-to-nodeport', 'External client to a NodePort', 'An external client reaches node-1:30080 through the uplink; cnat DNATs to web-1 and reverse-NATs the reply.', cluster('ipip'), [F.nodePort], 106),
  spec('egress-snat', 'Pod to the internet (source NAT)', 'client → 93.184.216.34:443: cnat-output-ip4 on the uplink source-NATs to the node address; the reply is translated back.', cluster('ipip'), [F.egressSnat], 107),
  spec('drop-policy', 'Drops by network policy', 'Ingress policy of db (acl-plugin-out-ip4-fa, on node-2, reached through avf uplinks) and egress policy of locked (acl-plugin-in-ip4-fa, on node-1) deny packets.', cluster('ipip', 'avf'), [F.policyIngress, F.policyEgress], 108),
  spec('drop-no-route', 'Drop: no route', 'client → an unallocated address of its node\'s block: the blackhole route sends it to ip4-drop.', cluster('ipip'), [F.noRoute], 109),
  spec('drop-ttl-expired', 'Drop: TTL expired', 'client → web-1 with TTL 1: ip4-rewrite decrements it to 0, ip4-icmp-error (rate-limited), drop.', cluster('ipip'), [F.ttl], 110),
  spec('drop-mtu', 'Drop: MTU exceeded', 'Calico without encapsulation; a pod with a 9000-byte MTU sends a 4000-byte DF datagram to a pod on the other node; the 1500-byte uplink adjacency refuses it.', cluster('none', 'af_packet', JUMBO_PODS), [F.mtu], 111),
  spec('sample', 'Sample: a two-node cluster', 'A mix of the situations above on two nodes (IPIP): pod to pod on one node and across nodes, a ClusterIP service with its reply, a NodePort, a punt to the host, a policy drop and a TTL drop.', cluster('ipip'), [F.sameNode, F.crossNode, F.service, F.dns, F.kubelet, F.nodePort, F.policyIngress, F.ttl, F.noRoute], 42),
];
