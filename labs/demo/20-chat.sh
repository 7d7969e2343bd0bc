#!/usr/bin/env bash
# TP1 part 2 (labs/tp1-tcp-part2.md): the full-duplex chat, scripted. Each
# side's keyboard is a fifo the script types into, waiting (5 s at most) for
# each line to show up on the other side before typing the next one.
. "$(dirname "$0")/lib.bash"

# wait_line FILE TEXT: waits until FILE holds a line containing TEXT.
wait_line() {
    local tries=250
    until grep -qF -- "$2" "$1" 2>/dev/null; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || { echo "demo: no '$2' in $1" >&2; return 1; }
        sleep 0.02
    done
}

# types SIDE FD TEXT: shows what SIDE types, and types it on fd FD.
types() { printf '[%s types] %s\n' "$1" "$3"; printf '%s\n' "$3" >&"$2"; }

title "TP1, partie 2: tcp_chat_server and tcp_chat_client, full duplex"
mkfifo "$DEMO_DIR/server.in" "$DEMO_DIR/client.in"
exec 7<>"$DEMO_DIR/server.in" 8<>"$DEMO_DIR/client.in"
show_cmd server tcp_chat_server 0
tcp_chat_server 0 <"$DEMO_DIR/server.in" >"$DEMO_DIR/server.out" 2>&1 7>&- 8>&- &
SERVER_PID=$!
wait_line "$DEMO_DIR/server.out" "Listening on" || exit 1
PORT=$(sed -nE 's/.*Listening on [^ ]*:([0-9]+).*/\1/p' "$DEMO_DIR/server.out")
show_cmd client tcp_chat_client "$PORT"
tcp_chat_client "$PORT" <"$DEMO_DIR/client.in" >"$DEMO_DIR/client.out" 2>&1 7>&- 8>&- &
CLIENT_PID=$!
wait_line "$DEMO_DIR/server.out" "Connected by" || exit 1

types client 8 "Bonjour VM1"
wait_line "$DEMO_DIR/server.out" "from client 'Bonjour VM1'" || exit 1
types server 7 "Salut VM2, bien reçu"
wait_line "$DEMO_DIR/client.out" "from server 'Salut VM2, bien reçu'" || exit 1
types client 8 "Je t'envoie deux lignes"
types client 8 "d'affilée"
wait_line "$DEMO_DIR/server.out" "from client 'd'affilée'" || exit 1
types client 8 "exit"
wait "$CLIENT_PID"
wait_line "$DEMO_DIR/server.out" "Waiting for the next client" || exit 1
exec 7>&- 8>&-    # the server's end of input: it stops
wait "$SERVER_PID"
sed 's/^/[server] /' "$DEMO_DIR/server.out"
sed 's/^/[client] /' "$DEMO_DIR/client.out"
