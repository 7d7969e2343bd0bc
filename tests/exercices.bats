#!/usr/bin/env bats
# exercices/ (the files students complete) and tests/students/ok/ (good
# student programs in Python, the fixtures labcheck is tested against).
#
# The skeletons: each C file builds with the project's flags (gcc, and clang
# when present), each one runs and ends at once saying it is to be completed,
# and none holds the answer (no socket call outside comments). The good
# solutions: each one run against socklab's own programs on the handouts'
# fixed ports (60000, 62000, 7999), in a network namespace of its own
# (unshare -n, loopback up): root only, as CI runs.

load helpers

# As root, labcheck runs the student's program as the box's user (uid 64000),
# which must reach the test's files: bats makes its run folder 0700.
setup_file() {
    [ "$(id -u)" -ne 0 ] || chmod o+x "$BATS_RUN_TMPDIR"
}

EXERCISES=(tp1/serveur tp1/client chat/serveur chat/client tp2/serveur tp2/client
           ipv6/serveur ipv6/client)
EXFLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror)
# TP3's (labs/tp3-rpc.md): the slides' programs on socklab's classic API (the
# answer keys: labs/tp3/serveur.c, client.c, xdr_exemple.c), the rpcgen
# exercise on libtirpc (its answer key: tests/tirpc/arith_server.c), and
# RPyC in Python (answer keys: labs/tp3/arith_rpyc_server.py and
# tests/students/ok/rpyc/client.py).
TP3_EXERCISES=(tp3/serveur tp3/client)
RPYC_EXERCISES=(rpyc/serveur rpyc/client)
OK="tests/students/ok"

# The calls that are the lesson: a skeleton may name them in a comment, never
# make them. (Printing helpers may use inet_ntop and ntohs.)
C_CALLS='socket|setsockopt|bind|listen|accept|connect|getsockname|send|recv|sendto|recvfrom|poll|select|shutdown|close|inet_pton|htons'
PY_CALLS='socket setsockopt bind listen accept connect getsockname send sendall recv sendto recvfrom select shutdown close settimeout'

# c_calls FILE: the lesson's calls FILE makes, comments and strings removed.
c_calls() {
    gcc -fpreprocessed -dD -E -P "$1" | sed -E 's/"([^"\\]|\\.)*"/""/g' |
        grep -nE "(^|[^[:alnum:]_.>])($C_CALLS)[[:space:]]*\(" || true
}

# py_calls FILE: the lesson's calls FILE makes (its syntax tree: comments and
# strings do not count).
py_calls() {
    python3 - "$1" "$PY_CALLS" <<'EOF'
import ast, sys
banned = set(sys.argv[2].split())
for node in ast.walk(ast.parse(open(sys.argv[1], encoding='utf-8').read())):
    if isinstance(node, ast.Call):
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, 'id', '')
        if name in banned:
            print('%d: %s()' % (node.lineno, name))
EOF
}

@test "each C skeleton builds with gcc (and clang), -O0 and -O2, and ends at once: to be completed, exit 1" {
    local compilers=(gcc) cc opt ex
    command -v clang >/dev/null && compilers+=(clang)
    for cc in "${compilers[@]}"; do
        for opt in -O0 -O2; do
            for ex in "${EXERCISES[@]}"; do
                "$cc" "${EXFLAGS[@]}" "$opt" -o "$BATS_TEST_TMPDIR/prog" "$ROOT/exercices/$ex.c"
                run -1 timeout 5 "$BATS_TEST_TMPDIR/prog" </dev/null
                [[ "$output" == "exercices/$ex.c : à compléter (les étapes À FAIRE, labs/"*".md)" ]]
            done
        done
        # a student's file stands alone: no -D, no common/, on another machine
        for ex in "${EXERCISES[@]}"; do
            "$cc" -std=c11 -Wall -Wextra -Werror -o "$BATS_TEST_TMPDIR/prog" "$ROOT/exercices/$ex.c"
        done
    done
}

