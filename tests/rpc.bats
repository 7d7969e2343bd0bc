#!/usr/bin/env bats
# TP3: rpc_portmap, rpc_arith_server, rpc_arith_client, rpc_info on
# unprivileged ports (-p / -P), loopback only, no root needed. The root-only
# interoperability tests (rpcinfo, rpcbind, libtirpc, tshark) are in
# tests/rpc_interop.bats.

load helpers

ARITH=858993459
PEER="python3 $BATS_TEST_DIRNAME/rpc_peer.py"

setup() {
    start_server pmap rpc_portmap -p 0 -b 127.0.0.1
}

teardown() {
    [ -z "${arith_pid:-}" ] || kill -CONT "$arith_pid" 2>/dev/null
    stop_server arith pmap fake
}

start_arith() {
    start_server arith rpc_arith_server -P "$pmap_port" "$@"
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.out" '^Registered with the portmapper'
    arith_udp_port=$(sed -nE 's/^UDP on 127\.0\.0\.1:([0-9]+)$/\1/p' "$BATS_TEST_TMPDIR/arith.out")
}

@test "every program: -h prints usage on stdout and exits 0; a bad option exits 2" {
    for prog in rpc_portmap rpc_arith_server rpc_arith_client rpc_info; do
        run -0 --separate-stderr "$prog" -h
        [[ "${lines[0]}" == "usage: $prog "* ]]
        [[ "$output" == *"example: $prog"* ]]
        run -2 --separate-stderr "$prog" -Z
        [ "$output" = "" ]
        [[ "$stderr" == *"unknown option '-Z'"*"usage: $prog"* ]]
    done
}

@test "bad values are named and exit 2: port, transport, timeout, operation, program" {
    run -2 --separate-stderr rpc_portmap -p 70000
    [[ "$stderr" == *"invalid port '70000'"* ]]
    run -2 --separate-stderr rpc_arith_client -T sctp 127.0.0.1 add 1 2
    [[ "$stderr" == *"invalid transport 'sctp'"* ]]
    run -2 --separate-stderr rpc_arith_client -t 0 127.0.0.1 add 1 2
    [[ "$stderr" == *"invalid timeout '0'"* ]]
    run -2 --separate-stderr rpc_arith_client 127.0.0.1 div 1 2
    [[ "$stderr" == *"invalid operation 'div'"* ]]
    run -2 --separate-stderr rpc_arith_client 127.0.0.1 add 1
    [[ "$stderr" == *"missing Y for 'add'"* ]]
    run -2 --separate-stderr rpc_arith_client 127.0.0.1 add 1 x
    [[ "$stderr" == *"invalid number 'x'"* ]]
    run -2 --separate-stderr rpc_info -t 127.0.0.1 0x33333333
    [[ "$stderr" == *"invalid program number '0x33333333'"* ]]
    run -2 --separate-stderr rpc_info -p -t 127.0.0.1 1
    [[ "$stderr" == *"cannot be used together"* ]]
    run -2 --separate-stderr rpc_info
    [[ "$stderr" == *"one of -p, -t, -u or -d is needed"* ]]
}

@test "rpc_portmap prints its sockets, registers itself, and rpc_info -p lists it like rpcinfo" {
    run -0 cat "$BATS_TEST_TMPDIR/pmap.out"
    [ "${lines[0]}" = "Listening on 127.0.0.1:$pmap_port (pid $pmap_pid)" ]
    [ "${lines[1]}" = "UDP on 127.0.0.1:$pmap_port" ]
    run -0 rpc_info -P "$pmap_port" -p
    [ "${lines[0]}" = "   program vers proto   port  service" ]
    printf -v row '%10s%5s%6s%7s  %s' 100000 4 tcp "$pmap_port" portmapper
    [ "${lines[1]}" = "$row" ]
    printf -v row '%10s%5s%6s%7s  %s' 100000 2 udp "$pmap_port" portmapper
    [ "${lines[6]}" = "$row" ]
    [ "${#lines[@]}" -eq 7 ]
}

