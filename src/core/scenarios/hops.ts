// One function per VPP trace formatter the simulator uses. Each returns the detail lines of one trace
// record exactly as VPP 25.10 prints them (record indent of two spaces included). The VPP function
// that prints each line is named above every renderer; docs/architecture.md ("Simulator") lists them.
import {
  centre, ethernetWithLength, hex, hexBytes, ip4Header, sp, tcpHeader, window,
} from './vppfmt';

function block(first: string, rest: string[], indent: number): string[] {
  return [sp(indent) + first, ...rest];
}

function ipBlock(bytes: Uint8Array, capture: number, indent: number): string[] {
  const ip = ip4Header(window(bytes, capture), 0, capture, indent);
  return block(ip[0] ?? '', ip.slice(1), indent);
}

/** format_virtio_input_trace (src/vnet/devices/virtio/node.c), tun and tap RX up to VPP 25.10. */
export function virtioInput(hwIfIndex: number, nextIndex: number, len: number): string[] {
  return [
    `  virtio: hw_if_index ${hwIfIndex} next-index ${nextIndex} vring 0 len ${len}`,
    '    hdr: flags 0x00 gso_type 0x00 hdr_len 0 gso_size 0 csum_start 0 csum_offset 0 num_buffers 1',
  ];
}

/** format_ip4_input_trace (src/vnet/ip/ip4_input.c): the first 64 bytes as an IPv4 header block. */
export function ip4Input(ip: Uint8Array): string[] {
  return ipBlock(ip, 64, 2);
}

/** format_ip4_lookup_trace (src/vnet/ip/ip4_forward.c). */
export function ip4Lookup(fib: number, dpoIdx: number, flowHash: number, ip: Uint8Array): string[] {
  return [`  fib ${fib} dpo-idx ${dpoIdx} flow hash: 0x${hex(flowHash, 8)}`, ...ipBlock(ip, 60, 2)];
}

/** format_ip4_forward_next_trace (src/vnet/ip/ip4_forward.c): ip4-receive, ip4-drop, ip4-punt. */
export function forwardNext(fib: number, adj: number, flowHash: number, ip: Uint8Array): string[] {
  return [`    fib:${fib} adj:${adj} flow:0x${hex(flowHash, 8)}`, ...ipBlock(ip, 60, 2)];
}

/** format_icmp_input_trace (src/vnet/ip/icmp4.c), used by ip4-icmp-error. */
export function icmpError(ip: Uint8Array): string[] {
  return ipBlock(ip, 64, 2);
}

/** format_lookup_trace (src/vnet/dpo/lookup_dpo.c): one line per lookup. */
export function lookupDst(fibIndex: number, addr: string, lbi: number): string {
  return `${sp(2)}   fib-index:${fibIndex} addr:${addr} load-balance:${lbi}`;
}

export interface CnatSessionText {
  key: { src: string; srcPort: number; dst: string; dstPort: number; proto: string };
  value: { src: string; srcPort: number; dst: string; dstPort: number };
  location: 'input' | 'output' | 'fib';
  lb: number;
  expiry: number;
}

/** format_cnat_session (src/plugins/cnat/cnat_session.c, VPP <= 26.02). */
export function cnatSession(s: CnatSessionText): string {
  return `session:[${s.key.src};${s.key.srcPort} -> ${s.key.dst};${s.key.dstPort}, ${s.key.proto}] => `
    + `${s.value.src};${s.value.srcPort} -> ${s.value.dst};${s.value.dstPort} ${s.location} lb:${s.lb} age:${s.expiry.toFixed(6)}`;
}

export interface CnatTraceText {
  state: 'created' | 'found' | 'not found';
  noNat: boolean;
  rx: string;
  tx: string;
  session: CnatSessionText | null;
  /** format_cnat_translation lines (first line without the `translation: ` prefix). */
  translation: string[] | null;
}

/** format_cnat_trace (src/plugins/cnat/cnat_node.h, VPP <= 26.02). */
export function cnatTrace(t: CnatTraceText): string[] {
  const head = t.state === 'created' ? 'created session' : t.state === 'found' ? 'found session' : 'session not found';
  const lines = [`  ${head}${t.noNat ? ' [policy:skip]' : ''}`, `  in:${t.rx} out:${t.tx} `];
  if (t.session) lines.push(`  ${cnatSession(t.session)}`);
  if (t.translation) {
    lines.push(`  translation: ${t.translation[0] ?? ''}`);
    lines.push(...t.translation.slice(1));
  }
  return lines;
}

