#!/usr/bin/env python3
# TP1, exercices 1, 2.1 et 2.2 : le serveur, écrit comme un étudiant qui suit
# le polycopié (labs/tp1-tcp.md, « Avec Python »). Sert un client puis s'arrête.
# Solution de test pour labcheck tp1.serveur (tests/students/README.md).
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(1)
conn, addr = s.accept()
print('Connected by', addr)
data = conn.recv(1024)
print('Server received:', data.decode())
conn.sendall(b'Welcome to this server')
conn.close()
s.close()
