#!/usr/bin/env bats
# The test suite itself can fail, and a fresh machine's make check passes:
# - a server that exits 86 (AddressSanitizer) or 99 (valgrind) after Ctrl-C,
#   or ignores it, makes its suite fail (mutations run in a copy of the tree);
# - without netcat, socat and tshark (hidden from PATH), the tests that need
#   them skip, naming the peer and its package: 0 failed;
# - tests/deps.sh installs the missing peers with one apt-get line, as root,
#   and not at all when nothing is missing (a fake apt-get records it).

load helpers

# mutated_tree PROGRAM BEHAVIOUR: a copy of the tree's tests, labs and
# programs in $BATS_TEST_TMPDIR/tree where PROGRAM (e.g. udp/udp_server) is a
# wrapper around the real one that, on SIGINT, stops it, then exits with
# BEHAVIOUR (86, 99), or ignores SIGINT (BEHAVIOUR "deaf").
mutated_tree() {
    local tree="$BATS_TEST_TMPDIR/tree" dir
    mkdir -p "$tree"
    cp -r "$ROOT/tests" "$ROOT/labs" "$tree/"
    for dir in tcp udp ipv6 rpc; do
        mkdir -p "$tree/$dir"
        find "$ROOT/$dir" -maxdepth 1 -type f -perm -u+x -exec cp {} "$tree/$dir/" \;
    done
    cat >"$tree/$1" <<EOF
#!/usr/bin/env python3
import ctypes, os, signal, sys
mutation = "$2"
interrupted = []
def on_sigint(signum, frame):
    if mutation != "deaf":
        interrupted.append(signum)
        os.kill(pid, signal.SIGINT)
signal.signal(signal.SIGINT, on_sigint)
pid = os.fork()
if pid == 0:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # PR_SET_PDEATHSIG (1): the real server dies with this wrapper when the test
    # kills it (SIGKILL, the deaf case), instead of running on as an orphan
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:
        os._exit(1)
    os.execv("$ROOT/$1", ["$ROOT/$1"] + sys.argv[1:])
_, status = os.waitpid(pid, 0)
os._exit(int(mutation) if interrupted else os.waitstatus_to_exitcode(status))
EOF
    chmod +x "$tree/$1"
}

# suite_of TREE SUITE FILTER: runs the bats SUITE of TREE, only the tests whose
# name matches FILTER; $output is its TAP.
suite_of() {
    run bats --tap -f "$3" "$1/tests/$2" 3>&-
    echo "$output" | sed 's/^/#   /' >&3
}

@test "mutation: udp_server exiting 86 after Ctrl-C (a sanitizer's report) fails udp.bats, teardown included" {
    # the handout's exchange stops its server in teardown only
    local filter="udp: (the handout's exchange|Ctrl-C stops the server)"
    suite_of "$ROOT" udp.bats "$filter"
    [ "$status" -eq 0 ]
    [ "$(grep -c '^ok ' <<<"$output")" -eq 2 ]
    mutated_tree udp/udp_server 86
    suite_of "$BATS_TEST_TMPDIR/tree" udp.bats "$filter"
    [ "$status" -ne 0 ]
    [ "$(grep -c '^not ok ' <<<"$output")" -eq 2 ]
    grep -q "^not ok .* the handout's exchange" <<<"$output"
    grep -q "server srv exited with status 86 after SIGINT" <<<"$output"
}

@test "mutation: tcp_server exiting 99 after Ctrl-C (valgrind's errors) fails tcp.bats" {
    local filter="tcp: (-k serves several clients|ss -ltn shows)"
    mutated_tree tcp/tcp_server 99
    suite_of "$BATS_TEST_TMPDIR/tree" tcp.bats "$filter"
    [ "$status" -ne 0 ]
    [ "$(grep -c '^not ok ' <<<"$output")" -eq 2 ]
    grep -q "server srv exited with status 99 after SIGINT" <<<"$output"
}

@test "mutation: a server that ignores Ctrl-C is killed, and that fails, its last lines shown" {
    mutated_tree tcp/tcp_server deaf
    suite_of "$BATS_TEST_TMPDIR/tree" tcp.bats "tcp: -k serves several clients"
    [ "$status" -ne 0 ]
    grep -q "server srv (pid [0-9]*) still running 5 s after SIGINT: killed" <<<"$output"
    grep -q "last lines of srv.out" <<<"$output"
    grep -q "Server received: trois" <<<"$output"
}

# path_without CMD...: a directory of symlinks to every command of PATH but
# CMD..., to be the whole PATH of a test: a machine without them.
path_without() {
    local bin="$BATS_TEST_TMPDIR/bin" dir f name
    mkdir -p "$bin"
    IFS=: read -ra dirs <<<"$PATH"
    for dir in "${dirs[@]}"; do
        for f in "$dir"/*; do
            name=${f##*/}
            [ -x "$f" ] && [ ! -e "$bin/$name" ] || continue
            [[ " $* " == *" $name "* ]] && continue
            ln -s "$f" "$bin/$name"
        done
    done
    echo "$bin"
}