export interface AclTraceText {
  lcIndex: number;
  swIfIndex: number;
  nextIndex: number;
  action: number;
  matchAcl: number;
  matchRule: number;
  traceBits: number;
  /** fa_5tuple_t as six u64 (hex strings of 16 digits). */
  packetInfo: string[];
  decoded: string;
}

/** format_acl_plugin_trace (src/plugins/acl/dataplane_node.c). */
export function aclTrace(t: AclTraceText): string[] {
  return [
    `  acl-plugin: lc_index: ${t.lcIndex}, sw_if_index ${t.swIfIndex}, next index ${t.nextIndex}, action: ${t.action}, match: acl ${t.matchAcl} rule ${t.matchRule} trace_bits ${hex(t.traceBits, 8)}`,
    `  pkt info ${t.packetInfo.join(' ')}`,
    `   ${t.decoded}`,
  ];
}

/**
 * format_ip4_rewrite_trace (src/vnet/ip/ip4_forward.c) with format_ip_adjacency: `adjacency` holds
 * the adjacency text lines (one for a neighbour, three for a midchain); the dump is 60 bytes.
 */
export function ip4Rewrite(txSwIfIndex: number, dpoIdx: number, adjacency: string[], flowHash: number, data: Uint8Array): string[] {
  const adj = adjacency.slice();
  const last = adj.length - 1;
  adj[last] = `${adj[last] ?? ''} flow hash: 0x${hex(flowHash, 8)}`;
  const lines = [`  tx_sw_if_index ${txSwIfIndex} dpo-idx ${dpoIdx} : ${adj[0] ?? ''}`, ...adj.slice(1)];
  const dump = hexBytes(window(data, 60), 0, 60, 2);
  lines.push(...block(dump[0] ?? '', dump.slice(1), 2));
  return lines;
}

/** format_adj_midchain_tx_trace (src/vnet/adj/adj_midchain_node.c): adj-midchain-tx, tunnel-output. */
export function midchainTx(adjIndex: number, adjacency: string[]): string[] {
  return [`  adj-midchain:[${adjIndex}]:${adjacency[0] ?? ''}`, ...adjacency.slice(1)];
}

export type OutputBody = { kind: 'ethernet'; frame: Uint8Array } | { kind: 'hex'; data: Uint8Array } | { kind: 'vxlan'; garbage: number };

/** format_vnet_interface_output_trace (src/vnet/interface_output.c): 120 bytes after the name. */
export function interfaceOutput(ifName: string, bufferFlags: number, body: OutputBody): string[] {
  const head = `  ${ifName} flags 0x${hex(bufferFlags, 8)}`;
  if (body.kind === 'ethernet') {
    const e = ethernetWithLength(window(body.frame, 120), 0, 120, 2);
    return [head, ...block(e[0] ?? '', e.slice(1), 2)];
  }
  if (body.kind === 'vxlan') return [head, `  unimplemented dev ${body.garbage >>> 0}`];
  const dump = hexBytes(window(body.data, 120), 0, 120, 2);
  return [head, ...block(dump[0] ?? '', dump.slice(1), 2)];
}

/** What format_vnet_buffer_no_chain prints of a buffer (src/vnet/buffer.c, src/vlib/buffer.c). */
export interface BufferText {
  index: number;
  currentData: number;
  length: number;
  traceHandle: number;
  extHdrValid: boolean;
  ip4: boolean;
  l2Offset: number | null;
  l3Offset: number | null;
}

/** The buffer description lines; `indent` is the column where `current data` starts. */
export function bufferLines(b: BufferText, indent: number): string[] {
  const lines = [`current data ${b.currentData}, length ${b.length}, buffer-pool 0, ref-count 1, trace handle 0x${hex(b.traceHandle)}`];
  if (b.extHdrValid) lines.push(`${sp(indent)}ext-hdr-valid `);
  let a = '';
  if (b.ip4) a += 'ip4 ';
  if (b.l2Offset !== null) a += `l2-hdr-offset ${b.l2Offset} `;
  if (b.l3Offset !== null) a += `l3-hdr-offset ${b.l3Offset} `;
  if (a) lines.push(sp(indent) + a);
  return lines;
}

export interface HeaderOffsets {
  tunnel: null | { kind: 'ipip' | 'vxlan'; outerUdp: boolean; hdrSz: number; l2: number; l3: number; l4: number; l4Sz: number };
  ip4: boolean;
  l4: 'tcp' | 'udp' | null;
  hdrSz: number;
  l2: number;
  l3: number;
  l4Offset: number;
  l4Sz: number;
}

