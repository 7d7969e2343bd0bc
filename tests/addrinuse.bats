#!/usr/bin/env bats
# Issue 17: on EADDRINUSE every program that binds reads the kernel's socket
# table (common/socktable.c) and says exactly what holds the port, in one
# hint line (common/addrinuse.c): a listener and its program and pid; a
# connection in TIME_WAIT (both ends, time left, a server's connection or a
# client's port, whether SO_REUSEADDR here helps); a live connection; a UDP
# socket; and today's generic hint when the table cannot be read.
#
# Each test asserts the exact hint line; <n> stands for the seconds of
# TIME_WAIT left, which depend on when the test runs.

load helpers

setup() {
    read -r RANGE_LOW RANGE_HIGH </proc/sys/net/ipv4/ip_local_port_range
    RANGE="$RANGE_LOW-$RANGE_HIGH"
}

teardown() {
    local name
    for name in srv holder echo; do
        stop_server "$name" || true   # a failed test: clean up, its status is moot
    done
    [ -z "${client_pid:-}" ] || { kill "$client_pid" 2>/dev/null; wait "$client_pid" 2>/dev/null || true; }
}

# is_line ACTUAL EXPECTED: ACTUAL equals EXPECTED, where <n> in EXPECTED
# matches a number; prints both when they differ.
is_line() {
    if python3 -c 'import re, sys
want = "".join(r"\d+" if p == "<n>" else re.escape(p) for p in re.split("(<n>)", sys.argv[2]))
sys.exit(0 if re.fullmatch(want, sys.argv[1]) else 1)' "$1" "$2"; then
        return 0
    fi
    printf 'got:  %s\nwant: %s\n' "$1" "$2" >&2
    return 1
}

# port_outside_range: a TCP and UDP port free now, below the ephemeral range
# (so the diagnosis can tell a server's port from a client's).
port_outside_range() {
    python3 - "$RANGE_LOW" <<'EOF'
import random, socket, sys
low = int(sys.argv[1])
for _ in range(200):
    port = random.randint(20000, low - 1)
    try:
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
            s = socket.socket(socket.AF_INET, kind)
            s.bind(("127.0.0.1", port))
            s.close()
    except OSError:
        continue
    print(port)
    break
EOF
}

# wait_time_wait PORT: waits until ss shows a TIME-WAIT connection on local PORT.
wait_time_wait() {
    local tries=250
    while [ "$tries" -gt 0 ]; do
        ss -tanH state time-wait "( sport = :$1 )" | grep -q . && return 0
        sleep 0.02
        tries=$((tries - 1))
    done
    echo "no TIME-WAIT on port $1" >&2
    return 1
}

