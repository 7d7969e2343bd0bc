#!/bin/bash
# vpl_evaluate.sh - Moodle VPL: grades the submission with socklab's labcheck
# (the "Evaluate" button, and automatic evaluation). Set CHECK and FILE for
# the activity; contrib/vpl/README.md says how to set the activity up.
CHECK=tp1.serveur      # the check (./labcheck/labcheck -l lists them)
FILE=serveur           # the exercise's file: serveur.py, serveur.c or serveur
GRADE_MAX=             # empty: VPL's maximum grade (VPL_GRADEMAX)
MODE=--vpl
. ./vpl_socklab.sh
