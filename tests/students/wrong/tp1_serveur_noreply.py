#!/usr/bin/env python3
# WRONG (tp1.serveur): prints the message, then closes without answering.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Server received:', conn.recv(1024).decode())
conn.close()
