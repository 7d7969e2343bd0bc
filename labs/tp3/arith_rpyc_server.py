#!/usr/bin/python3
"""arith_rpyc_server.py - TP3: the ARITH service (add, mult, sqrt) with RPyC,
beside ONC RPC: no program number, no version, no procedure numbers, no
XDR types. The client finds the methods by their names (reflection): every
method whose name starts with exposed_ can be called as conn.root.NAME.

    /usr/bin/python3 labs/tp3/arith_rpyc_server.py [PORT]     (default 18861)

Needs RPyC (Debian: apt install python3-rpyc), hence /usr/bin/python3.
"""
import logging
import math
import os
import signal
import sys

import rpyc
from rpyc.utils.server import ThreadedServer


class ArithService(rpyc.Service):
    """The procedures: plain Python methods, any argument type accepted."""

    def exposed_add(self, e1, e2):
        return e1 + e2

    def exposed_mult(self, e1, e2):
        return e1 * e2

    def exposed_sqrt(self, e1):
        return math.sqrt(e1)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18861
    quiet = logging.getLogger("arith_rpyc_server")
    quiet.setLevel(logging.CRITICAL)
    server = ThreadedServer(ArithService, hostname="127.0.0.1", port=port, logger=quiet,
                            protocol_config={"allow_public_attrs": False})
    # Ctrl-C: close the listening socket, then exit 0 (as socklab's servers).
    signal.signal(signal.SIGINT, lambda signo, frame: server.close())
    signal.signal(signal.SIGTERM, lambda signo, frame: server.close())
    print("Listening on 127.0.0.1:%d (pid %d)" % (server.port, os.getpid()), flush=True)
    try:
        server.start()
    except (OSError, ValueError):
        pass                    # the socket closed by the handler
    print("Server stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
