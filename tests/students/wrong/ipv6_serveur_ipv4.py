#!/usr/bin/env python3
# WRONG (ipv6.serveur): still the IPv4 server: AF_INET on 127.0.0.1.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
