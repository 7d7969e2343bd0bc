#!/usr/bin/env python3
# Exercice avancé IPv6 : le serveur du TP1 sur [::1]:60000, IPV6_V6ONLY posé à
# 1 avant bind() : un client IPv4 est refusé (labs/tp-ipv6.md). Sert un client
# puis s'arrête. Solution de test pour labcheck ipv6.serveur.
import socket

HOST = '::1'
PORT = 60000

s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
s.bind((HOST, PORT))
s.listen(1)
conn, addr = s.accept()
print('Connected by', addr)
data = conn.recv(1024)
print('Server received:', data.decode())
conn.sendall(b'Welcome to this server')
conn.close()
s.close()
