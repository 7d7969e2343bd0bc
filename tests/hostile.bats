#!/usr/bin/env bats
# Hostile peers against every server (issue 9, docs/RELIABILITY.md): peers
# that vanish, reset, half-close, trickle, stay silent, hold thousands of
# connections, never read, send binary or oversized data, flood, or send
# malformed RPC. After each attack the server must still answer a normal
# client correctly, its memory must not have grown without bound (VmRSS
# before/after, generous bound), and it must have said what happened in its
# log. The attackers are tests/hostile/attack.py, on 127.0.0.1 only (or in a
# network namespace the test creates), every loop bounded in count and time.

load helpers

ATTACK="$BATS_TEST_DIRNAME/hostile/attack.py"

teardown() {
    exec 7>&- 2>/dev/null || true
    stop_server srv
}

# need PROGRAM: skips, visibly, while a server of another branch is not built.
need() {
    [ -x "$ROOT/$1" ] || skip "$1 is not built (not merged yet)"
}

# attack ARGS...: runs one attacker (30 s at most); its summary line is $output.
attack() {
    run -0 --separate-stderr timeout 30 python3 "$ATTACK" "$@"
    echo "# $output" >&3
}

# attack_bg NAME SECONDS ARGS...: runs one attacker in the background (killed
# after SECONDS), output in NAME.out, and waits for its "NAME: ready" line;
# sets NAME_pid. wait "$NAME_pid" then gives its exit status.
attack_bg() {
    local name=$1 limit=$2
    shift 2
    timeout "$limit" python3 "$ATTACK" "$@" >"$BATS_TEST_TMPDIR/$name.out" \
        2>"$BATS_TEST_TMPDIR/$name.err" 3>&- &
    declare -g "${name}_pid=$!"
    wait_for_file_line "$BATS_TEST_TMPDIR/$name.err" "^[a-z]+: ready\$" 20
}

# rss_kb PID: the resident memory of PID in kB (VmRSS).
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# memory_bounded BEFORE_KB: the server's VmRSS grew by at most 16 MiB (64 MiB
# in a sanitizer build, whose allocator keeps freed memory in quarantine).
# Not checked under valgrind, which has its own heap.
memory_bounded() {
    local now bound=16384
    [ "${VALGRIND:-}" = 1 ] && return 0
    grep -q fsanitize "$ROOT/.buildflags" 2>/dev/null && bound=65536
    now=$(rss_kb "$srv_pid")
    echo "# VmRSS before $1 kB, after $now kB (bound +$bound kB)" >&3
    [ "$now" -le $(($1 + bound)) ]
}

# logged FILE REGEX [COUNT]: the server's stdout (out) or stderr (err) holds a
# line matching REGEX (at least COUNT of them), within 10 s.
logged() {
    local file="$BATS_TEST_TMPDIR/srv.$1" regex=$2 count=${3:-1} tries=500
    while [ "$(grep -Ec -- "$regex" "$file")" -lt "$count" ] && [ "$tries" -gt 0 ]; do
        sleep 0.02
        tries=$((tries - 1))
    done
    [ "$(grep -Ec -- "$regex" "$file")" -ge "$count" ] || {
        echo "expected $count lines matching '$regex' in srv.$1, got:" >&2
        grep -Ec -- "$regex" "$file" >&2
        tail -5 "$file" >&2
        return 1
    }
}

# ---- tcp_server -k (TP1, iterative) ------------------------------------------------

# tcp_server_up: starts tcp_server -k -t 2 (a silent client is dropped after 2 s).
tcp_server_up() {
    start_server srv tcp_server -k -t 2 0
    rss_before=$(rss_kb "$srv_pid")
}

# tcp_server_serves: a normal client gets the reply (within 15 s).
tcp_server_serves() {
    run -0 timeout 15 tcp_client "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    logged out 'Server received: Bonjour -- from client'
}

