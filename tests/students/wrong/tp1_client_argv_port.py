#!/usr/bin/env python3
# WRONG (tp1.argv): ignores its arguments: port 60000 and "Bonjour" hardcoded.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
