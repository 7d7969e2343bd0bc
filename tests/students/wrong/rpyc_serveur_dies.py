#!/usr/bin/env python3
# tests/students/wrong/rpyc_serveur_dies.py - an RPyC ARITH service that
# looks names up itself and exits on one it does not know: add, mult and
# sqrt answer, the unknown method (div) kills the server.
import math
import os

import rpyc
from rpyc.utils.server import ThreadedServer


class ArithService(rpyc.Service):
    def exposed_add(self, e1, e2):
        return e1 + e2

    def exposed_mult(self, e1, e2):
        return e1 * e2

    def exposed_sqrt(self, e1):
        return math.sqrt(e1)

    def _rpyc_getattr(self, name):
        if name in ('add', 'mult', 'sqrt'):
            return getattr(self, 'exposed_' + name)
        print('unknown method %s: stopping' % name, flush=True)
        os._exit(1)


ThreadedServer(ArithService, hostname='127.0.0.1', port=18861).start()