@test "hostile tcp_server: 200 clients connect and vanish without a byte" {
    tcp_server_up
    attack vanish "$srv_port" 200
    [ "$output" = "vanish: 200 connections opened and closed" ]
    logged out 'closed the connection without sending anything$' 200
    tcp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: 50 clients reset the connection mid-message" {
    tcp_server_up
    attack rst "$srv_port" 50
    # the bytes sent before the reset are read and printed; the reset itself is
    # reported (recv: Connection reset by peer) when it comes before the reply
    logged out '^Server received: half a mess -- from client' 50
    tcp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: a half-closed client still gets the reply" {
    tcp_server_up
    attack halfclose "$srv_port" Bonjour
    [ "$output" = "halfclose: received 'Welcome to this server' then end of stream" ]
    logged out 'Server received: Bonjour -- from client'
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: a silent client is dropped after -t seconds; the next one waits, then is served" {
    tcp_server_up
    attack_bg silent 10 silent "$srv_port" 6
    logged out '^Connected by ' 1
    SECONDS=0
    tcp_server_serves
    [ "$SECONDS" -le 5 ]
    logged out 'sent nothing for 2 s: closing the connection$'
    wait "$silent_pid"
    grep -qx "silent: after 6.0 s: received '', the server closed" "$BATS_TEST_TMPDIR/silent.out"
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: slowloris, 3 clients trickling one byte a second for 3 s, each answered at its first byte" {
    tcp_server_up
    attack_bg slow 15 slow "$srv_port" 3 3
    logged out '^Server received: z -- from client' 3
    tcp_server_serves
    wait "$slow_pid"
    cat "$BATS_TEST_TMPDIR/slow.out"
    grep -Eq '^slow: 3 clients, [0-9]+ bytes sent one a second, 3 closed by the server$' \
        "$BATS_TEST_TMPDIR/slow.out"
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: 10000 connections opened and held 2 s, then the server drains its queue" {
    ulimit -n 12000 2>/dev/null || skip "cannot raise the descriptor limit to 12000 (hard limit $(ulimit -Hn))"
    tcp_server_up
    attack hold "$srv_port" 10000 2
    [[ "$output" =~ ^hold:\ 10000\ connections\ opened,\ [0-9]+\ established ]]
    tcp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: a client streaming without end and never reading is cut at 1 MiB" {
    tcp_server_up
    attack noread "$srv_port" 2
    logged out 'message longer than 1048576 bytes: the rest is not read$'
    [ "$(grep -c '^Server received: ' "$BATS_TEST_TMPDIR/srv.out")" -le 1025 ]
    tcp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_server: binary and NUL bytes are printed escaped, and answered" {
    tcp_server_up
    attack binary "$srv_port"
    [ "$output" = "binary: 256 bytes sent, 22 received: 'Welcome to this server'" ]
    logged out '^Server received: \\0\\x01\\x02.*\\x1f !"#\$%&'
    ! grep -q $'\x01' "$BATS_TEST_TMPDIR/srv.out"
    tcp_server_serves
}

# ---- udp_server (TP2) ---------------------------------------------------------------

udp_server_up() {
    start_server srv udp_server 0
    rss_before=$(rss_kb "$srv_pid")
}

# udp_server_serves: a normal client gets the reply (3 tries: after a flood
# the socket's receive queue may still be full, and UDP drops).
udp_server_serves() {
    local try
    for try in 1 2 3; do
        run timeout 10 udp_client -t 2 "$srv_port" Bonjour
        [ "$status" -eq 0 ] && break
    done
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Server : Welcome to this server" ]
    logged out '^Client 127\.0\.0\.1:[0-9]+ : Bonjour$'
}

@test "hostile udp_server: a flood of 100000 datagrams; each one received is logged and answered" {
    udp_server_up
    attack udpflood "$srv_port" 100000
    [[ "$output" =~ ^udpflood:\ [0-9]+\ datagrams\ sent ]]
    logged out '^Client 127\.0\.0\.1:[0-9]+ : flood [0-9]+$' 100
    udp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile udp_server: a 65507-byte datagram is reported truncated with its real length, and answered" {
    udp_server_up
    attack udpsend "$srv_port" 65507
    [ "$output" = "udpsend: 65507 bytes sent, reply 'Welcome to this server'" ]
    logged out '^Truncated: the datagram had 65507 bytes, the buffer holds 1024: the other 64483 bytes are lost$'
    udp_server_serves
    memory_bounded "$rss_before"
}

