#!/usr/bin/env python3
"""attack.py - hostile peers for tests/hostile.bats (python3's socket module
only). Every attack is bounded in count and in time, talks to HOST (default
127.0.0.1, or $ATTACK_HOST) only, and prints one summary line on stdout that
the test checks. An attack that runs in the background while the test acts
says so on stderr first ("ATTACK: ready"), for the test to wait on. Exit status 0 unless the attack itself could not run.

TCP:
  vanish PORT N            N connections opened and closed at once, no data
  rst PORT N               N connections that send half a message, then reset
  halfclose PORT MSG       send MSG, shutdown(SHUT_WR), print what comes back
  slow PORT N SECONDS      N clients sending one byte a second for SECONDS,
                           or until SIGTERM (then the summary, exit 0)
  silent PORT SECONDS      one client that connects and says nothing
  hold PORT N SECONDS      N connections opened and held for SECONDS
  noread PORT SECONDS      a client that sends without ever reading
  streamcut PORT BYTES N   a client that streams without pausing until the
                           server closes; again (N tries at most) while the
                           server closed before BYTES were sent (a pause of
                           the attacker on a loaded machine ends a message)
  binary PORT              every byte value 0..255 (NUL included), then the reply
  bigline PORT BYTES       one line of BYTES bytes, then the reply
  echo PORT MSG            a normal echo client: MSG must come back (3 s)
  talk PORT MSG SECONDS    a normal chat client: send MSG and a newline, print
                           the first line that arrives within SECONDS
UDP:
  udpflood PORT N          N datagrams as fast as possible (at most 10 s)
  udpsend PORT SIZE|binary one datagram of SIZE bytes (or every byte value)
RPC (PROG VERS are the server's program and version):
  rpc-tcp PORT HEX         one raw record-marked TCP stream; prints the
                           replies (one line each) and whether the server closed
  rpc-udp PORT HEX         one raw datagram; prints the reply
  rpc-call T PORT PROG VERS PROC [opts]   one call over T (tcp|udp); opts:
                           rpcvers=N args=HEX src=ADDR auth=sys|bigsys (255-byte
                           name, 16 gids: the most allowed)|longname|manygids|
                           hugesys (a body claiming 1 GiB)|badflavor
                           prints the decoded reply
  rpc-bigmark PORT         a record mark claiming 2 GiB, then bytes
  rpc-fragments PORT SECONDS  non-final fragments, forever (SECONDS at most)
  rpc-truncated T PORT     every prefix 0..39 of a valid call, one per
                           connection (tcp) or datagram (udp)
  rpc-setflood T PORT N [SRC]   N portmap v2 SETs of distinct programs;
                           prints "true N false M refused R noreply Z"
  rpc-callit PORT          CALLIT abuse: to the portmapper itself, to an
                           unregistered program, with oversized arguments
"""
import errno
import os
import select
import signal
import socket
import struct
import sys
import time

HOST = os.environ.get("ATTACK_HOST", "127.0.0.1")
PMAP_PROG = 100000


