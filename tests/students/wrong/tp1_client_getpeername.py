#!/usr/bin/env python3
# WRONG (tp1.getsockname): prints the server's address (getpeername) as its own.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
print('Local address:', s.getpeername())
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
