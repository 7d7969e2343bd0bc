#!/usr/bin/env python3
# exercices/rpyc/serveur.py - TP3, RPyC : un RPC sans contrat
# (labs/tp3-rpc.md, section 9) : le service ARITH en RPyC. À COMPLÉTER.
#
# Ce qu'il doit faire : offrir, sur 127.0.0.1:18861 (le port de RPyC), un
# service dont les méthodes add(e1, e2), mult(e1, e2) et sqrt(e1) sont
# appelables à distance, par leur nom : ni numéro de programme, ni version,
# ni type XDR. Servir plusieurs clients, les uns après les autres ou en même
# temps, jusqu'à Ctrl-C. Une méthode inconnue (un client qui appelle div)
# ne doit pas arrêter le serveur : RPyC renvoie l'erreur au client.
#
# Il faut RPyC (Debian : apt install python3-rpyc), d'où /usr/bin/python3 :
#   /usr/bin/python3 exercices/rpyc/serveur.py                  terminal 1 : votre serveur
#   /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 add 13.4 17.1   terminal 2
#   ./labcheck/labcheck rpyc.serveur -- /usr/bin/python3 exercices/rpyc/serveur.py   la vérification
#
# Chaque « À FAIRE N » est l'étape N de l'exercice de la section 9 du
# polycopié. Documentation : pydoc3 rpyc.Service, pydoc3 rpyc.utils.server
# (ou https://rpyc.readthedocs.io, « Services »).
import math
import sys

HOST = '127.0.0.1'
PORT = 18861

# À FAIRE 1 : import rpyc, et la classe du serveur :
#   from rpyc.utils.server import ThreadedServer
#   (un thread par client : un client lent ne bloque pas les autres)

# À FAIRE 2 : une classe ArithService(rpyc.Service) : chaque méthode dont le
#   nom commence par exposed_ est appelable à distance sous son nom sans le
#   préfixe (exposed_add devient conn.root.add). Trois méthodes :
#   exposed_add(self, e1, e2) rend e1 + e2, exposed_mult rend e1 * e2,
#   exposed_sqrt(self, e1) rend math.sqrt(e1). Rien d'autre n'est exposé :
#   un nom inconnu lève AttributeError chez le client, pas chez vous.

# À FAIRE 3 : le serveur : ThreadedServer(ArithService, hostname=HOST,
#   port=PORT), puis afficher « Listening on 127.0.0.1:18861 », flush=True.

# À FAIRE 4 : start() : il accepte les clients et sert leurs appels, jusqu'à
#   Ctrl-C (KeyboardInterrupt : sortez avec le code 0, après close()).

# À effacer quand le programme est complet :
print('exercices/rpyc/serveur.py : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)',
      file=sys.stderr)
sys.exit(1)
