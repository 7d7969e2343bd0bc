#!/usr/bin/env python3
# exercices/ipv6/client.py - Exercice avancé : IPv6 (labs/tp-ipv6.md) :
# le client TCP du TP1 en IPv6, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : le client du TP1 (exercices/tp1/client.py), mais vers
# [::1]:60000 : se connecter, envoyer un message, afficher la réponse, fermer.
#
#   ./ipv6/tcp6_server 60000              terminal 1 : le serveur IPv6 de socklab
#   python3 exercices/ipv6/client.py      terminal 2 : votre client
#   ./labcheck/labcheck ipv6.client -- python3 exercices/ipv6/client.py     la vérification
#
# Les étapes sont celles du client du TP1 ; la partie 5 du polycopié dit ce
# qui change. pydoc3 socket.socket
import socket
import sys

HOST = '::1'
PORT = 60000
MESSAGE = 'Bonjour'

# À FAIRE 1 : socket.socket(...) : une socket TCP sur IPv6 (partie 5).

# (L'étape 2, le bind() de l'exercice 2.6 du TP1, n'est pas demandée ici.)

# À FAIRE 3 : connect((HOST, PORT)). Pas d'IPV6_V6ONLY côté client :
#   pourquoi ? (partie 5)

# À FAIRE 4 : getsockname(), et l'afficher.

# À FAIRE 5 à 7 : sendall() du message, recv(1024) de la réponse
#   (print('Client received:', data.decode())), close() : comme au TP1.

# À effacer quand le programme est complet :
print('exercices/ipv6/client.py : à compléter (les étapes À FAIRE, labs/tp-ipv6.md)',
      file=sys.stderr)
sys.exit(1)
