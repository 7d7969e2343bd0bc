#!/usr/bin/env python3
# WRONG (tp1.serveur): floods its output (1 MiB of debug lines) before
# printing the message it received.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
data = conn.recv(1024)
sys.stdout.write(('debug ' * 10 + '\n') * 16384)
print('Server received:', data.decode())
conn.sendall(b'Welcome to this server')
conn.close()
