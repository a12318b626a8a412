// Capture files of a simulated node, from the buffer state the engine keeps at every dispatch:
// - the dispatch trace (`pcap dispatch trace on … buffer-trace <input> N`, link type 280), one record
//   per graph node a buffer enters (FDio/vpp v25.10 src/plugins/dispatch-trace/main.c,
//   dispatch_pcap_trace and format_buffer_metadata; src/vnet/interface_format.c,
//   format_vnet_buffer_opaque / format_vnet_buffer_opaque2; src/vlib/trace.c, format_vlib_trace);
// - `pcap trace rx tx drop` (link type 1, wall-clock time; src/vnet/ethernet/node.c rx,
//   src/vnet/interface_output.c tx and pcap_drop_trace, src/vnet/interface_funcs.h pcap_add_buffer).
import { encodeDispatchRecord, LINKTYPE_VPP_DISPATCH } from '../capture/dispatch-record';
import { writePcap, type WriteFrame } from '../capture/writer';
import { EPOCH_BASE_S, type BufferSnapshot, type SimRecord, type SimVisit } from './engine';
import { errorCounterByIndex } from './errors';
import { recordsByThread } from './render';
import type { VppNode } from './topology';
import { hex, traceTimestamp } from './vppfmt';

/** VLIB_BUFFER_DEFAULT_DATA_SIZE: bytes of packet data one buffer holds. */
const BUFFER_DATA_SIZE = 2048;
/** A dispatch record keeps at most this many bytes (strings included). */
const DISPATCH_RECORD_MAX = 16384;
const PCAP_SNAPLEN = 65536;

/** A packet as `show trace` numbers it: its thread and its `Packet N` there. */
export interface PacketRef {
  thread: number;
  packetNumber: number;
}

/**
 * Which candidate records a capture keeps (a BPF filter, packets not arrived yet): called with the
 * packet and the bytes the record would hold, before `max` and `buffer-trace` counting.
 */
export type CaptureFilter = (packet: PacketRef, bytes: Uint8Array) => boolean;

export interface DispatchOptions {
  /**
   * Which buffers carry their trace (string 5): `all` (default: every input node traced, as the
   * scenario's `show trace`), `none`, or one input node (`buffer-trace <node> N`), optionally with
   * its per-thread count N.
   */
  bufferTrace?: string | { node: string; count: number };
  /** Stop after this many records (`max`, VPP's default 1000); default: every record. */
  max?: number;
  /** Keep only the records this accepts (default: all). */
  filter?: CaptureFilter;
}

export interface DispatchFrame extends WriteFrame {
  node: string;
  bufferIndex: number;
  /** The record's packet bytes (from current_data). */
  packet: Uint8Array;
  /** The scenario record the buffer belongs to. */
  record: SimRecord;
  /** The record's thread and `Packet N` in `show trace`. */
  ref: PacketRef;
}

/** Records and visits of one k8s node, in dispatch order (time, then record order), with their `show trace` numbers. */
function visitsOf(node: VppNode, records: SimRecord[]): { rec: SimRecord; v: SimVisit; ref: PacketRef }[] {
  const refs = new Map<SimRecord, PacketRef>();
  recordsByThread(node, records).forEach((recs, thread) => recs.forEach((r, k) => refs.set(r, { thread, packetNumber: k + 1 })));
  const out: { rec: SimRecord; v: SimVisit; ref: PacketRef; k: number }[] = [];
  let k = 0;
  for (const rec of records) {
    if (rec.node !== node) continue;
    const ref = refs.get(rec) ?? { thread: rec.thread, packetNumber: 0 };
    for (const v of rec.visits) out.push({ rec, v, ref, k: k++ });
  }
  out.sort((a, b) => a.v.timeUs - b.v.timeUs || a.k - b.k);
  return out;
}

// ---- metadata strings -----------------------------------------------------------------------

/** Length of the head buffer and of the rest of the chain (a buffer holds 2048 bytes of data). */
function chain(s: BufferSnapshot): { head: number; rest: number } {
  const room = Math.max(0, BUFFER_DATA_SIZE - Math.max(0, s.currentData));
  const head = Math.min(s.bytes.length, room);
  return { head, rest: s.bytes.length - head };
}

