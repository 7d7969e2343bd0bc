#!/usr/bin/env python3
# WRONG (tp1.serveur): listens on port 60001 instead of 60000.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60001))
s.listen()
conn, addr = s.accept()
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