@test "addrinuse: a listener: its program and pid, ss -ltnp, stop it or choose another port" {
    start_server holder tcp_server -k 0
    run -1 --separate-stderr tcp_server "$holder_port"
    [ "${stderr_lines[0]}" = "tcp_server: bind 127.0.0.1:$holder_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp_server: hint: port $holder_port is taken: tcp_server (pid $holder_pid) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    [ "${#stderr_lines[@]}" -eq 2 ]
    # 0.0.0.0 overlaps 127.0.0.1: the same listener is named
    run -1 --separate-stderr tcp_echo_server -b 0.0.0.0 "$holder_port"
    is_line "${stderr_lines[1]}" "tcp_echo_server: hint: port $holder_port is taken: tcp_server (pid $holder_pid) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    run -1 --separate-stderr tcp_chat_server "$holder_port"
    is_line "${stderr_lines[1]}" "tcp_chat_server: hint: port $holder_port is taken: tcp_server (pid $holder_pid) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    stop_server holder
}

@test "addrinuse: TIME_WAIT on a server's port: a server's connection, -R is why, leave it out" {
    port=$(port_outside_range)
    [ -n "$port" ]
    start_server srv tcp_server "$port"
    run -0 tcp_client "$port" Bonjour
    client_port=$(sed -n 's/^Local address: 127\.0\.0\.1://p' <<<"$output")
    wait_for_exit "$srv_pid"
    srv_pid=
    wait_time_wait "$port"
    run -1 --separate-stderr tcp_server -R "$port"
    [ "${stderr_lines[0]}" = "tcp_server: bind 127.0.0.1:$port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp_server: hint: port $port is held by a connection in TIME-WAIT for <n> s more, 127.0.0.1:$port -> 127.0.0.1:$client_port, a server's connection; SO_REUSEADDR here would help if the old server set it too (servers do, unless -R): leave out -R, or wait <n> s, or choose another port (see: ss -tan state time-wait '( sport = :$port )')"
    # and indeed: without -R the same restart works
    start_server srv tcp_server "$port"
    run -0 tcp_client "$port" encore
    wait_for_exit "$srv_pid"
    srv_pid=
}

@test "addrinuse: TIME_WAIT on a client's ephemeral port: SO_REUSEADDR does not help, wait or leave the range" {
    # The issue's case: a client got PORT as its ephemeral port and closed
    # first (an echo server keeps its side open), then a server wants PORT.
    start_server echo tcp_echo_server 0
    run -0 tcp_client "$echo_port" Bonjour
    client_port=$(sed -n 's/^Local address: 127\.0\.0\.1://p' <<<"$output")
    wait_time_wait "$client_port"
    run -1 --separate-stderr tcp_server "$client_port"
    [ "${stderr_lines[0]}" = "tcp_server: bind 127.0.0.1:$client_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp_server: hint: port $client_port is held by a connection in TIME-WAIT for <n> s more, 127.0.0.1:$client_port -> 127.0.0.1:$echo_port, a client's ephemeral port; SO_REUSEADDR, set here, does not help: the old socket did not set it: wait <n> s, or choose a port outside $RANGE (ip_local_port_range) (see: ss -tan state time-wait '( sport = :$client_port )')"
    stop_server echo
}

@test "addrinuse: exercise 2.6 when the client closes first: its -p port is in TIME_WAIT" {
    port=$(port_outside_range)
    [ -n "$port" ]
    start_server echo tcp_echo_server 0
    run -0 tcp_client -p "$port" "$echo_port" Bonjour
    wait_time_wait "$port"
    run -1 --separate-stderr tcp_client -p "$port" "$echo_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: bind 0.0.0.0:$port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp_client: hint: port $port is held by a connection in TIME-WAIT for <n> s more, 127.0.0.1:$port -> 127.0.0.1:$echo_port, a client's port (chosen with bind()); SO_REUSEADDR would not help: a client's socket never sets it: wait <n> s, or choose another port (see: ss -tan state time-wait '( sport = :$port )')"
    stop_server echo
}

@test "addrinuse: a live connection holds a client's port: its program, both ends, the state" {
    port=$(port_outside_range)
    [ -n "$port" ]
    start_server echo tcp_echo_server 0
    mkfifo "$BATS_TEST_TMPDIR/typing"
    # a client connected, waiting for its message on stdin (the fifo, held open)
    tcp_client -p "$port" "$echo_port" <"$BATS_TEST_TMPDIR/typing" >"$BATS_TEST_TMPDIR/client.out" 2>&1 3>&- &
    client_pid=$!
    exec 5>"$BATS_TEST_TMPDIR/typing"
    wait_for_file_line "$BATS_TEST_TMPDIR/client.out" '^Local address'
    run -1 --separate-stderr tcp_client -p "$port" "$echo_port" Bonjour
    is_line "${stderr_lines[1]}" "tcp_client: hint: port $port is taken: tcp_client (pid $client_pid) holds it, in a connection 127.0.0.1:$port -> 127.0.0.1:$echo_port (ESTAB): wait for it to end, or choose another port (see: ss -tanp 'sport = :$port')"
    echo fini >&5
    exec 5>&-
    wait "$client_pid"
    client_pid=
    stop_server echo
}

@test "addrinuse: a UDP socket: its program, UDP has no TIME_WAIT, ss -uanp" {
    start_server holder udp_server 0
    run -1 --separate-stderr udp_server "$holder_port"
    [ "${stderr_lines[0]}" = "udp_server: bind 127.0.0.1:$holder_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "udp_server: hint: port $holder_port is taken by a UDP socket of udp_server (pid $holder_pid) on 127.0.0.1:$holder_port (UDP has no TIME_WAIT: a program holds it now): stop it, or choose another port (see: ss -uanp 'sport = :$holder_port')"
    run -1 --separate-stderr udp_client -p "$holder_port" "$holder_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: bind 0.0.0.0:$holder_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "udp_client: hint: port $holder_port is taken by a UDP socket of udp_server (pid $holder_pid) on 127.0.0.1:$holder_port (UDP has no TIME_WAIT: a program holds it now): stop it, or choose another port (see: ss -uanp 'sport = :$holder_port')"
    stop_server holder
}

@test "addrinuse: IPv6: a listener on [::1] and a UDP socket on [::1]" {
    start_server holder tcp6_server -k 0
    run -1 --separate-stderr tcp6_server "$holder_port"
    [ "${stderr_lines[0]}" = "tcp6_server: bind [::1]:$holder_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp6_server: hint: port $holder_port is taken: tcp6_server (pid $holder_pid) listens on [::1]:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    stop_server holder
    start_server holder udp6_server 0
    run -1 --separate-stderr udp6_client -p "$holder_port" "$holder_port" Bonjour
    is_line "${stderr_lines[1]}" "udp6_client: hint: port $holder_port is taken by a UDP socket of udp6_server (pid $holder_pid) on [::1]:$holder_port (UDP has no TIME_WAIT: a program holds it now): stop it, or choose another port (see: ss -uanp 'sport = :$holder_port')"
    stop_server holder
}

@test "addrinuse: the RPC servers: rpc_portmap and rpc_arith_server name the holder" {
    start_server holder tcp_server -k 0
    run -1 --separate-stderr rpc_portmap -b 127.0.0.1 -p "$holder_port"
    is_line "${stderr_lines[1]}" "rpc_portmap: hint: port $holder_port is taken: tcp_server (pid $holder_pid) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    run -1 --separate-stderr rpc_arith_server -P 1 -p "$holder_port"
    is_line "${stderr_lines[1]}" "rpc_arith_server: hint: port $holder_port is taken: tcp_server (pid $holder_pid) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    stop_server holder
}

@test "addrinuse: a listener of another user: the program is not named, only its uid" {
    require_root
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null ||
        skip "setpriv cannot drop privileges here"
    setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$ROOT/tcp/tcp_server" ||
        skip "user nobody cannot run $ROOT/tcp/tcp_server"
    start_server holder tcp_server -k 0
    run -1 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$ROOT/tcp/tcp_server" "$holder_port"
    is_line "${stderr_lines[1]}" "tcp_server: hint: port $holder_port is taken: a program you may not see (uid 0) listens on 127.0.0.1:$holder_port: stop it, or choose another port (see: ss -ltnp 'sport = :$holder_port')"
    stop_server holder
}

@test "addrinuse: no socket table to read (/proc hidden): today's generic hint, never a wrong one" {
    require_root
    ! grep -qa __asan_init "$ROOT/tcp/tcp_server" ||
        skip "a sanitizer build (make SANITIZE=1) needs /proc itself"
    start_server holder tcp_server -k 0
    run -1 --separate-stderr unshare -m sh -c \
        "mount -t tmpfs none /proc && exec '$ROOT/tcp/tcp_server' $holder_port"
    [ "${stderr_lines[0]}" = "tcp_server: bind 127.0.0.1:$holder_port: Address already in use" ]
    is_line "${stderr_lines[1]}" "tcp_server: hint: port $holder_port is taken: another program listens there (ss -ltnp 'sport = :$holder_port'), or a connection on it is still in TIME_WAIT (see ss -tan state time-wait)"
    stop_server holder
    start_server holder udp_server 0
    run -1 --separate-stderr unshare -m sh -c \
        "mount -t tmpfs none /proc && exec '$ROOT/udp/udp_server' $holder_port"
    is_line "${stderr_lines[1]}" "udp_server: hint: port $holder_port is taken by another UDP socket (UDP has no TIME_WAIT: a program holds it now): see ss -uanp 'sport = :$holder_port'"
    stop_server holder
}