@test "hostile udp_server: binary, NUL and empty datagrams are printed escaped, and answered" {
    udp_server_up
    attack udpsend "$srv_port" binary
    [ "$output" = "udpsend: 256 bytes sent, reply 'Welcome to this server'" ]
    logged out '^Client 127\.0\.0\.1:[0-9]+ : \\0\\x01\\x02'
    attack udpsend "$srv_port" 0
    [ "$output" = "udpsend: 0 bytes sent, reply 'Welcome to this server'" ]
    logged out '^Client 127\.0\.0\.1:[0-9]+ : $'
    ! grep -q $'\x01' "$BATS_TEST_TMPDIR/srv.out"
    udp_server_serves
}

# ---- tcp_echo_server (poll, many clients) --------------------------------------------

echo_server_up() {
    need tcp/tcp_echo_server
    start_server srv tcp_echo_server "$@" 0
    rss_before=$(rss_kb "$srv_pid")
}

# echo_server_serves: a normal client gets its bytes back.
echo_server_serves() {
    run -0 timeout 10 python3 "$ATTACK" echo "$srv_port" 'Bonjour, echo'
    [ "$output" = "echo: 'Bonjour, echo' came back" ]
}

# echo_totals REGEX: stops the server (exit 0), whose last line, the totals,
# must match REGEX: the echo server's log of what happened.
echo_totals() {
    stop_server srv
    grep -E -- "$1" "$BATS_TEST_TMPDIR/srv.out"
}

@test "hostile tcp_echo_server: 200 vanish, 200 reset mid-message, a half-close; totals say so" {
    echo_server_up
    attack vanish "$srv_port" 200
    attack rst "$srv_port" 200
    attack halfclose "$srv_port" 'half closed'
    [ "$output" = "halfclose: received 'half closed' then end of stream" ]
    echo_server_serves
    memory_bounded "$rss_before"
    echo_totals '^Totals: 402 connections \(0 refused, [0-9]+ reset by the client\)'
}

@test "hostile tcp_echo_server: slowloris, 3 clients trickling for 3 s while normal clients are served at once" {
    echo_server_up
    attack_bg slow 15 slow "$srv_port" 3 3
    SECONDS=0
    for i in 1 2 3; do echo_server_serves; done
    [ "$SECONDS" -le 2 ]
    wait "$slow_pid"
    grep -Eq '^slow: 3 clients, [0-9]+ bytes sent one a second, 0 closed by the server$' \
        "$BATS_TEST_TMPDIR/slow.out"
    memory_bounded "$rss_before"
}

@test "hostile tcp_echo_server: 10000 connections held 3 s; a normal client is served meanwhile" {
    ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [ "$(ulimit -n)" -ge 10100 ] || skip "the descriptor limit is $(ulimit -Hn): 10000 connections need 10100"
    echo_server_up
    attack_bg hold 30 hold "$srv_port" 10000 3
    echo_server_serves
    wait "$hold_pid"
    cat "$BATS_TEST_TMPDIR/hold.out"
    grep -Eq '^hold: 10000 connections opened, 10000 established' "$BATS_TEST_TMPDIR/hold.out"
    echo_server_serves
    memory_bounded "$rss_before"
    echo_totals '^Totals: 1000[23] connections \(0 refused'
}

@test "hostile tcp_echo_server: a client that sends 2 s without reading is held back; others are served" {
    echo_server_up
    attack_bg noread 15 noread "$srv_port" 2
    echo_server_serves
    wait "$noread_pid"
    cat "$BATS_TEST_TMPDIR/noread.out"
    memory_bounded "$rss_before"
}

