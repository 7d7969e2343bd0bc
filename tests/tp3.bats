#!/usr/bin/env bats
# TP3 as the course teaches it (labs/tp3-rpc.md): the slides' own server and
# client (labs/tp3/serveur.c, client.c: registerrpc, svc_run, callrpc) built
# on socklab's classic API (rpc/classic/, rpc/librpcclassic.a) and, unchanged,
# on libtirpc; each pairing with socklab's programs, libtirpc's (tests/tirpc/)
# and the rpcgen exercise, with rpc_portmap and with the system's rpcbind;
# rpc_info with program names; the RPyC pair. The unprivileged tests use
# rpc_portmap on a free port (SOCKLAB_PMAP_PORT); the others run as root in
# a network namespace of their own with a private /run (tests/netns.bash).

load helpers

ARITH=858993459
TP3="$ROOT/labs/tp3"

# labs/tp3/serveur and client are part of `make all` (built with the flags of
# the tree: SANITIZE=1 included); only the libtirpc builds are made here.
setup_file() {
    if [ -e /usr/include/tirpc/rpc/rpc.h ]; then
        make -s -C "$ROOT/labs/tp3" tirpc >/dev/null
    fi
    if [ "$(id -u)" -eq 0 ] && command -v rpcgen >/dev/null &&
        [ -e /usr/include/tirpc/rpc/rpc.h ]; then
        make -s -C "$BATS_TEST_DIRNAME/tirpc" >/dev/null
    fi
}

teardown() {
    stop_server classic
    stop_server arith
    stop_server pmap
    stop_server rpyc
    if [ -n "${VMS_PREFIX:-}" ]; then "$ROOT/labs/vms.sh" down >/dev/null 2>&1 || true; fi
}

# in_netns SCRIPT: runs the bash SCRIPT in a new network and mount namespace
# (loopback up, a tmpfs on /run), with tests/netns.bash loaded.
in_netns() {
    unshare -n -m bash -c 'set -e; ip link set lo up; mount -t tmpfs tmpfs /run
                           cd "$ROOT"; PATH="$ROOT/labs/tp3:$PATH"; . tests/netns.bash
                           eval "$1"' in_netns "$1"
}

needs() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || skip "$tool is not installed (sudo bash .ci/run)"
    done
}

needs_tirpc() {
    [ -x "$TP3/serveur-tirpc" ] || skip "libtirpc-dev is not installed"
}

# start_classic: the slides' server (socklab build) registered with the
# rpc_portmap of the test (SOCKLAB_PMAP_PORT); sets classic_pid.
start_classic() {
    SOCKLAB_PMAP_PORT=$pmap_port "$TP3/serveur" >"$BATS_TEST_TMPDIR/classic.out" \
        2>"$BATS_TEST_TMPDIR/classic.err" </dev/null 3>&- &
    classic_pid=$!
    wait_for_file_line "$BATS_TEST_TMPDIR/classic.out" '^Serveur ARITH prêt' ||
        { cat "$BATS_TEST_TMPDIR/classic.err" >&2; return 1; }
}

@test "the slides' client and server (registerrpc, svc_run, callrpc) talk through rpc_portmap" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_classic
    run -0 cat "$BATS_TEST_TMPDIR/classic.out"
    [ "$output" = "Serveur ARITH prêt (programme $ARITH, version 1)" ]
    export SOCKLAB_PMAP_PORT=$pmap_port
    run -0 "$TP3/client" 127.0.0.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 "$TP3/client" localhost mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    run -0 "$TP3/client" 127.0.0.1 sqrt 2.25 0
    [ "$output" = "sqrt(2.250000) = 1.500000" ]
    # registerrpc registers UDP only, as the original
    run -0 rpc_info -P "$pmap_port" -p
    [ "$(grep -c "^ $ARITH " <<<"$output")" -eq 1 ]
    [[ "$output" == *" $ARITH    1   udp "*"arith"* ]]
    stop_server classic    # SIGINT, as Ctrl-C: svc_run() returns, exit 0
    run -0 cat "$BATS_TEST_TMPDIR/classic.out"
    [ "${lines[1]}" = "Serveur ARITH arrêté" ]
    run -0 cat "$BATS_TEST_TMPDIR/classic.err"
    [ "${lines[0]}" = "svc_run: SIGINT: stopping" ]
    [ "${lines[1]}" = "svc_run: program $ARITH version 1 unregistered from the portmapper at 127.0.0.1:$pmap_port" ]
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" != *"$ARITH"* ]]
}

