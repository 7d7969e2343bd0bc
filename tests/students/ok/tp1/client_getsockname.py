#!/usr/bin/env python3
# TP1, exercice 2.5 : le client affiche aussi sa propre adresse (getsockname),
# telle que Python la rend : ('127.0.0.1', PORT).
# Solution de test pour labcheck tp1.getsockname.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
print('Adresse locale :', s.getsockname())
s.sendall(b'Bonjour')
data = s.recv(1024)
print('Client received:', data.decode())
s.close()
