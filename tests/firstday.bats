#!/usr/bin/env bats
# A student's first day: README's two commands, a machine without bats or
# netstat, a user who is not root. The non-root checks run from a copy of the
# tree in a temporary directory, as the user nobody (setpriv), when the suite
# runs as root (CI); run as a normal user, they run as that user.

load helpers

# A plain user's PATH on Debian: no sbin (sysctl, ip... are not there).
SAFE_PATH=/usr/local/bin:/usr/bin:/bin

# as_student CMD...: runs CMD in the copy of the tree, as nobody when we are
# root, with a PATH a plain user has.
as_student() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=nobody --regid=nogroup --clear-groups \
            env -i PATH="$SAFE_PATH" HOME="$COPY" LC_ALL=C.UTF-8 TMPDIR="$COPY/tmp" \
            bash -c 'cd "$1" && shift && "$@"' _ "$COPY" "$@"
    else
        (cd "$COPY" && env PATH="$SAFE_PATH:$PATH" TMPDIR="$COPY/tmp" "$@")
    fi
}

setup_file() {
    # A copy of the built tree that nobody can read, write and run.
    COPY=$(mktemp -d /tmp/socklab-firstday.XXXXXX)
    (cd "$ROOT" && tar --exclude=.git -cf - .) | (cd "$COPY" && tar -xf -)
    mkdir -p "$COPY/tmp"
    chmod 755 "$COPY"
    [ "$(id -u)" -ne 0 ] || chown -R nobody "$COPY"
    export COPY
}

teardown_file() {
    rm -rf "$COPY"
}

@test "README: the first two commands are make demo, then make check" {
    run -0 awk '/^```/ { inside = !inside; next } inside && !/^#/ && NF { sub(/ *#.*/, ""); print; if (++n == 2) exit }' "$ROOT/README.md"
    [ "${lines[0]}" = "make demo" ]
    [ "${lines[1]}" = "make check" ]
}

@test "no bats: the test command says how to get it, and fails visibly" {
    mkdir "$BATS_TEST_TMPDIR/bin"
    for tool in bash dirname ls cat; do
        ln -s "$(command -v "$tool")" "$BATS_TEST_TMPDIR/bin/$tool"
    done
    run -1 env PATH="$BATS_TEST_TMPDIR/bin" bash "$ROOT/tests/run.sh"
    [[ "$output" == *"bats is not installed: sudo apt-get install bats"* ]]
    [ "${lines[${#lines[@]} - 1]}" = "0 passed, 1 failed" ]
    grep -q 'apt-get install bats' "$ROOT/README.md"
}

@test "no netstat: checked handout commands use no tool a fresh machine lacks; netstat always comes with ss" {
    local f bad=0
    run -0 python3 "$ROOT/tests/handouts.py" --commands "$ROOT"/labs/*.md
    # a scenario marked `check: needs PACKAGES` skips, naming them, where they are missing
    if grep -v ': \[needs ' <<<"$output" | grep -E ': .*\b(netstat|lsof|tcpdump|tshark)\b'; then
        echo "these checked commands need a tool a fresh machine may lack (make the block text)"
        bad=1
    fi
    for f in "$ROOT"/labs/*.md; do
        [ "${f##*/}" != README.md ] || continue
        if grep -q 'netstat' "$f" && ! grep -q '\bss -' "$f"; then
            echo "${f##*/} shows netstat without its ss equivalent"
            bad=1
        fi
    done
    return "$bad"
}

@test "the handouts' servers bind ports above 1024, unless their scenario runs as root (sudo)" {
    run -0 python3 "$ROOT/tests/handouts.py" --commands "$ROOT"/labs/*.md
    grep -q ' binds ' <<<"$output"
    local low
    low=$(grep -E ': user binds [0-9]+$' <<<"$output" | awk '$NF < 1024' || true)
    [ -z "$low" ] || { echo "a non-root scenario binds a port below 1024: $low"; return 1; }
}

@test "as a plain user: a server on port 0, a client, Ctrl-C, exit 0" {
    run -0 as_student bash -c '
        ./tcp/tcp_server -k 0 >server.out 2>&1 &
        pid=$!
        for i in $(seq 250); do grep -q Listening server.out && break; sleep 0.02; done
        port=$(sed -nE "s/.*:([0-9]+) \(pid.*/\1/p" server.out)
        ./tcp/tcp_client "$port" Bonjour || exit 1
        kill -INT $pid; wait $pid; echo "server exit $?"
        cat server.out'
    [[ "$output" == *"Client received: Welcome to this server"* ]]
    [[ "$output" == *"server exit 0"* ]]
    [[ "$output" == *"Server received: Bonjour -- from client 127.0.0.1:"* ]]
}

@test "as a plain user: a port below 1024 is refused with a clear message, exit 1" {
    [ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)" -gt 80 ] ||
        skip "ip_unprivileged_port_start allows port 80 here"
    run -1 as_student ./tcp/tcp_server 80
    [[ "${lines[0]}" == "tcp_server: bind 127.0.0.1:80: Permission denied" ]]
}

@test "as a plain user: the TCP suite passes from a copy in /tmp" {
    run as_student bats --tap tests/tcp.bats
    echo "$output"
    [ "$status" -eq 0 ]
    ! grep -q '^not ok' <<<"$output"
}

@test "as a plain user: every handout runs (in a user namespace, or on the loopback), root ones skip" {
    run as_student bash -c 'python3 tests/handouts.py labs/*.md'
    echo "$output"
    [ "$status" -eq 0 ]
    ! grep -q '^not ok' <<<"$output"
    grep -q '^ok .*\]$' <<<"$output"
}

@test "as a plain user: a root-only test skips, and says why" {
    # (printf: a line starting with @test here would be read by bats itself)
    printf '%s\n' 'load helpers' '@test "needs root" { require_root; }' >"$COPY/tests/needs_root.bats"
    [ "$(id -u)" -ne 0 ] || chown nobody "$COPY/tests/needs_root.bats"
    run -0 as_student bats --tap tests/needs_root.bats
    [[ "$output" == *"ok 1 needs root # skip needs root"* ]]
}

@test "as a plain user: README's first command, make demo, builds from clean and runs" {
    command -v cc >/dev/null || skip "no C compiler (apt-get install build-essential)"
    run as_student bash -c 'make clean >/dev/null && make demo'
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Client received: Welcome to this server"* ]]
    [[ "$output" != *"demo: "*" failed"* ]]
}
