#!/usr/bin/env python3
# serveur_udp.py - TP2, mode non connecté : le serveur UDP en Python.
# Les mêmes appels que udp/udp_server.c : socket, bind, puis recvfrom / sendto
# en boucle. Pas de listen, pas d'accept : il n'y a pas de connexion.
#
#   python3 labs/tp2/serveur_udp.py 60000
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 60000

serveur = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
serveur.bind(("127.0.0.1", port))
print("Listening on %s:%d" % serveur.getsockname(), flush=True)
try:
    while True:
        message, client = serveur.recvfrom(1024)
        print("Client %s:%d : %s" % (client[0], client[1], message.decode(errors="replace")),
              flush=True)
        serveur.sendto("Bien reçu".encode(), client)
except KeyboardInterrupt:
    serveur.close()
