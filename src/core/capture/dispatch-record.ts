// Building the payload of a VPP dispatch-trace record (link type 280), as VPP's dispatch tracer
// writes it: version 1.0, string count, protocol hint, big-endian buffer index, NUL-terminated
// node name / metadata / opaque / opaque2 [/ trace], then the packet bytes.

export const LINKTYPE_VPP_DISPATCH = 280;

export interface DispatchRecordSpec {
  nodeName: string;
  bufferIndex: number;
  /** 0 none, 1 ethernet, 2 ip4, 3 ip6, 4 tcp, 5 udp. */
  protocolHint?: number;
  metadata?: string;
  opaque?: string;
  opaque2?: string;
  /** Packet trace text (makes the string count 5). */
  trace?: string | null;
  packet: Uint8Array;
  majorVersion?: number;
  minorVersion?: number;
}

const enc = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0x7f);

export function encodeDispatchRecord(r: DispatchRecordSpec): Uint8Array {
  const strings = [r.nodeName, r.metadata ?? '', r.opaque ?? '', r.opaque2 ?? ''];
  if (r.trace != null) strings.push(r.trace);
  const parts = strings.map(enc);
  const len = 8 + parts.reduce((a, p) => a + p.length + 1, 0) + r.packet.length;
  const out = new Uint8Array(len);
  out[0] = r.majorVersion ?? 1;
  out[1] = r.minorVersion ?? 0;
  out[2] = strings.length;
  out[3] = r.protocolHint ?? 0;
  new DataView(out.buffer).setUint32(4, r.bufferIndex >>> 0, false);
  let p = 8;
  for (const s of parts) {
    out.set(s, p);
    p += s.length + 1;
  }
  out.set(r.packet, p);
  return out;
}

/** The five metadata lines VPP prints (see docs: dispatch pcap §2.6), for records built by tools. */
export function dispatchMetadata(m: { flags?: string[]; currentData: number; currentLength: number; error?: number; traceHandle?: number }): string {
  return (
    `flags: ${(m.flags ?? []).map((f) => f + ' ').join('')}\n` +
    `current_data: ${m.currentData}, current_length: ${m.currentLength}\n` +
    `current_config_index/punt_reason: 0, flow_id: 0, next_buffer: 0\n` +
    `error: ${m.error ?? 0}, ref_count: 1, buffer_pool_index: 0\n` +
    `trace_handle: 0x${(m.traceHandle ?? 0).toString(16)}, len_not_first_buf: 0\n`
  );
}
