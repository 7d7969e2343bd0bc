#!/usr/bin/env python3
# exercices/chat/client.py - TP1 partie 2, le chat (labs/tp1-tcp-part2.md) :
# le côté client (VM2), en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : se connecter à 127.0.0.1:7999, puis les deux côtés
# tapent des lignes quand ils veulent (full duplex) :
#   - chaque ligne reçue du serveur est affichée ;
#   - chaque ligne tapée au clavier (entrée standard) est envoyée au serveur ;
#   - l'invite « client@HOST:7999$ » est réaffichée après chaque message ;
#   - « exit », tapé d'un côté ou de l'autre, termine la session des deux côtés.
# Le protocole : une ligne par message, terminée par '\n'.
#
#   ./tcp/tcp_chat_server                 terminal 1 : le serveur de socklab
#   python3 exercices/chat/client.py      terminal 2 : votre client
#   ./labcheck/labcheck chat.client -- python3 exercices/chat/client.py     la vérification
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
    """Affiche l'invite « client@HOST:7999$ », sans fin de ligne (déjà fourni)."""
    print('client@%s:%d$ ' % (socket.gethostname(), PORT), end='', flush=True)


# À FAIRE 1 : socket.socket() : l'étape 1 du client du TP1 (labs/tp1-tcp.md).

# À FAIRE 2 : connect((HOST, PORT)).

# À FAIRE 3 : l'invite : invite()

# À FAIRE 4 : la boucle de la session : select.select() sur les DEUX à la
#   fois, le clavier (sys.stdin, ou le descripteur 0) et la socket.
#   Pourquoi pas un input() puis un recv() ? (section 1 du polycopié)

# À FAIRE 5 : la socket est prête : recv(1024). b'' : le serveur a fermé, la
#   session est finie. Sinon, découpez aux '\n' (TCP est un flux d'octets) ;
#   une ligne 'exit' : le serveur part ; toute autre ligne : affichez-la,
#   puis invite().

# À FAIRE 6 : le clavier est prêt : os.read(0, 1024) (pas input() : il lit en
#   avance, et select() ne le voit pas). b'' : fin de l'entrée (Ctrl-D),
#   faites comme pour 'exit'. Envoyez chaque ligne avec son '\n' (sendall).
#   Pour 'exit' : envoyez-la, puis shutdown(socket.SHUT_WR), et lisez jusqu'à
#   ce que le serveur ferme.

# À FAIRE 7 : close().

# À effacer quand le programme est complet :
print('exercices/chat/client.py : à compléter (les étapes À FAIRE, labs/tp1-tcp-part2.md)',
      file=sys.stderr)
sys.exit(1)
