#!/usr/bin/env bats
# Every program listed in the Makefile (PROGRAMS) documents itself: --help
# gives the synopsis, each option, one example and the handout that uses it;
# its manual page (man/mkman.sh, from that --help) renders without warnings;
# make install puts both in place (PREFIX, DESTDIR).

load helpers

setup_file() {
    PROGRAMS=$(make -s --no-print-directory -C "$ROOT" \
        --eval 'print-programs: ; @echo $(PROGRAMS)' print-programs)
    export PROGRAMS
}

# each_program FUNCTION: calls FUNCTION NAME PATH for every program, reports
# every failure (not only the first), fails if any failed.
each_program() {
    local check=$1 program bad=0
    [ -n "$PROGRAMS" ]
    for program in $PROGRAMS; do
        [ -x "$ROOT/$program" ] || { echo "$program: not built (make first)"; bad=1; continue; }
        "$check" "${program##*/}" "$ROOT/$program" || bad=1
    done
    return "$bad"
}

# The options a usage line names: -x and --long tokens.
synopsis_options() {
    grep -oE '(^|[[ |])--?[A-Za-z][A-Za-z0-9-]*' <<<"$1" | sed -E 's/^[[ |]//' | sort -u
}

help_shape() {
    local name=$1 path=$2 out err
    out=$("$path" --help 2>"$BATS_TEST_TMPDIR/err") || { echo "$name --help: exit $?"; return 1; }
    err=$(cat "$BATS_TEST_TMPDIR/err")
    [ -z "$err" ] || { echo "$name --help wrote on stderr: $err"; return 1; }
    [[ "$(head -n1 <<<"$out")" == "usage: $name "* || "$(head -n1 <<<"$out")" == "usage: $name" ]] ||
        { echo "$name --help: first line is not 'usage: $name ...'"; return 1; }
    [ "$("$path" -h 2>&1)" = "$out" ] || { echo "$name -h differs from --help"; return 1; }
    grep -qE "^example: (.*[ |])?$name( |\$)" <<<"$out" || { echo "$name --help: no 'example: ... $name ...' line"; return 1; }
}

help_options() {
    local name=$1 path=$2 out option bad=0
    out=$("$path" --help)
    for option in $(synopsis_options "$(head -n1 <<<"$out")"); do
        grep -qE "^  ([^ ].*[ ,])?$option([ ,=]|$)" <<<"$out" ||
            { echo "$name --help: option $option of the synopsis is not described"; bad=1; }
    done
    return "$bad"
}

help_handout() {
    local name=$1 path=$2 handout
    # A handout (labs/), or for the bench tools the document that uses them (docs/).
    handout=$("$path" --help | grep -oE '(labs|docs)/[A-Za-z0-9_.-]+\.md' | head -n1)
    [ -n "$handout" ] || { echo "$name --help names no handout (labs/....md)"; return 1; }
    [ -f "$ROOT/$handout" ] || { echo "$name --help names $handout, which does not exist"; return 1; }
    grep -q "$name" "$ROOT/$handout" || { echo "$handout never mentions $name"; return 1; }
}

bad_usage() {
    local name=$1 path=$2 status
    "$path" --no-such-option >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" </dev/null
    status=$?
    [ "$status" -eq 2 ] || { echo "$name --no-such-option: exit $status, not 2"; return 1; }
    [ ! -s "$BATS_TEST_TMPDIR/out" ] || { echo "$name --no-such-option wrote on stdout"; return 1; }
    grep -q "^usage: $name" "$BATS_TEST_TMPDIR/err" || { echo "$name --no-such-option: no usage line on stderr"; return 1; }
}

man_page() {
    local name=$1 path=$2 page warnings option bad=0
    page="$BATS_TEST_TMPDIR/$name.1"
    MAN_OUT=$BATS_TEST_TMPDIR sh "$ROOT/man/mkman.sh" "$path" || { echo "$name: mkman.sh failed"; return 1; }
    warnings=$(groff -man -ww -z "$page" 2>&1)
    [ -z "$warnings" ] || { echo "$name.1: groff: $warnings"; return 1; }
    # NAME: "name \- what it is", the lab prefix "TPn (labs/...): " left out
    grep -A1 '^\.SH NAME$' "$page" | tail -n1 | grep -qE "^$name \\\\- [a-z].{10,}" ||
        { echo "$name.1: NAME line: $(grep -A1 '^\.SH NAME$' "$page" | tail -n1)"; bad=1; }
    ! grep -A1 '^\.SH NAME$' "$page" | grep -qE '(labs|docs)/' || { echo "$name.1: NAME names the handout"; bad=1; }
    for section in NAME SYNOPSIS DESCRIPTION OPTIONS EXAMPLE "EXIT STATUS" "SEE ALSO"; do
        grep -q "^\.SH $section\$" "$page" || { echo "$name.1: no $section section"; bad=1; }
    done
    for option in $(synopsis_options "$("$path" --help | head -n1)"); do
        grep -qF ".B ${option//-/\\-}" "$page" || { echo "$name.1: option $option missing"; bad=1; }
    done
    return "$bad"
}

@test "--help: usage line first, on stdout, exit 0, same as -h, an example" {
    each_program help_shape
}

@test "--help: every option of the synopsis is described" {
    each_program help_options
}

@test "--help: names the handout that uses the program, and that handout exists" {
    each_program help_handout
}

@test "an unknown option: exit 2, the usage line on stderr, nothing on stdout" {
    each_program bad_usage
}

@test "man pages: generated from --help, every section and option, groff -ww finds nothing" {
    require_peer groff
    each_program man_page
}

@test "make install PREFIX DESTDIR: the programs and their manual pages" {
    require_peer groff
    # In a copy, without rebuilding (-o all): the tree under test keeps its build.
    mkdir "$BATS_TEST_TMPDIR/tree"
    (cd "$ROOT" && tar --exclude=.git -cf - .) | (cd "$BATS_TEST_TMPDIR/tree" && tar -xf -)
    run -0 make -s --no-print-directory -o all -C "$BATS_TEST_TMPDIR/tree" install \
        PREFIX=/opt/socklab DESTDIR="$BATS_TEST_TMPDIR/stage"
    for program in $PROGRAMS; do
        [ -x "$BATS_TEST_TMPDIR/stage/opt/socklab/bin/${program##*/}" ]
        [ -f "$BATS_TEST_TMPDIR/stage/opt/socklab/share/man/man1/${program##*/}.1" ]
    done
    # labcheck's RPyC peers (rpyc.serveur, rpyc.client), found beside it once installed
    [ -x "$BATS_TEST_TMPDIR/stage/opt/socklab/bin/arith_rpyc_server.py" ]
    [ -x "$BATS_TEST_TMPDIR/stage/opt/socklab/bin/arith_rpyc_client.py" ]
    run -0 "$BATS_TEST_TMPDIR/stage/opt/socklab/bin/tcp_server" --help
    [[ "${lines[0]}" == "usage: tcp_server "* ]]
    if command -v man >/dev/null; then
        run -0 man -l "$BATS_TEST_TMPDIR/stage/opt/socklab/share/man/man1/tcp_server.1"
        [[ "$output" == *SYNOPSIS* ]]
    fi
}
