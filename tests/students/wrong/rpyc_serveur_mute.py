#!/usr/bin/env python3
# tests/students/wrong/rpyc_serveur_mute.py - a "server" on 127.0.0.1:18861
# that accepts connections and never answers a byte: every call of
# rpyc.serveur waits, and the whole check stays within -T.
import socket
import time

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', 18861))
listener.listen(16)
held = []
while True:
    conn, _ = listener.accept()
    held.append(conn)           # kept open, never read nor answered
    time.sleep(0)
