#!/usr/bin/env python3
# WRONG (tp1.port62000): binds source port 62001 instead of 62000.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('', 62001))
s.connect(('127.0.0.1', 60000))
s.sendall(b'Bonjour')
print('Client received:', s.recv(1024).decode())
s.close()
