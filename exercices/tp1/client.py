#!/usr/bin/env python3
# exercices/tp1/client.py - TP1, exercices 1 à 3 (labs/tp1-tcp.md) :
# le client TCP, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : se connecter à 127.0.0.1:60000, envoyer un message,
# recevoir la réponse (recv(1024)), l'afficher, fermer. Puis :
#   2.5 afficher sa propre adresse, celle que donne getsockname() ;
#   2.6 utiliser le port source 62000 (bind() avant connect()) ;
#   3   prendre le port et le message dans sys.argv : client.py 60000 Bonjour
#
#   ./tcp/tcp_server                      terminal 1 : le serveur de socklab
#   python3 exercices/tp1/client.py       terminal 2 : votre client
#   ./labcheck/labcheck tp1.client -- python3 exercices/tp1/client.py       la vérification
#   (puis tp1.getsockname, tp1.port62000, et tp1.argv pour l'exercice 3)
#
# Chaque « À FAIRE N » est l'étape N du tableau de l'exercice 1 du polycopié
# (colonne client) ; l'étape 2 est l'exercice 2.6, l'étape 4 l'exercice 2.5.
# pydoc3 socket.socket, et https://docs.python.org/fr/3/library/socket.html
import socket
import sys

HOST = '127.0.0.1'
PORT = 60000
PORT_CLIENT = 62000          # exercice 2.6
MESSAGE = 'Bonjour'

# À FAIRE exercice 3 : le port dans sys.argv[1] (int(), entre 1 et 65535,
#   sinon un message et sys.exit(2)), le message dans les mots suivants,
#   réunis par une espace (' '.join). Sans argument : PORT et MESSAGE.

# À FAIRE 1 : créer la socket TCP : socket.socket(...) (famille ? type ?).

# À FAIRE 2 (exercice 2.6) : bind() sur ('0.0.0.0', PORT_CLIENT) AVANT
#   connect(). Lancez le client deux fois de suite : que se passe-t-il ?

# À FAIRE 3 : connect() vers (HOST, PORT). Que se passe-t-il si rien n'écoute ?

# À FAIRE 4 (exercice 2.5) : getsockname() : l'adresse et le port choisis pour
#   le client ; affichez-les. Comparez avec ss -tn.

# À FAIRE 5 : sendall() du message (des octets : .encode()).

# À FAIRE 6 : recv(1024) de la réponse, puis l'afficher (exercice 2.1) :
#   print('Client received:', data.decode())

# À FAIRE 7 : close().

# À effacer quand le programme est complet :
print('exercices/tp1/client.py : à compléter (les étapes À FAIRE, labs/tp1-tcp.md)',
      file=sys.stderr)
sys.exit(1)
