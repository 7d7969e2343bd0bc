#!/usr/bin/env bats
# TP1 part 2: the chat, tcp_chat_server and tcp_chat_client (labs/tp1-tcp-part2.md).
#
# Both sides read their keyboard from a fifo the test writes into (opened
# read-write on fds 7 and 8, so opening never blocks and the fifo ends only
# when the test closes it): lines are "typed" at chosen moments, and the end
# of input is the test closing its fd. Every wait is bounded.

load helpers

setup() {
    HOST=$(uname -n)
    mkfifo "$BATS_TEST_TMPDIR/server.in" "$BATS_TEST_TMPDIR/client.in"
    exec 7<>"$BATS_TEST_TMPDIR/server.in" 8<>"$BATS_TEST_TMPDIR/client.in"
}

teardown() {
    exec 7>&- 8>&-
    [ -z "${client_pid:-}" ] || kill "$client_pid" 2>/dev/null
    stop_server srv
}

# start_chat_server: tcp_chat_server on port 0, its keyboard the fifo on fd 7.
start_chat_server() {
    SERVER_STDIN="$BATS_TEST_TMPDIR/server.in" \
        start_server srv sh -c 'exec 7>&- 8>&- "$@"' sh tcp_chat_server "$@" 0
    SOUT="$BATS_TEST_TMPDIR/srv.out"
}

# start_chat_client [NAME]: tcp_chat_client in the background, its keyboard
# the fifo on fd 8; output in NAME.out (default client), pid in client_pid.
start_chat_client() {
    local name=${1:-client}
    COUT="$BATS_TEST_TMPDIR/$name.out"
    tcp_chat_client "$srv_port" <"$BATS_TEST_TMPDIR/client.in" >"$COUT" \
        2>"$BATS_TEST_TMPDIR/$name.err" 3>&- 7>&- 8>&- &
    client_pid=$!
    wait_for_file_line "$COUT" "^client@$HOST:$srv_port\\$ "
    wait_for_file_line "$SOUT" "server@$HOST:$srv_port\\$ "
}

server_types() { printf '%s\n' "$@" >&7; }
client_types() { printf '%s\n' "$@" >&8; }

@test "chat: -h prints the synopsis and exits 0; bad usage exits 2" {
    run -0 tcp_chat_server -h
    [[ "${lines[0]}" == "usage: tcp_chat_server "* ]]
    run -0 tcp_chat_client --help
    [[ "${lines[0]}" == "usage: tcp_chat_client "* ]]
    run -2 --separate-stderr tcp_chat_server 70000
    [[ "$stderr" == *"invalid port '70000'"* ]]
    run -2 --separate-stderr tcp_chat_client -x
    [[ "$stderr" == *"unknown option '-x'"* ]]
    run -2 --separate-stderr tcp_chat_client 7999 extra
    [[ "$stderr" == *"too many arguments: 'extra'"* ]]
    run -2 --separate-stderr tcp_chat_client 0
    [[ "$stderr" == *"invalid port '0'"* ]]
}

