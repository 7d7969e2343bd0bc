#!/usr/bin/env bash
# make bench: socklab's servers measured beside their anchors, in the same run
# on the same machine, and one table of medians (docs/PERFORMANCE.md).
#
#   TCP echo, 1 connection, 64 B   tcp_echo_server | socat PIPE | echo_limit
#   TCP echo, 100 connections      tcp_echo_server | socat (fork per connection)
#   TCP bulk round trip            tcp_echo_server | socat | echo_limit
#   UDP ping-pong, 64 B            udp_server -e | socat UDP-RECVFROM,fork and
#                                  UDP-LISTEN,fork | echo_limit -u
#   ARITH ADD, TCP and UDP         rpc_arith_server | the rpcgen/libtirpc ARITH server,
#                                  each called by its own client and by the other's
#   ARITH ADD pipelined (TCP)      the toolkit's client, DEPTH calls in flight
#                                  (one send() per call, Nagle on, or batched: -b)
#   memory                         idle and peak RSS of every server; 10000 idle
#                                  connections on tcp_echo_server; binary sizes
#
# Each figure is measured BENCH_RUNS times, the variants of a workload taking
# turns, first with server and client pinned to one core (taskset -c
# BENCH_CPU: the comparison), then unpinned (for the record: on 2 cores the
# cross-CPU wake-ups make it drift by 30 % or more). The table shows medians.
#
# Settings (environment):
#   BENCH_SECONDS=1     seconds per measurement      BENCH_RUNS=3     runs per figure
#   BENCH_BULK=1G       bulk volume                  BENCH_DEPTH=32   pipelining depth
#   BENCH_UNPINNED=1    also measure unpinned (0: no)
#   BENCH_CPU=0         the core for pinned runs
#   BENCH_IDLE_CONNS=10000   idle connections held
#   BENCH_ONLY=REGEX    only the workloads whose name matches (echo1 echo100 bulk udp
#                       rpc memory)
#   BENCH_OUT=FILE      also write the tables (Markdown) to FILE
# The anchors (socat, rpcgen, libtirpc-dev) are in tests/peers.txt: make bench
# installs them as root (tests/deps.sh), as make check does; a missing one is
# skipped, named. Servers are started and stopped by the tests' own helpers
# (tests/helpers.bash): port 0, the port read from the "Listening on" line, and
# Ctrl-C at the end, where a toolkit server must exit 0 (else the bench fails).
# socat gets a port found free, and backlog=1024 (its default, 5, makes 100
# simultaneous connects wait for SYN retransmissions; connecting is not
# measured anyway); it and the libtirpc server run in their own process group,
# killed at the end. Whatever happens, nothing survives the script (trap).
# Idle memory is read once the server sleeps waiting for clients (wait_for_idle).
set -u
cd "$(dirname "$0")/.." || exit 1

SECS=${BENCH_SECONDS:-1}
RUNS=${BENCH_RUNS:-3}
BULK=${BENCH_BULK:-1G}
DEPTH=${BENCH_DEPTH:-32}
UNPINNED=${BENCH_UNPINNED:-1}
CPU=${BENCH_CPU:-0}
IDLE_CONNS=${BENCH_IDLE_CONNS:-10000}
ONLY=${BENCH_ONLY:-.}
OUT=${BENCH_OUT:-}
NCPU=$(nproc 2>/dev/null || echo 1)
ALLCPUS="0-$((NCPU - 1))"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/socklab-bench.XXXXXX") || exit 1
BATS_TEST_TMPDIR=$WORK    # where the helpers keep each server's NAME.out and NAME.err
# shellcheck source=tests/helpers.bash
. tests/helpers.bash
declare -A PID=() PGROUP=() PORT=() UPORT=() IDLE_RSS=() IDLE_ANON=() PEAK_RSS=() SKIP=()
ROWS=() TARGETS=() MEMORY=()
declare -A LABEL=([es]=tcp_echo_server [socat]="socat TCP-LISTEN,fork PIPE" [limit]=echo_limit
    [us]="udp_server -e" [socatu]="socat UDP-RECVFROM,fork PIPE"
    [socatl]="socat UDP-LISTEN,fork PIPE" [ulimit]="echo_limit -u" [pm]=rpc_portmap
    [ta]=rpc_arith_server [ti]="libtirpc ARITH server (rpcgen)")

