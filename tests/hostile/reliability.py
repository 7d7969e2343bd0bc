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
  deaf PORT SECONDS          a client that reads nothing (a 4 KiB receive
                             buffer) and sends nothing, for SECONDS
  deaf_udp SECONDS           a UDP socket that never answers (a portmapper
                             that does not): "deafpm: ready PORT"
  callit PORT PROG TARGET    registers PROG version 1 at UDP port TARGET, sends
                             a CALLIT to it, then a NULL call: how long the
                             portmapper was held by the forwarded call
Fake servers (listen on 127.0.0.1, port 0; serve for SECONDS at most):
  trickle KIND SECONDS       an RPC server (TCP and UDP, one port) whose answer
                             keeps coming but never completes: over TCP, KIND
                             record: a record mark of almost 64 MiB, then its
                             bytes; zerofrags: zero-length non-final
                             fragments; wrongxid: replies with a wrong xid,
                             each as fast as the client takes them; over UDP,
                             wrong-xid replies as fast. A portmap call over
                             UDP (GETPORT) is answered with its own port, so
                             that -P PORT finds it
  textserver KIND SECONDS    a TCP server that reads each client's message,
                             then KIND silent: says nothing; trickle: sends
                             one byte every 0.2 s, without end
  udpfake KIND SECONDS       a UDP server answering "re: MESSAGE"; KIND
                             impostor: another port sends "impostor" to the
                             client first; late: the first message is
                             answered 1.5 s late, the others at once
  bigdump N SECONDS          a portmapper (TCP) answering every call with a
                             DUMP of N entries, version 4294967295
  mismatch LOW HIGH SECONDS  an RPC server (TCP and UDP, one port) that answers
                             the first call of each connection (or client)
                             PROG_MISMATCH LOW..HIGH, then stays silent
"""
import os
import select
import socket
import struct
import sys
import threading
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


def deaf(port, seconds):
    """A client that connects with a small receive buffer, sends nothing and
    reads nothing, for SECONDS."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((HOST, port))
    ready("deaf")
    time.sleep(seconds)
    s.close()
    print("deaf: held %s s without reading" % seconds)


def deaf_udp(seconds):
    """A UDP socket that receives and never answers, for SECONDS."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    ready_port("deafpm", s.getsockname()[1])
    time.sleep(seconds)
    print("deaf_udp: held %s s" % seconds)


def callit(port, prog, target):
    """Registers (prog, 1, udp, target) with the portmapper at port (SET),
    sends it a CALLIT of (prog, 1, procedure 0), then a NULL call on another
    socket: says how long the portmapper was held by the forwarded call."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5.0)
    s.sendto(call_msg(1, PMAP_PROG, 2, 1, struct.pack(">4I", prog, 1, 17, target)),
             (HOST, port))
    s.recv(65536)
    start = time.monotonic()
    s.sendto(call_msg(2, PMAP_PROG, 2, 5, struct.pack(">4I", prog, 1, 0, 0)), (HOST, port))
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.settimeout(30.0)
    probe.sendto(call_msg(3, PMAP_PROG, 2, 0), (HOST, port))
    try:
        probe.recv(65536)
        held = "%.1f s" % (time.monotonic() - start)
    except socket.timeout:
        held = "over 30 s"
    s.settimeout(0.5)
    try:
        s.recv(65536)
        answer = "answered"
    except socket.timeout:
        answer = "no reply"
    s.sendto(call_msg(4, PMAP_PROG, 2, 2, struct.pack(">4I", prog, 1, 17, target)),
             (HOST, port))              # UNSET
    print("callit: %s; the portmapper answered a NULL call after %s" % (answer, held))


# ---- fake servers ------------------------------------------------------------

def ready_port(name, port):
    print("%s: ready %d" % (name, port), file=sys.stderr, flush=True)


def listen_tcp():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((HOST, 0))
    ls.listen(16)
    return ls


def reply_msg(xid, body, stat=0):
    """An accepted reply (AUTH_NONE verifier, accept_stat stat), then body."""
    return struct.pack(">6I", xid, 1, 0, 0, 0, stat) + body


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


def textserver(kind, seconds):
    """A TCP server for text clients: each client's message is read, then
    KIND silent: nothing is sent; trickle: one byte every 0.2 s, without end."""
    ls = listen_tcp()
    ready_port("textserver", ls.getsockname()[1])
    deadline = time.monotonic() + seconds
    conns = []
    ls.settimeout(0.2)
    while time.monotonic() < deadline:
        try:
            conn, _ = ls.accept()
            conn.recv(65536)
            conns.append(conn)
        except OSError:
            pass
        for conn in list(conns):
            if kind == "trickle":
                try:
                    conn.send(b"z")
                except OSError:
                    conns.remove(conn)
    print("textserver: %s" % kind)


def udpfake(kind, seconds):
    """A UDP server answering "re: MESSAGE". KIND impostor: before each reply,
    another socket (another port) sends "impostor" to the client first; late:
    the first message is answered 1.5 s late, the others at once."""
    us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    us.bind((HOST, 0))
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    other.bind((HOST, 0))
    ready_port("udpfake", us.getsockname()[1])
    deadline = time.monotonic() + seconds
    pending, answered = [], 0
    while time.monotonic() < deadline:
        r, _, _ = select.select([us], [], [], 0.05)
        if r:
            data, peer = us.recvfrom(65536)
            if kind == "impostor":
                other.sendto(b"impostor", peer)
            delay = 1.5 if kind == "late" and answered == 0 else 0
            answered += 1
            pending.append((time.monotonic() + delay, b"re: " + data, peer))
        for item in list(pending):
            if item[0] <= time.monotonic():
                us.sendto(item[1], item[2])
                pending.remove(item)
    print("udpfake: %s, %d messages" % (kind, answered))


