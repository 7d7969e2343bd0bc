#!/usr/bin/env bats
# labs/vms.sh (labs/vms.md): the handouts' two machines vm1 and vm2 as network
# namespaces, and the labs' exchanges between them. Needs root (CI is root);
# every test says why it skips otherwise. The namespaces get a prefix unique
# to this run, so parallel runs never collide, and are removed at the end.

load helpers

setup_file() {
    export VMS_PREFIX="slt$$-"
    export VMS_UNAVAILABLE=""
    if [ "$(id -u)" -eq 0 ]; then
        # Root in a container may still lack the right to make namespaces.
        if ! unshare --net true 2>/dev/null; then
            VMS_UNAVAILABLE="root, but network namespaces cannot be created here (a container without CAP_SYS_ADMIN?)"
        else
            "$ROOT/labs/vms.sh" up >/dev/null
        fi
    fi
}

teardown_file() {
    if [ "$(id -u)" -eq 0 ]; then
        "$ROOT/labs/vms.sh" down >/dev/null
    fi
}

teardown() {
    exec 7>&- 8>&-
    [ -z "${client_pid:-}" ] || kill "$client_pid" 2>/dev/null
    stop_server srv left
}

# require_vms: skips, with the reason, unless vm1 and vm2 can exist here.
require_vms() {
    require_root
    [ -z "$VMS_UNAVAILABLE" ] || skip "$VMS_UNAVAILABLE"
}

# The script itself: servers are started as "$VMS" run vm1 ..., not through
# vm(), so that their pid is the server's own (vms.sh execs it) and SIGINT
# reaches it.
VMS="$ROOT/labs/vms.sh"

# vm HOST CMD...: runs CMD on vm1 or vm2.
vm() {
    "$ROOT/labs/vms.sh" run "$@"
}

srv_out() {
    cat "$BATS_TEST_TMPDIR/srv.out"
}

@test "vms: bad usage exits 2 with the usage line, before any root check" {
    run -2 --separate-stderr "$ROOT/labs/vms.sh"
    [ "${stderr_lines[0]}" = "labs/vms.sh: missing command" ]
    [[ "${stderr_lines[1]}" == "usage: labs/vms.sh up | down | status | run vm1|vm2 CMD..." ]]
    run -2 --separate-stderr "$ROOT/labs/vms.sh" start
    [ "${stderr_lines[0]}" = "labs/vms.sh: unknown command 'start'" ]
    run -2 --separate-stderr "$ROOT/labs/vms.sh" run vm3 true
    [ "${stderr_lines[0]}" = "labs/vms.sh: unknown machine 'vm3' (expected vm1 or vm2)" ]
    run -2 --separate-stderr "$ROOT/labs/vms.sh" run vm1
    [ "${stderr_lines[0]}" = "labs/vms.sh: run vm1 needs a command" ]
    run -0 "$ROOT/labs/vms.sh" --help
    [[ "$output" == *"2001:db8::1/64"* ]]
}

@test "vms: without root, it says so clearly and exits 1" {
    local as_user=()
    if [ "$(id -u)" -eq 0 ]; then
        command -v setpriv >/dev/null || skip "setpriv (util-linux) is missing"
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
    run -1 --separate-stderr "${as_user[@]}" "$ROOT/labs/vms.sh" up
    [ "${stderr_lines[0]}" = "labs/vms.sh: needs root to create and enter network namespaces: try: sudo labs/vms.sh up" ]
    run -1 --separate-stderr "${as_user[@]}" "$ROOT/labs/vms.sh" run vm1 true
    [[ "${stderr_lines[0]}" == "labs/vms.sh: needs root"* ]]
}

