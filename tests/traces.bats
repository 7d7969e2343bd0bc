#!/usr/bin/env bats
# The -v trace tells the truth (issue 23): each line is printed by
# sl_traced() from the call's own result, and a failed call shows -1 and
# errno's text; SO_REUSEADDR, SO_RCVTIMEO and close() are checked. Nothing in
# the programs' options makes those calls fail, so an LD_PRELOAD shim built
# here (tests/shims/failcall.c) does.

load helpers

setup_file() {
    command -v cc >/dev/null || skip "no cc to build the LD_PRELOAD shim"
    cc -shared -fPIC -o "$BATS_FILE_TMPDIR/failcall.so" "$ROOT/tests/shims/failcall.c"
}

setup() {
    SHIM="$BATS_FILE_TMPDIR/failcall.so"
    # a sanitizer build (make SANITIZE=1) wants its runtime first: let the shim in
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
}

teardown() {
    stop_server srv
}

# failing WHAT CMD...: CMD with the calls WHAT (see failcall.c) failing,
# without bats' descriptors 3 and 4 (the traces show descriptor numbers).
failing() {
    local what=$1
    shift
    env FAILCALL="$what" LD_PRELOAD="$SHIM" "$@" 3>&- 4>&-
}

@test "traces: a close() that fails is traced = -1 with errno's text, never = 0, and checked" {
    start_server srv env FAILCALL=close LD_PRELOAD="$SHIM" tcp_server -v 0
    run -1 --separate-stderr failing close tcp_client -v "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    [ "${stderr_lines[5]}" = "[tcp_client] close(3) = -1 Input/output error" ]
    [ "${stderr_lines[6]}" = "tcp_client: close: Input/output error" ]
    status=0
    wait_server srv 2>/dev/null || status=$?
    [ "$status" -eq 1 ]
    grep -qx '\[tcp_server\] close(4) = -1 Input/output error' "$BATS_TEST_TMPDIR/srv.err"
    grep -qx '\[tcp_server\] close(3) = -1 Input/output error' "$BATS_TEST_TMPDIR/srv.err"
    grep -qx 'tcp_server: close: Input/output error' "$BATS_TEST_TMPDIR/srv.err"
    ! grep -q 'close([0-9]*) = 0' "$BATS_TEST_TMPDIR/srv.err"
}

@test "traces: udp_client and udp_server trace a failed close() as it was" {
    start_server srv env FAILCALL=close LD_PRELOAD="$SHIM" udp_server -v 0
    run -1 --separate-stderr failing close udp_client -v "$srv_port" Bonjour
    [ "${lines[0]}" = "Server : Welcome to this server" ]
    [[ "${stderr_lines[*]}" == *"[udp_client] close(3) = -1 Input/output error"* ]]
    kill -INT "$srv_pid"
    status=0
    wait_server srv 2>/dev/null || status=$?
    [ "$status" -eq 1 ]
    grep -qx '\[udp_server\] close(3) = -1 Input/output error' "$BATS_TEST_TMPDIR/srv.err"
}

@test "traces: SO_REUSEADDR failing: each server traces -1, says so and exits 1 (it was traced and ignored)" {
    local prog
    for prog in tcp_server tcp6_server tcp_echo_server tcp_chat_server "$ROOT/bench/echo_limit"; do
        run -1 --separate-stderr timeout 5 env FAILCALL=reuseaddr LD_PRELOAD="$SHIM" \
            "$prog" -v 0 </dev/null 3>&- 4>&-
        [[ "${stderr_lines[1]}" == "[${prog##*/}] setsockopt(3, SO_REUSEADDR, 1) = -1 Protocol not available" ]]
        [ "${stderr_lines[2]}" = "${prog##*/}: setsockopt SO_REUSEADDR: Protocol not available" ]
        [ "${#lines[@]}" -eq 0 ]      # never "Listening on"
    done
}

@test "traces: SO_RCVTIMEO failing: tcp_server does not serve that client (it could hold the server forever)" {
    start_server srv env FAILCALL=rcvtimeo LD_PRELOAD="$SHIM" tcp_server -v 0
    run -1 --separate-stderr tcp_client "$srv_port" Bonjour
    status=0
    wait_server srv 2>/dev/null || status=$?
    [ "$status" -eq 1 ]
    grep -qx '\[tcp_server\] setsockopt(4, SO_RCVTIMEO, 60 s) = -1 Protocol not available' \
        "$BATS_TEST_TMPDIR/srv.err"
    grep -qx 'tcp_server: setsockopt SO_RCVTIMEO: Protocol not available' "$BATS_TEST_TMPDIR/srv.err"
    ! grep -q '^Server received' "$BATS_TEST_TMPDIR/srv.out"
}

