#!/usr/bin/env python3
# Reads what it should not, and says on stderr what it could: the files and
# folders named on its command line, its environment's secrets, then serves.
import os, socket, sys
seen = []
for path in sys.argv[1:]:
    try:
        if os.path.isdir(path):
            seen.append(path + ':' + ','.join(sorted(os.listdir(path))))
        else:
            with open(path) as f:
                seen.append(path + ':' + f.read(40))
    except OSError:
        pass
seen += [k for k in os.environ if k.startswith('SOCKLAB_SECRET')]
print('vu :', ' | '.join(seen) if seen else 'rien', file=sys.stderr, flush=True)
if seen:
    sys.exit(3)                    # the attack worked: no server, so the grade shows it
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
