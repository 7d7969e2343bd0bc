#!/usr/bin/env bash
# Advanced exercise, IPv6 (labs/tp-ipv6.md): the IPv6 server, the IPv4 client
# refused, the IPv6 client served, then dual stack with a mapped address.
. "$(dirname "$0")/lib.bash"

title "IPv6: tcp6_server on [::1], tcp6_client, then tcp_client (refused)"
demo_server server tcp6_server -k 0 || exit 1
show_cmd client tcp6_client "$PORT" Bonjour
tcp6_client "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
show_cmd client tcp_client "$PORT" Bonjour
tcp_client "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
finish_server server

title "IPv6: dual stack, tcp6_server -d -b :: takes the IPv4 client as [::ffff:127.0.0.1]"
demo_server server tcp6_server -k -d -b :: 0 || exit 1
show_cmd client tcp_client "$PORT" Bonjour
tcp_client "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
finish_server server

title "IPv6: udp6_server on [::1] and udp6_client"
demo_server server udp6_server 0 || exit 1
show_cmd client udp6_client "$PORT" Bonjour
udp6_client "$PORT" Bonjour 2>&1 | sed 's/^/[client] /'
finish_server server
