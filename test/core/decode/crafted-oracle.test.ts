// Frames of every protocol we decode, assembled from the RFCs, written with our pcap/pcapng
// writers and read back both by us and by tshark: every summary field and a set of per-protocol
// tree fields must agree.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePcap, writePcapng, type WriteFrame } from '../../../src/core/capture/writer';
import { decodeFrame } from '../../../src/core/decode/frame';
import { findField, type DecodedField } from '../../../src/core/decode/common/tree';
import { compareWithTshark, TSHARK_OPTS, tsharkMissing } from '../capture/tshark-oracle';
import * as B from './build';
import { craftedEthernetFrames } from './crafted';

const skip = tsharkMissing();

describe('crafted frames: our decode agrees with tshark', { skip: skip ?? false }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pvz-crafted-'));
  const write = (name: string, bytes: Uint8Array) => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const eth = craftedEthernetFrames();
  const t0 = 1_700_000_000_123_456_789n;
  const frames = (lt: number, list: Uint8Array[]): WriteFrame[] => list.map((data, i) => ({ data, linkType: lt, timeNs: t0 + BigInt(i) * 1_000_001n }));
  const ipOnly = eth.filter((f) => f.length > 14 && (f[12] === 0x08 || f[12] === 0x86) && f[13] !== 0x06).map((f) => f.slice(14));

  test('Ethernet pcap (µs, little-endian)', () => {
    const r = compareWithTshark(write('eth.pcap', writePcap(frames(1, eth))));
    assert.equal(r.frames, eth.length);
    assert.deepEqual(r.mismatches, []);
  });
  test('Ethernet pcap (ns, big-endian)', () => {
    const r = compareWithTshark(write('eth-ns-be.pcap', writePcap(frames(1, eth), { nanosecond: true, littleEndian: false })));
    assert.equal(r.frames, eth.length);
    assert.ok(r.summaries.some((s) => s.timeNs!.endsWith('789')), 'nanoseconds kept');
    assert.deepEqual(r.mismatches, []);
  });
  test('raw IP link types 101, 228, 229', () => {
    const v4 = ipOnly.filter((f) => f[0]! >> 4 === 4);
    const v6 = ipOnly.filter((f) => f[0]! >> 4 === 6);
    for (const [name, lt, list] of [
      ['raw.pcap', 101, ipOnly],
      ['raw4.pcap', 228, v4],
      ['raw6.pcap', 229, v6],
    ] as const) {
      const r = compareWithTshark(write(name, writePcap(frames(lt, list))));
      assert.equal(r.frames, list.length);
      assert.deepEqual(r.mismatches, [], name);
    }
  });
  test('null (0, host order) and loop (108, network order)', () => {
    const fam = (f: Uint8Array, le: boolean) => {
      const af = f[0]! >> 4 === 4 ? 2 : 24;
      return B.cat(le ? [af, 0, 0, 0] : [0, 0, 0, af], f);
    };
    const r0 = compareWithTshark(write('null.pcap', writePcap(frames(0, ipOnly.map((f) => fam(f, true))))));
    assert.deepEqual(r0.mismatches, []);
    const r1 = compareWithTshark(write('loop.pcap', writePcap(frames(108, ipOnly.map((f) => fam(f, false))))));
    assert.deepEqual(r1.mismatches, []);
    assert.equal(r1.frames, ipOnly.length);
  });
  test('Linux cooked v1 and v2', () => {
    const sll = eth.map((f) => B.cat(B.u16(4), B.u16(1), B.u16(6), f.slice(6, 12), [0, 0], f.slice(12)));
    const sll2 = eth.map((f) => B.cat(f.slice(12, 14), [0, 0], B.u32(3), B.u16(1), [0, 6], f.slice(6, 12), [0, 0], f.slice(14)));
    assert.deepEqual(compareWithTshark(write('sll.pcap', writePcap(frames(113, sll)))).mismatches, []);
    assert.deepEqual(compareWithTshark(write('sll2.pcap', writePcap(frames(276, sll2)))).mismatches, []);
  });
  test('pcapng with several link types in one file (and two sections of different byte order)', () => {
    const mixed: WriteFrame[] = [...frames(1, eth.slice(0, 8)), ...frames(101, ipOnly.slice(0, 5)), ...frames(1, eth.slice(8, 12))];
    const one = writePcapng(mixed, { nanosecond: true });
    const two = writePcapng(frames(229, ipOnly.filter((f) => f[0]! >> 4 === 6)), { littleEndian: false });
    const r = compareWithTshark(write('multi.pcapng', B.cat(one, two)));
    assert.equal(r.frames, mixed.length + ipOnly.filter((f) => f[0]! >> 4 === 6).length);
    assert.deepEqual(r.mismatches, []);
  });

  test('per-protocol tree fields agree with tshark', () => {
    const file = write('eth2.pcap', writePcap(frames(1, eth)));
    const fields: [string, string, (v: string) => string][] = [
      ['geneve.vni', 'geneve.vni', (v) => String(parseInt(v, 16))],
      ['gre.key', 'gre.key', (v) => String(parseInt(v, 16))],
      ['esp.spi', 'esp.spi', (v) => String(parseInt(v, 16))],
      ['wg.type', 'wg.type', (v) => v],
      ['dns.qry.name', 'dns.qry', (v) => v],
      ['dns.a', 'dns.resp', (v) => v],
      ['icmpv6.nd.ns.target_address', 'icmpv6.nd.target', (v) => v],
      ['ip.ttl', 'ip.ttl', (v) => v],
      ['icmp.seq', 'icmp.seq', (v) => v],
      ['icmpv6.nd.na.target_address', 'icmpv6.nd.target', (v) => v],
    ];
    const out = execFileSync('tshark', ['-r', file, ...TSHARK_OPTS, '-d', 'udp.port==51820,wg', '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f', ...fields.flatMap(([t]) => ['-e', t])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const rows = out.trimEnd().split('\n').map((l) => l.split('\t'));
    assert.equal(rows.length, eth.length);
    const firstValue = (tree: DecodedField[], name: string): string | null => {
      const n = findField(tree, name);
      if (!n) return null;
      if (name === 'dns.resp') {
        const all: DecodedField[] = [];
        const walk = (xs: DecodedField[]) => xs.forEach((x) => (x.name === 'dns.resp' && / type A,/.test(x.label) ? all.push(x) : walk(x.children)));
        walk(tree);
        return all[0] ? String(all[0].value) : null;
      }
      if (name === 'gre.key' || name === 'esp.spi') return String(parseInt(String(n.value).replace(/^0x([0-9a-f]+).*$/, '$1'), 16));
      if (name === 'wg.type') return String(String(n.value).match(/\((\d+)\)/)?.[1]);
      return String(n.value);
    };
    let compared = 0;
    eth.forEach((frame, i) => {
      const tree = decodeFrame(frame, 1).tree;
      fields.forEach(([t, ours, conv], k) => {
        const theirs = rows[i]![k] ?? '';
        // Our tree names the NS and NA target alike: compare it with whichever tshark has.
        if (t === 'icmpv6.nd.ns.target_address' || t === 'icmpv6.nd.na.target_address') {
          const ns = rows[i]![fields.findIndex(([x]) => x === 'icmpv6.nd.ns.target_address')] ?? '';
          const na = rows[i]![fields.findIndex(([x]) => x === 'icmpv6.nd.na.target_address')] ?? '';
          if (t.includes('.na.')) return;
          const mine = firstValue(tree, ours);
          assert.equal(mine, ns || na || null, `frame ${i + 1} ND target`);
          if (mine) compared++;
          return;
        }
        if (t === 'dns.a' && theirs === '') return;
        const mine = firstValue(tree, ours);
        if (theirs === '') assert.equal(mine, null, `frame ${i + 1} ${t}: tshark has none, we have ${mine}`);
        else {
          assert.equal(mine, conv(theirs), `frame ${i + 1} ${t}`);
          compared++;
        }
      });
    });
    assert.ok(compared >= 12, `compared ${compared} values`);
  });

  test('cleanup', () => rmSync(dir, { recursive: true, force: true }));
});