/** format_generic_header_offset (src/vnet/gso/hdr_offset_parser.h); a tunnel adds a `\n\t` line. */
export function headerOffsets(g: HeaderOffsets): string[] {
  const lines: string[] = [];
  let prefix = '';
  if (g.tunnel) {
    lines.push(`${g.tunnel.kind}-tunnel outer-ipv4 ${g.tunnel.outerUdp ? 'outer-udp ' : ''}outer-hdr-sz ${g.tunnel.hdrSz} `
      + `outer-l2-hdr-offset ${g.tunnel.l2} outer-l3-hdr-offset ${g.tunnel.l3} outer-l4-hdr-offset ${g.tunnel.l4} outer-l4-hdr-sz ${g.tunnel.l4Sz}`);
    prefix = '\t';
  }
  lines.push(`${prefix}${g.ip4 ? 'ipv4 ' : ''}${g.l4 ? `${g.l4} ` : ''}hdr-sz ${g.hdrSz} l2-hdr-offset ${g.l2} l3-hdr-offset ${g.l3} l4-hdr-offset ${g.l4Offset} l4-hdr-sz ${g.l4Sz}`);
  return lines;
}

/** format_gso_trace (src/vnet/gso/node.c): the offsets start at column 0. */
export function gsoTrace(g: HeaderOffsets): string[] {
  const o = headerOffsets(g);
  return ['  non-gso buffer', ...o];
}

/** format_virtio_tx_trace (src/vnet/devices/virtio/device.c): tunN-tx and tap0-tx. */
export function virtioTx(buffer: BufferText, offsets: HeaderOffsets, preData: Uint8Array): string[] {
  const head = `    buffer 0x${hex(buffer.index)}: `;
  const buf = bufferLines(buffer, head.length);
  const gho = headerOffsets(offsets);
  const eth = ethernetWithLength(window(preData, 128), 0, 128, 2);
  return [head + (buf[0] ?? ''), ...buf.slice(1), `  ${gho[0] ?? ''}`, ...gho.slice(1), ...block(eth[0] ?? '', eth.slice(1), 2)];
}

/** format_ethernet_input_trace (src/vnet/ethernet/node.c). */
export function ethernetInput(frameFlags: number, hwIfIndex: number, swIfIndex: number, frame: Uint8Array): string[] {
  const e = ethernetWithLength(frame, 0, 0, 2);
  return [`  frame: flags 0x${hex(frameFlags)}, hw-if-index ${hwIfIndex}, sw-if-index ${swIfIndex}`, `  ${e[0] ?? ''}`];
}

/** format_af_packet_input_trace (src/plugins/af_packet/node.c), TPACKET_V2 rings. */
export function afPacketInput(hwIfIndex: number, len: number, sec: number, nsec: number): string[] {
  return [
    `  af_packet: hw_if_index ${hwIfIndex} rx-queue 0 next-index 4`,
    '    tpacket2_hdr:',
    `      status 0x20000001 len ${len} snaplen ${len} mac 66 net 80`,
    `      sec 0x${hex(sec)} nsec 0x${hex(nsec)} vlan 0 vlan_tpid 0`,
    '    vnet-hdr:',
    '      flags 0x00 gso_type 0x00 hdr_len 0',
    '      gso_size 0 csum_start 0 csum_offset 0',
  ];
}

/** format_af_packet_tx_trace (src/plugins/af_packet/device.c), TPACKET_V2 rings. */
export function afPacketTx(hwIfIndex: number, len: number, buffer: BufferText, frame: Uint8Array): string[] {
  const buf = bufferLines(buffer, 6);
  const eth = ethernetWithLength(window(frame, 128), 0, 128, 4);
  return [
    `  af_packet: hw_if_index ${hwIfIndex} tx-queue 0`,
    '    tpacket2_hdr:',
    `      status 0x1 len ${len} snaplen ${len} mac 32 net 0`,
    '      sec 0x0 nsec 0x0 vlan 0 vlan_tpid 0',
    '    vnet-hdr:',
    '      flags 0x00 gso_type 0x00 hdr_len 0',
    '      gso_size 0 csum_start 0 csum_offset 0',
    `    buffer 0x${hex(buffer.index)}:`,
    `      ${buf[0] ?? ''}`,
    ...buf.slice(1),
    ...block(eth[0] ?? '', eth.slice(1), 4),
  ];
}

