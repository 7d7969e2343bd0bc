#!/usr/bin/env bash
# TP3 (labs/tp3-rpc.md): the portmapper, the ARITH server registering, rpc_info -p,
# then the remote call, traced field by field. Unprivileged: the portmapper takes
# any free port (-p 0) and the others are told it with -P.
. "$(dirname "$0")/lib.bash"

title "TP3, RPC: the portmapper (program 100000) on an unprivileged port"
demo_server portmapper rpc_portmap -b 127.0.0.1 -p 0
PMAP_PID=$SERVER_PID PMAP_PORT=$PORT

title "TP3, RPC: the ARITH server registers its ports"
demo_server server rpc_arith_server -P "$PMAP_PORT"
tries=250
until grep -q '^Registered' "$DEMO_DIR/server.out" 2>/dev/null; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { cat "$DEMO_DIR/server.out"; exit 1; }
    sleep 0.02
done

show_cmd client "rpc_info -P $PMAP_PORT -p"
rpc_info -P "$PMAP_PORT" -p | sed 's/^/[client] /'

title "TP3, RPC: the remote call, as the slide prints it"
show_cmd client "rpc_arith_client -P $PMAP_PORT 127.0.0.1 add 13.4 17.1"
rpc_arith_client -P "$PMAP_PORT" 127.0.0.1 add 13.4 17.1 | sed 's/^/[client] /'
show_cmd client "rpc_arith_client -P $PMAP_PORT -T udp --trace 127.0.0.1 mult 3 4"
rpc_arith_client -P "$PMAP_PORT" -T udp --trace 127.0.0.1 mult 3 4 | sed 's/^/[client] /'

finish_server server
SERVER_PID=$PMAP_PID
finish_server portmapper