@test "rpc_portmap on its default addresses also listens on [::1] when IPv6 works" {
    stop_server pmap
    start_server pmap rpc_portmap -p 0
    run -0 cat "$BATS_TEST_TMPDIR/pmap.out"
    [[ "${lines[0]}" == "Listening on 127.0.0.1:$pmap_port (pid $pmap_pid)" ]]
    if grep -q "IPv6 is not available" "$BATS_TEST_TMPDIR/pmap.err"; then
        skip "no IPv6 on this machine"
    fi
    [ "${lines[2]}" = "TCP on [::1]:$pmap_port" ]
    [ "${lines[3]}" = "UDP on [::1]:$pmap_port" ]
    run -0 rpc_info -P "$pmap_port" -t ::1 100000 2
    [ "$output" = "program 100000 version 2 ready and waiting" ]
}

@test "rpc_arith_server registers tcp and udp; rpc_info -p shows them as arith" {
    start_arith
    run -0 cat "$BATS_TEST_TMPDIR/arith.out"
    [[ "${lines[0]}" =~ ^Listening\ on\ 127\.0\.0\.1:([0-9]+)\ \(pid\ [0-9]+\)$ ]]
    tcp_port=${BASH_REMATCH[1]}
    [ "${lines[2]}" = "Registered with the portmapper at 127.0.0.1:$pmap_port: program $ARITH version 1, tcp port $tcp_port, udp port $arith_udp_port" ]
    run -0 rpc_info -P "$pmap_port" -p
    printf -v row '%10s%5s%6s%7s  %s' "$ARITH" 1 tcp "$tcp_port" arith
    [ "${lines[7]}" = "$row" ]
    printf -v row '%10s%5s%6s%7s  %s' "$ARITH" 1 udp "$arith_udp_port" arith
    [ "${lines[8]}" = "$row" ]
}

@test "rpc_arith_client: the slide's lines over tcp and udp" {
    start_arith
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 add 13.4 17.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 add 13.4 17.1
    [ "$output" = "13.400000 + 17.100000 = 30.500000" ]
    run -0 rpc_arith_client -P "$pmap_port" -T udp localhost mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 sqrt 16
    [ "$output" = "sqrt(16.000000) = 4.000000" ]
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 sqrt -2.25
    [ "$output" = "sqrt(-2.250000) = -nan" ] || [ "$output" = "sqrt(-2.250000) = nan" ]
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 null
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
}

@test "rpc_arith_client --trace shows every field of the four messages with its bytes" {
    start_arith
    run -0 --separate-stderr rpc_arith_client --trace -P "$pmap_port" -T udp 127.0.0.1 add 13.4 17.1
    [[ "${lines[0]}" == "--> to portmapper 127.0.0.1:$pmap_port (udp), 56 bytes" ]]
    [[ "${lines[1]}" =~ ^\ \ \ \ [0-9a-f]{2}\ [0-9a-f]{2}\ [0-9a-f]{2}\ [0-9a-f]{2}\ \ xid\ +0x[0-9a-f]{8}$ ]]
    [ "${lines[2]}" = "    00 00 00 00  msg_type     CALL (0)" ]
    [ "${lines[3]}" = "    00 00 00 02  rpcvers      2" ]
    [ "${lines[4]}" = "    00 01 86 a0  prog         100000 (PMAP_PROG)" ]
    [ "${lines[6]}" = "    00 00 00 03  proc         3 (PMAPPROC_GETPORT)" ]
    [ "${lines[11]}" = "    33 33 33 33  prog         858993459 (0x33333333, ARITH_PROG)" ]
    [ "${lines[13]}" = "    00 00 00 11  prot         17 (udp)" ]
    [[ "${lines[15]}" == "<-- from portmapper 127.0.0.1:$pmap_port (udp), 28 bytes" ]]
    [ "${lines[18]}" = "    00 00 00 00  reply_stat   MSG_ACCEPTED (0)" ]
    [ "${lines[21]}" = "    00 00 00 00  accept_stat  SUCCESS (0)" ]
    printf -v word '%02x %02x %02x %02x' 0 0 $((arith_udp_port >> 8)) $((arith_udp_port & 255))
    [ "${lines[22]}" = "    $word  port         $arith_udp_port" ]
    [ "${lines[23]}" = "--> to ARITH server 127.0.0.1:$arith_udp_port (udp), 48 bytes" ]
    [ "${lines[27]}" = "    33 33 33 33  prog         858993459 (0x33333333, ARITH_PROG)" ]
    [ "${lines[29]}" = "    00 00 00 01  proc         1 (ADD_PROC)" ]
    [ "${lines[30]}" = "    00 00 00 00  cred flavor  AUTH_NONE (0)" ]
    [ "${lines[34]}" = "    41 56 66 66  e1           13.400000" ]
    [ "${lines[35]}" = "    41 88 cc cd  e2           17.100000" ]
    [ "${lines[36]}" = "<-- from ARITH server 127.0.0.1:$arith_udp_port (udp), 28 bytes" ]
    [ "${lines[43]}" = "    41 f4 00 00  result       30.500000" ]
    [ "${lines[44]}" = "13.400000 + 17.100000 = 30.500000" ]
    # the reply's xid is the call's
    [ "${lines[24]:4:11}" = "${lines[37]:4:11}" ]
}

