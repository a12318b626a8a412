// Dispatch records (link type 280) around Ethernet frames, for tests.
import { dispatchMetadata, encodeDispatchRecord } from '../../../src/core/capture/dispatch-record';
import type { WriteFrame } from '../../../src/core/capture/writer';

/** Dispatch records for real or crafted Ethernet frames: ethernet-input, then ip4/ip6-input. */
export function dispatchFromEthernet(frames: Uint8Array[], t0 = 5_000_000_000n): WriteFrame[] {
  const out: WriteFrame[] = [];
  frames.forEach((f, k) => {
    const bi = 0x1000 + k * 3;
    const t = t0 + BigInt(k) * 10_000n;
    const type = (f[12]! << 8) | f[13]!;
    const rec = (node: string, hint: number, pkt: Uint8Array, cd: number, trace: string | null) => {
      const data = encodeDispatchRecord({
        nodeName: node,
        bufferIndex: bi,
        protocolHint: hint,
        metadata: dispatchMetadata({ flags: ['l2_hdr_offset_valid'], currentData: cd, currentLength: pkt.length }),
        opaque: `sw_if_index[VLIB_RX]: 1, sw_if_index[VLIB_TX]: -1\nL2 offset 0, L3 offset 14, L4 offset 34, feature arc index 0\n`,
        opaque2: 'loop_counter: 0\n',
        trace,
        packet: pkt,
      });
      out.push({ data, linkType: 280, timeNs: t + (cd ? 1000n : 0n) });
    };
    rec('ethernet-input', 0, f, 0, k % 2 ? '\n00:00:05:000000: virtio-input\n  virtio: hw_if_index 1 next-index 4\n' : null);
    if (f.length > 34 && type === 0x0800) rec('ip4-input', 2, f.slice(14), 14, null);
    if (f.length > 54 && type === 0x86dd) rec('ip6-input', 0, f.slice(14), 14, null);
  });
  return out;
}

