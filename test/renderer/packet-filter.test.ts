// The packet filter language on hand-made journeys: each term, combinations, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, FilterError, type FilterTarget } from '../../src/renderer/workers/packet-filter';
import type { Journey } from '../../src/core/model';

function j(over: Partial<Journey>, nodes: string[]): FilterTarget {
  const journey: Journey = {
    id: over.id ?? '0:t0p1',
    source: 'trace',
    input: 'trace.txt',
    thread: 0,
    number: 1,
    hops: [],
    ingress: { node: nodes[0] ?? 'virtio-input', interface: 'tun1' },
    egress: null,
    verdict: 'forwarded',
    dropReason: null,
    flow: { ipVersion: 4, protocol: 'TCP', src: '10.0.0.1', dst: '10.96.0.10', srcPort: 40000, dstPort: 443 },
    nat: [],
    pathId: 'p',
    continues: null,
    continuedBy: null,
    truncated: false,
    ...over,
  };
  return { journey, node: 'node-1', nodes };
}

const svc = j({ nat: [{ node: 'ip4-cnat-tx', before: { ipVersion: 4, protocol: 'TCP', src: '10.0.0.1', dst: '10.96.0.10', srcPort: 40000, dstPort: 443 }, after: { ipVersion: 4, protocol: 'TCP', src: '10.0.0.1', dst: '10.0.1.5', srcPort: 40000, dstPort: 8443 } }], egress: { interface: 'tun3' } }, ['virtio-input', 'ip4-input', 'ip4-cnat-tx', 'tun3-output', 'tun3-tx']);
const dns = j({ id: '0:t0p2', verdict: 'dropped', dropReason: 'acl-plugin-in-ip4-fa: ACL deny packets', flow: { ipVersion: 4, protocol: 'UDP', src: '10.0.0.7', dst: '10.96.0.53', srcPort: 5353, dstPort: 53 } }, ['virtio-input', 'acl-plugin-in-ip4-fa', 'error-drop', 'drop']);
const all = [svc, dns];
const pick = (text: string) => all.filter((t) => compileFilter(text).test(t)).map((t) => t.journey.id);

test('terms', () => {
  assert.deepEqual(pick('ip 10.0.1.5'), ['0:t0p1'], 'an address after NAT');
  assert.deepEqual(pick('ip 10.0.0.0/24'), ['0:t0p1', '0:t0p2']);
  assert.deepEqual(pick('src 10.0.0.7'), ['0:t0p2']);
  assert.deepEqual(pick('dst 10.0.0.7'), []);
  assert.deepEqual(pick('port 8443'), ['0:t0p1']);
  assert.deepEqual(pick('dport 53'), ['0:t0p2']);
  assert.deepEqual(pick('udp'), ['0:t0p2']);
  assert.deepEqual(pick('drop'), ['0:t0p2']);
  assert.deepEqual(pick('forwarded'), ['0:t0p1']);
  assert.deepEqual(pick('node ip4-cnat-tx'), ['0:t0p1']);
  assert.deepEqual(pick('node acl-*'), ['0:t0p2']);
  assert.deepEqual(pick('iface tun3'), ['0:t0p1']);
  assert.deepEqual(pick('nat'), ['0:t0p1']);
  assert.deepEqual(pick('deny'), ['0:t0p2'], 'free text finds the drop reason');
  assert.deepEqual(pick('"ACL deny"'), ['0:t0p2'], 'quoted free text');
});

test('combinations: and, or, not', () => {
  assert.deepEqual(pick('tcp port 443'), ['0:t0p1']);
  assert.deepEqual(pick('tcp port 53'), []);
  assert.deepEqual(pick('udp or nat'), ['0:t0p1', '0:t0p2']);
  assert.deepEqual(pick('not drop'), ['0:t0p1']);
  assert.deepEqual(pick('!drop'), ['0:t0p1']);
  assert.deepEqual(pick(''), ['0:t0p1', '0:t0p2']);
});

test('malformed filters say what is wrong', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => compileFilter(text), (e: unknown) => e instanceof FilterError && re.test(e.message));
  bad('ip', /'ip' needs an address/);
  bad('ip 10.0.0.300', /not an IP address/);
  bad('ip 10.0.0.0/40', /not an IPv4 prefix/);
  bad('port 70000', /not a port number/);
  bad('node', /needs a graph node name/);
  bad('udp or', /'or' needs a term on each side/);
  bad('or udp', /'or' needs a term on each side/);
  bad('udp not', /'not' needs a term after it/);
});
