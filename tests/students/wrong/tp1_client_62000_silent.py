#!/usr/bin/env python3
# WRONG (tp1.port62000): when bind() on 62000 fails (the port in TIME_WAIT), it
# says nothing and goes on from an ephemeral port: 2.6's remark is lost.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(('127.0.0.1', 62000))
except OSError:
    pass
s.connect(('127.0.0.1', 60000))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
while s.recv(1024):
    pass
s.close()
