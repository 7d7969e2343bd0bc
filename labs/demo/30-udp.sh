#!/usr/bin/env bash
# TP2 (labs/tp2-udp.md): the UDP server and client, mode non connecté.
. "$(dirname "$0")/lib.bash"

title "TP2, mode non connecté: udp_server, a one-shot and an interactive udp_client"
demo_server server udp_server 0 || exit 1
show_cmd client udp_client "$PORT" Bonjour
udp_client "$PORT" Bonjour | sed 's/^/[client] /'
show_cmd client "printf 'Salut\\nexit\\n' | udp_client $PORT"
printf 'Salut\nexit\n' | udp_client "$PORT" | sed 's/^/[client] /'
echo "(the client has quit; the server was not told and still answers)"
show_cmd client "udp_client $PORT 'encore là ?'"
udp_client "$PORT" 'encore là ?' | sed 's/^/[client] /'
finish_server server

title "No server any more: silence without -c, Connection refused with -c"
show_cmd client udp_client -t 1 "$PORT" Bonjour
udp_client -t 1 "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
show_cmd client udp_client -c "$PORT" Bonjour
udp_client -c "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
exit 0
