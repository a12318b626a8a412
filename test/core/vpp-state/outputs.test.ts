// Outputs the corpus has no sample of (npol, tunnels, cnat client/snat/new sessions, punt redirect,
// rx placement): built from VPP's format strings (FDio/vpp src/plugins/npol/npol_format.c,
// src/vnet/ipip/ipip_cli.c, src/plugins/cnat/*.c, src/vnet/ip/ip_punt_drop.c, interface_cli.c).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  detectFailure,
  parseCnatClients,
  parseCnatSessions,
  parseCnatSnat,
  parseIpipTunnels,
  parseNpolInterfaces,
  parseNpolIpsets,
  parseNpolPolicies,
  parseNpolRules,
  parseShowErrors,
  parseShowInterfaceRx,
  parseShowInterfaces,
  parseShowPuntRedirect,
  parseVxlanTunnels,
  tunnelInterfaceName,
} from '../../../src/core/vpp-state/index';
import { npolFiles } from '../bundle/fixture';

describe('npol', () => {
  const f = npolFiles('node-a');
  test('rules: actions, filters, CIDR / port / ipset entries', () => {
    const r = parseNpolRules(f['show-npol-rules']!);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.data.rules.map((x) => [x.id, x.action]), [[0, 'allow'], [1, 'allow'], [2, 'deny'], [3, 'deny'], [4, 'allow'], [5, 'allow'], [6, 'allow']]);
    const r3 = r.data.rules[3]!;
    assert.deepEqual(r3.filters, [{ kind: 'proto', shouldMatch: true, value: 'TCP' }]);
    assert.deepEqual(r3.entries.map((e) => [e.side, e.negated, e.type]), [['dst', false, 'ipset'], ['dst', false, 'ports']]);
    assert.deepEqual(r3.entries[0]!.ipset!.members.map((m) => m.address), ['11.0.0.200', '11.0.0.201']);
    assert.deepEqual(r3.entries[1]!.ports, { start: 5432, end: 5433 });
    assert.equal(r3.line, 4);
  });
  test('ipsets: ip, prefix and ip+port members', () => {
    const s = parseNpolIpsets(f['show-npol-ipsets']!).data.ipsets;
    assert.deepEqual(s.map((x) => [x.id, x.type, x.members.length]), [[0, 'prefix', 1], [1, 'ip', 2], [2, 'ip+port', 1]]);
    assert.deepEqual(s[2]!.members[0], { text: 'TCP 11.0.0.131;8080', address: '11.0.0.131', prefixLength: null, protocol: 'TCP', port: 8080 });
    assert.equal(s[0]!.members[0]!.prefixLength, 16);
  });
  test('policies (verbose): rule ids by direction', () => {
    const p = parseNpolPolicies(f['show-npol-policies']!);
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.data.policies.map((x) => [x.id, x.rx, x.tx]), [[0, [0], []], [1, [], [1]], [2, [3, 4], []], [3, [6], [5]]]);
    const counts = parseNpolPolicies('[policy#0] rx-rules:1 tx-rules:0\n[policy#1] rx-rules:0 tx-rules:2\n').data.policies;
    assert.deepEqual(counts.map((x) => [x.rxCount, x.txCount]), [[1, 0], [0, 2]]);
  });
  test('interfaces: defaults, rx/tx policy lists, profiles', () => {
    const i = parseNpolInterfaces(f['show-npol-interfaces']!);
    assert.deepEqual(i.diagnostics, []);
    const t = i.data.interfaces[0]!;
    assert.deepEqual([t.name, t.swIfIndex, t.inverted, t.rxPolicyDefault, t.rxProfileDefault, t.txPolicyDefault], ['tun1', 5, false, 1, 0, 1]);
    assert.deepEqual(t.rxPolicies.map((p) => p.id), [0, 2]);
    assert.deepEqual(t.txPolicies.map((p) => p.id), [1]);
    assert.deepEqual(t.profiles.map((p) => [p.id, p.rx, p.tx]), [[3, [6], [5]]]);
    const addr = parseNpolInterfaces('Interfaces with policies configured:\n[tap0 sw_if_index=2 inverted addr=172.18.0.3 addr6=fd00::3]\n   rx-policy-default:0 rx-profile-default:0 \n   tx-policy-default:0 tx-profile-default:0 \n').data.interfaces[0]!;
    assert.deepEqual([addr.name, addr.inverted, addr.addr4, addr.addr6], ['tap0', true, '172.18.0.3', 'fd00::3']);
  });
});

