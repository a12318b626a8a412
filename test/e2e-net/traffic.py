# Traffic for the namespace capture test, run inside the client namespace (ip netns exec).
# Addresses are the namespaces' own (given on the command line); nothing leaves them.
import socket, struct, sys, time

peer4, peer6, vx_peer = sys.argv[1], sys.argv[2], sys.argv[3]
IP_MTU_DISCOVER, IP_PMTUDISC_DONT = 10, 0


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return (~s) & 0xffff


def echo(dst, count, size, v6=False):
    if v6:
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
        s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    s.settimeout(1.0)
    t = 128 if v6 else 8
    for i in range(count):
        payload = (bytes(range(256)) * (size // 256 + 1))[:size]
        h = struct.pack('!BBHHH', t, 0, 0, 0x4242, i + 1)
        c = 0 if v6 else csum(h + payload)
        s.sendto(struct.pack('!BBHHH', t, 0, c, 0x4242, i + 1) + payload, (dst, 0))
        deadline = time.time() + 1.0
        while time.time() < deadline:
            try:
                data = s.recv(65535)
            except socket.timeout:
                break
            # v4 raw sockets see the IP header; the reply has type 0 / 129
            if (not v6 and len(data) > 20 and data[20] == 0) or (v6 and data[0] == 129):
                break
        time.sleep(0.02)
    s.close()


def udp(dst, port, sizes, v6=False):
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
    if not v6:
        s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    for n in sizes:
        s.sendto((b'udp-payload-' * (n // 12 + 1))[:n], (dst, port))
        time.sleep(0.02)
    s.close()


def tcp(dst, port):
    s = socket.create_connection((dst, port), timeout=3)
    s.sendall(b'hello over tcp ' * 20)
    s.recv(4096)
    s.sendall(b'second segment')
    s.recv(4096)
    s.shutdown(socket.SHUT_WR)
    while s.recv(4096):
        pass
    s.close()


echo(peer4, 2, 56)
echo(peer4, 1, 3000)          # IPv4 fragments (both directions)
udp(peer4, 5001, [10, 200, 3000])   # the last one is fragmented
tcp(peer4, 5000)
echo(peer6, 2, 56, v6=True)   # neighbour discovery first
udp(peer6, 5001, [20, 3000], v6=True)  # IPv6 fragment headers
echo(vx_peer, 2, 64)          # over the VXLAN device: ARP and ICMP inside VXLAN
time.sleep(0.3)