@test "rpc_info -t/-u: NULL pings, with and without a version" {
    start_arith
    run -0 rpc_info -P "$pmap_port" -t 127.0.0.1 "$ARITH" 1
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    run -0 rpc_info -P "$pmap_port" -u 127.0.0.1 "$ARITH" 1
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    run -0 rpc_info -P "$pmap_port" -t 127.0.0.1 "$ARITH"
    [ "$output" = "program $ARITH version 1 ready and waiting" ]
    # the portmapper itself serves versions 2 to 4
    run -0 rpc_info -P "$pmap_port" -u 127.0.0.1 100000
    [ "${lines[0]}" = "program 100000 version 2 ready and waiting" ]
    [ "${lines[2]}" = "program 100000 version 4 ready and waiting" ]
}

@test "errors as clnt_perror says them: version mismatch (rpc_info and rpc_arith_client)" {
    start_arith
    run -1 --separate-stderr rpc_info -P "$pmap_port" -u 127.0.0.1 "$ARITH" 2
    [ "$output" = "program $ARITH version 2 is not available" ]
    [ "$stderr" = "rpc_info: RPC: Program/version mismatch; low version = 1, high version = 1" ]
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" -V 2 127.0.0.1 add 1 2
    [ "$output" = "" ]
    [ "${stderr_lines[0]}" = "rpc_arith_client: 127.0.0.1: RPC: Program/version mismatch; low version = 1, high version = 1" ]
    # the portmapper answers PROG_MISMATCH (2..4) for versions it does not serve
    run -1 --separate-stderr rpc_info -P "$pmap_port" -n "$pmap_port" -t 127.0.0.1 100000 5
    [ "$stderr" = "rpc_info: RPC: Program/version mismatch; low version = 2, high version = 4" ]
}

@test "errors: procedure unavailable, program unavailable, program not registered" {
    start_arith
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" 127.0.0.1 7 1 2
    [ "${stderr_lines[0]}" = "rpc_arith_client: 127.0.0.1: RPC: Procedure unavailable" ]
    run -1 --separate-stderr rpc_info -n "$arith_udp_port" -u 127.0.0.1 100003 3
    [ "$output" = "program 100003 version 3 is not available" ]
    [ "$stderr" = "rpc_info: RPC: Program unavailable" ]
    run -1 --separate-stderr rpc_info -P "$pmap_port" -t 127.0.0.1 12345
    [ "$output" = "" ]
    [ "$stderr" = "rpc_info: 127.0.0.1: RPC: Program not registered" ]
    stop_server arith
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    [ "${stderr_lines[0]}" = "rpc_arith_client: 127.0.0.1: RPC: Program not registered" ]
    [[ "${stderr_lines[1]}" == "rpc_arith_client: hint: is rpc_arith_server running there?"* ]]
}

