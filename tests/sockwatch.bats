#!/usr/bin/env bats
# Issue 16: tools/sockwatch, the ladder of the packets (live capture in a
# network namespace of the test's own, -r of tcpdump's pcap, -w read back by
# tshark, --svg checked by a strict XML parser) and the timeline of the
# sockets (no root). Bad pcap files: a clear error or a packet skipped and
# counted, never a crash, memory bounded.
# Issue 26: -r of pcapng (tshark's, dumpcap's, several interfaces and
# sections, either byte order, hostile files) and of nanosecond pcap; each
# TCP endpoint's state beside its line; no SVG label across a lifeline; a
# picture that cannot draw everything says so.

load helpers

SOCKWATCH="$ROOT/tools/sockwatch"

teardown() {
    local name
    for name in srv echo watch; do
        stop_server "$name" || true   # a failed test: clean up, its status is moot
    done
    [ -z "${peer_pid:-}" ] || { kill "$peer_pid" 2>/dev/null; wait "$peer_pid" 2>/dev/null || true; }
}

# steps FILE: each ladder line of FILE as "> LABEL len=N" (left to right) or
# "< LABEL len=N" (right to left), one per line. The arrow is the 3rd field,
# or the 4th after the left endpoint's state.
steps() {
    awk '{ a = ($3 == "--" || $3 == "<-") ? 3 : ($4 == "--" || $4 == "<-") ? 4 : 0 }
        a { len = ""; for (i = 1; i <= NF; i++) if ($i ~ /^len=/) len = $i
            print ($a == "--" ? ">" : "<"), $(a + 1), len }' "$1"
}

# states FILE: each ladder line of FILE as "LEFT RIGHT", the states written
# beside the left and the right endpoint ("-" where none is).
states() {
    awk '{ a = ($3 == "--" || $3 == "<-") ? 3 : ($4 == "--" || $4 == "<-") ? 4 : 0 }
        a { right = $(a + 4); if (right !~ /^[A-Z][A-Z0-9-]*$/) right = "-"
            print (a == 4 ? $2 : "-"), right }' "$1"
}

# The TP1 exchange, tcp_server and tcp_client: the client's ACK of the
# server's FIN rides on its own FIN unless the client is slow to close (then
# it comes alone: the optional line).
HANDSHAKE_TO_END='> SYN len=0
< SYN-ACK len=0
> ACK len=0
> PSH-ACK len=7
< ACK len=0
< PSH-ACK len=22
> ACK len=0
< FIN-ACK len=0'
CLOSE_END='> FIN-ACK len=0
< ACK len=0'

is_tp1_exchange() {
    local got
    got=$(steps "$1")
    if [ "$got" = "$HANDSHAKE_TO_END"$'\n'"$CLOSE_END" ] ||
        [ "$got" = "$HANDSHAKE_TO_END"$'\n> ACK len=0\n'"$CLOSE_END" ]; then
        return 0
    fi
    echo "unexpected ladder:" >&2
    cat "$1" >&2
    return 1
}

