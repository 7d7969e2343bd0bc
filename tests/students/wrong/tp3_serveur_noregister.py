#!/usr/bin/env python3
# WRONG (tp3.serveur): an ARITH server that serves UDP but never registers with the
# portmapper (no registerrpc/pmap_set): clients cannot find it.
import socket
import struct

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print("Serveur ARITH prêt sur le port", s.getsockname()[1])
while True:
    msg, addr = s.recvfrom(8800)
    xid = struct.unpack_from(">I", msg)[0]
    s.sendto(struct.pack(">6I", xid, 1, 0, 0, 0, 0), addr)
