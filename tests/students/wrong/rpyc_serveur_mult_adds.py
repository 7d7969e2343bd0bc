#!/usr/bin/env python3
# tests/students/wrong/rpyc_serveur_mult_adds.py - an RPyC ARITH service whose
# mult adds (a copy-paste slip): rpyc.serveur fails "mult" alone.
import math

import rpyc
from rpyc.utils.server import ThreadedServer


class ArithService(rpyc.Service):
    def exposed_add(self, e1, e2):
        return e1 + e2

    def exposed_mult(self, e1, e2):
        return e1 + e2

    def exposed_sqrt(self, e1):
        return math.sqrt(e1)


ThreadedServer(ArithService, hostname='127.0.0.1', port=18861).start()
