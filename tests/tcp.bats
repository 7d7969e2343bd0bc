#!/usr/bin/env bats
# TP1, mode connecté: tcp_server and tcp_client (labs/tp1-tcp.md).

load helpers

teardown() {
    stop_server srv
}

# server_saw REGEX: the server printed a line matching REGEX (waits 5 s at most).
server_saw() {
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "$1" 5
}

@test "tcp: the handout's exchange on port 0; the server prints the port it really bound" {
    start_server srv tcp_server 0
    [ "$srv_port" -gt 0 ]
    run -0 tcp_client "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ 127\.0\.0\.1:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    [ "${#lines[@]}" -eq 2 ]
    client_port=${lines[0]##*:}
    wait_server srv   # without -k: one client, then exit 0
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Listening\ on\ 127\.0\.0\.1:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [ "${lines[1]}" = "Connected by 127.0.0.1:$client_port" ]
    [ "${lines[2]}" = "Server received: Bonjour -- from client 127.0.0.1:$client_port" ]
}

@test "tcp: -k serves several clients in turn (exercise 2.7), -r changes the reply" {
    start_server srv tcp_server -k -r 'Bien recu' 0
    for word in un deux trois; do
        run -0 tcp_client "$srv_port" "$word"
        [ "${lines[1]}" = "Client received: Bien recu" ]
    done
    server_saw 'Server received: trois -- from client'
    [ "$(grep -c '^Connected by 127.0.0.1:' "$BATS_TEST_TMPDIR/srv.out")" -eq 3 ]
    grep -q '^Server received: un -- from client' "$BATS_TEST_TMPDIR/srv.out"
    grep -q '^Server received: deux -- from client' "$BATS_TEST_TMPDIR/srv.out"
}

@test "tcp: message words are joined by single spaces; one stdin line without argv words (exercise 2.4)" {
    start_server srv tcp_server -k 0
    run -0 tcp_client "$srv_port" Bonjour le   serveur
    server_saw 'Server received: Bonjour le serveur -- from client'
    run -0 bash -c "printf 'Salut depuis stdin\nligne ignoree\n' | tcp_client $srv_port"
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    server_saw 'Server received: Salut depuis stdin -- from client'
    ! grep -q 'ligne ignoree' "$BATS_TEST_TMPDIR/srv.out"
}

@test "tcp: -B 4 shows Bonjour arriving in pieces, and the client still gets the whole reply" {
    start_server srv tcp_server -B 4 0
    run -0 tcp_client "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    wait_server srv
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[2]}" =~ ^Server\ received:\ Bonj\ --\ from\ client ]]
    [[ "${lines[3]}" =~ ^Server\ received:\ our\ --\ from\ client ]]
}

@test "tcp: client -B 4 reads the reply in pieces" {
    start_server srv tcp_server 0
    run -0 tcp_client -B 4 "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welc" ]
    [ "${lines[2]}" = "Client received: ome " ]
    [ "${lines[6]}" = "Client received: er" ]
}

@test "tcp: a message longer than the buffer neither crashes nor hangs either side" {
    start_server srv tcp_server -k 0
    long=$(head -c 5000 /dev/zero | tr '\0' 'a')
    run -0 timeout 5 tcp_client "$srv_port" "$long"
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    [ "$(grep -c '^Server received: a' "$BATS_TEST_TMPDIR/srv.out")" -ge 2 ]
    huge=$(head -c 120000 /dev/zero | tr '\0' 'b')
    run timeout 5 tcp_client "$srv_port" "$huge"   # reply, or a reset reported: never a hang
    [ "$status" -eq 0 ] || [ "$status" -eq 1 ]
    run -0 tcp_client "$srv_port" encore
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
}

@test "tcp: bytes that are not text are shown escaped, never raw" {
    start_server srv tcp_server 0
    run -0 tcp_client "$srv_port" "$(printf 'a\tb\033[2Jc\\d')"
    server_saw 'Server received: a\\tb\\x1b\[2Jc\\\\d -- from client'
}

@test "tcp: -p binds a static source port (exercise 2.6), and a second run reuses it" {
    start_server srv tcp_server -k 0
    src=$(free_port)
    run -0 tcp_client -p "$src" "$srv_port" premier
    [ "${lines[0]}" = "Local address: 127.0.0.1:$src" ]
    # The server closes first (the client reads until the end of the stream), so
    # the TIME_WAIT is on the server's side; Linux accepts a new SYN on that pair
    # of ports (its timestamp is newer): the second run works too.
    run -0 tcp_client -p "$src" "$srv_port" second
    [ "${lines[0]}" = "Local address: 127.0.0.1:$src" ]
    ss -tanH state time-wait "( sport = :$srv_port and dport = :$src )" | grep -q .
}

