#!/usr/bin/env bats
# Advanced exercise, IPv6 (labs/tp-ipv6.md): tcp6_server, tcp6_client,
# udp6_server, udp6_client, every step of the handout on loopback (::1).

load helpers

teardown() {
    stop_server srv
}

# server_line N: line N (from 1) of the server's stdout.
server_line() {
    sed -n "${1}p" "$BATS_TEST_TMPDIR/srv.out"
}

@test "ipv6: step 1, tcp6_server listens on [::1], IPV6_V6ONLY on, tcp6_client exchanges" {
    start_server srv tcp6_server 0
    [[ "$(server_line 1)" =~ ^Listening\ on\ \[::1\]:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [ "$(server_line 2)" = "IPV6_V6ONLY = 1: IPv6 clients only" ]
    run -0 tcp6_client "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ \[::1\]:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    local client_port=${lines[0]##*:}
    wait_server srv
    [ "$(server_line 3)" = "Connected by [::1]:$client_port" ]
    [ "$(server_line 4)" = "Server received: Bonjour -- from client [::1]:$client_port" ]
}

@test "ipv6: step 2, ss and netstat show the server as tcp6 on [::1], [::] or * (dual stack)" {
    require_peer netstat
    start_server srv tcp6_server -k 0
    run -0 ss -ltnH "sport = :$srv_port"
    [[ "$output" =~ LISTEN\ +[0-9]+\ +[0-9]+\ +\[::1\]:$srv_port\ + ]]
    run -0 netstat -ltn
    [[ "$output" =~ tcp6\ +0\ +0\ ::1:$srv_port\ +:::\*\ +LISTEN ]]
    stop_server srv

    start_server srv tcp6_server -k -b :: 0
    run -0 ss -ltnH "sport = :$srv_port"
    [[ "$output" =~ \[::\]:$srv_port\ + ]]
    run -0 netstat -ltn
    [[ "$output" =~ tcp6\ +0\ +0\ :::$srv_port\ +:::\*\ +LISTEN ]]
    stop_server srv

    # Dual stack: one socket for both families, which ss writes as *:PORT.
    start_server srv tcp6_server -k -d -b :: 0
    run -0 ss -ltnH "sport = :$srv_port"
    [[ "$output" =~ \ \*:$srv_port\ + ]]
}

@test "ipv6: step 3, the IPv4 client against the IPv6 server is refused, exit 1, with a hint" {
    start_server srv tcp6_server -k 0
    run -1 --separate-stderr tcp_client "$srv_port" Bonjour
    [ "$output" = "" ]
    [ "${stderr_lines[0]}" = "tcp_client: connect 127.0.0.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "tcp_client: hint: nothing listens on 127.0.0.1:$srv_port ([::1]:$srv_port listens, in IPv6: an IPv6-only server refuses IPv4 clients): is tcp_server running? try: ss -ltn 'sport = :$srv_port'" ]]
    # Even on every address (::), an IPv6-only socket takes no IPv4 client.
    stop_server srv
    start_server srv tcp6_server -k -b :: 0
    run -1 --separate-stderr tcp_client "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 127.0.0.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == *"IPv6-only server refuses IPv4 clients"* ]]
    # The server saw nothing and is still there.
    run -0 tcp6_client "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    ! grep -q 'Connected by 127' "$BATS_TEST_TMPDIR/srv.out"
    # Nothing on the port in either family: no word of IPv6.
    local port
    port=$(free_port)
    run -1 --separate-stderr tcp_client "$port" Bonjour
    [ "${stderr_lines[1]}" = "tcp_client: hint: nothing listens on 127.0.0.1:$port: is tcp_server running? try: ss -ltn 'sport = :$port'" ]
}

@test "ipv6: step 4, the IPv6 client against the IPv4 server is refused too, with a hint" {
    start_server srv tcp_server -k 0
    run -1 --separate-stderr tcp6_client "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp6_client: connect [::1]:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "tcp6_client: hint: nothing listens on [::1]:$srv_port (127.0.0.1:$srv_port listens, in IPv4: an IPv4-only server refuses IPv6 clients): is tcp6_server running? try: ss -ltn 'sport = :$srv_port'" ]]
}

@test "ipv6: step 5, dual stack (-d -b ::) accepts the IPv4 client as [::ffff:127.0.0.1]" {
    start_server srv tcp6_server -k -d -b :: 0
    [[ "$(server_line 1)" =~ ^Listening\ on\ \[::\]:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [ "$(server_line 2)" = "IPV6_V6ONLY = 0: dual stack, IPv4 clients as [::ffff:a.b.c.d]" ]
    run -0 tcp_client "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ 127\.0\.0\.1:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    local v4_port=${lines[0]##*:}
    run -0 tcp6_client "$srv_port" Salut
    local v6_port=${lines[0]##*:}
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "from client \[::1\]:$v6_port$"
    grep -qx "Connected by \[::ffff:127.0.0.1\]:$v4_port" "$BATS_TEST_TMPDIR/srv.out"
    grep -qx "Server received: Bonjour -- from client \[::ffff:127.0.0.1\]:$v4_port" \
        "$BATS_TEST_TMPDIR/srv.out"
    grep -qx "Connected by \[::1\]:$v6_port" "$BATS_TEST_TMPDIR/srv.out"
}

@test "ipv6: -d on [::1] is still IPv6 only in practice: 127.0.0.1 is another address" {
    start_server srv tcp6_server -k -d 0
    [ "$(server_line 2)" = "IPV6_V6ONLY = 0: dual stack, IPv4 clients as [::ffff:a.b.c.d]" ]
    run -1 --separate-stderr tcp_client "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 127.0.0.1:$srv_port: Connection refused" ]
}

@test "ipv6: the IPv4 client reaches a dual-stack server through a mapped address too" {
    start_server srv tcp6_server -k -d -b :: 0
    run -0 tcp6_client -H ::ffff:127.0.0.1 "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ \[::ffff:127\.0\.0\.1\]:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
}

@test "ipv6: -v traces AF_INET6 and the explicit IPV6_V6ONLY" {
    start_server srv tcp6_server -v 0
    run -0 --separate-stderr tcp6_client -v "$srv_port" Bonjour 3>&-
    [ "${stderr_lines[0]}" = "[tcp6_client] socket(AF_INET6, SOCK_STREAM) = 3" ]
    [ "${stderr_lines[1]}" = "[tcp6_client] connect(3, [::1]:$srv_port) = 0" ]
    wait_server srv
    run cat "$BATS_TEST_TMPDIR/srv.err"
    [ "${lines[0]}" = "[tcp6_server] socket(AF_INET6, SOCK_STREAM) = 3" ]
    [ "${lines[1]}" = "[tcp6_server] setsockopt(3, SO_REUSEADDR, 1) = 0" ]
    [ "${lines[2]}" = "[tcp6_server] setsockopt(3, IPV6_V6ONLY, 1) = 0" ]
    [ "${lines[3]}" = "[tcp6_server] bind(3, [::1]:0) = 0" ]
    [[ "${lines[5]}" =~ ^\[tcp6_server\]\ accept\(3\)\ =\ [0-9]+\ from\ \[::1\]:[0-9]+$ ]]
    start_server srv tcp6_server -v -d -b :: 0
    grep -qx '\[tcp6_server\] setsockopt(3, IPV6_V6ONLY, 0) = 0' "$BATS_TEST_TMPDIR/srv.err"
}

@test "ipv6: a link-local address without %interface fails with EINVAL and the hint" {
    run -1 --separate-stderr tcp6_client -H fe80::1 60000 Bonjour
    [ "${stderr_lines[0]}" = "tcp6_client: connect [fe80::1]:60000: Invalid argument" ]
    [ "${stderr_lines[1]}" = "tcp6_client: hint: a link-local address (fe80::...) needs its interface: write it as fe80::1%eth0 (see: ip -6 addr)" ]
    run -1 --separate-stderr tcp6_server -b fe80::1 0
    [ "${stderr_lines[0]}" = "tcp6_server: bind [fe80::1]:0: Invalid argument" ]
    [[ "${stderr_lines[1]}" == "tcp6_server: hint: a link-local address (fe80::...) needs its interface"* ]]
}

@test "ipv6: the same options as the IPv4 twins: -h, bad usage exits 2, -B, -r, -p" {
    run -0 tcp6_server -h
    [[ "${lines[0]}" == "usage: tcp6_server [-b ADDR] [-d] [-k] "* ]]
    [[ "$output" == *"example: tcp6_server -k 60000"* ]]
    run -0 tcp6_client --help
    [[ "${lines[0]}" == "usage: tcp6_client [-H HOST] "* ]]
    run -2 --separate-stderr tcp6_server 70000
    [ "${stderr_lines[0]}" = "tcp6_server: invalid port '70000' (expected an integer in 0..65535)" ]
    run -2 --separate-stderr tcp6_server -x
    [ "${stderr_lines[0]}" = "tcp6_server: unknown option '-x'" ]
    run -2 --separate-stderr tcp6_client
    [ "${stderr_lines[0]}" = "tcp6_client: missing PORT" ]
    run -1 --separate-stderr tcp6_server -b 127.0.0.1 0
    [[ "${stderr_lines[0]}" == "tcp6_server: cannot resolve '127.0.0.1': "* ]]

    start_server srv tcp6_server -k -r 'Bien recu' -B 4 0
    run -0 tcp6_client -B 3 "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Bie" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Server received: Bonj -- from'
    local port
    port=$(free_port)
    run -0 tcp6_client -p "$port" "$srv_port" Bonjour
    [ "${lines[0]}" = "Local address: [::1]:$port" ]
}

@test "ipv6: python3's IPv6 socket talks to tcp6_server and tcp6_client" {
    start_server srv tcp6_server 0
    run -0 python3 -c '
import socket, sys
s = socket.create_connection(("::1", int(sys.argv[1])))
s.sendall(b"Bonjour")
print(s.recv(1024).decode())
' "$srv_port"
    [ "$output" = "Welcome to this server" ]
}

@test "ipv6: UDP, udp6_server on [::1] answers udp6_client; ss and netstat show udp6" {
    require_peer netstat
    start_server srv udp6_server 0
    [[ "$(server_line 1)" =~ ^Listening\ on\ \[::1\]:$srv_port\ \(pid\ [0-9]+\)$ ]]
    [ "$(server_line 2)" = "IPV6_V6ONLY = 1: IPv6 clients only" ]
    run -0 udp6_client "$srv_port" Bonjour
    [ "$output" = "Server : Welcome to this server" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Client \[::1\]:[0-9]+ : Bonjour$'
    run -0 ss -lunH "sport = :$srv_port"
    [[ "$output" =~ UNCONN\ +0\ +0\ +\[::1\]:$srv_port\ + ]]
    run -0 netstat -lun
    [[ "$output" =~ udp6\ +0\ +0\ ::1:$srv_port\ +:::\* ]]
}

@test "ipv6: UDP, the IPv4 client gets no answer from the IPv6 server; with -c it is refused" {
    start_server srv udp6_server 0
    run -1 --separate-stderr udp_client -t 1 "$srv_port" Bonjour
    [ "$output" = "" ]
    [[ "${stderr_lines[0]}" == "udp_client: no reply from 127.0.0.1:$srv_port within 1 s: UDP guarantees no delivery"* ]]
    run -1 --separate-stderr udp_client -c -t 1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: recvfrom 127.0.0.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "udp_client: hint: nothing listens on 127.0.0.1:$srv_port"* ]]
    # The IPv6 server never saw either datagram.
    run -0 udp6_client "$srv_port" Salut
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Client \[::1\]:[0-9]+ : Salut$'
    ! grep -q 'Bonjour' "$BATS_TEST_TMPDIR/srv.out"
}

@test "ipv6: UDP, dual stack (-d -b ::) answers the IPv4 client, seen as [::ffff:127.0.0.1]" {
    start_server srv udp6_server -d -b :: -e 0
    [ "$(server_line 2)" = "IPV6_V6ONLY = 0: dual stack, IPv4 clients as [::ffff:a.b.c.d]" ]
    run -0 udp_client -p "$(free_port)" "$srv_port" Bonjour
    [ "$output" = "Server : Bonjour" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Client \[::ffff:127\.0\.0\.1\]:[0-9]+ : Bonjour$'
    run -0 ss -lunH "sport = :$srv_port"
    [[ "$output" =~ \ \*:$srv_port\ + ]]
}

@test "ipv6: UDP, the same options as the twins: interactive prompt, -i, -v, usage" {
    start_server srv udp6_server -v 0
    run -0 --separate-stderr udp6_client -v "$srv_port" <<<$'un\nexit' 3>&-
    [ "${lines[0]}" = "client@$(hostname):$srv_port\$ un" ]
    [ "${lines[1]}" = "Server : Welcome to this server" ]
    [ "${lines[2]}" = "client@$(hostname):$srv_port\$ exit" ]
    [ "${stderr_lines[0]}" = "[udp6_client] socket(AF_INET6, SOCK_DGRAM) = 3" ]
    grep -qx '\[udp6_server\] setsockopt(3, IPV6_V6ONLY, 1) = 0' "$BATS_TEST_TMPDIR/srv.err"
    stop_server srv

    SERVER_STDIN=<(echo 'Bien recu') start_server srv udp6_server -i 0
    run -0 udp6_client "$srv_port" Bonjour
    [ "$output" = "Server : Bien recu" ]

    run -0 udp6_server -h
    [[ "${lines[0]}" == "usage: udp6_server [-b ADDR] [-d] "* ]]
    run -2 --separate-stderr udp6_client
    [ "${stderr_lines[0]}" = "udp6_client: missing PORT" ]
    run -1 --separate-stderr udp6_client -c -H fe80::1 9 x
    [ "${stderr_lines[0]}" = "udp6_client: connect [fe80::1]:9: Invalid argument" ]
    [[ "${stderr_lines[1]}" == *"needs its interface: write it as fe80::1%eth0"* ]]
}

@test "ipv6: UDP, python3's IPv6 socket talks to udp6_server" {
    start_server srv udp6_server -e 0
    run -0 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"Bonjour", ("::1", int(sys.argv[1])))
print(s.recvfrom(1024)[0].decode())
' "$srv_port"
    [ "$output" = "Bonjour" ]
}

@test "ipv6: an address of the other family, an unknown interface, a bad name: one error line, then the hint that fits, exit 1" {
    run -1 --separate-stderr tcp_server -b ::1 0
    [ "${stderr_lines[0]}" = "tcp_server: cannot resolve '::1': Address family for hostname not supported" ]
    [ "${stderr_lines[1]}" = "tcp_server: hint: '::1' is an IPv6 address and tcp_server speaks IPv4: its IPv6 twin takes it (ipv6/tcp6_server)" ]
    [ "${#stderr_lines[@]}" -eq 2 ]
    run -1 --separate-stderr udp6_client -H 127.0.0.1 9 x
    [ "${stderr_lines[1]}" = "udp6_client: hint: '127.0.0.1' is an IPv4 address and udp6_client speaks IPv6: use ::1, or its IPv4 twin (udp/udp_client)" ]
    run -1 --separate-stderr tcp6_server -b fe80::1%nosuch0 0
    [ "${stderr_lines[1]}" = "tcp6_server: hint: no interface named 'nosuch0' here: see ip -br link" ]
    run -1 --separate-stderr tcp_client -H nosuch.invalid 9 x
    [ "${stderr_lines[1]}" = "tcp_client: hint: is the name right? try: getent ahosts nosuch.invalid" ]
    # a program without a twin names none
    run -1 --separate-stderr tcp_chat_client -H ::1 7999 </dev/null
    [ "${stderr_lines[1]}" = "tcp_chat_client: hint: '::1' is an IPv6 address and tcp_chat_client speaks IPv4: give an IPv4 address (127.0.0.1)" ]
    [ -z "$output" ]
}
