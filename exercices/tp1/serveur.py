#!/usr/bin/env python3
# exercices/tp1/serveur.py - TP1, exercices 1 et 2 (labs/tp1-tcp.md) :
# le serveur TCP, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : écouter sur 127.0.0.1:60000, accepter un client,
# recevoir son message (recv(1024)), l'afficher, répondre
# « Welcome to this server », fermer la socket du client, puis celle d'écoute.
# Exercice 2.7 : revenir à accept() pour servir le client suivant.
#
#   python3 exercices/tp1/serveur.py      terminal 1 : votre serveur
#   ./tcp/tcp_client 60000 Bonjour        terminal 2 : le client de socklab
#   ./labcheck/labcheck tp1.serveur -- python3 exercices/tp1/serveur.py     la vérification
#
# Chaque « À FAIRE N » est l'étape N du tableau de l'exercice 1 du polycopié
# (colonne serveur). Les méthodes d'un objet socket portent le nom des appels
# système : pydoc3 socket.socket, et https://docs.python.org/fr/3/library/socket.html
# (les exemples « Echo server » et « Echo client » en fin de page).
import socket
import sys

HOST = '127.0.0.1'
PORT = 60000
REPONSE = b'Welcome to this server'

# À FAIRE 1 : créer la socket : socket.socket(...) ; quelle famille
#   d'adresses (socket.AF_...), quel type (socket.SOCK_...) pour TCP ?

# À FAIRE 2 : setsockopt() : SO_REUSEADDR à 1 (niveau socket.SOL_SOCKET), pour
#   relancer le serveur pendant qu'une connexion précédente est en TIME_WAIT.

# À FAIRE 3 : bind() sur (HOST, PORT) : en Python, une adresse IPv4 est un
#   couple (adresse, port).

# À FAIRE 4 : listen().

# À FAIRE 5 : accept() : rend un couple (nouvelle socket, adresse du client).
#   Affichez l'adresse : print('Connected by', addr)
# À FAIRE exercice 2.7 : plus tard, une boucle autour des étapes 5 à 8.

# À FAIRE 6 : recv(1024) sur la socket du client : des octets (bytes) ;
#   .decode() pour les afficher. Que rend recv() si le client a fermé ?

# À FAIRE 7 : sendall(REPONSE) au client.

# À FAIRE 8 : close() de la socket du client, puis de la socket d'écoute.

# À effacer quand le programme est complet :
print('exercices/tp1/serveur.py : à compléter (les étapes À FAIRE, labs/tp1-tcp.md)',
      file=sys.stderr)
sys.exit(1)
