#!/usr/bin/env python3
"""rpc_peer.py - hand-made ONC RPC messages for the tests (python3's socket
module as an independent peer: it shares no code with rpc/).

  rpc_peer.py callit PORT PROG VERS PROC HEXARGS [PMAPVERS]
        CALLIT (v2, or v3/v4 with PMAPVERS) over UDP to 127.0.0.1:PORT;
        prints "port N results HEX" (v2) / "addr A results HEX", or
        "no reply" after 2 s
  rpc_peer.py call PORT PROG VERS PROC HEXARGS [SRCADDR]
        one call over UDP (from SRCADDR if given); prints the reply's
        reply_stat, accept_stat or reject_stat/auth_stat, and results in hex
  rpc_peer.py set-flood PORT COUNT
        COUNT v2 SETs of distinct programs over UDP; prints "true N false M"
  rpc_peer.py empty-pmap
        a fake portmapper on a TCP port of 127.0.0.1 whose DUMP list is
        empty; prints "Listening on 127.0.0.1:PORT (pid N)", serves forever
"""
import os
import signal
import socket
import struct
import sys

PMAP_PROG = 100000


def call_msg(xid, prog, vers, proc, args=b""):
    return struct.pack(">10I", xid, 0, 2, prog, vers, proc, 0, 0, 0, 0) + args


def udp_call(port, msg, src=None, timeout=2.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if src:
        s.bind((src, 0))
    s.settimeout(timeout)
    s.sendto(msg, ("127.0.0.1", port))
    try:
        return s.recv(65536)
    except socket.timeout:
        return None
    finally:
        s.close()


def opaque(data):
    pad = (4 - len(data) % 4) % 4
    return struct.pack(">I", len(data)) + data + b"\0" * pad


def read_opaque(data, pos):
    (n,) = struct.unpack_from(">I", data, pos)
    return data[pos + 4:pos + 4 + n], pos + 4 + ((n + 3) & ~3)


def main(argv):
    cmd = argv[1]
    if cmd == "callit":
        port, prog, vers, proc = (int(a) for a in argv[2:6])
        pmapvers = int(argv[7]) if len(argv) > 7 else 2
        args = struct.pack(">3I", prog, vers, proc) + opaque(bytes.fromhex(argv[6]))
        reply = udp_call(port, call_msg(0x1234, PMAP_PROG, pmapvers, 5, args))
        if reply is None:
            print("no reply")
            return 0
        stat = struct.unpack_from(">6I", reply, 0)
        if stat[2] != 0 or stat[5] != 0:
            print("reply_stat %d accept_stat %d" % (stat[2], stat[5]))
            return 0
        if pmapvers == 2:
            (rport,) = struct.unpack_from(">I", reply, 24)
            results, _ = read_opaque(reply, 28)
            print("port %d results %s" % (rport, results.hex()))
        else:
            addr, pos = read_opaque(reply, 24)
            results, _ = read_opaque(reply, pos)
            print("addr %s results %s" % (addr.decode(), results.hex()))
        return 0
    if cmd == "call":
        port, prog, vers, proc = (int(a) for a in argv[2:6])
        src = argv[7] if len(argv) > 7 else None
        reply = udp_call(port, call_msg(0x4321, prog, vers, proc, bytes.fromhex(argv[6])), src)
        if reply is None:
            print("no reply")
            return 0
        xid, mtype, rstat = struct.unpack_from(">3I", reply, 0)
        if rstat == 1:
            reject, detail = struct.unpack_from(">2I", reply, 12)
            print("MSG_DENIED reject_stat %d auth_stat %d" % (reject, detail))
        else:
            (accept,) = struct.unpack_from(">I", reply, 20)
            print("MSG_ACCEPTED accept_stat %d results %s" % (accept, reply[24:].hex()))
        return 0
    if cmd == "set-flood":
        port, count = int(argv[2]), int(argv[3])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        answers = {0: 0, 1: 0}
        for i in range(count):
            mapping = struct.pack(">4I", 400000 + i, 1, 17, 30000)
            s.sendto(call_msg(i + 1, PMAP_PROG, 2, 1, mapping), ("127.0.0.1", port))
            reply = s.recv(1024)
            (value,) = struct.unpack_from(">I", reply, 24)
            answers[value] += 1
        print("true %d false %d" % (answers[1], answers[0]))
        return 0
    if cmd == "empty-pmap":
        signal.signal(signal.SIGINT, lambda signo, frame: sys.exit(0))
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        print("Listening on 127.0.0.1:%d (pid %d)" % (listener.getsockname()[1], os.getpid()),
              flush=True)
        while True:
            conn, _ = listener.accept()
            data = b""
            while len(data) < 4 or len(data) < 4 + (struct.unpack_from(">I", data)[0] & 0x7fffffff):
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            if len(data) >= 8:
                (xid,) = struct.unpack_from(">I", data, 4)
                reply = struct.pack(">7I", xid, 1, 0, 0, 0, 0, 0)   # SUCCESS, list: FALSE
                conn.sendall(struct.pack(">I", 0x80000000 | len(reply)) + reply)
            conn.close()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
