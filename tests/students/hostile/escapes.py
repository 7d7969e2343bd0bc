#!/usr/bin/env python3
# Writes on its stderr what would drive or fool the instructor's terminal: an
# ANSI colour, a bidi override (U+202E), a C1 control (U+009B, the CSI), a raw
# byte that is not UTF-8. labcheck quotes its last stderr line in a remark.
import sys
sys.stderr.buffer.write(b'evil \x1b[31mRED \xe2\x80\xae \xc2\x9b \xff end\n')
