#!/bin/sh
# man/mkman.sh PROGRAM...: writes man/NAME.1 for each program, from its own
# --help output (the single source: synopsis, description, options, example,
# handout), plus the sections every socklab program shares (-h, exit status,
# see also). Plain roff (man(7) macros), checked with
# groff -man -ww -z by tests/help.bats. Run by `make man`; MAN_OUT=DIR writes
# the pages there instead of man/.
#
# --help's layout, as every program prints it:
#   usage: NAME [OPTIONS] ARGS          (one line)
#   TPn (labs/HANDOUT.md): DESCRIPTION  (one or more lines; docs/ for bench/)
#     -x ARG      TEXT                  (two spaces, the option, two+ spaces, text;
#                 MORE TEXT              deeper-indented lines continue it)
#   FREE TEXT                           (optional notes, unindented)
#   example: NAME ARGS                  (one or more lines)
set -eu
outdir=${MAN_OUT:-$(dirname "$0")}

for program in "$@"; do
    name=${program##*/}
    "$program" --help | awk -v name="$name" '
    # roff-safe text: backslashes, leading dots and quotes, hyphens of options
    function esc(s) {
        gsub(/\\/, "\\e", s)
        gsub(/-/, "\\-", s)
        if (s ~ /^[.'\'']/) s = "\\&" s
        return s
    }
    function flush_para() {
        if (para != "") { desc[++ndesc] = para; para = "" }
    }
    NR == 1 {
        sub(/^usage: [^ ]+ ?/, "")
        synopsis = $0
        state = "desc"
        next
    }
    /^example: / {
        sub(/^example: /, "")
        example[++nexample] = $0
        state = "example"
        next
    }
    /^  [^ ]/ {
        flush_para()
        line = substr($0, 3)
        if (match(line, /  +/)) {
            term[++nopt] = substr(line, 1, RSTART - 1)
            text[nopt] = substr(line, RSTART + RLENGTH)
        } else {
            term[++nopt] = line
            text[nopt] = ""
        }
        state = "opt"
        next
    }
    /^   / && state == "opt" {
        line = $0
        sub(/^ +/, "", line)
        text[nopt] = text[nopt] (text[nopt] == "" ? "" : " ") line
        next
    }
    /^$/ { flush_para(); next }
    {
        line = $0
        if (state == "desc" && ndesc == 0 && para == "" &&
            match(line, /^[^(]* \((labs|docs)\/[^)]*\.md\): /)) {
            handout = substr(line, RSTART, RLENGTH)
            sub(/ \(.*/, "", handout)
            lab = handout
            handout = line
            sub(/^[^(]*\(/, "", handout)
            sub(/\).*/, "", handout)
            line = substr(line, RLENGTH + 1)
        }
        if (state == "opt" || state == "notes") {
            state = "notes"
            notes = notes (notes == "" ? "" : " ") line
        } else {
            para = para (para == "" ? "" : " ") line
        }
    }
    END {
        flush_para()
        short = desc[1]
        sub(/[.:]( .*)?$/, "", short)
        print ".TH " toupper(name) " 1 \"\" \"socklab\" \"socklab manual\""
        print ".SH NAME"
        print name " \\- " esc(short)
        print ".SH SYNOPSIS"
        print ".B " name
        print esc(synopsis)
        print ".SH DESCRIPTION"
        for (i = 1; i <= ndesc; i++) {
            if (i > 1) print ".PP"
            print esc(toupper(substr(desc[i], 1, 1)) substr(desc[i], 2))
        }
        if (lab != "") {
            print ".PP"
            print "Lab: " esc(lab) ", handout"
            print ".IR " esc(handout) " ."
        }
        if (notes != "") {
            print ".PP"
            print esc(notes)
        }
        if (name ~ /server|portmap/) {
            print ".PP"
            print "Its first line on stdout is"
            print ".BR \"Listening on ADDR:PORT (pid N)\" ,"
            print "with the address really bound (port 0: any free port);"
            print "Ctrl\\-C or SIGTERM closes its sockets and exits 0."
        }
        print ".SH OPTIONS"
        for (i = 1; i <= nopt; i++) {
            print ".TP"
            print ".B " esc(term[i])
            print esc(text[i])
        }
        print ".TP"
        print ".B \\-h, \\-\\-help"
        print "print the usage line, each option, an example and the handout, then exit 0"
        print ".SH EXAMPLE"
        print ".nf"
        for (i = 1; i <= nexample; i++) print esc(example[i])
        print ".fi"
        print ".SH EXIT STATUS"
        print ".TP"
        print ".B 0"
        print "success (a server stopped by Ctrl\\-C or SIGTERM included)"
        print ".TP"
        print ".B 1"
        print "runtime failure: one line naming the call, the address and the error, then a hint"
        print ".TP"
        print ".B 2"
        print "bad usage: one line naming the bad value, then the usage line"
        print ".SH SEE ALSO"
        if (handout != "") print ".IR " esc(handout) " ,"
        print ".IR labs/README.md ,"
        print ".BR ss (8),"
        print ".BR socket (7),"
        print ".BR tcp (7),"
        print ".BR udp (7)"
    }' >"$outdir/$name.1"
done