describe('tunnels', () => {
  test('ipip: p2p and p2mp, and the "none" message', () => {
    const p = parseIpipTunnels('[0] instance 0 src 172.18.0.3 dst 172.18.0.4 table-ID 0 sw-if-idx 4 flags [none] dscp CS0\n[1] instance 1 p2mp src 172.18.0.3 table-ID 0 sw-if-idx 7 flags [none] dscp CS0\n');
    assert.deepEqual(p.data.tunnels.map((t) => [t.index, t.src, t.dst, t.swIfIndex, t.mode, tunnelInterfaceName(t)]), [[0, '172.18.0.3', '172.18.0.4', 4, 'p2p', 'ipip0'], [1, '172.18.0.3', null, 7, 'p2mp', 'ipip1']]);
    assert.equal(parseIpipTunnels('No IPIP tunnels configured...\n').data.none, true);
  });
  test('vxlan: current and old layouts', () => {
    const v = parseVxlanTunnels('[0] instance 0 src 172.18.0.3 dst 172.18.0.4 src_port 4789 dst_port 4789 vni 4096 fib-idx 0 sw-if-idx 8 encap-dpo-idx 21 decap-next-l3\n[1] 10.0.0.1 (src) 10.0.0.2 (dst) vni 13 encap_fib_index 0 decap_next l2\n');
    assert.deepEqual(v.data.tunnels.map((t) => [t.src, t.dst, t.vni, t.swIfIndex, t.dstPort]), [['172.18.0.3', '172.18.0.4', 4096, 8, 4789], ['10.0.0.1', '10.0.0.2', 13, null, null]]);
  });
});

describe('cnat client, snat, new session format', () => {
  test('clients with clones', () => {
    const c = parseCnatClients('[0] cnat-client:[10.96.0.1] tr:1 sess:0 locks:2 exclusive\n[1] cnat-client:[10.96.0.10] tr:2 sess:7\n  clone of [0]\n  [@0]: dpo-drop ip4\n').data.clients;
    assert.deepEqual(c.map((x) => [x.index, x.ip, x.translations, x.sessions, x.locks, x.exclusive, x.cloneOf]), [[0, '10.96.0.1', 1, 0, 2, true, null], [1, '10.96.0.10', 2, 7, null, false, 0]]);
  });
  test('the closing `N clients` / `N timestamps` lines (cnat_client_show) are counts, not unknown lines', () => {
    const p = parseCnatClients('[0] cnat-client:[10.96.0.1] tr:1 sess:0 exclusive\n[1] cnat-client:[10.96.0.10] tr:1 sess:1 exclusive\n2 clients\n0 timestamps\n');
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual([p.data.clients.length, p.data.total, p.data.timestamps], [2, 2, 0]);
    const old = parseCnatClients('[0] cnat-client:[10.96.0.1] tr:1 sess:0\n');
    assert.deepEqual([old.data.total, old.data.timestamps, old.diagnostics], [null, null, []]);
    assert.equal(parseCnatClients('0 clients\n').data.total, 0);
    assert.match(parseCnatClients('2 clients here\n').diagnostics[0]!.message, /unrecognised cnat client line/);
  });
  test('snat: addresses, excluded prefixes, interface maps', () => {
    const s = parseCnatSnat('Source NAT\n  ip4: 172.18.0.3;0\n  ip6: ::;0\n\nExcluded prefixes:\n  [0]: 11.0.0.0/16 10.96.0.0/12\n\nk8s pod interfaces:\n  tun1\n  tun2\n').data;
    assert.deepEqual([s.ip4, s.ip6], ['172.18.0.3', '::']);
    assert.deepEqual(s.excludedPrefixes.map((p) => p.prefix), ['11.0.0.0/16', '10.96.0.0/12']);
    assert.deepEqual(s.interfaceMaps['k8s pod'], ['tun1', 'tun2']);
  });
  test('≥ 26.06 session blocks; and the `verbose` rejection is a failure', () => {
    const s = parseCnatSessions(
      'CNat Sessions: now:24233.145230\nHash table \'CNat Session DB\'\n    10 active elements 10 active buckets\nUDP [172.18.0.1;53 -> 172.18.0.3;49353] => [client,return]\n  index:12 fib:0\n    last_seen:24230 lifetime:30 ref:2\n    [ in ] UDP [172.18.0.1;53 -> 11.0.0.130;36878] node:5 lbi:0 fl:0 fib:0\n\n',
    ).data;
    assert.equal(s.activeElements, 10);
    assert.deepEqual([s.sessions[0]!.format, s.sessions[0]!.location, s.sessions[0]!.newDst, s.sessions[0]!.newDstPort, s.sessions[0]!.expires], ['new', 'client,return', '11.0.0.130', 36878, 24260]);
    assert.match(parseCnatSessions("show cnat session: unknown input 'verbose'\n").failure!.message, /unknown input/);
  });
});

