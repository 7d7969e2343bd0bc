#!/usr/bin/env python3
# WRONG (tp3.client): an ARITH client that prints the result alone, not the slide's line
# "13.400000 + 17.100000 = 30.500000".
print(13.4 + 17.1)
