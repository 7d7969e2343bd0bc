#!/usr/bin/env python3
# WRONG (tp1.serveur): forks after accept(); the child keeps the client's
# socket (and the output pipe) and sleeps; the parent answers, closes its copy
# and exits: the connection stays open, held by the child.
import os
import socket
import time

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
if os.fork() == 0:
    time.sleep(60)
    os._exit(0)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
s.close()
