#!/usr/bin/env bats
# TP1, mode connecté: tcp_server and tcp_client (labs/tp1-tcp.md).

load helpers

teardown() {
    stop_server srv || true
}

@test "tcp: the handout's exchange, port 0, real port printed" {
    start_server srv tcp_server 0
    [ "$srv_port" -gt 0 ]
    run -0 tcp_client "$srv_port" Bonjour
    [ "${lines[0]}" = "Local address: 127.0.0.1:${lines[0]##*:}" ]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    wait_for_exit "$srv_pid"
    srv_pid=
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Listening\ on\ 127\.0\.0\.1:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [[ "${lines[1]}" =~ ^Connected\ by\ 127\.0\.0\.1:[0-9]+$ ]]
    [[ "${lines[2]}" =~ ^Server\ received:\ Bonjour\ --\ from\ client\ 127\.0\.0\.1:[0-9]+$ ]]
}
