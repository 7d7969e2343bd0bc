#!/usr/bin/env bats
# TP1 part 2: tcp_echo_server, poll() over non-blocking sockets
# (labs/tp1-tcp-part2.md). The clients are tests/echo_clients.py (python3
# selectors): each checks that every byte it sent came back, in order.

load helpers

teardown() {
    stop_server srv
}

# clients ARGS...: runs tests/echo_clients.py with enough file descriptors
# for 1000 connections (the soft limit raised, as the server does itself).
clients() {
    bash -c 'ulimit -Sn "$(ulimit -Hn)" 2>/dev/null; exec python3 "$@"' sh \
        "$ROOT/tests/echo_clients.py" "$@" 3>&-
}

@test "echo: -h prints the synopsis and exits 0; bad usage exits 2" {
    run -0 tcp_echo_server -h
    [[ "${lines[0]}" == "usage: tcp_echo_server [-b ADDR] [-c MAXCLIENTS] [-R] [-v] [PORT]" ]]
    run -2 --separate-stderr tcp_echo_server -c 0
    [[ "$stderr" == *"invalid client count '0'"* ]]
    run -2 --separate-stderr tcp_echo_server -c many
    [[ "$stderr" == *"invalid client count 'many'"* ]]
    run -2 --separate-stderr tcp_echo_server 65536
    [[ "$stderr" == *"invalid port '65536'"* ]]
    run -2 --separate-stderr tcp_echo_server 1 2
    [[ "$stderr" == *"too many arguments: '2'"* ]]
}

@test "echo: Listening line first, then how many clients; the soft fd limit is raised" {
    [ "$(ulimit -Hn)" = unlimited ] || [ "$(ulimit -Hn)" -ge 1100 ] ||
        skip "the hard limit on open files is below 1100 here"
    start_server srv bash -c 'ulimit -Sn 256; exec tcp_echo_server 0'
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Listening\ on\ 127\.0\.0\.1:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [[ "${lines[1]}" =~ ^Up\ to\ ([0-9]+)\ clients\ at\ once\ \(file-descriptor\ limit\ [0-9]+,\ soft\ limit\ was\ 256\)$ ]]
    [ "${BASH_REMATCH[1]}" -ge 1000 ]
    grep -E '^Max open files' "/proc/$srv_pid/limits" | awk '{ exit !($4 == $5) }'
}

@test "echo: 1000 clients at once, every byte echoed to its own sender" {
    start_server srv tcp_echo_server 0
    run -0 clients many "$srv_port" 1000 3000
    [ "$output" = "ok: 1000 clients at once, 3000 bytes each, every byte echoed (3000000 in all)" ]
}

@test "echo: a 4 MiB round trip on one connection" {
    start_server srv tcp_echo_server 0
    run -0 clients bulk "$srv_port" 4194304
    [ "$output" = "ok: 4194304 bytes sent and the same 4194304 bytes received" ]
}

@test "echo: a client that floods without reading is held back; others still get their echo" {
    start_server srv tcp_echo_server 0
    run -0 clients flood "$srv_port" "$srv_pid"
    [[ "${lines[0]}" == "ok: the flooder is blocked after sending "* ]]
    [[ "${lines[1]}" == "ok: meanwhile 2 other clients got their echo (101000 bytes)"* ]]
    [ "${lines[2]}" = "ok: the server's memory stayed bounded (under 64 MiB)" ]
}

@test "echo: clients vanishing mid-stream with RST; the server stays correct" {
    start_server srv tcp_echo_server 0
    run -0 clients reset "$srv_port" 200
    [ "$output" = "ok: 200 clients reset their connection mid-stream" ]
    run -0 clients many "$srv_port" 100 5000
    run -0 clients bulk "$srv_port" 1000000
    run -0 clients flood "$srv_port" "$srv_pid"
    probes=$(sed -nE 's/.*\(([0-9]+) probe clients\)$/\1/p' <<<"${lines[0]}")
    run -0 clients many "$srv_port" 10 100
    kill -0 "$srv_pid"
    stop_server srv
    # 200 + 100 + 1 + (the flooder, its probes and 2 others) + 10 clients
    grep -Eq "^Totals: $((314 + probes)) connections \(0 refused, [1-9][0-9]* reset by the client\)" \
        "$BATS_TEST_TMPDIR/srv.out"
}

@test "echo: -c caps the clients; an extra one is closed cleanly and the others go on" {
    start_server srv tcp_echo_server -c 2 0
    grep -q "^Up to 2 clients at once (file-descriptor limit " "$BATS_TEST_TMPDIR/srv.out"
    run -0 python3 - "$srv_port" 3>&- <<'EOF'
import socket, sys
port = int(sys.argv[1])
first = socket.create_connection(("127.0.0.1", port), timeout=5)
second = socket.create_connection(("127.0.0.1", port), timeout=5)
for sock, word in ((first, b"un"), (second, b"deux")):
    sock.sendall(word)
    assert sock.recv(100) == word
third = socket.create_connection(("127.0.0.1", port), timeout=5)
assert third.recv(100) == b"", "the third client should see an end of stream"
print("ok: third client closed by the server (end of stream, no reset)")
first.sendall(b"encore")
assert first.recv(100) == b"encore"
print("ok: the first two still echo")
EOF
    [ "${lines[0]}" = "ok: third client closed by the server (end of stream, no reset)" ]
    [ "${lines[1]}" = "ok: the first two still echo" ]
    grep -Eq "refused 127\.0\.0\.1:[0-9]+: already 2 clients \(the limit\)" \
        "$BATS_TEST_TMPDIR/srv.err"
}

@test "echo: Ctrl-C prints the totals and exits 0" {
    start_server srv tcp_echo_server 0
    run -0 clients many "$srv_port" 3 1000
    stop_server srv
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [ "${lines[2]}" = "Totals: 3 connections (0 refused, 0 reset by the client), 3000 bytes received, 3000 bytes echoed" ]
    grep -q "interrupted: closing 0 clients" "$BATS_TEST_TMPDIR/srv.err"
}

@test "echo: netcat and socat as clients" {
    require_peer nc
    require_peer socat
    start_server srv tcp_echo_server 0
    run -0 bash -c "printf 'Bonjour\n' | nc -N 127.0.0.1 $srv_port"
    [ "$output" = "Bonjour" ]
    run -0 bash -c "printf 'via socat\n' | socat -t 2 - TCP:127.0.0.1:$srv_port"
    [ "$output" = "via socat" ]
}

@test "echo: -v traces accept, recv, send and close" {
    require_peer nc
    start_server srv tcp_echo_server -v 0
    run -0 bash -c "printf 'trace' | nc -N 127.0.0.1 $srv_port"
    [ "$output" = "trace" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.err" "close\([0-9]+\) = 0 \(end of stream\)"
    grep -Eq "accept\(3\) = [0-9]+ from 127\.0\.0\.1:[0-9]+" "$BATS_TEST_TMPDIR/srv.err"
    grep -Eq "recv\([0-9]+, 65536\) = 5" "$BATS_TEST_TMPDIR/srv.err"
    grep -Eq "send\([0-9]+, 5 bytes\) = 5" "$BATS_TEST_TMPDIR/srv.err"
}

@test "echo: bind on a port in use fails with a hint, exit 1" {
    start_server srv tcp_echo_server 0
    run -1 --separate-stderr tcp_echo_server "$srv_port"
    [[ "$stderr" == *"bind 127.0.0.1:$srv_port: Address already in use"* ]]
    [[ "$stderr" == *"hint: port $srv_port is taken"* ]]
}
