#!/usr/bin/env python3
# WRONG (tp1.client): receives the reply but never prints it.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
s.sendall(b'Bonjour')
data = s.recv(1024)
s.close()
