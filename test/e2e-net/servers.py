# Servers for the namespace capture test (run in the server namespace until killed):
# a TCP echo on port 5000 and UDP sinks on port 5001 (IPv4 and IPv6).
import socket, threading, sys

ready = sys.argv[1] if len(sys.argv) > 1 else None


def tcp_server():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(('0.0.0.0', 5000))
    s.listen(4)
    while True:
        c, _ = s.accept()
        while True:
            d = c.recv(4096)
            if not d:
                break
            c.sendall(d[:32])
        c.close()


def udp_server(fam, addr):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, 5001))
    while True:
        s.recv(65535)


threading.Thread(target=tcp_server, daemon=True).start()
threading.Thread(target=udp_server, args=(socket.AF_INET, '0.0.0.0'), daemon=True).start()
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
u6.bind(('::', 5001))
print('ready', flush=True)
while True:
    u6.recv(65535)
