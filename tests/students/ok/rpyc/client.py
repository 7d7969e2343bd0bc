#!/usr/bin/env python3
# tests/students/ok/rpyc/client.py - a good solution of exercices/rpyc/client.py
# (labs/tp3-rpc.md, section 9): the ARITH client in RPyC, printing the lines
# of the ONC RPC client. labcheck rpyc.client's answer key.
import sys

import rpyc

HOST = 'localhost'
PORT = 18861

# 5. the connection
try:
    conn = rpyc.connect(HOST, PORT)
except OSError as error:
    print('client: connect %s:%d: %s' % (HOST, PORT, error.strerror), file=sys.stderr)
    sys.exit(1)

# 6. the calls, by their names; 7. the lines, as printf("%f") writes them
somme = conn.root.add(13.4, 17.1)
print('%f + %f = %f' % (13.4, 17.1, somme))
produit = conn.root.mult(13.4, 17.1)
print('%f * %f = %f' % (13.4, 17.1, produit))
racine = conn.root.sqrt(16)
print('sqrt(%f) = %f' % (16, racine))

# 8. close
conn.close()
