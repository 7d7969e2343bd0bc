#!/usr/bin/env python3
# WRONG (tp1.argv): takes the port from argv but sends "Bonjour", not argv[2].
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
