# tests/netns.bash - sourced by the scripts tests/rpc_interop.bats runs in a
# network namespace of their own (unshare -n -m): loopback up, a private
# tmpfs on /run (so no rpcbind socket of the machine is seen, and rpcbind's
# state files stay inside), port 111 free. Nothing of the machine is touched.

PATH="$ROOT/rpc:$ROOT/tests/build/tirpc:$PATH"
NS_TMP=$(mktemp -d)
NS_PIDS=()

declare -A NS_OURS=()   # PID -> NAME, for socklab's own servers

# ns_cleanup: stops every background process started with ns_start and not
# stopped yet: SIGINT (our servers exit 0 on it), then SIGTERM (rpcgen's
# server ignores SIGINT when started in the background), then SIGKILL. One of
# socklab's servers that does not exit 0 on SIGINT fails the script (its last
# lines shown): a sanitizer's 86 or valgrind's 99 is not lost here either.
ns_cleanup() {
    local status=$? pid tries code name
    set +e
    for pid in "${NS_PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null; kill -INT "$pid" 2>/dev/null; done
    for pid in "${NS_PIDS[@]}"; do
        tries=250
        while ns_alive "$pid" && [ "$tries" -gt 0 ]; do sleep 0.02; tries=$((tries - 1)); done
        name=${NS_OURS[$pid]:-}
        if [ -n "$name" ] && ns_alive "$pid"; then
            echo "server $name (pid $pid) still running 5 s after SIGINT: killed" >&2
            tail -n 20 "$NS_TMP/$name.out" "$NS_TMP/$name.err" >&2
            status=1
        fi
        kill -TERM "$pid" 2>/dev/null
        tries=100
        while ns_alive "$pid" && [ "$tries" -gt 0 ]; do sleep 0.02; tries=$((tries - 1)); done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        code=$?
        if [ -n "$name" ] && [ "$code" -ne 0 ] && [ "$status" -eq 0 ]; then
            echo "server $name exited with status $code after SIGINT (86/87: sanitizer, 99: valgrind)" >&2
            tail -n 20 "$NS_TMP/$name.out" "$NS_TMP/$name.err" >&2
            status=1
        fi
    done
    rm -rf "$NS_TMP"
    exit "$status"
}

# ns_alive PID: true while PID runs (a zombie, exited but not yet waited
# for, does not count).
ns_alive() {
    [ -r "/proc/$1/stat" ] && ! grep -q '^[0-9]* (.*) Z ' "/proc/$1/stat" 2>/dev/null
}
trap ns_cleanup EXIT

# ns_start NAME CMD...: runs CMD in the background, output in $NS_TMP/NAME.out
# and .err; sets NAME_pid.
ns_start() {
    local name=$1
    shift
    "$@" >"$NS_TMP/$name.out" 2>"$NS_TMP/$name.err" </dev/null &
    NS_PIDS+=("$!")
    declare -g "${name}_pid=$!"
    case "$(command -v "$1")" in   # socklab's programs, not the peers in tests/build
    "$ROOT"/tests/*) ;;             # nor the libtirpc builds of labs/tp3 (*-tirpc)
    "$ROOT"/*-tirpc) ;;
    "$ROOT"/*) NS_OURS[$!]=$name ;;
    esac
}

# ns_stop NAME: SIGINT, then waits (5 s at most); returns the exit status.
ns_stop() {
    local pid tries=250 p kept=()
    pid=$(eval echo "\${${1}_pid}")
    kill -INT "$pid" 2>/dev/null
    while ns_alive "$pid" && [ "$tries" -gt 0 ]; do sleep 0.02; tries=$((tries - 1)); done
    kill -KILL "$pid" 2>/dev/null || true
    # stopped here: not ns_cleanup's any more
    for p in "${NS_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    NS_PIDS=("${kept[@]}")
    wait "$pid"
}

# ns_wait_line NAME REGEX: waits (5 s at most) for a line of NAME's stdout.
ns_wait_line() {
    local tries=250
    until grep -Eq -- "$2" "$NS_TMP/$1.out" 2>/dev/null; do
        tries=$((tries - 1))
        if [ "$tries" -le 0 ]; then
            echo "timeout waiting for '$2' from $1:" >&2
            cat "$NS_TMP/$1.out" "$NS_TMP/$1.err" >&2
            return 1
        fi
        sleep 0.02
    done
}

# ns_wait_registered PROG PROTO [GONE]: waits (5 s at most) until the
# portmapper on 127.0.0.1:111 lists PROG over PROTO (or no longer lists it).
ns_wait_registered() {
    local tries=100 found
    while [ "$tries" -gt 0 ]; do
        found=0
        rpc_info -p 127.0.0.1 2>/dev/null | grep -Eq "^ *$1 +[0-9]+ +$2 " && found=1
        if [ -z "${3:-}" ] && [ "$found" = 1 ]; then return 0; fi
        if [ -n "${3:-}" ] && [ "$found" = 0 ]; then return 0; fi
        sleep 0.05
        tries=$((tries - 1))
    done
    echo "timeout: program $1 over $2 ${3:+still }registered" >&2
    return 1
}

# ns_wait_port PROTO PORT: waits (5 s at most) for a socket on PORT.
ns_wait_port() {
    local tries=250 flag=-ltnH
    [ "$1" = udp ] && flag=-lunH
    until ss "$flag" "sport = :$2" | grep -q .; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "timeout: nothing on $1 port $2" >&2; return 1; }
        sleep 0.02
    done
}

# ns_kill NAME: SIGKILL (no clean-up of its own: a crash, an OOM kill), waits,
# forgets it (ns_cleanup no longer checks it); prints its exit status (137).
ns_kill() {
    local pid p kept=() code=0
    pid=$(eval echo "\${${1}_pid}")
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || code=$?   # (bash says "Killed" on stderr)
    for p in "${NS_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    NS_PIDS=("${kept[@]}")
    echo "$1 killed: $code"
}
