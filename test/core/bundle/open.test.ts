// Bundles in both export layouts, packed with the real `tar` and `gzip` commands, open with every file
// classified to its node and kind; folders, loose files and added captures too.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { NODE_KINDS, fileBytes, nodeState, openBundle, parseFile, type Bundle, type FileKind } from '../../../src/core/bundle/index';
import { nodeInflate } from '../../../src/node/input';
import { openBundlePaths } from '../../../src/node/tar-bundle';
import { NODES, NODE_A, NODE_B, cleanup, exportFiles, key, tarGz, writeTree } from './fixture';

/** What each export file name is, written out by hand from vppdev.sh / calicovppctl's exportData. */
const EXPECTED: Record<string, FileKind> = {
  'kubectl-version': 'kubectl-version',
  'kubelet-journal': 'kubelet-journal',
  'get-pods': 'get-pods',
  'get-services': 'get-services',
  'get-nodes': 'get-nodes',
  'installation.yaml': 'installation',
  'cni-config.configmap.yaml': 'cni-config',
  'calico-vpp-config.configmap.yaml': 'vpp-configmap',
  'operator.log': 'operator-log',
  'hardware-interfaces': 'show-hardware',
  'show-run': 'show-run',
  'show-err': 'show-err',
  'show-log': 'show-log',
  'show-buffers': 'show-buffers',
  'show-int': 'show-int',
  'show-int-rx': 'show-int-rx',
  'show-tun': 'show-tun',
  'describe-calico-node-pod': 'describe-calico-node-pod',
  'calico-node.log': 'calico-node-log',
  'describe-vpp-pod': 'describe-vpp-pod',
  'vpp.log': 'vpp-log',
  'agent.log': 'agent-log',
  'show-cnat-client': 'cnat-client',
  'show-cnat-translation': 'cnat-translation',
  'show-cnat-session': 'cnat-session',
  'show-cnat-timestamp': 'cnat-timestamp',
  'show-cnat-snat': 'cnat-snat',
  'show-npol-interfaces': 'npol-interfaces',
  'show-npol-policies': 'npol-policies',
  'show-npol-rules': 'npol-rules',
  'show-npol-ipsets': 'npol-ipsets',
  'show-ipip-tunnel': 'ipip-tunnel',
  'show-vxlan-tunnel': 'vxlan-tunnel',
};

/** Expected kind and node of an export path, decided from the fixture's own naming. */
function expectation(p: string, prefix: string): { kind: FileKind; node: string | null } {
  let base = path.basename(p).slice(prefix.length);
  if (base === 'calico-vpp-node.daemonset.yaml') return { kind: 'daemonset', node: null };
  for (const n of NODES) {
    if (base.startsWith(n + '.')) {
      base = base.slice(n.length + 1);
      return { kind: EXPECTED[base]!, node: n };
    }
  }
  return { kind: EXPECTED[base]!, node: null };
}

function assertClassified(b: Bundle, files: Record<string, string>, prefix: string, bashDaemonsetIsConfigMap: boolean): void {
  assert.equal(b.files.length, Object.keys(files).length);
  for (const f of b.files) {
    const exp = expectation(f.path, prefix);
    const kind = exp.kind === 'daemonset' && bashDaemonsetIsConfigMap ? 'vpp-configmap' : exp.kind;
    assert.equal(f.kind, kind, f.path);
    assert.equal(f.node, exp.node, f.path);
    assert.notEqual(f.kind, 'unknown');
  }
  assert.deepEqual(b.nodes.map((n) => n.name), NODES);
  for (const n of b.nodes) for (const f of n.files) assert.ok(NODE_KINDS.includes(f.kind as never));
  assert.deepEqual(b.warnings, [], b.warnings.map((w) => `${w.input}: ${w.message}`).join('\n'));
}

