// Where a packet is at each hop: on the tun it came in on, inside VPP for graph work, in the pod or
// the host once a driver transmits it there, on the uplink when it leaves the node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyNode, hopPlaces, pathPlaces, placeOfInterface, type JourneyLike } from '../../../src/core/diagram';
import { emptyDetail } from '../../../src/core/model';

const node = { ...emptyNode('n1'), tap: 'tap0', uplinks: ['host-eth0'], pods: [{ namespace: 'default', name: 'client', ip: '10.0.0.2', tun: 'tun1' }, { namespace: 'default', name: 'web', ip: '10.0.0.3', tun: 'tun2' }] };
const hop = (n: string, rx: string | null = null) => ({ node: n, detail: { ...emptyDetail(), rxInterface: rx ? { name: rx, swIfIndex: null, hwIfIndex: null, line: 1 } : null } });

test('pod to pod on one node', () => {
  const j: JourneyLike = { hops: [hop('virtio-input'), hop('ip4-input'), hop('ip4-lookup'), hop('ip4-rewrite'), hop('tun2-output'), hop('tun2-tx')], ingress: { node: 'virtio-input', interface: 'tun1' }, egress: { interface: 'tun2' } };
  assert.deepEqual(hopPlaces(j, node), [
    { kind: 'tun', name: 'tun1' },
    { kind: 'vpp', name: 'vpp' },
    { kind: 'vpp', name: 'vpp' },
    { kind: 'vpp', name: 'vpp' },
    { kind: 'tun', name: 'tun2' },
    { kind: 'pod', name: 'default/web' },
  ]);
  assert.deepEqual(pathPlaces(j, node).map((p) => `${p.kind}:${p.name}`), ['pod:default/client', 'tun:tun1', 'vpp:vpp', 'tun:tun2', 'pod:default/web']);
});

test('to the host through tap0, and out of the node through the uplink', () => {
  const toHost: JourneyLike = { hops: [hop('virtio-input'), hop('ip4-punt'), hop('tap0-output'), hop('tap0-tx')], ingress: { node: 'virtio-input', interface: 'tun1' }, egress: null };
  assert.deepEqual(hopPlaces(toHost, node).slice(2), [{ kind: 'tap', name: 'tap0' }, { kind: 'host', name: 'host' }]);
  assert.ok(pathPlaces(toHost, node).some((p) => p.kind === 'tap'));
  const out: JourneyLike = { hops: [hop('virtio-input'), hop('ipip0-output'), hop('adj-midchain-tx'), hop('host-eth0-output'), hop('host-eth0-tx')], ingress: { node: 'virtio-input', interface: 'tun1' }, egress: { interface: 'host-eth0' } };
  assert.deepEqual(hopPlaces(out, node).map((p) => p.kind), ['tun', 'vpp', 'vpp', 'phy', 'phy']);
});

test('received from the uplink (the rx interface named by the hop)', () => {
  const j: JourneyLike = { hops: [hop('af-packet-input', 'host-eth0'), hop('ethernet-input'), hop('drop')], ingress: null, egress: null };
  assert.deepEqual(hopPlaces(j, node).map((p) => `${p.kind}:${p.name}`), ['phy:host-eth0', 'vpp:vpp', 'vpp:vpp']);
});

test('interface kinds', () => {
  assert.deepEqual(placeOfInterface('tun12'), { kind: 'tun', name: 'tun12' });
  assert.deepEqual(placeOfInterface('tap0'), { kind: 'tap', name: 'tap0' });
  assert.deepEqual(placeOfInterface('GigabitEthernet0/8/0'), { kind: 'phy', name: 'GigabitEthernet0/8/0' });
  assert.deepEqual(placeOfInterface('vxlan_tunnel3'), { kind: 'vpp', name: 'vpp' });
});
