#!/usr/bin/env python3
# TP1, exercices 2.4 et 2.6 : le message tapé (input()), le port source 62000.
# Si le port est pris (TIME_WAIT chez un client), bind() échoue : le client le
# dit en une ligne et se termine avec le code 1.
# Solution de test pour labcheck tp1.port62000.
import socket
import sys

message = input('Message : ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    s.bind(('127.0.0.1', 62000))
except OSError as e:
    print('client: bind 127.0.0.1:62000:', e.strerror, file=sys.stderr)
    sys.exit(1)
s.connect(('127.0.0.1', 60000))
s.sendall(message.encode())
print('Client received:', s.recv(1024).decode())
while s.recv(1024):
    pass
s.close()