describe('export archives from the real tar and gzip commands', () => {
  test('bash `calivppctl export` with a prefix, tar -czf', async () => {
    const files = exportFiles({ layout: 'bash', prefix: 'case42-' });
    const root = writeTree(files);
    const tgz = tarGz(root);
    try {
      const b = await openBundlePaths([tgz]);
      assert.deepEqual([b.layout, b.source, b.prefix], ['bash', 'archive', 'case42-']);
      assertClassified(b, files, 'case42-', true);
      // The same archive through the in-memory API and Node's inflater.
      const mem = openBundle(new Uint8Array(readFileSync(tgz)), { inflate: nodeInflate, name: 'export.tar.gz' });
      assert.deepEqual(mem.files.map((f) => [f.path, f.kind, f.node]), b.files.map((f) => [f.path, f.kind, f.node]));
    } finally {
      cleanup(root, tgz);
    }
  });
  test('Go `calicovppctl export`: timestamp prefix, tab-separated tables; tar then gzip', async () => {
    const files = exportFiles({ layout: 'go' });
    const root = writeTree(files);
    const tar = tarGz(root, 'export.tar', { gzip: false });
    execFileSync('gzip', ['-9', tar]);
    try {
      const b = await openBundlePaths([`${tar}.gz`]);
      assert.deepEqual([b.layout, b.prefix], ['go', '20251002-081500']);
      assertClassified(b, files, '20251002-081500-', false);
      const pods = nodeState(b, NODE_B)!;
      assert.equal(pods.ipipTunnels()!.parsed.data.tunnels[0]!.dst, '172.18.0.3');
    } finally {
      cleanup(root, `${tar}.gz`);
    }
  });
  test('plain tar (ustar) and the unpacked folder give the same classification', async () => {
    const files = exportFiles({ layout: 'bash' });
    const root = writeTree(files);
    const tar = tarGz(root, 'export.tar', { gzip: false });
    try {
      const a = await openBundlePaths([tar]);
      const f = await openBundlePaths([root]);
      assert.equal(f.source, 'folder');
      assert.equal(f.layout, 'bash');
      const rows = (x: Bundle) => x.files.map((y) => `${y.path} ${y.kind} ${y.node}`).sort();
      assert.deepEqual(rows(f), rows(a));
      assertClassified(a, files, '', true);
    } finally {
      cleanup(root, tar);
    }
  });
  test('GNU long names (> 100 characters) and pax headers', async () => {
    const long = 'a-very-long-node-name-' + 'x'.repeat(90) + '.cluster.local';
    const files = { [`export/${long}.show-int`]: exportFiles({ layout: 'bash' })[key(exportFiles({ layout: 'bash' }), 'node-a.show-int')]! };
    const root = writeTree(files);
    try {
      for (const format of ['gnu', 'pax', 'ustar']) {
        const out = path.join(root, '..', `${path.basename(root)}-${format}.tar`);
        const r = (() => {
          try {
            execFileSync('tar', [`--format=${format}`, '-cf', out, '-C', root, 'export'], { stdio: 'pipe' });
            return true;
          } catch {
            return false; // ustar cannot store this name: tar refuses, which is fine
          }
        })();
        if (!r) continue;
        const b = await openBundlePaths([out]);
        assert.deepEqual(b.nodes.map((n) => n.name), [long], format);
        assert.equal(b.files[0]!.kind, 'show-int');
        cleanup(out);
      }
    } finally {
      cleanup(root);
    }
  });
});

