#!/usr/bin/env python3
# WRONG (chat.client): sends what is typed, but never reads the socket: the
# server's lines and its exit are never seen (half duplex, one way only).
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 7999))
prompt = 'client@%s:7999$ ' % socket.gethostname()
print(prompt, end='')
for line in sys.stdin:
    s.sendall(line.encode())
    if line.strip() == 'exit':
        break
    print(prompt, end='')
s.close()