@test "errors: no portmapper, a server that died, a server that does not answer" {
    start_arith
    local free
    free=$(free_port)
    run -1 --separate-stderr rpc_arith_client -P "$free" 127.0.0.1 add 1 2
    [ "${stderr_lines[0]}" = "rpc_arith_client: 127.0.0.1: RPC: Port mapper failure - RPC: Unable to receive; errno = Connection refused" ]
    [[ "${stderr_lines[1]}" == *"is a portmapper running on 127.0.0.1 port $free?"* ]]
    run -1 --separate-stderr rpc_info -P "$free" -p
    [ "${stderr_lines[0]}" = "rpc_info: 127.0.0.1: RPC: Remote system error - Connection refused" ]
    run -1 --separate-stderr rpc_info -P "$free" -u 127.0.0.1 "$ARITH" 1
    [[ "${stderr_lines[0]}" == "rpc_info: 127.0.0.1: RPC: Port mapper failure - "* ]]
    # stopped (SIGSTOP): the call times out; the client cannot know if it ran
    kill -STOP "$arith_pid"
    run -1 --separate-stderr rpc_arith_client -P "$pmap_port" -T udp -t 1 127.0.0.1 add 1 2
    kill -CONT "$arith_pid"
    [ "${stderr_lines[0]}" = "rpc_arith_client: 127.0.0.1: RPC: Timed out" ]
    [[ "${stderr_lines[1]}" == *"the call may or may not have run"* ]]
}

@test "rpc_arith_server unregisters on SIGINT and on SIGTERM, and exits 0" {
    start_arith
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" == *"$ARITH"* ]]
    stop_server arith
    grep -qx "Unregistered from the portmapper at 127.0.0.1:$pmap_port" "$BATS_TEST_TMPDIR/arith.out"
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" != *"$ARITH"* ]]
    start_arith
    kill -TERM "$arith_pid"
    wait_server arith
    run -0 rpc_info -P "$pmap_port" -p
    [[ "$output" != *"$ARITH"* ]]
}

@test "rpc_arith_server without a portmapper: one error line, a hint, exit 1" {
    local free
    free=$(free_port)
    run -1 --separate-stderr rpc_arith_server -P "$free"
    [[ "${stderr_lines[0]}" == "rpc_arith_server: cannot register with the portmapper at 127.0.0.1:$free: RPC: Port mapper failure - RPC: Unable to receive; errno = Connection refused" ]]
    [[ "${stderr_lines[1]}" == *"rpc_portmap -p $free"* ]]
}

@test "rpc_info -p: 'No remote programs registered.' for an empty table" {
    start_server fake $PEER empty-pmap
    run -0 rpc_info -P "$fake_port" -p 127.0.0.1
    [ "$output" = "No remote programs registered." ]
}

@test "rpc_portmap: CALLIT forwards to a registered UDP service, only that" {
    start_arith
    # ADD(3, 4) = 7: 40400000 40800000 -> 40e00000
    run -0 $PEER callit "$pmap_port" "$ARITH" 1 1 4040000040800000
    [ "$output" = "port $arith_udp_port results 40e00000" ]
    run -0 $PEER callit "$pmap_port" "$ARITH" 1 1 4040000040800000 4
    [ "$output" = "addr 0.0.0.0.$((arith_udp_port >> 8)).$((arith_udp_port & 255)) results 40e00000" ]
    # not registered, another version, or the portmapper itself: no reply (RFC 1833)
    run -0 $PEER callit "$pmap_port" 12345 1 0 ""
    [ "$output" = "no reply" ]
    run -0 $PEER callit "$pmap_port" "$ARITH" 2 1 4040000040800000
    [ "$output" = "no reply" ]
    run -0 $PEER callit "$pmap_port" 100000 2 4 ""
    [ "$output" = "no reply" ]
}

@test "rpc_portmap: the table is bounded; a full table refuses SET clearly" {
    # 10 entries are the portmapper's own (tcp, udp: v2-v4; tcp6, udp6: v3, v4)
    # here only tcp and udp: 6. 1024 - 6 = 1018 SETs succeed.
    run -0 $PEER set-flood "$pmap_port" 1030
    [ "$output" = "true 1018 false 12" ]
    grep -q "registration table full (1024 entries)" "$BATS_TEST_TMPDIR/pmap.err"
    # still answering
    run -0 rpc_info -P "$pmap_port" -t 127.0.0.1 100000 2
    [ "$output" = "program 100000 version 2 ready and waiting" ]
}