@test "the slides' server answers rpc_arith_client (udp), PROC_UNAVAIL, NULL and PROG_MISMATCH" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_classic
    run -0 rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 add 13.4 17.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 mult 13.4 17.1
    [ "$output" = "13.400000 * 17.100000 = 229.139999" ]
    run -0 rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 sqrt 16
    [ "$output" = "sqrt(16.000000) = 4.000000" ]
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 7 1 2
    [ "$stderr" = "rpc_arith_client: 127.0.0.1: RPC: Procedure unavailable" ]
    run -0 rpc_info -P "$pmap_port" -u 127.0.0.1 arith
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    run -1 --separate-stderr rpc_info -P "$pmap_port" -u 127.0.0.1 "$ARITH" 2
    [ "$stderr" = "rpc_info: RPC: Program/version mismatch; low version = 1, high version = 1" ]
    # no TCP: the simplified API serves UDP only
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    [[ "$stderr" == "rpc_arith_client: 127.0.0.1: RPC: Program not registered"* ]]
    stop_server classic    # SIGINT, as Ctrl-C: svc_run() returns, exit 0
}

@test "the slides' client (callrpc) calls rpc_arith_server; its errors as clnt_perrno words them" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_server arith rpc_arith_server -P "$pmap_port"
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.out" '^Registered with the portmapper'
    export SOCKLAB_PMAP_PORT=$pmap_port
    run -0 "$TP3/client" 127.0.0.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 "$TP3/client" 127.0.0.1 sqrt 81 0
    [ "$output" = "sqrt(81.000000) = 9.000000" ]
    stop_server arith
    run -1 --separate-stderr "$TP3/client" 127.0.0.1
    [ "$stderr" = "client: 127.0.0.1: RPC: Program not registered" ]
    stop_server pmap
    run -1 --separate-stderr "$TP3/client" 127.0.0.1
    [ "$stderr" = "client: 127.0.0.1: RPC: Port mapper failure" ]
    run -1 --separate-stderr "$TP3/client" no-such-host.invalid
    why=$(python3 -c 'import socket
try:
    socket.getaddrinfo("no-such-host.invalid", 111)
except socket.gaierror as e:
    print(e.strerror)')
    [ "$stderr" = "client: no-such-host.invalid: RPC: Unknown host - $why" ]
}

@test "registerrpc: a registration left by a server killed with SIGKILL is taken over, and said; a live server's is refused" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_classic
    dead_udp=$(rpc_info -P "$pmap_port" -p | awk -v p="$ARITH" '$1 == p {print $4}')
    kill -KILL "$classic_pid"
    killed=0
    wait "$classic_pid" || killed=$?
    [ "$killed" -eq 137 ]          # SIGKILL: svc_run never unregisters
    classic_pid=""
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" == *" $ARITH    1   udp  $dead_udp  arith"* ]]
    start_classic
    run -0 cat "$BATS_TEST_TMPDIR/classic.err"
    [ "${lines[0]}" = "registerrpc: took over program $ARITH version 1 from a dead server (udp port $dead_udp did not answer)" ]
    run -0 env SOCKLAB_PMAP_PORT="$pmap_port" "$TP3/client" 127.0.0.1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    live_udp=$(rpc_info -P "$pmap_port" -p | awk -v p="$ARITH" '$1 == p {print $4}')
    # a second server while this one lives: refused, the registration kept
    run -1 --separate-stderr env SOCKLAB_PMAP_PORT="$pmap_port" "$TP3/serveur"
    [ "${stderr_lines[0]}" = "registerrpc: the portmapper at 127.0.0.1:$pmap_port refused program $ARITH version 1: a live server holds it (udp port $live_udp answers)" ]
    [ "${stderr_lines[1]}" = "registerrpc: hint: another server holds it? see: rpc_info -P $pmap_port -p" ]
    [ "${stderr_lines[2]}" = "serveur: registerrpc failed" ]
    run -0 env SOCKLAB_PMAP_PORT="$pmap_port" "$TP3/client" 127.0.0.1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    # a SOCKLAB_PMAP_PORT that is not a port is said, not silently replaced by 111
    run -1 --separate-stderr env SOCKLAB_PMAP_PORT=abc "$TP3/client" 127.0.0.1 mult 3 4
    [ "${stderr_lines[0]}" = "SOCKLAB_PMAP_PORT='abc' is not a port (1..65535): the portmapper is looked for at port 111" ]
    stop_server classic
}