@test "vms: up builds vm1 and vm2 with documentation addresses, and again changes nothing" {
    require_vms
    run -0 "$ROOT/labs/vms.sh" up
    [[ "${lines[0]}" =~ ^vm1\ \(namespace\ ${VMS_PREFIX}vm1\):\ eth0@if[0-9]+\ UP\ 192\.0\.2\.1/24\ 2001:db8::1/64\ fe80::1/64$ ]]
    [[ "${lines[1]}" =~ ^vm2\ \(namespace\ ${VMS_PREFIX}vm2\):\ eth0@if[0-9]+\ UP\ 192\.0\.2\.2/24\ 2001:db8::2/64\ fe80::2/64$ ]]
    local first=$output
    run -0 "$ROOT/labs/vms.sh" up
    [ "$output" = "$first" ]
    run -0 "$ROOT/labs/vms.sh" status
    [ "$output" = "$first" ]
    # Each machine has its hostname, its own lo, and knows the other by name.
    run -0 vm vm1 hostname
    [ "$output" = "vm1" ]
    run -0 vm vm2 cat /proc/sys/kernel/hostname
    [ "$output" = "vm2" ]
    run -0 vm vm2 getent ahostsv4 vm1
    [[ "${lines[0]}" == "192.0.2.1 "* ]]
    run -0 vm vm1 ip -brief addr show dev lo
    [[ "$output" == *UNKNOWN*127.0.0.1/8* ]]
    # The host is not changed.
    [ "$(hostname)" != vm1 ]
    [ "$(cat /proc/sys/kernel/hostname)" != vm2 ]
}

@test "vms: TP1, tcp_server on vm1 (-b 0.0.0.0), tcp_client on vm2 by name" {
    require_vms
    start_server srv "$VMS" run vm1 tcp_server -b 0.0.0.0 0
    run -0 vm vm2 tcp_client -H vm1 "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ 192\.0\.2\.2:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    local client_port=${lines[0]##*:}
    wait_server srv
    run srv_out
    [[ "${lines[0]}" =~ ^Listening\ on\ 0\.0\.0\.0:[0-9]+\ \(pid\ [0-9]+\)$ ]]
    [ "${lines[1]}" = "Connected by 192.0.2.2:$client_port" ]
    [ "${lines[2]}" = "Server received: Bonjour -- from client 192.0.2.2:$client_port" ]
}

@test "vms: a server bound to 127.0.0.1 on vm1 is unreachable from vm2, and the hint says why" {
    require_vms
    start_server srv "$VMS" run vm1 tcp_server -k 0
    run -1 --separate-stderr vm vm2 tcp_client -H 192.0.2.1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 192.0.2.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "tcp_client: hint: nothing listens on 192.0.2.1:$srv_port (a server bound to 127.0.0.1 only answers its own machine: -b 0.0.0.0;"* ]]
    # From vm1 itself it answers; vm2's 127.0.0.1 is vm2 (nothing there).
    run -0 vm vm1 tcp_client "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    run -1 --separate-stderr vm vm2 tcp_client "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 127.0.0.1:$srv_port: Connection refused" ]
    # And the host, outside both machines, does not see it either.
    run -0 ss -ltnH "sport = :$srv_port"
    [ "$output" = "" ]
}

@test "vms: IPv6 between vm1 and vm2: global address, name, link-local with %eth0" {
    require_vms
    start_server srv "$VMS" run vm1 tcp6_server -k -b :: 0
    run -0 vm vm2 tcp6_client -H 2001:db8::1 "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ \[2001:db8::2\]:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "^Connected by \[2001:db8::2\]:${lines[0]##*:}$"
    run -0 vm vm2 tcp6_client -H vm1 "$srv_port" Salut
    [[ "${lines[0]}" =~ ^Local\ address:\ \[2001:db8::2\]:[0-9]+$ ]]
    run -0 vm vm2 tcp6_client -H fe80::1%eth0 "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ \[fe80::2%eth0\]:[0-9]+$ ]]
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "^Connected by \[fe80::2%eth0\]:${lines[0]##*:}$"
    # Without its interface, a link-local address is ambiguous: EINVAL, hint.
    run -1 --separate-stderr vm vm2 tcp6_client -H fe80::1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp6_client: connect [fe80::1]:$srv_port: Invalid argument" ]
    [[ "${stderr_lines[1]}" == *"needs its interface: write it as fe80::1%eth0"* ]]
    # The IPv4 client from vm2 is refused by this IPv6-only server.
    run -1 --separate-stderr vm vm2 tcp_client -H 192.0.2.1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp_client: connect 192.0.2.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == *"an IPv6-only server refuses IPv4 clients)"* ]]
}

