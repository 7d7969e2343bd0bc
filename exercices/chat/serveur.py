#!/usr/bin/env python3
# exercices/chat/serveur.py - TP1 partie 2, le chat (labs/tp1-tcp-part2.md) :
# le côté serveur (VM1), en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : écouter sur 127.0.0.1:7999, accepter un client, puis
# les deux côtés tapent des lignes quand ils veulent (full duplex) :
#   - chaque ligne reçue du client est affichée ;
#   - chaque ligne tapée au clavier (entrée standard) est envoyée au client ;
#   - l'invite « server@HOST:7999$ » est réaffichée après chaque message ;
#   - « exit », tapé d'un côté ou de l'autre, termine la session des deux côtés.
# Le protocole : une ligne par message, terminée par '\n'.
#
#   python3 exercices/chat/serveur.py     terminal 1 : votre serveur
#   ./tcp/tcp_chat_client 7999            terminal 2 : le client de socklab
#   ./labcheck/labcheck chat.serveur -- python3 exercices/chat/serveur.py   la vérification
#
# Les « À FAIRE » suivent les sections 1 et 2 du polycopié. pydoc3 select,
# pydoc3 socket.socket, pydoc3 os.read.
import os
import select
import socket
import sys

HOST = '127.0.0.1'
PORT = 7999


def invite():
    """Affiche l'invite « server@HOST:7999$ », sans fin de ligne (déjà fourni)."""
    print('server@%s:%d$ ' % (socket.gethostname(), PORT), end='', flush=True)


# À FAIRE 1 : socket.socket(), setsockopt(SO_REUSEADDR), bind((HOST, PORT)),
#   listen() : les étapes 1 à 4 du serveur du TP1 (labs/tp1-tcp.md).

# À FAIRE 2 : accept(), puis print('Connected by', addr).

# À FAIRE 3 : l'invite : invite()

# À FAIRE 4 : la boucle de la session : select.select() sur les DEUX à la
#   fois, le clavier (sys.stdin, ou le descripteur 0) et la socket du client.
#   Pourquoi pas un input() puis un recv() ? (section 1 du polycopié)

# À FAIRE 5 : la socket est prête : recv(1024). b'' : le client a fermé, la
#   session est finie. Sinon, découpez aux '\n' (un recv() peut rendre une
#   demi-ligne ou deux lignes : TCP est un flux d'octets) ; une ligne 'exit' :
#   le client part ; toute autre ligne : affichez-la, puis invite().

# À FAIRE 6 : le clavier est prêt : os.read(0, 1024) (pas input() ni
#   sys.stdin.readline() : ils lisent en avance, et select() ne le voit pas).
#   b'' : fin de l'entrée (Ctrl-D), faites comme pour 'exit'. Envoyez chaque
#   ligne avec son '\n' (sendall). Pour 'exit' : envoyez-la, puis
#   shutdown(socket.SHUT_WR), et lisez jusqu'à ce que le client ferme.

# À FAIRE 7 : close() de la socket du client, puis de la socket d'écoute.

# À effacer quand le programme est complet :
print('exercices/chat/serveur.py : à compléter (les étapes À FAIRE, labs/tp1-tcp-part2.md)',
      file=sys.stderr)
sys.exit(1)