describe('punt redirect, rx placement, failures', () => {
  test('punt redirect: any-interface rule, deag table id, forwarding dpo', () => {
    const p = parseShowPuntRedirect(' rx local0 via:\n   path-list:[23] locks:1 flags:no-uRPF, uRPF-list: None\n    path:[27] pl-index:23 ip4 weight=1 pref=0 deag:  oper-flags:resolved,\n       fib-index:1\n forwarding\n  [@13]: dst-address,unicast lookup in punt-table-ip4\n');
    const r = p.data.redirects[0]!;
    assert.deepEqual([r.rxInterface, r.any, r.lookupTableId, r.forwarding[0]!.kind, r.forwarding[0]!.table], ['local0', true, 1, 'lookup', 'punt-table-ip4']);
  });
  test('rx placement: thread, input node, queue, mode', () => {
    const r = parseShowInterfaceRx('Thread 1 (vpp_wk_0):\n  node dpdk-input:\n    GigabitEthernet7/0/0 queue 0 (polling)\n  node virtio-input:\n    tap0 queue 0 (interrupt)\n').data.queues;
    assert.deepEqual(r.map((q) => [q.thread, q.threadName, q.inputNode, q.interface, q.queue, q.mode]), [[1, 'vpp_wk_0', 'dpdk-input', 'GigabitEthernet7/0/0', 0, 'polling'], [1, 'vpp_wk_0', 'virtio-input', 'tap0', 0, 'interrupt']]);
  });
  test('command errors instead of output', () => {
    const cases = [
      "show npol: unknown input `interfaces'",
      'clib_socket_init: connect (fd 3, \'/var/run/vpp/cli.sock\'): No such file or directory',
      'error: unable to upgrade connection: container not found ("vpp")',
      'Error from server (NotFound): pods "calico-vpp-node-xyz" not found',
    ];
    for (const c of cases) {
      const p = parseShowInterfaces(c + '\n');
      assert.ok(p.failure, c);
      assert.equal(p.failure!.line, 1);
      assert.deepEqual(p.data.interfaces, []);
    }
    const go = parseShowErrors('error: Timeout occurred\n[calicovppctl] command failed: command timed out after 5s: kubectl exec -n calico-vpp-dataplane\n');
    assert.equal(go.failure!.line, 1);
    assert.match(go.failure!.message, /timed out/);
    assert.match(detectFailure("[calicovppctl] skipped 'show run' on node 'n1' after 3 consecutive VPP command timeouts\n")!.message, /skipped/);
    // A long output cut by a failure: only the tail is read, the line number is still exact.
    const long = Array.from({ length: 3000 }, (_, i) => `line ${i + 1} of a long partial output`).join('\n') + '\nerror: Timeout occurred\n[calicovppctl] command failed: exit status 1\n';
    assert.deepEqual(detectFailure(long), { message: 'error: Timeout occurred\n[calicovppctl] command failed: exit status 1', line: 3001 });
    // A real table is never a failure, even when its counters say "error".
    assert.equal(detectFailure('   Count     Node      Reason      Severity\n     1    ip4-input   error      error\n', { shortErrors: true }), null);
  });
});
