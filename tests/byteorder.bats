#!/usr/bin/env bats
# TP3, the byte-order problem: expediteur and recepteur (labs/tp3-rpc-xdr.md).

load helpers

@test "byteorder: raw bytes read by a machine of the other order: 788267007 and 0.000000" {
    run -0 bash -c 'expediteur | recepteur --swap'
    [ "${lines[0]}" = "Entier recu : 788267007" ]
    [ "${lines[1]}" = "Flottant recu : 0.000000" ]
    [ "${#lines[@]}" -eq 2 ]
}

@test "byteorder: raw bytes on the same machine are fine" {
    run -0 bash -c 'expediteur | recepteur'
    [ "${lines[0]}" = "Entier recu : -1234" ]
    [ "${lines[1]}" = "Flottant recu : 12.450000" ]
}

@test "byteorder: XDR survives the other byte order: -1234 and 12.450000" {
    run -0 bash -c 'expediteur --xdr | recepteur --xdr --swap'
    [ "${lines[0]}" = "Entier recu : -1234" ]
    [ "${lines[1]}" = "Flottant recu : 12.450000" ]
    run -0 bash -c 'expediteur --xdr | recepteur --xdr'
    [ "${lines[0]}" = "Entier recu : -1234" ]
}

@test "byteorder: the XDR bytes are ff ff fb 2e 41 47 33 33, the raw ones little-endian" {
    run -0 bash -c 'expediteur --xdr | od -An -tx1'
    [ "$output" = " ff ff fb 2e 41 47 33 33" ]
    run -0 bash -c 'expediteur | od -An -tx1'
    [ "$output" = " 2e fb ff ff 33 33 47 41" ]
}

@test "byteorder: python3's struct reads the XDR bytes as big-endian -1234 and 12.45" {
    command -v python3 >/dev/null || skip "python3 is not installed"
    run -0 bash -c "expediteur --xdr | python3 -c 'import struct,sys; i,f=struct.unpack(\">if\", sys.stdin.buffer.read()); print(i, round(f, 2))'"
    [ "$output" = "-1234 12.45" ]
}

@test "byteorder: short input is a runtime error with a hint, exit 1" {
    run -1 --separate-stderr bash -c 'printf abc | recepteur --xdr'
    [ "$output" = "" ]
    [ "${stderr_lines[0]}" = "recepteur: expected 8 bytes on stdin (an int and a float), got 3" ]
    [[ "${stderr_lines[1]}" == "recepteur: hint: "* ]]
}

@test "byteorder: bad usage exits 2 with the usage line; -h exits 0" {
    run -2 --separate-stderr expediteur --swap
    [ "${stderr_lines[0]}" = "expediteur: unknown option '--swap'" ]
    [ "${stderr_lines[1]}" = "usage: expediteur [--xdr] [-v]" ]
    run -2 --separate-stderr recepteur extra
    [ "${stderr_lines[0]}" = "recepteur: too many arguments: 'extra'" ]
    run -0 expediteur -h
    [[ "${lines[0]}" == "usage: expediteur"* ]]
    [[ "$output" == *"example: "* ]]
    run -0 recepteur --help
    [[ "${lines[0]}" == "usage: recepteur"* ]]
}

@test "byteorder: -v traces the write and read calls" {
    run -0 --separate-stderr bash -c 'expediteur --xdr -v 2>/dev/null | recepteur --xdr -v'
    [ "${lines[0]}" = "Entier recu : -1234" ]
    [ "$stderr" = "[recepteur] read(0, 8) = 8" ]
    run -0 bash -c 'expediteur --xdr -v 2>&1 >/dev/null'
    [ "$output" = "[expediteur] write(1, 8 bytes) = 8" ]
}
