// Specific parser behaviours, on corpus files and on small inline inputs.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace, parseTraceBytes, sniffTrace, sniffTraceText, timestampToUs } from '../../../src/core/trace';
import { readTrace } from './corpus';

const enc = new TextEncoder();
const TH0 = '------------------- Start of thread 0 vpp_main -------------------';
const TH1 = '------------------- Start of thread 1 vpp_wk_0 -------------------';

function nodes(r: ReturnType<typeof parseTrace>): string[][] {
  return r.packets.map((p) => p.hops.map((h) => h.node));
}

describe('line endings, prompts and framing', () => {
  test('CRLF input gives the same packets, with no CR left in any line', () => {
    const f = 'vpp1807-afpacket-icmp-arp-echo-reply-unknown-type-drop.txt';
    const lf = readTrace(f);
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = parseTrace(f, lf);
    const b = parseTrace(f, crlf);
    assert.deepEqual(nodes(b), nodes(a));
    assert.equal(b.warnings.length, 0);
    for (const p of b.packets)
      for (const h of p.hops) {
        assert.ok(!h.node.includes('\r'));
        assert.ok(!(h.timestamp ?? '').includes('\r'));
        for (const l of h.lines) assert.ok(!l.text.includes('\r'), `CR in line ${l.line}`);
      }
    assert.deepEqual(
      b.packets[0]!.hops[2]!.lines.map((l) => l.text),
      a.packets[0]!.hops[2]!.lines.map((l) => l.text),
    );
  });

  test('a vpp# prompt and the command echo are skipped without warnings', () => {
    const text = [
      'vpp# show trace',
      TH0,
      'Packet 1',
      '',
      '00:00:01:000001: pg-input',
      '  stream s0, 60 bytes, sw_if_index 1',
      '00:00:01:000009: error-drop',
      '  rx:pg0',
      '',
      'vpp# ',
      '$ vppctl show trace max 5',
      'show trace',
      '',
    ].join('\n');
    const r = parseTrace('prompt', text);
    assert.equal(r.warnings.length, 0, JSON.stringify(r.warnings));
    assert.deepEqual(nodes(r), [['pg-input', 'error-drop']]);
    assert.deepEqual(r.packets[0]!.hops[1]!.lines.map((l) => l.text), ['  rx:pg0']);
  });

  test('Limiting display sentence glued to the next thread header', () => {
    const text = [
      'Limiting display to 1 packets. To display more specify max.',
      TH0,
      'Packet 1',
      '',
      '00:00:01:000001: pg-input',
      '  stream s0, 60 bytes',
      '',
      `Limiting display to 1 packets. To display more specify max.${TH1}`,
      'Packet 1',
      '',
      '00:00:02:000001: dpdk-input',
      '  eth0 rx queue 0',
      '',
    ].join('\n');
    const r = parseTrace('glued', text);
    assert.deepEqual(r.threads.map((t) => [t.index, t.name, t.line]), [[0, 'vpp_main', 2], [1, 'vpp_wk_0', 8]]);
    assert.deepEqual(r.packets.map((p) => [p.id, p.thread, p.number]), [['t0p1', 0, 1], ['t1p1', 1, 1]]);
    assert.deepEqual(nodes(r), [['pg-input'], ['dpdk-input']]);
    // the limit notices are reported (line 1 and line 8), nothing else
    assert.deepEqual(r.warnings.map((w) => w.line), [1, 8]);
    assert.ok(r.warnings.every((w) => /showed only 1 packets/.test(w.message)));
    assert.ok(!r.packets[0]!.hops[0]!.lines.some((l) => l.text.includes('Limiting')));
  });

  test('empty threads and thread headers with trailing spaces', () => {
    const r = parseTrace('f', readTrace('vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt'));
    assert.deepEqual(r.threads.map((t) => [t.index, t.name, t.empty]), [[0, 'vpp_main', true], [1, 'vpp_wk_0', false], [2, 'vpp_wk_1', false]]);
    const r2 = parseTrace('f', readTrace('vpp1609-dpdk-input-ip6-hop-by-hop-ioam-mbuf.txt'));
    assert.equal(r2.threads.length, 1);
    assert.equal(r2.warnings.length, 0);
  });

  test('node lines before any Packet header form one packet; unplaced lines are warnings with their line', () => {
    const r = parseTrace('f', readTrace('vpp2202dev-fragment-ipsec0-midchain-local0-output-drop.txt'));
    assert.equal(r.packets.length, 1);
    assert.equal(r.packets[0]!.number, null);
    assert.equal(r.packets[0]!.id, 'p1');
    assert.deepEqual(r.warnings.map((w) => w.line), [1]); // the "..." elision line
    assert.match(r.warnings[0]!.message, /\.\.\./);
  });

  test('a detail line outside any packet is reported, not dropped silently', () => {
    const r = parseTrace('x', `${TH0}\nsomething odd\nPacket 1\n\n00:00:00:000001: pg-input\n`);
    assert.equal(r.warnings.length, 1);
    assert.equal(r.warnings[0]!.line, 2);
    assert.match(r.warnings[0]!.message, /something odd/);
  });
});

