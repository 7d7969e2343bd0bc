#!/usr/bin/env python3
"""vpl_parse.py - reads an evaluation's output as Moodle VPL does (its
documented rules, vpl_submission.class.php's proposedgrade/proposedcomment):
the grade is the rest of the LAST line that begins with "Grade :=>>"; the
comments are the rest of each line that begins with "Comment :=>>", and every
line between a line "<|--" and a line "--|>" (each alone on its line, blanks
around allowed); in the comments, a line that begins with '-' is a title.

Prints "grade: VALUE" (empty when none), then one line per comment line:
"title: TEXT" or "text: TEXT"."""
import sys

data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
newline = "\r\n" if "\r\n" in data else "\n" if "\n" in data else "\r"
grade, comments, in_block = "", [], False
for line in data.split(newline):
    if line.startswith("Grade :=>>"):
        grade = line[len("Grade :=>>"):].strip()
for line in data.split(newline):
    line = line.rstrip()
    if in_block:
        if line.strip() == "--|>":
            in_block = False
        else:
            comments.append(line)
    elif line.startswith("Comment :=>>"):
        comments.append(line[len("Comment :=>>"):])
    elif line.strip() == "<|--":
        in_block = True
print("grade:", grade)
for line in comments:
    print(("title: " + line[1:].strip()) if len(line) > 1 and line[0] == "-" else "text: " + line)
