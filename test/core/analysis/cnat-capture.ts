// A dispatch capture of a cnat translation, built from real packet bytes: the hex dump that VPP
// printed at tun4-output in the corpus trace `calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt`
// (a reply from the API server 20.0.0.1:6443 NATed by ip4-cnat-tx to the service 11.96.0.1:443).
// The records before the NAT carry the same packet with the pre-NAT source and TTL 64, as that
// trace's ip4-input entry prints it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatchMetadata, encodeDispatchRecord, LINKTYPE_VPP_DISPATCH } from '../../../src/core/capture/dispatch-record';
import { writePcap, type WriteFrame } from '../../../src/core/capture/writer';
import { csum } from '../decode/build';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const CNAT_TRACE = path.join(corpus, 'trace', 'calicovpp2021-virtio-input-cnat-tx-tun4-tx-tcp.txt');

/** Bytes of the hex dump printed under `node` in a trace text. */
export function hexdumpOf(text: string, node: string): Uint8Array {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => new RegExp(`: ${node}$`).test(l));
  const out: number[] = [];
  for (let k = at + 1; k < lines.length && !/^\d\d:\d\d:\d\d:\d+: /.test(lines[k]!); k++) {
    const m = /^\s+([0-9a-f]{8}): ([0-9a-f]+)\s*$/.exec(lines[k]!);
    if (m) for (let i = 0; i + 1 < m[2]!.length; i += 2) out.push(parseInt(m[2]!.slice(i, i + 2), 16));
  }
  return Uint8Array.from(out);
}

function withIpChecksum(p: Uint8Array): Uint8Array {
  const b = p.slice();
  b[10] = 0;
  b[11] = 0;
  const c = csum(b.subarray(0, 20));
  b[10] = c >> 8;
  b[11] = c & 0xff;
  return b;
}

export interface CnatPackets {
  /** As VPP received it: source 20.0.0.1:6443, TTL 64. */
  before: Uint8Array;
  /** After ip4-cnat-tx, before ip4-rewrite: source 11.96.0.1:443, TTL 64. */
  natted: Uint8Array;
  /** After ip4-rewrite (the bytes of the corpus hex dump): TTL 63. */
  after: Uint8Array;
  /** Full IP length (the dump shows the first bytes only). */
  ipLength: number;
}

export function cnatPackets(): CnatPackets {
  const after = hexdumpOf(readFileSync(CNAT_TRACE, 'utf8'), 'tun4-output');
  const natted = after.slice();
  natted[8] = 64;
  const before = natted.slice();
  before.set([20, 0, 0, 1], 12);
  before.set([0x19, 0x2b], 20); // 6443
  before.set([0x00, 0xb7], 36); // TCP checksum as ip4-input printed it
  return { before: withIpChecksum(before), natted: withIpChecksum(natted), after, ipLength: (after[2]! << 8) | after[3]! };
}

export const CNAT_BUFFER = 0x24cf615;
export const CNAT_NODES = ['ip4-input', 'ip4-lookup', 'ip4-cnat-tx', 'ip4-rewrite', 'tun4-output', 'tun4-tx'];

/** Dispatch records of the cnat packet at every node, as VPP's dispatch tracer writes them. */
export function cnatRecords(opts: { bufferIndex?: number; t0Ns?: bigint; withTrace?: boolean } = {}): WriteFrame[] {
  const p = cnatPackets();
  const bi = opts.bufferIndex ?? CNAT_BUFFER;
  const t0 = opts.t0Ns ?? 586_518_866_000n;
  const bytesAt = [p.before, p.before, p.before, p.natted, p.after, p.after];
  const traceText = readFileSync(CNAT_TRACE, 'utf8');
  return CNAT_NODES.map((node, k) => {
    const pkt = bytesAt[k]!;
    // The trace text of a record holds the entries of the nodes before it (docs: dispatch §2.4).
    const upTo = k === 0 ? null : traceText.slice(traceText.indexOf('00:09:46:518858'), traceText.indexOf(`: ${node}\n`) - 15);
    const rec = encodeDispatchRecord({
      nodeName: node,
      bufferIndex: bi,
      protocolHint: node === 'ip4-input' ? 2 : 0,
      metadata: dispatchMetadata({ flags: ['ip4', 'l3_hdr_offset_valid'], currentData: 0, currentLength: p.ipLength, traceHandle: 0x1000000 }),
      opaque: `raw: 00000006 ffffffff\nsw_if_index[VLIB_RX]: 6, sw_if_index[VLIB_TX]: -1\nL2 offset 0, L3 offset 0, L4 offset 20, feature arc index 0\n`,
      opaque2: 'raw: 00000000\nloop_counter: 0\n',
      trace: opts.withTrace && upTo ? `\n${upTo}` : null,
      packet: pkt,
    });
    const strings = rec.length - pkt.length;
    return { data: rec, origLen: strings + p.ipLength, linkType: LINKTYPE_VPP_DISPATCH, timeNs: t0 + BigInt(k) * 2_000n };
  });
}

export function cnatCapture(opts: Parameters<typeof cnatRecords>[0] = {}): Uint8Array {
  return writePcap(cnatRecords(opts), { snapLen: 65536 });
}
