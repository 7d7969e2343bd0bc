#!/usr/bin/env python3
# A client that misbehaves: connects, then either closes without sending
# ("close") or resets the connection with SO_LINGER 0 ("reset"), optionally
# after sending part of a message ("reset-mid").
# usage: reset_client.py PORT close|reset|reset-mid
import socket
import struct
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(("127.0.0.1", int(sys.argv[1])))
if sys.argv[2] == "reset-mid":
    s.send(b"Bonj")
if sys.argv[2].startswith("reset"):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