@test "chat: prompts, several lines in a row both ways, exit from the client" {
    start_chat_server
    start_chat_client
    grep -q "^Connected to 127.0.0.1:$srv_port from 127.0.0.1:[0-9]*$" "$COUT"
    grep -Eq "^Connected by 127\.0\.0\.1:[0-9]+$" "$SOUT"

    client_types "Bonjour" "je suis VM2" "trois lignes d'affilée"
    wait_for_file_line "$SOUT" "^from client 'trois lignes d'affilée'$"
    server_types "Salut VM2" "ici VM1"
    wait_for_file_line "$COUT" "^from server 'ici VM1'$"
    client_types "exit"
    wait_for_exit "$client_pid"
    client_pid=
    wait_for_file_line "$SOUT" "^Waiting for the next client on 127\.0\.0\.1:$srv_port$"

    run cat "$SOUT"
    [ "${lines[2]}" = "server@$HOST:$srv_port\$ " ]
    [ "${lines[3]}" = "from client 'Bonjour'" ]
    [ "${lines[5]}" = "from client 'je suis VM2'" ]
    [ "${lines[7]}" = "from client 'trois lignes d'affilée'" ]
    [ "${lines[8]}" = "server@$HOST:$srv_port\$ Salut VM2" ]
    [ "${lines[9]}" = "server@$HOST:$srv_port\$ ici VM1" ]
    [ "${lines[10]}" = "server@$HOST:$srv_port\$ " ]
    [ "${lines[11]}" = "the client left (it typed exit)" ]

    run cat "$COUT"
    [ "${lines[1]}" = "client@$HOST:$srv_port\$ Bonjour" ]
    [ "${lines[2]}" = "client@$HOST:$srv_port\$ je suis VM2" ]
    [ "${lines[3]}" = "client@$HOST:$srv_port\$ trois lignes d'affilée" ]
    [ "${lines[4]}" = "client@$HOST:$srv_port\$ " ]
    [ "${lines[5]}" = "from server 'Salut VM2'" ]
    [ "${lines[7]}" = "from server 'ici VM1'" ]
    [ "${lines[8]}" = "client@$HOST:$srv_port\$ exit" ]
    [ "${lines[9]}" = "(exit: closing the connection, the server is told)" ]
    [ "${lines[10]}" = "the server left (it closed the connection)" ]
}

@test "chat: exit from the server ends the client; the server takes a second client" {
    start_chat_server
    start_chat_client first
    server_types "exit"
    wait_for_exit "$client_pid"
    client_pid=
    grep -qx "the server left (it typed exit)" "$BATS_TEST_TMPDIR/first.out"
    wait_for_file_line "$SOUT" "^Waiting for the next client"
    grep -qx "(exit: closing the connection, the client is told)" "$SOUT"

    start_chat_client second
    client_types "me revoilà"
    wait_for_file_line "$SOUT" "^from client 'me revoilà'$"
    server_types "re-bonjour"
    wait_for_file_line "$BATS_TEST_TMPDIR/second.out" "^from server 're-bonjour'$"
    [ "$(grep -c '^Connected by ' "$SOUT")" -eq 2 ]
}

@test "chat: end of the client's input ends the session on both sides" {
    start_chat_server
    run -0 tcp_chat_client "$srv_port" < <(printf 'une ligne\nune autre\n') 3>&- 7>&- 8>&-
    [ "${lines[1]}" = "client@$HOST:$srv_port\$ une ligne" ]
    [ "${lines[2]}" = "client@$HOST:$srv_port\$ une autre" ]
    [ "${lines[4]}" = "(end of input: closing the connection, the server is told)" ]
    [ "${lines[5]}" = "the server left (it closed the connection)" ]
    wait_for_file_line "$SOUT" "^the client left \(it closed the connection\)$"
    grep -qx "from client 'une autre'" "$SOUT"
    kill -0 "$srv_pid"   # still waiting for the next client
}

@test "chat: stdin from a file works, prompts still printed" {
    start_chat_server
    printf 'depuis un fichier\nexit\nnever sent\n' >"$BATS_TEST_TMPDIR/lines.txt"
    run -0 tcp_chat_client "$srv_port" <"$BATS_TEST_TMPDIR/lines.txt" 3>&- 7>&- 8>&-
    [ "${lines[1]}" = "client@$HOST:$srv_port\$ depuis un fichier" ]
    [ "${lines[2]}" = "client@$HOST:$srv_port\$ exit" ]
    wait_for_file_line "$SOUT" "^the client left \(it typed exit\)$"
    ! grep -q "never sent" "$SOUT"
}

@test "chat: end of the server's input ends the session, then the server stops (exit 0)" {
    start_chat_server
    start_chat_client
    server_types "dernier mot"
    wait_for_file_line "$COUT" "^from server 'dernier mot'$"
    exec 7>&-
    wait_for_exit "$client_pid"
    client_pid=
    grep -qx "the server left (it closed the connection)" "$COUT"
    wait_server srv
    grep -qx "(end of input: closing the connection, the client is told)" "$SOUT"
    grep -qx "end of input: nobody can type on this side any more, the server stops" "$SOUT"
}

