#!/usr/bin/env bats
# Fuzzing the RPC library's decoders with libFuzzer (clang): the XDR decoder,
# the RPC message decoder and server dispatch, the record reassembler, and the
# dispatch of the portmapper and of the ARITH server (their own files); and
# sockwatch's pcap and pcapng readers and packet decoder (tools/). Each
# target runs FUZZ_TIME seconds (3 in make check, 60 in make fuzz) under
# AddressSanitizer and UndefinedBehaviorSanitizer. A crash leaves its input
# in tests/build/ (crash-...): rerun with tests/build/fuzz_NAME FILE, and once
# fixed, keep it as a regression input in tests/fuzz/regress/NAME/, which
# every run replays first. Seeds (real calls) are in tests/fuzz/seeds/NAME/.
# Skipped, visibly, when clang with libFuzzer is not installed.

load helpers

FUZZ_SOURCES="rpc/xdr.c rpc/rpc_msg.c rpc/rpc_rec.c rpc/rpc_transport.c rpc/rpc_dispatch.c"

setup_file() {
    mkdir -p "$ROOT/tests/build"
    export FUZZ_OK=0
    if echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
        clang -x c -fsanitize=fuzzer -o "$ROOT/tests/build/fuzz_probe" - >/dev/null 2>&1; then
        FUZZ_OK=1
    fi
}

# up_to_date BIN FILE...: true if BIN exists and is newer than every FILE.
up_to_date() {
    local bin=$1 file
    shift
    [ -x "$bin" ] || return 1
    for file in "$@"; do
        [ "$bin" -nt "$file" ] || return 1
    done
}

# fuzz NAME [SOURCE...]: builds tests/build/fuzz_NAME (with the extra
# SOURCEs) and runs it for FUZZ_TIME seconds.
fuzz() {
    local name=$1 bin="$ROOT/tests/build/fuzz_$1" corpus="$BATS_TEST_TMPDIR/corpus" input
    shift
    [ "$FUZZ_OK" -eq 1 ] || skip "clang with libFuzzer is not installed (apt-get install clang libclang-rt-dev)"
    cd "$ROOT"
    if ! up_to_date "$bin" "tests/fuzz/fuzz_$name.c" $FUZZ_SOURCES "$@" rpc/*.h; then
        run -0 clang -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
            -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Irpc -Icommon \
            -o "$bin" "tests/fuzz/fuzz_$name.c" $FUZZ_SOURCES "$@" -lm
    fi
    for input in tests/fuzz/regress/"$name"/*; do   # crashes found once: never again
        [ -f "$input" ] || continue
        run "$bin" "$input"
        [ "$status" -eq 0 ] || { echo "regression input $input fails again:"; printf '%s\n' "${lines[@]: -30}"; return 1; }
    done
    mkdir -p "$corpus"
    [ -d "tests/fuzz/seeds/$name" ] && cp "tests/fuzz/seeds/$name"/* "$corpus"/
    # Seeds: the ADD(13.4, 17.1) call of the handout, bare and record-marked.
    printf '\x12\x34\x56\x78\0\0\0\0\0\0\0\x02\x33\x33\x33\x33\0\0\0\x01\0\0\0\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x41\x56\x66\x66\x41\x88\xcc\xcd' >"$corpus/add_call"
    { printf '\x05\x80\0\0\x30'; cat "$corpus/add_call"; } >"$corpus/add_record"
    run "$bin" -max_total_time="${FUZZ_TIME:-3}" -timeout=10 -rss_limit_mb=1024 \
        -artifact_prefix="$ROOT/tests/build/" "$corpus"
    if [ "$status" -ne 0 ]; then
        printf '%s\n' "${lines[@]: -30}"
        return 1
    fi
    [[ "$output" == *"Done "*" runs in "* ]]
}

@test "fuzz: the XDR decoder (every filter, decode then encode gives the same bytes)" {
    fuzz xdr
}

@test "fuzz: the RPC message decoders and the server's dispatch" {
    fuzz msg
}

@test "fuzz: the TCP record reassembler (any cut into reads gives the same records)" {
    fuzz rec
}

# The servers' own files: rpc_portmap.c and rpc_arith_server.c compiled in,
# with the server and client runtimes (sockets, CALLIT), the portmapper
# protocol and common/ they use.
SERVER_SOURCES="rpc/rpc_server.c rpc/svc_vc.c rpc/svc_dg.c rpc/svc_listen.c rpc/svc_table.c rpc/rpc_client.c rpc/clnt_perror.c rpc/pmap_prot.c rpc/pmap_clnt.c common/args.c common/addr.c common/report.c common/io.c common/fdclock.c common/socktable.c common/addrinuse.c common/listen.c"

@test "fuzz: the portmapper's dispatch (versions 2, 3, 4; local and remote callers; table full)" {
    [ -f "$ROOT/rpc/rpc_portmap.c" ] || skip "rpc/rpc_portmap.c is not merged yet"
    fuzz portmap rpc/pmap_table.c rpc/rpcbind.c $SERVER_SOURCES
}

@test "fuzz: the ARITH server's dispatch (NULL, ADD, MULT, SQRT and their arguments)" {
    [ -f "$ROOT/rpc/rpc_arith_server.c" ] || skip "rpc/rpc_arith_server.c is not merged yet"
    fuzz arith $SERVER_SOURCES
}

@test "fuzz: sockwatch's pcap and pcapng readers, packet decoder and ladder (any file, any link type)" {
    [ -f "$ROOT/tools/pcap.c" ] || skip "tools/sockwatch is not merged yet"
    fuzz pcap tools/pcap.c tools/pcapng.c tools/packet.c tools/ladder.c common/addr.c
}
