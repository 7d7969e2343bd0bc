#!/usr/bin/env bats
# The lesson files as a student reads them (labs/, README "How to read the
# code"): the socket labs see common/'s headers only, every lesson main is
# short enough to read as the handout's steps, and an IPv6 twin's help
# differs from its IPv4 twin's only by the family (the name, the default
# address, and -d, the dual-stack option that only IPv6 has).

load helpers

LESSONS="tcp/tcp_server tcp/tcp_client tcp/tcp_chat_server tcp/tcp_chat_client
         tcp/tcp_echo_server udp/udp_server udp/udp_client ipv6/tcp6_server
         ipv6/tcp6_client ipv6/udp6_server ipv6/udp6_client"

# main_length FILE: the number of lines of FILE's main(), from its first line
# to its closing brace.
main_length() {
    awk '/^int main\(/ { start = NR } start && /^}/ { print NR - start + 1; exit }' "$1"
}

@test "the socket labs are compiled with common/'s headers only: one that includes the RPC library does not build" {
    local prog cmd
    for prog in tcp/tcp_server udp/udp_server ipv6/tcp6_server tcp/tcp_chat_server; do
        cmd=$(make -s -n -B -C "$ROOT" "$prog" | grep -E -- "-o $prog( |$)")
        [ -n "$cmd" ] || { echo "no compile line for $prog"; return 1; }
        [[ "$cmd" == *"-Icommon"* ]]
        [[ "$cmd" != *"-Irpc"* ]] || { echo "$prog is compiled with -Irpc: $cmd"; return 1; }
    done
    # The same command on a copy of tcp_server.c that includes the RPC client:
    # the header is not found.
    cmd=$(make -s -n -B -C "$ROOT" tcp/tcp_server | grep -E -- "-o tcp/tcp_server( |$)")
    { echo '#include "rpc_client.h"'; cat "$ROOT/tcp/tcp_server.c"; } >"$BATS_TEST_TMPDIR/lesson.c"
    cmd=${cmd//tcp\/tcp_server.c/$BATS_TEST_TMPDIR/lesson.c}
    cmd=${cmd//-o tcp\/tcp_server/-o $BATS_TEST_TMPDIR/lesson}
    cd "$ROOT"
    run eval "$cmd"
    [ "$status" -ne 0 ]
    [[ "$output" == *"rpc_client.h"*"No such file"* || "$output" == *"'rpc_client.h' file not found"* ]]   # gcc, clang
    # and the file as it is builds with that command (the test is not vacuous)
    cp "$ROOT/tcp/tcp_server.c" "$BATS_TEST_TMPDIR/lesson.c"
    run -0 eval "$cmd"
}

@test "every lesson program's main() is at most 60 lines" {
    local prog n bad=0
    for prog in $LESSONS rpc/rpc_arith_server rpc/rpc_arith_client rpc/rpc_portmap; do
        n=$(main_length "$ROOT/$prog.c")
        [ -n "$n" ] || { echo "$prog.c: no main()"; bad=1; continue; }
        if [ "$n" -gt 60 ]; then echo "$prog.c: main() is $n lines"; bad=1; fi
    done
    return "$bad"
}

@test "an IPv6 twin's help differs from its IPv4 twin's only by the name, the family's addresses and -d" {
    local v4 v6
    for v4 in tcp/tcp_server tcp/tcp_client udp/udp_server udp/udp_client; do
        v6=ipv6/$(basename "$v4" | sed 's/^tcp_/tcp6_/; s/^udp_/udp6_/')
        "$ROOT/$v4" -h >"$BATS_TEST_TMPDIR/v4"
        # the IPv6 help brought back to IPv4: the name, ::1 and ::, no -d, no
        # link-local example
        "$ROOT/$v6" -h | sed -e 's/tcp6_/tcp_/g; s/udp6_/udp_/g' -e 's/ \[-d\]//' \
            -e '/^  -d /d' -e 's/::1; :: for/127.0.0.1; 0.0.0.0 for/' \
            -e 's/(default ::1; link-local: fe80::1%eth0)/(default 127.0.0.1)/' \
            -e 's/(default ::1)/(default 127.0.0.1)/' >"$BATS_TEST_TMPDIR/v6"
        run diff "$BATS_TEST_TMPDIR/v4" "$BATS_TEST_TMPDIR/v6"
        [ "$status" -eq 0 ] || { echo "$v4 against $v6:"; echo "$output"; return 1; }
    done
}

@test "make SANITIZE=1 compiles common/ with gcc and clang (-O2 -Werror: gcc's -Wformat-truncation once stopped it)" {
    local cc flags out=$BATS_TEST_TMPDIR/obj n=0
    mkdir -p "$out"
    flags=$(make -s -n -B -C "$ROOT" SANITIZE=1 common/addr.o | grep -oE -- ' -O2 .* -c ' | sed 's/ -c $//')
    [[ "$flags" == *fsanitize=address* ]] || { echo "no sanitizer flags in: $flags"; return 1; }
    for cc in gcc clang; do
        command -v "$cc" >/dev/null || continue
        for src in "$ROOT"/common/*.c; do
            # shellcheck disable=SC2086
            (cd "$ROOT" && "$cc" $flags -c "$src" -o "$out/$(basename "$src" .c).$cc.o") ||
                { echo "$cc could not compile $src with $flags"; return 1; }
        done
        n=$((n + 1))
    done
    [ "$n" -ge 1 ]
}
