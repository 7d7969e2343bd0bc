#!/usr/bin/env bash
# TP3 (labs/tp3-rpc-xdr.md): the byte-order problem and how XDR solves it.
. "$(dirname "$0")/lib.bash"

title "TP3, RPC: raw bytes read by a machine of the other byte order"
show_cmd machine "expediteur | od -An -tx1"
expediteur | od -An -tx1 | sed 's/^/[machine] /'
show_cmd machine "expediteur | recepteur --swap"
expediteur | recepteur --swap | sed 's/^/[machine] /'

title "TP3, RPC: the same values through XDR"
show_cmd machine "expediteur --xdr | od -An -tx1"
expediteur --xdr | od -An -tx1 | sed 's/^/[machine] /'
show_cmd machine "expediteur --xdr | recepteur --xdr --swap"
expediteur --xdr | recepteur --xdr --swap | sed 's/^/[machine] /'
