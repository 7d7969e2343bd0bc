#!/usr/bin/env python3
# tests/students/wrong/rpyc_client_nocall.py - an RPyC client that prints the
# expected lines without calling the server (computed locally, after a
# connection it never uses): rpyc.client fails the three calls, not the exit.
import math

import rpyc

conn = rpyc.connect('localhost', 18861)
print('%f + %f = %f' % (13.4, 17.1, 13.4 + 17.1))
print('%f * %f = %f' % (13.4, 17.1, 13.4 * 17.1))
print('sqrt(%f) = %f' % (16, math.sqrt(16)))
conn.close()
