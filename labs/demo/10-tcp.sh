#!/usr/bin/env bash
# TP1 (labs/tp1-tcp.md): the TCP server and client, exercise 3 and 2.7.
. "$(dirname "$0")/lib.bash"

title "TP1, mode connecté: tcp_server -k and two tcp_client runs"
demo_server server tcp_server -k 0 || exit 1
show_cmd client tcp_client "$PORT" Bonjour
tcp_client "$PORT" Bonjour | sed 's/^/[client] /'
show_cmd client "echo 'Salut serveur' | tcp_client $PORT"
echo 'Salut serveur' | tcp_client "$PORT" | sed 's/^/[client] /'
finish_server server
