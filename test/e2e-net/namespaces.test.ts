// Real captures made by tcpdump and dumpcap of traffic between two network namespaces, read by
// our capture reader and decoders and compared frame by frame with tshark (the oracle).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compareWithTshark, type OracleResult } from '../core/capture/tshark-oracle';
import { frameBytesSync, openCaptureSync } from '../../src/core/capture/open';
import { writePcap } from '../../src/core/capture/writer';
import { dispatchFromEthernet } from '../core/capture/dispatch-build';
import { nodeInflate } from '../../src/node/input';
import { createLab, destroyLab, netnsUnavailable, PYTHON, runIn, startIn, stop, type Lab } from './netns';

const here = path.dirname(fileURLToPath(import.meta.url));
const unavailable = netnsUnavailable();

describe('captures of namespace traffic agree with tshark', { skip: unavailable ?? false }, () => {
  let lab: Lab;
  let dir: string;
  const files: Record<string, string> = {};
  const results: Record<string, OracleResult> = {};

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pvz-netns-'));
    lab = createLab();
    const f = (n: string) => (files[n] = path.join(dir, n));
    const servers = await startIn(lab, lab.b, [PYTHON, path.join(here, 'servers.py')], /ready/);
    const caps = [
      await startIn(lab, lab.b, ['tcpdump', '-U', '-n', '-i', lab.vethB, '-w', f('micro.pcap')], /listening on/),
      await startIn(lab, lab.b, ['tcpdump', '-U', '-n', '--time-stamp-precision=nano', '-i', lab.vethB, '-w', f('nano.pcap')], /listening on/),
      await startIn(lab, lab.b, ['tcpdump', '-U', '-n', '-i', 'any', '-w', f('cooked.pcap')], /listening on/),
      await startIn(lab, lab.b, ['tcpdump', '-U', '-n', '-i', 'any', '-y', 'LINUX_SLL2', '-w', f('cooked2.pcap')], /listening on/),
      await startIn(lab, lab.b, ['dumpcap', '-q', '-i', lab.vethB, '-i', 'any', '-w', f('two.pcapng')], /Capturing on|File:/),
    ];
    await new Promise((r) => setTimeout(r, 500));
    // Forget neighbours learnt while the devices came up, so ARP is part of the capture.
    runIn(lab.a, ['ip', 'neigh', 'flush', 'all']);
    runIn(lab.b, ['ip', 'neigh', 'flush', 'all']);
    runIn(lab.a, [PYTHON, path.join(here, 'traffic.py'), lab.ipB, lab.ip6B, lab.vxB]);
    await new Promise((r) => setTimeout(r, 500));
    for (const c of caps) await stop(c);
    await stop(servers, 'SIGKILL');
    writeFileSync(f('micro.pcap.gz'), gzipSync(readFileSync(files['micro.pcap']!)));
  });

  after(() => {
    if (lab) destroyLab(lab);
    if (dir && !process.env.PVZ_KEEP) rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['micro.pcap', 'nano.pcap', 'cooked.pcap', 'cooked2.pcap', 'two.pcapng', 'micro.pcap.gz']) {
    test(`${name}: every frame matches tshark`, () => {
      const r = compareWithTshark(files[name]!);
      results[name] = r;
      assert.ok(r.frames > 20, `expected traffic, got ${r.frames} frames`);
      assert.equal(r.frames, r.tsharkFrames);
      assert.deepEqual(r.mismatches, []);
    });
  }

  test('the capture holds every kind of traffic that was sent', () => {
    const s = (results['micro.pcap'] ?? compareWithTshark(files['micro.pcap']!)).summaries;
    const has = (what: string, pred: (x: (typeof s)[number]) => boolean) => assert.ok(s.some(pred), `no ${what} frame`);
    has('ARP', (x) => x.protocol === 'ARP');
    has('ICMP echo', (x) => x.protocol === 'ICMP' && x.src === lab.ipA);
    has('IPv4 fragment (first, with ports)', (x) => x.protocol === 'UDP' && x.srcPort !== null && x.length > 1400);
    has('IPv4 fragment (later, without ports)', (x) => x.protocol === 'UDP' && x.ipVersion === 4 && x.srcPort === null);
    has('TCP with data', (x) => x.protocol === 'TCP' && x.length > 100 && x.dstPort === 5000);
    has('TCP SYN', (x) => x.protocol === 'TCP' && x.tcpFlags === 0x002);
    has('UDP', (x) => x.protocol === 'UDP' && x.dstPort === 5001 && x.length < 100);
    has('ICMPv6 (neighbour discovery)', (x) => x.protocol === 'ICMPv6' && x.dst!.startsWith('ff02::1:ff'));
    has('IPv6 fragment', (x) => x.ipVersion === 6 && x.ipId !== null);
    has('VXLAN with inner ICMP', (x) => x.vxlanVni === lab.vni && x.inner?.protocol === 'ICMP' && x.inner.src === lab.vxA);
    has('VXLAN with inner ARP', (x) => x.vxlanVni === lab.vni && x.inner?.protocol === 'ARP');
  });

  test('a dispatch capture built from the real frames agrees with tshark', () => {
    const c = openCaptureSync(new Uint8Array(readFileSync(files['micro.pcap']!)));
    const frames = Array.from({ length: c.index.count }, (_, i) => frameBytesSync(c, i));
    const file = path.join(dir, 'dispatch.pcap');
    writeFileSync(file, writePcap(dispatchFromEthernet(frames)));
    const r = compareWithTshark(file);
    assert.ok(r.frames > frames.length);
    assert.deepEqual(r.mismatches, []);
  });

  test('µs and ns captures of the same traffic: ns file keeps sub-µs digits, both are read', () => {
    const micro = openCaptureSync(new Uint8Array(readFileSync(files['micro.pcap']!)));
    const nano = openCaptureSync(new Uint8Array(readFileSync(files['nano.pcap']!)));
    assert.equal(micro.index.nanosecond, false);
    assert.equal(nano.index.nanosecond, true);
    assert.ok(Array.from(micro.index.tsNsec).every((n) => n % 1000 === 0));
  });

  test('pcapng from dumpcap: two interfaces with different link types', () => {
    const c = openCaptureSync(new Uint8Array(readFileSync(files['two.pcapng']!)), { inflate: nodeInflate });
    assert.equal(c.index.format, 'pcapng');
    const lts = new Set(c.index.interfaces.map((i) => i.linkType));
    assert.ok(lts.has(1), 'an Ethernet interface');
    assert.ok(lts.has(113) || lts.has(276), 'a Linux cooked interface');
    assert.ok(new Set(Array.from(c.index.ifaces)).size === 2, 'frames from both interfaces');
  });
});