@test "each Python skeleton runs and ends at once: to be completed, exit 1" {
    local ex
    for ex in "${EXERCISES[@]}"; do
        run -1 timeout 5 python3 "$ROOT/exercices/$ex.py" </dev/null
        [[ "$output" == "exercices/$ex.py : à compléter (les étapes À FAIRE, labs/"*".md)" ]]
    done
}

@test "no skeleton holds the answer: no socket call outside comments and strings" {
    local ex found
    for ex in "${EXERCISES[@]}"; do
        found=$(c_calls "$ROOT/exercices/$ex.c")
        [ -z "$found" ] || { echo "exercices/$ex.c makes a call of the lesson: $found"; return 1; }
        found=$(py_calls "$ROOT/exercices/$ex.py")
        [ -z "$found" ] || { echo "exercices/$ex.py makes a call of the lesson: $found"; return 1; }
    done
    # The rule sees the answer where there is one: the reference programs and
    # the good solutions make these calls.
    c_calls "$ROOT/tcp/tcp_server.c" | grep -q 'listen'
    c_calls "$ROOT/udp/udp_client.c" | grep -q 'sendto'
    py_calls "$ROOT/$OK/tp1/serveur.py" | grep -q 'accept()'
    py_calls "$ROOT/$OK/chat/client.py" | grep -q 'select()'
}

@test "each skeleton marks its steps with À FAIRE, the handout and the labcheck command" {
    local ex check
    for ex in "${EXERCISES[@]}"; do
        check="${ex%/*}.${ex#*/}"
        for f in "$ROOT/exercices/$ex.c" "$ROOT/exercices/$ex.py"; do
            [ "$(grep -c 'À FAIRE [0-9]' "$f")" -ge 3 ] || { echo "$f: too few À FAIRE steps"; return 1; }
            grep -q "labs/[a-z0-9-]*\.md" "$f"
            grep -q "labcheck $check -- " "$f" || { echo "$f: no 'labcheck $check --' line"; return 1; }
        done
    done
}

# tp3_build DIR NAME OUT: builds DIR/NAME.c with DIR/xdr_exemple.c on socklab's
# classic API, as make exercices does, with $CC and the project's flags; in a
# sanitizer build (.buildflags), with the tree's compiler and flags, which its
# libraries need at link time.
tp3_build() {
    local cc=("${CC:-gcc}" "${EXFLAGS[@]}")
    # shellcheck disable=SC2207
    grep -q -- -fsanitize "$ROOT/.buildflags" 2>/dev/null && cc=($(cat "$ROOT/.buildflags"))
    "${cc[@]}" -I"$ROOT/rpc/classic" -o "$3" "$1/$2.c" "$1/xdr_exemple.c" \
        "$ROOT/rpc/librpcclassic.a" "$ROOT/rpc/librpc.a" -lm
}

# rpcgen_build DIR OUT: rpcgen DIR/arith.x, then DIR/arith_server.c with the
# project's flags and rpcgen's code, on libtirpc, as make exercices does.
rpcgen_build() {
    (cd "$1" && rm -f arith.h arith_svc.c arith_clnt.c arith_xdr.c && rpcgen arith.x) &&
    "${CC:-gcc}" "${EXFLAGS[@]}" -D_DEFAULT_SOURCE -I/usr/include/tirpc -c -o "$2.o" "$1/arith_server.c" &&
    "${CC:-gcc}" -D_DEFAULT_SOURCE -I/usr/include/tirpc -o "$2" "$1/arith_svc.c" "$1/arith_xdr.c" "$2.o" -ltirpc -lm
}
export -f tp3_build rpcgen_build

# py_answer FILE: what in the Python FILE is the answer of an RPyC step (its
# syntax tree: comments and strings do not count).
py_answer() {
    python3 - "$1" <<'EOF'
import ast, sys
for node in ast.walk(ast.parse(open(sys.argv[1], encoding='utf-8').read())):
    if isinstance(node, (ast.Import, ast.ImportFrom)) and 'rpyc' in ast.dump(node):
        print('%d: import rpyc' % node.lineno)
    elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        print('%d: %s' % (node.lineno, node.name))
    elif isinstance(node, ast.Call) and getattr(node.func, 'attr', '') in ('connect', 'start'):
        print('%d: %s()' % (node.lineno, node.func.attr))
EOF
}

