#!/usr/bin/env bats
# The handouts (labs/*.md) are executable: every ```console block is run and
# its output compared with what the handout shows (tests/handouts.py; the
# conventions are in its header and in labs/README.md). A handout whose
# command or output drifts fails here.

load helpers

# check_handout FILE: runs the checker on FILE; fails with its report, or
# skips (with the checker's reason) when no scenario could run here.
check_handout() {
    run python3 "$ROOT/tests/handouts.py" "$@"
    echo "$output"
    [ "$status" -eq 0 ] || return 1
    if ! grep -q '^ok .*\]$' <<<"$output" && grep -q '# skip' <<<"$output"; then
        skip "$(grep -m1 -o '# skip .*' <<<"$output" | sed 's/^# skip //')"
    fi
}

# checker_passes FILE: every scenario of FILE passes (output kept in $output).
checker_passes() {
    run python3 "$ROOT/tests/handouts.py" "$1"
    echo "$output"
    [ "$status" -eq 0 ]
}

# A scratch handout for the checker's own tests.
fake_handout() {
    cat >"$BATS_TEST_TMPDIR/fake.md"
    echo "$BATS_TEST_TMPDIR/fake.md"
}

@test "labs/tp1-tcp.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp1-tcp.md"
}

@test "labs/tp2-udp.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp2-udp.md"
}

@test "labs/tp1-tcp-part2.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp1-tcp-part2.md"
}

@test "labs/vms.md: every console block prints what it shows (root: vm1 and vm2)" {
    check_handout "$ROOT/labs/vms.md"
}

@test "labs/tp-ipv6.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp-ipv6.md"
}

@test "labs/tp3-rpc-xdr.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp3-rpc-xdr.md"
}

@test "labs/tp3-rpc.md: every console block prints what it shows" {
    check_handout "$ROOT/labs/tp3-rpc.md"
}

@test "every other handout in labs/ prints what it shows" {
    local others=() f
    for f in "$ROOT"/labs/*.md; do
        case "${f##*/}" in
        README.md | tp1-tcp.md | tp2-udp.md | tp1-tcp-part2.md | vms.md | tp-ipv6.md | \
            tp3-rpc-xdr.md | tp3-rpc.md) ;;
        *) others+=("$f") ;;
        esac
    done
    [ "${#others[@]}" -gt 0 ] || skip "no other handout yet"
    check_handout "${others[@]}"
}

@test "labs/README.md indexes every handout" {
    local f
    for f in "$ROOT"/labs/*.md; do
        [ "${f##*/}" = README.md ] && continue
        grep -qF "(${f##*/})" "$ROOT/labs/README.md" || {
            echo "labs/README.md does not link ${f##*/}"
            return 1
        }
    done
}