@test "rpc_portmap: rpcbind v3 SET stores printable netids and addresses only" {
    # SET(123, 1, "t\x01p", "0.0.0.0.1.2", "x") then SET(123, 1, "tcp", "0.0.0.0.1.2", "x")
    run -0 $PEER call "$pmap_port" 100000 3 1 0000007b000000010000000374017000
    [ "$output" = "MSG_ACCEPTED accept_stat 4 results " ]
    run -0 $PEER call "$pmap_port" 100000 3 1 0000007b0000000100000003740170000000000b302e302e302e302e312e32000000000178000000
    [ "$output" = "MSG_ACCEPTED accept_stat 0 results 00000000" ]
    run -0 $PEER call "$pmap_port" 100000 3 1 0000007b0000000100000003746370000000000b302e302e302e302e312e32000000000178000000
    [ "$output" = "MSG_ACCEPTED accept_stat 0 results 00000001" ]
    run -0 rpc_info -P "$pmap_port" -p
    printf -v row '%10s%5s%6s%7s' 123 1 tcp 258
    [ "${lines[7]}" = "$row" ]
}

@test "rpc_portmap: unknown procedure PROC_UNAVAIL, bad arguments GARBAGE_ARGS, never silence" {
    run -0 $PEER call "$pmap_port" 100000 2 9 ""
    [ "$output" = "MSG_ACCEPTED accept_stat 3 results " ]
    run -0 $PEER call "$pmap_port" 100000 2 3 0000
    [ "$output" = "MSG_ACCEPTED accept_stat 4 results " ]
    run -0 $PEER call "$pmap_port" 100000 1 0 ""
    [ "$output" = "MSG_ACCEPTED accept_stat 2 results 0000000200000004" ]
    run -0 $PEER call "$pmap_port" 100001 1 0 ""
    [ "$output" = "MSG_ACCEPTED accept_stat 1 results " ]
}

@test "rpc_portmap and rpc_arith_server: -v traces sockets and requests" {
    stop_server pmap
    start_server pmap rpc_portmap -v -p 0 -b 127.0.0.1
    start_arith -v
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    # its own socket calls, each traced as it happens
    grep -q "^\[rpc_portmap\] socket(AF_INET, SOCK_STREAM) = 3$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] setsockopt(3, SO_REUSEADDR, 1) = 0$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] bind(3, 127.0.0.1:0) = 0$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] listen(3, [0-9]*) = 0$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] socket(AF_INET, SOCK_DGRAM) = 4$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] bind(4, 127.0.0.1:$pmap_port) = 0$" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] v2 SET($ARITH, 1, 6, " "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_portmap\] v2 GETPORT($ARITH, 1, 6) from 127.0.0.1:" "$BATS_TEST_TMPDIR/pmap.err"
    grep -q "^\[rpc_arith_server\] bind([0-9]*, 127.0.0.1:0) = 0$" "$BATS_TEST_TMPDIR/arith.err"
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.err" "^\[rpc_arith_server\] tcp ADD\(1.000000, 2.000000\) = 3.000000 for 127.0.0.1:"
}

