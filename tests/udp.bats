#!/usr/bin/env bats
# TP2, mode non connecté: udp_server and udp_client (labs/tp2-udp.md).

load helpers

teardown() {
    stop_server srv py
    [ -z "${operator_fd:-}" ] || exec {operator_fd}>&-
    [ -z "${typed_fd:-}" ] || exec {typed_fd}>&-
}

# closed_udp_port: a UDP port on which nothing listens right now.
closed_udp_port() {
    python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# server_lines REGEX: how many lines of the server's stdout match REGEX.
server_lines() {
    grep -Ec -- "$1" "$BATS_TEST_TMPDIR/srv.out"
}

@test "udp: the handout's exchange, port 0, real port printed" {
    start_server srv udp_server 0
    [ "$srv_port" -gt 0 ]
    run -0 --separate-stderr udp_client "$srv_port" Bonjour
    [ "$output" = "Server : Welcome to this server" ]
    [ -z "$stderr" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" 'Client '
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Listening\ on\ 127\.0\.0\.1:$srv_port\ \(pid\ $srv_pid\)$ ]]
    [[ "${lines[1]}" =~ ^Client\ 127\.0\.0\.1:[0-9]+\ :\ Bonjour$ ]]
    kill -0 "$srv_pid"     # still there: a UDP server loops forever
}

