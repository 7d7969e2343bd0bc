#!/usr/bin/env python3
# Leaves processes behind every way it can, then serves: a double-forked
# daemon in a session of its own (whose own child outlives it), 40 children
# each in a process group of its own. Each sleeps at most 120 s with the
# marker given as its argument in its command line, so that a test finds its
# own, not those of a test run beside it.
import os, socket, sys, time
# Every process left is a fork() of this one: its command line, with the marker.
def linger():
    time.sleep(120)
    os._exit(0)

def spawn(new_session):
    if os.fork() == 0:
        if new_session:
            os.setsid()
            if os.fork() != 0:
                os._exit(0)            # the daemon's parent leaves: it is orphaned
            if os.fork() == 0:
                linger()               # the daemon's own child
        else:
            os.setpgid(0, 0)
        linger()
spawn(True)
for _ in range(40):
    spawn(False)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
print('Connected by', addr)
print('Server received:', conn.recv(1024).decode())
conn.sendall(b'Welcome to this server')
conn.close()