describe('entries', () => {
  test('hops keep node, timestamp text, time in µs and their lines with line numbers', () => {
    const r = parseTrace('f', readTrace('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'));
    const p = r.packets[0]!;
    const h = p.hops[0]!;
    assert.equal(h.node, 'virtio-input');
    assert.equal(h.timestamp, '00:09:46:518858');
    assert.equal(h.timeUs, ((0 * 60 + 9) * 60 + 46) * 1e6 + 518858);
    assert.equal(h.line, 3);
    assert.deepEqual(h.lines, [
      { text: '  virtio: hw_if_index 2 next-index 1 vring 0 len 688', line: 4 },
      { text: '    hdr: flags 0x00 gso_type 0x00 hdr_len 0 gso_size 0 csum_start 0 csum_offset 0 num_buffers 1', line: 5 },
    ]);
    assert.equal(p.hops[6]!.node, 'tun4-tx');
    assert.equal(p.hops[6]!.timeUs! - p.hops[0]!.timeUs!, 518881 - 518858);
  });

  test('unix and datetime timestamps (VPP 26.06), node names with / and :', () => {
    const text = [
      'Packet 1',
      '',
      '1714567890.123456: dpdk-input',
      '  GigabitEthernet0/8/0 rx queue 0',
      '1714567890.123460: GigabitEthernet0/8/0-output',
      '  GigabitEthernet0/8/0',
      '',
      'Packet 2',
      '',
      '2026-05-04T10:11:12.000001: memif3167820124/0-tx',
      '2026-05-04T10:11:12.000250: vendor:node',
      '',
    ].join('\n');
    const r = parseTrace('ts', text);
    assert.equal(r.warnings.length, 0);
    assert.deepEqual(nodes(r), [['dpdk-input', 'GigabitEthernet0/8/0-output'], ['memif3167820124/0-tx', 'vendor:node']]);
    assert.equal(r.packets[0]!.hops[0]!.timeUs, 1714567890123456);
    assert.equal(r.packets[0]!.hops[1]!.timeUs, 1714567890123460);
    assert.equal(r.packets[1]!.hops[0]!.timestamp, '2026-05-04T10:11:12.000001');
    assert.equal(r.packets[1]!.hops[0]!.timeUs, Date.UTC(2026, 4, 4, 10, 11, 12) * 1000 + 1);
    assert.equal(r.packets[1]!.hops[1]!.timeUs! - r.packets[1]!.hops[0]!.timeUs!, 249);
    assert.equal(timestampToUs('23:59:59:999999'), 86399999999);
    assert.equal(timestampToUs('not a time'), null);
  });

  test('detail lines at column 0 (paste lost the indentation) stay with their entry', () => {
    const r = parseTrace('f', readTrace('vpp2206dev-multithread-pg-ipsec4-spd-no-indentation.txt'));
    assert.equal(r.warnings.length, 0);
    const h = r.packets[0]!.hops.find((x) => x.node === 'ipsec4-output-feature')!;
    assert.deepEqual(h.lines.map((l) => l.text), ['spd 1 policy 1']);
    const pg = r.packets[0]!.hops[0]!;
    assert.equal(pg.lines.length, 7);
    assert.equal(pg.lines[0]!.text, 'stream ipsec, 100 bytes, sw_if_index 3');
    // legacy iOAM lines at column 0 inside an entry
    const r2 = parseTrace('f', readTrace('vpp1609-afpacket-l2-vxlan-gpe-ioam-encap-bvi-drop.txt'));
    const io = r2.packets[0]!.hops.find((x) => x.node === 'vxlan-gpe-encap-ioam-v4')!;
    assert.ok(io.lines.some((l) => l.text === 'app 0x0'));
    assert.ok(io.lines.some((l) => l.text === 'VXLAN-GPE-ENCAP: tunnel 0'));
  });

  test('blank lines inside an entry are kept, trailing blank lines are not', () => {
    const r = parseTrace('f', readTrace('vpp1609-afpacket-vxlan-gpe-ioam-decap.txt'));
    const h = r.packets[0]!.hops.find((x) => x.node === 'vxlan4-gpe-input')!;
    assert.equal(h.lines[h.lines.length - 1]!.text, 'app 0xa5a55e5e');
    const r2 = parseTrace('f', readTrace('vpp1609-dpdk-input-ip6-hop-by-hop-ioam-mbuf.txt'));
    const tx = r2.packets[0]!.hops[r2.packets[0]!.hops.length - 1]!;
    assert.ok(tx.lines.some((l) => l.text === ''), 'blank line inside the tx entry kept');
    assert.equal(tx.lines.length, 7);
  });

  test('an entry header followed by several bodies (l2-flood copies) stays one hop with all lines', () => {
    const r = parseTrace('f', readTrace('vpp2510dev-fragment-dpdk-dot1q-l2-flood-two-copies-one-record.txt'));
    const p = r.packets[0]!;
    assert.equal(p.hops.filter((h) => h.node === 'l2-flood').length, 1);
    const flood = p.hops.find((h) => h.node === 'l2-flood')!;
    assert.equal(flood.lines.length, 2);
    const out = p.hops.find((h) => h.node === 'hge0/0-output')!;
    assert.ok(out.lines.some((l) => l.text.startsWith('  hge0/0.1002 flags')));
    assert.ok(out.lines.some((l) => l.text.startsWith('  hge0/0.1001 flags')));
    const tx = p.hops.find((h) => h.node === 'hge0/0-tx')!;
    assert.equal(tx.lines.filter((l) => l.text.includes('tx queue 1')).length, 2);
  });

  test('nodes without details', () => {
    const r = parseTrace('x', 'Packet 1\n\n00:00:00:000001: a-node\n00:00:00:000002: b-node\n  detail\n\n');
    assert.deepEqual(r.packets[0]!.hops.map((h) => h.lines.length), [0, 1]);
  });
});