/** format_buffer_metadata (dispatch-trace/main.c) with format_vnet_buffer_flags. */
export function bufferMetadataText(s: BufferSnapshot, bufferIndex: number, traceHandle: number): string {
  let flags = '';
  if (s.ip4) flags += 'ip4 ';
  if (s.l2Offset !== null) flags += 'l2_hdr_offset_valid ';
  if (s.l3Offset !== null) flags += 'l3_hdr_offset_valid ';
  const c = chain(s);
  const next = c.rest > 0 ? ((bufferIndex + 1) >>> 0) : 0;
  return `flags: ${flags}\n`
    + `current_data: ${s.currentData}, current_length: ${c.head}\n`
    + `current_config_index/punt_reason: 0, flow_id: 0, next_buffer: ${hex(next)}\n`
    + `error: ${s.error}, ref_count: 1, buffer_pool_index: 0\n`
    + `trace_handle: 0x${hex(traceHandle)}, len_not_first_buf: ${c.rest}\n`;
}

/** vnet_buffer_opaque_t (src/vnet/buffer.h) as the 40 bytes of b->opaque, little-endian. */
function opaqueBytes(s: BufferSnapshot): DataView {
  const d = new DataView(new ArrayBuffer(40));
  d.setUint32(0, s.swRx >>> 0, true);
  d.setUint32(4, s.swTx >>> 0, true);
  d.setInt16(8, s.l2Offset ?? 0, true);
  d.setInt16(10, s.l3Offset ?? 0, true);
  d.setInt16(12, 0, true);
  // ip.adj_index[VLIB_RX] @16 stays 0 (buffers start from a zeroed template).
  d.setUint32(20, s.adjTx >>> 0, true);
  d.setUint32(24, 0, true); // ip.flow_hash (the traces print 0x00000000)
  d.setUint32(28, s.fibIndex >>> 0, true); // ip.fib_index / ip.save_protocol
  d.setUint8(32, s.saveRewriteLength & 0xff);
  return d;
}

/** format_l2_input_feature_bitmap / format_l2_output_features, non-verbose. */
const L2_INPUT_FEATURES = ['feature-bitmap-drop', 'l2-output', 'l2-flood', 'l2-uu-fwd', 'arp-term-l2bd', 'l2-flood', 'l2-uu-fwd', 'l2-fwd', 'l2-rw', 'l2-learn', 'l2-input-vtr', 'l2-ip-qos-record', 'vpath-input-l2', 'l2-input-acl', 'l2-policer-classify', 'l2-input-feat-arc', 'l2-input-classify', 'span-l2-input'];
const L2_OUTPUT_FEATURES = ['interface-output', 'span-l2-output', 'feature-bitmap-drop', 'feature-bitmap-drop', 'l2-output-acl', 'feature-bitmap-drop', 'l2-efp-filter', 'feature-bitmap-drop', 'feature-bitmap-drop', 'feature-bitmap-drop', 'l2-output-classify', 'l2-output-feat-arc', 'l2-xcrw'];

function l2Features(bitmap: number, names: string[], maskDrop: boolean): string {
  if (bitmap === 0) return '  none configured';
  const b = maskDrop ? bitmap & ~1 : bitmap;
  let s = '';
  for (let i = names.length - 1; i >= 0; i--) if (b & (1 << i)) s += `${names[i]} `;
  return s;
}

