#!/usr/bin/env python3
# TP2 : le client UDP, écrit comme un étudiant qui suit le polycopié
# (labs/tp2-udp.md) : chaque ligne lue sur l'entrée standard part dans un
# datagramme ; la réponse est attendue 2 s au plus (une réponse perdue ne
# bloque pas le client) ; « exit » est envoyée, puis le client s'arrête.
# Solution de test pour labcheck tp2.client.
import socket
import sys

HOST = '127.0.0.1'
PORT = 60000

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
for ligne in sys.stdin:
    ligne = ligne.rstrip('\n')
    s.sendto(ligne.encode(), (HOST, PORT))
    try:
        data, addr = s.recvfrom(1024)
        print('Server :', data.decode(errors='replace'), flush=True)
    except socket.timeout:
        print('Pas de réponse en 2 s : le datagramme ou sa réponse est perdu', flush=True)
    if ligne == 'exit':
        break
s.close()