say() { printf 'bench: [%3ds] %s\n' "$SECONDS" "$*" >&2; }

# ---- servers: start, pin, stop; nothing survives the script ----------------

cleanup() {
    local name
    for name in "${!PID[@]}"; do
        kill -KILL -- "-${PID[$name]}" 2>/dev/null || kill -KILL "${PID[$name]}" 2>/dev/null
        wait "${PID[$name]}" 2>/dev/null
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# mem_of PID: "VmRSS RssAnon VmHWM" in KiB.
mem_of() {
    awk '/^VmRSS:/ {r=$2} /^RssAnon:/ {a=$2} /^VmHWM:/ {h=$2} END {print r+0, a+0, h+0}' \
        "/proc/$1/status" 2>/dev/null || echo "0 0 0"
}

# idle_memory NAME: once the server sleeps, waiting for clients, records its
# idle VmRSS and RssAnon.
idle_memory() {
    wait_for_idle "${PID[$1]}" 5 2>>"$WORK/$1.err"
    read -r IDLE_RSS[$1] IDLE_ANON[$1] _ < <(mem_of "${PID[$1]}")
}

# start NAME CMD...: starts a server that prints "Listening on ADDR:PORT"
# (start_server); sets PORT[NAME] (and, with UDP_LINE=1, UPORT[NAME] from its
# "UDP on ADDR:PORT" line; with READY=REGEX, waits for that line too) and
# records its idle memory. With OWN_GROUP=1 (the libtirpc server: not a toolkit
# program, killed at the end), in its own process group.
start() {
    local name=$1 out="$WORK/$1.out" pid
    shift
    [ "${OWN_GROUP:-0}" = 1 ] && set -- setsid "$@"
    if ! start_server "$name" "$@" 2>>"$WORK/$name.start"; then
        SKIP[$name]="did not start: $(head -c 300 "$WORK/$name.err")"
        say "$name ${SKIP[$name]}"
        pid=$(eval echo "\${${name}_pid}")
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        return 1
    fi
    PID[$name]=$(eval echo "\${${name}_pid}")
    PGROUP[$name]=${OWN_GROUP:-0}
    PORT[$name]=$(eval echo "\${${name}_port}")
    # the RPC servers print their UDP port on a second line
    [ "${UDP_LINE:-0}" = 1 ] && wait_for_file_line "$out" '^UDP on ' 5 &&
        UPORT[$name]=$(sed -nE 's/^UDP on [^ ]*:([0-9]+).*/\1/p' "$out")
    [ -n "${READY:-}" ] && wait_for_file_line "$out" "$READY" 5
    idle_memory "$name"
    return 0
}

# start_socat NAME tcp|udp|udplisten: socat echoing through PIPE, forking a
# child per connection (TCP-LISTEN), per datagram (UDP-RECVFROM: the child
# answers one datagram and exits) or per peer address (UDP-LISTEN: the child
# then serves every datagram of that peer). In its own process group.
start_socat() {
    local name=$1 proto=$2 port tries address
    if ! command -v socat >/dev/null; then
        SKIP[$name]="needs socat (sudo apt-get install socat)"
        return 1
    fi
    for tries in 1 2 3; do
        port=$(free_port "${proto%listen}")
        case "$proto" in
        tcp) address="TCP-LISTEN:$port,bind=127.0.0.1,fork,reuseaddr,backlog=1024" ;;
        udp) address="UDP-RECVFROM:$port,bind=127.0.0.1,fork" ;;
        *) address="UDP-LISTEN:$port,bind=127.0.0.1,fork" ;;
        esac
        setsid socat "$address" PIPE >"$WORK/$name.out" 2>"$WORK/$name.err" </dev/null &
        PID[$name]=$!
        PGROUP[$name]=1
        if wait_for_port "${proto%listen}" "$port" 5 2>>"$WORK/$name.err" &&
            kill -0 "${PID[$name]}" 2>/dev/null; then
            PORT[$name]=$port
            UPORT[$name]=$port
            idle_memory "$name"
            return 0
        fi
        stop "$name"
    done
    SKIP[$name]="socat did not start: $(head -c 300 "$WORK/$name.err")"
    return 1
}

