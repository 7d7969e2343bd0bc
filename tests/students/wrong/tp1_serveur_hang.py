#!/usr/bin/env python3
# WRONG (tp1.serveur): blocks before listening (waits for a line no one types).
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sys.stdin.readline()
s.bind(('127.0.0.1', 60000))
