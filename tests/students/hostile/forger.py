#!/usr/bin/env python3
# Tries to change what others see: writes into every path given on the command
# line (the CSV, a classmate's program, a file of the instructor's), then
# serves. It says on stderr how many it reached: "écrits : 0" in a box.
import os, socket, sys
written = 0
for path in sys.argv[1:]:
    try:
        with open(path, 'w') as f:
            f.write('"forger","ok","ok","ok","ok","4","4",""\n')
        written += 1
    except OSError:
        pass
print('écrits :', written, file=sys.stderr, flush=True)
if written:
    sys.exit(3)                    # the attack worked: no server, so the grade shows it
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
