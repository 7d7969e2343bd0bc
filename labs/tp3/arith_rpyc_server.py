#!/usr/bin/python3
"""arith_rpyc_server.py - TP3: the ARITH service (add, mult, sqrt) with RPyC,
beside ONC RPC: no program number, no version, no procedure numbers, no
XDR types. The client finds the methods by their names (reflection): every
method whose name starts with exposed_ can be called as conn.root.NAME.

    /usr/bin/python3 labs/tp3/arith_rpyc_server.py [-v] [PORT]     (default 18861)

-v prints each call and its result with the caller's address, as
rpc_arith_server -v does (labcheck's rpyc.client sees the student's calls).

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


def traced(method):
    """method, printing each call: "add(13.4, 17.1) = 30.5 for 127.0.0.1:41234"."""
    name = method.__name__[len("exposed_"):]

    def call(self, *args):
        text = "%s(%s)" % (name, ", ".join(map(repr, args)))
        try:
            result = method(self, *args)
        except Exception as error:
            print("%s raised %s for %s" % (text, type(error).__name__, self.peer), flush=True)
            raise
        print("%s = %r for %s" % (text, result, self.peer), flush=True)
        return result
    return call


class VerboseArithService(ArithService):
    """The same service, each call printed with its caller (-v)."""

    peer = "?"
    exposed_add = traced(ArithService.exposed_add)
    exposed_mult = traced(ArithService.exposed_mult)
    exposed_sqrt = traced(ArithService.exposed_sqrt)

    def on_connect(self, conn):
        endpoints = conn._config.get("endpoints")
        if endpoints and isinstance(endpoints[1], tuple):
            self.peer = "%s:%d" % endpoints[1][:2]


def main():
    args = sys.argv[1:]
    verbose = "-v" in args
    args = [a for a in args if a != "-v"]
    port = int(args[0]) if args else 18861
    quiet = logging.getLogger("arith_rpyc_server")
    quiet.setLevel(logging.CRITICAL)
    server = ThreadedServer(VerboseArithService if verbose else ArithService, hostname="127.0.0.1", port=port, logger=quiet,
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