/** format_vnet_buffer_opaque (src/vnet/interface_format.c): every union view of the same 40 bytes. */
export function bufferOpaqueText(s: BufferSnapshot, arcIndex = 0): string {
  const o = opaqueBytes(s);
  o.setUint8(14, arcIndex);
  const u32 = (at: number) => o.getUint32(at, true);
  const i32 = (at: number) => o.getInt32(at, true);
  const u16 = (at: number) => o.getUint16(at, true);
  const i16 = (at: number) => o.getInt16(at, true);
  const u8 = (at: number) => o.getUint8(at);
  let raw = 'raw: ';
  for (let i = 0; i < 10; i++) raw += `${hex(u32(i * 4), 8)} `;
  const lines = [
    raw,
    `sw_if_index[VLIB_RX]: ${i32(0)}, sw_if_index[VLIB_TX]: ${i32(4)}`,
    `L2 offset ${i16(8)}, L3 offset ${i16(10)}, L4 offset ${i16(12)}, feature arc index ${u8(14)}`,
    `ip.adj_index[VLIB_RX]: ${i32(16)}, ip.adj_index[VLIB_TX]: ${i32(20)}`,
    `ip.flow_hash: 0x${hex(u32(24))}, ip.save_protocol: 0x${hex(u32(28))}, ip.fib_index: ${i32(28)}`,
    `ip.save_rewrite_length: ${u8(32)}, ip.rpf_id: ${i32(36)}`,
    `ip.icmp.type: ${u8(24)} ip.icmp.code: ${u8(25)}, ip.icmp.data: 0x${hex(u32(28))}`,
    `ip.reass.next_index: ${i32(24)}, ip.reass.estimated_mtu: ${u16(24)}`,
    `ip.reass.error_next_index: ${i32(28)}, ip.reass.owner_thread_index: ${u16(34)}`,
    `ip.reass.ip_proto: ${u8(33)}, ip.reass.l4_src_port: ${u16(24)}`,
    `ip.reass.l4_dst_port: ${u16(26)}`,
    `ip.reass.fragment_first: ${u16(24)} ip.reass.fragment_last: ${u16(26)}`,
    `ip.reass.range_first: ${u16(28)} ip.reass.range_last: ${u16(30)}`,
    `ip.reass.next_range_bi: 0x${hex(u32(32))}, ip.reass.ip6_frag_hdr_offset: ${u16(36)}`,
    `mpls.ttl: ${u8(28)}, mpls.exp: ${u8(29)}, mpls.first: ${u8(30)}, mpls.save_rewrite_length: ${u8(32)}, mpls.bier.n_bytes: ${u8(34)}`,
    `mpls.mpls_hdr_length: ${u8(33)}`,
    `l2.feature_bitmap: ${hex(u32(16), 8)}, l2.bd_index: ${u16(20)}, l2.l2fib_sn ${u16(22)}, l2.l2_len: ${u8(24)}, l2.shg: ${u8(25)}, l2.bd_age: ${u8(26)}`,
    `l2.feature_bitmap_input: ${l2Features(u32(16), L2_INPUT_FEATURES, true)}, L2.feature_bitmap_output: ${l2Features(u32(16), L2_OUTPUT_FEATURES, false)}`,
    `l2t.next_index: ${u8(32)}, l2t.session_index: ${i32(36)}`,
    `l2_classify.table_index: ${i32(32)}, l2_classify.opaque_index: ${i32(32)}, l2_classify.hash: 0x${hex(u32(36))}`,
    `policer.index: ${i32(36)}`,
    `ipsec.sad_index: ${i32(28)}, ipsec.protect_index`,
    `map.mtu: ${u16(16)}`,
    `map_t.map_domain_index: ${i32(16)}, map_t.v6.saddr: 0x${hex(u32(20))}, map_t.v6.daddr: 0x${hex(u32(24))}, map_t.v6.frag_offset: ${u16(28)}, map_t.v6.l4_offset: ${u16(30)}, map_t.v6.l4_protocol: ${u8(32)}, map.t.checksum_offset: ${u16(34)}`,
    `map_t.v6.l4_protocol: ${u8(32)}, map_t.checksum_offset: ${u16(34)}, map_t.mtu: ${u16(36)}`,
    `ip_frag.mtu: ${u16(24)}, ip_frag.next_index: ${u8(26)}, ip_frag.flags: 0x${hex(u8(27))}`,
    `cop.current_config_index: ${i32(16)}`,
    `lisp.overlay_afi: ${u16(16)}`,
    `tcp.connection_index: ${i32(16)}, tcp.seq_number: ${i32(20)}, tcp.next_node_opaque: ${i32(20)} tcp.seq_end: ${i32(24)}, tcp.ack_number: ${i32(28)}, tcp.hdr_offset: ${u16(32)}, tcp.data_offset: ${u16(34)}`,
    `tcp.data_len: ${u16(36)}, tcp.flags: 0x${hex(u8(38))}`,
    `snat.flags: 0x${hex(u32(16))}`,
  ];
  return lines.join('\n') + '\n';
}

