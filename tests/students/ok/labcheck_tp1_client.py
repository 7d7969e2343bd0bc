#!/usr/bin/env python3
# TP1, exercice 1: the client as the handout writes it (labcheck tp1.client,
# tp1.getsockname: it prints its own address).
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 60000))
print('Local address:', s.getsockname())
s.sendall(b'Bonjour')
data = s.recv(1024)
print('Client received:', data.decode())
s.close()
