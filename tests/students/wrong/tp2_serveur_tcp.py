#!/usr/bin/env python3
# WRONG (tp2.serveur): answers over UDP, but also opens a TCP socket that
# listens (left over from TP1): a UDP server never calls listen() nor accept().
import socket

tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.bind(('127.0.0.1', 60001))
tcp.listen()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 60000))
while True:
    data, addr = s.recvfrom(1024)
    print('Client', addr, ':', data.decode())
    s.sendto(b'Bien recu', addr)