describe('cut files and handoffs', () => {
  test('a file cut in the middle of a packet marks that packet truncated, not the others', () => {
    const text = readTrace('vpp1704dev-pg-ip4-vrf-udp-forward.txt');
    const full = parseTrace('f', text);
    assert.ok(full.packets.every((p) => !p.truncated));
    // cut in the middle of a line of packet 3
    const at = text.indexOf('Packet 3');
    const cut = text.slice(0, text.indexOf('ip4-lookup', at) + 5);
    const r = parseTrace('f', cut);
    assert.equal(r.packets.length, 3);
    assert.deepEqual(r.packets.map((p) => p.truncated), [false, false, true]);
    // cut at a line boundary before the packet reached its output node
    const cut2 = text.slice(0, text.indexOf('ip4-rewrite', at) - 17);
    const r2 = parseTrace('f', cut2);
    assert.equal(r2.packets[2]!.truncated, true);
    assert.equal(r2.packets[2]!.hops[r2.packets[2]!.hops.length - 1]!.node, 'ip4-lookup');
    // the corpus trace that stops after ip4-input
    assert.equal(parseTrace('f', readTrace('calicovpp2022-memif-input-tcp-syn-truncated.txt')).packets[0]!.truncated, true);
  });

  test('handed-off packets are linked to their origin through the trace handle', () => {
    const r = parseTrace('f', readTrace('vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt'));
    const origins = r.packets.filter((p) => p.thread === 1);
    const conts = r.packets.filter((p) => p.thread === 2);
    assert.equal(origins.length, 5);
    assert.equal(conts.length, 5);
    for (let i = 0; i < 5; i++) {
      const c = conts[i]!;
      assert.deepEqual(c.handoff, { fromThread: 1, traceIndex: i });
      // origin: the packet of thread 1 whose pg-input line shows trace handle 0x100000<i>
      const o = origins.find((p) => p.hops[0]!.lines.some((l) => l.text.includes(`trace handle 0x100000${i}`)))!;
      assert.equal(c.continues, o.id);
      assert.equal(o.continuedBy, c.id);
      assert.equal(o.traceHandle, 0x1000000 + i);
    }
    assert.equal(r.warnings.length, 0);
  });

  test('a handoff whose origin is not in the input is reported', () => {
    const text = `${TH1}\nPacket 1\n\n00:00:01:000001: handoff_trace\n  HANDED-OFF: from thread 3 trace index 7\n00:00:01:000002: error-drop\n  rx:local0\n\n`;
    const r = parseTrace('x', text);
    assert.deepEqual(r.packets[0]!.handoff, { fromThread: 3, traceIndex: 7 });
    assert.equal(r.packets[0]!.continues, null);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]!.message, /could not be linked/);
  });
});