@test "tcp: -v traces each system call with its result" {
    start_server srv tcp_server -v 0
    run -0 --separate-stderr tcp_client -v "$srv_port" Bonjour 3>&-
    [ "${stderr_lines[0]}" = "[tcp_client] socket(AF_INET, SOCK_STREAM) = 3" ]
    [ "${stderr_lines[1]}" = "[tcp_client] connect(3, 127.0.0.1:$srv_port) = 0" ]
    [ "${stderr_lines[2]}" = "[tcp_client] send(3, 7 bytes) = 7" ]
    [ "${stderr_lines[3]}" = "[tcp_client] recv(3, 1024) = 22" ]
    [ "${stderr_lines[4]}" = "[tcp_client] recv(3, 1024) = 0" ]
    wait_server srv
    run cat "$BATS_TEST_TMPDIR/srv.err"
    [ "${lines[0]}" = "[tcp_server] socket(AF_INET, SOCK_STREAM) = 3" ]
    [ "${lines[1]}" = "[tcp_server] setsockopt(3, SO_REUSEADDR, 1) = 0" ]
    [ "${lines[2]}" = "[tcp_server] bind(3, 127.0.0.1:0) = 0" ]
    [[ "${lines[3]}" =~ ^\[tcp_server\]\ listen\(3,\ [0-9]+\)\ =\ 0$ ]]
    [[ "${lines[4]}" =~ ^\[tcp_server\]\ accept\(3\)\ =\ 4\ from\ 127\.0\.0\.1:[0-9]+$ ]]
    [ "${lines[5]}" = "[tcp_server] setsockopt(4, SO_RCVTIMEO, 60 s) = 0" ]
    [ "${lines[6]}" = "[tcp_server] recv(4, 1024) = 7" ]
    [ "${lines[7]}" = "[tcp_server] recv(4, 1024, MSG_DONTWAIT) = -1 Resource temporarily unavailable" ]
    [ "${lines[8]}" = "[tcp_server] send(4, 22 bytes) = 22" ]
    [ "${lines[9]}" = "[tcp_server] close(4) = 0" ]
}

@test "tcp: -h and --help print the synopsis, the options and an example, exit 0" {
    for prog in tcp_server tcp_client; do
        for flag in -h --help; do
            run -0 "$prog" "$flag"
            [[ "${lines[0]}" == "usage: $prog "* ]]
            [[ "$output" == *"example: $prog "* ]]
            [[ "$output" == *"labs/tp1-tcp.md"* ]]
        done
    done
}

@test "tcp: bad usage exits 2, names the bad value, prints the usage line, sends nothing" {
    start_server srv tcp_server -k 0
    bad() {   # bad EXPECTED-MESSAGE PROGRAM ARGS...
        local expected=$1
        shift
        run -2 --separate-stderr "$@"
        [ -z "$output" ]
        [[ "${stderr_lines[0]}" == *"$expected"* ]] || { echo "got: ${stderr_lines[0]}"; return 1; }
        [[ "${stderr_lines[1]}" == "usage: "* ]]
    }
    bad "invalid port 'abc'" tcp_server abc
    bad "invalid port '70000'" tcp_server 70000
    bad "invalid port '-1'" tcp_server -- -1
    bad "invalid port '60000x'" tcp_server 60000x
    bad "unknown option '-x'" tcp_server -x
    bad "option -B needs a value" tcp_server -B
    bad "invalid buffer size '0'" tcp_server -B 0
    bad "too many arguments: '60001'" tcp_server 60000 60001
    bad "missing PORT" tcp_client
    bad "invalid port '0'" tcp_client 0 hello
    bad "invalid port 'abc'" tcp_client abc hello
    bad "invalid port '65536'" tcp_client 65536 hello
    bad "invalid source port '70000'" tcp_client -p 70000 "$srv_port" hello
    bad "invalid buffer size 'x'" tcp_client -B x "$srv_port" hello
    bad "unknown option '-z'" tcp_client -z "$srv_port" hello
    bad "empty message" tcp_client "$srv_port" ""
    # Nothing reached the server.
    ! grep -q '^Connected by' "$BATS_TEST_TMPDIR/srv.out"
}

