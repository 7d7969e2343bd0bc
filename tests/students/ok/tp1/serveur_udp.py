#!/usr/bin/env python3
# TP1, exercice 4 : le serveur du TP1 en UDP (serveur_udp.py). Un datagramme
# reçu (recvfrom), affiché, « Welcome to this server » renvoyé (sendto) à son
# adresse. Pas de listen(), pas d'accept() : il n'y a pas de connexion.
# Solution de test pour labcheck tp1.serveurudp.
import socket

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((HOST, PORT))
data, addr = s.recvfrom(1024)
print('Received from', addr, ':', data.decode())
s.sendto(b'Welcome to this server', addr)
s.close()