@test "hostile tcp_echo_server: binary bytes and a 4 MiB line come back intact; -c refuses the extra client in one line" {
    echo_server_up -c 1
    attack binary "$srv_port"
    [[ "$output" == "binary: 256 bytes sent, 256 received: '\\x00\\x01\\x02"* ]]
    attack bigline "$srv_port" 4194304
    [ "$output" = "bigline: 4194304 of 4194304 bytes sent, 4194304 received" ]
    attack_bg silent 10 silent "$srv_port" 3
    attack echo "$srv_port" refused
    [ "$output" = "echo: '' came back" ]
    logged err 'refused 127\.0\.0\.1:[0-9]+: already 1 clients \(the limit\)'
    wait "$silent_pid"
    echo_server_serves
    memory_bounded "$rss_before"
}

# ---- tcp_chat_server (TP1 part 2: one client at a time, an operator) ----------------

# chat_server_up: tcp_chat_server on port 0; its keyboard is a fifo the test
# holds open on fd 7 (the operator), as in tests/chat.bats.
chat_server_up() {
    need tcp/tcp_chat_server
    mkfifo "$BATS_TEST_TMPDIR/operator"
    exec 7<>"$BATS_TEST_TMPDIR/operator"
    SERVER_STDIN="$BATS_TEST_TMPDIR/operator" \
        start_server srv sh -c 'exec 7>&- "$@"' sh tcp_chat_server 0
    rss_before=$(rss_kb "$srv_pid")
}

operator_types() { printf '%s\n' "$@" >&7; }

# chat_server_serves: a normal client says Bonjour, the operator answers Salut.
chat_server_serves() {
    local before
    before=$(grep -c "^from client 'Bonjour'" "$BATS_TEST_TMPDIR/srv.out" || true)
    attack_bg talk 20 talk "$srv_port" Bonjour 15
    logged out "from client 'Bonjour'\$" $((before + 1))
    operator_types Salut
    wait "$talk_pid"
    grep -qx "talk: received 'Salut\\\\n'" "$BATS_TEST_TMPDIR/talk.out"
    logged out '^the client left \(it closed the connection\)$' 1
}

@test "hostile tcp_chat_server: 50 vanish and 50 reset mid-line; each session ends in one line, the next client is served" {
    chat_server_up
    attack vanish "$srv_port" 50
    attack rst "$srv_port" 50
    logged out '^Waiting for the next client on ' 100
    logged err '^tcp_chat_server: recv: the connection with the client failed: Connection reset by peer$' 1
    chat_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_chat_server: binary, NUL bytes and a 1 MiB line are printed escaped, in 1024-byte pieces" {
    chat_server_up
    attack binary "$srv_port"
    logged out "^from client '\\\\0\\\\x01\\\\x02"
    ! grep -q $'\x01' "$BATS_TEST_TMPDIR/srv.out"
    attack bigline "$srv_port" 1048576
    [ "$output" = "bigline: 1048576 of 1048576 bytes sent, 0 received" ]
    logged out "^from client 'A{1024}'\$" 1000
    chat_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_chat_server: a silent or trickling client holds the session until the operator types exit" {
    chat_server_up
    attack_bg slow 15 slow "$srv_port" 1 3
    logged out '^Connected by ' 1
    attack_bg silent 15 silent "$srv_port" 10
    operator_types exit
    logged out '^\(exit: closing the connection, the client is told\)$'
    logged out '^Waiting for the next client on ' 1
    logged out '^Connected by ' 2          # the silent one, queued, now in session
    wait "$slow_pid"
    grep -Eq '^slow: 1 clients, [0-9]+ bytes sent one a second' "$BATS_TEST_TMPDIR/slow.out"
    operator_types exit
    wait "$silent_pid"
    # the operator's exit line reaches the client, then the server closes
    grep -qxF "silent: after 10.0 s: received 'exit\\n', the server closed" "$BATS_TEST_TMPDIR/silent.out"
    chat_server_serves
    memory_bounded "$rss_before"
}

@test "hostile tcp_chat_server: 10000 connections held 2 s wait in the queue; released, they are drained" {
    ulimit -n 12000 2>/dev/null || skip "cannot raise the descriptor limit to 12000 (hard limit $(ulimit -Hn))"
    chat_server_up
    attack hold "$srv_port" 10000 2
    [[ "$output" =~ ^hold:\ 10000\ connections\ opened,\ [0-9]+\ established ]]
    chat_server_serves
    memory_bounded "$rss_before"
}