@test "tcp: end of input before any message: exit 1, and the server sees a connection without data" {
    start_server srv tcp_server 0
    run -1 --separate-stderr tcp_client "$srv_port" </dev/null
    [ "${stderr_lines[0]}" = "tcp_client: no message: standard input is empty" ]
    server_saw "closed the connection without sending anything"
    rc=0
    wait_server srv || rc=$?
    [ "$rc" -eq 1 ]   # its one client sent nothing: tcp_server (without -k) exits 1
}

@test "tcp: connection refused: exit 1, strerror, and a hint naming tcp_server and ss" {
    port=$(free_port)
    run -1 --separate-stderr tcp_client "$port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 127.0.0.1:$port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "tcp_client: hint: "*"is tcp_server running? try: ss -ltn 'sport = :$port'" ]]
}

@test "tcp: a busy port: bind fails with exit 1, strerror, and a hint naming the listener and ss" {
    start_server srv tcp_server -k 0
    run -1 --separate-stderr tcp_server "$srv_port"
    [ "${stderr_lines[0]}" = "tcp_server: bind 127.0.0.1:$srv_port: Address already in use" ]
    # under valgrind (VALGRIND=1) the holder's command name is valgrind's tool
    local holder=tcp_server
    [ "${VALGRIND:-}" != 1 ] || holder=memcheck-amd64-
    [[ "${stderr_lines[1]}" == *"$holder (pid $srv_pid) listens on 127.0.0.1:$srv_port"*"ss -ltnp 'sport = :$srv_port'"* ]]
}

@test "tcp: -R leaves SO_REUSEADDR off, so a restart fails while TIME_WAIT holds the port" {
    start_server srv tcp_server 0
    run -0 tcp_client "$srv_port" Bonjour
    wait_server srv
    ss -tanH state time-wait "( sport = :$srv_port )" | grep -q .
    run -1 --separate-stderr tcp_server -R "$srv_port"
    [[ "${stderr_lines[0]}" == *"Address already in use" ]]
    # Without -R (the default), SO_REUSEADDR makes the same restart work.
    start_server srv tcp_server "$srv_port"
    run -0 tcp_client "$srv_port" encore
}

@test "tcp: a client that closes or resets without sending leaves a -k server serving the next one" {
    start_server srv tcp_server -k 0
    for how in close reset reset-mid; do
        run -0 python3 "$ROOT/tests/peers/reset_client.py" "$srv_port" "$how"
        run -0 tcp_client "$srv_port" "apres $how"
        [ "${lines[1]}" = "Client received: Welcome to this server" ]
    done
    server_saw 'closed the connection without sending anything'
    server_saw 'Server received: apres reset-mid'
    kill -0 "$srv_pid"
}

@test "tcp: interoperates with the handout's Python client and server" {
    start_server srv tcp_server 0
    run -0 python3 "$ROOT/tests/peers/tp1_client.py" "$srv_port" "Bonjour de Python"
    [ "$output" = "Client received: Welcome to this server" ]
    server_saw 'Server received: Bonjour de Python -- from client 127\.0\.0\.1:'
    wait_server srv
    # a third-party peer: never under valgrind (VALGRIND=1 checks our servers)
    VALGRIND= start_server srv python3 "$ROOT/tests/peers/tp1_server.py"
    run -0 tcp_client "$srv_port" "Bonjour de C"
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    server_saw '^Server received: Bonjour de C$'
    wait_server srv
}

@test "tcp: ss -ltn shows the server's LISTEN socket while it runs, and not after" {
    start_server srv tcp_server -k 0
    run -0 ss -ltnH "sport = :$srv_port"
    [[ "$output" == LISTEN*"127.0.0.1:$srv_port"* ]]
    stop_server srv
    run -0 ss -ltnH "sport = :$srv_port"
    [ -z "$output" ]
}

@test "tcp: Ctrl-C (SIGINT) or SIGTERM: the server says so, closes, exits 0" {
    start_server srv tcp_server -k 0
    stop_server srv
    grep -q 'interrupted: closing the listening socket and exiting' "$BATS_TEST_TMPDIR/srv.err"
    start_server srv tcp_server -k 0
    kill -TERM "$srv_pid"
    wait_server srv
}

@test "tcp: against a server that keeps the connection open (socat echo), the client leaves after its reply" {
    require_peer socat
    port=$(free_port)
    socat "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr" PIPE 3>&- &
    socat_pid=$!
    wait_for_port tcp "$port"
    run -0 timeout 5 tcp_client "$port" "echo moi"
    [ "${lines[1]}" = "Client received: echo moi" ]
    wait_for_exit "$socat_pid"   # socat without fork: done after its one connection
}