# rpc_answer FILE: the classic API's calls, the filter's and the procedures'
# computations that the C FILE makes (comments and strings removed).
rpc_answer() {
    gcc -fpreprocessed -dD -E -P "$1" | sed -E 's/"([^"\\]|\\.)*"/""/g' | grep -v '^bool_t xdr_couple(' |
        grep -nE '(registerrpc|svc_run|callrpc|xdr_float|xdr_couple|sqrtf|clnt_perrno)[[:space:]]*\(|e1 *[-+*]|return *&' || true
}

@test "the TP3 C skeletons build on socklab's classic API (gcc and clang) and end at once: to be completed, exit 1" {
    [ -f "$ROOT/rpc/librpcclassic.a" ] || skip "rpc/librpcclassic.a is not built (make)"
    local compilers=(gcc) ex
    command -v clang >/dev/null && compilers+=(clang)
    grep -q -- -fsanitize "$ROOT/.buildflags" 2>/dev/null && compilers=(tree)   # tp3_build says why
    for CC in "${compilers[@]}"; do
        for ex in "${TP3_EXERCISES[@]}"; do
            tp3_build "$ROOT/exercices/tp3" "${ex#tp3/}" "$BATS_TEST_TMPDIR/prog"
            run -1 --separate-stderr timeout 5 "$BATS_TEST_TMPDIR/prog" localhost </dev/null
            [ "$stderr" = "exercices/$ex.c : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)" ]
            [ -z "$output" ]
        done
        # the client's usage is given: one argument, HOST
        run -2 --separate-stderr "$BATS_TEST_TMPDIR/prog"
        [ "$stderr" = "usage: client HOST" ]
    done
}

@test "the rpcgen skeleton builds on libtirpc after rpcgen arith.x, and ends at once: to be completed, exit 1" {
    require_peer rpcgen
    require_peer /usr/include/tirpc/rpc/rpc.h
    cp -r "$ROOT/exercices/tp3/rpcgen" "$BATS_TEST_TMPDIR/rpcgen"
    rpcgen_build "$BATS_TEST_TMPDIR/rpcgen" "$BATS_TEST_TMPDIR/arith_server"
    run -1 --separate-stderr timeout 5 "$BATS_TEST_TMPDIR/arith_server" </dev/null
    [ "$stderr" = "exercices/tp3/rpcgen/arith_server.c : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)" ]
    [ -z "$output" ]
}

@test "the RPyC skeletons run and end at once, even without RPyC: to be completed, exit 1" {
    local ex
    for ex in "${RPYC_EXERCISES[@]}"; do
        run -1 --separate-stderr timeout 5 python3 "$ROOT/exercices/$ex.py" </dev/null
        [ "$stderr" = "exercices/$ex.py : à compléter (les étapes À FAIRE, labs/tp3-rpc.md)" ]
    done
}

@test "no TP3 or RPyC skeleton holds the answer: no RPC call, no computation, no rpyc, no service" {
    local f found
    for f in tp3/serveur tp3/client tp3/xdr_exemple tp3/rpcgen/arith_server; do
        found=$(rpc_answer "$ROOT/exercices/$f.c")
        [ -z "$found" ] || { echo "exercices/$f.c holds the answer: $found"; return 1; }
    done
    for f in "${RPYC_EXERCISES[@]}"; do
        found=$(py_answer "$ROOT/exercices/$f.py")
        [ -z "$found" ] || { echo "exercices/$f.py holds the answer: $found"; return 1; }
    done
    # The rules see the answer where there is one: the answer keys.
    rpc_answer "$ROOT/labs/tp3/serveur.c" | grep -q 'registerrpc'
    rpc_answer "$ROOT/labs/tp3/client.c" | grep -q 'callrpc'
    rpc_answer "$ROOT/labs/tp3/xdr_exemple.c" | grep -q 'xdr_float'
    rpc_answer "$ROOT/tests/tirpc/arith_server.c" | grep -q 'return &result'
    py_answer "$ROOT/labs/tp3/arith_rpyc_server.py" | grep -q 'ArithService'
    py_answer "$ROOT/$OK/rpyc/client.py" | grep -q 'connect()'
}

