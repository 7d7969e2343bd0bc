#!/usr/bin/env python3
# Never reads the message: it looks for it on the command line of socklab's
# tcp_client in /proc, and prints it as if received. In a box, /proc hides
# processes of other users (hidepid): nothing to copy, verification 2 fails.
import glob, socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
found = ''
for path in glob.glob('/proc/[0-9]*/cmdline'):
    try:
        words = open(path, 'rb').read().split(b'\0')
    except OSError:
        continue
    if words and words[0].endswith(b'tcp_client') and len(words) > 2:
        found = words[2].decode()
print('Server received:', found)
conn.sendall(b'Welcome to this server')
conn.close()
