#!/usr/bin/env python3
# exercices/tp2/client.py - TP2, mode non connecté (labs/tp2-udp.md) :
# le client UDP, en Python. À COMPLÉTER.
#
# Ce qu'il doit faire : lire des lignes au clavier (entrée standard), envoyer
# chacune dans un datagramme à 127.0.0.1:60000, attendre la réponse du serveur
# et l'afficher. UDP ne garantit pas que la réponse arrive : le client
# n'attend pas plus de 2 secondes, le dit, et passe à la ligne suivante.
# « exit » est envoyée comme les autres lignes, puis le client se termine.
#
#   ./udp/udp_server -i 60000             terminal 1 : le serveur de socklab
#   python3 exercices/tp2/client.py       terminal 2 : votre client
#   ./labcheck/labcheck tp2.client -- python3 exercices/tp2/client.py       la vérification
#
# Chaque « À FAIRE N » est l'étape N du tableau du début du polycopié
# (colonne client). Modèle : la section 9 du polycopié. pydoc3 socket.socket
import socket
import sys

HOST = '127.0.0.1'
PORT = 60000
DELAI = 2                    # secondes

# À FAIRE 1 : socket.socket(...) : une socket UDP sur IPv4. Puis
#   settimeout(DELAI) : sans cela, une réponse perdue bloquerait recvfrom()
#   pour toujours (sections 2 et 6).

# À FAIRE 2 : pas de bind() : le premier sendto() choisit un port.

# Une boucle : for ligne in sys.stdin: (enlevez le '\n' : ligne.rstrip('\n')),
#   puis les étapes 3 et 4.

# À FAIRE 3 : sendto() de la ligne (.encode()) vers (HOST, PORT).

# À FAIRE 4 : recvfrom(1024) de la réponse, puis l'afficher. Si le délai est
#   dépassé, Python lève socket.timeout (try/except) : dites-le et passez à
#   la ligne suivante (section 6 ; section 8.1 : que devient une réponse
#   arrivée trop tard ?). Après la réponse à 'exit', quittez la boucle.

# À FAIRE 5 : close().

# À effacer quand le programme est complet :
print('exercices/tp2/client.py : à compléter (les étapes À FAIRE, labs/tp2-udp.md)',
      file=sys.stderr)
sys.exit(1)