@test "each TP3 and RPyC skeleton marks its steps with À FAIRE, the handout and the labcheck command" {
    local pair f check
    for pair in tp3/serveur.c:tp3.serveur tp3/client.c:tp3.client tp3/rpcgen/arith_server.c:tp3.serveur \
                rpyc/serveur.py:rpyc.serveur rpyc/client.py:rpyc.client; do
        f="$ROOT/exercices/${pair%%:*}" check=${pair#*:}
        [ "$(grep -c 'À FAIRE [0-9]' "$f")" -ge 3 ] || { echo "$f: too few À FAIRE steps"; return 1; }
        grep -q "labs/tp3-rpc.md" "$f"
        grep -q "labcheck $check -- " "$f" || { echo "$f: no 'labcheck $check --' line"; return 1; }
    done
    grep -q 'À FAIRE 4' "$ROOT/exercices/tp3/xdr_exemple.c"
    # the contract is given whole: the slides' numbers, struct and filter; arith.x's
    diff <(grep -E '^#define|^ +float|^bool_t' "$ROOT/labs/tp3/exemple.h" | sed 's: */\*.*::') \
         <(grep -E '^#define|^ +float|^bool_t' "$ROOT/exercices/tp3/exemple.h" | sed 's: */\*.*::')
    diff <(grep -vE '^ ?(/\*|\*)' "$ROOT/tests/tirpc/arith.x") \
         <(grep -vE '^ ?(/\*|\*)' "$ROOT/exercices/tp3/rpcgen/arith.x")
}

@test "make exercices builds the C skeletons with the project's flags; make clean removes only them" {
    local copy="$BATS_TEST_TMPDIR/copy" ex
    mkdir "$copy"
    cp -r "$ROOT/Makefile" "$ROOT/exercices" "$ROOT/common" "$ROOT/rpc" "$copy/"   # tp3/ links rpc/
    for ex in "${EXERCISES[@]}" "${TP3_EXERCISES[@]}"; do rm -f "$copy/exercices/$ex"; done
    # MAKEFLAGS emptied: under `make -s check` the commands would not be echoed
    run -0 env MAKEFLAGS= make -C "$copy" exercices
    [[ "$output" == *"-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror"*"-o exercices/tp1/serveur exercices/tp1/serveur.c"* ]]
    for ex in "${EXERCISES[@]}" "${TP3_EXERCISES[@]}"; do [ -x "$copy/exercices/$ex" ]; done
    # TP3's on socklab's classic API, with the folder's xdr_exemple.c
    [[ "$output" == *"-Irpc/classic  -o exercices/tp3/serveur exercices/tp3/serveur.c exercices/tp3/xdr_exemple.c"* ]]
    run -0 make -C "$copy" clean
    for ex in "${EXERCISES[@]}"; do
        [ ! -e "$copy/exercices/$ex" ]
        [ -f "$copy/exercices/$ex.c" ] && [ -f "$copy/exercices/$ex.py" ]
    done
    for ex in "${TP3_EXERCISES[@]}"; do [ ! -e "$copy/exercices/$ex" ] && [ -f "$copy/exercices/$ex.c" ]; done
    [ ! -e "$copy/exercices/tp3/rpcgen/arith_svc.c" ] && [ -f "$copy/exercices/tp3/rpcgen/arith.x" ]
}

# --- the good solutions against socklab's programs, in a namespace ----------

# in_ns SCRIPT: runs the bash SCRIPT in a new network namespace (loopback
# up), with tests/netns.bash loaded (ns_start, ns_wait_line, ns_stop...) and
# the helpers below; prints what each program printed at the end.
in_ns() {
    require_root
    command -v unshare >/dev/null || skip "unshare is not installed"
    run unshare -n bash -c 'set -e; ip link set lo up; cd "$ROOT"; . tests/netns.bash
                            eval "$1"' in_ns "$1"
    echo "$output"
}

# The helpers the scripts use, exported to the namespace's shell.
# $PY: runs a Python program as labcheck should: unbuffered output (students
# do not flush), SIGINT back to its default (a background job of a script
# ignores it, and Python then never raises KeyboardInterrupt). A command, not
# a function: ns_start's pid must be the program's.
export PY="env --default-signal=INT PYTHONUNBUFFERED=1 python3"
# ns_fifo_start NAME CMD...: like ns_start, its stdin from the named pipe
# $NS_TMP/NAME.in; the script then opens it for writing (exec 7>...), and
# what it writes there is what the program reads, as if typed.
ns_fifo_start() {
    local name=$1
    shift
    mkfifo "$NS_TMP/$name.in"
    "$@" <"$NS_TMP/$name.in" >"$NS_TMP/$name.out" 2>"$NS_TMP/$name.err" &
    NS_PIDS+=("$!")
    declare -g "${name}_pid=$!"
}
# ns_exit NAME: waits (10 s at most) for NAME to end by itself; its status.
ns_exit() {
    local pid tries=500
    pid=$(eval echo "\${${1}_pid}")
    while ns_alive "$pid" && [ "$tries" -gt 0 ]; do sleep 0.02; tries=$((tries - 1)); done
    if ns_alive "$pid"; then
        echo "$1 did not end within 10 s" >&2
        kill -KILL "$pid"
    fi
    wait "$pid"
}
# ns_show NAME...: prints each program's output, stdout then stderr.
ns_show() {
    local name
    for name in "$@"; do
        echo "== $name"
        cat "$NS_TMP/$name.out" "$NS_TMP/$name.err"
    done
}
export -f ns_fifo_start ns_exit ns_show

@test "ok/tp1/serveur.py serves tcp_client on 127.0.0.1:60000, then ends (exit 0)" {
    in_ns "ns_start srv $PY $OK/tp1/serveur.py; ns_wait_port tcp 60000
           ss -ltnH 'sport = :60000' | awk '{print \"listen\", \$4}'
           tcp_client 60000 Bonjour
           ns_exit srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "listen 127.0.0.1:60000" ]
    [[ "${lines[1]}" =~ ^Local\ address:\ 127\.0\.0\.1:([0-9]+)$ ]]
    port=${BASH_REMATCH[1]}
    [ "${lines[2]}" = "Client received: Welcome to this server" ]
    [ "${lines[3]}" = "server exit 0" ]
    [ "${lines[5]}" = "Connected by ('127.0.0.1', $port)" ]
    [ "${lines[6]}" = "Server received: Bonjour" ]
    [ "${#lines[@]}" -eq 7 ]
}

