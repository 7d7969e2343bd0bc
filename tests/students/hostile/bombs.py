#!/usr/bin/env python3
# One of the bombs, named by its argument, before serving: memory (3 GiB),
# memory shared out (8 children of 400 MiB each, every one under --mem),
# disk (1 GiB into /tmp and into its folder), fork (400 processes), cpu (a
# spinning loop). Each is bounded by the test itself: the count or size above.
import os, socket, sys, time
what = sys.argv[1]
if what == 'memory':
    hog = bytearray(3 << 30)
elif what == 'memfork':
    done_r, done_w = os.pipe()
    for _ in range(8):
        if os.fork() == 0:
            os.close(done_r)
            hog = bytearray(400 << 20)
            for page in range(0, len(hog), 4096):
                hog[page] = 1
            os.write(done_w, b'.')      # allocated; killed before if the box is full
            time.sleep(30)
            os._exit(0)
    os.close(done_w)
    allocated = b''
    while len(allocated) < 8:           # until every child has allocated, or died
        more = os.read(done_r, 8)
        if not more:
            break
        allocated += more
elif what == 'disk':
    chunk = b'x' * (1 << 20)
    for target in ('/tmp/remplissage', 'remplissage'):
        with open(target, 'wb') as f:
            for _ in range(1024):
                f.write(chunk)
elif what == 'fork':
    children = []
    for _ in range(400):
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children.append(pid)
elif what == 'cpu':
    end = time.time() + 60
    while time.time() < end:
        pass
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
