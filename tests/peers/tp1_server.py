#!/usr/bin/env python3
# The TP1 server as the handout writes it in Python: bind, listen, accept,
# recv(1024), send the welcome, close. Port 0: prints the port it got.
# usage: tp1_server.py
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
s.listen(1)
print("Listening on 127.0.0.1:%d (pid python)" % s.getsockname()[1], flush=True)
conn, addr = s.accept()
data = conn.recv(1024)
print("Server received:", data.decode(), flush=True)
conn.send(b"Welcome to this server")
conn.close()
s.close()