@test "ok/tp1/serveur_boucle.py serves three tcp_clients without a restart, stops on Ctrl-C (exit 0)" {
    in_ns "ns_start srv $PY $OK/tp1/serveur_boucle.py; ns_wait_port tcp 60000
           for m in un deux trois; do tcp_client 60000 \$m | grep received; done
           ns_stop srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [ "$(grep -c '^Client received: Welcome to this server$' <<<"$output")" -eq 3 ]
    grep -q '^server exit 0$' <<<"$output"
    [ "$(grep -cE "^Connected by \('127\.0\.0\.1', [0-9]+\)$" <<<"$output")" -eq 3 ]
    grep -q '^Server received: un$' <<<"$output"
    grep -q '^Server received: deux$' <<<"$output"
    grep -q '^Server received: trois$' <<<"$output"
}

@test "ok/tp1 clients against tcp_server: the reply, getsockname, port 62000 twice, argv" {
    in_ns "ns_start srv tcp_server -k 60000; ns_wait_line srv '^Listening on'
           $PY $OK/tp1/client.py; echo \"client exit \$?\"
           $PY $OK/tp1/client_getsockname.py; echo \"getsockname exit \$?\"
           $PY $OK/tp1/client_62000.py; $PY $OK/tp1/client_62000.py; echo \"62000 exit \$?\"
           $PY $OK/tp1/client_argv.py 60000 Bonjour tout le monde; echo \"argv exit \$?\"
           $PY $OK/tp1/client_argv.py 2>/dev/null || echo \"argv without arguments exit \$?\"
           ns_stop srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "Received b'Welcome to this server'" ]
    [ "${lines[1]}" = "client exit 0" ]
    [[ "${lines[2]}" =~ ^Adresse\ locale\ :\ \(\'127\.0\.0\.1\',\ ([0-9]+)\)$ ]]
    port=${BASH_REMATCH[1]}
    [ "${lines[3]}" = "Client received: Welcome to this server" ]
    [ "${lines[4]}" = "getsockname exit 0" ]
    [ "${lines[5]}" = "Client received: Welcome to this server" ]
    [ "${lines[6]}" = "Client received: Welcome to this server" ]
    [ "${lines[7]}" = "62000 exit 0" ]
    [ "${lines[8]}" = "Client received: Welcome to this server" ]
    [ "${lines[9]}" = "argv exit 0" ]
    [ "${lines[10]}" = "argv without arguments exit 2" ]
    [ "${lines[11]}" = "server exit 0" ]
    # the server saw the port getsockname printed, then 62000 twice, then argv's words
    grep -q "^Server received: Bonjour -- from client 127.0.0.1:$port$" <<<"$output"
    [ "$(grep -c '^Connected by 127.0.0.1:62000$' <<<"$output")" -eq 2 ]
    grep -q '^Server received: Bonjour tout le monde -- from client 127.0.0.1:[0-9]*$' <<<"$output"
}

@test "ok/chat/serveur.py chats with tcp_chat_client both ways; the client's exit ends both (exit 0)" {
    in_ns "ns_fifo_start srv $PY $OK/chat/serveur.py; exec 7>\"\$NS_TMP/srv.in\"
           ns_wait_port tcp 7999
           ns_fifo_start cli tcp_chat_client 7999; exec 8>\"\$NS_TMP/cli.in\"
           ns_wait_line cli '^Connected to 127.0.0.1:7999'
           ns_wait_line srv '^Connected by'
           echo 'Bonjour VM1' >&8; ns_wait_line srv 'client> Bonjour VM1'
           echo 'Salut VM2' >&7; ns_wait_line cli \"from server 'Salut VM2'\"
           echo exit >&8
           ns_exit srv; echo \"server exit \$?\"; ns_exit cli; echo \"client exit \$?\"
           ns_show srv cli"
    [ "$status" -eq 0 ]
    grep -q '^server exit 0$' <<<"$output"
    grep -q '^client exit 0$' <<<"$output"
    host=$(hostname)
    grep -qF "server@$host:7999$ " <<<"$output"
    grep -q '^client> Bonjour VM1$' <<<"$output"
    grep -q '^Le client est parti (exit)$' <<<"$output"
    grep -q "^from server 'Salut VM2'$" <<<"$output"
    grep -q '^the server left (it closed the connection)$' <<<"$output"
}

@test "ok/chat/client.py chats with tcp_chat_server both ways; either side's exit ends the session (exit 0)" {
    in_ns "ns_fifo_start srv tcp_chat_server 7999; exec 7>\"\$NS_TMP/srv.in\"
           ns_wait_line srv '^Listening on'
           ns_fifo_start cli $PY $OK/chat/client.py; exec 8>\"\$NS_TMP/cli.in\"
           ns_wait_line srv '^Connected by'
           echo 'Bonjour VM1' >&8; ns_wait_line srv \"from client 'Bonjour VM1'\"
           echo 'Salut VM2' >&7; ns_wait_line cli 'server> Salut VM2'
           echo exit >&7
           ns_exit cli; echo \"client exit \$?\"; ns_wait_line srv '^Waiting for the next client'
           ns_fifo_start cli2 $PY $OK/chat/client.py; exec 9>\"\$NS_TMP/cli2.in\"
           ns_wait_line cli2 'Connecté'
           echo exit >&9
           ns_exit cli2; echo \"second client exit \$?\"
           ns_wait_line srv 'the client left \\(it typed exit\\)'
           ns_stop srv; echo \"server exit \$?\"; ns_show srv cli cli2"
    [ "$status" -eq 0 ]
    grep -q '^client exit 0$' <<<"$output"
    grep -q '^second client exit 0$' <<<"$output"
    grep -q '^server exit 0$' <<<"$output"
    host=$(hostname)
    grep -qF "client@$host:7999$ " <<<"$output"
    grep -q "^from client 'Bonjour VM1'$" <<<"$output"
    grep -q '^Le serveur est parti (exit)$' <<<"$output"
    grep -q '^Session terminée$' <<<"$output"
    [ "$(grep -c '^the client left' <<<"$output")" -eq 2 ]
}

@test "ok/tp2/serveur.py answers several udp_clients from one UDP socket, no TCP socket; Ctrl-C (exit 0)" {
    in_ns "ns_start srv $PY $OK/tp2/serveur.py; ns_wait_port udp 60000
           udp_client 60000 Bonjour; udp_client 60000 Salut; udp_client -p 62000 60000 Trois
           echo \"tcp sockets: \$(ss -tanH | wc -l), udp sockets: \$(ss -uanH | wc -l)\"
           ns_stop srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [ "$(grep -c '^Server : Bien reçu$' <<<"$output")" -eq 3 ]
    grep -q '^tcp sockets: 0, udp sockets: 1$' <<<"$output"
    grep -q '^server exit 0$' <<<"$output"
    grep -qE "^Client \('127\.0\.0\.1', [0-9]+\) : Bonjour$" <<<"$output"
    grep -q "^Client ('127.0.0.1', 62000) : Trois$" <<<"$output"
}

@test "ok/tp2/client.py: each stdin line to udp_server, each reply printed; a lost reply; exit ends it" {
    in_ns "ns_fifo_start cli $PY $OK/tp2/client.py; exec 7>\"\$NS_TMP/cli.in\"
           echo Perdu >&7; ns_wait_line cli '^Pas de réponse en 2 s'
           ns_start srv udp_server -r 'Bien reçu' 60000; ns_wait_line srv '^Listening on'
           echo Bonjour >&7; ns_wait_line cli '^Server : Bien reçu'
           echo exit >&7
           ns_exit cli; echo \"client exit \$?\"
           ns_stop srv; echo \"server exit \$?\"; ns_show cli srv"
    [ "$status" -eq 0 ]
    grep -q '^client exit 0$' <<<"$output"
    grep -q '^server exit 0$' <<<"$output"
    [ "$(grep -c '^Server : Bien reçu$' <<<"$output")" -eq 2 ]
    # one socket, one port, for the whole session
    [ "$(grep -oE '^Client 127\.0\.0\.1:[0-9]+ : (Bonjour|exit)$' <<<"$output" |
         sed -E 's/ : .*//' | sort -u | wc -l)" -eq 1 ]
}

@test "ok/ipv6/serveur.py: [::1]:60000, tcp_client (IPv4) refused, tcp6_client served (exit 0)" {
    in_ns "ns_start srv $PY $OK/ipv6/serveur.py; ns_wait_port tcp 60000
           ss -ltnH 'sport = :60000' | awk '{print \"listen\", \$4}'
           tcp_client 60000 Bonjour 2>/dev/null || echo \"IPv4 client exit \$?\"
           tcp6_client 60000 Bonjour
           ns_exit srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "listen [::1]:60000" ]
    [ "${lines[1]}" = "IPv4 client exit 1" ]
    [[ "${lines[2]}" =~ ^Local\ address:\ \[::1\]:([0-9]+)$ ]]
    port=${BASH_REMATCH[1]}
    [ "${lines[3]}" = "Client received: Welcome to this server" ]
    [ "${lines[4]}" = "server exit 0" ]
    [ "${lines[6]}" = "Connected by ('::1', $port, 0, 0)" ]
    [ "${lines[7]}" = "Server received: Bonjour" ]
}

@test "ok/ipv6/serveur.py sets IPV6_V6ONLY itself: bound to :: it still refuses IPv4 (bindv6only 0)" {
    # The fixture binds ::1; the same code bound to :: shows the option's effect.
    in_ns "[ \"\$(cat /proc/sys/net/ipv6/bindv6only)\" = 0 ]
           sed \"s/^HOST = '::1'/HOST = '::'/\" $OK/ipv6/serveur.py >\"\$NS_TMP/any.py\"
           ns_start srv \$PY \"\$NS_TMP/any.py\"; ns_wait_port tcp 60000
           ss -ltnH 'sport = :60000' | awk '{print \"listen\", \$4}'
           tcp_client 60000 Bonjour 2>/dev/null || echo \"IPv4 client exit \$?\"
           tcp6_client 60000 Bonjour >/dev/null
           ns_exit srv; echo \"server exit \$?\""
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "listen [::]:60000" ]
    [ "${lines[1]}" = "IPv4 client exit 1" ]
    [ "${lines[2]}" = "server exit 0" ]
}

