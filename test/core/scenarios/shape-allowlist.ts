// Line shapes the simulator writes that the real corpus (../shared/corpus) does not contain. Each
// entry names the VPP 25.10 function that prints the lines (FDio/vpp tag v25.10) and says why the
// corpus has no example. Shapes are in the abstracted form of shapes.ts. The shape test fails on a
// shape that is neither in the corpus nor here, and on an entry no scenario uses any more.

export interface AllowEntry {
  fn: string;
  file: string;
  why: string;
  shapes: string[];
}

export const ALLOWLIST: AllowEntry[] = [
  {
    fn: 'format_cnat_trace → format_cnat_session, format_cnat_translation',
    file: 'src/plugins/cnat/cnat_node.h, cnat_session.c, cnat_translation.c',
    why: 'the only cnat trace in the corpus is from 2021 (`found: session:[…]`); the ≤ 26.02 trace layout (state line, in/out line, session with location) appears in no published trace',
    shapes: [
      'created session',
      'found session',
      'session not found',
      'found session [policy:skip]',
      'session not found [policy:skip]',
      'in:I out:I',
      'in:I out:DELETED (N)',
      'session:[A;N -> A;N, TCP] => A;N -> A;N input lb:N age:N',
      'session:[A;N -> A;N, UDP] => A;N -> A;N input lb:N age:N',
      'session:[A;N -> A;N, TCP] => A;N -> A;N output lb:N age:N',
      'session:[A;N -> A;N, UDP] => A;N -> A;N output lb:N age:N',
      'translation: [N] A;N TCP lb:default fhc:H(default)',
      'translation: [N] A;N UDP lb:default fhc:H(default)',
    ],
  },
  {
    fn: 'format_ip_adjacency (format_adj_nbr, format_adj_midchain, format_vnet_rewrite) from format_ip4_rewrite_trace, format_adj_midchain_tx_trace and format_dpo_id',
    file: 'src/vnet/adj/adj.c, adj_nbr.c, adj_midchain.c, rewrite.c; src/vnet/ip/ip4_forward.c; src/vnet/adj/adj_midchain_node.c',
    why: 'corpus rewrites are either Ethernet adjacencies (with a rewrite string) or pre-2022 tun ones (no `flags:`); a tun adjacency with `flags:[features ]` and no rewrite string, and an IPIP midchain, are not in it',
    shapes: [
      'tx_sw_if_index N dpo-idx N : ipv4 via A I: mtu:N next:N flags:[features ] flow hash: H',
      'tx_sw_if_index N dpo-idx N : ipv4 [features] via A I: mtu:N next:N flags:[features fixup-ip4o4 ] H',
      '[@N]: ipv4 via A I: mtu:N next:N flags:[features ] H flow hash: H',
      'I:[N]:ipv4 [features] via A I: mtu:N next:N flags:[features fixup-ip4o4 ] H',
      '[N] [@N]: ipv4 via A I: mtu:N next:N flags:[features ]',
      '[N] [@N]: ipv4 [features] via A I: mtu:N next:N flags:[features fixup-ip4o4 ] H',
    ],
  },
  {
    fn: 'format_lookup_trace',
    file: 'src/vnet/dpo/lookup_dpo.c',
    why: 'lookup-ip4-dst (Calico pod VRF → calico-pods-ip4, punt-table-ip4) is in no corpus trace',
    shapes: ['fib-index:N addr:A load-balance:N'],
  },
  {
    fn: 'format_acl_plugin_trace',
    file: 'src/plugins/acl/dataplane_node.c',
    why: 'no corpus trace crosses an ACL plugin node',
    shapes: [
      'acl-plugin: lc_index: N, sw_if_index N, next index N, action: N, match: acl N rule N trace_bits N',
      'pkt info H H H H H H',
      'lc_index N l3 ip4 A -> A l4 lsb_of_sw_if_index N proto N l4_is_input N l4_slow_path N l4_flags H port N -> N tcp flags (valid) N rsvd N',
    ],
  },
  {
    fn: 'format_error_trace',
    file: 'src/vlib/drop.c',
    why: 'these counter strings (ip.api `time_expired`, `mtu_exceeded`; acl `ACL_DROP`) appear in no corpus drop; the IPv6 twin `ip6 ttl <= 1` does',
    shapes: ['I: ACL deny packets', 'I: ip4 ttl <= N', 'I: ip4 MTU exceeded and DF set'],
  },
  {
    fn: 'format_gso_trace → format_generic_header_offset',
    file: 'src/vnet/gso/node.c, src/vnet/gso/hdr_offset_parser.h',
    why: 'the corpus has one header-offset line (TCP over a tun); gso-ip4 (enabled by Calico on the uplink, tap0 and tunnels) and UDP / ICMP / tunnel offsets are not in it',
    shapes: [
      'non-gso buffer',
      'ipv4 udp hdr-sz N l2-hdr-offset N l3-hdr-offset N l4-hdr-offset N l4-hdr-sz N',
      'ipv4 hdr-sz N l2-hdr-offset N l3-hdr-offset N l4-hdr-offset N l4-hdr-sz N',
      'hdr-sz N l2-hdr-offset N l3-hdr-offset N l4-hdr-offset N l4-hdr-sz N',
      'ipip-tunnel outer-ipv4 outer-hdr-sz N outer-l2-hdr-offset N outer-l3-hdr-offset N outer-l4-hdr-offset N outer-l4-hdr-sz N',
      'vxlan-tunnel outer-ipv4 outer-udp outer-hdr-sz N outer-l2-hdr-offset N outer-l3-hdr-offset N outer-l4-hdr-offset N outer-l4-hdr-sz N',
    ],
  },
  {
    fn: 'format_vnet_buffer_internal',
    file: 'src/vnet/buffer.c',
    why: 'the corpus flag lines carry other flags (vlan-1-deep, natted, checksum offload); a line with only the offsets or with `ip4` is not in it',
    shapes: ['l2-hdr-offset N l3-hdr-offset N', 'ip4 l2-hdr-offset N l3-hdr-offset N', 'ip4 l3-hdr-offset N'],
  },
  {
    fn: 'format_af_packet_tx_trace',
    file: 'src/plugins/af_packet/device.c',
    why: 'the corpus has af-packet-input records but no af_packet tx record',
    shapes: ['af_packet: hw_if_index N tx-queue N', 'buffer H:'],
  },
  {
    fn: 'format_af_xdp_input_trace',
    file: 'src/plugins/af_xdp/format.c',
    why: 'no af_xdp trace in the corpus',
    shapes: ['af_xdp: I (N) next-node I'],
  },
  {
    fn: 'format_avf_input_trace',
    file: 'src/plugins/avf/format.c',
    why: 'no avf trace in the corpus',
    shapes: ['avf: I (N) qid N next-node I flow-id N', 'desc N: status H error H ptype H len N'],
  },
  {
    fn: 'format_vxlan_rx_trace, format_vxlan_encap_trace, format_vxlan_header_with_length',
    file: 'src/plugins/vxlan/decap.c, encap.c, vxlan.c',
    why: 'the corpus VXLAN traces are VXLAN-GPE from 2016; the L3-mode tunnel output prints the hw class formatter, which reads a pointer as the device instance',
    shapes: ['VXLAN decap from I vni N next N error N', 'VXLAN encap to I vni N', 'unimplemented dev N'],
  },
  {
    fn: 'format_tcp_rx_trace',
    file: 'src/vnet/tcp/tcp_input.c',
    why: 'no corpus trace reaches tcp4-input',
    shapes: ['no tcp connection'],
  },
  {
    fn: 'format_tcp_header (format_tcp_flags)',
    file: 'src/vnet/tcp/tcp_format.c',
    why: 'the corpus has SYN and PSH ACK segments only; replies to a SYN are SYN ACK',
    shapes: ['flags H SYN ACK, tcp header: N bytes'],
  },
  {
    fn: 'format_ip_punt_redirect_trace',
    file: 'src/vnet/ip/ip_punt_drop.c',
    why: 'PROVENANCE.md: no published trace goes through ip4-punt-redirect',
    shapes: ['via redirect:N'],
  },
  {
    fn: 'format_ip4_icmp_header',
    file: 'src/vnet/ip/icmp4.c',
    why: 'the corpus ICMP echoes are from VPP ≤ 18.07, before ` id N` was added to echo messages',
    shapes: ['ICMP echo_request checksum H id N', 'ICMP echo_reply checksum H id N'],
  },
  {
    fn: 'format_ip4_header',
    file: 'src/vnet/ip/ip4_format.c',
    why: 'no IPv4-in-IPv4 packet in the corpus (it has IPv6-in-IPv6 only); protocol 4 prints as IP_IN_IP',
    shapes: ['IP_IN_IP: A -> A'],
  },
];