@test "rpc_arith_server: a registration left by a server killed with SIGKILL is taken over, and said; a live server's is refused" {
    start_arith
    dead_tcp=$(sed -nE 's/^Listening on 127\.0\.0\.1:([0-9]+) .*/\1/p' "$BATS_TEST_TMPDIR/arith.out")
    kill -KILL "$arith_pid"
    killed=0
    wait "$arith_pid" || killed=$?
    [ "$killed" -eq 137 ]          # SIGKILL: no UNSET, the registration outlives it
    arith_pid=""
    run -0 rpc_info -P "$pmap_port" -p
    [ "$(grep -c "^ $ARITH " <<<"$output")" -eq 2 ]
    start_arith
    run -0 grep "^Took over" "$BATS_TEST_TMPDIR/arith.out"
    [ "$output" = "Took over the registration of program $ARITH version 1 on tcp from a dead server (tcp port $dead_tcp did not answer)" ]
    live_tcp=$(sed -nE 's/^Listening on 127\.0\.0\.1:([0-9]+) .*/\1/p' "$BATS_TEST_TMPDIR/arith.out")
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    [ "$output" = "1.000000 + 2.000000 = 3.000000" ]
    run -0 rpc_arith_client -P "$pmap_port" -T udp 127.0.0.1 mult 3 4
    [ "$output" = "3.000000 * 4.000000 = 12.000000" ]
    # a second server while this one lives: refused, the registration kept
    run -1 --separate-stderr rpc_arith_server -P "$pmap_port"
    [[ "$output" == "Listening on 127.0.0.1:"* ]]
    [[ "$output" != *"Took over"* && "$output" != *"Registered"* ]]
    [ "${stderr_lines[0]}" = "rpc_arith_server: the portmapper at 127.0.0.1:$pmap_port refused to register program $ARITH version 1: a live server holds it (port $live_tcp answers)" ]
    [ "${stderr_lines[1]}" = "rpc_arith_server: hint: stop that server first; see: rpc_info -P $pmap_port -p" ]
    run -0 rpc_arith_client -P "$pmap_port" 127.0.0.1 add 1 2
    [ "$output" = "1.000000 + 2.000000 = 3.000000" ]
    stop_server arith
    run -0 grep -c "^Unregistered from the portmapper" "$BATS_TEST_TMPDIR/arith.out"
}

@test "messages: rpc_info's bad version names its range; rpc_arith_client refuses nan and inf; each exits 2" {
    run -2 --separate-stderr rpc_info -t 127.0.0.1 arith abc
    [ "$output" = "" ]
    [ "${stderr_lines[0]}" = "rpc_info: invalid version 'abc' (expected an integer in 0..4294967295)" ]
    [[ "${stderr_lines[1]}" == "usage: rpc_info "* ]]
    run -2 --separate-stderr rpc_info -d arith 4294967296
    [ "${stderr_lines[0]}" = "rpc_info: invalid version '4294967296' (expected an integer in 0..4294967295)" ]
    for value in nan inf -inf NaN infinity; do
        run -2 --separate-stderr rpc_arith_client -P "$pmap_port" 127.0.0.1 add "$value" 2
        [ "$output" = "" ]
        [ "${stderr_lines[0]}" = "rpc_arith_client: invalid number '$value' (expected a finite number between -3.4e38 and 3.4e38, e.g. 13.4)" ]
        run -2 --separate-stderr rpc_arith_client -P "$pmap_port" 127.0.0.1 mult 2 "$value"
        [ "${stderr_lines[0]}" = "rpc_arith_client: invalid number '$value' (expected a finite number between -3.4e38 and 3.4e38, e.g. 13.4)" ]
    done
}

