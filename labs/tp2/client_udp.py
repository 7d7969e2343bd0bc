#!/usr/bin/env python3
# client_udp.py - TP2, mode non connecté : le client UDP en Python.
# Un datagramme par message (sendto), une réponse attendue (recvfrom).
#
#   python3 labs/tp2/client_udp.py 60000 Bonjour Salut
import socket
import sys

port = int(sys.argv[1])

client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(2)
for ligne in sys.argv[2:]:
    client.sendto(ligne.encode(), ("127.0.0.1", port))
    reponse, serveur = client.recvfrom(1024)
    print("Server : %s" % reponse.decode(errors="replace"))
client.close()
