#!/usr/bin/env bats
# Reliability, second round (issue 20, docs/RELIABILITY.md): what a hostile
# peer, a hostile server and a starved machine still broke after
# tests/hostile.bats. Attackers and fake servers are
# tests/hostile/reliability.py, on 127.0.0.1 only, every loop bounded in count
# and time. Each server's exit status is asserted when it is stopped.

load helpers

REL="$BATS_TEST_DIRNAME/hostile/reliability.py"

teardown() {
    local pid
    for pid in ${bg_pids:-}; do
        kill "$pid" 2>/dev/null || true
    done
    stop_server srv || true
}

# rel ARGS...: runs one attacker (30 s at most); its summary line is $output.
rel() {
    run -0 --separate-stderr timeout 30 python3 "$REL" "$@"
    echo "# $output" >&3
}

# rel_bg NAME SECONDS ARGS...: runs an attacker or fake server in the
# background (killed after SECONDS), output in NAME.out, and waits for its
# "NAME: ready [PORT]" line; sets NAME_pid, and NAME_port for a fake server.
rel_bg() {
    local name=$1 limit=$2 port
    shift 2
    timeout "$limit" python3 "$REL" "$@" >"$BATS_TEST_TMPDIR/$name.out" \
        2>"$BATS_TEST_TMPDIR/$name.err" 3>&- &
    declare -g "${name}_pid=$!"
    bg_pids="${bg_pids:-} $!"
    wait_for_file_line "$BATS_TEST_TMPDIR/$name.err" "^[a-z]+: ready( [0-9]+)?\$" 30
    port=$(sed -nE 's/^[a-z]+: ready ([0-9]+)$/\1/p' "$BATS_TEST_TMPDIR/$name.err")
    declare -g "${name}_port=$port"
}

# rss_kb PID: the resident memory of PID in kB (VmRSS).
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# wait_idle PID: waits (20 s at most) until PID has used no CPU time over
# five checks in a row, 0.1 s apart: a server that has done all it will do
# with what it was sent (read it, or stopped reading it).
wait_idle() {
    local pid=$1 last= now tries=200 still=0
    while [ "$tries" -gt 0 ] && [ "$still" -lt 5 ]; do
        now=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
        if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
        last=$now
        sleep 0.1
        tries=$((tries - 1))
    done
    [ "$still" -ge 5 ]
}

# rss_grew_at_most BEFORE_KB KB: the server's VmRSS grew by at most KB (four
# times more in a sanitizer build). Not checked under valgrind.
rss_grew_at_most() {
    local now bound=$2
    [ "${VALGRIND:-}" = 1 ] && return 0
    grep -q fsanitize "$ROOT/.buildflags" 2>/dev/null && bound=$((bound * 4))
    now=$(rss_kb "$srv_pid")
    echo "# VmRSS before $1 kB, now $now kB (bound +$bound kB)" >&3
    [ "$now" -le $(($1 + bound)) ]
}

# ---- 1. the RPC runtime queues a bounded amount per connection -------------------

@test "reliability rpc_portmap: 20 clients pipelining DUMP calls behind a 900 KiB call, never reading: memory bounded" {
    ulimit -n 4096
    start_server srv rpc_portmap -p 0
    local before
    before=$(rss_kb "$srv_pid")
    rel_bg flood 60 dumpflood "$srv_port" 20 30
    # 20 connections: 4 to 12 MB each before the fix; now the replies stop
    # at the first 8 KiB that cannot leave, and the calls stay unread.
    wait_idle "$srv_pid"
    rss_grew_at_most "$before" 16384
    run -0 timeout 10 rpc_info -P "$srv_port" -p 127.0.0.1
    [[ "$output" == *"    100000    2   tcp  $srv_port  portmapper"* ]]
    kill "$flood_pid"
    stop_server srv
}

@test "reliability rpc_portmap: 100000 pipelined calls read only once the server stops taking them: every reply, in order" {
    start_server srv rpc_portmap -p 0
    rel pipeline "$srv_port" 100000
    [ "$output" = "pipeline: 100000 calls, 100000 replies, in order, the server stopped reading until replies were read" ]
    stop_server srv
}