def bigdump(n, seconds):
    """A portmapper (TCP) whose table holds n entries: program 0x40000000 + i,
    version 4294967295, udp, port 1 + i % 65535, for every call (DUMP)."""
    ls = listen_tcp()
    ready_port("bigdump", ls.getsockname()[1])
    body = b"".join(struct.pack(">5I", 1, 0x40000000 + i, 0xffffffff, 17, 1 + i % 65535)
                    for i in range(n)) + struct.pack(">I", 0)
    ls.settimeout(seconds)
    served = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn, _ = ls.accept()
        except OSError:
            break
        xid = read_call(conn)
        if xid is not None:
            conn.sendall(record(reply_msg(xid, body)))
            served += 1
        conn.close()
    print("bigdump: %d entries, %d calls" % (n, served))


def trickle_stream(conn, kind, deadline):
    """Answers one TCP connection's call with bytes that keep coming, as fast
    as the client takes them, but never the reply."""
    xid = read_call(conn)
    if kind == "record":
        chunk = b"\0" * 65536
    elif kind == "zerofrags":
        chunk = struct.pack(">I", 0) * 16384
    else:
        chunk = record(reply_msg((xid or 0) ^ 0xffffffff, b"")) * 2048
    try:
        if kind == "record":
            conn.sendall(struct.pack(">I", 0x80000000 | (64 * 1024 * 1024 - 16)))
        conn.settimeout(1.0)
        while time.monotonic() < deadline:
            conn.sendall(chunk)
            r, _, _ = select.select([conn], [], [], 0)
            if r and not conn.recv(65536):
                break               # the client gave up
    except OSError:
        pass
    conn.close()


def trickle(kind, seconds):
    """A fake RPC server on TCP and UDP (same port). Over UDP, a portmap call
    (GETPORT) is answered with this port, so that a client finds this server
    through it (-P PORT); every other call, over UDP, gets a wrong-xid reply
    every ms; over TCP, an answer that trickles (KIND)."""
    ls = listen_tcp()
    port = ls.getsockname()[1]
    us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    us.bind((HOST, port))
    ready_port("trickle", port)
    deadline = time.monotonic() + seconds
    served, peers = 0, {}
    while time.monotonic() < deadline:
        r, _, _ = select.select([ls, us], [], [], 0 if peers else 0.1)
        if ls in r:
            conn, _ = ls.accept()
            served += 1
            threading.Thread(target=trickle_stream, args=(conn, kind, deadline),
                             daemon=True).start()
        if us in r:
            data, peer = us.recvfrom(65536)
            if len(data) >= 16:
                xid, _, _, prog = struct.unpack_from(">4I", data, 0)
                if prog == PMAP_PROG:
                    us.sendto(reply_msg(xid, struct.pack(">I", port)), peer)
                else:
                    served += 1
                    peers[peer] = xid
        for peer, xid in list(peers.items()):
            try:
                for _ in range(256):
                    us.sendto(reply_msg(xid ^ 0xffffffff, b""), peer)
            except OSError:
                del peers[peer]     # gone (ECONNREFUSED): the client gave up
    print("trickle: %s, %d calls" % (kind, served))


def mismatch(low, high, seconds):
    """PROG_MISMATCH low..high to each connection's (or peer's) first call;
    silence afterwards."""
    ls = listen_tcp()
    port = ls.getsockname()[1]
    us = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    us.bind((HOST, port))
    ready_port("mismatch", port)
    deadline = time.monotonic() + seconds
    conns, answered, calls = [], set(), 0
    body = struct.pack(">2I", low, high)
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
                    us.sendto(reply_msg(struct.unpack_from(">I", data, 0)[0], body, 2), peer)
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
                    s.sendall(record(reply_msg(struct.unpack_from(">I", data, 4)[0], body, 2)))
    print("mismatch: %d calls" % calls)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = argv[1], argv[2:]
    table = {
        "dumpflood": lambda: dumpflood(int(rest[0]), int(rest[1]), float(rest[2])),
        "pipeline": lambda: pipeline(int(rest[0]), int(rest[1])),
        "deaf": lambda: deaf(int(rest[0]), float(rest[1])),
        "deaf_udp": lambda: deaf_udp(float(rest[0])),
        "callit": lambda: callit(int(rest[0]), int(rest[1]), int(rest[2])),
        "textserver": lambda: textserver(rest[0], float(rest[1])),
        "udpfake": lambda: udpfake(rest[0], float(rest[1])),
        "bigdump": lambda: bigdump(int(rest[0]), float(rest[1])),
        "trickle": lambda: trickle(rest[0], float(rest[1])),
        "mismatch": lambda: mismatch(int(rest[0]), int(rest[1]), float(rest[2])),
    }
    if cmd not in table:
        print("reliability.py: unknown attack '%s'" % cmd, file=sys.stderr)
        return 2
    table[cmd]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
