// kubectl tables, YAML manifests (checked against PyYAML and real kubectl output), describe pod, logs.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  parseConfigMap,
  parseContainerLog,
  parseDaemonSet,
  parseDescribePod,
  parseGetNodes,
  parseGetPods,
  parseGetServices,
  parseInstallation,
  parseKubeletJournal,
  parseYaml,
  yamlLine,
  type YamlMap,
} from '../../../src/core/vpp-state/index';
import { AGENT_IMAGE, PODS, SERVICES, VPP_IMAGE, daemonSet, exportFiles, getNodes, getPods, getServices, key, vppConfigMap } from '../bundle/fixture';

const hasPython = spawnSync('python3', ['-c', 'import yaml, json'], { stdio: 'ignore' }).status === 0;
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;

function pyYaml(text: string): unknown[] {
  const out = execFileSync('python3', ['-c', 'import sys, yaml, json; print(json.dumps(list(yaml.safe_load_all(sys.stdin)), default=str))'], { input: text });
  return JSON.parse(out.toString()) as unknown[];
}

describe('YAML subset reader', () => {
  const samples: Record<string, string> = {
    daemonset: daemonSet(),
    configmap: vppConfigMap(),
    installation: exportFiles({ layout: 'bash' })[key(exportFiles({ layout: 'bash' }), 'installation.yaml')]!,
    tricky: [
      '# comment line',
      'a: "quoted \\"x\\" \\u00e9\\n"   # trailing comment',
      "b: 'it''s'",
      'c: [1, two, "three", {k: v}]',
      'd: {x: 1, y: [a, b]}',
      'e: |+',
      '  keep',
      '',
      'f: >-',
      '  folded',
      '  text',
      'g:',
      '- - nested',
      '  - seq',
      '- key: v',
      '  other: 2.5',
      'h: ~',
      'i: true',
      'j: 007',
      'k: "multi',
      '  line"',
      '---',
      'second: doc',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(samples)) {
    test(`${name}: same values as PyYAML`, { skip: hasPython ? false : 'python3 with PyYAML is not installed' }, () => {
      const mine = parseYaml(text);
      assert.deepEqual(mine.diagnostics, []);
      assert.deepEqual(
        mine.documents.map((d) => d.value),
        pyYaml(text),
      );
    });
  }
  test('real kubectl output (configmap and deployment dry-runs) reads like PyYAML', { skip: hasKubectl && hasPython ? false : 'kubectl or PyYAML missing' }, () => {
    const cm = execFileSync('kubectl', [
      'create', 'configmap', 'calico-vpp-config', '-n', 'calico-vpp-dataplane', '--dry-run=client', '-o', 'yaml',
      '--from-literal=CALICOVPP_INTERFACES={\n  "uplinkInterfaces": [ { "interfaceName": "eth1", "vppDriver": "dpdk" } ]\n}',
      '--from-literal=CALICOVPP_INITIAL_CONFIG={"corePattern": "/var/lib/vpp/vppcore.%e.%p"}',
      '--from-literal=SERVICE_PREFIX=10.96.0.0/12',
    ]).toString();
    assert.deepEqual(parseYaml(cm).documents.map((d) => d.value), pyYaml(cm));
    const parsed = parseConfigMap(cm);
    assert.deepEqual(parsed.data!.uplinks, [{ interfaceName: 'eth1', vppDriver: 'dpdk', isMain: null }]);
    assert.equal(parsed.data!.corePattern, '/var/lib/vpp/vppcore.%e.%p');
    const dep = execFileSync('kubectl', ['create', 'deployment', 'web', '--image=nginx:1.27', '--port=80', '--replicas=2', '--dry-run=client', '-o', 'yaml']).toString();
    assert.deepEqual(parseYaml(dep).documents.map((d) => d.value), pyYaml(dep));
  });
  test('lines of keys are kept; nesting too deep is a diagnostic, not a crash', () => {
    const y = parseYaml('a:\n  b: 1\n  c:\n  - x\n');
    const a = (y.documents[0]!.value as YamlMap)['a'] as YamlMap;
    assert.equal(yamlLine(a, 'c'), 3);
    assert.equal(yamlLine(a['c'], 0), 4);
    const deep = parseYaml(Array.from({ length: 400 }, (_, i) => ' '.repeat(i) + '- ').join('\n'));
    assert.ok(deep.diagnostics.some((d) => /too deeply/.test(d.message)));
  });
});

describe('manifests', () => {
  test('DaemonSet: images, tags, env', () => {
    const d = parseDaemonSet(daemonSet()).data!;
    assert.deepEqual(d.containers.map((c) => [c.name, c.image, c.tag]), [['vpp', VPP_IMAGE, 'v3.30.0'], ['agent', AGENT_IMAGE, 'v3.30.0']]);
    assert.deepEqual(d.containers[0]!.env.map((e) => [e.name, e.value, e.fromField]), [['DATASTORE_TYPE', 'kubernetes', false], ['WAIT_FOR_DATASTORE', 'true', false], ['NODENAME', null, true]]);
    assert.deepEqual(d.containers[0]!.envFrom, ['calico-vpp-config']);
    assert.equal(d.status['numberReady'], 2);
  });
  test('calico-vpp-config: uplink and driver, core pattern (present and absent)', () => {
    const c = parseConfigMap(vppConfigMap({ driver: 'dpdk' })).data!;
    assert.deepEqual(c.uplinks, [{ interfaceName: 'eth0', vppDriver: 'dpdk', isMain: null }]);
    assert.equal(c.corePattern, '/var/lib/vpp/vppcore.%e.%p');
    assert.ok(c.lines['CALICOVPP_INTERFACES']! > 1);
    assert.equal(parseConfigMap(vppConfigMap({ corePattern: false })).data!.corePattern, null);
    const bad = parseConfigMap(vppConfigMap().replace('"uplinkInterfaces": [', '"uplinkInterfaces": [[[{'));
    assert.ok(bad.diagnostics.some((d) => /not valid JSON/.test(d.message)));
  });
  test('Installation (a List) gives the dataplane and the pools', () => {
    const files = exportFiles({ layout: 'bash' });
    const i = parseInstallation(files[key(files, 'installation.yaml')]!).data!;
    assert.equal(i.linuxDataplane, 'VPP');
    assert.deepEqual(i.ipPools, [{ cidr: '11.0.0.0/16', encapsulation: 'IPIP', natOutgoing: 'Enabled' }]);
  });
  test('objects without apiVersion / kind (typed client objects of the Go tool) are known by their shape', () => {
    const strip = (y: string) => y.replace(/^apiVersion: .*\n/m, '').replace(/^kind: .*\n/m, '');
    const d = parseDaemonSet(strip(daemonSet()));
    assert.deepEqual(d.diagnostics, []);
    assert.deepEqual(d.data!.containers.map((c) => c.name), ['vpp', 'agent']);
    const c = parseConfigMap(strip(vppConfigMap({ driver: 'dpdk' })));
    assert.deepEqual(c.diagnostics, []);
    assert.deepEqual(c.data!.uplinks, [{ interfaceName: 'eth0', vppDriver: 'dpdk', isMain: null }]);
    // Other shapes are not taken for them.
    const deployment = strip(daemonSet()).replace(/^spec:\n/m, 'spec:\n  replicas: 2\n');
    assert.match(parseDaemonSet(deployment).diagnostics[0]!.message, /no DaemonSet object/);
    assert.match(parseConfigMap('metadata:\n  name: s\ntype: Opaque\ndata:\n  k: dg==\n').diagnostics[0]!.message, /no ConfigMap object/);
    assert.match(parseConfigMap('metadata:\n  name: x\nspec:\n  containers: []\n').diagnostics[0]!.message, /no ConfigMap object/);
    // An explicit kind wins over the shape.
    assert.match(parseDaemonSet(strip(daemonSet()).replace(/^metadata:/m, 'kind: Deployment\nmetadata:')).diagnostics[0]!.message, /no DaemonSet object/);
  });
  test('a file holding an error instead of the manifest is a failure', () => {
    const p = parseDaemonSet('Error from server (NotFound): daemonsets.apps "calico-vpp-node" not found\n');
    assert.match(p.failure!.message, /NotFound/);
    assert.equal(p.data, null);
  });
});

describe('kubectl tables', () => {
  for (const layout of ['bash', 'go'] as const) {
    test(`get pods/services/nodes (${layout === 'bash' ? 'aligned' : 'tab-separated'})`, () => {
      const pods = parseGetPods(getPods([...PODS, { namespace: 'default', name: 'crashy', ip: '11.0.0.140', node: 'node-a', status: 'CrashLoopBackOff', restarts: '12 (3m ago)', ready: '0/1' }], layout));
      assert.deepEqual(pods.diagnostics, []);
      assert.equal(pods.data.pods.length, PODS.length + 1);
      const c = pods.data.pods[pods.data.pods.length - 1]!;
      assert.deepEqual([c.namespace, c.status, c.restarts, c.lastRestart, c.ip, c.node, c.line], ['default', 'CrashLoopBackOff', 12, '3m ago', '11.0.0.140', 'node-a', PODS.length + 2]);
      const svcs = parseGetServices(getServices(SERVICES, layout)).data.services;
      assert.deepEqual(svcs.find((s) => s.name === 'kube-dns')!.ports, [{ port: 53, nodePort: null, protocol: 'UDP' }, { port: 53, nodePort: null, protocol: 'TCP' }, { port: 9153, nodePort: null, protocol: 'TCP' }]);
      const nodes = parseGetNodes(getNodes(layout)).data.nodes;
      assert.deepEqual(nodes.map((n) => [n.name, n.internalIp, n.osImage]), [['node-a', '172.18.0.3', 'Ubuntu 22.04.4 LTS'], ['node-b.example.com', '172.18.0.4', 'Ubuntu 22.04.4 LTS']]);
    });
  }
  test('"No resources found" is an empty table', () => {
    const p = parseGetPods('No resources found\n');
    assert.equal(p.failure, null);
    assert.deepEqual(p.data.pods, []);
  });
  test('kubectl errors are failures', () => {
    assert.match(parseGetPods('The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?\n').failure!.message, /refused/);
  });
});

describe('describe pod and logs', () => {
  test('describe: containers, restarts, events with hugepages complaint', () => {
    const text = `Name:             calico-vpp-node-hz6tr
Namespace:        calico-vpp-dataplane
Node:             <none>
Status:           Pending
Containers:
  vpp:
    Image:          ${VPP_IMAGE}
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
    Ready:          False
    Restart Count:  7
    Limits:
      hugepages-2Mi:  512Mi
Events:
  Type     Reason            Age                From               Message
  ----     ------            ----               ----               -------
  Warning  FailedScheduling  2m (x5 over 10m)   default-scheduler  0/2 nodes are available: 2 Insufficient hugepages-2Mi.
`;
    const d = parseDescribePod(text).data;
    assert.deepEqual([d.name, d.namespace, d.node, d.status], ['calico-vpp-node-hz6tr', 'calico-vpp-dataplane', '<none>', 'Pending']);
    const c = d.containers[0]!;
    assert.deepEqual([c.name, c.image, c.state, c.stateReason, c.lastReason, c.exitCode, c.ready, c.restartCount, c.limits['hugepages-2Mi']], ['vpp', VPP_IMAGE, 'Waiting', 'CrashLoopBackOff', 'OOMKilled', 137, false, 7, '512Mi']);
    assert.deepEqual(d.events.map((e) => [e.type, e.reason, e.age, e.from, e.line]), [['Warning', 'FailedScheduling', '2m (x5 over 10m)', 'default-scheduler', 20]]);
    assert.match(d.events[0]!.message, /Insufficient hugepages-2Mi/);
  });
  test('container logs: logrus, VPP stdout, felix, JSON, klog in the journal', () => {
    const log = parseContainerLog(
      [
        'time="2025-10-02T08:00:06Z" level=fatal msg="failed to start BGP server: listen tcp 0.0.0.0:179: bind: address already in use" component=routing',
        '/usr/bin/vpp[439004]: received signal SIGSEGV, PC 0x7fd371576297',
        '2023-11-07 13:17:43.431 [ERROR][18] tunnel-ip-allocator/config_params.go 636: Invalid (required) config value.',
        '{"level":"error","ts":"2025-10-02T08:00:00Z","logger":"controller","msg":"Reconciler error","error":"boom"}',
      ].join('\n'),
    ).data.entries;
    assert.deepEqual(log.map((e) => e.level), ['fatal', null, 'error', 'error']);
    assert.equal(log[0]!.fields['component'], 'routing');
    assert.match(log[0]!.message, /address already in use/);
    assert.equal(log[1]!.source, 'vpp');
    assert.equal(log[2]!.source, 'tunnel-ip-allocator/config_params.go 636');
    assert.equal(log[3]!.message, 'Reconciler error: boom');
    const j = parseKubeletJournal('Oct 02 08:10:00 node-a kubelet[812]: E1002 08:10:00.123456     812 run.go:74] "command failed" err="failed to run Kubelet: running with swap on is not supported, please disable swap!"\n-- No entries --\n').data.entries;
    assert.equal(j.length, 1);
    assert.deepEqual([j[0]!.level, j[0]!.fields['unit'], j[0]!.source], ['error', 'kubelet', 'run.go:74']);
  });
  test('a log ending with the calicovppctl marker is a failure; plain logs are never short-error failures', () => {
    assert.ok(parseContainerLog('error: unable to upgrade connection: container not found ("vpp")\n[calicovppctl] command failed: exit status 1\n').failure);
    assert.equal(parseContainerLog('error: something the container itself logged\n').failure, null);
  });
});
