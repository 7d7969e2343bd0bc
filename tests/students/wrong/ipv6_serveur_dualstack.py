#!/usr/bin/env python3
# WRONG (ipv6.serveur): dual stack: bound to :: with IPV6_V6ONLY at 0, so an
# IPv4 client is accepted too (as [::ffff:127.0.0.1]).
import socket

s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(('::', 60000))
s.listen()
while True:
    conn, addr = s.accept()
    print('Server received:', conn.recv(1024).decode(), 'from', addr)
    conn.sendall(b'Welcome to this server')
    conn.close()