function mbufLines(len: number, physAddr: number): string[] {
  return [
    `  PKT MBUF: port 0, nb_segs 1, pkt_len ${len}`,
    `    buf_len 2176, data_len ${len}, ol_flags 0x0, data_off 128, phys_addr 0x${hex(physAddr)}`,
    '    packet_type 0x0 l2_len 0 l3_len 0 outer_l2_len 0 outer_l3_len 0 ',
    '    rss 0x0 fdir.hi 0x0 fdir.lo 0x0',
  ];
}

/** format_dpdk_rx_trace (src/plugins/dpdk/device/format.c). */
export function dpdkInput(ifName: string, buffer: BufferText, physAddr: number, frame: Uint8Array): string[] {
  const head = `  buffer 0x${hex(buffer.index)}: `;
  const buf = bufferLines(buffer, head.length);
  const eth = ethernetWithLength(window(frame, 128), 0, 128, 2);
  return [`  ${ifName} rx queue 0`, head + (buf[0] ?? ''), ...buf.slice(1), ...mbufLines(buffer.length, physAddr), ...block(eth[0] ?? '', eth.slice(1), 2)];
}

/** format_dpdk_tx_trace (src/plugins/dpdk/device/format.c). */
export function dpdkTx(ifName: string, buffer: BufferText, physAddr: number, frame: Uint8Array): string[] {
  const head = `  buffer 0x${hex(buffer.index)}: `;
  const buf = bufferLines(buffer, head.length);
  const eth = ethernetWithLength(window(frame, 128), 0, 128, 2);
  return [`  ${ifName} tx queue 0`, head + (buf[0] ?? ''), ...buf.slice(1), ...mbufLines(buffer.length, physAddr), ...block(eth[0] ?? '', eth.slice(1), 2)];
}

/** format_af_xdp_input_trace (src/plugins/af_xdp/format.c). */
export function afXdpInput(ifName: string, hwIfIndex: number): string[] {
  return [`  af_xdp: ${ifName} (${hwIfIndex}) next-node ethernet-input`];
}

/** format_avf_input_trace (src/plugins/avf/format.c, VPP <= 25.10). */
export function avfInput(ifName: string, hwIfIndex: number, len: number): string[] {
  return [
    `  avf: ${ifName} (${hwIfIndex}) qid 0 next-node ethernet-input flow-id 0`,
    `    desc 0: status 0x3 error 0x0 ptype 0x17 len ${len}`,
  ];
}

/** format_ipip_rx_trace (src/vnet/ipip/node.c). */
export function ipipInput(tunnelId: number, length: number, src: string, dst: string): string[] {
  return [`  IPIP: tunnel ${tunnelId} len ${length} src ${src} dst ${dst}`];
}

/** format_udp_rx_trace (src/vnet/udp/udp_local.c). */
export function udpLookup(srcPort: number, dstPort: number, bound: boolean): string[] {
  return [`  UDP: src-port ${srcPort} dst-port ${dstPort}${bound ? '' : ' (no listener)'}`];
}

/** format_vxlan_rx_trace (src/plugins/vxlan/decap.c). */
export function vxlanInput(tunnel: number, vni: number, next: number): string[] {
  return [`  VXLAN decap from vxlan_tunnel${tunnel} vni ${vni} next ${next} error 0`];
}

/** format_vxlan_encap_trace (src/plugins/vxlan/encap.c). */
export function vxlanEncap(tunnel: number, vni: number): string[] {
  return [`  VXLAN encap to vxlan_tunnel${tunnel} vni ${vni}`];
}

/** format_tcp_rx_trace (src/vnet/tcp/tcp_input.c) when no connection matched. */
export function tcpInputNoConnection(tcp: Uint8Array): string[] {
  const t = tcpHeader(window(tcp, 128), 0, 128, 2);
  return ['  no tcp connection', ...block(t[0] ?? '', t.slice(1), 2)];
}

/** format_ip_punt_redirect_trace (src/vnet/ip/ip_punt_drop.c). */
export function puntRedirect(index: number): string[] {
  return [`  via redirect:${index}`];
}

/** format_vnet_error_trace (src/vnet/interface_output.c): error-drop. */
export function errorDrop(rxName: string): string[] {
  return [`  rx:${rxName}`];
}

/** format_error_trace (src/vlib/drop.c): drop. */
export function dropReason(reason: string): string[] {
  return [`  ${reason}`];
}

/** The `show interface` header line (src/vnet/interface_format.c, format_vnet_sw_interface). */
export function showIntHeader(): string {
  return centre('Name', 32) + centre('Idx', 5) + centre('State', 10) + centre('MTU (L3/IP4/IP6/MPLS)', 21) + centre('Counter', 16) + centre('Count', 16);
}
