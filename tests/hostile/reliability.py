#!/usr/bin/env python3
"""reliability.py - hostile peers and hostile servers for tests/reliability.bats
(issue 20), python3's socket module only, on top of attack.py's helpers. Every
attack is bounded in count and in time, talks to HOST (127.0.0.1, or
$ATTACK_HOST) only, and prints one summary line on stdout that the test
checks. An attack or fake server that runs in the background says so on
stderr first ("NAME: ready", a fake server with its port: "NAME: ready PORT"),
for the test to wait on.

Against a server:
  dumpflood PORT N SECONDS   N connections; each sends one ~900 KiB call (it
                             grows the server's reassembly buffer), then about
                             1 MiB of pipelined portmap DUMP calls, and never
                             reads a reply; then holds them SECONDS
  pipeline PORT N            N portmap DUMP calls on one connection, written
                             before any reply is read, then every reply read
Fake servers (listen on 127.0.0.1, port 0; serve for SECONDS at most):
  trickle KIND SECONDS       a TCP RPC server whose answer never completes:
                             KIND record: a record mark of almost 64 MiB, then
                             its bytes one every 0.1 s; zerofrags: zero-length
                             non-final fragments, one every 0.1 s; wrongxid: a
                             complete reply with a wrong xid every 0.1 s
  udptrickle SECONDS         the same as wrongxid, over UDP
  mismatch SECONDS           a TCP and UDP RPC server that answers every call
                             PROG_MISMATCH low 0 high 2^32-1 on its first
                             call of each connection, then stays silent
"""
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attack import HOST, PMAP_PROG, call_msg, ready, record  # noqa: E402


# ---- against a server --------------------------------------------------------