describe('bytes, empty and binary inputs, sniffing', () => {
  test('empty input gives an error result, not an exception', () => {
    const r = parseTraceBytes('empty.txt', new Uint8Array(0));
    assert.equal(r.packets.length, 0);
    assert.equal(r.error, 'empty file');
    assert.equal(r.warnings[0]!.message, 'empty file');
  });

  test('binary input gives an error result naming the problem', () => {
    const b = new Uint8Array(4096);
    for (let i = 0; i < b.length; i++) b[i] = (i * 7919) & 0xff;
    const r = parseTraceBytes('blob.bin', b);
    assert.equal(r.packets.length, 0);
    assert.match(r.error ?? '', /binary/);
  });

  test('UTF-8 bytes with invalid sequences are decoded lossily', () => {
    const text = readTrace('vpp1908dev-fragment-pg-arp-disabled-drop.txt');
    const bytes = enc.encode(text);
    const withBad = new Uint8Array(bytes.length + 2);
    withBad.set(bytes.subarray(0, 40));
    withBad.set([0xc3, 0x28], 40);
    withBad.set(bytes.subarray(40), 42);
    const r = parseTraceBytes('f', withBad);
    assert.equal(r.error, null);
    assert.deepEqual(nodes(r), [['pg-input', 'ethernet-input', 'arp-input', 'arp-disabled', 'error-drop', 'drop']]);
  });

  test('sniffTrace recognises trace text and rejects other outputs and binary', () => {
    assert.equal(sniffTrace(enc.encode(readTrace('vpp1908-multithread-pg-handoff-hexdump-no-packets-thread0.txt'))), true);
    assert.equal(sniffTrace(enc.encode(readTrace('stonework-dpdk-input-nat44-in2out-output-tcp-syn.txt'))), true);
    assert.equal(sniffTraceText('              Name               Idx    State  MTU (L3/IP4/IP6/MPLS)     Counter          Count\nlocal0                            0     down          0/0/0/0\n'), false);
    assert.equal(sniffTrace(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0])), false);
    assert.equal(sniffTrace(new Uint8Array(0)), false);
  });
});

describe('large and repeated inputs', () => {
  test('the same output pasted many times: unique packet ids, time linear in the size', () => {
    const one = readTrace('vpp1704dev-pg-input-only-single-node-packets.txt');
    const copies = 3000;
    const text = Array(copies).fill(one).join('\n');
    const t0 = performance.now();
    const r = parseTrace('many', text);
    const s = (performance.now() - t0) / 1000;
    assert.equal(r.packets.length, 6 * copies);
    assert.equal(new Set(r.packets.map((p) => p.id)).size, r.packets.length);
    assert.equal(r.packets[6]!.id, 't0p1-2');
    assert.equal(r.packets[6 * copies - 1]!.id, `t0p6-${copies}`);
    assert.ok(s / (text.length / 1e6) < 2, `${(s / (text.length / 1e6)).toFixed(2)} s/MB`);
  });

  test('packets and hops are plain data for JSON and structuredClone', () => {
    const r = parseTrace('f', readTrace('calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt'));
    const viaJson = JSON.parse(JSON.stringify(r.packets[0]));
    assert.equal(viaJson.hops.length, 7);
    assert.deepEqual(viaJson.hops[0].lines[0], { text: '  virtio: hw_if_index 2 next-index 1 vring 0 len 688', line: 4 });
    const cloned = structuredClone(r.packets[0]!);
    assert.equal(cloned.hops[3]!.node, 'ip4-cnat-tx');
    assert.deepEqual(cloned.hops[3]!.lines, r.packets[0]!.hops[3]!.lines);
    assert.equal(r.packets[0]!.hops, r.packets[0]!.hops, 'hops are built once and kept');
  });
});
