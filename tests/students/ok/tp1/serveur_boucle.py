#!/usr/bin/env python3
# TP1, exercice 2.7 : le serveur revient à accept() après chaque client.
# Ctrl-C l'arrête. Solution de test pour labcheck tp1.boucle.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(5)
try:
    while True:
        conn, addr = s.accept()
        print('Connected by', addr)
        data = conn.recv(1024)
        print('Server received:', data.decode())
        conn.sendall(b'Welcome to this server')
        conn.close()
except KeyboardInterrupt:
    print('Arrêt du serveur')
s.close()