@test "udp: MESSAGE words are joined by single spaces, -r sets the reply" {
    start_server srv udp_server -r 'Bien reçu' 0
    run -0 udp_client "$srv_port" Bonjour   le   serveur
    [ "$output" = "Server : Bien reçu" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : Bonjour le serveur$'
}

@test "udp: interactive client, one exchange per line, from one source port" {
    start_server srv udp_server 0
    run -0 --separate-stderr udp_client "$srv_port" <<<$'Bonjour\nComment ça va ?\nexit'
    prompt="client@$(hostname):$srv_port\$ "
    [ "${lines[0]}" = "${prompt}Bonjour" ]
    [ "${lines[1]}" = "Server : Welcome to this server" ]
    [ "${lines[2]}" = "${prompt}Comment ça va ?" ]
    [ "${lines[3]}" = "Server : Welcome to this server" ]
    [ "${lines[4]}" = "${prompt}exit" ]
    [ "${lines[5]}" = "Server : Welcome to this server" ]
    [ "${#lines[@]}" -eq 6 ]
    [ -z "$stderr" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : exit$'
    # the same client address on all three lines: one socket for the session
    run -0 sh -c "grep '^Client ' '$BATS_TEST_TMPDIR/srv.out' | sed 's/ : .*//' | sort -u | wc -l"
    [ "$output" -eq 1 ]
}

@test "udp: exit is sent and answered, the client quits, the server is never told" {
    start_server srv udp_server 0
    # Lines after "exit" are never read: the client is gone.
    run -0 udp_client "$srv_port" <<<$'Bonjour\nexit\nnever sent'
    [ "${lines[3]}" = "Server : Welcome to this server" ]
    [ "${#lines[@]}" -eq 4 ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : exit$'
    [ "$(server_lines 'never sent')" -eq 0 ]
    # The server noticed nothing: it still runs and answers the next client.
    kill -0 "$srv_pid"
    run -0 udp_client "$srv_port" 'another client'
    [ "$output" = "Server : Welcome to this server" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : another client$'
    # Nothing in its output says a client left.
    [ "$(grep -vc -e '^Listening on ' -e '^Client ' "$BATS_TEST_TMPDIR/srv.out")" -eq 0 ]
}

@test "udp: end of input quits the interactive client, nothing sent" {
    start_server srv udp_server 0
    run -0 udp_client "$srv_port" </dev/null
    [ "$output" = "client@$(hostname):$srv_port\$ " ]
    [ "$(server_lines '^Client ')" -eq 0 ]
}

@test "udp: -e echoes each datagram back to its sender" {
    start_server srv udp_server -e 0
    run -0 udp_client "$srv_port" 'écho, écho'
    [ "$output" = "Server : écho, écho" ]
    run -0 udp_client "$srv_port" <<<$'un\ndeux\nexit'
    [ "${lines[1]}" = "Server : un" ]
    [ "${lines[3]}" = "Server : deux" ]
    [ "${lines[5]}" = "Server : exit" ]
}

@test "udp: -i, the operator types the answers (driven through a pipe)" {
    local fifo="$BATS_TEST_TMPDIR/operator"
    mkfifo "$fifo"
    exec {operator_fd}<>"$fifo"                    # the operator's end of the pipe
    SERVER_STDIN=$fifo start_server srv udp_server -i 0 {operator_fd}>&-
    echo 'Bien reçu' >&"$operator_fd"
    echo 'Bien reçu aussi' >&"$operator_fd"
    run -0 --separate-stderr udp_client -t 5 "$srv_port" <<<$'Bonjour\nSalut'
    [ "${lines[1]}" = "Server : Bien reçu" ]
    [ "${lines[3]}" = "Server : Bien reçu aussi" ]
    [ -z "$stderr" ]
    prompt="server@$(hostname):$srv_port\$ "
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" 'Bien reçu aussi$'
    run cat "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[1]}" =~ ^Client\ 127\.0\.0\.1:[0-9]+\ :\ Bonjour$ ]]
    [ "${lines[2]}" = "${prompt}Bien reçu" ]
    [[ "${lines[3]}" =~ ^Client\ 127\.0\.0\.1:[0-9]+\ :\ Salut$ ]]
    [ "${lines[4]}" = "${prompt}Bien reçu aussi" ]
}

@test "udp: -i at the end of standard input: the server says so and exits 0" {
    local fifo="$BATS_TEST_TMPDIR/operator"
    mkfifo "$fifo"
    exec {operator_fd}<>"$fifo"
    SERVER_STDIN=$fifo start_server srv udp_server -i 0 {operator_fd}>&-
    exec {operator_fd}>&-                          # the operator leaves: end of input
    operator_fd=
    run -1 --separate-stderr udp_client -t 1 "$srv_port" Bonjour
    [[ "$stderr" == *"UDP guarantees no delivery"* ]]
    wait_server srv
    run cat "$BATS_TEST_TMPDIR/srv.err"
    [[ "$output" =~ ^udp_server:\ end\ of\ input:\ nobody\ types\ the\ answers\ any\ more ]]
}

@test "udp: a late reply is shown as late before the next line leaves, not as its answer (no matching in UDP)" {
    local fifo="$BATS_TEST_TMPDIR/operator" typed="$BATS_TEST_TMPDIR/typed" client_pid tries=500 found=0
    mkfifo "$fifo" "$typed"
    exec {operator_fd}<>"$fifo"
    exec {typed_fd}<>"$typed"
    SERVER_STDIN=$fifo start_server srv udp_server -i 0 {operator_fd}>&- {typed_fd}>&-
    udp_client -t 2 "$srv_port" <"$typed" >"$BATS_TEST_TMPDIR/client.out" \
        2>"$BATS_TEST_TMPDIR/client.err" {operator_fd}>&- {typed_fd}>&- 3>&- &
    client_pid=$!
    echo Bonjour >&"$typed_fd"
    wait_for_file_line "$BATS_TEST_TMPDIR/client.err" 'no reply'   # the operator is slow
    echo 'Bien reçu' >&"$operator_fd"
    # the late reply waits in the client's socket (ss: its Recv-Q is not 0)
    while [ "$tries" -gt 0 ]; do
        ss -uanpH | grep "pid=$client_pid," | awk '$2 > 0 { f = 1 } END { exit !f }' && found=1 && break
        sleep 0.02
        tries=$((tries - 1))
    done
    [ "$found" = 1 ]
    echo Salut >&"$typed_fd"
    wait_for_file_line "$BATS_TEST_TMPDIR/client.out" '^Server \(late, the reply to an earlier message\) : Bien reçu$'
    echo 'Réponse à Salut' >&"$operator_fd"
    wait_for_file_line "$BATS_TEST_TMPDIR/client.out" '^Server : Réponse à Salut$'
    echo exit >&"$typed_fd"
    echo 'Au revoir' >&"$operator_fd"
    status=0
    wait_for_exit "$client_pid" || status=$?     # "exit" got an answer: the client quits
    [ "$status" -eq 1 ]                          # 1: Bonjour got no answer in time
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : exit$'
    run cat "$BATS_TEST_TMPDIR/client.out"
    prompt="client@$(hostname):$srv_port\$ "
    [ "${lines[0]}" = "${prompt}Bonjour" ]
    [ "${lines[1]}" = "${prompt}Salut" ]
    [ "${lines[2]}" = "Server (late, the reply to an earlier message) : Bien reçu" ]
    [ "${lines[3]}" = "Server : Réponse à Salut" ]
    [ "${lines[4]}" = "${prompt}exit" ]
    [ "${lines[5]}" = "Server : Au revoir" ]
    [ "${#lines[@]}" -eq 6 ]
}

@test "udp: a 3000-byte datagram is reported as truncated, with its real length" {
    start_server srv udp_server 0
    run -0 udp_client "$srv_port" "$(printf 'x%.0s' {1..3000})"
    [ "$output" = "Server : Welcome to this server" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Truncated'
    run grep -E '^Client |^Truncated' "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Client\ 127\.0\.0\.1:[0-9]+\ :\ x{1024}$ ]]
    [ "${lines[1]}" = "Truncated: the datagram had 3000 bytes, the buffer holds 1024: the other 1976 bytes are lost" ]
    # the server goes on
    run -0 udp_client "$srv_port" after
}

@test "udp: the client reports a truncated reply too (-B)" {
    start_server srv udp_server -e 0
    run -0 udp_client -B 5 "$srv_port" 'Bonjour tout le monde'
    [ "${lines[0]}" = "Server : Bonjo" ]
    [ "${lines[1]}" = "Truncated: the reply had 21 bytes, the buffer holds 5: the other 16 bytes are lost" ]
}

@test "udp: empty and binary datagrams never stop the server" {
    start_server srv udp_server -e 0
    run -0 python3 - "$srv_port" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
server = ("127.0.0.1", int(sys.argv[1]))
for data in (b"", b"\x00\x01\x1b[2J\\\n\r\t\x7f", b"z" * 65507):
    s.sendto(data, server)
    reply, _ = s.recvfrom(70000)
    print(len(reply))
EOF
    [ "${lines[*]}" = "0 11 1024" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" 'had 65507 bytes'
    run grep '^Client ' "$BATS_TEST_TMPDIR/srv.out"
    [[ "${lines[0]}" =~ ^Client\ 127\.0\.0\.1:[0-9]+\ :\ $ ]]
    [[ "${lines[1]}" == *' : \0\x01\x1b[2J\\\n\r\t\x7f' ]]
    run -0 udp_client "$srv_port" 'still here?'
    [ "$output" = "Server : still here?" ]
}

@test "udp: no server, one-shot: the timeout says UDP guarantees nothing, exit 1" {
    local port start took
    port=$(closed_udp_port)
    start=$(now_ms)
    run -1 --separate-stderr udp_client -t 1 "$port" Bonjour
    took=$(( $(now_ms) - start ))
    # it waited its 1 s (a lower bound: the option is honoured), and ended (a
    # generous upper bound, for a loaded machine)
    [ "$took" -ge 990 ] && [ "$took" -lt 15000 ] || { echo "took $took ms"; false; }
    [ -z "$output" ]
    [ "${stderr_lines[0]}" = "udp_client: no reply from 127.0.0.1:$port within 1 s: UDP guarantees no delivery (the datagram or its reply may be lost, or nothing listens there)" ]
    [[ "${stderr_lines[1]}" == "udp_client: hint: is udp_server running? try: ss -uan 'sport = :$port'"* ]]
}

@test "udp: no server, interactive: each timeout is reported and the session goes on; exit 1" {
    local port
    port=$(closed_udp_port)
    run -1 --separate-stderr udp_client -t 1 "$port" <<<$'un\ndeux'
    [ "$(grep -c 'UDP guarantees no delivery' <<<"$stderr")" -eq 2 ]
    [ "${lines[1]}" = "client@$(hostname):$port\$ deux" ]
}

@test "udp: -c against a closed port gives Connection refused at once; without -c, silence" {
    local port
    port=$(closed_udp_port)
    run -1 --separate-stderr udp_client -c -t 5 "$port" Bonjour
    # the ICMP error, not the 5 s timeout, which would print "no reply"
    [ "${stderr_lines[0]}" = "udp_client: recvfrom 127.0.0.1:$port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "udp_client: hint: nothing listens on 127.0.0.1:$port"*"is udp_server running?"* ]]
    # The same datagram on an unconnected socket: the ICMP error is never heard.
    run -1 --separate-stderr udp_client -t 1 "$port" Bonjour
    [[ "$stderr" != *"Connection refused"* ]]
    [[ "$stderr" == *"UDP guarantees no delivery"* ]]
}

@test "udp: -c with a server works like the unconnected client" {
    start_server srv udp_server 0
    run -0 udp_client -c "$srv_port" Bonjour
    [ "$output" = "Server : Welcome to this server" ]
}

@test "udp: -p binds the client's source port, seen by the server" {
    local src
    start_server srv udp_server 0
    src=$(closed_udp_port)
    run -0 udp_client -p "$src" "$srv_port" Bonjour
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "^Client 127\.0\.0\.1:$src : Bonjour$"
}

@test "udp: -v traces socket, bind, recvfrom, sendto on both sides" {
    start_server srv udp_server -v 0
    run -0 --separate-stderr udp_client -v "$srv_port" Bonjour
    [[ "${stderr_lines[0]}" =~ ^\[udp_client\]\ socket\(AF_INET,\ SOCK_DGRAM\)\ =\ ([0-9]+)$ ]]
    fd=${BASH_REMATCH[1]}      # 3, unless bats left other descriptors open
    [ "${stderr_lines[1]}" = "[udp_client] setsockopt($fd, SO_RCVTIMEO, 2 s) = 0" ]
    [ "${stderr_lines[2]}" = "[udp_client] sendto($fd, 7 bytes, 127.0.0.1:$srv_port) = 7" ]
    [ "${stderr_lines[3]}" = "[udp_client] recvfrom($fd, 1024) = 22 from 127.0.0.1:$srv_port" ]
    [ "${stderr_lines[4]}" = "[udp_client] close($fd) = 0" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.err" 'sendto'
    run cat "$BATS_TEST_TMPDIR/srv.err"
    [ "${lines[0]}" = "[udp_server] socket(AF_INET, SOCK_DGRAM) = 3" ]
    [ "${lines[1]}" = "[udp_server] bind(3, 127.0.0.1:0) = 0" ]
    [[ "${lines[2]}" =~ ^\[udp_server\]\ recvfrom\(3,\ 1024\)\ =\ 7\ from\ 127\.0\.0\.1:[0-9]+$ ]]
    [[ "${lines[3]}" =~ ^\[udp_server\]\ sendto\(3,\ 22\ bytes,\ 127\.0\.0\.1:[0-9]+\)\ =\ 22$ ]]
}

@test "udp: ss shows the server UNCONN: no LISTEN, no ESTAB" {
    start_server srv udp_server 0
    run -0 ss -uanH "sport = :$srv_port"
    [[ "$output" =~ ^UNCONN\ .*127\.0\.0\.1:$srv_port ]]
    # and no TCP socket of the server's (another program's TCP socket may use the
    # same port number: TCP and UDP ports are separate spaces)
    run -0 ss -tanpH "sport = :$srv_port"
    [[ "$output" != *"pid=$srv_pid,"* ]]
    run -0 ss -uanpH "sport = :$srv_port"
    [[ "$output" == *"pid=$srv_pid,"* ]]
}

@test "udp: a second server on the same port fails: Address already in use" {
    start_server srv udp_server 0
    run -1 --separate-stderr udp_server "$srv_port"
    [ "${stderr_lines[0]}" = "udp_server: bind 127.0.0.1:$srv_port: Address already in use" ]
    [[ "${stderr_lines[1]}" == *"ss -uanp 'sport = :$srv_port'"* ]]
}

@test "udp: Ctrl-C stops the server, which says so and exits 0" {
    start_server srv udp_server 0
    stop_server srv
    run cat "$BATS_TEST_TMPDIR/srv.err"
    [ "$output" = "udp_server: interrupted: closing the socket and exiting" ]
}

@test "udp: udp_client against the handout's python3 server (labs/tp2/serveur_udp.py)" {
    # a third-party peer: never under valgrind (VALGRIND=1 checks our servers)
    VALGRIND= start_server py python3 "$ROOT/labs/tp2/serveur_udp.py" 0
    run -0 udp_client "$py_port" Bonjour
    [ "$output" = "Server : Bien reçu" ]
    run -0 udp_client "$py_port" <<<$'Salut\nexit'
    [ "${lines[1]}" = "Server : Bien reçu" ]
    [ "${lines[3]}" = "Server : Bien reçu" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/py.out" ' : exit$'
    run grep -c '^Client 127\.0\.0\.1:[0-9]* : ' "$BATS_TEST_TMPDIR/py.out"
    [ "$output" -eq 3 ]
    # a background python3 ignores SIGINT (inherited from the shell): SIGTERM,
    # which ends python3 with 128 + 15
    kill -TERM "$py_pid"
    rc=0
    wait_server py || rc=$?
    [ "$rc" -eq 143 ]
}

@test "udp: udp_server against the handout's python3 client (labs/tp2/client_udp.py)" {
    start_server srv udp_server -r 'Bien reçu' 0
    run -0 python3 "$ROOT/labs/tp2/client_udp.py" "$srv_port" Bonjour Salut
    [ "${lines[0]}" = "Server : Bien reçu" ]
    [ "${lines[1]}" = "Server : Bien reçu" ]
    [ "${#lines[@]}" -eq 2 ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : Salut$'
}

@test "udp: bad usage exits 2 with the problem named, and sends nothing" {
    start_server srv udp_server 0
    run -2 --separate-stderr udp_client
    [ "${stderr_lines[0]}" = "udp_client: missing PORT" ]
    [[ "${stderr_lines[1]}" == "usage: udp_client [-H HOST] [-p SRCPORT] [-c] [-t SECONDS]"* ]]
    run -2 --separate-stderr udp_client 70000 Bonjour
    [ "${stderr_lines[0]}" = "udp_client: invalid port '70000' (expected an integer in 1..65535)" ]
    run -2 --separate-stderr udp_client -t soon "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: invalid timeout 'soon' (expected 0..3600 seconds)" ]
    run -2 --separate-stderr udp_client -x "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: unknown option '-x'" ]
    run -2 --separate-stderr udp_client -B 0 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: invalid buffer size '0' (expected 1..1048576)" ]
    run -2 --separate-stderr udp_client -t
    [ "${stderr_lines[0]}" = "udp_client: option -t needs a value" ]
    run -2 --separate-stderr udp_server -e -i 0
    [ "${stderr_lines[0]}" = "udp_server: options -e and -i cannot be combined: choose one way to answer" ]
    [ "${stderr_lines[1]}" = "usage: udp_server [-b ADDR] [-r REPLY | -e | -i] [-B BUFSIZE] [-v] [PORT]" ]
    run -2 --separate-stderr udp_server -r hi -e 0
    [ "${stderr_lines[0]}" = "udp_server: options -r and -e cannot be combined: choose one way to answer" ]
    run -2 --separate-stderr udp_server 0 1
    [ "${stderr_lines[0]}" = "udp_server: too many arguments: '1'" ]
    run -2 --separate-stderr udp_server port
    [ "${stderr_lines[0]}" = "udp_server: invalid port 'port' (expected an integer in 0..65535)" ]
    # the running server received nothing
    run -0 udp_client "$srv_port" check
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" ' : check$'
    [ "$(server_lines '^Client ')" -eq 1 ]
}

@test "udp: -h prints the synopsis, the options and an example, exit 0" {
    run -0 udp_client -h
    [ "${lines[0]}" = "usage: udp_client [-H HOST] [-p SRCPORT] [-c] [-t SECONDS] [-B BUFSIZE] [-v] PORT [MESSAGE...]" ]
    [[ "$output" == *"example: udp_client 60000 Bonjour"* ]]
    run -0 udp_server --help
    [ "${lines[0]}" = "usage: udp_server [-b ADDR] [-r REPLY | -e | -i] [-B BUFSIZE] [-v] [PORT]" ]
    [[ "$output" == *"example: udp_server -i 60000"* ]]
}

@test "udp: a burst of 100000 datagrams: the server survives and keeps answering" {
    start_server srv udp_server -e 0
    run -0 python3 - "$srv_port" <<'EOF'
import socket, sys, threading
server = ("127.0.0.1", int(sys.argv[1]))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.connect(server)
answered = 0
def count_replies():
    global answered
    s.settimeout(1.0)
    try:
        while True:
            s.recv(64)
            answered += 1
    except (socket.timeout, ConnectionRefusedError):
        pass
reader = threading.Thread(target=count_replies)
reader.start()
sent = 0
for i in range(100000):
    try:
        s.send(b"flood %d" % i)
        sent += 1
    except BlockingIOError:
        pass
reader.join()
print(sent, answered)
EOF
    read -r sent answered <<<"$output"
    [ "$sent" -gt 0 ]
    received=$(server_lines '^Client ')
    echo "# burst: $sent datagrams sent, $received received and answered by udp_server, $answered replies came back" >&3
    [ "$received" -gt 0 ]
    # Still alive, still answering.
    kill -0 "$srv_pid"
    run -0 udp_client -t 5 "$srv_port" 'after the flood'
    [ "$output" = "Server : after the flood" ]
    [ ! -s "$BATS_TEST_TMPDIR/srv.err" ]
}
