#!/usr/bin/env python3
# The TP1 client as the handout writes it in Python: connect, send, recv(1024).
# usage: tp1_client.py PORT MESSAGE
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.send(sys.argv[2].encode())
data = s.recv(1024)
print("Client received:", data.decode())
s.close()
