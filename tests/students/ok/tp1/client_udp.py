#!/usr/bin/env python3
# TP1, exercice 4 : le client du TP1 en UDP (client_udp.py). Un datagramme
# envoyé (sendto), la réponse reçue (recvfrom) et affichée, puis la fin : pas
# de boucle ni de « exit » (c'est le chat UDP du TP2, tp2.client).
# Solution de test pour labcheck tp1.clientudp.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b'Bonjour', (HOST, PORT))
data, addr = s.recvfrom(1024)
print('Received', repr(data))
s.close()
