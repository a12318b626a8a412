// Frames of every protocol we decode, assembled from the RFCs with ./build (shared by tests).
import * as B from './build';

export const A = { m1: '02:00:00:00:00:01', m2: '02:00:00:00:00:02', m3: '0a:bb:cc:dd:ee:ff', a: '10.99.1.1', b: '10.99.1.2', c: '192.168.7.7', d: '172.16.0.9' };
export const x6 = { a: 'fd00:99::1', b: 'fd00:99::2', ll: 'fe80::1', sn: 'ff02::1:ff00:2', z: '2001:db8:0:0:1::5' };
export const data = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const ipUdp = (src: string, dst: string, sp: number, dp: number, payload: Uint8Array, id = 7) => B.ipv4({ src, dst, proto: 17, id }, B.udp(sp, dp, payload, { src, dst }));
const ethIp = (ip: Uint8Array, type = 0x0800) => B.eth(A.m2, A.m1, type, ip);

/** Ethernet frames, one or more per protocol. */
export function craftedEthernetFrames(): Uint8Array[] {
  const tcpSyn = B.tcp({ sp: 40000, dp: 443, flags: 0x002, options: [2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0] }, new Uint8Array(0), { src: A.a, dst: A.b });
  const dnsQ = B.cat(B.u16(0xbeef), B.u16(0x0100), B.u16(1), B.u16(0), B.u16(0), B.u16(0), B.dnsName('kubernetes.default.svc.cluster.local'), B.u16(1), B.u16(1));
  const dnsR = B.cat(B.u16(0xbeef), B.u16(0x8180), B.u16(1), B.u16(2), B.u16(0), B.u16(0), B.dnsName('api.example'), B.u16(1), B.u16(1), [0xc0, 12], B.u16(5), B.u16(1), B.u32(30), B.u16(4), B.dnsName('x.example').slice(0, 2), [0xc0, 16], [0xc0, 12], B.u16(1), B.u16(1), B.u32(30), B.u16(4), B.v4('10.96.0.1'));
  const inner = B.eth(A.m3, A.m1, 0x0800, B.ipv4({ src: A.c, dst: A.d, proto: 1, id: 99 }, B.icmpEcho(8, 1, 1, data(16))));
  const ns = B.icmp6(135, 0, B.cat([0, 0, 0, 0], B.v6(x6.b), [1, 1], B.mac(A.m1)));
  const na = B.icmp6(136, 0, B.cat([0x60, 0, 0, 0], B.v6(x6.b), [2, 1], B.mac(A.m2)));
  return [
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 1, id: 0x1234 }, B.icmpEcho(8, 0x42, 1, data(32)))),
    B.eth('ff:ff:ff:ff:ff:ff', A.m1, 0x0806, B.arp(1, A.m1, A.a, '00:00:00:00:00:00', A.b)),
    B.eth(A.m1, A.m2, 0x0806, B.arp(2, A.m2, A.b, A.m1, A.a)),
    B.eth(A.m2, A.m1, 0x8100, B.vlan(100, 0x0800, ipUdp(A.a, A.b, 1000, 2000, data(10)))),
    B.eth(A.m2, A.m1, 0x88a8, B.vlan(200, 0x8100, B.vlan(300, 0x0800, ipUdp(A.a, A.b, 1001, 2001, data(11))))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 6, id: 3, options: [1, 7, 7, 4, 0, 0, 0, 0, 0, 0, 0, 0] }, tcpSyn)),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 6, id: 4 }, B.tcp({ sp: 443, dp: 40000, flags: 0x018, seq: 5, ack: 6 }, data(100), { src: A.a, dst: A.b }))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 6, id: 5 }, B.tcp({ sp: 1, dp: 2, flags: 0x0c1 }, new Uint8Array(0), { src: A.a, dst: A.b }))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 17, id: 77, flags: 1 }, B.udp(5000, 6000, data(64)).slice(0, 48))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 17, id: 77, fragOffset: 48 }, data(24))),
    ethIp(ipUdp(A.a, A.b, 33333, 4789, B.vxlan(4242, inner))),
    ethIp(ipUdp(A.a, A.b, 33334, 6081, B.geneve(77, 0x6558, inner, [0x01, 0x02, 0x80, 0x01, 0, 0, 0, 1]))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 47, id: 8 }, B.gre(0x0800, B.ipv4({ src: A.c, dst: A.d, proto: 17, id: 9 }, B.udp(1, 2, data(4))), 0x1234))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 47, id: 10 }, B.gre(0x6558, inner))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 4, id: 11 }, B.ipv4({ src: A.c, dst: A.d, proto: 6, id: 12 }, B.tcp({ sp: 80, dp: 8080, flags: 0x010 }, data(8))))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 41, id: 13 }, B.ipv6({ src: x6.a, dst: x6.z, next: 17 }, B.udp(53000, 9, data(6))))),
    ethIp(B.ipv4({ src: A.a, dst: A.b, proto: 50, id: 14 }, B.cat(B.u32(0xc0ffee01), B.u32(7), data(48)))),
    ethIp(ipUdp(A.a, A.b, 51820, 51820, B.cat([1, 0, 0, 0], B.u32(0x11223344), data(140)))),
    ethIp(ipUdp(A.a, A.b, 51820, 51820, B.cat([4, 0, 0, 0], B.u32(0x55667788), [9, 0, 0, 0, 0, 0, 0, 0], data(32)))),
    ethIp(ipUdp(A.a, A.b, 53001, 53, new Uint8Array(dnsQ))),
    ethIp(ipUdp(A.b, A.a, 53, 53001, new Uint8Array(dnsR))),
    ethIp(B.ipv6({ src: x6.ll, dst: x6.sn, next: 58, hlim: 255 }, ns), 0x86dd),
    ethIp(B.ipv6({ src: x6.b, dst: x6.ll, next: 58, hlim: 255 }, na), 0x86dd),
    ethIp(B.ipv6({ src: x6.a, dst: x6.b, next: 0 }, B.ipv6Opts(60, B.ipv6Opts(58, B.icmp6(128, 0, [0, 1, 0, 1, ...data(8)])))), 0x86dd),
    ethIp(B.ipv6({ src: x6.a, dst: x6.b, next: 44 }, B.ipv6Frag(17, 0, true, 0xabcdef01, B.udp(7, 8, data(40)).slice(0, 32))), 0x86dd),
    ethIp(B.ipv6({ src: x6.a, dst: x6.b, next: 44 }, B.ipv6Frag(17, 32, false, 0xabcdef01, data(16))), 0x86dd),
    ethIp(B.ipv6({ src: x6.a, dst: x6.b, next: 4 }, B.ipv4({ src: A.c, dst: A.d, proto: 1, id: 15 }, B.icmpEcho(0, 1, 2, data(4)))), 0x86dd),
    ethIp(B.ipv4({ src: A.b, dst: A.a, proto: 1, id: 16 }, B.cat([3, 3, 0, 0, 0, 0, 0, 0], B.ipv4({ src: A.a, dst: A.b, proto: 17, id: 17 }, B.udp(1234, 9, data(4)))))),
    B.eth(A.m2, A.m1, 0x88cc, data(30)),
    B.eth(A.m2, A.m1, 0x0800, B.ipv4({ src: A.a, dst: A.b, proto: 1, id: 18 }, B.icmpEcho(8, 1, 1, data(2)))).slice(0, 38),
  ];
}