/** format_vnet_buffer_opaque2: qos, loop counter, gso (all zero for the simulated traffic). */
export function bufferOpaque2Text(): string {
  return `raw: ${'00000000 '.repeat(14)}\nqos.bits: 0, qos.source: 0\nloop_counter: 0\ngso_size: 0, gso_l4_hdr_sz: 0\n`;
}

/** format_vlib_trace of the first `n` trace entries of a record (string 5 starts with a newline). */
export function traceText(node: VppNode, rec: SimRecord, n: number): string {
  let s = '';
  let prev = '';
  for (let i = 0; i < n; i++) {
    const h = rec.hops[i];
    if (!h) break;
    if (h.node !== prev) s += `\n${traceTimestamp(node.uptimeStartUs + h.timeUs)}: ${h.node}`;
    prev = h.node;
    for (const l of h.lines) s += `\n${l}`;
  }
  return s;
}

/** Feature arc a node runs on (the opaque's feature arc index; indices as a 25.10 build registers them). */
function arcOf(visit: string): number {
  if (/^(cnat-input-ip4|acl-plugin-in-ip4-fa|ip4-lookup)$/.test(visit)) return 3;
  if (/^(cnat-output-ip4|acl-plugin-out-ip4-fa|gso-ip4)$/.test(visit) || /-output$/.test(visit)) return 7;
  return 0;
}

/** One dispatch record per graph node each buffer entered (input nodes have no frame, no record). */
export function dispatchFrames(node: VppNode, records: SimRecord[], opts: DispatchOptions = {}): DispatchFrame[] {
  const mode = opts.bufferTrace ?? 'all';
  const bt = typeof mode === 'string' ? { node: mode, count: Infinity } : mode;
  const out: DispatchFrame[] = [];
  /** Whether each record's buffer carries its trace, decided at its first record kept. */
  const tracedOf = new Map<SimRecord, boolean>();
  const perThread = new Map<number, number>();
  for (const { rec, v, ref } of visitsOf(node, records)) {
    if (opts.max !== undefined && out.length >= opts.max) break;
    if (opts.filter && !opts.filter(ref, v.snap.bytes)) continue;
    let traced = tracedOf.get(rec);
    if (traced === undefined) {
      const input = rec.hops[0]?.node ?? '';
      const n = perThread.get(rec.thread) ?? 0;
      traced = bt.node === 'all' || (bt.node === input && n < bt.count);
      if (traced && bt.node !== 'all') perThread.set(rec.thread, n + 1);
      tracedOf.set(rec, traced);
    }
    const handle = traced ? ((rec.thread << 24) | rec.traceIndex) >>> 0 : 0;
    const data = encodeDispatchRecord({
      nodeName: v.node,
      bufferIndex: rec.bufferIndex,
      protocolHint: v.node === 'ip4-input' ? 2 : 0,
      metadata: bufferMetadataText(v.snap, rec.bufferIndex, handle),
      opaque: bufferOpaqueText(v.snap, arcOf(v.node)),
      opaque2: bufferOpaque2Text(),
      trace: traced ? traceText(node, rec, v.traced) : null,
      packet: v.snap.bytes,
    });
    out.push({
      data: data.length > DISPATCH_RECORD_MAX ? data.slice(0, DISPATCH_RECORD_MAX) : data,
      origLen: data.length,
      timeNs: BigInt(node.uptimeStartUs + v.timeUs) * 1000n,
      linkType: LINKTYPE_VPP_DISPATCH,
      node: v.node,
      bufferIndex: rec.bufferIndex,
      packet: v.snap.bytes,
      record: rec,
      ref,
    });
  }
  return out;
}

/** The file of dispatch records (link type 280) VPP writes at `pcap dispatch trace off`. */
export function dispatchPcapFile(frames: WriteFrame[]): Uint8Array {
  return writePcap(frames, { linkType: LINKTYPE_VPP_DISPATCH, snapLen: PCAP_SNAPLEN });
}