@test "registerrpc through an AF_LOCAL socket named by SOCKLAB_RPCBIND_SOCK (rpc_portmap -s); one nobody serves is said" {
    sock="$BATS_TEST_TMPDIR/pm.sock"
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1 -s "$sock"
    wait_for_file_line "$BATS_TEST_TMPDIR/pmap.out" "^Local socket $sock$"
    SOCKLAB_RPCBIND_SOCK=$sock "$TP3/serveur" >"$BATS_TEST_TMPDIR/classic.out" \
        2>"$BATS_TEST_TMPDIR/classic.err" </dev/null 3>&- &
    classic_pid=$!
    wait_for_file_line "$BATS_TEST_TMPDIR/classic.out" '^Serveur ARITH prêt'
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" == *" $ARITH    1   udp "*"arith"* ]]
    run -0 env SOCKLAB_PMAP_PORT="$pmap_port" "$TP3/client" 127.0.0.1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    stop_server classic
    run -0 cat "$BATS_TEST_TMPDIR/classic.err"
    [ "${lines[1]}" = "svc_run: program $ARITH version 1 unregistered from the portmapper at $sock" ]
    run -1 --separate-stderr env SOCKLAB_RPCBIND_SOCK="$BATS_TEST_TMPDIR/none.sock" "$TP3/serveur"
    [ "${stderr_lines[0]}" = "registerrpc: SOCKLAB_RPCBIND_SOCK='$BATS_TEST_TMPDIR/none.sock': No such file or directory" ]
    [ "${stderr_lines[1]}" = "registerrpc: hint: is rpcbind running? (rpcbind -f -w, or rpc_portmap -s $BATS_TEST_TMPDIR/none.sock)" ]
}

@test "registerrpc without a portmapper: the slides' server says why and exits 1" {
    port=$(free_port)
    SOCKLAB_PMAP_PORT=$port run -1 --separate-stderr "$TP3/serveur"
    [ "${stderr_lines[0]}" = "registerrpc: cannot register program $ARITH version 1 with the portmapper at 127.0.0.1:$port: RPC: Port mapper failure - RPC: Unable to receive; errno = Connection refused" ]
    [[ "${stderr_lines[1]}" == "registerrpc: hint: is a portmapper running?"* ]]
    [ "${stderr_lines[2]}" = "serveur: registerrpc failed" ]
}

