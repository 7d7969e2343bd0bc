#!/usr/bin/env python3
"""Test peers for tcp_echo_server (tests/echo.bats): many clients at once,
each checking that every byte it sends comes back, in order.

  echo_clients.py many PORT COUNT BYTES   COUNT clients at once, BYTES each
  echo_clients.py bulk PORT BYTES         one client, one big round trip
  echo_clients.py flood PORT SERVER_PID   a client that sends and never reads,
                                          while others still get their echo
                                          (its queue at the server seen by ss)
  echo_clients.py reset PORT COUNT        clients that vanish mid-stream (RST)

Prints one line per check and exits 0, or prints what went wrong and exits 1.
Every wait is bounded (DEADLINE seconds in all, a failure): no duration
decides what happened.
"""
import os
import select
import selectors
import socket
import struct
import subprocess
import sys
import time

DEADLINE = 30.0


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def payload(index, size):
    """Distinct bytes for client index: its number, then a pattern that
    depends on it, so a byte sent to the wrong client would be noticed."""
    head = ("client %d;" % index).encode()
    body = bytes((index * 7 + i) % 251 for i in range(251)) * (size // 251 + 1)
    return (head + body)[:size]


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.setblocking(False)
    return sock


def exchange(port, blobs):
    """Opens one client per blob, all at once, sends each its blob while
    reading the echo (so neither side blocks), and checks every byte.
    Returns how many bytes came back in all."""
    selector = selectors.DefaultSelector()
    clients = []
    for index, blob in enumerate(blobs):
        sock = connect(port)
        state = {"index": index, "blob": blob, "sent": 0, "got": bytearray()}
        clients.append((sock, state))
        selector.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, state)
    left = len(clients)
    deadline = time.monotonic() + DEADLINE
    while left > 0:
        if time.monotonic() > deadline:
            fail("timeout: %d of %d clients still waiting for their echo" % (left, len(clients)))
        for key, events in selector.select(timeout=1.0):
            sock, state = key.fileobj, key.data
            if events & selectors.EVENT_WRITE:
                try:
                    state["sent"] += sock.send(state["blob"][state["sent"]:state["sent"] + 65536])
                except BlockingIOError:
                    pass
                if state["sent"] == len(state["blob"]):
                    selector.modify(sock, selectors.EVENT_READ, state)
            if events & selectors.EVENT_READ:
                try:
                    data = sock.recv(262144)
                except BlockingIOError:
                    continue
                if not data:
                    fail("client %d: the server closed after %d of %d bytes"
                         % (state["index"], len(state["got"]), len(state["blob"])))
                state["got"] += data
                if len(state["got"]) > len(state["blob"]):
                    fail("client %d: more bytes came back than were sent" % state["index"])
                if len(state["got"]) == len(state["blob"]):
                    if bytes(state["got"]) != state["blob"]:
                        fail("client %d: the echo differs from what was sent" % state["index"])
                    selector.unregister(sock)
                    left -= 1
    total = 0
    for sock, state in clients:
        total += len(state["got"])
        sock.close()
    selector.close()
    return total


def many(port, count, size):
    total = exchange(port, [payload(i, size) for i in range(count)])
    print("ok: %d clients at once, %d bytes each, every byte echoed (%d in all)"
          % (count, size, total))


def bulk(port, size):
    total = exchange(port, [os.urandom(size)])
    print("ok: %d bytes sent and the same %d bytes received" % (size, total))


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def server_queue(port, peer_port):
    """The server's side of the connection with peer_port, as ss shows it:
    (Recv-Q, Send-Q) in bytes, or None if ss does not list it."""
    out = subprocess.run(
        ["ss", "-tnH", "state", "established",
         "( sport = :%d and dport = :%d )" % (port, peer_port)],
        stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.split()
    return (int(out[0]), int(out[1])) if len(out) >= 2 else None


def flood(port, server_pid):
    """One client sends as fast as it can and never reads: the server must
    stop reading from it while another client still gets its echo, and the
    server's memory must stay bounded. No duration decides it: the flooder
    sends until send() would block, then a probe client is echoed (the
    server goes through its poll() loop at least once); if the bytes waiting
    in the server's socket for the flooder (its Recv-Q, seen by ss) are the
    same before and after, the server no longer reads from the flooder:
    back-pressure. Otherwise the server was only slow: flood again."""
    flooder = connect(port)
    flooder_port = flooder.getsockname()[1]
    chunk = b"F" * 65536
    sent = probes = 0
    deadline = time.monotonic() + DEADLINE
    while True:
        if time.monotonic() > deadline:
            fail("the flooder never blocked after %d bytes: the server reads without limit" % sent)
        try:
            while True:
                sent += flooder.send(chunk)
        except BlockingIOError:
            pass
        before = server_queue(port, flooder_port)
        exchange(port, [payload(0, 100)])
        probes += 1
        after = server_queue(port, flooder_port)
        if before and before[0] > 0 and before == after:
            break
    print("ok: the flooder is blocked after sending %d bytes without reading (%d probe clients)"
          % (sent, probes))
    total = exchange(port, [payload(1, 1000), payload(2, 100000)])
    if server_queue(port, flooder_port) != before:
        fail("the server read from the flooder while serving the others")
    print("ok: meanwhile 2 other clients got their echo (%d bytes); the flooder's %d bytes still wait"
          % (total, before[0]))
    if server_pid:
        rss = rss_kib(server_pid)
        if rss > 64 * 1024:
            fail("the server's memory grew to %d KiB while flooded" % rss)
        print("ok: the server's memory stayed bounded (under 64 MiB)")
    flooder.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    flooder.close()


def reset(port, count):
    """Clients send, and vanish with a reset (SO_LINGER 0) while their echo is
    still on its way; some never read at all, some read half of it."""
    socks = []
    for index in range(count):
        sock = connect(port)
        blob = payload(index, 200000)
        try:
            sock.send(blob)
        except BlockingIOError:
            pass
        if index % 2:             # these read the start of their echo first
            if not select.select([sock], [], [], DEADLINE)[0]:
                fail("client %d: no echo at all" % index)
            sock.recv(1000)
        socks.append(sock)
    for sock in socks:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    print("ok: %d clients reset their connection mid-stream" % count)


def main(argv):
    if len(argv) < 3:
        fail("usage: echo_clients.py many|bulk|flood|reset PORT ...")
    mode, port = argv[1], int(argv[2])
    if mode == "many":
        many(port, int(argv[3]), int(argv[4]))
    elif mode == "bulk":
        bulk(port, int(argv[3]))
    elif mode == "flood":
        flood(port, int(argv[3]) if len(argv) > 3 else 0)
    elif mode == "reset":
        reset(port, int(argv[3]))
    else:
        fail("unknown mode " + mode)


if __name__ == "__main__":
    main(sys.argv)
