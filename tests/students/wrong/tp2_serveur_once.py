#!/usr/bin/env python3
# WRONG (tp2.serveur): answers one datagram, then ends (no loop).
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(('127.0.0.1', 60000))
data, addr = s.recvfrom(1024)
print('Client', addr, ':', data.decode())
s.sendto(b'Bien recu', addr)
s.close()
