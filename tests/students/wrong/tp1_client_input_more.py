#!/usr/bin/env python3
# WRONG (tp1.client): asks for the port, the message, then a confirmation that
# nobody types: it waits on its keyboard (input()), never sends.
import socket

port = int(input('Port : '))
message = input('Message : ')
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect(('127.0.0.1', port))
if input('Envoyer ? (o/n) ') == 'o':
    s.sendall(message.encode())
    print('Client received:', s.recv(1024).decode())
s.close()
