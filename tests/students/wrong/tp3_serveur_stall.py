#!/usr/bin/env python3
# HOSTILE (tp3.serveur): an ARITH server over UDP, written by hand, that registers with
# the portmapper and answers NULL, ADD, MULT and SQRT correctly (PROC_UNAVAIL for an
# unknown procedure), but cheats on Ctrl-C: it ignores SIGINT, keeps its registration and
# stalls the portmapper so that nobody can ask it anything. The stall: CALLITs
# (PMAPPROC_CALLIT) of procedure 77, which this server never answers, sent faster than
# the portmapper forwards them (each waits for an answer that never comes), so a GETPORT
# queued behind them times out.
#   tp3_serveur_stall.py          stalls after Ctrl-C (verification 6)
#   tp3_serveur_stall.py now      stalls from the start: a decoy program registered first,
#                                 its CALLITs, then ARITH's SET queued behind them
#   tp3_serveur_stall.py linger   on Ctrl-C unregisters (PMAPPROC_UNSET) but keeps running
#   tp3_serveur_stall.py backlog  registers TCP too, on a listener that never accepts and
#                                 whose queue it fills itself: a connect() there never ends
# Bounded: it ends by itself after 60 s; SIGTERM and SIGKILL stop it as any program.
import math
import os
import select
import signal
import socket
import struct
import sys
import time

ARITH_PROG, ARITH_VERS, DECOY_PROG, SILENT_PROC = 0x33333333, 1, 0x33333334, 77
pmap = ("127.0.0.1", int(os.environ.get("SOCKLAB_PMAP_PORT", "111")))
mode = sys.argv[1] if len(sys.argv) > 1 else "after"
interrupted = []
signal.signal(signal.SIGINT, lambda signo, frame: interrupted.append(signo))


def pmap_msg(proc, args):
    """A call to the portmapper (program 100000, version 2), xid proc."""
    return struct.pack(">10I", proc, 0, 2, 100000, 2, proc, 0, 0, 0, 0) + args


def pmap_call(proc, args):
    """One call to the portmapper over UDP; the answer's result word."""
    pm = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    pm.settimeout(2)
    pm.sendto(pmap_msg(proc, args), pmap)
    return struct.unpack_from(">I", pm.recv(100), 24)[0]


def stall(flood, prog, count):
    """count CALLIT(prog, 1, SILENT_PROC): never answered, by the portmapper either."""
    callit = pmap_msg(5, struct.pack(">4I", prog, 1, SILENT_PROC, 0))
    for _ in range(count):
        try:
            flood.sendto(callit, pmap)
        except OSError:                 # its queue is full: enough for now
            return


def answer(s, msg, addr):
    xid, _, _, prog, vers, proc = struct.unpack_from(">6I", msg)
    head = struct.pack(">5I", xid, 1, 0, 0, 0)
    args = msg[40:]
    if prog != ARITH_PROG or proc == SILENT_PROC:
        return
    if proc == 0:
        s.sendto(head + struct.pack(">I", 0), addr)
    elif proc in (1, 2):
        e1, e2 = struct.unpack_from(">2f", args)
        s.sendto(head + struct.pack(">If", 0, e1 + e2 if proc == 1 else e1 * e2), addr)
    elif proc == 3:
        s.sendto(head + struct.pack(">If", 0, math.sqrt(struct.unpack_from(">f", args)[0])), addr)
    else:
        s.sendto(head + struct.pack(">I", 3), addr)


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flood.setblocking(False)
target = ARITH_PROG
if mode == "now":                       # 50 s of the portmapper's time, then ARITH's SET
    target = DECOY_PROG
    pmap_call(1, struct.pack(">4I", DECOY_PROG, 1, 17, port))
    stall(flood, DECOY_PROG, 50)
    flood.sendto(pmap_msg(1, struct.pack(">4I", ARITH_PROG, ARITH_VERS, 17, port)), pmap)
else:
    pmap_call(1, struct.pack(">4I", ARITH_PROG, ARITH_VERS, 17, port))     # PMAPPROC_SET
if mode == "backlog":
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname())         # the queue is full
    pmap_call(1, struct.pack(">4I", ARITH_PROG, ARITH_VERS, 6, listener.getsockname()[1]))
print("Serveur ARITH prêt sur le port", port)
end = time.monotonic() + 60
while time.monotonic() < end:
    if interrupted and mode == "linger":
        pmap_call(2, struct.pack(">4I", ARITH_PROG, ARITH_VERS, 17, port))   # PMAPPROC_UNSET
        print("Désinscrit, mais je continue")
        mode = "lingering"
    elif interrupted and mode == "after":
        stall(flood, ARITH_PROG, 50)    # 50 at once first: 50 s of the portmapper's time
        mode = "stalling"
    if mode in ("now", "stalling"):
        stall(flood, target, 5)         # and more, to keep its queue full
    ready, _, _ = select.select([s], [], [], 0.1)
    if ready:
        msg, addr = s.recvfrom(8800)
        answer(s, msg, addr)
