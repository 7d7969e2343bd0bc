#!/usr/bin/env python3
# TP1, exercice 2.4 : le port et le message tapés par l'utilisateur (input()),
# puis l'échange de l'exercice 2.1. labcheck tape le port quand l'invite le
# demande (« Port : »), puis le message.
# Solution de test pour labcheck tp1.client (et tp1.getsockname : l'adresse locale).
import socket

HOST = '127.0.0.1'

port = int(input('Port : '))
message = input('Message : ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, port))
print('Adresse locale :', s.getsockname())
s.sendall(message.encode())
data = s.recv(1024)
print('Client received:', data.decode())
s.close()