@test "the answers live in labs/corrige/: an answer key with a rubric per handout; the handouts print none of them" {
    local f name
    for f in "$ROOT"/labs/*.md; do
        name=${f##*/}
        case "$name" in README.md | vms.md | enseignant.md | compte-rendu.md) continue ;; esac
        [ -f "$ROOT/labs/corrige/$name" ] || { echo "$name has no answer key labs/corrige/$name"; return 1; }
        grep -q '^## Barème' "$ROOT/labs/corrige/$name" || { echo "labs/corrige/$name has no rubric"; return 1; }
        grep -qF "(corrige/$name)" "$ROOT/labs/enseignant.md" || { echo "enseignant.md does not link corrige/$name"; return 1; }
    done
    # answers moved out of the student handouts stay out (and are in the key)
    local moved=('0x2EFBFFFF' 'RFC 6191' 'Un port est un entier sur 16 bits'
                 'deux adresses différentes, de deux protocoles différents'
                 'en numérotant ses messages')
    for f in "${moved[@]}"; do
        if grep -nF "$f" "$ROOT"/labs/*.md; then echo "a student handout prints an answer: $f"; return 1; fi
        grep -qF "$f" "$ROOT"/labs/corrige/*.md || { echo "no answer key holds: $f"; return 1; }
    done
}

@test "the rubrics and the instructor kit name only labcheck's checks (prompts: checks.md)" {
    # (rpyc.* also names RPyC's own API, rpyc.connect: only rpyc.serveur* and rpyc.client* are checks)
    local known=" tp1.serveur tp1.client tp1.getsockname tp1.port62000 tp1.boucle tp1.argv tp1.serveurudp tp1.clientudp chat.serveur chat.client tp2.serveur tp2.client ipv6.serveur ipv6.client ipv6.client4 tp3.serveur tp3.client rpyc.serveur rpyc.client "
    local name
    while read -r name; do
        [[ "$known" == *" $name "* ]] || { echo "unknown check named: $name"; return 1; }
    done < <(grep -ohE '`((tp1|chat|tp2|ipv6|tp3)\.[a-z0-9]+|rpyc\.(serveur|client)[a-z0-9]*)`' "$ROOT"/labs/corrige/*.md "$ROOT/labs/enseignant.md" \
                 "$ROOT"/labs/*.md "$ROOT/exercices/README.md" | tr -d '`' | sort -u)
    # every check of an exercise is in a rubric
    for name in $known; do
        case "$name" in tp3.*) continue ;; esac
        grep -qF "\`$name\`" "$ROOT"/labs/corrige/*.md || { echo "no rubric relies on $name"; return 1; }
    done
}

@test "checker: a drifted output fails, naming the line and both texts" {
    f=$(fake_handout <<'EOF'
# Essai

```console
$ echo Bonjour
Bonsoir
```
EOF
)
    run -1 python3 "$ROOT/tests/handouts.py" "$f"
    [[ "$output" == *"not ok 1"* ]]
    [[ "$output" == *"line 4: \`echo Bonjour\` printed something else"* ]]
    [[ "$output" == *"expected: Bonsoir"* ]]
    [[ "$output" == *"actual:   Bonjour"* ]]
}

@test "checker: a missing or extra line fails; trailing spaces do not matter" {
    f=$(fake_handout <<'EOF'
```console
$ printf 'un  \ndeux\n'
un
```

```console
$ echo un
un
deux
```
EOF
)
    run -1 python3 "$ROOT/tests/handouts.py" "$f"
    grep -q '^not ok 1 - ' <<<"$output"
    grep -q '^not ok 2 - ' <<<"$output"
    f=$(fake_handout <<'EOF'
```console
$ printf 'un  \ndeux\n'
un
deux
```
EOF
)
    run -0 python3 "$ROOT/tests/handouts.py" "$f"
}

@test "checker: placeholders match only what they stand for" {
    f=$(fake_handout <<'EOF'
```console
$ echo 'Listening on 127.0.0.1:49152 (pid 77), host vm-1.lan, 3 lines'
Listening on 127.0.0.1:<port> (pid <pid>), host <host>, <n> lines
```

```console
$ echo 'port abc'
port <port>
```
EOF
)
    run -1 python3 "$ROOT/tests/handouts.py" "$f"
    grep -q '^ok 1 - ' <<<"$output"
    grep -q '^not ok 2 - ' <<<"$output"
}

@test "checker: text blocks are illustrative, never run" {
    f=$(fake_handout <<'EOF'
```text
$ false
this is not checked
```
EOF
)
    run -0 python3 "$ROOT/tests/handouts.py" "$f"
    [[ "$output" == *"0 checked scenarios, 1 illustrative blocks"* ]]
}

@test "checker: two terminals: server in the background, client, ^C, typed input at a prompt" {
    f=$(fake_handout <<'EOF'
## Un échange

**Terminal 1 — serveur**

```console
$ ./udp/udp_server -i 60000
Listening on 127.0.0.1:60000 (pid <pid>)
Client 127.0.0.1:<port> : Bonjour
server@<host>:60000$ Salut
^Cudp_server: interrupted: closing the socket and exiting
```

**Terminal 2 — client**

```console
$ ./udp/udp_client 60000
client@<host>:60000$ Bonjour
Server : Salut
client@<host>:60000$
```
EOF
)
    checker_passes "$f"
    [[ "$output" == *"(T1 T2)"* ]]
}

@test "checker: a server the prose says is running: <!-- check: background CMD -->" {
    f=$(fake_handout <<'EOF'
<!-- check: background ./tcp/tcp_server -k 60000 -->

```console
$ ./tcp/tcp_client 60000 Bonjour
Local address: 127.0.0.1:<port>
Client received: Welcome to this server
```
EOF
)
    checker_passes "$f"
}

@test "checker: <!-- check: continue --> keeps a section's programs running into the next; \$? is the terminal's" {
    f=$(fake_handout <<'EOF2'
## Serveur

**Terminal 1 — serveur**

```console
$ ./tcp/tcp_server -k
Listening on 127.0.0.1:60000 (pid <pid>)
Connected by 127.0.0.1:<port>
Server received: Bonjour -- from client 127.0.0.1:<port>
```

## Client

<!-- check: continue -->

**Terminal 2 — client**

```console
$ ./tcp/tcp_client 60000 Bonjour
Local address: 127.0.0.1:<port>
Client received: Welcome to this server
$ ./tcp/tcp_client 70000 Bonjour 2>/dev/null
$ echo $?
2
```
EOF2
)
    checker_passes "$f"
    [[ "$output" == *"(T1 T2)"* ]]
}

@test "checker: a scenario with sudo runs as root, and is skipped with the reason otherwise" {
    f=$(fake_handout <<'EOF2'
```console
$ sudo id -u
0
```
EOF2
)
    run -0 python3 "$ROOT/tests/handouts.py" "$f"
    if [ "$(id -u)" -eq 0 ]; then
        grep -q '^ok 1 - .*\]$' <<<"$output"
    else
        grep -q '^ok 1 - .*# skip needs root' <<<"$output"
    fi
}

@test "checker: a block without a command shows more lines of what its terminal runs" {
    f=$(fake_handout <<'EOF2'
**Terminal 1 — serveur**

```console
$ ./tcp/tcp_server -k
Listening on 127.0.0.1:60000 (pid <pid>)
```

**Terminal 2 — client**

```console
$ ./tcp/tcp_client 60000 Bonjour
Local address: 127.0.0.1:<port>
Client received: Welcome to this server
```

**Terminal 1 — serveur (suite)**

```console
Connected by 127.0.0.1:<port>
Server received: Bonjour -- from client 127.0.0.1:<port>
^Ctcp_server: interrupted: closing the listening socket and exiting
```
EOF2
)
    checker_passes "$f"
}

@test "checker: <!-- check: needs PACKAGES: TEST --> skips a scenario naming the packages when TEST fails" {
    f=$(fake_handout <<'EOF2'
# Absent

<!-- check: needs nosuchpkg other-pkg: command -v no-such-tool-here -->

```console
$ no-such-tool-here
never compared
```

# Présent

<!-- check: needs bash: command -v bash -->

```console
$ echo Bonjour
Bonjour
```
EOF2
)
    run -0 python3 "$ROOT/tests/handouts.py" "$f"
    grep -q '^ok 1 - .* # skip needs nosuchpkg other-pkg (not installed here)$' <<<"$output"
    grep -q '^ok 2 - .*\]$' <<<"$output"
}

@test "checker, as root: the host's live /run/rpcbind.sock is hidden from the scenarios (libtirpc's rpcb_set would use it)" {
    require_root
    f=$(fake_handout <<'EOF2'
# rpcbind

```console
$ sudo python3 -c 'import socket; socket.socket(socket.AF_UNIX).connect("/run/rpcbind.sock")' 2>&1 | tail -1
ConnectionRefusedError: [Errno 111] Connection refused
```
EOF2
)
    # a "host" whose rpcbind socket is live: a private /run, a listener on it
    run -0 unshare -m bash -c '
        mount --make-rprivate / && mount -t tmpfs tmpfs /run
        python3 -c "import socket, sys; s = socket.socket(socket.AF_UNIX)
s.bind(\"/run/rpcbind.sock\"); s.listen(); sys.stdout.close()
while True: s.accept()" &
        listener=$!
        for _ in $(seq 250); do [ -S /run/rpcbind.sock ] && break; sleep 0.02; done
        python3 -c "import socket; socket.socket(socket.AF_UNIX).connect(\"/run/rpcbind.sock\")" &&
            echo "live before"
        python3 "$1/tests/handouts.py" "$2"; status=$?
        kill $listener; exit $status' hide "$ROOT" "$f"
    [ "${lines[0]}" = "live before" ]
    grep -q '^ok 1 - ' <<<"$output"
}
