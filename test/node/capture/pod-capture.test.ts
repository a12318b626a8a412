// Pod-side capture commands: checked by bash itself (`bash -n`), the Python AF_PACKET program by
// Python's compiler, quoting by a round trip through bash, and a pod without a node or on the host
// network refused.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { V1Pod } from '@kubernetes/client-node';
import { afPacketSnippet, podCaptureCommands, shellQuote } from '../../../src/node/capture/index';

const noBash = spawnSync('bash', ['-c', 'true']).status === 0 ? undefined : 'bash is not installed';
const noPython = spawnSync('/usr/bin/python3', ['-c', 'pass']).status === 0 ? undefined : '/usr/bin/python3 is not installed';

function pod(o: { runtime?: string; hostNetwork?: boolean; node?: string; name?: string } = {}): V1Pod {
  return {
    metadata: { namespace: 'default', name: o.name ?? 'web-1' },
    spec: { nodeName: o.node ?? 'node-1', hostNetwork: o.hostNetwork, containers: [{ name: 'web' }] },
    status: { containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: 'nginx', imageID: 'x', containerID: `${o.runtime ?? 'containerd'}://${'ab12'.repeat(16)}` }] },
  } as V1Pod;
}

describe('podCaptureCommands', { skip: noBash }, () => {
  test('containerd / docker / unknown runtime: valid bash, the PID from the runtime, nsenter tcpdump with the filter', () => {
    for (const runtime of ['containerd', 'docker', 'cri-o', 'other']) {
      const c = podCaptureCommands(pod({ runtime }), { count: 50, filter: { protocol: 'tcp', dstPort: 8080, srcIp: '10.0.0.1' } });
      for (const lines of [c.tcpdump, c.python]) {
        const r = spawnSync('bash', ['-n'], { input: lines.join('\n') + '\n', encoding: 'utf8' });
        assert.equal(r.status, 0, `${runtime}: ${r.stderr}\n${lines.join('\n')}`);
      }
      assert.equal(c.node, 'node-1');
      const last = c.tcpdump[c.tcpdump.length - 1]!;
      assert.match(last, /^nsenter -t "\$PID" -n tcpdump -ni eth0 -c 50 -w \/tmp\/default_web-1\.pcap 'tcp and src host 10\.0\.0\.1 and dst port 8080'$/);
      if (runtime === 'docker') assert.match(c.tcpdump.join('\n'), /docker inspect --format '\{\{\.State\.Pid\}\}' ab12/);
      else if (runtime === 'other') assert.match(c.tcpdump.join('\n'), /crictl pods -q --namespace default --name web-1/);
      else assert.match(c.tcpdump.join('\n'), /crictl inspect --output go-template --template '\{\{\.info\.pid\}\}' ab12/);
    }
  });

  test('the Python AF_PACKET program compiles and the shell gives it to python3 unchanged', { skip: noPython }, () => {
    const c = podCaptureCommands(pod(), { count: 7 });
    const prog = afPacketSnippet('eth0', 7, c.file);
    const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, ast; ast.parse(sys.stdin.read())'], { input: prog, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // What bash passes to `python3 -c` is the program itself.
    const line = c.python[c.python.length - 1]!.replace(/^nsenter -t "\$PID" -n python3 -c /, 'printf %s ');
    const echo = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
    assert.equal(echo.stdout, prog);
  });

  test('property: shellQuote round-trips any string through bash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }).filter((s) => !s.includes('\0')), (s) => {
        const r = spawnSync('bash', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
        return r.stdout === s;
      }),
      { numRuns: 60 },
    );
  });

  test('pods without a node or on the host network are refused with the reason', () => {
    assert.throws(() => podCaptureCommands(pod({ hostNetwork: true })), /host network/);
    assert.throws(() => podCaptureCommands(pod({ node: '' })), /not scheduled/);
    assert.throws(() => podCaptureCommands(pod(), { iface: 'eth0; reboot' }), /invalid interface/);
  });
});

// The generated commands for real, in a network namespace this test creates (and deletes): a
// process in it stands for the pod's container, UDP datagrams on its loopback are the traffic.
const notRoot = process.getuid?.() === 0 ? undefined : 'needs root (network namespaces, AF_PACKET)';
const noTools = ['ip', 'tcpdump', 'nsenter', 'tshark'].find((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);

describe('pod capture commands, run in a real network namespace', { skip: noBash ?? noPython ?? notRoot ?? (noTools ? `${noTools} is not installed` : undefined) }, () => {
  const ns = `vppz-podcap-${process.pid}`;
  test('tcpdump and the Python AF_PACKET program capture what the namespace carries', { timeout: 60_000 }, async (t) => {
    assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
    const holder = spawn('ip', ['netns', 'exec', ns, 'sleep', '60']);
    t.after(() => {
      holder.kill();
      spawnSync('ip', ['netns', 'delete', ns]);
    });
    spawnSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    await new Promise((r) => setTimeout(r, 200));
    const send = () => spawnSync('ip', ['netns', 'exec', ns, '/usr/bin/python3', '-c', 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nfor _ in range(3): s.sendto(b"x", ("127.0.0.1", 9999))']);
    for (const kind of ['tcpdump', 'python'] as const) {
      const c = podCaptureCommands(pod({ name: `podcap-${process.pid}-${kind}` }), { count: 4, iface: 'lo', filter: kind === 'tcpdump' ? { protocol: 'udp', dstPort: 9999 } : null });
      rmSync(c.file, { force: true });
      t.after(() => rmSync(c.file, { force: true }));
      const lines = c[kind].map((l) => (l.startsWith('PID=') ? `PID=${holder.pid}` : l));
      const run = spawn('bash', ['-c', lines.join('\n')], { stdio: 'ignore' });
      const done = new Promise<number | null>((r) => run.on('close', r));
      let finished = false;
      void done.then(() => (finished = true));
      for (let k = 0; k < 50 && !finished; k++) {
        send();
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(await done, 0, `${kind} did not finish`);
      assert.ok(existsSync(c.file));
      const r = spawnSync('tshark', ['-r', c.file, '-T', 'fields', '-e', 'udp.dstport'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const ports = r.stdout.trim().split('\n');
      assert.equal(ports.length, 4, `${kind}: ${r.stdout}`);
      assert.ok(ports.every((p) => p === '9999'));
    }
  });
});