@test "ok/ipv6/client.py talks to tcp6_server on [::1]:60000 (exit 0)" {
    in_ns "ns_start srv tcp6_server 60000; ns_wait_line srv '^Listening on'
           $PY $OK/ipv6/client.py; echo \"client exit \$?\"
           ns_exit srv; echo \"server exit \$?\"; ns_show srv"
    [ "$status" -eq 0 ]
    [[ "${lines[0]}" =~ ^Local\ address:\ \(\'::1\',\ ([0-9]+),\ 0,\ 0\)$ ]]
    port=${BASH_REMATCH[1]}
    [ "${lines[1]}" = "Client received: Welcome to this server" ]
    [ "${lines[2]}" = "client exit 0" ]
    [ "${lines[3]}" = "server exit 0" ]
    grep -q "^Server received: Bonjour -- from client \[::1\]:$port$" <<<"$output"
}

# --- with labcheck (labcheck/labcheck, built by make) ------------------------

# needs_labcheck: skips, naming it, until labcheck is built.
needs_labcheck() {
    LABCHECK="$ROOT/labcheck/labcheck"
    [ -x "$LABCHECK" ] || skip "labcheck/labcheck is not built (make)"
}

@test "labcheck: every good solution of tests/students/ok passes its check" {
    needs_labcheck
    local pair check file
    for pair in tp1.serveur:tp1/serveur tp1.client:tp1/client tp1.getsockname:tp1/client_getsockname \
        tp1.port62000:tp1/client_62000 tp1.boucle:tp1/serveur_boucle tp1.argv:tp1/client_argv \
        chat.serveur:chat/serveur chat.client:chat/client tp2.serveur:tp2/serveur \
        tp2.client:tp2/client ipv6.serveur:ipv6/serveur ipv6.client:ipv6/client \
        tp1.client:tp1/client_input tp1.port62000:tp1/client_62000_input \
        tp1.serveurudp:tp1/serveur_udp tp1.clientudp:tp1/client_udp ipv6.client4:tp1/client; do
        check=${pair%%:*} file=${pair#*:}
        run timeout 120 "$LABCHECK" "$check" -- python3 "$ROOT/$OK/$file.py"
        [ "$status" -eq 0 ] || { echo "$check on $OK/$file.py:"; echo "$output"; return 1; }
        [[ "${lines[-1]}" =~ ^([0-9]+)/([0-9]+)\ vérifications\ réussies$ ]]
        [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
    done
}

@test "labcheck: every skeleton, C and Python, fails its check until completed" {
    needs_labcheck
    local ex check
    for ex in "${EXERCISES[@]}"; do
        check="${ex%/*}.${ex#*/}"
        gcc "${EXFLAGS[@]}" -o "$BATS_TEST_TMPDIR/prog" "$ROOT/exercices/$ex.c"
        run -1 timeout 120 "$LABCHECK" "$check" -- "$BATS_TEST_TMPDIR/prog"
        [[ "${lines[-1]}" =~ ^[0-9]+/[0-9]+\ vérifications\ réussies$ ]] || { echo "$output"; return 1; }
        run -1 timeout 120 "$LABCHECK" "$check" -- python3 "$ROOT/exercices/$ex.py"
        [[ "${lines[-1]}" =~ ^[0-9]+/[0-9]+\ vérifications\ réussies$ ]] || { echo "$output"; return 1; }
    done
}