@test "the same files build against libtirpc: the slides' code is libtirpc's API" {
    [ -e /usr/include/tirpc/rpc/rpc.h ] || skip "libtirpc-dev is not installed"
    run -0 make -s -B -C "$TP3" tirpc CFLAGS="-Wall -Wextra -Werror"
    run -0 nm -u "$TP3/serveur-tirpc"
    [[ "$output" == *" registerrpc"* ]]
    [[ "$output" == *" svc_run"* ]]
    run -0 nm -u "$TP3/client-tirpc"
    [[ "$output" == *" callrpc"* ]]
    # and, against socklab, one -I flag and the two libraries: the lab's
    # Makefile in a copy of the folder (the tree's own binaries untouched),
    # with the compiler and flags of the tree's build (.buildflags: SANITIZE=1
    # libraries need the sanitizers at link time)
    mkdir "$BATS_TEST_TMPDIR/tp3"
    cp "$TP3"/Makefile "$TP3"/*.c "$TP3"/*.h "$BATS_TEST_TMPDIR/tp3/"
    run -0 make -s -C "$BATS_TEST_TMPDIR/tp3" SOCKLAB="$ROOT" CC="$(cat "$ROOT/.buildflags")" \
        CFLAGS="-Wall -Wextra -Werror -std=c11 -D_POSIX_C_SOURCE=200809L"
    run -0 nm "$BATS_TEST_TMPDIR/tp3/serveur"
    [[ "$output" == *" T rpc_server_run"* ]]
    [[ "$output" == *" T registerrpc"* ]]
}

@test "the slides' client links socklab's xdr_float, even in a sanitizer build" {
    # ASan's runtime defines weak xdr_float, xdr_int... (interceptors of
    # glibc's old XDR, calling a NULL "real" one): callrpc() must pull in
    # rpc/classic/xdr_classic.c, whose definitions win.
    run -0 nm "$TP3/client"
    [[ "$output" == *" T xdr_float"* ]]
    [[ "$output" == *" T xdr_int"* ]]
}

@test "rpc_info takes program names from /etc/rpc (and its aliases) wherever it takes a number" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    run -0 rpc_info -P "$pmap_port" -u 127.0.0.1 portmapper
    [ "${lines[0]}" = "program 100000 version 2 ready and waiting" ]
    [ "${lines[2]}" = "program 100000 version 4 ready and waiting" ]
    run -0 rpc_info -P "$pmap_port" -t 127.0.0.1 rpcbind 3
    [ "$output" = "program 100000 version 3 ready and waiting" ]
    run -0 rpc_info -P "$pmap_port" -t 127.0.0.1 sunrpc 2
    [ "$output" = "program 100000 version 2 ready and waiting" ]
    if grep -q '^nfs[[:space:]]*100003' /etc/rpc 2>/dev/null; then
        run -1 --separate-stderr rpc_info -P "$pmap_port" -t 127.0.0.1 nfs
        [ "$stderr" = "rpc_info: 127.0.0.1: RPC: Program not registered" ]
    fi
    run -2 --separate-stderr rpc_info -P "$pmap_port" -t 127.0.0.1 nosuchprog
    [ "$output" = "" ]
    [ "${stderr_lines[0]}" = "rpc_info: unknown program name 'nosuchprog' (not in /etc/rpc)" ]
    [[ "${stderr_lines[1]}" == "usage: rpc_info "* ]]
}

@test "rpc_info and rpcinfo agree on names: -u HOST portmapper, -t HOST nfs (root, rpcbind)" {
    require_root
    needs rpcinfo rpcbind
    run -0 in_netns '
        ns_start rpcbind rpcbind -f -w; ns_wait_port tcp 111; ns_wait_port udp 111
        timeout 20 rpcinfo -u 127.0.0.1 portmapper > "$NS_TMP/theirs"
        rpc_info -u 127.0.0.1 portmapper > "$NS_TMP/ours"
        diff "$NS_TMP/ours" "$NS_TMP/theirs" && echo same
        timeout 20 rpcinfo -t 127.0.0.1 nfs 2>&1 || echo "rpcinfo exit $?"
        rpc_info -t 127.0.0.1 nfs 2>&1 || echo "rpc_info exit $?"'
    [ "${lines[0]}" = "same" ]
    [ "${lines[1]}" = "127.0.0.1: RPC: Program not registered" ]
    [ "${lines[2]}" = "rpcinfo exit 1" ]
    [ "${lines[3]}" = "rpc_info: 127.0.0.1: RPC: Program not registered" ]
    [ "${lines[4]}" = "rpc_info exit 1" ]
}

# The classic pair, socklab build, with the system's rpcbind on port 111.
@test "the slides' server registers with the real rpcbind; client, rpcinfo and rpc_arith_client call it (root)" {
    require_root
    needs rpcinfo rpcbind
    run -0 in_netns '
        ns_start rpcbind rpcbind -f -w; ns_wait_port tcp 111; ns_wait_port udp 111
        ns_start srv serveur; ns_wait_line srv "^Serveur ARITH prêt"
        timeout 20 rpcinfo -p 127.0.0.1 | grep "^ 858993459" | sed "s/ [0-9]*$/ PORT/"
        client 127.0.0.1; client localhost mult 3 4
        timeout 20 rpcinfo -u 127.0.0.1 858993459 1
        rpc_arith_client -T udp 127.0.0.1 sqrt 2.25
        ns_stop srv; echo "exit $?"
        timeout 20 rpcinfo -p 127.0.0.1 | grep -c 858993459 || true'
    [ "${lines[0]}" = " 858993459    1   udp  PORT" ]
    [ "${lines[1]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[2]}" = "3.000000 * 4.000000 = 12.000000" ]
    [ "${lines[3]}" = "program 858993459 version 1 ready and waiting" ]
    [ "${lines[4]}" = "sqrt(2.250000) = 1.500000" ]
    [ "${lines[5]}" = "exit 0" ]
    [ "${lines[6]}" = "0" ]
}

@test "libtirpc builds of the slides' files against socklab's programs and rpc_portmap, every direction (root)" {
    require_root
    needs_tirpc
    run -0 in_netns '
        ns_start pmap rpc_portmap; ns_wait_line pmap "^Listening on"
        ns_start tsrv serveur-tirpc; ns_wait_registered 858993459 udp
        client 127.0.0.1
        client-tirpc 127.0.0.1 mult 3 4
        rpc_arith_client -T udp 127.0.0.1 add 1 2
        kill -TERM $tsrv_pid; wait $tsrv_pid || echo "serveur-tirpc exit $?"
        rpc_info -p 127.0.0.1 | grep -c "^ 858993459" || true
        ns_start arith rpc_arith_server; ns_wait_line arith "^Registered"
        client-tirpc 127.0.0.1
        client-tirpc localhost sqrt 16 0
        ns_stop arith; echo "rpc_arith_server exit $?"
        ns_start srv serveur; ns_wait_line srv "^Serveur ARITH prêt"
        client-tirpc 127.0.0.1 mult 13.4 17.1
        ns_stop srv; echo "serveur exit $?"'
    [ "${lines[0]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[1]}" = "3.000000 * 4.000000 = 12.000000" ]
    [ "${lines[2]}" = "1.000000 + 2.000000 = 3.000000" ]
    # the original's svc_run never returns: SIGTERM kills it, its
    # registration stays behind in the portmapper
    [ "${lines[3]}" = "serveur-tirpc exit 143" ]
    [ "${lines[4]}" = "1" ]
    [ "${lines[5]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[6]}" = "sqrt(16.000000) = 4.000000" ]
    [ "${lines[7]}" = "rpc_arith_server exit 0" ]
    [ "${lines[8]}" = "13.400000 * 17.100000 = 229.139999" ]
    [ "${lines[9]}" = "serveur exit 0" ]
}

@test "the slides' pair and libtirpc's rpcgen peers (tests/tirpc) with the real rpcbind (root)" {
    require_root
    needs_tirpc
    needs rpcbind rpcgen
    run -0 in_netns '
        ns_start rpcbind rpcbind -f -w; ns_wait_port tcp 111; ns_wait_port udp 111
        ns_start tsrv arith_server; ns_wait_registered 858993459 udp
        client 127.0.0.1; client-tirpc localhost mult 3 4
        kill -TERM $tsrv_pid; wait $tsrv_pid || echo "arith_server exit $?"
        rpcinfo -d 858993459 1    # its registration outlived it
        ns_start srv serveur; ns_wait_line srv "^Serveur ARITH prêt"
        arith_client 127.0.0.1 udp add 13.4 17.1
        arith_client 127.0.0.1 tcp add 13.4 17.1 2>&1 | sed "s/^.*: RPC:/RPC:/"
        ns_stop srv; echo "serveur exit $?"'
    [ "${lines[0]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[1]}" = "3.000000 * 4.000000 = 12.000000" ]
    [ "${lines[2]}" = "arith_server exit 143" ]
    [ "${lines[3]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[4]}" = "RPC: Program not registered" ]
    [ "${lines[5]}" = "serveur exit 0" ]
}

@test "RPC between vm1 and vm2 by name: rpc_portmap and rpc_arith_server on vm1, clients on vm2, TCP and UDP (root)" {
    require_root
    unshare --net true 2>/dev/null || skip "network namespaces cannot be created here"
    export VMS_PREFIX="tp3$$-"
    "$ROOT/labs/vms.sh" up >/dev/null
    start_server pmap "$ROOT/labs/vms.sh" run vm1 rpc_portmap -b 0.0.0.0 -p 11111
    start_server arith "$ROOT/labs/vms.sh" run vm1 rpc_arith_server -b 0.0.0.0 -P 11111
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.out" '^Registered with the portmapper'
    vm2() { "$ROOT/labs/vms.sh" run vm2 "$@"; }
    run -0 vm2 getent ahosts vm1
    [[ "${lines[0]}" == "2001:db8::1 "* ]]      # vm1's IPv6 address comes first
    run -0 vm2 rpc_arith_client -P 11111 vm1 add 13.4 17.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 vm2 rpc_arith_client -P 11111 -T udp vm1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    run -0 vm2 rpc_info -P 11111 -u vm1 arith 1
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    run -0 vm2 rpc_info -P 11111 -t vm1 858993459 1
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    run -1 --separate-stderr vm2 rpc_arith_client -P 11112 -T udp vm1 add 1 2
    [ "${stderr_lines[2]}" = "rpc_arith_client: hint: tried [2001:db8::1]:11112 (RPC: Unable to receive; errno = Connection refused), 192.0.2.1:11112 (RPC: Unable to receive; errno = Connection refused)" ]
    stop_server arith
    # the slides' pair: callrpc() too tries vm1's IPv4 address after its
    # IPv6 one (registerrpc serves on IPv4 only)
    "$ROOT/labs/vms.sh" run vm1 env SOCKLAB_PMAP_PORT=11111 "$TP3/serveur" \
        >"$BATS_TEST_TMPDIR/classic.out" 2>"$BATS_TEST_TMPDIR/classic.err" </dev/null 3>&- &
    classic_pid=$!
    wait_for_file_line "$BATS_TEST_TMPDIR/classic.out" '^Serveur ARITH prêt'
    run -0 vm2 env SOCKLAB_PMAP_PORT=11111 "$TP3/client" vm1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    stop_server classic
    stop_server pmap
    "$ROOT/labs/vms.sh" down >/dev/null
}

@test "the ARITH service in RPyC: server and client, wrong types, the messages on the wire" {
    /usr/bin/python3 -c 'import rpyc' 2>/dev/null || skip "python3-rpyc is not installed (apt install python3-rpyc)"
    start_server rpyc /usr/bin/python3 "$TP3/arith_rpyc_server.py" 0
    client() { /usr/bin/python3 "$TP3/arith_rpyc_client.py" "$@"; }
    run -0 client 127.0.0.1 "$rpyc_port" add 13.4 17.1
    [ "$output" = "13.4 + 17.1 = 30.5" ]
    run -0 client 127.0.0.1 "$rpyc_port" mult 13.4 17.1
    [ "$output" = "13.4 * 17.1 = 229.14000000000001" ]
    run -0 client 127.0.0.1 "$rpyc_port" sqrt 16
    [ "$output" = "sqrt(16) = 4.0" ]
    run -0 client 127.0.0.1 "$rpyc_port" add '"13.4"' '"17.1"'
    [ "$output" = "'13.4' + '17.1' = '13.417.1'" ]
    run -1 --separate-stderr client 127.0.0.1 "$rpyc_port" add '"13.4"' 17.1
    [ "$stderr" = 'arith_rpyc_client: the server raised TypeError: can only concatenate str (not "float") to str' ]
    run -0 client --trace 127.0.0.1 "$rpyc_port" add 13.4 17.1
    [ "${#lines[@]}" -eq 9 ]
    [[ "${lines[6]}" == "--> "*" bytes  REQUEST 3 CALL "*"(13.4, 17.1)"* ]]
    [ "${lines[7]}" = "<-- 20 bytes  REPLY 3 (1, 30.5)" ]
    total=$(grep -oE '^(-->|<--) [0-9]+' <<<"$output" | awk '{s += $2} END {print s}')
    [ "$total" -gt 1000 ]    # against 76 bytes for ONC RPC's call and reply
    stop_server rpyc
    # a student's mistakes: one line and exit 2 for bad usage, exit 1 with a hint
    # when nothing listens; never a Python traceback
    run -2 --separate-stderr client 127.0.0.1 99999 add 1 2
    [ "${stderr_lines[0]}" = "arith_rpyc_client: invalid port '99999' (expected an integer in 1..65535)" ]
    run -2 --separate-stderr client 127.0.0.1 "$rpyc_port" add x 2
    [[ "${stderr_lines[0]}" == "arith_rpyc_client: invalid value in x 2 "* ]]
    run -1 --separate-stderr client 127.0.0.1 "$rpyc_port" add 1 2
    [ "${stderr_lines[0]}" = "arith_rpyc_client: connect 127.0.0.1:$rpyc_port: Connection refused" ]
    [ "${stderr_lines[1]}" = "arith_rpyc_client: hint: is arith_rpyc_server.py running there? try: ss -ltn 'sport = :$rpyc_port'" ]
    ! grep -q Traceback <<<"$stderr"
}

# What travels on the wire, seen by tshark on lo (a capture filter on the two
# services' ports and port 9, the markers): ONC RPC's ADD over UDP against
# RPyC's add over TCP. tshark says "Capturing on" a little before it really
# captures: a marker datagram to port 9 is sent until tshark shows one.
@test "a capture of each: ONC RPC's ADD is 2 datagrams of 48 and 28 bytes, RPyC's add a TCP connection of some 2000 bytes (root, tshark)" {
    require_root
    needs tshark
    /usr/bin/python3 -c 'import rpyc' 2>/dev/null || skip "python3-rpyc is not installed (apt install python3-rpyc)"
    run -0 --separate-stderr in_netns '
        marker() { /usr/bin/python3 -c "import socket, sys
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(sys.argv[1].encode(), (\"127.0.0.1\", 9))" "$1"; }
        ns_start pmap rpc_portmap; ns_wait_line pmap "^Listening on"
        ns_start arith rpc_arith_server -p 22222; ns_wait_line arith "^Registered"
        ns_start rpyc /usr/bin/python3 labs/tp3/arith_rpyc_server.py 18861
        ns_wait_line rpyc "^Listening on"
        ns_start shark tshark -i lo -l -f "udp port 9 or port 22222 or tcp port 18861" \
            -T fields -e udp.dstport -e udp.length -e tcp.len
        tries=250
        until grep -q "^9	13	" "$NS_TMP/shark.out"; do
            [ $((tries -= 1)) -gt 0 ] || { cat "$NS_TMP/shark.err"; exit 1; }
            marker start; sleep 0.02
        done
        rpc_arith_client -T udp 127.0.0.1 add 13.4 17.1
        /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 add 13.4 17.1
        marker end; ns_wait_line shark "^9	11	"
        ns_stop shark || true
        sed -n "/^9	13	/,/^9	11	/p" "$NS_TMP/shark.out" | grep -v "^9	" > "$NS_TMP/between"
        # ONC RPC: UDP length minus the 8 bytes of UDP header
        awk -F "\t" "\$2 != \"\" { print \"udp\", \$2 - 8 }" "$NS_TMP/between"
        awk -F "\t" "\$3 != \"\" { n++; if (\$3 > 0) { data++; bytes += \$3 } }
                     END { print \"tcp\", n, data, bytes }" "$NS_TMP/between"'
    printf '%s\n' "$output" "--- stderr:" "$stderr"   # shown if an assertion fails
    [ "${lines[0]}" = "13.400000 + 17.100000 = 30.500000" ]
    [ "${lines[1]}" = "13.4 + 17.1 = 30.5" ]
    [ "${lines[2]}" = "udp 48" ]     # the call: 40 bytes of header, two floats
    [ "${lines[3]}" = "udp 28" ]     # the reply: 24 bytes of header, one float
    read -r tcp segments with_data bytes <<<"${lines[4]}"
    [ "$tcp" = tcp ]
    [ "$with_data" -ge 8 ]           # at least the 8 messages of --trace
    [ "$segments" -gt "$with_data" ] # and the handshake, the ACKs, the FINs
    [ "$bytes" -gt 1000 ]            # against 76 for ONC RPC
    [ "${#lines[@]}" -eq 5 ]
}

# rpc_rpcb_getaddr (rpc/pmap_clnt.c) asks rpcbind for the netid of the
# address it asks at, not of the host's text: tests/unit/runtime_test does
# it by a name of ::1, which this test provides (a mount namespace's
# /etc/hosts) where the machine's own has none.
@test "rpcbind's GETADDR by a name that resolves to ::1 asks for udp6 (root, tests/unit/runtime_test)" {
    require_root
    [ -x "$ROOT/tests/unit/runtime_test" ] || skip "tests/unit/runtime_test is not built (make check builds it)"
    printf '::1 localhost\n127.0.0.1 localhost\n' >"$BATS_TEST_TMPDIR/hosts"
    run -0 unshare -m bash -c 'mount --bind "$1" /etc/hosts && "$2"' hosts \
        "$BATS_TEST_TMPDIR/hosts" "$ROOT/tests/unit/runtime_test"
    grep -q "^ok [0-9]* - RPCBPROC_GETADDR v4 at localhost (::1): asks for netid udp6" <<<"$output"
}

# A program of the test's own on the classic API, built like the slides'
# (one -I, the two libraries; .buildflags: the tree's compiler and flags).
build_classic() {
    local src=$BATS_TEST_TMPDIR/$1.c
    cat >"$src"
    $(cat "$ROOT/.buildflags") -I"$ROOT/rpc/classic" -o "$BATS_TEST_TMPDIR/$1" "$src" \
        "$ROOT/rpc/librpcclassic.a" "$ROOT/rpc/librpc.a" -lm
}

@test "the classic API refuses what it cannot do: procedure 0, a procedure twice, NULL and too long strings, a call too big for UDP" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    build_classic edges <<'EOF2'
#include <rpc/rpc.h>
#include <stdio.h>
#include <string.h>

static char *nothing(char *arg) { (void)arg; return NULL; }

int main(void)
{
    static char big[70000];
    char buf[64], *text = NULL, *longer = "hello";
    unsigned char wire[] = { 0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o', 0, 0, 0 };
    XDR xdrs;
    bool_t ok;
    float x;

    printf("proc 0: %d\n", registerrpc(0x20000099, 1, 0, nothing, (xdrproc_t)xdr_int, (xdrproc_t)xdr_int));
    printf("proc 1: %d\n", registerrpc(0x20000099, 1, 1, nothing, (xdrproc_t)xdr_int, (xdrproc_t)xdr_int));
    printf("proc 1 again: %d\n", registerrpc(0x20000099, 1, 1, nothing, (xdrproc_t)xdr_int, (xdrproc_t)xdr_int));
    xdrmem_create(&xdrs, buf, sizeof buf, XDR_ENCODE);
    printf("encode NULL: %d\n", xdr_string(&xdrs, &text, 10));
    printf("encode 5 chars, max 4: %d\n", xdr_string(&xdrs, &longer, 4));
    xdrmem_create(&xdrs, (char *)wire, sizeof wire, XDR_DECODE);
    printf("decode 5 chars, max 4: %d\n", xdr_string(&xdrs, &text, 4));
    xdrmem_create(&xdrs, (char *)wire, sizeof wire, XDR_DECODE);
    ok = xdr_string(&xdrs, &text, 5);
    printf("decode 5 chars, max 5: %d %s\n", ok, text);
    xdr_free((xdrproc_t)xdr_wrapstring, &text);
    {
        unsigned char c200[] = { 0, 0, 0, 200 }, c256[] = { 0, 0, 1, 0 };
        char c = 0;
        xdrmem_create(&xdrs, (char *)c200, 4, XDR_DECODE);
        ok = xdr_char(&xdrs, &c);
        printf("char 200: %d %u", ok, (unsigned char)c);
        xdrmem_create(&xdrs, (char *)c256, 4, XDR_DECODE);
        printf(", char 256: %d\n", xdr_char(&xdrs, &c));
    }
    memset(big, 'a', sizeof big - 1);
    text = big;
    printf("callrpc 70000 bytes: %s\n", clnt_sperrno(callrpc("127.0.0.1", 0x20000099, 1, 1,
           (xdrproc_t)xdr_wrapstring, (char *)&text, (xdrproc_t)xdr_float, (char *)&x)));
    return 0;
}
EOF2
    SOCKLAB_PMAP_PORT=$pmap_port run -0 --separate-stderr "$BATS_TEST_TMPDIR/edges"
    [ "${lines[0]}" = "proc 0: -1" ]
    [ "${lines[1]}" = "proc 1: 0" ]
    [ "${lines[2]}" = "proc 1 again: -1" ]
    [ "${lines[3]}" = "encode NULL: 0" ]
    [ "${lines[4]}" = "encode 5 chars, max 4: 0" ]
    [ "${lines[5]}" = "decode 5 chars, max 4: 0" ]
    [ "${lines[6]}" = "decode 5 chars, max 5: 1 hello" ]
    [ "${lines[7]}" = "char 200: 1 200, char 256: 0" ]  # an unsigned char peer's 200
    [ "${lines[8]}" = "callrpc 70000 bytes: RPC: Can't encode arguments" ]
    [ "${stderr_lines[0]}" = "registerrpc: can't reassign procedure number 0" ]
    [ "${stderr_lines[1]}" = "registerrpc: procedure 1 of program 536871065 version 1 is already registered" ]
}

@test "a hostile peer cannot crash the slides' server: short, empty, long and huge arguments" {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    start_classic
    port=$(rpc_info -P "$pmap_port" -p | awk "\$1 == $ARITH { print \$4 }")
    peer() { python3 "$ROOT/tests/rpc_peer.py" call "$port" "$ARITH" 1 "$@"; }
    run -0 peer 1 ""
    [ "$output" = "MSG_ACCEPTED accept_stat 4 results " ]        # GARBAGE_ARGS
    run -0 peer 1 00000003
    [ "$output" = "MSG_ACCEPTED accept_stat 4 results " ]
    run -0 peer 1 000000030000000400000005                      # extra bytes: ignored, as libtirpc
    [ "$output" = "MSG_ACCEPTED accept_stat 0 results 00000007" ]
    run -0 peer 1 "$(printf '%.0s41200000' $(seq 16000))"       # 64000 bytes
    [ "$output" = "MSG_ACCEPTED accept_stat 0 results 41a00000" ]
    run -0 peer 9 00000003
    [ "$output" = "MSG_ACCEPTED accept_stat 3 results " ]        # PROC_UNAVAIL
    SOCKLAB_PMAP_PORT=$pmap_port run -0 "$TP3/client" 127.0.0.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    stop_server classic
}

# silent_udp NAME: a UDP socket on 127.0.0.1 that answers nothing and logs
# the xid of each datagram; sets NAME_pid and NAME_port.
silent_udp() {
    start_server "$1" python3 -c 'import os, signal, socket, struct
signal.signal(signal.SIGINT, lambda *_: os._exit(0))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
print("Listening on 127.0.0.1:%d" % s.getsockname()[1], flush=True)
while True: print("xid %08x" % struct.unpack(">I", s.recv(65536)[:4]), flush=True)'
}

@test "callrpc() against silence: 5 s for a silent portmapper, 25 s for a silent program, then an error (as the original's 25 s)" {
    silent_udp mute
    SECONDS=0
    SOCKLAB_PMAP_PORT=$mute_port run -1 --separate-stderr timeout 20 "$TP3/client" 127.0.0.1
    [ "$stderr" = "client: 127.0.0.1: RPC: Port mapper failure" ]
    [ "$SECONDS" -ge 4 ]
    [ "$(grep -c '^xid' "$BATS_TEST_TMPDIR/mute.out")" -ge 3 ]   # GETPORT sent again
    # the portmapper answers, the program is silent
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
    run -0 python3 "$ROOT/tests/rpc_peer.py" call "$pmap_port" 100000 2 1 \
        "$(printf '%08x%08x%08x%08x' "$ARITH" 1 17 "$mute_port")"      # SET
    before=$(wc -l <"$BATS_TEST_TMPDIR/mute.out")
    SECONDS=0
    SOCKLAB_PMAP_PORT=$pmap_port run -1 --separate-stderr timeout 60 "$TP3/client" 127.0.0.1
    [ "$stderr" = "client: 127.0.0.1: RPC: Timed out" ]
    [ "$SECONDS" -ge 24 ]
    tail -n +$((before + 1)) "$BATS_TEST_TMPDIR/mute.out" >"$BATS_TEST_TMPDIR/call.xids"
    run -0 sort -u "$BATS_TEST_TMPDIR/call.xids"
    [ "${#lines[@]}" -eq 1 ]          # one xid: the same call, sent again
    [ "$(wc -l <"$BATS_TEST_TMPDIR/call.xids")" -ge 6 ]
    stop_server mute
}
