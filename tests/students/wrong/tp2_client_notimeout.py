#!/usr/bin/env python3
# WRONG (tp2.client): no timeout: a lost reply leaves it blocked in recvfrom().
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for line in sys.stdin:
    line = line.rstrip('\n')
    s.sendto(line.encode(), ('127.0.0.1', 60000))
    data, addr = s.recvfrom(1024)
    print('Server :', data.decode())
    if line == 'exit':
        break
s.close()