@test "traces: SO_RCVTIMEO failing: the clients give up at once rather than wait forever" {
    start_server srv udp_server 0
    run -1 --separate-stderr failing rcvtimeo udp_client -v "$srv_port" Bonjour
    [ "${stderr_lines[1]}" = "[udp_client] setsockopt(3, SO_RCVTIMEO, 2 s) = -1 Protocol not available" ]
    [ "${stderr_lines[2]}" = "udp_client: setsockopt SO_RCVTIMEO: Protocol not available" ]
    run -1 --separate-stderr failing rcvtimeo udp6_client -v 9 Bonjour
    [ "${stderr_lines[2]}" = "udp6_client: setsockopt SO_RCVTIMEO: Protocol not available" ]
    stop_server srv
    start_server srv tcp_server 0
    run -1 --separate-stderr failing rcvtimeo tcp_client "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: setsockopt SO_RCVTIMEO: Protocol not available" ]
}

@test "traces: a failed call shows -1 and errno's text (connect refused, bind in use)" {
    start_server srv tcp_server -k 0
    run -1 --separate-stderr tcp_server -v "$srv_port" 3>&- 4>&-
    [ "${stderr_lines[2]}" = "[tcp_server] bind(3, 127.0.0.1:$srv_port) = -1 Address already in use" ]
    port=$(free_port)
    run -1 --separate-stderr tcp_client -v "$port" Bonjour 3>&- 4>&-
    [ "${stderr_lines[1]}" = "[tcp_client] connect(3, 127.0.0.1:$port) = -1 Connection refused" ]
}

@test "traces: SO_REUSEADDR failing: rpc_arith_server and rpc_portmap trace -1 with errno's text and stop" {
    run -1 --separate-stderr timeout 5 env FAILCALL=reuseaddr LD_PRELOAD="$SHIM" \
        rpc_arith_server -v -P 9 3>&- 4>&-
    [ "${stderr_lines[0]}" = "[rpc_arith_server] socket(AF_INET, SOCK_STREAM) = 3" ]
    [ "${stderr_lines[1]}" = "[rpc_arith_server] setsockopt(3, SO_REUSEADDR, 1) = -1 Protocol not available" ]
    [ "${stderr_lines[2]}" = "rpc_arith_server: setsockopt SO_REUSEADDR: Protocol not available" ]
    [ "${#lines[@]}" -eq 0 ]      # never "Listening on", nothing registered
    run -1 --separate-stderr timeout 5 env FAILCALL=reuseaddr LD_PRELOAD="$SHIM" \
        rpc_portmap -v -p 0 3>&- 4>&-
    [ "${stderr_lines[0]}" = "[rpc_portmap] socket(AF_INET, SOCK_STREAM) = 3" ]
    [ "${stderr_lines[1]}" = "[rpc_portmap] setsockopt(3, SO_REUSEADDR, 1) = -1 Protocol not available" ]
    [ "${stderr_lines[2]}" = "rpc_portmap: tcp 127.0.0.1 port 0: Protocol not available" ]
    [ "${#lines[@]}" -eq 0 ]
}

@test "traces: rpc_arith_client traces a GETPORT nobody answered as its error, never as port 0" {
    port=$(free_port udp)
    run -1 --separate-stderr rpc_arith_client -v -P "$port" -t 1 127.0.0.1 add 1 2 3>&- 4>&-
    [[ "${stderr_lines[*]}" == *"[rpc_arith_client] GETPORT(858993459, 1, tcp) at 127.0.0.1:$port (udp): RPC: Port mapper failure"* ]]
    [[ "${stderr_lines[*]}" != *"GETPORT(858993459, 1, tcp) at 127.0.0.1:$port (udp) = 0"* ]]
}

@test "traces: the RPC runtime says a client's connection closed only once close() said so" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_server srv env FAILCALL=close LD_PRELOAD="$SHIM" rpc_arith_server -v -P "$pmap_port"
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Registered with the portmapper'
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    [ "$output" = "1.000000 + 2.000000 = 3.000000" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.err" \
        '^rpc_arith_server: connection from 127\.0\.0\.1:[0-9]+: close: Input/output error$'
    ! grep -q 'connection from .* closed$' "$BATS_TEST_TMPDIR/srv.err"
    stop_server srv
    stop_server pmap
}
