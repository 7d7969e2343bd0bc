#!/usr/bin/env python3
# exercices/tp2/serveur.py - TP2, mode non connecté (labs/tp2-udp.md) :
# le serveur UDP, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : recevoir sur 127.0.0.1:60000 les datagrammes de
# n'importe quel client, afficher chacun avec l'adresse de son expéditeur,
# répondre à cet expéditeur (« Bien reçu », ou une ligne tapée au clavier,
# section 4), puis attendre le datagramme suivant, pour toujours. Une seule
# socket pour tous les clients : ni listen(), ni accept().
#
#   python3 exercices/tp2/serveur.py      terminal 1 : votre serveur
#   ./udp/udp_client 60000 Bonjour        terminal 2 : le client de socklab
#   ./labcheck/labcheck tp2.serveur -- python3 exercices/tp2/serveur.py     la vérification
#
# Chaque « À FAIRE N » est l'étape N du tableau du début du polycopié
# (colonne serveur). Modèle : la section 9 du polycopié. pydoc3 socket.socket
import socket
import sys

HOST = '127.0.0.1'
PORT = 60000
REPONSE = 'Bien reçu'

# À FAIRE 1 : socket.socket(...) : une socket UDP (socket.SOCK_...) sur IPv4.

# À FAIRE 2 : bind((HOST, PORT)).

# À FAIRE 3 : recvfrom(1024) : rend un couple (données, adresse de
#   l'expéditeur). Affichez l'expéditeur et le message.

# À FAIRE 4 : sendto() de la réponse (des octets : .encode()) vers l'adresse
#   que recvfrom() vient de rendre.

# À FAIRE 5 : une boucle autour des étapes 3 et 4, pour toujours.

# À effacer quand le programme est complet :
print('exercices/tp2/serveur.py : à compléter (les étapes À FAIRE, labs/tp2-udp.md)',
      file=sys.stderr)
sys.exit(1)
