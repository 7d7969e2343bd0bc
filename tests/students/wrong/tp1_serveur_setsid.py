#!/usr/bin/env python3
# WRONG (tp1.serveur): turns into a daemon the classic way and never serves:
# fork(), the child calls setsid() (a session and a process group of its own,
# out of reach of a kill of the program's group) and sleeps; the parent exits
# once the child has left its group (a pipe tells it), never before.
import os
import time

ready_r, ready_w = os.pipe()
if os.fork() == 0:
    os.setsid()
    os.write(ready_w, b'x')
    time.sleep(60)
    os._exit(0)
os.read(ready_r, 1)
print('Démarré en arrière-plan')
