#!/usr/bin/env python3
# WRONG (tp1.client): connects to port 60001 instead of 60000.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60001))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
