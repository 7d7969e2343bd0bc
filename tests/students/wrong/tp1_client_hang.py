#!/usr/bin/env python3
# WRONG (tp1.client): waits for the reply before sending anything: the
# server waits for the message, the client for the reply; nobody moves.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
print('Client received:', s.recv(1024).decode())
s.sendall(b'Bonjour')
s.close()