@test "vms: a server bound to ::1 on vm1 is unreachable from vm2, the hint says why" {
    require_vms
    start_server srv "$VMS" run vm1 tcp6_server -k 0
    run -1 --separate-stderr vm vm2 tcp6_client -H 2001:db8::1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "tcp6_client: connect [2001:db8::1]:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == *"(a server bound to ::1 only answers its own machine: -b ::;"* ]]
}

@test "vms: a server bound to a link-local address with %eth0 serves the link" {
    require_vms
    start_server srv "$VMS" run vm1 tcp6_server -b fe80::1%eth0 0
    [[ "$(head -n1 "$BATS_TEST_TMPDIR/srv.out")" =~ ^Listening\ on\ \[fe80::1%eth0\]:[0-9]+\ \(pid ]]
    run -0 vm vm2 tcp6_client -H fe80::1%eth0 "$srv_port" Bonjour
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
}

@test "vms: dual stack on vm1 takes vm2's IPv4 client as [::ffff:192.0.2.2]" {
    require_vms
    start_server srv "$VMS" run vm1 tcp6_server -k -d -b :: 0
    run -0 vm vm2 tcp_client -H 192.0.2.1 "$srv_port" Bonjour
    [[ "${lines[0]}" =~ ^Local\ address:\ 192\.0\.2\.2:[0-9]+$ ]]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" \
        "^Server received: Bonjour -- from client \[::ffff:192\.0\.2\.2\]:${lines[0]##*:}$"
}

@test "vms: IPV6_V6ONLY is explicit: net.ipv6.bindv6only on vm1 changes nothing" {
    require_vms
    # The system default for new IPv6 sockets, per machine (per namespace).
    run -0 vm vm1 sysctl -w net.ipv6.bindv6only=1
    start_server srv "$VMS" run vm1 tcp6_server -k -d -b :: 0
    run -0 vm vm2 tcp_client -H 192.0.2.1 "$srv_port" Bonjour
    stop_server srv
    run -0 vm vm1 sysctl -w net.ipv6.bindv6only=0
    start_server srv "$VMS" run vm1 tcp6_server -k -b :: 0
    run -1 vm vm2 tcp_client -H 192.0.2.1 "$srv_port" Bonjour
    run -0 vm vm2 tcp6_client -H 2001:db8::1 "$srv_port" Bonjour
}

@test "vms: TP1 part 2, the chat between vm1 and vm2, prompts server@vm1 and client@vm2" {
    require_vms
    [ -x "$ROOT/tcp/tcp_chat_server" ] || skip "tcp_chat_server is not built (the chat is not merged yet)"
    # Each side's keyboard is a fifo the test writes into (fds 7 and 8).
    mkfifo "$BATS_TEST_TMPDIR/server.in" "$BATS_TEST_TMPDIR/client.in"
    exec 7<>"$BATS_TEST_TMPDIR/server.in" 8<>"$BATS_TEST_TMPDIR/client.in"
    SERVER_STDIN="$BATS_TEST_TMPDIR/server.in" start_server srv \
        sh -c 'exec 7>&- 8>&- "$@"' sh "$VMS" run vm1 tcp_chat_server -b 0.0.0.0 0
    local sout="$BATS_TEST_TMPDIR/srv.out" cout="$BATS_TEST_TMPDIR/client.out"
    "$VMS" run vm2 tcp_chat_client -H vm1 "$srv_port" <"$BATS_TEST_TMPDIR/client.in" \
        >"$cout" 2>"$BATS_TEST_TMPDIR/client.err" 3>&- 7>&- 8>&- &
    client_pid=$!
    wait_for_file_line "$cout" "^client@vm2:$srv_port\\$ "
    wait_for_file_line "$sout" "server@vm1:$srv_port\\$ "
    grep -Eq "^Connected by 192\.0\.2\.2:[0-9]+$" "$sout"

    printf '%s\n' "Bonjour, ici VM2" >&8
    wait_for_file_line "$sout" "^from client 'Bonjour, ici VM2'$"
    printf '%s\n' "Salut VM2, ici VM1" >&7
    wait_for_file_line "$cout" "^from server 'Salut VM2, ici VM1'$"
    printf '%s\n' "exit" >&8
    wait_for_exit "$client_pid"
    client_pid=
    grep -qx "client@vm2:$srv_port\\$ exit" "$cout"
    grep -qx "server@vm1:$srv_port\\$ Salut VM2, ici VM1" "$sout"
    wait_for_file_line "$sout" "^the client left"
}

@test "vms: TP2, udp_server -i on vm1 answers udp_client on vm2, prompts name the machines" {
    require_vms
    SERVER_STDIN=<(printf 'Bien reçu\n') start_server srv "$VMS" run vm1 udp_server -i -b 0.0.0.0 0
    run -0 vm vm2 udp_client -H vm1 "$srv_port" <<<'Bonjour'
    [ "${lines[0]}" = "client@vm2:$srv_port\$ Bonjour" ]
    [ "${lines[1]}" = "Server : Bien reçu" ]
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" "^server@vm1:$srv_port\\\$ Bien reçu$"
    grep -qE '^Client 192\.0\.2\.2:[0-9]+ : Bonjour$' "$BATS_TEST_TMPDIR/srv.out"
}

@test "vms: a UDP server bound to 127.0.0.1 on vm1: no answer to vm2, and -c hears the refusal" {
    require_vms
    start_server srv "$VMS" run vm1 udp_server 0
    run -1 --separate-stderr vm vm2 udp_client -t 1 -H vm1 "$srv_port" Bonjour
    [[ "${stderr_lines[0]}" == "udp_client: no reply from 192.0.2.1:$srv_port within 1 s: UDP guarantees no delivery"* ]]
    run -1 --separate-stderr vm vm2 udp_client -c -t 1 -H vm1 "$srv_port" Bonjour
    [ "${stderr_lines[0]}" = "udp_client: recvfrom 192.0.2.1:$srv_port: Connection refused" ]
    [[ "${stderr_lines[1]}" == "udp_client: hint: nothing listens on 192.0.2.1:$srv_port"* ]]
    run -0 vm vm1 udp_client "$srv_port" Bonjour
    [ "$output" = "Server : Welcome to this server" ]
}

@test "vms: UDP over IPv6 between vm1 and vm2, and dual stack for the IPv4 client" {
    require_vms
    start_server srv "$VMS" run vm1 udp6_server -d -b :: 0
    run -0 vm vm2 udp6_client -H vm1 "$srv_port" Bonjour
    [ "$output" = "Server : Welcome to this server" ]
    run -0 vm vm2 udp_client -H vm1 "$srv_port" Salut
    [ "$output" = "Server : Welcome to this server" ]
    run -0 vm vm2 udp6_client -H fe80::1%eth0 "$srv_port" Hello
    wait_for_file_line "$BATS_TEST_TMPDIR/srv.out" '^Client \[fe80::2%eth0\]:[0-9]+ : Hello$'
    grep -qE '^Client \[2001:db8::2\]:[0-9]+ : Bonjour$' "$BATS_TEST_TMPDIR/srv.out"
    grep -qE '^Client \[::ffff:192\.0\.2\.2\]:[0-9]+ : Salut$' "$BATS_TEST_TMPDIR/srv.out"
}

@test "vms: down removes both machines, a program still running in them, and is safe twice" {
    require_vms
    local prefix="sltd$$-"
    VMS_PREFIX=$prefix run -0 "$ROOT/labs/vms.sh" up
    VMS_PREFIX=$prefix start_server left "$ROOT/labs/vms.sh" run vm1 tcp_server -k 0
    [ -e "/etc/netns/${prefix}vm1/hosts" ]
    VMS_PREFIX=$prefix run -0 "$ROOT/labs/vms.sh" down
    [ "${lines[0]}" = "vm1 (namespace ${prefix}vm1): removed" ]
    [ "${lines[1]}" = "vm2 (namespace ${prefix}vm2): removed" ]
    wait_server left   # ended by down's SIGTERM: exit 0
    ! ip netns list | grep -q "^${prefix}vm"
    [ ! -e "/etc/netns/${prefix}vm1" ]
    VMS_PREFIX=$prefix run -0 "$ROOT/labs/vms.sh" down
    VMS_PREFIX=$prefix run -0 "$ROOT/labs/vms.sh" status
    [ "${lines[0]}" = "vm1 (namespace ${prefix}vm1): not created (labs/vms.sh up)" ]
    # This run's machines are still there.
    run -0 "$ROOT/labs/vms.sh" status
    [[ "${lines[0]}" == *"UP 192.0.2.1/24"* ]]
}