# stop NAME: records the server's peak RSS, then stops it: a toolkit server
# with stop_server (Ctrl-C; an exit status other than 0 fails the bench), the
# others (socat, libtirpc) by ending their process group.
stop() {
    local name=$1 pid=${PID[$1]:-} status=0
    [ -n "$pid" ] || return 0
    read -r _ _ PEAK_RSS[$name] < <(mem_of "$pid")
    if [ "${PGROUP[$name]:-0}" = 1 ]; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
        wait_for_exit "$pid" 5 >/dev/null 2>&1
        kill -KILL -- "-$pid" 2>/dev/null
    else
        stop_server "$name" 2>>"$WORK/$name.stop" || status=$?
        if [ "$status" -ne 0 ]; then
            say "$name (${LABEL[$name]:-$name}) failed at Ctrl-C: $(tr '\n' ' ' <"$WORK/$name.stop" | head -c 600)"
            echo "$name: exit status $status at Ctrl-C" >>"$WORK/failures"
        fi
    fi
    unset "PID[$name]"
}

# pin_servers MODE NAME...: every thread of each server on core CPU (pinned)
# or on every core (unpinned). socat's per-connection children inherit it.
pin_servers() {
    local mode=$1 name cpus=$ALLCPUS
    shift
    [ "$mode" = pinned ] && cpus=$CPU
    for name in "$@"; do
        [ -n "${PID[$name]:-}" ] && taskset -a -p -c "$cpus" "${PID[$name]}" >/dev/null 2>&1
    done
}

# ---- measuring -----------------------------------------------------------------

# measure KEY MODE FIELD CMD...: runs one client, keeps FIELD (ops_per_s or
# mib_per_s), p50 and p99 of its result line in $WORK/KEY.MODE.
measure() {
    local key=$1 mode=$2 field=$3 line value
    shift 3
    if [ "$mode" = pinned ]; then
        line=$(taskset -c "$CPU" "$@" 2>>"$WORK/$key.err" | grep '^result ')
    else
        line=$("$@" 2>>"$WORK/$key.err" | grep '^result ')
    fi
    value=$(sed -nE "s/.* $field=([0-9.]+).*/\1/p" <<<"$line")
    if [ -z "$value" ] || ! grep -q ' errors=0 ' <<<"$line" || grep -q ' ops=0 ' <<<"$line"; then
        say "$key ($mode): failed: ${line:-no result line} $(tail -c 300 "$WORK/$key.err")"
        echo "$key $mode" >>"$WORK/failures"
        return 1
    fi
    printf '%s %s %s\n' "$value" "$(sed -nE 's/.* p50_us=([0-9.]+).*/\1/p' <<<"$line")" \
        "$(sed -nE 's/.* p99_us=([0-9.]+).*/\1/p' <<<"$line")" >>"$WORK/$key.$mode"
}

