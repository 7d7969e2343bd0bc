#!/usr/bin/env python3
# TP1, exercice 1: the server as the handout writes it (labcheck tp1.serveur).
# A minimal good solution for tests/labcheck.bats; the full set is in tests/students/ok/.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
data = conn.recv(1024)
print('Server received:', data.decode())
conn.sendall(b'Welcome to this server')
conn.close()
s.close()
