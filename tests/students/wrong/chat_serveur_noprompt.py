#!/usr/bin/env python3
# WRONG (chat.serveur): a working chat server that never shows its prompt.
import os
import select
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 7999))
s.listen()
while True:
    conn, addr = s.accept()
    done = False
    while not done:
        ready, _, _ = select.select([0, conn], [], [])
        if conn in ready:
            data = conn.recv(1024)
            if not data or data.strip() == b'exit':
                done = True
            else:
                print('client>', data.decode().strip())
        if not done and 0 in ready:
            line = os.read(0, 1024)
            conn.sendall(line)
            if line.strip() == b'exit':
                done = True
    conn.close()