@test "chat: a line typed before any client goes to the first one" {
    start_chat_server
    server_types "en attendant"
    start_chat_client
    wait_for_file_line "$COUT" "^from server 'en attendant'$"
}

@test "chat: an empty line is not sent, and says so" {
    start_chat_server
    start_chat_client
    client_types "" "après le vide"
    wait_for_file_line "$SOUT" "^from client 'après le vide'$"
    grep -qx "(empty line: nothing sent; type exit to leave)" "$COUT"
    [ "$(grep -c "^from client" "$SOUT")" -eq 1 ]
}

@test "chat: a line longer than the buffer arrives whole, in pieces, explained" {
    start_chat_server
    start_chat_client
    long=$(head -c 3000 /dev/zero | tr '\0' 'a')
    client_types "${long}FIN" "exit"
    wait_for_exit "$client_pid"
    client_pid=
    wait_for_file_line "$SOUT" "^the client left \(it typed exit\)$"
    grep -qx "(a line longer than 1024 bytes: sent in pieces)" "$COUT"
    grep -qx "(a line longer than the 1024-byte buffer: shown in pieces)" "$SOUT"
    received=$(sed -n "s/^from client '\(a*\(FIN\)\{0,1\}\)'$/\1/p" "$SOUT" | tr -d '\n')
    [ "$received" = "${long}FIN" ]
}

@test "chat: a client that resets is explained; the server goes on" {
    start_chat_server
    # The client sends a line, waits (5 s at most, then fails) until the server
    # shows it, then closes with SO_LINGER 0: the kernel sends a reset (RST).
    python3 -c '
import socket, struct, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"avant le reset\n")
deadline = time.monotonic() + 5
while "avant le reset" not in open(sys.argv[2]).read():
    if time.monotonic() > deadline:
        sys.exit("the server never showed the line")
    time.sleep(0.02)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()' "$srv_port" "$SOUT"
    wait_for_file_line "$SOUT" "^the client left \(Connection reset by peer\)$"
    grep -qx "from client 'avant le reset'" "$SOUT"
    grep -q "recv: the connection with the client failed: Connection reset by peer" \
        "$BATS_TEST_TMPDIR/srv.err"
    grep -q "hint: the client's system answered with a reset (RST)" "$BATS_TEST_TMPDIR/srv.err"
    start_chat_client
    client_types "toujours là ?"
    wait_for_file_line "$SOUT" "^from client 'toujours là \?'$"
}

@test "chat: control bytes from the peer are shown escaped, a \\r\\n line is cut" {
    require_peer nc
    start_chat_server
    printf 'bip\007 tab\t fin\r\n' | nc -N 127.0.0.1 "$srv_port" >/dev/null
    wait_for_file_line "$SOUT" "^the client left"
    grep -qxF "from client 'bip\\x07 tab\\t fin'" "$SOUT"
}

@test "chat: Ctrl-C on the server during a session closes it and exits 0" {
    start_chat_server
    start_chat_client
    stop_server srv
    grep -q "interrupted" "$BATS_TEST_TMPDIR/srv.err"
    wait_for_exit "$client_pid"
    client_pid=
    grep -qx "the server left (it closed the connection)" "$COUT"
}

@test "chat: no server: connection refused, a hint, exit 1" {
    port=$(free_port)
    run -1 --separate-stderr tcp_chat_client "$port" </dev/null
    [[ "$stderr" == *"connect 127.0.0.1:$port: Connection refused"* ]]
    [[ "$stderr" == *"is tcp_chat_server running?"* ]]
}

@test "chat: -v traces poll, recv and send" {
    start_chat_server -v
    run -0 --separate-stderr tcp_chat_client -v "$srv_port" < <(printf 'trace\n') 3>&- 7>&- 8>&-
    [[ "$stderr" == *"connect(3, 127.0.0.1:$srv_port) = 0"* ]]
    [[ "$stderr" == *"poll([stdin, 3]) = 1"* ]]
    [[ "$stderr" == *"send(3, 6 bytes) = 6"* ]]
    [[ "$stderr" == *"shutdown(3, SHUT_WR) = 0"* ]]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.err" "recv\([0-9]+, 1024\) = 6"
}