describe('loose files and captures added to a bundle', () => {
  test('captures are assigned to their node by name or folder; unknown files warn', async () => {
    const files: Record<string, string | Uint8Array> = { ...exportFiles({ layout: 'bash' }) };
    files['captures/pcap_node-a.pcap.gz'] = gzipSync(pcapHeader(1));
    files['captures/dispatch_node-b.example.com.pcap.gz'] = gzipSync(pcapHeader(280));
    files[`captures/${NODE_B}/trace.txt`] = 'Packet 1\n\n00:00:01:000001: virtio-input\n';
    files['captures/notes.md'] = 'what I did yesterday\n';
    const root = writeTree(files);
    try {
      const b = await openBundlePaths([root]);
      const byPath = new Map(b.files.map((f) => [f.path, f]));
      assert.deepEqual([byPath.get('captures/pcap_node-a.pcap.gz')!.kind, byPath.get('captures/pcap_node-a.pcap.gz')!.node, byPath.get('captures/pcap_node-a.pcap.gz')!.gzip], ['pcap', NODE_A, true]);
      assert.deepEqual([byPath.get('captures/dispatch_node-b.example.com.pcap.gz')!.kind, byPath.get('captures/dispatch_node-b.example.com.pcap.gz')!.node], ['dispatch-pcap', NODE_B]);
      const trace = byPath.get(`captures/${NODE_B}/trace.txt`)!;
      assert.deepEqual([trace.kind, trace.node, trace.how, trace.placed], ['trace', NODE_B, 'name', 'folder']);
      assert.equal(byPath.get('captures/notes.md')!.kind, 'unknown');
      assert.deepEqual(b.warnings.map((w) => w.input), ['captures/notes.md']);
      assert.equal(fileBytes(byPath.get('captures/pcap_node-a.pcap.gz')!, nodeInflate).length, 24);
    } finally {
      cleanup(root);
    }
  });
  test('an archive plus loose captures given together; trace.txt with two nodes is not placed', async () => {
    const root = writeTree(exportFiles({ layout: 'go' }));
    const tgz = tarGz(root);
    const extra = writeTree({ 'trace.txt.gz': gzipSync('Packet 1\n\n00:00:01:000001: virtio-input\n'), [`pcap_${NODE_A}.pcap.gz`]: gzipSync(pcapHeader(1)) });
    try {
      const b = await openBundlePaths([tgz, path.join(extra, 'trace.txt.gz'), path.join(extra, `pcap_${NODE_A}.pcap.gz`)]);
      const trace = b.files.find((f) => f.path === 'trace.txt.gz')!;
      assert.deepEqual([trace.kind, trace.node, trace.gzip], ['trace', null, true]);
      assert.ok(b.warnings.some((w) => w.input === 'trace.txt.gz' && /which node/.test(w.message)));
      assert.equal(b.files.find((f) => f.path === `pcap_${NODE_A}.pcap.gz`)!.node, NODE_A);
    } finally {
      cleanup(root, tgz, extra);
    }
  });
  test('loose vppctl outputs without node names: sniffed by content, grouped under one node', () => {
    const files = exportFiles({ layout: 'bash' });
    const b = openBundle([
      { path: 'int.txt', bytes: new TextEncoder().encode(files[key(files, 'node-a.show-int')]!) },
      { path: 'run.txt', bytes: new TextEncoder().encode(files[key(files, 'node-a.show-run')]!) },
      { path: 'trace.txt', bytes: new TextEncoder().encode('------------------- Start of thread 0 vpp_main -------------------\nNo packets in trace buffer\n') },
    ]);
    assert.equal(b.layout, 'files');
    assert.deepEqual(b.files.map((f) => [f.kind, f.node, f.how, f.placed]), [['show-int', 'node', 'content', 'implicit'], ['show-run', 'node', 'content', 'implicit'], ['trace', 'node', 'name', 'implicit']]);
    assert.ok(b.warnings.some((w) => /grouped under 'node'/.test(w.message)));
  });
  test('one gzipped loose file opens as a one-file bundle (in memory)', () => {
    const files = exportFiles({ layout: 'bash' });
    const b = openBundle(new Uint8Array(gzipSync(files[key(files, 'node-a.show-buffers')]!)), { inflate: nodeInflate, name: 'node-a.show-buffers.gz' });
    assert.deepEqual([b.source, b.files[0]!.path, b.files[0]!.kind, b.files[0]!.node], ['files', 'node-a.show-buffers', 'show-buffers', 'node-a']);
  });
  test('a file that holds an error is parsed as that error, not as data', async () => {
    const files = exportFiles({ layout: 'go' });
    files[key(files, 'node-a.show-npol-rules')] = "show npol: unknown input `rules'\n[calicovppctl] command failed: exit status 1\n";
    const root = writeTree(files);
    try {
      const b = await openBundlePaths([root]);
      const f = b.files.find((x) => x.path.endsWith('node-a.show-npol-rules'))!;
      assert.equal(f.kind, 'npol-rules');
      const p = parseFile<'npol-rules'>(f)!;
      assert.match(p.failure!.message, /unknown input/);
      assert.deepEqual(p.data.rules, []);
    } finally {
      cleanup(root);
    }
  });
  test('text that is not UTF-8 survives (bytes kept, parsed with replacement characters)', () => {
    const bad = new Uint8Array([...new TextEncoder().encode('2025/10/02 14:30:07:056 error memif_plugin caf'), 0xe9, 0xff, ...new TextEncoder().encode(' broken\n2025/10/02 14:30:08:000 info memif_plugin ok\n')]);
    const b = openBundle([{ path: 'export/node-a.show-log', bytes: bad }]);
    const f = b.files[0]!;
    assert.equal(f.bytes[46], 0xe9);
    const p = parseFile<'show-log'>(f)!;
    assert.equal(p.data.entries.length, 2);
    assert.match(p.data.entries[0]!.message, /caf\uFFFD\uFFFD broken/);
    assert.equal(p.data.entries[1]!.message, 'ok');
  });
});

function pcapHeader(linktype: number): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65536, true);
  v.setUint32(20, linktype, true);
  return b;
}

