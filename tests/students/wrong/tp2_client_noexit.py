#!/usr/bin/env python3
# WRONG (tp2.client): right, except that "exit" is sent like any line and the
# client goes on waiting for the next one.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
while True:
    line = sys.stdin.readline()
    s.sendto(line.rstrip('\n').encode(), ('127.0.0.1', 60000))
    try:
        data, addr = s.recvfrom(1024)
        print('Server :', data.decode())
    except socket.timeout:
        print('pas de réponse (UDP ne garantit rien)')
