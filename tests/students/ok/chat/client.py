#!/usr/bin/env python3
# TP1 partie 2 : le client du chat (VM2), écrit comme un étudiant qui suit le
# polycopié (labs/tp1-tcp-part2.md). select() attend à la fois le clavier et
# la socket ; une ligne par message ; « exit », d'un côté ou de l'autre,
# termine la session.
# Solution de test pour labcheck chat.client.
import os
import select
import socket

HOST = '127.0.0.1'
PORT = 7999
INVITE = 'client@%s:%d$ ' % (socket.gethostname(), PORT)
ECHO = not os.isatty(0)          # entrée depuis un tube : réafficher ce qui est lu


def invite():
    print(INVITE, end='', flush=True)


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
print('Connecté à', (HOST, PORT), flush=True)
invite()

clavier = b''
reseau = b''
fini = False
moi_exit = False
while not fini:
    prets, _, _ = select.select([0, s], [], [])
    if s in prets:
        data = s.recv(1024)
        if not data:
            print('\nLe serveur a fermé la connexion', flush=True)
            break
        reseau += data
        while b'\n' in reseau:
            ligne, reseau = reseau.split(b'\n', 1)
            texte = ligne.decode(errors='replace')
            if texte == 'exit':
                print('\nLe serveur est parti (exit)', flush=True)
                fini = True
                break
            print('\nserver> %s' % texte, flush=True)
            invite()
    if not fini and 0 in prets:
        data = os.read(0, 1024)
        if not data:                 # fin de l'entrée (Ctrl-D) : comme exit
            data = b'\nexit\n' if clavier else b'exit\n'
        clavier += data
        while b'\n' in clavier:
            ligne, clavier = clavier.split(b'\n', 1)
            if ECHO:
                print(ligne.decode(errors='replace'), flush=True)
            s.sendall(ligne + b'\n')
            if ligne == b'exit':
                fini = moi_exit = True
                break
            invite()

if moi_exit:
    s.shutdown(socket.SHUT_WR)
    s.settimeout(2)
    try:
        while s.recv(1024):
            pass
    except OSError:
        pass
    print('Session terminée', flush=True)
s.close()