# median KEY MODE COLUMN: the median of a column of $WORK/KEY.MODE, or "".
median() {
    [ -s "$WORK/$1.$2" ] || return 0
    awk -v c="$3" '{print $c}' "$WORK/$1.$2" | sort -g |
        awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# rounds FIELD VARIANT...: each VARIANT is "KEY|CMD" (CMD word-split); runs
# every variant RUNS times, taking turns, pinned then unpinned.
rounds() {
    local field=$1 mode variant
    shift
    for mode in pinned unpinned; do
        [ "$mode" = unpinned ] && [ "$UNPINNED" != 1 ] && continue
        pin_servers "$mode" "${!PID[@]}"
        for _ in $(seq "$RUNS"); do
            for variant in "$@"; do
                # shellcheck disable=SC2086
                measure "${variant%%|*}" "$mode" "$field" ${variant#*|}
            done
        done
    done
}

# row WORKLOAD SERVER CLIENT KEY UNIT [SERVER_NAME]: a line of the main table.
row() {
    local workload=$1 server=$2 client=$3 key=$4 unit=$5 name=${6:-} pinned unpinned mem=""
    pinned=$(median "$key" pinned 1)
    unpinned=$(median "$key" unpinned 1)
    [ -n "$name" ] && [ -n "${PEAK_RSS[$name]:-}" ] && mem="${PEAK_RSS[$name]} KiB"
    if [ -z "$pinned" ]; then
        ROWS+=("| $workload | $server | $client | skipped: ${SKIP[$key]:-failed, see above} | | | | |")
        return
    fi
    local p50="" p99=""
    if [ "$unit" != MiB/s ]; then   # bulk: one transfer, no latency to speak of
        p50=$(median "$key" pinned 2)
        p99=$(median "$key" pinned 3)
    fi
    ROWS+=("| $workload | $server | $client | $(fmt "$pinned") $unit | $p50 | $p99 | ${unpinned:+$(fmt "$unpinned") $unit} | $mem |")
}

fmt() { awk -v v="$1" 'BEGIN {if (v >= 1000) printf "%.0f", v; else printf "%.1f", v}'; }

# target WHAT KEY_A KEY_B GOAL [ANCHOR_NAME]: the ratio of two pinned medians
# against its goal.
target() {
    local what=$1 a b ratio verdict
    a=$(median "$2" pinned 1)
    b=$(median "$3" pinned 1)
    if [ -z "$a" ] || [ -z "$b" ]; then
        TARGETS+=("| $what | not measured | ≥ $4 | skipped |")
        return
    fi
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')
    verdict=$(awk -v r="$ratio" -v g="$4" 'BEGIN {print (r >= g) ? "met" : "MISSED"}')
    TARGETS+=("| $what | $ratio× ($(fmt "$a") / $(fmt "$b")) | ≥ $4× | $verdict |")
}

wanted() { [[ $1 =~ $ONLY ]]; }

# ---- anchors: say which are missing; build the libtirpc ARITH peer ------------

setup_anchors() {
    local missing
    missing=$(tests/deps.sh missing)
    [ -z "$missing" ] || say "missing: $missing (sudo apt-get install $missing, or make bench as root); their anchors are skipped"
}

TIRPC_WHY=""
build_tirpc() {
    local x=tests/tirpc/arith.x b=bench/build
    if ! command -v rpcgen >/dev/null || [ ! -e /usr/include/tirpc/rpc/rpc.h ]; then
        TIRPC_WHY="rpcgen or libtirpc-dev is not installed"
    elif [ ! -e "$x" ] || [ ! -e tests/tirpc/arith_server.c ]; then
        TIRPC_WHY="$x and tests/tirpc/arith_server.c are not there yet (branch tp3 not merged)"
    else
        mkdir -p "$b"
        cp "$x" "$b/arith.x"
        if ! (cd "$b" && rm -f arith.h arith_xdr.c arith_svc.c &&
              rpcgen -h arith.x -o arith.h && rpcgen -c arith.x -o arith_xdr.c &&
              rpcgen -m arith.x -o arith_svc.c) >"$WORK/rpcgen.log" 2>&1 ||
           ! ${CC:-cc} -O2 -I"$b" -Ibench -I/usr/include/tirpc -D_DEFAULT_SOURCE \
                -o "$b/tirpc_arith_server" bench/tirpc_serve.c "$b/arith_svc.c" \
                "$b/arith_xdr.c" tests/tirpc/arith_server.c -ltirpc -lm \
                >"$WORK/tirpc-build.log" 2>&1 ||
           ! ${CC:-cc} -O2 -I"$b" -Ibench -I/usr/include/tirpc -D_DEFAULT_SOURCE \
                -o "$b/tirpc_load" bench/tirpc_load.c bench/measure.c "$b/arith_xdr.c" \
                -ltirpc >>"$WORK/tirpc-build.log" 2>&1; then
            TIRPC_WHY="the rpcgen/libtirpc build failed: $(tail -c 300 "$WORK"/*.log)"
        fi
    fi
    [ -n "$TIRPC_WHY" ] && say "libtirpc anchors skipped: $TIRPC_WHY"
}

# ---- the workloads ---------------------------------------------------------------

LG=bench/loadgen
TIRPC_LOAD=bench/build/tirpc_load

have() { # have NAME BINARY: a toolkit server built? else mark it skipped
    [ -x "$2" ] && return 0
    SKIP[$1]="$2 is not built (its branch is not merged yet)"
    return 1
}

# tcp_servers GROUP FIELD LIMIT LOADGEN_ARGS...: tcp_echo_server, socat and (if
# LIMIT is 1) echo_limit, each driven by loadgen LOADGEN_ARGS PORT; keys GROUP.es,
# GROUP.socat, GROUP.limit.
tcp_servers() {
    local group=$1 field=$2 limit=$3 v=()
    shift 3
    have es "tcp/tcp_echo_server" && start es tcp/tcp_echo_server 0 &&
        v+=("$group.es|$LG $* ${PORT[es]}")
    start_socat socat tcp && v+=("$group.socat|$LG $* ${PORT[socat]}")
    [ "$limit" = 1 ] && start limit bench/echo_limit 0 && v+=("$group.limit|$LG $* ${PORT[limit]}")
    [ ${#v[@]} -gt 0 ] && rounds "$field" "${v[@]}"
    stop es; stop socat; stop limit
    SKIP[$group.es]=${SKIP[es]:-}; SKIP[$group.socat]=${SKIP[socat]:-}
}

bench_echo1() {
    tcp_servers echo1 ops_per_s 1 -d "$SECS" echo
    row "TCP echo, 1 conn, 64 B" tcp_echo_server loadgen echo1.es ops/s es
    row "" "socat PIPE" loadgen echo1.socat ops/s socat
    row "" "echo_limit (limit)" loadgen echo1.limit ops/s limit
    target "TCP echo 1 conn: tcp_echo_server / limit" echo1.es echo1.limit 0.95
    target "TCP echo 1 conn: tcp_echo_server / socat" echo1.es echo1.socat 1.5
    memory_rows es socat limit
}

bench_echo100() {
    tcp_servers echo100 ops_per_s 0 -c 100 -d "$SECS" echo
    row "TCP echo, 100 conns, 64 B" tcp_echo_server loadgen echo100.es ops/s es
    row "" "socat (fork per conn)" loadgen echo100.socat ops/s socat
    target "TCP echo 100 conns: tcp_echo_server / socat" echo100.es echo100.socat 1.5
}

bench_bulk() {
    tcp_servers bulk mib_per_s 1 -N -d 30 -n "$BULK" bulk   # a stalled run fails at 30 s
    row "TCP bulk $BULK round trip" tcp_echo_server loadgen bulk.es MiB/s es
    row "" "socat PIPE" loadgen bulk.socat MiB/s socat
    row "" "echo_limit (limit)" loadgen bulk.limit MiB/s limit
    target "TCP bulk: tcp_echo_server / socat" bulk.es bulk.socat 2
    target "TCP bulk: tcp_echo_server / limit" bulk.es bulk.limit 0.9
}

bench_udp() {
    local v=()
    have us "udp/udp_server" && start us udp/udp_server -e 0 &&
        v+=("udp.us|$LG -d $SECS udp ${PORT[us]}")
    start_socat socatu udp && v+=("udp.socat|$LG -d $SECS udp ${PORT[socatu]}")
    start_socat socatl udplisten && v+=("udp.socatl|$LG -d $SECS udp ${PORT[socatl]}")
    start ulimit bench/echo_limit -u 0 && v+=("udp.limit|$LG -d $SECS udp ${PORT[ulimit]}")
    [ ${#v[@]} -gt 0 ] && rounds ops_per_s "${v[@]}"
    stop us; stop socatu; stop socatl; stop ulimit
    SKIP[udp.us]=${SKIP[us]:-}; SKIP[udp.socat]=${SKIP[socatu]:-}; SKIP[udp.socatl]=${SKIP[socatl]:-}
    row "UDP ping-pong, 64 B" "udp_server -e" loadgen udp.us ops/s us
    row "" "socat UDP-RECVFROM,fork (a child per datagram)" loadgen udp.socat ops/s socatu
    row "" "socat UDP-LISTEN,fork (a child per peer)" loadgen udp.socatl ops/s socatl
    row "" "echo_limit -u (limit)" loadgen udp.limit ops/s ulimit
    target "UDP ping-pong: udp_server -e / limit" udp.us udp.limit 0.95
    target "UDP ping-pong: udp_server -e / socat UDP-LISTEN,fork" udp.us udp.socatl 1.6
    target "UDP ping-pong: udp_server -e / socat UDP-RECVFROM,fork" udp.us udp.socat 1.6
    memory_rows us socatu socatl ulimit
}

bench_rpc() {
    local v=() key why=""
    # the toolkit's server registers with a portmapper: the toolkit's own, on a free port
    if have pm rpc/rpc_portmap && have ta rpc/rpc_arith_server &&
       start pm rpc/rpc_portmap -p 0 &&
       UDP_LINE=1 READY='^Registered with the portmapper' start ta rpc/rpc_arith_server -P "${PORT[pm]}" -p 0; then
        v+=("rpc.tcp.tk_tk|$LG -d $SECS rpc ${PORT[ta]}"
            "rpc.udp.tk_tk|$LG -d $SECS -T udp rpc ${UPORT[ta]:-0}"
            "rpc.pipe.tk_tk|$LG -d $SECS -q $DEPTH rpc ${PORT[ta]}"
            "rpc.pipeg.tk_tk|$LG -g -d $SECS -q $DEPTH rpc ${PORT[ta]}"
            "rpc.pipeb.tk_tk|$LG -b -d $SECS -q $DEPTH rpc ${PORT[ta]}")
    else
        why=${SKIP[ta]:-${SKIP[pm]:-}}
    fi
    if [ -z "$TIRPC_WHY" ] && OWN_GROUP=1 UDP_LINE=1 start ti bench/build/tirpc_arith_server; then
        v+=("rpc.tcp.ti_ti|$TIRPC_LOAD -d $SECS tcp ${PORT[ti]}"
            "rpc.udp.ti_ti|$TIRPC_LOAD -d $SECS udp ${UPORT[ti]}"
            "rpc.tcp.tk_ti|$LG -d $SECS rpc ${PORT[ti]}"
            "rpc.udp.tk_ti|$LG -d $SECS -T udp rpc ${UPORT[ti]}"
            "rpc.pipe.tk_ti|$LG -d $SECS -q $DEPTH rpc ${PORT[ti]}"
            "rpc.pipeg.tk_ti|$LG -g -d $SECS -q $DEPTH rpc ${PORT[ti]}"
            "rpc.pipeb.tk_ti|$LG -b -d $SECS -q $DEPTH rpc ${PORT[ti]}")
        [ -n "${PID[ta]:-}" ] &&
            v+=("rpc.tcp.ti_tk|$TIRPC_LOAD -d $SECS tcp ${PORT[ta]}"
                "rpc.udp.ti_tk|$TIRPC_LOAD -d $SECS udp ${UPORT[ta]}")
    fi
    [ ${#v[@]} -gt 0 ] && rounds ops_per_s "${v[@]}"
    stop ta; stop pm; stop ti
    for key in rpc.tcp.tk_tk rpc.udp.tk_tk rpc.pipe.tk_tk rpc.pipeg.tk_tk rpc.pipeb.tk_tk rpc.tcp.ti_tk rpc.udp.ti_tk; do
        SKIP[$key]=${why:-${TIRPC_WHY:-}}
    done
    for key in rpc.tcp.ti_ti rpc.udp.ti_ti rpc.tcp.tk_ti rpc.udp.tk_ti rpc.pipe.tk_ti rpc.pipeg.tk_ti rpc.pipeb.tk_ti; do
        SKIP[$key]=${TIRPC_WHY:-}
    done
    local t
    for t in tcp udp; do
        row "ARITH ADD, $t, 1 client" rpc_arith_server "toolkit (loadgen)" rpc.$t.tk_tk calls/s ta
        row "" "libtirpc (rpcgen)" "libtirpc (clnt_call)" rpc.$t.ti_ti calls/s ti
        row "" rpc_arith_server "libtirpc (clnt_call)" rpc.$t.ti_tk calls/s
        row "" "libtirpc (rpcgen)" "toolkit (loadgen)" rpc.$t.tk_ti calls/s
    done
    row "ARITH ADD, tcp, $DEPTH in flight" rpc_arith_server "toolkit, pipelined, TCP_NODELAY" rpc.pipe.tk_tk calls/s
    row "" rpc_arith_server "toolkit, pipelined, Nagle on (-g)" rpc.pipeg.tk_tk calls/s
    row "" rpc_arith_server "toolkit, pipelined, batched (-b), TCP_NODELAY" rpc.pipeb.tk_tk calls/s
    row "" "libtirpc (rpcgen)" "toolkit, pipelined, TCP_NODELAY" rpc.pipe.tk_ti calls/s
    row "" "libtirpc (rpcgen)" "toolkit, pipelined, Nagle on (-g)" rpc.pipeg.tk_ti calls/s
    row "" "libtirpc (rpcgen)" "toolkit, pipelined, batched (-b), TCP_NODELAY" rpc.pipeb.tk_ti calls/s
    target "ARITH tcp: libtirpc client → rpc_arith_server / TCP limit" rpc.tcp.ti_tk echo1.limit 0.9
    target "ARITH tcp: rpc_arith_server / libtirpc server (libtirpc client)" rpc.tcp.ti_tk rpc.tcp.ti_ti 1.15
    target "ARITH tcp: toolkit client+server / libtirpc client+server" rpc.tcp.tk_tk rpc.tcp.ti_ti 1.15
    target "ARITH udp: libtirpc client → rpc_arith_server / UDP limit" rpc.udp.ti_tk udp.limit 0.9
    target "ARITH udp: rpc_arith_server / libtirpc server (libtirpc client)" rpc.udp.ti_tk rpc.udp.ti_ti 1.25
    target "ARITH udp: toolkit client+server / libtirpc client+server" rpc.udp.tk_tk rpc.udp.ti_ti 1.25
    target "ARITH tcp pipelined ($DEPTH, Nagle on) / libtirpc synchronous" rpc.pipeg.tk_tk rpc.tcp.ti_ti 5
    target "ARITH tcp pipelined ($DEPTH, TCP_NODELAY) / libtirpc synchronous" rpc.pipe.tk_tk rpc.tcp.ti_ti 5
    target "ARITH tcp pipelined ($DEPTH, batched, TCP_NODELAY) / libtirpc synchronous" rpc.pipeb.tk_tk rpc.tcp.ti_ti 5
    memory_rows pm ta ti
}

# memory_rows NAME...: idle memory of servers measured in this run.
memory_rows() {
    local name
    for name in "$@"; do
        [ -n "${IDLE_RSS[$name]:-}" ] || continue
        MEMORY+=("${LABEL[$name]:-$name}|${IDLE_RSS[$name]}|${IDLE_ANON[$name]}")
    done
}

bench_memory() {
    local rss anon before n=0 floor=bench/build/pause_only
    # The floor: a dynamically linked C program that only calls pause(). Its RSS
    # is the C library's pages it maps (shared with every process), and its own.
    mkdir -p bench/build
    if printf '#include <unistd.h>\nint main(void) { pause(); return 0; }\n' |
           ${CC:-cc} -O2 -x c -o "$floor" - 2>/dev/null; then
        setsid "$floor" </dev/null >/dev/null 2>&1 &
        PID[floor]=$!
        PGROUP[floor]=1
        wait_for_idle "${PID[floor]}" 5 2>/dev/null   # in pause()
        read -r rss anon _ < <(mem_of "${PID[floor]}")
        MEMORY+=("a C program that only calls pause() (the floor)|$rss|$anon")
        stop floor
    fi
    if have es tcp/tcp_echo_server && start es tcp/tcp_echo_server 0; then
        read -r before _ _ < <(mem_of "${PID[es]}")
        setsid "$LG" -c "$IDLE_CONNS" -d 60 idle "${PORT[es]}" >"$WORK/idle.out" 2>"$WORK/idle.err" &
        PID[idle]=$!
        # held: loadgen says so, the server has accepted them all (its listening
        # socket's accept queue, Recv-Q in ss, is empty) and sleeps in poll()
        if wait_for_file_line "$WORK/idle.out" '^holding ' 60 2>/dev/null &&
            accept_queue_empty "${PORT[es]}" && wait_for_idle "${PID[es]}" 10 2>/dev/null; then
            read -r rss anon _ < <(mem_of "${PID[es]}")
            n=$(sed -nE 's/^holding ([0-9]+).*/\1/p' "$WORK/idle.out")
            IDLE_HELD="| tcp_echo_server holding $n idle connections | $rss KiB (was $before) | $anon KiB | ≤ 16384 KiB | $([ "$rss" -le 16384 ] && echo met || echo MISSED) |"
        else
            IDLE_HELD="| tcp_echo_server holding $IDLE_CONNS idle connections | failed: $(tail -c 200 "$WORK/idle.err") | | | |"
        fi
        kill -INT "${PID[idle]}" 2>/dev/null
        wait "${PID[idle]}" 2>/dev/null
        unset "PID[idle]"
        stop es
    fi
}

# accept_queue_empty PORT: waits (10 s at most) until the listening socket on
# PORT has no connection left to accept (ss: Recv-Q 0).
accept_queue_empty() {
    local tries=500
    while [ "$tries" -gt 0 ]; do
        [ "$(ss -ltnH "sport = :$1" | awk '{ print $2 }')" = 0 ] && return 0
        sleep 0.02
        tries=$((tries - 1))
    done
    return 1
}

size_of() { [ -e "$1" ] && stat -c %s "$(readlink -f "$1")" || echo "-"; }

# ---- main ----------------------------------------------------------------------

setup_anchors
build_tirpc
say "$(nproc) cores, $(uname -sr); $RUNS runs of ${SECS}s per figure, bulk $BULK, pinned to core $CPU$([ "$UNPINNED" = 1 ] && echo ", then unpinned")"
IDLE_HELD=""
wanted echo1 && { say "TCP echo, 1 connection"; bench_echo1; }
wanted echo100 && { say "TCP echo, 100 connections"; bench_echo100; }
wanted bulk && { say "TCP bulk"; bench_bulk; }
wanted udp && { say "UDP ping-pong"; bench_udp; }
wanted rpc && { say "ARITH RPC"; bench_rpc; }
wanted memory && { say "memory: $IDLE_CONNS idle connections"; bench_memory; }

{
    echo "socklab bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sr), $NCPU cores ($(sed -nE 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
    echo "medians of $RUNS runs of ${SECS} s; pinned: server and client on core $CPU (the comparison)"
    echo
    echo "| workload | server | client | pinned | p50 µs | p99 µs | unpinned | peak RSS |"
    echo "|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "| target (pinned medians) | measured | goal | |"
    echo "|---|---|---|---|"
    [ ${#TARGETS[@]} -gt 0 ] && printf '%s\n' "${TARGETS[@]}"
    echo
    echo "| memory | VmRSS | private (RssAnon) | goal | |"
    echo "|---|---|---|---|---|"
    for m in "${MEMORY[@]}"; do
        IFS='|' read -r name rss anon <<<"$m"
        echo "| $name, idle | $rss KiB | $anon KiB | < 1024 KiB | $([ "$rss" -lt 1024 ] && echo met || echo "MISSED (private: $([ "$anon" -lt 1024 ] && echo met || echo MISSED))") |"
    done
    [ -n "$IDLE_HELD" ] && echo "$IDLE_HELD"
    echo
    echo "| binary | bytes |"
    echo "|---|---|"
    for b in tcp/tcp_echo_server udp/udp_server rpc/rpc_arith_server rpc/rpc_portmap \
             bench/echo_limit bench/build/tirpc_arith_server; do
        echo "| $b | $(size_of "$b") |"
    done
    echo "| $(command -v socat || echo socat) | $(size_of "$(command -v socat || echo /nonexistent)") |"
    lib=$(ldconfig -p 2>/dev/null | awk '/libtirpc\.so\.3 / {print $NF; exit}')
    [ -n "$lib" ] && echo "| $lib (linked by the rpcgen server) | $(size_of "$lib") |"
} >"$WORK/table.md"
cat "$WORK/table.md"
[ -n "$OUT" ] && cp "$WORK/table.md" "$OUT"
if [ -s "$WORK/failures" ]; then
    say "some measurements failed: $(tr '\n' ' ' <"$WORK/failures")"
    exit 1
fi
exit 0