# in_netns SCRIPT: runs the bash SCRIPT as root in a new network namespace
# with only lo up (fixed ports are then safe), with PATH to the programs.
in_netns() {
    require_root
    command -v unshare >/dev/null || skip "unshare is not installed"
    unshare -n bash -c "set -e; ip link set lo up; cd '$BATS_TEST_TMPDIR'
        PATH='$ROOT/tools:$ROOT/tcp:$ROOT/udp:$ROOT/ipv6:$PATH'
        wait_line() { for i in \$(seq 250); do grep -Eq -- \"\$2\" \"\$1\" 2>/dev/null && return 0; sleep 0.02; done; echo \"timeout: \$2 in \$1\" >&2; cat \"\$1\" >&2; return 1; }
        $1"
}

# The TP1 exchange on port 60000 under sockwatch (ladder.out), in a namespace;
# EXTRA: sockwatch's other options.
tp1_under_sockwatch() {
    in_netns "
        sockwatch $1 60000 >ladder.out 2>ladder.err & watch=\$!
        wait_line ladder.err capturing
        tcp_server 60000 >srv.out & srv=\$!
        wait_line srv.out 'Listening on'
        tcp_client 60000 Bonjour >client.out
        wait \$srv
        kill -INT \$watch; wait \$watch"
}

@test "sockwatch: -h prints the usage and an example; bad usage exits 2 naming the value" {
    run -0 "$SOCKWATCH" -h
    [[ "${lines[0]}" == "usage: sockwatch "* ]]
    [[ "$output" == *"example: sockwatch -s 60000"* ]]
    run -2 --separate-stderr "$SOCKWATCH"
    [ "${stderr_lines[0]}" = "sockwatch: missing PORT: what to watch" ]
    run -2 --separate-stderr "$SOCKWATCH" 70000
    [[ "${stderr_lines[0]}" == *"'70000'"* ]]
    run -2 --separate-stderr "$SOCKWATCH" -s 127.0.0.1:60000
    [ "${stderr_lines[0]}" = "sockwatch: -s follows one PORT, not an endpoint" ]
}

@test "sockwatch: the ladder of tcp_server/tcp_client: SYN, SYN-ACK, ACK, data both ways, FINs, in order" {
    tp1_under_sockwatch ""
    is_tp1_exchange "$BATS_TEST_TMPDIR/ladder.out"
    client=$(sed -n 's/^Local address: //p' "$BATS_TEST_TMPDIR/client.out")
    run grep -c "  *$client  .*  127\.0\.0\.1:60000  " "$BATS_TEST_TMPDIR/ladder.out"
    [ "$output" -ge 10 ]    # the client on the left, the server on the right, every line
    grep -q 'seq=0 len=0$' "$BATS_TEST_TMPDIR/ladder.out"
    grep -q '<- SYN-ACK .* seq=0 ack=1 len=0$' "$BATS_TEST_TMPDIR/ladder.out"
    grep -q '\-\- PSH-ACK .* seq=1 ack=1 len=7 "Bonjour"$' "$BATS_TEST_TMPDIR/ladder.out"
    grep -q '<- PSH-ACK .* seq=1 ack=8 len=22 "Welcome to this server"$' "$BATS_TEST_TMPDIR/ladder.out"
    grep -Eq '^\([0-9]+ packets drawn, 0 of other ports or endpoints, 0 skipped' "$BATS_TEST_TMPDIR/ladder.out"
}

@test "sockwatch: -w writes a pcap that tshark reads back with the same packets" {
    command -v tshark >/dev/null || skip "tshark is not installed"
    tp1_under_sockwatch "-w capture.pcap"
    is_tp1_exchange "$BATS_TEST_TMPDIR/ladder.out"
    run -0 --separate-stderr tshark -r "$BATS_TEST_TMPDIR/capture.pcap" -T fields -e tcp.len
    [ "${#lines[@]}" -eq "$(steps "$BATS_TEST_TMPDIR/ladder.out" | wc -l)" ]
    [ "$(printf '%s ' "${lines[@]:0:8}")" = "0 0 0 7 0 22 0 0 " ]
    # and sockwatch reads its own file again (-r needs no root)
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/capture.pcap"
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/again.out"
    is_tp1_exchange "$BATS_TEST_TMPDIR/again.out"
}

# tcpdump_tp1 IFACE: the TP1 exchange captured by tcpdump on IFACE, in
# capture.pcap, then drawn by sockwatch -r in ladder.out.
tcpdump_tp1() {
    in_netns "
        tcpdump -i $1 --immediate-mode -U -w capture.pcap tcp port 60000 2>tcpdump.err & dump=\$!
        wait_line tcpdump.err 'listening on'
        tcp_server 60000 >srv.out & srv=\$!
        wait_line srv.out 'Listening on'
        tcp_client 60000 Bonjour >client.out
        wait \$srv
        kill -INT \$dump; wait \$dump || true"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/capture.pcap" 60000
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/ladder.out"
}

@test "sockwatch: -r draws what tcpdump captured on lo (Ethernet) and on any (Linux cooked)" {
    command -v tcpdump >/dev/null || skip "tcpdump is not installed"
    local try
    for iface in lo any; do
        # On a loaded machine tcpdump's capture once lacked the server's FIN
        # (the client's next segment acknowledged it): the capture, not
        # sockwatch, is then tried again, 3 times at most.
        for try in 1 2 3; do
            tcpdump_tp1 "$iface"
            is_tp1_exchange "$BATS_TEST_TMPDIR/ladder.out" 2>"$BATS_TEST_TMPDIR/why" && break
            cat "$BATS_TEST_TMPDIR/tcpdump.err" "$BATS_TEST_TMPDIR/why"
            [ "$try" -lt 3 ]
        done
    done
}

@test "sockwatch: UDP, no handshake; without a server, the ICMP port unreachable comes back" {
    in_netns "
        sockwatch 60000 >ladder.out 2>ladder.err & watch=\$!
        wait_line ladder.err capturing
        udp_server 60000 >srv.out & srv=\$!
        wait_line srv.out 'Listening on'
        udp_client -p 5555 60000 Bonjour >client.out
        kill -INT \$srv; wait \$srv
        udp_client -c -p 5556 60000 encore >client2.out 2>&1 || true
        kill -INT \$watch; wait \$watch"
    run steps "$BATS_TEST_TMPDIR/ladder.out"
    [ "$output" = $'> UDP len=7\n< UDP len=22\n> UDP len=6\n< ICMP ' ]
    grep -q '127\.0\.0\.1:5556  <- ICMP -* *127\.0\.0\.1:60000 .* port unreachable (about a UDP datagram)$' \
        "$BATS_TEST_TMPDIR/ladder.out"
    grep -q 'Connection refused' "$BATS_TEST_TMPDIR/client2.out"
}

@test "sockwatch: IPv6: the same ladder between [::1] endpoints" {
    in_netns "
        sockwatch 60000 >ladder.out 2>ladder.err & watch=\$!
        wait_line ladder.err capturing
        tcp6_server 60000 >srv.out & srv=\$!
        wait_line srv.out 'Listening on'
        tcp6_client 60000 Bonjour >client.out
        wait \$srv
        kill -INT \$watch; wait \$watch"
    is_tp1_exchange "$BATS_TEST_TMPDIR/ladder.out"
    grep -q '\[::1\]:[0-9]*  -- SYN -*>  \[::1\]:60000 ' "$BATS_TEST_TMPDIR/ladder.out"
}

@test "sockwatch: --svg: valid XML for a strict parser, one arrow per packet" {
    python3 "$ROOT/tests/peers/mkpcap.py" good "$BATS_TEST_TMPDIR/good.pcap"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/good.pcap" --svg "$BATS_TEST_TMPDIR/ladder.svg"
    run -0 python3 -c 'import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
arrows = [e for e in root.iter() if e.get("class") == "arrow"]
texts = "".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
print(len(arrows), "Bonjour" in texts, "SYN-ACK" in texts)' "$BATS_TEST_TMPDIR/ladder.svg"
    [ "$output" = "10 True True" ]
}

@test "sockwatch: -r reads every link type it knows, either byte order, snap length 0" {
    python3 "$ROOT/tests/peers/mkpcap.py" good "$BATS_TEST_TMPDIR/good.pcap"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/good.pcap"
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/reference.out"
    is_tp1_exchange "$BATS_TEST_TMPDIR/reference.out"
    for kind in bigendian ethernet sll null snaplen0; do
        python3 "$ROOT/tests/peers/mkpcap.py" "$kind" "$BATS_TEST_TMPDIR/$kind.pcap"
        run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/$kind.pcap"
        [ "$output" = "$(cat "$BATS_TEST_TMPDIR/reference.out")" ] || { echo "$kind differs: $output"; false; }
    done
}

@test "sockwatch: bad pcaps: a clear error and exit 1, or packets skipped and counted; never a crash" {
    local dir=$BATS_TEST_TMPDIR
    for kind in truncated hugelen linktype shortheader notpcap pcapng garbage; do
        python3 "$ROOT/tests/peers/mkpcap.py" "$kind" "$dir/$kind.pcap"
    done
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/truncated.pcap"
    [ "${stderr_lines[0]}" = "sockwatch: $dir/truncated.pcap: truncated file: record 6 is cut short (after 5 records)" ]
    [ "$(steps <(printf '%s\n' "$output") | wc -l)" -eq 5 ]     # what was read is drawn
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/hugelen.pcap"
    [ "${stderr_lines[0]}" = "sockwatch: $dir/hugelen.pcap: record 2 claims 2147483648 bytes (more than 262144): a corrupt file (after 1 records)" ]
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/linktype.pcap"
    [ "${stderr_lines[0]}" = "sockwatch: $dir/linktype.pcap: link type 147 is not one this tool decodes (Ethernet, Linux cooked, raw IP, loopback)" ]
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/shortheader.pcap"
    [ "${stderr_lines[0]}" = "sockwatch: $dir/shortheader.pcap: truncated pcap header: 10 of 24 bytes" ]
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/notpcap.pcap"
    [[ "${stderr_lines[0]}" == "sockwatch: $dir/notpcap.pcap: not a pcap or pcapng file (magic number "* ]]
    run -0 --separate-stderr "$SOCKWATCH" -r "$dir/pcapng.pcap"     # a section header alone
    [ "$output" = "(0 packets drawn, 0 of other ports or endpoints, 0 skipped: not TCP, UDP or an ICMP error over IP, or damaged)" ]
    run -0 --separate-stderr "$SOCKWATCH" -v -r "$dir/garbage.pcap"
    [ "${lines[-1]}" = "(1 packets drawn, 0 of other ports or endpoints, 6 skipped: not TCP, UDP or an ICMP error over IP, or damaged)" ]
    [ "${#stderr_lines[@]}" -eq 6 ]
    run -1 --separate-stderr "$SOCKWATCH" -r "$dir/absent.pcap"
    [ "${stderr_lines[0]}" = "sockwatch: open $dir/absent.pcap: No such file or directory" ]
}

# capture_tp1 'TOOL OPTION': the TP1 exchange captured by TOOL (tshark -F
# pcapng, or dumpcap -n: pcapng, on lo of a namespace) in capture.pcapng. TOOL says "Capturing on"
# before it really captures: UDP probes to port 9 go first until one is in
# the file; then, after the exchange, a bounded poll until its 10 TCP
# packets are in.
capture_tp1() {
    in_netns "
        rm -f capture.pcapng dump.out dump.err srv.out client.out   # the files of the tool before
        dump= srv=
        trap 'kill \$dump \$srv 2>/dev/null || true' EXIT   # a step failed: no program left behind
        count() { capinfos -Mc capture.pcapng 2>/dev/null | awk '/Number of packets/ { print \$NF }'; }
        $1 -i lo -w \"\$PWD/capture.pcapng\" -f 'tcp port 60000 or udp port 9' >dump.out 2>dump.err & dump=\$!
        wait_line dump.err 'Capturing on'
        for i in \$(seq 250); do
            echo probe >/dev/udp/127.0.0.1/9
            [ \"\$(count)\" -ge 1 ] 2>/dev/null && break
            sleep 0.02
        done
        probes=\$(count)
        tcp_server 60000 >srv.out & srv=\$!
        wait_line srv.out 'Listening on'
        tcp_client 60000 Bonjour >client.out
        wait \$srv
        for i in \$(seq 250); do
            [ \"\$(count)\" -ge \$((probes + 10)) ] 2>/dev/null && break
            sleep 0.02
        done
        kill -INT \$dump; wait \$dump || true"
}

@test "sockwatch: a pcapng written by tshark (and by dumpcap) is drawn as its pcap conversions by editcap" {
    require_root
    require_peer tshark
    require_peer editcap
    require_peer capinfos
    local tool dir=$BATS_TEST_TMPDIR
    for tool in "tshark -F pcapng" "dumpcap -n"; do
        command -v "${tool%% *}" >/dev/null || { echo "# ${tool%% *} is not installed: not tried" >&3; continue; }
        capture_tp1 "$tool"
        [ "$(head -c 4 "$dir/capture.pcapng" | od -An -tx1 | tr -d ' ')" = 0a0d0d0a ]   # pcapng indeed
        editcap -F nsecpcap "$dir/capture.pcapng" "$dir/capture-ns.pcap"
        editcap -F pcap "$dir/capture.pcapng" "$dir/capture-us.pcap"
        run -0 --separate-stderr "$SOCKWATCH" -r "$dir/capture.pcapng" 60000
        printf '%s\n' "$output" >"$dir/ng.out"
        [ "$(steps "$dir/ng.out" | head -3)" = $'> SYN len=0\n< SYN-ACK len=0\n> ACK len=0' ] || { cat "$dir"/ng.out "$dir"/dump.err; false; }
        grep -q '<- PSH-ACK .* seq=1 ack=8 len=22 "Welcome to this server"$' "$dir/ng.out"
        run -0 "$SOCKWATCH" -r "$dir/capture-ns.pcap" 60000     # nanoseconds: the very same
        [ "$output" = "$(cat "$dir/ng.out")" ] || { echo "$tool, nsecpcap differs: $output"; false; }
        run -0 "$SOCKWATCH" -r "$dir/capture-us.pcap" 60000     # microseconds: times cut, the rest the same
        [ "$(cut -c11- <<<"$output")" = "$(cut -c11- "$dir/ng.out")" ] || { echo "$tool, pcap differs: $output"; false; }
    done
}

@test "sockwatch: pcapng with several sections, interfaces, resolutions and byte orders; simple packet blocks; nanosecond pcap" {
    local dir=$BATS_TEST_TMPDIR kind
    python3 "$ROOT/tests/peers/mkpcap.py" good "$dir/good.pcap"
    run -0 "$SOCKWATCH" -r "$dir/good.pcap"
    printf '%s\n' "$output" >"$dir/reference.out"
    for kind in ng ng-bigendian ng-multi nano; do
        python3 "$ROOT/tests/peers/mkpcap.py" "$kind" "$dir/$kind.cap"
        run -0 --separate-stderr "$SOCKWATCH" -r "$dir/$kind.cap"
        [ "$output" = "$(cat "$dir/reference.out")" ] || { echo "$kind differs: $output"; false; }
    done
    run -0 --separate-stderr "$SOCKWATCH" -v -r "$dir/ng-multi.cap"
    [ "${stderr_lines[-1]}" = "[sockwatch] $dir/ng-multi.cap: pcapng, 2 section(s), 11 block(s) of other kinds skipped" ]
    python3 "$ROOT/tests/peers/mkpcap.py" ng-simple "$dir/ng-simple.cap"
    run -0 "$SOCKWATCH" -r "$dir/ng-simple.cap"      # no timestamps: all at 0
    [ "$(cut -c11- <<<"$output")" = "$(cut -c11- "$dir/reference.out")" ]
    [ "$(awk '$1 ~ /^[0-9.]+$/ && $1 != "0.000000"' <<<"$output")" = "" ]
}

@test "sockwatch: hostile pcapng files: a clear error naming the block's offset, exit 1, memory bounded" {
    local dir=$BATS_TEST_TMPDIR kind limit=""
    ! grep -qa __asan_init "$SOCKWATCH" && limit="ulimit -v 100000;"
    for kind in ng-len13 ng-len8 ng-trailer ng-truncated ng-caplen ng-hugeblock ng-noidb ng-tsresol ng-magic ng-version; do
        python3 "$ROOT/tests/peers/mkpcap.py" "$kind" "$dir/$kind.pcapng"
    done
    check() {
        run -1 --separate-stderr bash -c "$limit exec '$SOCKWATCH' -r '$dir/$1.pcapng'"
        [ "${stderr_lines[0]}" = "sockwatch: $dir/$1.pcapng: $2" ] || { echo "$1: ${stderr_lines[*]}"; false; }
    }
    check ng-len13 "the enhanced packet block at offset 48: total length 13 (not a multiple of 4): a corrupt file (after 0 records)"
    check ng-len8 "the enhanced packet block at offset 48: total length 8 (12 at least): a corrupt file (after 0 records)"
    check ng-trailer "the enhanced packet block at offset 48: its total length is 72 at its start, 12 at its end: a corrupt file (after 0 records)"
    check ng-truncated "truncated file: the enhanced packet block at offset 416 is cut short (after 5 records)"
    [ "$(steps <(printf '%s\n' "$output") | wc -l)" -eq 5 ]     # what was read is drawn
    check ng-caplen "the enhanced packet block at offset 48: captured length 2147483648, over the block's (40): a corrupt file (after 0 records)"
    check ng-hugeblock "truncated file: the block at offset 48 is cut short (after 0 records)"
    check ng-noidb "the enhanced packet block at offset 28: a packet of interface 0, but 0 interfaces are described before it: a corrupt file (after 0 records)"
    check ng-tsresol "the interface description block at offset 28: if_tsresol is not a resolution (10^-19 or 2^-63 second at most) (after 0 records)"
    check ng-magic "the section header block at offset 0: byte-order magic 12345678 (1a2b3c4d expected): not a pcapng file"
    check ng-version "the section header block at offset 0: pcapng version 2.0, only 1.x is known"
}

# TP1's states, line by line (the client's lone ACK of the server's FIN,
# when it comes, is the optional line).
TP1_STATES_OPEN='SYN-SENT SYN-RECEIVED
ESTABLISHED -
- ESTABLISHED
- -
- -
- -
- -
CLOSE-WAIT FIN-WAIT-1'
TP1_STATES_CLOSE='LAST-ACK TIME-WAIT
CLOSED -'

@test "sockwatch: the ladder of tcp_server/tcp_client shows each endpoint's TCP state beside its line, text and SVG" {
    tp1_under_sockwatch "--svg ladder.svg"
    is_tp1_exchange "$BATS_TEST_TMPDIR/ladder.out"
    run states "$BATS_TEST_TMPDIR/ladder.out"
    [ "$output" = "$TP1_STATES_OPEN"$'\n'"$TP1_STATES_CLOSE" ] ||
        [ "$output" = "$TP1_STATES_OPEN"$'\n- FIN-WAIT-2\n'"$TP1_STATES_CLOSE" ] || { cat "$BATS_TEST_TMPDIR/ladder.out"; false; }
    # in the picture: the client's states left of its line, the server's right of its
    run -0 python3 -c 'import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
lines = sorted(float(e.get("x1")) for e in root.iter(ns + "line") if e.get("class") == "lifeline")
for e in root.iter(ns + "text"):
    if e.get("class") == "state":
        x = float(e.get("x"))
        print("client" if x < lines[0] else "server", e.text)' "$BATS_TEST_TMPDIR/ladder.svg"
    [ "${lines[0]}" = "client SYN-SENT" ] && [ "${lines[1]}" = "server SYN-RECEIVED" ]
    [[ "$output" == *"server TIME-WAIT"* ]] && [ "${lines[-1]}" = "client CLOSED" ]
    # a simultaneous close (both TIME-WAIT), and a capture begun mid-connection ended by a RST
    python3 "$ROOT/tests/peers/mkpcap.py" simclose "$BATS_TEST_TMPDIR/simclose.pcap"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/simclose.pcap"
    [ "$(states <(printf '%s\n' "$output") | tail -4)" = $'FIN-WAIT-1 CLOSE-WAIT\nCLOSING CLOSING\n- TIME-WAIT\nTIME-WAIT -' ]
    python3 "$ROOT/tests/peers/mkpcap.py" midstream "$BATS_TEST_TMPDIR/midstream.pcap"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/midstream.pcap"
    [ "$(states <(printf '%s\n' "$output"))" = $'ESTABLISHED ESTABLISHED\n- -\nCLOSED CLOSED' ]
}

@test "sockwatch: --svg: no label crosses a lifeline (widths measured in the 13 px monospace font: 0.6 em a character)" {
    python3 "$ROOT/tests/peers/mkpcap.py" good "$BATS_TEST_TMPDIR/good.pcap"
    run -0 "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/good.pcap" --svg "$BATS_TEST_TMPDIR/ladder.svg"
    run -0 python3 -c 'import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
size = float(root.get("font-size"))
lifelines = [e for e in root.iter(ns + "line") if e.get("class") == "lifeline"]
bad, seen = [], ""
for e in root.iter(ns + "text"):
    text = "".join(e.itertext())
    seen += text + "\n"
    x, y, width = float(e.get("x")), float(e.get("y")), 0.6 * size * len(text)
    start = {"middle": x - width / 2, "end": x - width}.get(e.get("text-anchor"), x)
    for line in lifelines:
        lx = float(line.get("x1"))
        if float(line.get("y1")) < y <= float(line.get("y2")) and start < lx < start + width:
            bad.append((text, start, start + width, lx))
print(bad)
print("Welcome to this server" in seen, "seq=1 ack=8 len=22" in seen)' "$BATS_TEST_TMPDIR/ladder.svg"
    [ "$output" = $'[]\nTrue True' ]
}

@test "sockwatch: a ladder that cannot draw everything says so: title, legend, stderr; numbers stay relative past 256 connections" {
    python3 "$ROOT/tests/peers/mkpcap.py" manyflows "$BATS_TEST_TMPDIR/flows.pcap"
    run -0 --separate-stderr "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/flows.pcap" --svg "$BATS_TEST_TMPDIR/flows.svg"
    [ "$(grep -c -- '-- SYN -.* seq=0 len=0$' <<<"$output")" -eq 300 ]       # each connection's own numbers
    [ "$(grep -c -- '-- PSH-ACK -.* seq=19 ack=1 len=1 "x"$' <<<"$output")" -eq 300 ]
    [ "${stderr_lines[0]}" = "sockwatch: $BATS_TEST_TMPDIR/flows.svg: the first 5000 packets only (1000 more not drawn)" ]
    [ "${stderr_lines[1]}" = "sockwatch: $BATS_TEST_TMPDIR/flows.svg: 4813 packets between endpoints past the first 12 columns not drawn" ]
    run -0 python3 -c 'import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
print(root.find(ns + "title").text)
print([e.text for e in root.iter(ns + "text") if e.get("class") == "legend"])
print(len([e for e in root.iter(ns + "line") if e.get("class") == "arrow"]))' "$BATS_TEST_TMPDIR/flows.svg"
    notice="187 of 6000 packets drawn: not drawn, 1000 after the first 5000 and 4813 between endpoints past the first 12 columns"
    [ "${lines[0]}" = "sockwatch: $notice" ]
    [ "${lines[1]}" = "['$notice']" ]
    [ "${lines[2]}" = 187 ]
    # past 65536 connections: said, the others drawn all the same
    python3 "$ROOT/tests/peers/mkpcap.py" manyconns "$BATS_TEST_TMPDIR/conns.pcap" 70000
    run -0 --separate-stderr "$SOCKWATCH" -r "$BATS_TEST_TMPDIR/conns.pcap"
    [ "${lines[-1]}" = "(70000 packets drawn, 0 of other ports or endpoints, 0 skipped: not TCP, UDP or an ICMP error over IP, or damaged)" ]
    [ "${stderr_lines[0]}" = "sockwatch: more than 65536 connections: 4464 packets of the others drawn with absolute numbers and no TCP states" ]
}

@test "sockwatch: a flood of 100000 packets: drawn in bounded memory, the SVG capped and said so" {
    ! grep -qa __asan_init "$SOCKWATCH" ||
        skip "a sanitizer build (make SANITIZE=1) reserves terabytes of address space: no ulimit -v"
    python3 "$ROOT/tests/peers/mkpcap.py" flood "$BATS_TEST_TMPDIR/flood.pcap" 100000
    run -0 --separate-stderr bash -c "ulimit -v 100000; exec '$SOCKWATCH' -r '$BATS_TEST_TMPDIR/flood.pcap' --svg '$BATS_TEST_TMPDIR/flood.svg'"
    [ "${lines[-1]}" = "(100000 packets drawn, 0 of other ports or endpoints, 0 skipped: not TCP, UDP or an ICMP error over IP, or damaged)" ]
    [ "${stderr_lines[0]}" = "sockwatch: $BATS_TEST_TMPDIR/flood.svg: the first 5000 packets only (95000 more not drawn)" ]
}

# as_nobody CMD...: runs CMD as user nobody (skips if that is impossible).
as_nobody() {
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

@test "sockwatch: without root the ladder refuses with exit 1 and a hint; the timeline works" {
    require_root
    command -v setpriv >/dev/null || skip "setpriv is not installed"
    as_nobody test -x "$SOCKWATCH" || skip "user nobody cannot run $SOCKWATCH"
    run -1 --separate-stderr as_nobody "$SOCKWATCH" 60000
    [ "${stderr_lines[0]}" = "sockwatch: packet socket on lo: Operation not permitted" ]
    [ "${stderr_lines[1]}" = "sockwatch: hint: capturing packets needs root or CAP_NET_RAW: sudo ./tools/sockwatch ...; without root: sockwatch -s PORT (the sockets), or tcpdump -w FILE then sockwatch -r FILE" ]
    start_server srv tcp_server -k 0
    run -0 --separate-stderr as_nobody "$SOCKWATCH" -s -d 1 "$srv_port"
    [[ "${lines[0]}" =~ ^\ *[0-9]+\.[0-9]{3}\ \ tcp\ \ 127\.0\.0\.1:$srv_port\ +\*:\*\ +LISTEN$ ]]
    stop_server srv
}

# start_watch ARGS...: runs sockwatch in the background (watch.out), waits for
# its first line on stderr.
start_watch() {
    "$SOCKWATCH" "$@" >"$BATS_TEST_TMPDIR/watch.out" 2>"$BATS_TEST_TMPDIR/watch.err" </dev/null 3>&- &
    watch_pid=$!
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.err" '^sockwatch: (following|capturing)'
}

@test "sockwatch: the timeline: LISTEN, ESTAB, then TIME-WAIT on the side that closed first (the server)" {
    start_server srv tcp_server 0
    start_watch -s "$srv_port"
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "127\.0\.0\.1:$srv_port +\*:\* +LISTEN  \(tcp_server, pid $srv_pid\)$"
    mkfifo "$BATS_TEST_TMPDIR/typing"
    tcp_client "$srv_port" <"$BATS_TEST_TMPDIR/typing" >"$BATS_TEST_TMPDIR/client.out" 3>&- &
    peer_pid=$!
    exec 5>"$BATS_TEST_TMPDIR/typing"
    wait_for_file_line "$BATS_TEST_TMPDIR/client.out" '^Local address'
    client=$(sed -n 's/^Local address: //p' "$BATS_TEST_TMPDIR/client.out")
    # the server's side is seen as soon as the handshake ends, while still in
    # the accept queue: no program holds it yet (accept() not called)
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "127\.0\.0\.1:$srv_port +$client +ESTAB(  \(tcp_server, pid $srv_pid\))?$"
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "$client +127\.0\.0\.1:$srv_port +ESTAB  \(tcp_client, pid $peer_pid\)$"
    echo Bonjour >&5
    exec 5>&-
    wait "$peer_pid"
    peer_pid=
    wait_for_exit "$srv_pid"
    srv_pid=
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "127\.0\.0\.1:$srv_port +$client +[A-Z0-9-]+ -> TIME-WAIT \([0-9]+ s left\)$"
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "$client +127\.0\.0\.1:$srv_port +gone$"
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "127\.0\.0\.1:$srv_port +\*:\* +gone$"
    # in that order, and the client's side never in TIME-WAIT
    run grep -nE "LISTEN  \(|$srv_port +$client +ESTAB  \(|-> TIME-WAIT" "$BATS_TEST_TMPDIR/watch.out"
    [ "${#lines[@]}" -eq 3 ] && [[ "${lines[0]}" == *LISTEN* ]] && [[ "${lines[2]}" == *TIME-WAIT* ]]
    ! grep -q "$client +127\.0\.0\.1:$srv_port .*TIME-WAIT" "$BATS_TEST_TMPDIR/watch.out"
    stop_server watch
}

@test "sockwatch: the timeline: Recv-Q grows on a client that sends to the echo server and never reads" {
    start_server echo tcp_echo_server 0
    start_watch -s "$echo_port"
    python3 -c 'import select, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setblocking(False)
while select.select([], [s], [], 0.5)[1]:
    try:
        s.send(b"x" * 65536)
    except BlockingIOError:
        pass
print("blocked", flush=True)
sys.stdin.read()' "$echo_port" >"$BATS_TEST_TMPDIR/peer.out" < <(sleep 30) 3>&- &
    peer_pid=$!
    wait_for_file_line "$BATS_TEST_TMPDIR/peer.out" '^blocked' 15
    # the client's socket (remote port: the echo server's) fills up
    wait_for_file_line "$BATS_TEST_TMPDIR/watch.out" "127\.0\.0\.1:$echo_port +ESTAB  Recv-Q [0-9]+ -> [0-9]{5,}  Send-Q"
    run grep -oE "[0-9.]+:[0-9]+ +127\.0\.0\.1:$echo_port +ESTAB  Recv-Q [0-9]+ -> [0-9]+" "$BATS_TEST_TMPDIR/watch.out"
    [ "${#lines[@]}" -ge 1 ]
    last=$(grep -oE "Recv-Q [0-9]+ -> [0-9]+" <<<"${lines[-1]}" | awk '{print $4}')
    [ "$last" -gt 65536 ]
    kill "$peer_pid"; wait "$peer_pid" || true
    peer_pid=
    stop_server watch
    stop_server echo
}
