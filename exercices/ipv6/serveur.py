#!/usr/bin/env python3
# exercices/ipv6/serveur.py - Exercice avancé : IPv6 (labs/tp-ipv6.md) :
# le serveur TCP du TP1 en IPv6, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : le serveur du TP1 (exercices/tp1/serveur.py), mais
# sur [::1]:60000 : accepter un client IPv6, recevoir son message,
# l'afficher, répondre « Welcome to this server », fermer. Un client IPv4
# (127.0.0.1) doit être refusé : l'option IPV6_V6ONLY est posée à 1.
#
#   python3 exercices/ipv6/serveur.py     terminal 1 : votre serveur
#   ./ipv6/tcp6_client 60000 Bonjour      terminal 2 : le client IPv6 de socklab
#   ./tcp/tcp_client 60000 Bonjour        ... et le client IPv4 : refusé
#   ./labcheck/labcheck ipv6.serveur -- python3 exercices/ipv6/serveur.py   la vérification
#
# Les étapes sont celles du serveur du TP1 ; la partie 5 du polycopié dit ce
# qui change. pydoc3 socket.socket ; man 7 ipv6 (IPV6_V6ONLY).
import socket
import sys

HOST = '::1'
PORT = 60000
REPONSE = b'Welcome to this server'

# À FAIRE 1 : socket.socket(...) : une socket TCP sur IPv6. Qu'est-ce qui
#   change par rapport au TP1 ? (partie 5)

# À FAIRE 2 : setsockopt() SO_REUSEADDR, comme au TP1.

# À FAIRE 2b : setsockopt() IPV6_V6ONLY à 1, AVANT bind() : à quel niveau
#   (socket.IPPROTO_...) ? Pourquoi la poser toujours, plutôt que compter sur
#   net.ipv6.bindv6only ? (partie 6)

# À FAIRE 3 : bind((HOST, PORT)) : en Python, une adresse IPv6 s'écrit aussi
#   en couple (adresse, port) ; accept() et getsockname(), eux, rendent un
#   quadruplet (adresse, port, flowinfo, scope_id).

# À FAIRE 4 à 8 : listen(), accept() (print('Connected by', addr)), recv(1024),
#   sendall(REPONSE), close() : comme au TP1.

# À effacer quand le programme est complet :
print('exercices/ipv6/serveur.py : à compléter (les étapes À FAIRE, labs/tp-ipv6.md)',
      file=sys.stderr)
sys.exit(1)
