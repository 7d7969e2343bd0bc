#!/usr/bin/env python3
# TP1, exercices 1 et 2.1 : le client envoie un message et affiche la réponse,
# comme l'exemple « Echo client » de la documentation de Python.
# Solution de test pour labcheck tp1.client.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
s.sendall(b'Bonjour')
data = s.recv(1024)
print('Received', repr(data))
s.close()
