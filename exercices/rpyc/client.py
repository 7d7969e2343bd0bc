#!/usr/bin/env python3
# exercices/rpyc/client.py - TP3, RPyC : un RPC sans contrat
# (labs/tp3-rpc.md, section 9) : le client ARITH en RPyC. À COMPLÉTER.
#
# Ce qu'il doit faire : se connecter au service ARITH de RPyC sur
# localhost:18861, appeler add(13.4, 17.1), mult(13.4, 17.1) et sqrt(16)
# comme des fonctions locales, et afficher les lignes du client ONC RPC :
#   13.400000 + 17.100000 = 30.500000
#   13.400000 * 17.100000 = 229.140000
#   sqrt(16.000000) = 4.000000
# (229.140000 et non 229.139999 : un float Python a 8 octets, celui de
# struct couple 4.) Le client ne connaît que la machine, le port et le nom
# des méthodes.
#
# Il faut RPyC (Debian : apt install python3-rpyc), d'où /usr/bin/python3 :
#   /usr/bin/python3 labs/tp3/arith_rpyc_server.py          terminal 1 : le serveur de socklab
#   /usr/bin/python3 exercices/rpyc/client.py               terminal 2 : votre client
#   ./labcheck/labcheck rpyc.client -- /usr/bin/python3 exercices/rpyc/client.py   la vérification
#
# Chaque « À FAIRE N » est l'étape N de l'exercice de la section 9 du
# polycopié. Documentation : pydoc3 rpyc.connect (ou
# https://rpyc.readthedocs.io, « Services »).
import sys

HOST = 'localhost'
PORT = 18861

# À FAIRE 5 : import rpyc, puis rpyc.connect(HOST, PORT) : une connexion TCP
#   au serveur. S'il n'y a personne, Python lève ConnectionRefusedError (un
#   OSError) : dites-le sur stderr, et sys.exit(1).

# À FAIRE 6 : les trois appels, par leur nom, sur conn.root (l'objet que le
#   serveur expose) : conn.root.add(13.4, 17.1)... Une erreur du serveur (une
#   méthode qu'il n'a pas, un mauvais argument) est levée ici, chez vous.

# À FAIRE 7 : afficher chaque ligne comme le client ONC RPC (printf "%f") :
#   print('%f + %f = %f' % (13.4, 17.1, somme)), puis mult et sqrt.

# À FAIRE 8 : close() de la connexion, et le code de sortie 0.

# À effacer quand le programme est complet :
print('exercices/rpyc/client.py : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)',
      file=sys.stderr)
sys.exit(1)
