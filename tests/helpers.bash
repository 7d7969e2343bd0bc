# tests/helpers.bash - shared by every bats suite: load 'helpers'.

# Also sourced outside bats, by bench/bench.sh (BATS_TEST_TMPDIR set to its
# work folder).
if declare -F bats_require_minimum_version >/dev/null; then
    bats_require_minimum_version 1.5.0
fi
#
# Servers are started on port 0 and the test reads the real port from the
# server's "Listening on ADDR:PORT" line: no fixed ports, parallel runs never
# collide. Every wait is a bounded retry loop, never a bare sleep.

ROOT="$(cd "${BATS_TEST_DIRNAME:-${BASH_SOURCE[0]%/*}}/.." && pwd)"
export ROOT
PEERS_LIST="${BASH_SOURCE[0]%/*}/peers.txt"   # tests/peers.txt, see require_peer
PATH="$ROOT/tcp:$ROOT/udp:$ROOT/ipv6:$ROOT/rpc:$PATH"

# sl_slow SECONDS: SECONDS, or six times more under valgrind (VALGRIND=1),
# where a server starts and stops far slower. For bounded waits on servers.
sl_slow() {
    if [ "${VALGRIND:-}" = 1 ]; then echo $(( $1 * 6 )); else echo "$1"; fi
}

# wait_for_file_line FILE REGEX [SECONDS]: waits until a line of FILE matches
# the extended REGEX (default: 5 s). Returns 1 on timeout, printing FILE.
wait_for_file_line() {
    local file=$1 regex=$2 limit=${3:-5} tries
    tries=$((limit * 50))
    while [ "$tries" -gt 0 ]; do
        grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
        sleep 0.02
        tries=$((tries - 1))
    done
    echo "timeout: no line matching '$regex' in $file after ${limit}s; it holds:" >&2
    cat "$file" >&2 2>/dev/null
    return 1
}

# start_server NAME CMD...: starts CMD in the background, its stdout in
# $BATS_TEST_TMPDIR/NAME.out and stderr in NAME.err, stdin from /dev/null
# (or from $SERVER_STDIN if set). Waits for its "Listening on ADDR:PORT"
# line, then sets NAME_pid and NAME_port.
#
# With VALGRIND=1 in the environment (make check VALGRIND=1), the server runs
# under valgrind's memcheck, its report in NAME.vg: any memory error or
# definite leak makes it exit 99, which stop_server returns (and prints).
start_server() {
    local name=$1 out err line port
    local -a prefix=()
    shift
    out="$BATS_TEST_TMPDIR/$name.out"
    err="$BATS_TEST_TMPDIR/$name.err"
    : >"$out"
    if [ "${VALGRIND:-}" = 1 ]; then
        # --log-fd on a high descriptor: --log-file would take descriptor 3,
        # and the -v traces show the server's descriptor numbers.
        # --trace-children: a server started through a wrapper (sh -c 'exec
        # ...', unshare) is checked too; ip (network namespace set-up) is not.
        prefix=(valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full
                --errors-for-leak-kinds=definite --show-leak-kinds=definite --log-fd=29
                --trace-children=yes --trace-children-skip='*/ip')
    fi
    # 3>&- and the others: no stray descriptor of bats leaks into the server
    "${prefix[@]}" "$@" >"$out" 2>"$err" <"${SERVER_STDIN:-/dev/null}" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- \
        29>"$BATS_TEST_TMPDIR/$name.vg" &
    declare -g "${name}_pid=$!"
    if ! wait_for_file_line "$out" 'Listening on ' "$(sl_slow 5)"; then
        cat "$err" >&2
        return 1
    fi
    line=$(grep -m1 'Listening on ' "$out")
    port=$(sed -E 's/.*Listening on [^ ]*:([0-9]+).*/\1/' <<<"$line")
    declare -g "${name}_port=$port"
}

# stop_server NAME...: sends SIGINT to each server and waits for it (5 s at
# most, 30 under valgrind). Returns the first non-zero exit status, having
# stopped them all: a server must exit 0 after Ctrl-C, and a sanitizer build
# (86, 87) or valgrind (99) reports errors and leaks through it. A server
# still there after the wait is killed and that is a failure too. On failure,
# the server's last lines (and valgrind's report) are shown. Use it in
# teardown without "|| true": bats fails a test whose teardown returns
# non-zero. A server already stopped (NAME_pid empty) counts as 0.
stop_server() {
    local name first=0 status
    for name in "$@"; do
        reap_server "$name" INT
        status=$?
        [ "$first" -ne 0 ] || first=$status
    done
    return "$first"
}

# wait_server NAME [SECONDS]: waits for a server that exits by itself (tcp_server
# without -k after its client) for SECONDS (default 5, six times more under
# valgrind), then as stop_server: returns its exit status, its last lines shown
# when it is not 0; still running after SECONDS: killed, a failure.
wait_server() {
    reap_server "$1" "" "${2:-5}"
}

# reap_server NAME SIGNAL [SECONDS]: sends SIGNAL (none if empty), waits, and
# returns the exit status; see stop_server.
reap_server() {
    local name=$1 sig=$2 limit pid status tries
    limit=$(sl_slow "${3:-5}")
    tries=$((limit * 50))
    pid=$(eval echo "\${${name}_pid:-}")
    [ -n "$pid" ] || return 0
    declare -g "${name}_pid="
    # (every command below may fail: the caller may run under set -e, as a test does)
    [ -z "$sig" ] || kill "-$sig" "$pid" 2>/dev/null || :
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -gt 0 ]; do
        sleep 0.02
        tries=$((tries - 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || :
        wait "$pid" 2>/dev/null || :
        echo "server $name (pid $pid) still running ${limit} s after ${sig:+SIG}${sig:-waiting}: killed" >&2
        server_tail "$name"
        return 1
    fi
    status=0
    wait "$pid" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "server $name exited with status $status${sig:+ after SIG$sig} (86/87: sanitizer, 99: valgrind)" >&2
        server_tail "$name"
    fi
    return "$status"
}

# server_tail NAME: the last lines of a server's output, stderr and valgrind
# report, for a failure message.
server_tail() {
    local f
    for f in "$BATS_TEST_TMPDIR/$1.out" "$BATS_TEST_TMPDIR/$1.err" "$BATS_TEST_TMPDIR/$1.vg"; do
        [ -s "$f" ] || continue
        echo "--- last lines of ${f##*/}:" >&2
        if [ "${f##*.}" = vg ]; then head -n 100 "$f" >&2; else tail -n 20 "$f" >&2; fi
    done
}

# wait_for_exit PID [SECONDS]: waits for a background process to end (default
# 5 s). Returns its exit status, or 124 on timeout (the process is killed).
wait_for_exit() {
    local pid=$1 tries=$(( ${2:-5} * 50 ))
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -gt 0 ]; do
        sleep 0.02
        tries=$((tries - 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid"
        return 124
    fi
    wait "$pid"
}

# wait_for_port PROTO PORT [SECONDS]: waits until ss shows a listening (tcp)
# or bound (udp) socket on PORT. For third-party servers that print nothing.
wait_for_port() {
    local proto=$1 port=$2 tries=$(( ${3:-5} * 50 )) flag
    case "$proto" in tcp) flag=-ltnH ;; udp) flag=-lunH ;; esac
    while [ "$tries" -gt 0 ]; do
        ss "$flag" "sport = :$port" 2>/dev/null | grep -q . && return 0
        sleep 0.02
        tries=$((tries - 1))
    done
    echo "timeout: nothing on $proto port $port" >&2
    return 1
}

# now_ms: milliseconds since the epoch, for the few tests that measure a
# timeout option (a generous upper bound; a lower one only where it proves
# something). Never to wait for something to happen: wait for its line.
now_ms() {
    local t=${EPOCHREALTIME/[.,]/}
    echo $(( t / 1000 ))
}

# free_port [tcp|udp]: a port nobody uses right now (bound then released by
# python3), TCP by default.
free_port() {
    python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "${1:-tcp}"
}

# wait_for_idle PID [SECONDS]: waits until the process PID sleeps (state S in
# /proc/PID/stat: blocked in poll(), accept(), recvfrom()...), having done
# what it had to. For a server's idle memory, read once it waits for clients.
wait_for_idle() {
    local pid=$1 tries=$(( ${2:-5} * 50 )) state
    while [ "$tries" -gt 0 ]; do
        state=$(sed -E 's/^.*\) (.).*/\1/' "/proc/$pid/stat" 2>/dev/null)
        [ "$state" = S ] && return 0
        [ -n "$state" ] || break
        sleep 0.02
        tries=$((tries - 1))
    done
    echo "timeout: process $pid is not waiting (state '${state:-gone}')" >&2
    return 1
}

# require_root: skips the test, with its reason, unless running as root.
require_root() {
    [ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces or port 111); CI runs it as root"
}

# require_peer COMMAND [PACKAGE]: skips the test, naming COMMAND and the
# package to install, unless COMMAND (a command, or an absolute path or glob
# of a file) is there. PACKAGE defaults to COMMAND's package in
# tests/peers.txt, the one list of the peers (make check installs them when
# run as root: tests/deps.sh).
require_peer() {
    local cmd=$1 pkg=${2:-}
    case "$cmd" in
    /*) compgen -G "$cmd" >/dev/null && return 0 ;;
    *) command -v "$cmd" >/dev/null && return 0 ;;
    esac
    if [ -z "$pkg" ]; then
        local p what
        while read -r p what _; do
            [ "$what" = "$cmd" ] && [ "${p:0:1}" != "#" ] && { pkg=$p; break; }
        done <"$PEERS_LIST"
    fi
    skip "needs $cmd (sudo apt-get install ${pkg:-$cmd})"
}
