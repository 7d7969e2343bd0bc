#!/usr/bin/env python3
# WRONG (chat.client): connects to 7998, not 7999.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', 7998))
