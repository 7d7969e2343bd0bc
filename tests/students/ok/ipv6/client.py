#!/usr/bin/env python3
# Exercice avancé IPv6 : le client du TP1 vers [::1]:60000 (labs/tp-ipv6.md).
# Solution de test pour labcheck ipv6.client.
import socket

HOST = '::1'
PORT = 60000

s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.connect((HOST, PORT))
print('Local address:', s.getsockname())
s.sendall(b'Bonjour')
data = s.recv(1024)
print('Client received:', data.decode())
s.close()
