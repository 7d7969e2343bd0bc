#!/usr/bin/env python3
# WRONG (tp3.serveur): an ARITH server written by hand over UDP that registers with the
# portmapper, but whose ADD adds one too many, and which ends on Ctrl-C
# without unregistering (no pmap_unset / svc_unregister).
import math
import os
import socket
import struct

ARITH_PROG, ARITH_VERS = 0x33333333, 1
pmap_port = int(os.environ.get("SOCKLAB_PMAP_PORT", "111"))

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]

# PMAPPROC_SET (program 100000, version 2, procedure 1) over UDP
pm = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
pm.settimeout(2)
pm.sendto(struct.pack(">14I", 1, 0, 2, 100000, 2, 1, 0, 0, 0, 0,
                      ARITH_PROG, ARITH_VERS, 17, port), ("127.0.0.1", pmap_port))
pm.recv(100)
print("Serveur ARITH prêt sur le port", port)

try:
    while True:
        msg, addr = s.recvfrom(8800)
        xid, _, _, prog, vers, proc = struct.unpack_from(">6I", msg)
        head = struct.pack(">5I", xid, 1, 0, 0, 0)
        args = msg[40:]
        if proc == 0:
            s.sendto(head + struct.pack(">I", 0), addr)
        elif proc in (1, 2, 3):
            e1, e2 = struct.unpack_from(">2f", args) if proc != 3 else (struct.unpack_from(">f", args)[0], 0)
            r = e1 + e2 + 1 if proc == 1 else e1 * e2 if proc == 2 else math.sqrt(e1)
            s.sendto(head + struct.pack(">If", 0, r), addr)
        else:
            s.sendto(head + struct.pack(">I", 3), addr)
except KeyboardInterrupt:
    pass
