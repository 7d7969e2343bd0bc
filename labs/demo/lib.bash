# labs/demo/lib.bash - helpers for the demo scripts (not the lesson).
PATH="$PWD/tcp:$PWD/udp:$PWD/ipv6:$PWD/rpc:$PATH"
DEMO_DIR=$(mktemp -d)
trap 'for p in $(jobs -p); do kill -INT "$p" 2>/dev/null; done; wait; rm -rf "$DEMO_DIR"' EXIT

# title TEXT: a heading for one exchange.
title() { printf '\n==== %s ====\n' "$*"; }

# show_cmd SIDE CMD...: prints the command as a student would type it.
show_cmd() { local side=$1; shift; printf '[%s]$ %s\n' "$side" "$*"; }

# demo_server NAME CMD...: starts a server in the background, waits (5 s at
# most) for its "Listening on" line, sets PORT to the port it really bound.
demo_server() {
    local name=$1 tries=250
    shift
    show_cmd "$name" "$@"
    "$@" >"$DEMO_DIR/$name.out" 2>&1 </dev/null &
    SERVER_PID=$!
    until grep -q 'Listening on' "$DEMO_DIR/$name.out" 2>/dev/null; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { cat "$DEMO_DIR/$name.out"; return 1; }
        sleep 0.02
    done
    PORT=$(sed -nE 's/.*Listening on [^ ]*:([0-9]+).*/\1/p' "$DEMO_DIR/$name.out" | head -n1)
}

# finish_server NAME: stops the server (Ctrl-C) and prints what it printed.
finish_server() {
    local name=$1
    kill -INT "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    sed "s/^/[$name] /" "$DEMO_DIR/$name.out"
}
