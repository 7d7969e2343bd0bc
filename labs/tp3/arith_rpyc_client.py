#!/usr/bin/python3
"""arith_rpyc_client.py - TP3: the ARITH client with RPyC. The client needs
only the server's address and the method's name: conn.root.add(13.4, 17.1).

    /usr/bin/python3 labs/tp3/arith_rpyc_client.py [--trace] HOST PORT OP X [Y]

OP is add, mult or sqrt, or any other name: the client calls whatever it
is given, and the server answers AttributeError for a method it does not
expose (no contract: nothing says beforehand what exists). X and Y are Python values: 13.4 is a float, "13.4"
(with quotes) a string, 3 an int, as ast.literal_eval reads them. --trace
prints every message sent and received, with its size on the wire and what
RPyC's serializer (brine) put in it.
"""
import ast
import socket
import sys

import rpyc
from rpyc.core import brine, consts

MSG_NAMES = {consts.MSG_REQUEST: "REQUEST", consts.MSG_REPLY: "REPLY",
             consts.MSG_EXCEPTION: "EXCEPTION"}
HANDLERS = {getattr(consts, n): n[len("HANDLE_"):] for n in dir(consts) if n.startswith("HANDLE_")}
WIRE_EXTRA = 6          # brine's frame: 4-byte length, 1-byte compressed flag, b"\n"


def describe(data):
    """One line for a message: its type, sequence number and content."""
    try:
        msg, seq, args = brine.load(data)
    except Exception:       # a message brine cannot read alone
        return "(%d bytes)" % len(data)
    if msg == consts.MSG_REQUEST:
        handler, body = args
        text = "%s %d %s %r" % (MSG_NAMES[msg], seq, HANDLERS.get(handler, handler), body)
    elif is_inspect_reply(args):
        names = [name for name, _ in args[1] if name.startswith("exposed_")]
        text = "%s %d (%d attributes and their docstrings, among them %s)" % (
            MSG_NAMES.get(msg, msg), seq, len(args[1]), ", ".join(names))
    else:
        text = "%s %d %r" % (MSG_NAMES.get(msg, msg), seq, args)
    return text if len(text) <= 120 else text[:116] + " ..."


def is_inspect_reply(args):
    """True for the answer to INSPECT: the service's (name, docstring) pairs."""
    return isinstance(args, tuple) and len(args) == 2 and isinstance(args[1], tuple) and \
        len(args[1]) > 0 and all(isinstance(a, tuple) and len(a) == 2 for a in args[1])


class TracedChannel:
    """Stands for a connection's channel: shows every message as it is sent
    and received, and leaves the rest to the real channel."""

    def __init__(self, channel):
        self.channel = channel

    def __getattr__(self, name):
        return getattr(self.channel, name)

    def send(self, data):
        print("--> %d bytes  %s" % (len(data) + WIRE_EXTRA, describe(data)), flush=True)
        self.channel.send(data)

    def recv(self):
        data = self.channel.recv()
        print("<-- %d bytes  %s" % (len(data) + WIRE_EXTRA, describe(data)), flush=True)
        return data


def main(argv):
    tracing = "--trace" in argv
    argv = [a for a in argv if a != "--trace"]
    usage = "usage: arith_rpyc_client.py [--trace] HOST PORT add|mult|sqrt|NAME X [Y]"
    if len(argv) not in (4, 5) or not argv[2].isidentifier() or argv[2].startswith("_"):
        print(usage, file=sys.stderr)
        return 2
    host, op = argv[0], argv[2]
    try:
        port = int(argv[1])
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        print("arith_rpyc_client: invalid port '%s' (expected an integer in 1..65535)"
              % argv[1], file=sys.stderr)
        print(usage, file=sys.stderr)
        return 2
    try:                                        # a number, or a Python literal ("13.4")
        values = [ast.literal_eval(v) for v in argv[3:]]
    except (ValueError, SyntaxError):
        print("arith_rpyc_client: invalid value in %s (expected a number, or a quoted "
              "literal such as '\"13.4\"')" % " ".join(argv[3:]), file=sys.stderr)
        print(usage, file=sys.stderr)
        return 2
    try:
        conn = rpyc.connect(host, port)
    except socket.gaierror as error:
        print("arith_rpyc_client: cannot resolve '%s': %s" % (host, error.strerror),
              file=sys.stderr)
        return 1
    except OSError as error:
        print("arith_rpyc_client: connect %s:%d: %s" % (host, port, error.strerror),
              file=sys.stderr)
        print("arith_rpyc_client: hint: is arith_rpyc_server.py running there? try: "
              "ss -ltn 'sport = :%d'" % port, file=sys.stderr)
        return 1
    if tracing:
        conn._channel = TracedChannel(conn._channel)
    try:
        function = getattr(conn.root, op)       # found by name, at run time
        result = function(*values)
    except Exception as error:                  # raised by the server, re-raised here
        print("arith_rpyc_client: the server raised %s: %s" % (type(error).__name__,
              str(error).splitlines()[0]), file=sys.stderr)
        conn.close()
        return 1
    if op in ("add", "mult") and len(values) == 2:
        print("%r %s %r = %r" % (values[0], "+" if op == "add" else "*", values[1], result))
    else:
        print("%s(%s) = %r" % (op, ", ".join(repr(v) for v in values), result))
    if tracing:
        conn._channel = conn._channel.channel   # closing is not traced
    conn.close()
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