def connect(port, timeout=3.0, src=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if src:
        s.bind((src, 0))
    s.connect((HOST, port))
    return s


def read_until(s, done, timeout):
    """Reads until done(data), end of stream or timeout; returns (data, eof)."""
    data = b""
    deadline = time.monotonic() + timeout
    while not done(data) and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            piece = s.recv(65536)
        except socket.timeout:
            break
        if not piece:
            return data, True
        data += piece
    return data, False


def read_all(s, limit=1 << 20, timeout=3.0):
    """Reads until end of stream, limit bytes or timeout; returns (data, eof)."""
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < limit:
        left = deadline - time.monotonic()
        if left <= 0:
            return data, False
        s.settimeout(left)
        try:
            piece = s.recv(65536)
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True
        if not piece:
            return data, True
        data += piece
    return data, False


def ready(name):
    print("%s: ready" % name, file=sys.stderr, flush=True)


def text(data):
    return data.decode("latin-1").encode("unicode_escape").decode("ascii")


# ---- TCP ------------------------------------------------------------------------

def vanish(port, n):
    done = 0
    for _ in range(n):
        s = connect(port)
        s.close()
        done += 1
    print("vanish: %d connections opened and closed" % done)


def rst(port, n):
    done = 0
    for _ in range(n):
        s = connect(port)
        s.sendall(b"half a mess")
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        done += 1
    print("rst: %d connections reset mid-message" % done)


def halfclose(port, msg):
    s = connect(port)
    s.sendall(msg.encode())
    s.shutdown(socket.SHUT_WR)
    data, eof = read_all(s)
    s.close()
    print("halfclose: received '%s'%s" % (text(data), " then end of stream" if eof else ""))


class Stop(Exception):
    """SIGTERM: the test says the attack has lasted long enough."""


def stop_on_sigterm(signum, frame):
    raise Stop()


def slow(port, n, seconds):
    socks = [connect(port) for _ in range(n)]
    sent = closed = 0
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    ready("slow")
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            for s in list(socks):
                try:
                    s.send(b"z")
                    sent += 1
                except OSError:
                    socks.remove(s)
                    closed += 1
            time.sleep(1.0)
    except Stop:
        pass
    # Ignored from now on, not back to the default: timeout(1) passes the test's
    # SIGTERM to its whole process group as well as to its child, so a second
    # one may follow the first, and must not kill the summary (exit 143).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for s in socks:
        s.close()
    print("slow: %d clients, %d bytes sent one a second, %d closed by the server"
          % (n, sent, closed))


def silent(port, seconds):
    s = connect(port)
    ready("silent")
    data, eof = read_all(s, timeout=seconds)
    s.close()
    print("silent: after %s s: received '%s'%s" % (seconds, text(data),
          ", the server closed" if eof else ", still open"))


def hold(port, n, seconds):
    socks, established, failed = [], 0, 0
    deadline = time.monotonic() + seconds
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        err = s.connect_ex((HOST, port))
        if err not in (0, errno.EINPROGRESS):
            failed += 1
            s.close()
            continue
        socks.append(s)
    # Count the connections the kernel completed (the rest wait in SYN_SENT
    # once the listen queue is full: an iterative server accepts one at a time).
    poller, pending = select.poll(), {}
    for s in socks:
        poller.register(s, select.POLLOUT)
        pending[s.fileno()] = s
    while pending and time.monotonic() < deadline:
        for fd, _ in poller.poll(200):
            s = pending.pop(fd)
            poller.unregister(fd)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                established += 1
    ready("hold")
    left = deadline - time.monotonic()
    if left > 0:
        time.sleep(left)
    for s in socks:     # vanish with a reset: no TIME_WAIT left on 10000 ports
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    print("hold: %d connections opened, %d established, %d failed, held %s s"
          % (len(socks), established, failed, seconds))


def noread(port, seconds):
    s = connect(port)
    s.settimeout(0.2)      # blocking sends: the next one starts as soon as there is room
    sent, closed = 0, False
    chunk = b"x" * 65536
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            sent += s.send(chunk)
            if sent >= 4 * len(chunk) and sent - len(chunk) < 4 * len(chunk):
                ready("noread")
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
    s.close()
    print("noread: %d bytes sent without reading, %s"
          % (sent, "then the server closed" if closed else "for %s s" % seconds))


def streamcut(port, limit, tries):
    chunk = b"x" * 65536
    for attempt in range(1, tries + 1):
        s = connect(port)
        s.settimeout(5.0)
        sent = 0
        try:
            while sent < 64 * limit:      # bounded even if the server never closes
                sent += s.send(chunk)
        except OSError:
            pass                          # closed by the server (EPIPE, reset) or 5 s
        s.close()
        if sent > limit:
            break
    print("streamcut: the server closed after %d bytes sent (try %d of %d)"
          % (sent, attempt, tries))


def binary(port):
    s = connect(port)
    s.sendall(bytes(range(256)))
    data, _ = read_all(s, limit=256 + 64, timeout=2.0)
    s.close()
    print("binary: 256 bytes sent, %d received: '%s'" % (len(data), text(data[:64])))


def bigline(port, size):
    s = connect(port)
    s.setblocking(False)
    payload = b"A" * (size - 1) + b"\n"
    sent = 0
    deadline = time.monotonic() + 10
    received = b""
    idle_since = time.monotonic()
    while time.monotonic() < deadline:
        want_w = [s] if sent < len(payload) else []
        r, w, _ = select.select([s], want_w, [], 0.2)
        try:
            if w:
                sent += s.send(payload[sent:sent + 65536])
            if r:
                piece = s.recv(65536)
                if not piece:
                    break
                received += piece
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            break
        if r or w:
            idle_since = time.monotonic()
        elif sent == len(payload) and time.monotonic() - idle_since > 1.0:
            break          # all sent, and nothing more came back for 1 s
    s.close()
    print("bigline: %d of %d bytes sent, %d received" % (sent, size, len(received)))


def echo(port, msg):
    s = connect(port)
    s.sendall(msg.encode())
    data, _ = read_until(s, lambda d: len(d) >= len(msg), 3.0)
    s.close()
    print("echo: '%s' came back" % text(data))


def talk(port, msg, seconds):
    # The connect may wait: after a hold, the listen queue is full until the
    # iterative chat server has drained it (SYNs are dropped, then retried).
    s = connect(port, timeout=seconds)
    s.sendall(msg.encode() + b"\n")
    ready("talk")
    data, eof = read_until(s, lambda d: b"\n" in d, seconds)
    s.close()
    print("talk: received '%s'%s" % (text(data), ", then end of stream" if eof else ""))


# ---- UDP ------------------------------------------------------------------------

def udpflood(port, n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = dropped = 0
    deadline = time.monotonic() + 10
    for i in range(n):
        if time.monotonic() > deadline:
            break
        try:
            s.sendto(b"flood %d" % i, (HOST, port))
            sent += 1
        except OSError:
            dropped += 1
    s.close()
    print("udpflood: %d datagrams sent, %d refused by the kernel" % (sent, dropped))


def udpsend(port, what):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2.0)
    payload = bytes(range(256)) if what == "binary" else b"B" * int(what)
    s.sendto(payload, (HOST, port))
    try:
        data = s.recv(65536)
        print("udpsend: %d bytes sent, reply '%s'" % (len(payload), text(data[:64])))
    except socket.timeout:
        print("udpsend: %d bytes sent, no reply" % len(payload))
    s.close()


# ---- RPC ------------------------------------------------------------------------

def opaque(data):
    return struct.pack(">I", len(data)) + data + b"\0" * ((4 - len(data) % 4) % 4)


def auth(kind):
    if kind == "sys":      # AUTH_SYS: stamp, machine, uid, gid, gids
        body = struct.pack(">I", 1) + opaque(b"lab") + struct.pack(">4I", 0, 0, 1, 0)
        return struct.pack(">I", 1) + opaque(body)
    if kind == "bigsys":   # a machine name of 255 bytes and 16 gids: a 400+ byte body
        body = (struct.pack(">I", 1) + opaque(b"m" * 255) + struct.pack(">3I", 0, 0, 16)
                + struct.pack(">16I", *range(16)))
        return struct.pack(">I", 1) + opaque(body)
    if kind == "longname":  # a machine name of 300 bytes: over AUTH_SYS's 255
        body = struct.pack(">I", 1) + opaque(b"m" * 300) + struct.pack(">3I", 0, 0, 0)
        return struct.pack(">I", 1) + opaque(body)
    if kind == "manygids":  # 17 gids: over AUTH_SYS's 16
        body = (struct.pack(">I", 1) + opaque(b"lab") + struct.pack(">3I", 0, 0, 17)
                + struct.pack(">17I", *range(17)))
        return struct.pack(">I", 1) + opaque(body)
    if kind == "hugesys":  # a body claiming 1 GiB
        return struct.pack(">II", 1, 1 << 30) + b"\0" * 64
    if kind == "badflavor":
        return struct.pack(">II", 77, 0)
    return struct.pack(">II", 0, 0)


def call_msg(xid, prog, vers, proc, args=b"", rpcvers=2, cred="none"):
    return (struct.pack(">6I", xid, 0, rpcvers, prog, vers, proc) + auth(cred)
            + struct.pack(">II", 0, 0) + args)


def record(msg):
    return struct.pack(">I", 0x80000000 | len(msg)) + msg


def describe(reply):
    """One line for an RPC reply."""
    if reply is None:
        return "no reply"
    if len(reply) < 12:
        return "short reply (%d bytes)" % len(reply)
    xid, mtype, stat = struct.unpack_from(">3I", reply, 0)
    if mtype != 1:
        return "not a reply"
    if stat == 1:   # MSG_DENIED
        (rstat,) = struct.unpack_from(">I", reply, 12)
        if rstat == 0:
            low, high = struct.unpack_from(">II", reply, 16)
            return "denied RPC_MISMATCH low %d high %d" % (low, high)
        (astat,) = struct.unpack_from(">I", reply, 16)
        return "denied AUTH_ERROR %d" % astat
    (vlen,) = struct.unpack_from(">I", reply, 16)
    pos = 20 + ((vlen + 3) & ~3)
    (astat,) = struct.unpack_from(">I", reply, pos)
    names = ["SUCCESS", "PROG_UNAVAIL", "PROG_MISMATCH", "PROC_UNAVAIL", "GARBAGE_ARGS",
             "SYSTEM_ERR"]
    name = names[astat] if astat < len(names) else str(astat)
    if astat == 2:
        low, high = struct.unpack_from(">II", reply, pos + 4)
        return "accepted PROG_MISMATCH low %d high %d" % (low, high)
    return "accepted %s results %s" % (name, reply[pos + 4:].hex())


def tcp_records(s, timeout=2.0, count=1):
    """Reads up to count replies; returns (replies, eof)."""
    buf, replies, eof = b"", [], False
    deadline = time.monotonic() + timeout
    while len(replies) < count and time.monotonic() < deadline:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            piece = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            eof = True
            break
        if not piece:
            eof = True
            break
        buf += piece
        while len(buf) >= 4:
            (mark,) = struct.unpack_from(">I", buf, 0)
            n = mark & 0x7fffffff
            if len(buf) < 4 + n:
                break
            replies.append(buf[4:4 + n])
            buf = buf[4 + n:]
    return replies, eof


def closed_soon(s, timeout=3.0):
    """True if the server closes the connection within timeout."""
    _, eof = read_all(s, timeout=timeout)
    return eof


def rpc_call(transport, port, prog, vers, proc, opts):
    kv = dict(o.split("=", 1) for o in opts)
    msg = call_msg(0x5eed, prog, vers, proc, bytes.fromhex(kv.get("args", "")),
                   int(kv.get("rpcvers", "2")), kv.get("auth", "none"))
    src = kv.get("src")
    if transport == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if src:
            s.bind((src, 0))
        s.settimeout(2.0)
        s.sendto(msg, (HOST, port))
        try:
            reply = s.recv(65536)
        except socket.timeout:
            reply = None
        s.close()
    else:
        s = connect(port, src=src)
        s.sendall(record(msg))
        replies, _ = tcp_records(s)
        s.close()
        reply = replies[0] if replies else None
    print("rpc-call: " + describe(reply))


def rpc_bigmark(port):
    s = connect(port)
    s.sendall(struct.pack(">I", 0x80000000 | 0x7fffffff) + b"\0" * 4096)
    print("rpc-bigmark: 2 GiB claimed, %s"
          % ("the server closed" if closed_soon(s) else "still open after 3 s"))
    s.close()


def rpc_fragments(port, seconds):
    s = connect(port)
    sent, closed = 0, False
    frag = struct.pack(">I", 65536) + b"\0" * 65536   # never the last fragment
    deadline = time.monotonic() + seconds
    s.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            s.sendall(frag)
            sent += len(frag)
        except socket.timeout:
            continue
        except OSError:
            closed = True
            break
    if not closed:
        closed = closed_soon(s, timeout=2.0)
    s.close()
    print("rpc-fragments: %d bytes of non-final fragments sent, %s"
          % (sent, "the server closed" if closed else "still open"))


def rpc_truncated(transport, port):
    full = call_msg(7, PMAP_PROG, 2, 0)
    answered = closed = 0
    for n in range(len(full)):
        if transport == "udp":
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(0.05)
            s.sendto(full[:n], (HOST, port))
            try:
                s.recv(65536)
                answered += 1
            except socket.timeout:
                pass
        else:
            s = connect(port)
            s.sendall(record(full[:n]))
            replies, eof = tcp_records(s, timeout=1.0)
            answered += len(replies)
            closed += eof
        s.close()
    print("rpc-truncated: %d truncated calls (0..%d bytes), %d answered, %d closed"
          % (len(full), len(full) - 1, answered, closed))


def rpc_setflood(transport, port, n, src=None):
    counts = {"true": 0, "false": 0, "refused": 0, "noreply": 0}
    if transport == "tcp":
        s = connect(port, src=src)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if src:
            s.bind((src, 0))
        s.settimeout(1.0)
    deadline = time.monotonic() + 20
    for i in range(n):
        if time.monotonic() > deadline:
            break
        args = struct.pack(">4I", 0x40000000 + i, 1, 17, 1000 + i % 60000)
        msg = call_msg(i + 1, PMAP_PROG, 2, 1, args)
        if transport == "tcp":
            s.sendall(record(msg))
            replies, _ = tcp_records(s, timeout=1.0)
            reply = replies[0] if replies else None
        else:
            s.sendto(msg, (HOST, port))
            try:
                reply = s.recv(65536)
            except socket.timeout:
                reply = None
        line = describe(reply)
        if reply is None:
            counts["noreply"] += 1
        elif line == "accepted SUCCESS results 00000001":
            counts["true"] += 1
        elif line == "accepted SUCCESS results 00000000":
            counts["false"] += 1
        else:
            counts["refused"] += 1
    s.close()
    print("rpc-setflood: true %(true)d false %(false)d refused %(refused)d noreply %(noreply)d"
          % counts)


def rpc_callit(port):
    results = []
    tries = [
        ("self", struct.pack(">3I", PMAP_PROG, 2, 5) + opaque(struct.pack(">3I", PMAP_PROG, 2, 0)
                                                              + opaque(b""))),
        ("unregistered", struct.pack(">3I", 0x2fffffff, 1, 0) + opaque(b"")),
        ("oversized", struct.pack(">3I", 0x2fffffff, 1, 0)
         + struct.pack(">I", 0x7fffffff) + b"\0" * 1000),
        ("truncated", struct.pack(">2I", 0x2fffffff, 1)),
    ]
    for name, args in tries:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(1.0)
        s.sendto(call_msg(0xca11, PMAP_PROG, 2, 5, args), (HOST, port))
        try:
            reply = s.recv(65536)
        except socket.timeout:
            reply = None
        s.close()
        results.append("%s: %s" % (name, describe(reply)))
    print("rpc-callit: " + "; ".join(results))


def raw_tcp(port, hexdata):
    s = connect(port)
    s.sendall(bytes.fromhex(hexdata))
    replies, eof = tcp_records(s, count=16)
    s.close()
    print("rpc-tcp: " + "; ".join(describe(r) for r in replies)
          + ("%s the server closed" % (";" if replies else "") if eof else ""))


def raw_udp(port, hexdata):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    s.sendto(bytes.fromhex(hexdata), (HOST, port))
    try:
        reply = s.recv(65536)
    except socket.timeout:
        reply = None
    s.close()
    print("rpc-udp: " + describe(reply))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, transport = argv[1], None
    if cmd in ("rpc-call", "rpc-truncated", "rpc-setflood"):
        transport, argv = argv[2], argv[:2] + argv[3:]
    port, rest = int(argv[2]), argv[3:]
    table = {
        "vanish": lambda: vanish(port, int(rest[0])),
        "rst": lambda: rst(port, int(rest[0])),
        "halfclose": lambda: halfclose(port, rest[0]),
        "slow": lambda: slow(port, int(rest[0]), float(rest[1])),
        "silent": lambda: silent(port, float(rest[0])),
        "hold": lambda: hold(port, int(rest[0]), float(rest[1])),
        "noread": lambda: noread(port, float(rest[0])),
        "streamcut": lambda: streamcut(port, int(rest[0]), int(rest[1])),
        "binary": lambda: binary(port),
        "bigline": lambda: bigline(port, int(rest[0])),
        "echo": lambda: echo(port, rest[0]),
        "talk": lambda: talk(port, rest[0], float(rest[1])),
        "udpflood": lambda: udpflood(port, int(rest[0])),
        "udpsend": lambda: udpsend(port, rest[0]),
        "rpc-tcp": lambda: raw_tcp(port, rest[0]),
        "rpc-udp": lambda: raw_udp(port, rest[0]),
        "rpc-call": lambda: rpc_call(transport, port, int(rest[0], 0), int(rest[1]),
                                     int(rest[2]), rest[3:]),
        "rpc-bigmark": lambda: rpc_bigmark(port),
        "rpc-fragments": lambda: rpc_fragments(port, float(rest[0])),
        "rpc-truncated": lambda: rpc_truncated(transport, port),
        "rpc-setflood": lambda: rpc_setflood(transport, port, int(rest[0]),
                                             rest[1] if len(rest) > 1 else None),
        "rpc-callit": lambda: rpc_callit(port),
    }
    if cmd not in table:
        print("attack.py: unknown attack '%s'" % cmd, file=sys.stderr)
        return 2
    table[cmd]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
