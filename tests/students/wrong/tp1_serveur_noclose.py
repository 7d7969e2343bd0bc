#!/usr/bin/env python3
# WRONG (tp1.serveur): answers, but never closes the client's socket (and
# stays alive, as if it waited for something else).
import socket
import time

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
time.sleep(60)
