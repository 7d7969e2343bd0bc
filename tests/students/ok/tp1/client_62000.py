#!/usr/bin/env python3
# TP1, exercice 2.6 : le client se lie au port 62000 avant connect(). Il lit
# jusqu'à ce que le serveur ferme (recv() rend b'') avant de fermer à son
# tour : c'est le serveur, qui ferme le premier, qui garde le TIME_WAIT, et le
# client peut être relancé tout de suite sur le même port. (Un client qui
# ferme aussitôt la réponse reçue peut fermer avant le serveur : le TIME_WAIT
# est alors chez lui, et le bind() suivant échoue, Address already in use.)
# Solution de test pour labcheck tp1.port62000.
import socket

HOST = '127.0.0.1'
PORT = 60000
PORT_CLIENT = 62000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((HOST, PORT_CLIENT))
s.connect((HOST, PORT))
s.sendall(b'Bonjour')
data = s.recv(1024)
print('Client received:', data.decode())
while s.recv(1024):
    pass
s.close()
