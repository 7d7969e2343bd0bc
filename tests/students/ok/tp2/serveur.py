#!/usr/bin/env python3
# TP2 : le serveur UDP, écrit comme un étudiant qui suit le polycopié
# (labs/tp2-udp.md, section 9) : une seule socket pour tous les clients,
# recvfrom() puis sendto() à l'expéditeur, pour toujours. Ctrl-C l'arrête.
# Solution de test pour labcheck tp2.serveur.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
try:
    while True:
        data, addr = s.recvfrom(1024)
        print('Client', addr, ':', data.decode(errors='replace'))
        s.sendto('Bien reçu'.encode(), addr)
except KeyboardInterrupt:
    print('Arrêt du serveur')
s.close()