@test "messages: RPC: Unknown host carries the resolver's own error (gai_strerror)" {
    # the resolver's text for that name, as python's socket module gets it
    why=$(python3 -c 'import socket
try:
    socket.getaddrinfo("no-such-host.invalid", 111)
except socket.gaierror as e:
    print(e.strerror)')
    [ -n "$why" ]
    run -1 --separate-stderr rpc_arith_client no-such-host.invalid add 1 2
    [ "$stderr" = "rpc_arith_client: no-such-host.invalid: RPC: Unknown host - $why" ]
    run -1 --separate-stderr rpc_info -t no-such-host.invalid arith 1
    [ "$stderr" = "rpc_info: no-such-host.invalid: RPC: Unknown host - $why" ]
    run -1 --separate-stderr rpc_info -p no-such-host.invalid
    [ "$stderr" = "rpc_info: no-such-host.invalid: RPC: Unknown host - $why" ]
}

@test "messages: rpc_portmap -s into a missing folder names the folder, with a hint, exit 1" {
    run -1 --separate-stderr rpc_portmap -p 0 -b 127.0.0.1 -s "$BATS_TEST_TMPDIR/no/such/dir/rpcbind.sock"
    [ "${stderr_lines[0]}" = "rpc_portmap: AF_UNIX socket $BATS_TEST_TMPDIR/no/such/dir/rpcbind.sock: No such file or directory" ]
    [ "${stderr_lines[1]}" = "rpc_portmap: hint: the folder $BATS_TEST_TMPDIR/no/such/dir does not exist: create it (mkdir -p $BATS_TEST_TMPDIR/no/such/dir) or choose another path, e.g. -s /run/rpcbind.sock" ]
}

@test "rpc_arith_server -S PATH registers through an AF_LOCAL portmapper (rpc_portmap -s); rpc_info -S PATH -d deletes; -P with -S refused" {
    sock="$BATS_TEST_TMPDIR/pm.sock"
    start_server local rpc_portmap -p 0 -b 127.0.0.1 -s "$sock"
    wait_for_file_line "$BATS_TEST_TMPDIR/local.out" "^Local socket $sock$"
    start_server arith rpc_arith_server -S "$sock"
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.out" '^Registered with the portmapper'
    tcp=$(sed -nE 's/^Listening on 127\.0\.0\.1:([0-9]+) .*/\1/p' "$BATS_TEST_TMPDIR/arith.out")
    udp=$(sed -nE 's/^UDP on 127\.0\.0\.1:([0-9]+)$/\1/p' "$BATS_TEST_TMPDIR/arith.out")
    run -0 grep "^Registered" "$BATS_TEST_TMPDIR/arith.out"
    [ "$output" = "Registered with the portmapper at $sock: program $ARITH version 1, tcp port $tcp, udp port $udp" ]
    run -0 rpc_arith_client -P "$local_port" 127.0.0.1 add 1 2
    [ "$output" = "1.000000 + 2.000000 = 3.000000" ]
    # the registration went over the AF_LOCAL socket: version 4, netid and
    # the server's own address (127.0.0.1), not a version 2 0.0.0.0
    run -0 rpc_info -P "$local_port" -p
    [ "$(grep -c "^ $ARITH    1 " <<<"$output")" -eq 2 ]
    stop_server arith
    run -0 grep "^Unregistered" "$BATS_TEST_TMPDIR/arith.out"
    [ "$output" = "Unregistered from the portmapper at $sock" ]
    start_server arith rpc_arith_server -S "$sock"
    wait_for_file_line "$BATS_TEST_TMPDIR/arith.out" '^Registered with the portmapper'
    kill -KILL "$arith_pid"; wait "$arith_pid" || true; arith_pid=""
    run -0 rpc_info -S "$sock" -d arith 1
    [ "$output" = "Deleted the registration of program $ARITH version 1 at $sock" ]
    run -0 rpc_info -P "$local_port" -p
    [ "$(grep -c "^ $ARITH " <<<"$output")" -eq 0 ]
    run -1 --separate-stderr rpc_info -S "$sock" -d arith 1
    [ "${stderr_lines[0]}" = "rpc_info: program $ARITH version 1 is not registered at $sock" ]
    # over UDP, version 2's UNSET says it: nothing removed
    run -1 --separate-stderr rpc_info -P "$local_port" -d arith 1
    [ "${stderr_lines[0]}" = "rpc_info: could not delete the registration of program $ARITH version 1 at 127.0.0.1:$local_port" ]
    stop_server local
    run -2 --separate-stderr rpc_arith_server -P 111 -S "$sock"
    [ "${stderr_lines[0]}" = "rpc_arith_server: options -P and -S cannot be used together" ]
    run -2 --separate-stderr rpc_info -P 111 -S "$sock" -d arith 1
    [ "${stderr_lines[0]}" = "rpc_info: options -P and -S cannot be used together" ]
    # -S names a socket nobody serves: said, exit 1 (no fallback to port 111)
    run -1 --separate-stderr rpc_arith_server -S "$BATS_TEST_TMPDIR/none.sock"
    [ "${stderr_lines[0]}" = "rpc_arith_server: connect $BATS_TEST_TMPDIR/none.sock: No such file or directory" ]
    [ "${stderr_lines[1]}" = "rpc_arith_server: hint: is rpcbind running? (rpcbind -f -w, or rpc_portmap -s $BATS_TEST_TMPDIR/none.sock)" ]
}