@test "without netcat, socat and tshark: their tests skip, naming the peer and the package; 0 failed" {
    local bin
    bin=$(path_without nc netcat nc.openbsd nc.traditional socat tshark)
    ! PATH=$bin command -v nc
    ! PATH=$bin command -v socat
    # the tests of those suites that use a peer (and one that does not)
    PATH=$bin TESTS="tests/echo.bats tests/chat.bats tests/tcp.bats tests/rpc_interop.bats tests/bench.bats" \
        BATS_FILTER='netcat|control bytes|-v traces accept|socat|tshark|a busy port|make bench' \
        run "$ROOT/tests/run.sh" 3>&-
    echo "$output" | grep -E '^(ok|not ok|[0-9]+ passed)' | sed 's/^/#   /' >&3
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [[ "${lines[-1]}" =~ ^[1-9][0-9]*\ passed,\ 0\ failed,\ [0-9]+\ skipped$ ]]
    grep -q '^ok .*netcat and socat as clients # skip needs nc (sudo apt-get install netcat-openbsd)$' <<<"$output"
    grep -q '^ok .*control bytes.* # skip needs nc (sudo apt-get install netcat-openbsd)$' <<<"$output"
    grep -q '^ok .*(socat echo).* # skip needs socat (sudo apt-get install socat)$' <<<"$output"
    grep -q '^ok .*make bench, smoke mode.* # skip needs socat (sudo apt-get install socat)$' <<<"$output"
    if [ "$(id -u)" -eq 0 ]; then   # rpc_interop needs root before it needs tshark
        grep -q '^ok .*tshark dissects.* # skip needs tshark (sudo apt-get install tshark)$' <<<"$output"
    fi
}

# fake_apt BIN: an apt-get in BIN that records its arguments in apt.log.
fake_apt() {
    cat >"$1/apt-get" <<EOF
#!/bin/sh
echo "apt-get \$*" >>"$BATS_TEST_TMPDIR/apt.log"
EOF
    chmod +x "$1/apt-get"
}

@test "tests/deps.sh: as root, one apt-get line for what is missing; nothing when all is there, or with INSTALL_PEERS=0" {
    local bin
    require_root
    bin=$(path_without nc socat tshark apt-get)
    fake_apt "$bin"
    run -0 env PATH="$bin" "$ROOT/tests/deps.sh" missing
    for pkg in netcat-openbsd socat tshark; do [[ " $output " == *" $pkg "* ]]; done
    run -0 env PATH="$bin" "$ROOT/tests/deps.sh" install
    run -0 cat "$BATS_TEST_TMPDIR/apt.log"
    [ "${#lines[@]}" -eq 2 ]
    [ "${lines[0]}" = "apt-get update -q" ]
    [[ "${lines[1]}" == "apt-get install -y -q --no-install-recommends "* ]]
    for pkg in netcat-openbsd socat tshark; do [[ " ${lines[1]} " == *" $pkg "* ]]; done
    [[ " ${lines[1]} " != *" cppcheck "* ]]   # make lint's: .ci/run's alone
    # INSTALL_PEERS=0: says what is missing, installs nothing
    rm "$BATS_TEST_TMPDIR/apt.log"
    run -0 --separate-stderr env PATH="$bin" INSTALL_PEERS=0 "$ROOT/tests/deps.sh" install
    [[ "$stderr" == *"missing "*"netcat-openbsd"*"sudo apt-get install"* ]]
    [ ! -e "$BATS_TEST_TMPDIR/apt.log" ]
    # everything there (this machine, if it has every peer): no apt-get at all
    [ -z "$("$ROOT/tests/deps.sh" missing)" ] || skip "this machine lacks $("$ROOT/tests/deps.sh" missing)"
    mkdir "$BATS_TEST_TMPDIR/fake"
    fake_apt "$BATS_TEST_TMPDIR/fake"
    PATH="$BATS_TEST_TMPDIR/fake:$PATH" run -0 --separate-stderr "$ROOT/tests/deps.sh" install
    [ -z "$stderr" ]
    [ ! -e "$BATS_TEST_TMPDIR/apt.log" ]
}

@test "a server a suite leaves running fails the run, is shown, and is killed" {
    cat >"$BATS_TEST_TMPDIR/leaky.sh" <<'PROBE'
#!/usr/bin/env bash
echo "1..1"
"$PWD/tcp/tcp_server" 0 >/dev/null 2>&1 </dev/null 3>&- &
echo "ok 1 a suite that leaves a server behind"
PROBE
    chmod +x "$BATS_TEST_TMPDIR/leaky.sh"
    run -1 env TESTS="$BATS_TEST_TMPDIR/leaky.sh" bash "$ROOT/tests/run.sh" 3>&-
    [ "${lines[-1]}" = "1 passed, 1 failed" ]
    grep -q "^not ok - processes of this tree left running by the tests (killed):" <<<"$output"
    pid=$(grep -E "^#   +[0-9]+ .*/tcp/tcp_server 0$" <<<"$output" | awk '{print $2}')
    [ -n "$pid" ]
    ! kill -0 "$pid" 2>/dev/null || [ "$(sed -E 's/.*\) ([A-Z]).*/\1/' "/proc/$pid/stat")" = Z ]
}
