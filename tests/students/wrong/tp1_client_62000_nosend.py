#!/usr/bin/env python3
# WRONG (tp1.port62000): binds 62000 and connects, but never sends its message
# (2.6a): it closes at once.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 62000))
s.connect(('127.0.0.1', 60000))
s.close()
