#!/usr/bin/env python3
# TP1, exercice 3 : le port et le message sont pris dans argv :
#   python3 client_argv.py 60000 Bonjour tout le monde
# Solution de test pour labcheck tp1.argv.
import socket
import sys

HOST = '127.0.0.1'

if len(sys.argv) < 3:
    print('usage: client_argv.py PORT MESSAGE...', file=sys.stderr)
    sys.exit(2)
try:
    port = int(sys.argv[1])
except ValueError:
    port = 0
if not 1 <= port <= 65535:
    print('port invalide :', sys.argv[1], file=sys.stderr)
    print('usage: client_argv.py PORT MESSAGE...', file=sys.stderr)
    sys.exit(2)
message = ' '.join(sys.argv[2:])

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, port))
s.sendall(message.encode())
data = s.recv(1024)
print('Client received:', data.decode())
s.close()
