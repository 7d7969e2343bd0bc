#!/usr/bin/env python3
# WRONG (ipv6.client): still the IPv4 client: AF_INET to 127.0.0.1.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