/** The dispatch capture file (`/tmp/dispatch.pcap`) VPP writes at `pcap dispatch trace off`. */
export function renderDispatchPcap(node: VppNode, records: SimRecord[], opts: DispatchOptions = {}): Uint8Array {
  return dispatchPcapFile(dispatchFrames(node, records, opts));
}

export interface PcapTraceOptions {
  rx?: boolean;
  tx?: boolean;
  drop?: boolean;
  /** `max-bytes-per-pkt` (VPP's default 512). */
  maxBytesPerPkt?: number;
  /** `intfc <name>`: rx and drop match the RX interface, tx the TX interface (default any). */
  interface?: string;
  /** `max` packets (default: all). */
  max?: number;
  /** Keep only the frames this accepts (default: all). */
  filter?: CaptureFilter;
}

export interface PcapTraceFrame extends WriteFrame {
  direction: 'rx' | 'tx' | 'drop';
  interface: string;
  record: SimRecord;
  /** The record's thread and `Packet N` in `show trace`. */
  ref: PacketRef;
}

/** The frames of `pcap trace [rx] [tx] [drop]`, in capture order. */
export function pcapTraceFrames(node: VppNode, records: SimRecord[], opts: PcapTraceOptions): PcapTraceFrame[] {
  const maxBytes = opts.maxBytesPerPkt ?? 512;
  const outputs = new Map(node.interfaces.map((i) => [`${i.name}-output`, i.name]));
  const out: PcapTraceFrame[] = [];
  for (const { rec, v, ref } of visitsOf(node, records)) {
    if (opts.max !== undefined && out.length >= opts.max) break;
    const rxName = node.bySw.get(v.snap.swRx)?.name ?? '';
    let direction: PcapTraceFrame['direction'] | null = null;
    let ifName = rxName;
    let bytes = v.snap.bytes;
    if (v.node === 'ethernet-input' && opts.rx) direction = 'rx';
    else if (outputs.has(v.node) && opts.tx) {
      direction = 'tx';
      ifName = outputs.get(v.node) ?? '';
    } else if (v.node === 'error-drop' && opts.drop) {
      direction = 'drop';
      bytes = v.snap.rewound ?? v.snap.bytes;
      const c = errorCounterByIndex(v.snap.error);
      const trailer = c ? `${c.node}: ${c.name}` : null;
      // Appended only when it fits in the last buffer (pcap_drop_trace).
      if (trailer && v.snap.currentData + v.snap.bytes.length < BUFFER_DATA_SIZE - trailer.length) {
        const t = new Uint8Array(bytes.length + trailer.length);
        t.set(bytes);
        for (let i = 0; i < trailer.length; i++) t[bytes.length + i] = trailer.charCodeAt(i) & 0x7f;
        bytes = t;
      }
    }
    if (!direction) continue;
    if (opts.interface && opts.interface !== 'any' && ifName !== opts.interface) continue;
    if (opts.filter && !opts.filter(ref, bytes)) continue;
    out.push({
      data: bytes.length > maxBytes ? bytes.slice(0, maxBytes) : bytes,
      origLen: bytes.length,
      timeNs: (BigInt(EPOCH_BASE_S) * 1_000_000n + BigInt(v.timeUs)) * 1000n,
      linkType: 1,
      direction,
      interface: ifName,
      record: rec,
      ref,
    });
  }
  return out;
}

/** The file of `pcap trace` frames (link type 1) VPP writes at `pcap trace off`. */
export function pcapTraceFile(frames: WriteFrame[]): Uint8Array {
  return writePcap(frames, { linkType: 1, snapLen: PCAP_SNAPLEN });
}

/** The `pcap trace` file (`/tmp/rxtxdrop.pcap` …) VPP writes at `pcap trace off`. */
export function renderPcapTrace(node: VppNode, records: SimRecord[], opts: PcapTraceOptions): Uint8Array {
  return pcapTraceFile(pcapTraceFrames(node, records, opts));
}

