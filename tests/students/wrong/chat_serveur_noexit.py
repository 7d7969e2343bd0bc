#!/usr/bin/env python3
# WRONG (chat.serveur): shows lines and prompts, but neither "exit" from the
# client nor the end of its stream (recv() = b'') ends the session: the
# server never closes the client's socket.
import os
import select
import socket
import time

PROMPT = 'server@%s:7999$ ' % socket.gethostname()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 7999))
s.listen()
conn, addr = s.accept()
print(PROMPT, end='')
while True:
    ready, _, _ = select.select([0, conn], [], [])
    if conn in ready:
        data = conn.recv(1024)
        if not data:
            time.sleep(3600)        # the bug: waits instead of closing
        print('client>', data.decode().strip())
        print(PROMPT, end='')
    if 0 in ready:
        line = os.read(0, 1024)
        conn.sendall(line)
        if line.strip() == b'exit':
            break
conn.close()
