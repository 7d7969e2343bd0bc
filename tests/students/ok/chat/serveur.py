#!/usr/bin/env python3
# TP1 partie 2 : le serveur du chat (VM1), écrit comme un étudiant qui suit le
# polycopié (labs/tp1-tcp-part2.md). select() attend à la fois le clavier et
# la socket ; une ligne par message ; « exit », d'un côté ou de l'autre,
# termine la session, puis le serveur s'arrête.
# Solution de test pour labcheck chat.serveur.
import os
import select
import socket

HOST = '127.0.0.1'
PORT = 7999
INVITE = 'server@%s:%d$ ' % (socket.gethostname(), PORT)
ECHO = not os.isatty(0)          # entrée depuis un tube : réafficher ce qui est lu


def invite():
    print(INVITE, end='', flush=True)


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((HOST, PORT))
s.listen(1)
conn, addr = s.accept()
print('Connected by', addr, flush=True)
invite()

clavier = b''
reseau = b''
fini = False
moi_exit = False
while not fini:
    prets, _, _ = select.select([0, conn], [], [])
    if conn in prets:
        data = conn.recv(1024)
        if not data:
            print('\nLe client a fermé la connexion', flush=True)
            break
        reseau += data
        while b'\n' in reseau:
            ligne, reseau = reseau.split(b'\n', 1)
            texte = ligne.decode(errors='replace')
            if texte == 'exit':
                print('\nLe client est parti (exit)', flush=True)
                fini = True
                break
            print('\nclient> %s' % texte, flush=True)
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
            conn.sendall(ligne + b'\n')
            if ligne == b'exit':
                fini = moi_exit = True
                break
            invite()

if moi_exit:
    # « je n'enverrai plus rien », puis attendre que le client ferme à son tour
    conn.shutdown(socket.SHUT_WR)
    conn.settimeout(2)
    try:
        while conn.recv(1024):
            pass
    except OSError:
        pass
    print('Session terminée', flush=True)
conn.close()
s.close()
