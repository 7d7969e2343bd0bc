#!/usr/bin/env python3
# WRONG (tp2.serveur): the TP1 server kept as is: TCP, not UDP.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
conn.sendall(b'Bien recu')
conn.close()