def dumpflood(port, n, seconds):
    big = record(call_msg(1, PMAP_PROG, 2, 0, b"\0" * (900 * 1024)))
    dump = record(call_msg(2, PMAP_PROG, 2, 4))
    payload = big + dump * ((1 << 20) // len(dump))
    socks, left = [], {}
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.connect((HOST, port))
        s.setblocking(False)
        socks.append(s)
        left[s.fileno()] = [s, 0]
    # Send until every payload is out, or nothing moved for 1 s (the server
    # stopped reading: back-pressure), 20 s at most.
    sent, deadline, still = 0, time.monotonic() + 20, time.monotonic()
    poller = select.poll()
    for s in socks:
        poller.register(s, select.POLLOUT)
    while left and time.monotonic() < deadline and time.monotonic() - still < 1.0:
        for fd, _ in poller.poll(100):
            s, done = left[fd]
            try:
                k = s.send(payload[done:done + 262144])
            except BlockingIOError:
                continue
            except OSError:
                k = len(payload) - done
            sent += k
            still = time.monotonic()
            left[fd][1] = done + k
            if done + k >= len(payload):
                poller.unregister(fd)
                del left[fd]
    ready("dumpflood")
    print("dumpflood: %d connections, %d of %d bytes sent, never read"
          % (n, sent, n * len(payload)), flush=True)
    time.sleep(seconds)
    for s in socks:
        s.close()


def pipeline(port, n):
    """n DUMP calls pipelined on one connection, written before any reply is
    read (as far as the server lets them in), then every reply read: each
    must come, in order."""
    calls = b"".join(record(call_msg(i + 1, PMAP_PROG, 2, 4)) for i in range(n))
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect((HOST, port))
    s.setblocking(False)
    sent, buf, xids, stalled = 0, b"", [], False
    deadline = time.monotonic() + 20
    while len(xids) < n and time.monotonic() < deadline:
        want_w = sent < len(calls)
        # read nothing until the server stopped taking calls (back-pressure)
        want_r = stalled or not want_w
        r, w, _ = select.select([s] if want_r else [], [s] if want_w else [], [], 1.0)
        if not r and not w:
            stalled = True
            continue
        if w:
            try:
                sent += s.send(calls[sent:sent + 65536])
            except BlockingIOError:
                pass
        if r:
            piece = s.recv(1 << 20)
            if not piece:
                break
            buf += piece
            while len(buf) >= 4:
                n_bytes = struct.unpack_from(">I", buf, 0)[0] & 0x7fffffff
                if len(buf) < 4 + n_bytes:
                    break
                xids.append(struct.unpack_from(">I", buf, 4)[0])
                buf = buf[4 + n_bytes:]
    s.close()
    print("pipeline: %d calls, %d replies%s%s" % (
        n, len(xids), ", in order" if xids == list(range(1, len(xids) + 1)) else ", out of order",
        ", the server stopped reading until replies were read" if stalled else ""))


# ---- fake servers ------------------------------------------------------------

def listen_tcp():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((HOST, 0))
    ls.listen(16)
    return ls


def reply_msg(xid, body):
    """An accepted reply (AUTH_NONE verifier) with body after the accept_stat."""
    return struct.pack(">6I", xid, 1, 0, 0, 0, 0) + body


def read_call(conn, timeout=5.0):
    """Reads one record-marked call; returns its xid, or None."""
    conn.settimeout(timeout)
    data = b""
    try:
        while len(data) < 8:
            piece = conn.recv(65536)
            if not piece:
                return None
            data += piece
    except OSError:
        return None
    return struct.unpack_from(">I", data, 4)[0]


def trickle(kind, seconds):
    ls = listen_tcp()
    ready("trickle %d" % ls.getsockname()[1])
    deadline = time.monotonic() + seconds
    ls.settimeout(seconds)
    served = 0
    while time.monotonic() < deadline:
        try:
            conn, _ = ls.accept()
        except OSError:
            break
        xid = read_call(conn)
        served += 1
        try:
            if kind == "record":
                conn.sendall(struct.pack(">I", 0x80000000 | (64 * 1024 * 1024 - 16)))
            while time.monotonic() < deadline:
                if kind == "record":
                    conn.sendall(b"\0")
                elif kind == "zerofrags":
                    conn.sendall(struct.pack(">I", 0))
                else:
                    conn.sendall(record(reply_msg((xid or 0) ^ 0xffffffff, b"")))
                r, _, _ = select.select([conn], [], [], 0.1)
                if r and not conn.recv(65536):
                    break           # the client gave up
        except OSError:
            pass
        conn.close()
    print("trickle: %s, %d clients" % (kind, served))


def udptrickle(seconds):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    ready("udptrickle %d" % s.getsockname()[1])
    deadline = time.monotonic() + seconds
    peer, xid, sent = None, 0, 0
    while time.monotonic() < deadline:
        r, _, _ = select.select([s], [], [], 0.1)
        if r:
            data, peer = s.recvfrom(65536)
            xid = struct.unpack_from(">I", data, 0)[0] if len(data) >= 4 else 0
        if peer is not None:
            s.sendto(reply_msg(xid ^ 0xffffffff, b""), peer)
            sent += 1
    print("udptrickle: %d wrong-xid replies" % sent)


def mismatch(seconds):
    """PROG_MISMATCH 0..2^32-1 to each connection's (or datagram's) first call;
    silence afterwards."""
    ls = listen_tcp()
    port = ls.getsockname()[1]
    us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    us.bind((HOST, port))
    ready("mismatch %d" % port)
    deadline = time.monotonic() + seconds
    conns, answered, calls = [], set(), 0
    body = struct.pack(">3I", 2, 0, 0xffffffff)
    while time.monotonic() < deadline:
        r, _, _ = select.select([ls, us] + conns, [], [], 0.2)
        for s in r:
            if s is ls:
                conn, _ = ls.accept()
                conns.append(conn)
            elif s is us:
                data, peer = us.recvfrom(65536)
                calls += 1
                if peer not in answered and len(data) >= 4:
                    answered.add(peer)
                    us.sendto(reply_msg(struct.unpack_from(">I", data, 0)[0], body), peer)
            else:
                try:
                    data = s.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    conns.remove(s)
                    s.close()
                    continue
                calls += 1
                if s not in answered and len(data) >= 8:
                    answered.add(s)
                    s.sendall(record(reply_msg(struct.unpack_from(">I", data, 4)[0], body)))
    print("mismatch: %d calls" % calls)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = argv[1], argv[2:]
    table = {
        "dumpflood": lambda: dumpflood(int(rest[0]), int(rest[1]), float(rest[2])),
        "pipeline": lambda: pipeline(int(rest[0]), int(rest[1])),
        "trickle": lambda: trickle(rest[0], float(rest[1])),
        "udptrickle": lambda: udptrickle(float(rest[0])),
        "mismatch": lambda: mismatch(float(rest[0])),
    }
    if cmd not in table:
        print("reliability.py: unknown attack '%s'" % cmd, file=sys.stderr)
        return 2
    table[cmd]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
