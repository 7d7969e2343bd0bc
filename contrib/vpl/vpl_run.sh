#!/bin/bash
# vpl_run.sh - Moodle VPL: the "Run" button shows the student labcheck's own
# table in VPL's console (no grade). The same CHECK and FILE as vpl_evaluate.sh.
CHECK=tp1.serveur
FILE=serveur
MODE=
. ./vpl_socklab.sh
