#!/usr/bin/env bats
# labcheck: a student's program judged against socklab's own programs.
#
# Every check passes with socklab's own programs and with good Python programs
# written as the handouts write them (tests/students/ok/); each deliberately
# wrong program of tests/students/wrong/ fails its check, and only the
# verifications it should, with its exact French line. labcheck never hangs:
# programs that block, fork or flood end within a bound.
#
# As root (CI), each check runs in a network namespace of its own, so the
# course's fixed ports (60000, 62000, 7999, 61000) never touch the machine.
# The loopback mode (--loopback, what a student without root gets) is tested
# inside a namespace the test makes (unshare -n), or on the machine itself
# when not root and the ports are free (skipped otherwise).

load helpers

LABCHECK="$ROOT/labcheck/labcheck"
OK="$ROOT/tests/students/ok"
WRONG="$ROOT/tests/students/wrong"

# As root, the student's program runs as the box's user (uid 64000), which
# must reach the test's files as it would a student's folder: bats makes its
# run folder 0700, opened here to others (its test folders are 0755 already).
setup_file() {
    [ "$(id -u)" -ne 0 ] || chmod o+x "$BATS_RUN_TMPDIR"
}

setup() {
    cd "$ROOT" || return 1
    [ -x "$LABCHECK" ] || { echo "labcheck/labcheck: not built (make)"; return 1; }
}

# lc ARGS...: runs labcheck (at most 60 s), stdout in $output, stderr in $stderr.
lc() {
    run --separate-stderr timeout 60 "$LABCHECK" "$@"
}

# needs_isolation: each check in its own namespace (root), else skip.
needs_isolation() {
    [ "$(id -u)" -eq 0 ] || skip "needs root: each check in a network namespace of its own (the fixed ports 60000, 62000, 7999)"
}

# in_netns SCRIPT: runs bash SCRIPT in a network namespace made for the test
# (loopback up), where --loopback uses the fixed ports without touching the
# machine's. Root only.
in_netns() {
    # ';' and not '&&': with '&&', a SCRIPT that starts with "server &" would put
    # the whole list in the background, and $! would be a subshell, not the server
    unshare -n bash -c "ip link set lo up || exit 1; $1"
}

# holds N...: verification N of the last verdict is "ok".
holds() {
    local n
    for n in "$@"; do
        grep -qE "^  $n\. ok " <<<"$output" || { echo "verification $n does not hold:"; echo "$output"; return 1; }
    done
}

# fails N...: verification N of the last verdict failed.
fails() {
    local n
    for n in "$@"; do
        grep -qE "^  $n\. ÉCHEC " <<<"$output" || { echo "verification $n did not fail:"; echo "$output"; return 1; }
    done
}

# says LINE: the verdict holds exactly LINE (a hint, indented under its
# verification), fixed text.
says() {
    grep -qxF -- "            $1" <<<"$output" || { echo "no line: $1"; echo "in:"; echo "$output"; return 1; }
}

# says_like REGEX: the same, the line matched by an extended regex.
says_like() {
    grep -qxE -- "            $1" <<<"$output" || { echo "no line matching: $1"; echo "in:"; echo "$output"; return 1; }
}

# summary N/M: the last line.
summary() {
    [ "$(tail -n1 <<<"$output")" = "$1 vérifications réussies" ] ||
        { echo "summary is not '$1':"; echo "$output"; return 1; }
}

@test "labcheck -h: usage, options, an example; bad usage exits 2 naming the value" {
    run -0 "$LABCHECK" -h
    [[ "${lines[0]}" == "usage: labcheck "* ]]
    grep -q '^example: labcheck tp1.serveur -- python3 serveur.py$' <<<"$output"
    run -2 --separate-stderr "$LABCHECK" tp9.rien -- true
    [ "${stderr_lines[0]}" = "labcheck: unknown check 'tp9.rien' (labcheck -l lists them)" ]
    [[ "${stderr_lines[1]}" == "usage: labcheck "* ]]
    run -2 --separate-stderr "$LABCHECK" tp1.serveur
    [[ "${stderr_lines[0]}" == "labcheck: missing the student's command after --"* ]]
    run -2 --separate-stderr "$LABCHECK" -t 0 tp1.serveur -- true
    [ "${stderr_lines[0]}" = "labcheck: invalid -t value '0' (expected 1..600 seconds)" ]
    run -2 --separate-stderr "$LABCHECK" --csv x.csv tp1.serveur -- true
    [ "${stderr_lines[0]}" = "labcheck: --csv goes with --batch" ]
    [ -z "$output" ]
}

@test "a student's command that cannot be run: one line naming it, a hint, exit 2, nothing run" {
    cd "$BATS_TEST_TMPDIR"
    cp "$WRONG/tp1_serveur_nobuffer.c" serveur.c
    cp "$OK/labcheck_tp1_serveur.py" serveur.py
    chmod -x serveur.c serveur.py
    run -2 --separate-stderr "$LABCHECK" tp1.serveur -- /nonexistent/prog
    [ -z "$output" ]
    [ "${stderr_lines[0]}" = "labcheck: impossible de lancer /nonexistent/prog : No such file or directory" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: vérifiez le chemin (ls -l /nonexistent/prog) ; un programme C se compile d'abord (cc -o serveur serveur.c)" ]
    [ "${#stderr_lines[@]}" -eq 2 ]
    run -2 --separate-stderr "$LABCHECK" tp1.serveur -- ./serveur.c
    [ -z "$output" ]
    [ "${stderr_lines[0]}" = "labcheck: impossible de lancer ./serveur.c : Permission denied" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: un programme C se compile d'abord : cc -o ./serveur ./serveur.c, puis labcheck tp1.serveur -- ./serveur" ]
    run -2 --separate-stderr "$LABCHECK" tp1.serveur -- serveur.py
    [ "${stderr_lines[0]}" = "labcheck: impossible de lancer serveur.py : No such file or directory" ]
    run -2 --separate-stderr "$LABCHECK" tp1.serveur -- ./serveur.py
    [ "${stderr_lines[0]}" = "labcheck: impossible de lancer ./serveur.py : Permission denied" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: un programme Python se lance avec python3 : labcheck tp1.serveur -- python3 ./serveur.py" ]
    run -2 --separate-stderr "$LABCHECK" tp1.serveur -- serveur_introuvable
    [ "${stderr_lines[0]}" = "labcheck: impossible de lancer serveur_introuvable : No such file or directory" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: serveur_introuvable n'est pas dans le PATH : pour un programme du dossier courant, écrivez ./serveur_introuvable ; un programme C se compile d'abord (cc)" ]
}

@test "labcheck -l lists every check of the course: name, exercise, what it verifies" {
    run -0 "$LABCHECK" -l
    local name
    for name in tp1.serveur tp1.client tp1.getsockname tp1.port62000 tp1.boucle tp1.argv \
                tp1.serveurudp tp1.clientudp chat.serveur chat.client tp2.serveur tp2.client \
                ipv6.serveur ipv6.client ipv6.client4 tp3.serveur tp3.client rpyc.serveur \
                rpyc.client; do
        grep -qE "^$name +[A-Za-z0-9]" <<<"$output" || { echo "$name not listed"; return 1; }
    done
    grep -qE '^tp1.port62000 +TP1 ex 2.6 +client +le client se lie au port source 62000.* \(labs/tp1-tcp.md\)$' <<<"$output"
    # which handout each check follows, and the TP1 handout's exercise 4 apart from TP2's chat
    grep -qE '^tp1.serveurudp +TP1 ex 4 +serveur_udp +serveur UDP .* \(labs/tp1-tcp.md\)$' <<<"$output"
    grep -qE '^tp1.clientudp +TP1 ex 4 +client_udp +client UDP .* \(labs/tp1-tcp.md\)$' <<<"$output"
    grep -qE '^tp2.client +TP2 +client .* \(labs/tp2-udp.md\)$' <<<"$output"
    grep -qE '^ipv6.client4 +IPv6 .* \(labs/tp-ipv6.md\)$' <<<"$output"
    grep -qE '^tp3.serveur +TP3 +serveur +serveur ARITH \(858993459 version 1\)' <<<"$output"
    grep -qE '^rpyc.serveur +TP3 RPyC +serveur +service RPyC ARITH sur 127.0.0.1:18861' <<<"$output"
    ! grep -q 'à venir' <<<"$output"
}

@test "TP1 with socklab's own programs: every check passes" {
    needs_isolation
    lc tp1.serveur -- tcp/tcp_server
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.boucle -- tcp/tcp_server -k
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.client -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.getsockname -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 2/2
    lc tp1.port62000 -- tcp/tcp_client -p 62000 60000 Bonjour
    [ "$status" -eq 0 ]; summary 6/6
    lc tp1.argv -- tcp/tcp_client
    [ "$status" -eq 0 ]; summary 4/4
}

@test "TP1 with Python programs written as the handout writes them: every check passes" {
    needs_isolation
    lc tp1.serveur -- python3 "$OK/labcheck_tp1_serveur.py"
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.client -- python3 "$OK/labcheck_tp1_client.py"
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.getsockname -- python3 "$OK/labcheck_tp1_client.py"
    [ "$status" -eq 0 ]; summary 2/2
}

@test "--tap: a plan, ok / not ok per verification, the hint as a comment" {
    needs_isolation
    lc --tap tp1.client -- python3 "$WRONG/tp1_client_noprint.py"
    [ "$status" -eq 1 ]
    [ "${lines[0]}" = "1..4" ]
    [ "${lines[1]}" = "ok 1 - tp1.client: le client se connecte à 127.0.0.1:60000" ]
    [ "${lines[3]}" = "not ok 3 - tp1.client: le client affiche la réponse « Welcome to this server »" ]
    [[ "${lines[4]}" == "# votre client n'affiche pas la réponse du serveur"* ]]
    [ "${lines[-1]}" = "# 3/4 vérifications réussies" ]
}

# student_pids SCRIPT: the processes running SCRIPT, labcheck itself left out.
student_pids() {
    local pid
    for pid in $(pgrep -f -- "$1"); do
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q labcheck || echo "$pid"
    done
}

@test "Ctrl-C on labcheck: the student's program is stopped too, exit 1" {
    needs_isolation
    local script="$BATS_TEST_TMPDIR/bloque_$$.py" tries=250
    cp "$WRONG/tp1_serveur_hang.py" "$script"
    "$LABCHECK" -t 60 -T 120 tp1.serveur -- python3 "$script" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
    local pid=$!
    until student_pids "$script" | grep -q .; do
        tries=$((tries - 1)); [ "$tries" -gt 0 ] || { kill "$pid"; return 1; }
        sleep 0.02
    done
    kill -INT "$pid"
    local code=0
    wait_for_exit "$pid" 5 || code=$?
    [ "$code" -eq 1 ]
    grep -qxF "labcheck: interrupted: the programs of the check were stopped" "$BATS_TEST_TMPDIR/err"
    [ -z "$(student_pids "$script")" ]
}

@test "a program that ends at once (a skeleton): every check fails fast, its last error line in a remark" {
    needs_isolation
    local check start
    for check in tp1.serveur tp1.client tp1.getsockname tp1.port62000 tp1.boucle tp1.argv \
                 chat.serveur chat.client tp2.serveur tp2.client ipv6.serveur ipv6.client; do
        start=$SECONDS
        lc "$check" -- sh -c 'echo "serveur.py : à compléter" >&2; exit 1'
        [ "$status" -eq 1 ] || { echo "$check: exit $status"; return 1; }
        fails 1
        grep -qxF "remarque : votre programme a écrit sur sa sortie d'erreur : serveur.py : à compléter" <<<"$output" ||
            { echo "$check: no remark"; echo "$output"; return 1; }
        [ $((SECONDS - start)) -lt 4 ] || { echo "$check took $((SECONDS - start)) s"; return 1; }
    done
}

@test "LABCHECK_PEERS: where socklab's programs are; none there: exit 1 saying which is missing" {
    needs_isolation
    LABCHECK_PEERS="$ROOT" lc tp1.client -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 4/4
    LABCHECK_PEERS="$BATS_TEST_TMPDIR" lc tp1.client -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "${stderr_lines[0]}" = "labcheck: programme de socklab introuvable : tcp/tcp_server" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: compilez socklab (make), ou donnez son dossier dans LABCHECK_PEERS" ]
}

# nobody_reaches_tree: skips unless user nobody can run the tree's programs
# and python3 (a checkout under a private folder, such as mktemp -d's, cannot).
nobody_reaches_tree() {
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        sh -c "test -x '$ROOT/tcp/tcp_client' && python3 -c pass" >/dev/null 2>&1 ||
        skip "user nobody cannot reach $ROOT or python3 (a private folder on the way)"
}

@test "-u USER (as root): the student's program runs as that user, labcheck stays root" {
    needs_isolation
    getent passwd nobody >/dev/null || skip "no user nobody here"
    nobody_reaches_tree
    lc -u nobody tp1.client -- sh -c 'id -u >&2; exit 1'
    [ "$status" -eq 1 ]
    grep -qxF "remarque : votre programme a écrit sur sa sortie d'erreur : $(id -u nobody)" <<<"$output"
    lc -u nobody tp1.serveur -- python3 "$OK/labcheck_tp1_serveur.py"
    [ "$status" -eq 0 ]; summary 4/4
    run -2 --separate-stderr "$LABCHECK" -u no-such-user tp1.client -- true
    [ "${stderr_lines[0]}" = "labcheck: unknown user 'no-such-user'" ]
}

# ---- tp1.serveur: each wrong server fails what it should, and only that ----

@test "tp1.serveur: a server on the wrong port fails the listen, with what it listens on" {
    needs_isolation
    lc tp1.serveur -- python3 "$WRONG/tp1_serveur_port.py"
    [ "$status" -eq 1 ]; fails 1 2 3 4; summary 0/4
    says "votre serveur n'écoute pas sur 127.0.0.1:60000 (il écoute : LISTEN 127.0.0.1:60001) : regardez bind() ; essayez ss -ltn 'sport = :60000'"
}

@test "tp1.serveur: a server that never closes the client's socket fails only the close" {
    needs_isolation
    lc tp1.serveur -- python3 "$WRONG/tp1_serveur_noclose.py"
    [ "$status" -eq 1 ]; holds 1 2 3; fails 4; summary 3/4
    says_like "votre serveur ne ferme pas la connexion du client \(CLOSE-WAIT 127\.0\.0\.1:60000 -> 127\.0\.0\.1:[0-9]+\) : close\(\) sur la socket rendue par accept\(\) ; essayez ss -tanp 'sport = :60000'"
}

@test "tp1.serveur: a server that forks and leaves the socket to its child: the close fails, labcheck does not hang" {
    needs_isolation
    local start=$SECONDS
    lc tp1.serveur -- python3 "$WRONG/tp1_serveur_fork.py"
    [ "$status" -eq 1 ]; holds 1 2 3; fails 4; summary 3/4
    [ $((SECONDS - start)) -lt 15 ]
    says_like "votre serveur ne ferme pas la connexion du client \(CLOSE-WAIT 127\.0\.0\.1:60000 -> 127\.0\.0\.1:[0-9]+\) : la socket reste ouverte dans le processus [0-9]+, créé par fork\(\) ; fermez-la dans chaque processus ; essayez ss -tanp 'sport = :60000'"
    grep -qxF "remarque : votre programme a laissé des processus derrière lui (fork()) : labcheck les a arrêtés ; essayez ps -o pid,pgid,cmd" <<<"$output"
    # the forked child is gone
    ! pgrep -f tp1_serveur_fork.py
}

@test "tp1.serveur behind a shell wrapper (labcheck.cmd's sh -c): a server that does not fork is never said to" {
    needs_isolation
    # the way --batch runs labcheck.cmd: the program is the shell's child, not exec'd
    lc tp1.serveur -- sh -c 'cd "$1" && python3 tp1_serveur_noclose.py' labcheck.cmd "$WRONG"
    [ "$status" -eq 1 ]; holds 1 2 3; fails 4; summary 3/4
    says_like "votre serveur ne ferme pas la connexion du client \(CLOSE-WAIT 127\.0\.0\.1:60000 -> 127\.0\.0\.1:[0-9]+\) : close\(\) sur la socket rendue par accept\(\) ; essayez ss -tanp 'sport = :60000'"
    ! grep -q 'fork()' <<<"$output"
    # a good looping server behind a shell, stopped by labcheck: no remark at all
    lc tp1.boucle -- sh -c 'cd "$1" && python3 serveur_boucle.py' labcheck.cmd "$OK/tp1"
    [ "$status" -eq 0 ]; summary 4/4
    ! grep -q '^remarque' <<<"$output"
}

@test "tp1.serveur: a server bound to 0.0.0.0:60000 passes, with a remark that it listens on every interface" {
    needs_isolation
    sed "s/'127.0.0.1'/'0.0.0.0'/" "$OK/labcheck_tp1_serveur.py" >"$BATS_TEST_TMPDIR/serveur.py"
    grep -q "'0.0.0.0'" "$BATS_TEST_TMPDIR/serveur.py"
    lc tp1.serveur -- python3 "$BATS_TEST_TMPDIR/serveur.py"
    [ "$status" -eq 0 ]; summary 4/4
    grep -qxF "remarque : votre serveur écoute sur toutes les interfaces (0.0.0.0:60000), pas seulement sur 127.0.0.1 : d'autres machines peuvent s'y connecter ; bind() sur '127.0.0.1', comme le polycopié ; essayez ss -ltn 'sport = :60000'" <<<"$output"
    # bound to 127.0.0.1 as the handout writes it: no remark
    lc tp1.serveur -- python3 "$OK/labcheck_tp1_serveur.py"
    [ "$status" -eq 0 ]; summary 4/4
    ! grep -q '^remarque' <<<"$output"
}

@test "tp1.serveur: a server that floods its output: the message is lost in the flood, said in a remark" {
    needs_isolation
    lc tp1.serveur -- python3 "$WRONG/tp1_serveur_flood.py"
    [ "$status" -eq 1 ]; holds 1 3 4; fails 2; summary 3/4
    says_like "votre serveur n'affiche pas le message reçu \(« Bonjour-[0-9]{4} »\) : print\(\) de ce que rend recv\(\) \(en C : printf puis fflush\(stdout\)\) ; essayez ./tcp/tcp_client 60000 Bonjour"
    grep -qE "^remarque : votre programme a inondé sa sortie \([0-9]+ octets\) : labcheck n'en garde que les 65536 premiers ; n'affichez que l'utile$" <<<"$output"
}

@test "a program that leaves its group (fork, setsid, the parent exits) is stopped all the same, said in a remark" {
    needs_isolation
    local script="$BATS_TEST_TMPDIR/demon_$$.py"
    cp "$WRONG/tp1_serveur_setsid.py" "$script"
    lc -t 2 tp1.serveur -- python3 "$script"
    [ "$status" -eq 1 ]; fails 1 2 3 4; summary 0/4
    grep -qxF "remarque : votre programme a laissé un processus hors de son groupe (setsid() ?) : labcheck l'a arrêté" <<<"$output"
    [ -z "$(student_pids "$script")" ]
    # the same on loopback, without a namespace of labcheck's own
    run --separate-stderr in_netns "'$LABCHECK' --loopback -t 2 tp1.serveur -- python3 '$script'"
    [ "$status" -eq 1 ]; summary 0/4
    grep -qxF "remarque : votre programme a laissé un processus hors de son groupe (setsid() ?) : labcheck l'a arrêté" <<<"$output"
    [ -z "$(student_pids "$script")" ]
}

@test "tp1.serveur: a server that hangs before listening is stopped after the step's time limit" {
    needs_isolation
    local start=$SECONDS
    lc -t 2 tp1.serveur -- python3 "$WRONG/tp1_serveur_hang.py"
    [ "$status" -eq 1 ]; fails 1; summary 0/4
    [ $((SECONDS - start)) -lt 10 ]
    says "votre serveur n'écoute pas sur 127.0.0.1:60000 : regardez bind() ; essayez ss -ltn 'sport = :60000'"
    ! pgrep -f tp1_serveur_hang.py
}

@test "tp1.serveur: a server that closes without answering fails only the reply" {
    needs_isolation
    lc tp1.serveur -- python3 "$WRONG/tp1_serveur_noreply.py"
    [ "$status" -eq 1 ]; holds 1 2 4; fails 3; summary 3/4
    says "votre serveur a fermé la connexion sans répondre : send() de « Welcome to this server » avant close() ; essayez ./tcp/tcp_client 60000 Bonjour"
}

@test "tp1.serveur, tp1.boucle: a C server that never flushes stdout loops right but shows nothing" {
    needs_isolation
    cc -o "$BATS_TEST_TMPDIR/serveur" "$WRONG/tp1_serveur_nobuffer.c"
    lc tp1.serveur -- "$BATS_TEST_TMPDIR/serveur"
    [ "$status" -eq 1 ]; holds 1 3 4; fails 2; summary 3/4
    lc tp1.boucle -- "$BATS_TEST_TMPDIR/serveur"
    [ "$status" -eq 0 ]; summary 4/4
}

@test "tp1.boucle: a server that serves one client and ends fails the 2nd and 3rd" {
    needs_isolation
    lc tp1.boucle -- python3 "$OK/labcheck_tp1_serveur.py"
    [ "$status" -eq 1 ]; holds 1 2; fails 3 4; summary 2/4
    says "votre serveur s'est terminé avec le code 0 après le 1er client : mettez accept() et la suite dans une boucle (while True en Python, for (;;) en C) ; essayez ss -ltn 'sport = :60000'"
}

# ---- tp1.client and its later exercises ---------------------------------------

@test "tp1.client: a client to the wrong port fails the connection, its error in a remark" {
    needs_isolation
    lc tp1.client -- python3 "$WRONG/tp1_client_port.py"
    [ "$status" -eq 1 ]; fails 1 2 3 4; summary 0/4
    says "votre client s'est terminé avec le code 1 sans se connecter à 127.0.0.1:60000 : regardez connect() (adresse et port) ; essayez ss -ltn 'sport = :60000'"
    grep -qxF "remarque : votre programme a écrit sur sa sortie d'erreur : ConnectionRefusedError: [Errno 111] Connection refused" <<<"$output"
}

@test "tp1.client: a client that waits for the reply before sending is stopped; it fails the exchange" {
    needs_isolation
    local start=$SECONDS
    lc -t 2 tp1.client -- python3 "$WRONG/tp1_client_hang.py"
    [ "$status" -eq 1 ]; holds 1; fails 2 3 4; summary 1/4
    [ $((SECONDS - start)) -lt 10 ]
    says "le serveur n'a rien reçu en 2 s : votre client attend la réponse (recv()) avant d'avoir envoyé le message : send() après connect(), puis recv() ; essayez ./tcp/tcp_server -v"
    # the server still waits for the message: the reply and the end are not judged
    [ "$(grep -cxF "            non vérifié : le serveur attend encore le message du client (il ne répond qu'après l'avoir reçu)" <<<"$output")" -eq 2 ]
    ! grep -q "print()" <<<"$output"
}

@test "-T below -t: the whole check's limit also bounds each step (-T 2 -t 10 takes 2 s, not 10)" {
    needs_isolation
    local start end
    start=$(date +%s%N)
    lc -T 2 -t 10 tp1.client -- python3 "$WRONG/tp1_client_hang.py"
    end=$(date +%s%N)
    [ "$status" -eq 1 ]; holds 1; fails 2 3 4; summary 1/4
    says "le serveur n'a rien reçu en 2 s : votre client attend la réponse (recv()) avant d'avoir envoyé le message : send() après connect(), puis recv() ; essayez ./tcp/tcp_server -v"
    [ $(( (end - start) / 1000000 )) -lt 4500 ] || { echo "took $(( (end - start) / 1000000 )) ms"; return 1; }
    start=$(date +%s%N)
    lc -T 1 tp1.serveur -- python3 "$WRONG/tp1_serveur_hang.py"
    end=$(date +%s%N)
    [ "$status" -eq 1 ]; fails 1; summary 0/4
    [ $(( (end - start) / 1000000 )) -lt 3500 ] || { echo "took $(( (end - start) / 1000000 )) ms"; return 1; }
}

@test "tp1.client: a client that does not print the reply fails only that" {
    needs_isolation
    lc tp1.client -- python3 "$WRONG/tp1_client_noprint.py"
    [ "$status" -eq 1 ]; holds 1 2 4; fails 3; summary 3/4
    says "votre client n'affiche pas la réponse du serveur (« Welcome to this server ») : recv() puis print() (en C : printf puis fflush(stdout)) ; essayez ./tcp/tcp_server"
}

@test "tp1.getsockname: a client that prints getpeername() shows the server's port, not its own" {
    needs_isolation
    lc tp1.getsockname -- python3 "$WRONG/tp1_client_getpeername.py"
    [ "$status" -eq 1 ]; holds 1; fails 2; summary 1/2
    says_like "votre client affiche 127\.0\.0\.1:60000, mais le noyau lui a donné 127\.0\.0\.1:[0-9]+ \(vu par le serveur\) : getsockname\(\) sur la socket du client après connect\(\), pas getpeername\(\) ; essayez ss -tn 'dport = :60000'"
    # and a client that prints nothing of the kind
    lc tp1.getsockname -- python3 "$WRONG/tp1_client_noprint.py"
    [ "$status" -eq 1 ]; holds 1; fails 2
    says_like "votre client n'affiche pas son adresse locale \(127\.0\.0\.1:[0-9]+\) : getsockname\(\) après connect\(\), puis print\(\) ; essayez ss -tn 'dport = :60000'"
}

@test "tp1.port62000: a client bound to 62001 fails the source port (seen by the server, not in its output)" {
    needs_isolation
    lc tp1.port62000 -- python3 "$WRONG/tp1_client_port62001.py"
    [ "$status" -eq 1 ]; holds 1 3 4; fails 2 5 6; summary 3/6
    says "votre client utilise le port source 62001, pas 62000 : bind() sur le port 62000 avant connect() ; essayez ss -tn 'sport = :62000'"
}

@test "tp1.argv: a client with the port hardcoded connects to 60000, not the port given" {
    needs_isolation
    lc -t 2 tp1.argv -- python3 "$WRONG/tp1_client_argv_port.py"
    [ "$status" -eq 1 ]; fails 1 2 3 4; summary 0/4
    says "votre client s'est connecté au port 60000, pas au port donné en argument (61000) : lisez le port dans sys.argv[1] (argv[1] en C) ; essayez ./tcp/tcp_server 61000"
}

@test "tp1.argv: a client with the message hardcoded fails only the message" {
    needs_isolation
    lc tp1.argv -- python3 "$WRONG/tp1_client_argv_msg.py"
    [ "$status" -eq 1 ]; holds 1 3; fails 2 4; summary 2/4
    # int(sys.argv[1]) without a range check: connect() raises OverflowError, exit 1
    says "avec le port 70000, votre client s'est terminé avec le code 1 : un port hors de 1..65535 est une erreur d'usage : un message qui nomme la valeur, puis le code de sortie 2 (sys.exit(2), exit(2) en C) ; essayez ./tcp/tcp_client 70000 Bonjour"
    says_like "le serveur a reçu « Bonjour » au lieu du message donné en argument \(« Bonjour-[0-9]{4} »\) : envoyez sys.argv\[2\] \(argv\[2\] en C\) ; essayez ./tcp/tcp_server 61000"
}

@test "chat, TP2, IPv6 with socklab's own programs: every check passes" {
    needs_isolation
    lc chat.serveur -- tcp/tcp_chat_server
    [ "$status" -eq 0 ]; summary 6/6
    lc chat.client -- tcp/tcp_chat_client 7999
    [ "$status" -eq 0 ]; summary 6/6
    lc tp2.serveur -- udp/udp_server
    [ "$status" -eq 0 ]; summary 4/4
    lc tp2.serveur -- udp/udp_server -i
    [ "$status" -eq 0 ]; summary 4/4
    lc tp2.client -- udp/udp_client 60000
    [ "$status" -eq 0 ]; summary 4/4
    lc ipv6.serveur -- ipv6/tcp6_server
    [ "$status" -eq 0 ]; summary 3/3
    lc ipv6.client -- ipv6/tcp6_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 3/3
    lc ipv6.client4 -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 2/2
    lc tp1.serveurudp -- udp/udp_server -r 'Welcome to this server'
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.clientudp -- udp/udp_client 60000 Bonjour
    [ "$status" -eq 0 ]; summary 3/3
}

# The good Python programs of tests/students/ok/<lab>/ (handout style) are run
# against labcheck by tests/exercices.bats; here, two minimal ones.

# ---- issue 27: typed input, 2.6 twice, TP1 ex 4 in UDP, where a program waits ----

@test "tp1.client, tp1.getsockname: a client reading the port and the message with input() (Python) or fgets() (C) is typed them (ex 2.4)" {
    needs_isolation
    cc -o "$BATS_TEST_TMPDIR/client" "$OK/tp1/client_input.c"
    chmod 755 "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/client"
    local c
    for c in "python3 $OK/tp1/client_input.py" "$BATS_TEST_TMPDIR/client"; do
        # shellcheck disable=SC2086  # the command's words
        lc tp1.client -- $c
        [ "$status" -eq 0 ]; summary 4/4
        grep -qxE "remarque : votre programme lisait son clavier \(entrée standard\) : labcheck y a tapé « 60000 », « Bonjour-[0-9]{4} »" <<<"$output"
    done
    lc tp1.getsockname -- python3 "$OK/tp1/client_input.py"
    [ "$status" -eq 0 ]; summary 2/2
    # a program that reads nothing is typed nothing, and told nothing about it
    lc tp1.client -- tcp/tcp_client 60000 Bonjour
    [ "$status" -eq 0 ]; ! grep -q "clavier" <<<"$output"
}

@test "typed input in the box of --batch (chroot, pid namespace) and without root: the keeper's /proc sees the program's read(0)" {
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir"/{anne,boris}
    cp "$OK/tp1/client_input.py" "$dir/anne/client.py"
    cp "$WRONG/tp1_client_input_more.py" "$dir/boris/client.py"
    chmod -R a+rX "$dir"
    lc -t 3 --batch "$dir" tp1.client
    [ "$status" -eq 1 ]
    grep -qxF "anne       ok ok ok ok 4/4" <<<"$output"
    grep -qxF "boris      ok -- -- -- 1/4" <<<"$output"
    # a user without root, on loopback in a namespace of the test's own: its own /proc
    cp "$OK/tp1/client_input.py" "$BATS_TEST_TMPDIR/client.py"
    chmod 755 "$BATS_TEST_TMPDIR"; chmod 644 "$BATS_TEST_TMPDIR/client.py"
    run --separate-stderr in_netns "setpriv --reuid=65534 --regid=65534 --clear-groups '$LABCHECK' tp1.client -- python3 '$BATS_TEST_TMPDIR/client.py'"
    [ "$status" -eq 0 ]
    grep -qE "^remarque : votre programme lisait son clavier \(entrée standard\) : labcheck y a tapé « 60000 », « Bonjour-[0-9]{4} »$" <<<"$output"
}

@test "tp1.client: a client asking one more line than the port and the message waits on its keyboard: the hint says input(), not send()" {
    needs_isolation
    lc -t 2 tp1.client -- python3 "$WRONG/tp1_client_input_more.py"
    [ "$status" -eq 1 ]; holds 1; fails 2 3 4; summary 1/4
    says_like "le serveur n'a rien reçu en 2 s : votre programme attend une saisie au clavier : input\(\) \(en C : fgets\(\), scanf\(\)\), encore une, après « Bonjour-[0-9]{4} » ; labcheck tape le port quand l'invite le demande \(« Port : »\), puis le message, rien d'autre ; essayez printf '60000\\\\nBonjour\\\\n' \| python3 client.py"
}

@test "tp1.client: a C client killed by SIGPIPE (connect() unchecked, then send()): signal 13 explained" {
    needs_isolation
    cc -o "$BATS_TEST_TMPDIR/client" "$WRONG/tp1_client_sigpipe.c"
    chmod 755 "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/client"
    lc tp1.client -- "$BATS_TEST_TMPDIR/client"
    [ "$status" -eq 1 ]; fails 1; summary 0/4
    says "votre client a été tué par le signal 13 (SIGPIPE) sans se connecter à 127.0.0.1:60000 : send() après un connect() qui a échoué (voir la remarque) ; regardez connect() (adresse et port) ; essayez ss -ltn 'sport = :60000'"
    grep -qxF "remarque : votre programme a été tué par le signal 13 (SIGPIPE) : send() sur une socket qui n'est pas (ou plus) connectée, le plus souvent après un connect() qui a échoué sans que le programme le voie ; vérifiez le résultat de connect() (en C : if (connect(...) < 0) { perror(\"connect\"); exit(1); })" <<<"$output"
}

@test "tp1.port62000: the message typed, 2.6a and 2.6b: run again during the server's TIME-WAIT, then the port held by a client's" {
    needs_isolation
    lc tp1.port62000 -- python3 "$OK/tp1/client_62000_input.py"
    [ "$status" -eq 0 ]; summary 6/6
    ! grep -q "trace Python" <<<"$output"
    # the ok client of tests/exercices.bats lets its OSError through: passes, with a remark
    lc tp1.port62000 -- python3 "$OK/tp1/client_62000.py"
    [ "$status" -eq 0 ]; summary 6/6
    grep -qF "remarque : le port 62000 pris, votre client s'arrête sur une trace Python (OSError: [Errno 98] Address already in use)" <<<"$output"
}

@test "tp1.port62000: a client bound to 62000 that never sends fails 2.6a, and its own TIME-WAIT fails the second run" {
    needs_isolation
    lc tp1.port62000 -- python3 "$WRONG/tp1_client_62000_nosend.py"
    [ "$status" -eq 1 ]; holds 1 2 4 6; fails 3 5; summary 4/6
    says "votre client lié au port 62000 n'a rien envoyé au serveur : send() du message après connect() (exercice 2.6a) ; essayez ./tcp/tcp_server -v"
    says "relancé, votre client s'est terminé avec le code 1 (OSError: [Errno 98] Address already in use) : il a fermé la connexion avant le serveur, le TIME_WAIT est donc chez lui, sur le port 62000 : lisez jusqu'à ce que recv() rende 0 (le serveur ferme le premier), puis close() ; essayez ss -tan state time-wait '( sport = :62000 )'"
}

@test "tp1.port62000: a client that hides its failed bind() and connects from another port fails only that" {
    needs_isolation
    lc tp1.port62000 -- python3 "$WRONG/tp1_client_62000_silent.py"
    [ "$status" -eq 1 ]; holds 1 2 3 4 5; fails 6; summary 5/6
    says_like "le port 62000 pris \(TIME_WAIT chez un client\), votre client s'est connecté quand même \(depuis 127\.0\.0\.1:[0-9]+\) : il doit faire bind\(\) sur 62000 et s'arrêter si bind\(\) échoue ; essayez ss -tan 'sport = :62000'"
}

@test "--loopback tp1.port62000: the port held by a socket of labcheck's, nothing left in TIME-WAIT on 62000" {
    [ "$(id -u)" -eq 0 ] || skip "needs root: a namespace of the test's own for the fixed ports"
    run --separate-stderr in_netns "'$LABCHECK' --loopback tp1.port62000 -- python3 '$OK/tp1/client_62000_input.py' &&
        ss -Htan state time-wait '( sport = :62000 )' | wc -l"
    [ "$status" -eq 0 ]
    grep -qxF "6/6 vérifications réussies" <<<"$output"
    [ "${lines[-1]}" = "0" ]
}

@test "tp1.serveurudp, tp1.clientudp: the TP1 handout's UDP pair passes; its client (no exit) fails tp2.client, the chat client fails tp1.clientudp" {
    needs_isolation
    lc tp1.serveurudp -- python3 "$OK/tp1/serveur_udp.py"
    [ "$status" -eq 0 ]; summary 4/4
    lc tp1.clientudp -- python3 "$OK/tp1/client_udp.py"
    [ "$status" -eq 0 ]; summary 3/3
    lc -t 2 tp2.client -- python3 "$OK/tp1/client_udp.py"
    [ "$status" -eq 1 ]; fails 1
    # TP2's chat client: it answers, then waits for the next line, said
    lc -t 2 tp1.clientudp -- python3 "$OK/tp2/client.py"
    [ "$status" -eq 1 ]; holds 1 2; fails 3; summary 2/3
    says_like "votre client ne se termine pas \(arrêté au bout de 2 s\) : votre programme attend une saisie au clavier : input\(\) \(en C : fgets\(\), scanf\(\)\), encore une, après « Bonjour-[0-9]{4} » ; un seul échange : sendto\(\), recvfrom\(\), print\(\), close\(\), puis fin du programme"
    # a TCP server is not the UDP one
    lc tp1.serveurudp -- python3 "$OK/tp1/serveur.py"
    [ "$status" -eq 1 ]; fails 1
}

@test "ipv6.client4: the student's own IPv4 client is refused by the IPv6 server and says so; SIGPIPE and an IPv6 client are told apart" {
    needs_isolation
    lc ipv6.client4 -- python3 "$OK/tp1/client.py"
    [ "$status" -eq 0 ]; summary 2/2
    lc ipv6.client4 -- python3 "$OK/ipv6/client.py"
    [ "$status" -eq 1 ]; fails 1 2; summary 0/2
    says "votre client s'est connecté au serveur IPv6 : ce n'est pas le client IPv4 du TP1 (socket(AF_INET), 127.0.0.1) ; votre client IPv6 se vérifie avec ipv6.client"
    cc -o "$BATS_TEST_TMPDIR/client" "$WRONG/tp1_client_sigpipe.c"
    chmod 755 "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR/client"
    lc ipv6.client4 -- "$BATS_TEST_TMPDIR/client"
    [ "$status" -eq 1 ]; holds 1; fails 2; summary 1/2
    says "votre client a été tué par le signal 13 (SIGPIPE) : send() sur une socket dont connect() a échoué (refusé) ; vérifiez le résultat de connect() (en C : if (connect(...) < 0) { perror(\"connect\"); exit(1); })"
}

# ---- chat -------------------------------------------------------------------------

@test "chat.serveur: a server without its prompt fails only the prompt" {
    needs_isolation
    lc chat.serveur -- python3 "$WRONG/chat_serveur_noprompt.py"
    [ "$status" -eq 1 ]; holds 1 3 4 5 6; fails 2; summary 5/6
    says "votre serveur n'affiche pas l'invite « server@$(hostname):7999\$ » : affichez-la (sans retour à la ligne) avant chaque ligne à taper ; essayez ./tcp/tcp_chat_server"
}

@test "chat.serveur: a server that ignores the client's exit fails only that (a fresh start for the second session)" {
    needs_isolation
    lc chat.serveur -- python3 "$WRONG/chat_serveur_noexit.py"
    [ "$status" -eq 1 ]; holds 1 2 3 4 6; fails 5; summary 5/6
    says "votre serveur ne ferme pas la connexion quand le client tape exit : à la réception de « exit » (ou quand recv() rend 0), fermez la socket du client ; essayez ss -tan 'sport = :7999'"
}

@test "chat.client: a client to the wrong port fails the connection" {
    needs_isolation
    lc chat.client -- python3 "$WRONG/chat_client_port.py"
    [ "$status" -eq 1 ]; fails 1 2 3 4 5 6; summary 0/6
    says "votre client s'est terminé avec le code 1 sans se connecter à 127.0.0.1:7999 : regardez connect() (adresse et port) ; essayez ss -ltn 'sport = :7999'"
}

@test "chat.client: a client that never reads the socket misses the server's line and its exit" {
    needs_isolation
    lc chat.client -- python3 "$WRONG/chat_client_deaf.py"
    [ "$status" -eq 1 ]; holds 1 2 4 6; fails 3 5; summary 4/6
    says_like "votre client n'affiche pas la ligne du serveur \(« bonjour-[0-9]{4} »\) : recv\(\) puis print\(\), en même temps que la lecture du clavier \(select\(\) ou un thread\) ; essayez ./tcp/tcp_chat_server"
    says "votre client ne se termine pas quand le serveur tape exit : à la réception de « exit » (ou quand recv() rend 0), fermez la socket et terminez ; essayez ./tcp/tcp_chat_server"
}

# ---- TP2 ----------------------------------------------------------------------------

@test "tp2.serveur: a UDP server that also listens in TCP fails only 'no TCP socket'" {
    needs_isolation
    lc tp2.serveur -- python3 "$WRONG/tp2_serveur_tcp.py"
    [ "$status" -eq 1 ]; holds 1 3 4; fails 2; summary 3/4
    says "votre serveur a une socket TCP (LISTEN 127.0.0.1:60001) : en UDP, ni listen() ni accept(), seulement socket(AF_INET, SOCK_DGRAM), bind(), recvfrom(), sendto() ; essayez ss -tanp"
}

@test "tp2.serveur: the TP1 server kept in TCP has no UDP socket" {
    needs_isolation
    lc -t 2 tp2.serveur -- python3 "$WRONG/tp2_serveur_tcponly.py"
    [ "$status" -eq 1 ]; fails 1; summary 0/4
    says "votre serveur écoute en TCP (LISTEN 127.0.0.1:60000), pas en UDP : socket(AF_INET, SOCK_DGRAM) puis bind() ; essayez ss -uan 'sport = :60000'"
}

@test "tp2.serveur: a server that answers once and ends fails the other clients" {
    needs_isolation
    lc -t 2 tp2.serveur -- python3 "$WRONG/tp2_serveur_once.py"
    [ "$status" -eq 1 ]; holds 1 2 3; fails 4; summary 3/4
    says "le 2e client n'a reçu aucune réponse en 2 s : votre serveur répond-il avec sendto() à l'adresse rendue par recvfrom(), et revient-il à recvfrom() dans une boucle (while True en Python, for (;;) en C) ? ; essayez ./udp/udp_client 60000 Bonjour"
}

@test "tp2.client: a client without a timeout stays blocked on the lost reply" {
    needs_isolation
    lc -t 2 tp2.client -- python3 "$WRONG/tp2_client_notimeout.py"
    [ "$status" -eq 1 ]; holds 1 2; fails 3 4; summary 2/4
    says "votre client attend encore la réponse perdue : recvfrom() bloque sans fin ; mettez un délai (settimeout(), SO_RCVTIMEO) et passez à la ligne suivante ; essayez ./udp/udp_client -t 2 60000"
}

@test "tp2.client: a client whose timeout is not caught dies on the lost reply" {
    needs_isolation
    lc tp2.client -- python3 "$WRONG/tp2_client_crash.py"
    [ "$status" -eq 1 ]; holds 1 2; fails 3 4; summary 2/4
    says "votre client s'est terminé avec le code 1 après la réponse perdue : attrapez le délai dépassé (except socket.timeout en Python ; en C, recvfrom() rend -1, errno EAGAIN) et passez à la ligne suivante ; essayez ./udp/udp_client -t 2 60000"
    grep -qxF "remarque : votre programme a écrit sur sa sortie d'erreur : TimeoutError: timed out" <<<"$output"
}

@test "tp2.client: a client that does not stop on exit fails only that" {
    needs_isolation
    lc -t 2 tp2.client -- python3 "$WRONG/tp2_client_noexit.py"
    [ "$status" -eq 1 ]; holds 1 2 3; fails 4; summary 3/4
    says "votre client ne se termine pas (arrêté au bout de 2 s) : votre programme attend une saisie au clavier : input() (en C : fgets(), scanf()) ; après exit, sortez de la boucle et fermez la socket"
}

# ---- IPv6 -------------------------------------------------------------------------

@test "ipv6.serveur: a dual-stack server accepts IPv4: fails only the refusal" {
    needs_isolation
    lc ipv6.serveur -- python3 "$WRONG/ipv6_serveur_dualstack.py"
    [ "$status" -eq 1 ]; holds 1 3; fails 2; summary 2/3
    says "votre serveur accepte aussi les clients IPv4 (double pile : ils arrivent en [::ffff:127.0.0.1]) : IPV6_V6ONLY à 1 (setsockopt) avant bind(), et l'adresse ::1 ; essayez ./tcp/tcp_client 60000 Bonjour"
}

@test "ipv6.serveur: the IPv4 server kept as is does not listen in IPv6" {
    needs_isolation
    lc -t 2 ipv6.serveur -- python3 "$WRONG/ipv6_serveur_ipv4.py"
    [ "$status" -eq 1 ]; fails 1 2 3; summary 0/3
    says "votre serveur n'écoute pas sur [::1]:60000 (il écoute : LISTEN 127.0.0.1:60000) : regardez bind() ; essayez ss -ltn 'sport = :60000'"
}

@test "ipv6.client: the IPv4 client kept as is is refused by the IPv6 server" {
    needs_isolation
    lc ipv6.client -- python3 "$WRONG/ipv6_client_ipv4.py"
    [ "$status" -eq 1 ]; fails 1 2 3; summary 0/3
    says "votre client s'est terminé avec le code 1 sans se connecter à [::1]:60000 : socket(AF_INET6, SOCK_STREAM) et l'adresse ::1 (un serveur IPv6 refuse un client IPv4) ; essayez ss -ltn 'sport = :60000'"
}

# ---- TP3: RPC ----------------------------------------------------------------------

@test "tp3.serveur: the slides' server (classic API) and rpc_arith_server pass, over their transports" {
    needs_isolation
    lc tp3.serveur -- labs/tp3/serveur
    [ "$status" -eq 0 ]; holds 1 2 3 4 5 6; summary 6/6
    # what it says on Ctrl-C (svc_run: ... unregistered) answers the check's SIGINT: no remark
    ! grep -q "^remarque" <<<"$output"
    # rpc_arith_server takes the portmapper's port with -P, not from the environment
    lc tp3.serveur -- sh -c 'exec rpc/rpc_arith_server -P "${SOCKLAB_PMAP_PORT:-111}"'
    [ "$status" -eq 0 ]; summary 6/6
}

@test "tp3.client: the slides' client passes against rpc_arith_server" {
    needs_isolation
    lc tp3.client -- labs/tp3/client localhost
    [ "$status" -eq 0 ]; holds 1 2; summary 2/2
}

@test "tp3: without a namespace, the portmapper is on a free port given in SOCKLAB_PMAP_PORT" {
    require_root
    run --separate-stderr in_netns "'$LABCHECK' --loopback tp3.serveur -- labs/tp3/serveur; '$LABCHECK' --loopback tp3.client -- labs/tp3/client localhost"
    [ "$status" -eq 0 ]
    grep -qx '6/6 vérifications réussies' <<<"$output"
    grep -qx '2/2 vérifications réussies' <<<"$output"
    grep -qE '^remarque : portmapper de labcheck sur le port [0-9]+ \(SOCKLAB_PMAP_PORT\) : un serveur libtirpc ne connaît que le port 111, lancez labcheck en root$' <<<"$output"
}

@test "tp3.serveur: a server that never registers fails everything, said once" {
    needs_isolation
    lc -t 2 tp3.serveur -- python3 "$WRONG/tp3_serveur_noregister.py"
    [ "$status" -eq 1 ]; fails 1 2 3 4 5 6; summary 0/6
    says "ARITH (858993459 version 1) n'est pas enregistré en UDP auprès du portmapper : registerrpc(ARITH_PROG, ARITH_VERS1, ...) pour chaque procédure, puis svc_run() ; essayez ./rpc/rpc_info -p"
    says "non vérifié : le serveur n'est pas enregistré"
}

@test "tp3.serveur: a wrong sum and no unregistering on Ctrl-C fail only those" {
    needs_isolation
    lc -t 2 tp3.serveur -- python3 "$WRONG/tp3_serveur_wrongsum.py"
    [ "$status" -eq 1 ]; holds 1 3 4 5; fails 2 6; summary 4/6
    says "ADD(13.4, 17.1) en udp : le client affiche « 13.400000 + 17.100000 = 31.500000 » au lieu de « 13.400000 + 17.100000 = 30.500000 » : regardez le calcul de votre procédure (float) ; essayez ./rpc/rpc_arith_client -T udp 127.0.0.1 add 13.4 17.1"
    says "après Ctrl-C (SIGINT), votre serveur s'est terminé avec le code 0 mais ARITH reste enregistré auprès du portmapper : attrapez SIGINT et appelez svc_unregister() (ou pmap_unset()) avant de sortir ; essayez ./rpc/rpc_info -p"
}

# tests/students/wrong/tp3_serveur_stall.py: a hostile ARITH server, correct until Ctrl-C,
# that ignores SIGINT and stalls the portmapper with CALLITs it never answers (or stalls it
# from the start, its SET queued behind: "now"; or unregisters and keeps running:
# "linger"; or registers a TCP port whose listener never accepts: "backlog").
@test "tp3.serveur: a server that ignores Ctrl-C and stalls the portmapper is not verified, never unregistered" {
    needs_isolation
    lc -t 2 tp3.serveur -- python3 "$WRONG/tp3_serveur_stall.py"
    [ "$status" -eq 1 ]; holds 1 2 3 4 5; fails 6; summary 5/6
    says "non vérifié : le portmapper n'a pas répondu (RPC: Port mapper failure - RPC: Timed out) et votre serveur tourne encore après Ctrl-C (SIGINT) : ne l'ignorez pas ; essayez ./rpc/rpc_info -p"
}

@test "tp3.serveur: a portmapper stalled from the registration on: not verified, never 'not registered'" {
    needs_isolation
    lc -t 2 tp3.serveur -- python3 "$WRONG/tp3_serveur_stall.py" now
    [ "$status" -eq 1 ]; fails 1 2 3 4 5 6; summary 0/6
    says "non vérifié : le portmapper ne répond pas (RPC: Port mapper failure - RPC: Timed out) : labcheck n'a pas pu lui demander où est ARITH ; essayez ./rpc/rpc_info -p"
    says "non vérifié : le portmapper ne répond pas"
    ! grep -q "n'est pas enregistré" <<<"$output"
}

@test "tp3.serveur: a server that unregisters on Ctrl-C but keeps running fails 6, saying so" {
    needs_isolation
    lc -t 2 tp3.serveur -- python3 "$WRONG/tp3_serveur_stall.py" linger
    [ "$status" -eq 1 ]; holds 1 2 3 4 5; fails 6; summary 5/6
    says "après Ctrl-C (SIGINT), votre serveur s'est désinscrit du portmapper mais tourne encore : n'ignorez pas SIGINT, sortez (exit(0)) après svc_unregister() ; essayez Ctrl-C sur votre serveur, puis ps -o pid,cmd"
}

@test "tp3.serveur: -T bounds the whole check against a stalled portmapper or a TCP port that never accepts" {
    needs_isolation
    local mode start elapsed
    for mode in after now backlog; do
        start=$(now_ms)
        lc -T 4 tp3.serveur -- python3 "$WRONG/tp3_serveur_stall.py" "$mode"
        elapsed=$(( $(now_ms) - start ))
        [ "$elapsed" -le 6000 ] || { echo "$mode: labcheck -T 4 took $elapsed ms"; echo "$output"; return 1; }
        [ "$status" -eq 1 ] || { echo "$mode: status $status"; echo "$output"; return 1; }
    done
    # backlog: ADD over TCP waited until -T; what was left says so
    fails 2 3 4 5 6
    says "non vérifié : le temps de la vérification est écoulé (-T 4 s)"
}

@test "tp3.client: a client printing the result alone fails only the line" {
    needs_isolation
    lc tp3.client -- python3 "$WRONG/tp3_client_wrongline.py"
    [ "$status" -eq 1 ]; holds 2; fails 1; summary 1/2
    says 'votre client s'"'"'est terminé avec le code 0 sans afficher « 13.400000 + 17.100000 = 30.500000 » : callrpc("localhost", ARITH_PROG, ARITH_VERS1, ADD_PROC, xdr_couple, ..., xdr_float, ...) puis printf("%f + %f = %f\n", ...) ; essayez ./rpc/rpc_arith_client 127.0.0.1 add 13.4 17.1'
}

# ---- batch ------------------------------------------------------------------------

# make_class DIR: ten submissions of tp1.serveur, one per folder, found by
# each convention: serveur.py, serveur.c, labcheck.cmd, an executable
# serveur, nothing, a C file that does not compile.
make_class() {
    local dir=$1
    mkdir -p "$dir"/{alice,bruno,chloe,david,emma,farid,gaelle,hugo,ines,jules}
    cp "$OK/labcheck_tp1_serveur.py" "$dir/alice/serveur.py"
    cp "$WRONG/tp1_serveur_port.py" "$dir/bruno/serveur.py"
    cp "$WRONG/tp1_serveur_nobuffer.c" "$dir/chloe/serveur.c"
    cp "$OK/labcheck_tp1_serveur.py" "$dir/david/mon_serveur.py"
    printf '# the command, run in the folder\npython3 mon_serveur.py\n' >"$dir/david/labcheck.cmd"
    cp "$ROOT/tcp/tcp_server" "$dir/emma/serveur"
    echo "rien rendu" >"$dir/farid/README"
    printf 'int main(void) { return x; }\n' >"$dir/gaelle/serveur.c"
    cp "$WRONG/tp1_serveur_noclose.py" "$dir/hugo/serveur.py"
    cp "$WRONG/tp1_serveur_noreply.py" "$dir/ines/serveur.py"
    cp "$WRONG/tp1_serveur_fork.py" "$dir/jules/serveur.py"
}

@test "--batch: ten submissions, one row each, one column per verification; the CSV" {
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/rendus"
    make_class "$dir"
    lc -t 8 --batch "$dir" tp1.serveur --csv "$BATS_TEST_TMPDIR/tp1.csv"
    [ "$status" -eq 1 ]
    diff -u - <(sed -E -e 's/\([0-9.]+ s\)$/(N s)/' -e "s|$dir|DIR|" -e 's/^(gaelle .*serveur.c:1:[0-9]+: error: ).*$/\1.../' <<<"$output") <<'TABLE'
tp1.serveur — TP1 ex 1, 2.1-2.2 (labs/tp1-tcp.md) : 10 rendus dans DIR
  1. le serveur écoute sur 127.0.0.1:60000
  2. le serveur affiche le message du client
  3. le client reçoit « Welcome to this server »
  4. le serveur ferme la connexion du client
étudiant   1  2  3  4  total
alice      ok ok ok ok 4/4
bruno      -- -- -- -- 0/4
chloe      ok -- ok ok 3/4
david      ok ok ok ok 4/4
emma       ok ok ok ok 4/4
farid      -- -- -- -- 0/4  (aucun programme : ni labcheck.cmd, ni serveur.py, ni serveur.c, ni serveur exécutable)
gaelle     -- -- -- -- 0/4  (serveur.c ne compile pas : serveur.c:1:25: error: ...
hugo       ok ok ok -- 3/4
ines       ok ok -- ok 3/4
jules      ok ok ok -- 3/4
3/10 rendus réussissent toutes les vérifications (N s)
TABLE
    run -0 head -n1 "$BATS_TEST_TMPDIR/tp1.csv"
    [ "$output" = '"étudiant","1. le serveur écoute sur 127.0.0.1:60000","2. le serveur affiche le message du client","3. le client reçoit « Welcome to this server »","4. le serveur ferme la connexion du client","réussies","total","premier échec"' ]
    run -0 grep -c . "$BATS_TEST_TMPDIR/tp1.csv"
    [ "$output" -eq 11 ]
    grep -qxF '"alice","ok","ok","ok","ok","4","4",""' "$BATS_TEST_TMPDIR/tp1.csv"
    grep -qxF "\"ines\",\"ok\",\"ok\",\"échec\",\"ok\",\"3\",\"4\",\"votre serveur a fermé la connexion sans répondre : send() de « Welcome to this server » avant close() ; essayez ./tcp/tcp_client 60000 Bonjour\"" "$BATS_TEST_TMPDIR/tp1.csv"
    # every student's program was stopped
    ! pgrep -f "$dir"
}

@test "--batch: 30 submissions of TP1 in well under a minute (in parallel, a namespace each)" {
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/rendus" class="$BATS_TEST_TMPDIR/classe" k d
    make_class "$dir"
    mkdir "$class"
    for k in 1 2 3; do
        for d in "$dir"/*; do cp -r "$d" "$class/$(basename "$d")$k"; done
    done
    local start=$SECONDS
    lc -t 8 --batch "$class" tp1.serveur     # -t 8: Python starting on a loaded machine
    [ "$status" -eq 1 ]
    [[ "${lines[-1]}" =~ ^9/30\ rendus\ réussissent\ toutes\ les\ vérifications\ \([0-9.]+\ s\)$ ]]
    echo "# 30 submissions: $((SECONDS - start)) s" >&3
    [ $((SECONDS - start)) -lt 50 ]
}

@test "--batch --loopback: one after another on loopback (a client check: the server's TIME-WAIT is socklab's)" {
    [ "$(id -u)" -eq 0 ] || skip "needs root: a namespace of the test's own for the fixed ports"
    local dir="$BATS_TEST_TMPDIR/clients"
    mkdir -p "$dir"/{anne,boris,carla}
    cp "$OK/labcheck_tp1_client.py" "$dir/anne/client.py"
    cp "$WRONG/tp1_client_noprint.py" "$dir/boris/client.py"
    cp "$WRONG/tp1_client_port.py" "$dir/carla/client.py"
    run --separate-stderr in_netns "'$LABCHECK' --loopback --batch '$dir' tp1.client"
    [ "$status" -eq 1 ]
    [ "${lines[6]}" = "anne       ok ok ok ok 4/4" ]
    [ "${lines[7]}" = "boris      ok ok -- ok 3/4" ]
    [ "${lines[8]}" = "carla      -- -- -- -- 0/4" ]
}

# needs_plain_build: --batch compiles a student's C file with plain cc, which
# cannot link the tree's libraries when they were built with sanitizers
# (make SANITIZE=1): such a test skips there, saying why.
needs_plain_build() {
    if grep -q -- -fsanitize "$ROOT/.buildflags" 2>/dev/null; then
        skip "a sanitizer build: labcheck --batch links students' C with plain cc"
    fi
}

@test "--batch tp3.serveur: the slides' serveur.c compiles with socklab's classic RPC (the tree's xdr_exemple.c, or the student's)" {
    needs_plain_build
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/rpc"
    mkdir -p "$dir"/{lea,marc}
    cp labs/tp3/serveur.c labs/tp3/exemple.h "$dir/lea/"
    cp labs/tp3/serveur.c labs/tp3/exemple.h labs/tp3/xdr_exemple.c "$dir/marc/"
    lc --batch "$dir" tp3.serveur
    [ "$status" -eq 0 ]
    [ "${lines[-3]}" = "lea        ok ok ok ok ok ok 6/6" ]
    [ "${lines[-2]}" = "marc       ok ok ok ok ok ok 6/6" ]
}

@test "--batch tp3.client: the client gets localhost as its argument; the slides' client.c compiles" {
    needs_plain_build
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/rpc"
    mkdir -p "$dir"/{lea,marc}
    cp labs/tp3/client "$dir/lea/client"
    cp labs/tp3/client.c labs/tp3/exemple.h labs/tp3/xdr_exemple.c "$dir/marc/"
    lc --batch "$dir" tp3.client
    [ "$status" -eq 0 ]
    [ "${lines[-3]}" = "lea        ok ok 2/2" ]
    [ "${lines[-2]}" = "marc       ok ok 2/2" ]
}

@test "--batch: one submission is \"1 rendu\", singular" {
    needs_isolation
    local dir="$BATS_TEST_TMPDIR/seul"
    mkdir -p "$dir/alice"
    cp "$OK/labcheck_tp1_serveur.py" "$dir/alice/serveur.py"
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "tp1.serveur — TP1 ex 1, 2.1-2.2 (labs/tp1-tcp.md) : 1 rendu dans $dir" ]
    [[ "${lines[-1]}" =~ ^1/1\ rendu\ réussit\ toutes\ les\ vérifications\ \([0-9.]+\ s\)$ ]]
}

# ---- batch: results nobody can forge (issue 25) -------------------------------

# no_raw_controls FILE...: each FILE is valid UTF-8 with no raw control in it:
# no C0 byte but the newline (no TAB, CR, ESC), no DEL, no C1 control (U+0080
# to U+009F), no bidi control (U+061C, U+200E, U+200F, U+202A to U+202E,
# U+2066 to U+2069), no line or paragraph separator (U+2028, U+2029).
no_raw_controls() {
    local file
    for file in "$@"; do
        if LC_ALL=C grep -naP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]' "$file"; then
            echo "raw control bytes in $file (above)"
            return 1
        fi
        iconv -f UTF-8 -t UTF-8 "$file" >/dev/null || { echo "$file is not valid UTF-8"; return 1; }
    done
}

# The CSV's header for tp1.serveur.
TP1_CSV_HEADER='"étudiant","1. le serveur écoute sur 127.0.0.1:60000","2. le serveur affiche le message du client","3. le client reçoit « Welcome to this server »","4. le serveur ferme la connexion du client","réussies","total","premier échec"'
NO_PROGRAM='aucun programme : ni labcheck.cmd, ni serveur.py, ni serveur.c, ni serveur exécutable'

@test "--batch --csv FILE: a symlink at FILE is replaced, never followed: its target is untouched, the CSV a regular file" {
    local dir="$BATS_TEST_TMPDIR/rendus" out="$BATS_TEST_TMPDIR/notes"
    mkdir -p "$dir/alice" "$out"
    echo 'root:secret' >"$BATS_TEST_TMPDIR/precieux"
    ln -s "$BATS_TEST_TMPDIR/precieux" "$out/tp1.csv"
    umask 022
    lc --batch "$dir" tp1.serveur --csv "$out/tp1.csv"
    [ "$status" -eq 1 ]
    [ "$(cat "$BATS_TEST_TMPDIR/precieux")" = 'root:secret' ]
    [ -f "$out/tp1.csv" ] && [ ! -L "$out/tp1.csv" ]
    [ "$(stat -c %a "$out/tp1.csv")" = 644 ]
    diff -u - "$out/tp1.csv" <<CSV
$TP1_CSV_HEADER
"alice","échec","échec","échec","échec","0","4","$NO_PROGRAM"
CSV
    # written beside it, then renamed: no temporary file left
    [ "$(ls -A "$out")" = tp1.csv ]
}

@test "--batch --csv in a folder others can write: one warning line with a hint, the CSV written all the same" {
    local dir="$BATS_TEST_TMPDIR/rendus" shared="$BATS_TEST_TMPDIR/partage"
    mkdir -p "$dir/alice" "$shared"
    chmod 0777 "$shared"
    lc --batch "$dir" tp1.serveur --csv "$shared/tp1.csv"
    [ "$status" -eq 1 ]
    run -0 grep -cxF "labcheck: warning: the CSV's folder $shared is writable by other users, who could replace the CSV (hint: --csv in a folder only you can write)" <<<"$stderr"
    [ "$output" -eq 1 ]
    [ "$(head -n1 "$shared/tp1.csv")" = "$TP1_CSV_HEADER" ]
    chmod 1777 "$shared"                # sticky, as /tmp: nobody else renames a file there
    lc --batch "$dir" tp1.serveur --csv "$shared/tp1.csv"
    [ "$status" -eq 1 ]
    ! grep -q 'warning' <<<"$stderr"
    [ "$(id -u)" -eq 0 ] || return 0
    chmod 0755 "$shared"
    chown nobody "$shared"              # as root: a folder of another user's
    lc --batch "$dir" tp1.serveur --csv "$shared/tp1.csv"
    [ "$status" -eq 1 ]
    run -0 grep -cxF "labcheck: warning: the CSV's folder $shared belongs to uid $(id -u nobody), not root, who could replace the CSV (hint: --csv in a folder only you can write)" <<<"$stderr"
    [ "$output" -eq 1 ]
}

@test "--batch: names with a newline, ESC, U+202E are ignored and shown escaped; + = @ names are neutralised in the CSV" {
    local dir="$BATS_TEST_TMPDIR/rendus" csv="$BATS_TEST_TMPDIR/tp1.csv"
    mkdir -p "$dir"/{alice,=1+1,+1,@cmd} "$dir/"$'a\nb' "$dir/"$'\e[31mrouge' "$dir/"$'\xe2\x80\xaeevil'
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 1 ]
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/table"
    no_raw_controls "$BATS_TEST_TMPDIR/table" "$csv"
    diff -u - <(sed -E -e 's/\([0-9.]+ s\)$/(N s)/' -e "s|$dir|DIR|" "$BATS_TEST_TMPDIR/table") <<TABLE
tp1.serveur — TP1 ex 1, 2.1-2.2 (labs/tp1-tcp.md) : 4 rendus dans DIR, 3 ignorés
  1. le serveur écoute sur 127.0.0.1:60000
  2. le serveur affiche le message du client
  3. le client reçoit « Welcome to this server »
  4. le serveur ferme la connexion du client
étudiant   1  2  3  4  total
+1         -- -- -- -- 0/4  ($NO_PROGRAM)
=1+1       -- -- -- -- 0/4  ($NO_PROGRAM)
@cmd       -- -- -- -- 0/4  ($NO_PROGRAM)
alice      -- -- -- -- 0/4  ($NO_PROGRAM)
ignoré : \\x1b[31mrouge — nom de dossier refusé (caractère de contrôle)
ignoré : a\\nb — nom de dossier refusé (caractère de contrôle)
ignoré : \\u202eevil — nom de dossier refusé (contrôle bidirectionnel ou séparateur Unicode)
0/4 rendus réussissent toutes les vérifications (N s)
TABLE
    diff -u - "$csv" <<CSV
$TP1_CSV_HEADER
"'+1","échec","échec","échec","échec","0","4","$NO_PROGRAM"
"'=1+1","échec","échec","échec","échec","0","4","$NO_PROGRAM"
"'@cmd","échec","échec","échec","échec","0","4","$NO_PROGRAM"
"alice","échec","échec","échec","échec","0","4","$NO_PROGRAM"
"\\x1b[31mrouge","échec","échec","échec","échec","0","4","ignoré : nom de dossier refusé (caractère de contrôle)"
"a\\nb","échec","échec","échec","échec","0","4","ignoré : nom de dossier refusé (caractère de contrôle)"
"\\u202eevil","échec","échec","échec","échec","0","4","ignoré : nom de dossier refusé (contrôle bidirectionnel ou séparateur Unicode)"
CSV
}

@test "--batch: a symlink, a file, names starting with '-' or '.' are listed as ignored with the reason, never followed nor run" {
    local dir="$BATS_TEST_TMPDIR/rendus" elsewhere="$BATS_TEST_TMPDIR/ailleurs"
    mkdir -p "$dir"/{alice,-rf,.cache} "$elsewhere"
    printf 'touch %q\n' "$BATS_TEST_TMPDIR/suivi" >"$elsewhere/labcheck.cmd"
    ln -s "$elsewhere" "$dir/lien"
    echo 'notes' >"$dir/notes.txt"
    lc -t 2 --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    [ "${lines[0]}" = "tp1.serveur — TP1 ex 1, 2.1-2.2 (labs/tp1-tcp.md) : 1 rendu dans $dir, 4 ignorés" ]
    diff -u - <(printf '%s\n' "${lines[@]:5}" | sed -E 's/\([0-9.]+ s\)$/(N s)/') <<TABLE
étudiant   1  2  3  4  total
alice      -- -- -- -- 0/4  ($NO_PROGRAM)
ignoré : -rf — nom de dossier refusé (commence par « - »)
ignoré : .cache — nom de dossier refusé (commence par « . »)
ignoré : lien — lien symbolique, pas un dossier
ignoré : notes.txt — fichier, pas un dossier
0/1 rendu réussit toutes les vérifications (N s)
TABLE
    [ ! -e "$BATS_TEST_TMPDIR/suivi" ]
}

@test "--batch: 530 folders give 530 rows, none dropped, in a few seconds" {
    local dir="$BATS_TEST_TMPDIR/classe" csv="$BATS_TEST_TMPDIR/classe.csv"
    mkdir -p "$dir"
    mkdir "$dir"/e{001..530}            # empty: "aucun programme", no check runs
    local start=$SECONDS
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 1 ]
    echo "# 530 empty submissions: $((SECONDS - start)) s" >&3
    [ $((SECONDS - start)) -lt 10 ]
    [ "${lines[0]}" = "tp1.serveur — TP1 ex 1, 2.1-2.2 (labs/tp1-tcp.md) : 530 rendus dans $dir" ]
    [ "${lines[6]}" = "e001       -- -- -- -- 0/4  ($NO_PROGRAM)" ]
    [ "${lines[-2]}" = "e530       -- -- -- -- 0/4  ($NO_PROGRAM)" ]
    [[ "${lines[-1]}" =~ ^0/530\ rendus\ réussissent\ toutes\ les\ vérifications\ \([0-9.]+\ s\)$ ]]
    [ "${#lines[@]}" -eq $((6 + 530 + 1)) ]
    run -0 grep -c . "$csv"
    [ "$output" -eq 531 ]
    [ "$(tail -n1 "$csv")" = "\"e530\",\"échec\",\"échec\",\"échec\",\"échec\",\"0\",\"4\",\"$NO_PROGRAM\"" ]
}

@test "--batch: a compiler error line carrying a student's raw bytes (#error) is escaped in the table and the CSV" {
    local dir="$BATS_TEST_TMPDIR/rendus" csv="$BATS_TEST_TMPDIR/tp1.csv"
    mkdir -p "$dir/gaelle"
    # ESC [31m, U+009B (CSI) in UTF-8, 0x9b and 0xff alone: cc repeats them raw on stderr
    printf '#error rouge \033[31m csi \302\233 seul \233\377 fin\nint main(void) { return 0; }\n' \
        >"$dir/gaelle/serveur.c"
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 1 ]
    printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/table"
    no_raw_controls "$BATS_TEST_TMPDIR/table" "$csv"
    [ "${lines[6]}" = 'gaelle     -- -- -- -- 0/4  (serveur.c ne compile pas : serveur.c:1:2: error: #error rouge \x1b[31m csi \u009b seul \x9b\xff fin)' ]
    [ "$(sed -n 2p "$csv")" = '"gaelle","échec","échec","échec","échec","0","4","serveur.c ne compile pas : serveur.c:1:2: error: #error rouge \x1b[31m csi \u009b seul \x9b\xff fin"' ]
}

@test "labs/enseignant.md: --batch's labcheck.cmd and the tp3 checks are documented" {
    grep -qF 'labcheck.cmd' labs/enseignant.md
    grep -qF '`tp3.serveur`' labs/enseignant.md
    grep -qF '`tp3.client`' labs/enseignant.md
    grep -qE 'tp3\.client.*localhost|localhost.*tp3\.client' labs/enseignant.md docs/LABCHECK.md
}

@test "docs: how --batch writes the CSV, escapes the cells, neutralises formulas, lists the entries it ignores" {
    local doc
    for doc in docs/LABCHECK.md labs/enseignant.md; do
        grep -qF 'ignoré : ' "$doc"
        grep -qF 'lien symbolique, pas un dossier' "$doc"
        grep -qF 'nom de dossier refusé (caractère de contrôle)' "$doc"
        grep -qF '\u202e' "$doc"
        grep -qF "'=1+1" "$doc"
        grep -qF 'renomm' "$doc"
        grep -qF "labcheck: warning: the CSV's folder" "$doc"
    done
    grep -qF 'O_CREAT|O_EXCL|O_NOFOLLOW' docs/LABCHECK.md
    grep -qF 'fsync' docs/LABCHECK.md
}

# ---- loopback (no namespace) --------------------------------------------------

@test "--loopback: the check runs on loopback once its ports are seen free" {
    if [ "$(id -u)" -eq 0 ]; then
        run --separate-stderr in_netns "'$LABCHECK' --loopback tp1.serveur -- python3 '$OK/labcheck_tp1_serveur.py'"
    else
        ss -tanH '( sport = :60000 )' | grep -q . && skip "port 60000 is busy on this machine"
        lc --loopback tp1.serveur -- python3 "$OK/labcheck_tp1_serveur.py"
    fi
    [ "$status" -eq 0 ]; summary 4/4
}

@test "--loopback: a port already taken is named, with who holds it; exit 1" {
    [ "$(id -u)" -eq 0 ] || skip "needs root: a namespace of the test's own where port 60000 is held"
    : >"$BATS_TEST_TMPDIR/srv.out"
    run --separate-stderr in_netns "'$ROOT/tcp/tcp_server' -k 60000 >'$BATS_TEST_TMPDIR/srv.out' 2>&1 3>&- & pid=\$!; \
        for i in \$(seq 250); do grep -q Listening '$BATS_TEST_TMPDIR/srv.out' && break; sleep 0.02; done; \
        '$LABCHECK' --loopback tp1.serveur -- python3 '$OK/labcheck_tp1_serveur.py'; s=\$?; kill \$pid; wait \$pid; exit \$s"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    [ "$(sed -E 's/pid [0-9]+/pid N/' <<<"${stderr_lines[0]}")" = "labcheck: le port TCP 60000 est déjà pris (LISTEN 127.0.0.1:60000), tenu par tcp_server (pid N)" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: arrêtez ce qui le tient (ou attendez la fin du TIME-WAIT), ou lancez labcheck en root : chaque vérification a alors son propre réseau ; essayez ss -tanp 'sport = :60000'" ]
}

# time_wait_then SCRIPT: in the test's namespace, leaves port 60000 in TIME-WAIT
# on the server's side, as a student's try with tcp_client does (tcp_server,
# with SO_REUSEADDR, closes first), then runs SCRIPT.
time_wait_then() {
    : >"$BATS_TEST_TMPDIR/srv.out"
    in_netns "'$ROOT/tcp/tcp_server' 60000 >'$BATS_TEST_TMPDIR/srv.out' 2>&1 3>&- & pid=\$!; \
        for i in \$(seq 250); do grep -q Listening '$BATS_TEST_TMPDIR/srv.out' && break; sleep 0.02; done; \
        '$ROOT/tcp/tcp_client' 60000 Bonjour >/dev/null && wait \$pid || exit 99; \
        ss -tanH state time-wait '( sport = :60000 )' | grep -q . || exit 98; $1"
}

@test "--loopback: port 60000 in TIME-WAIT: a server with SO_REUSEADDR is checked at once; one without fails, the hint says why" {
    [ "$(id -u)" -eq 0 ] || skip "needs root: a namespace of the test's own for the fixed ports"
    local start=$SECONDS
    run --separate-stderr time_wait_then "'$LABCHECK' --loopback tp1.serveur -- '$ROOT/tcp/tcp_server'"
    [ "$status" -eq 0 ]; summary 4/4
    [ $((SECONDS - start)) -lt 15 ]
    ! grep -q 'attente' <<<"$stderr"
    start=$SECONDS
    run --separate-stderr time_wait_then "'$LABCHECK' --loopback tp1.serveur -- python3 '$OK/labcheck_tp1_serveur.py'"
    [ "$status" -eq 1 ]; fails 1; summary 0/4
    [ $((SECONDS - start)) -lt 15 ]
    says_like "votre serveur s'est terminé avec le code 1 sans écouter sur 127\.0\.0\.1:60000 : le port 60000 n'avait que des connexions en TIME-WAIT \(un essai précédent\), et bind\(\) échoue alors sans SO_REUSEADDR : setsockopt\(SOL_SOCKET, SO_REUSEADDR, 1\) avant bind\(\), ou attendez [0-9]+ s ; essayez ss -tan state time-wait '\( sport = :60000 \)'"
}

@test "as a user without root: loopback by itself; a taken port is named (its holder hidden)" {
    [ "$(id -u)" -eq 0 ] || skip "needs root to make the test's namespace and become nobody"
    nobody_reaches_tree
    command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
    local nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    run --separate-stderr in_netns "$nobody '$LABCHECK' -v tp1.client -- '$ROOT/tcp/tcp_client' 60000 Bonjour"
    [ "$status" -eq 0 ]; summary 4/4
    [ "${stderr_lines[0]}" = "[labcheck] tp1.client: on the machine's loopback" ]
    : >"$BATS_TEST_TMPDIR/srv.out"
    run --separate-stderr in_netns "'$ROOT/tcp/tcp_server' -k 60000 >'$BATS_TEST_TMPDIR/srv.out' 2>&1 3>&- & pid=\$!; \
        for i in \$(seq 250); do grep -q Listening '$BATS_TEST_TMPDIR/srv.out' && break; sleep 0.02; done; \
        $nobody '$LABCHECK' tp1.client -- true; s=\$?; kill \$pid; wait \$pid; exit \$s"
    [ "$status" -eq 1 ]
    [ "${stderr_lines[0]}" = "labcheck: le port TCP 60000 est déjà pris (LISTEN 127.0.0.1:60000)" ]
}

# ---- TP3's RPyC exercise (check_rpyc.c) ---------------------------------------
# The peers are the handout's RPyC scripts (labs/tp3/arith_rpyc_*.py), run by
# /usr/bin/python3, where python3-rpyc installs; so are the students' here.

RPY=/usr/bin/python3
needs_rpyc() {
    require_peer /usr/lib/python3/dist-packages/rpyc/__init__.py
}

@test "rpyc.serveur: socklab's RPyC server passes: add, mult, sqrt, an unknown method survived" {
    needs_isolation
    needs_rpyc
    lc rpyc.serveur -- "$RPY" labs/tp3/arith_rpyc_server.py
    [ "$status" -eq 0 ]; holds 1 2 3 4 5; summary 5/5
    ! grep -q "^remarque" <<<"$output"
}

@test "rpyc.serveur: a service whose mult adds fails mult alone, with the client's line" {
    needs_isolation
    needs_rpyc
    lc rpyc.serveur -- "$RPY" "$WRONG/rpyc_serveur_mult_adds.py"
    [ "$status" -eq 1 ]; holds 1 2 4 5; fails 3; summary 4/5
    says "le client de socklab affiche « 13.4 * 17.1 = 30.5 » au lieu de « 13.4 * 17.1 = 229.14000000000001 » : regardez le calcul de exposed_mult() ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 mult 13.4 17.1"
}

@test "rpyc.serveur: a service that dies on an unknown method fails that verification alone" {
    needs_isolation
    needs_rpyc
    lc rpyc.serveur -- "$RPY" "$WRONG/rpyc_serveur_dies.py"
    [ "$status" -eq 1 ]; holds 1 2 3 4; fails 5; summary 4/5
    says "votre serveur s'est terminé avec le code 1 quand un client appelle une méthode qu'il n'a pas (div) : laissez RPyC répondre AttributeError au client (n'attrapez pas les noms inconnus vous-même) ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 div 1 2"
}

@test "rpyc.serveur: a server that is not there fails everything, said once" {
    needs_isolation
    lc -t 2 rpyc.serveur -- "$RPY" exercices/rpyc/serveur.py
    [ "$status" -eq 1 ]; fails 1 2 3 4 5; summary 0/5
    says "votre serveur s'est terminé avec le code 1 sans écouter sur 127.0.0.1:18861 : regardez bind() et listen() ; essayez ss -ltn 'sport = :18861'"
    [ "$(grep -c 'non vérifié : le serveur n.écoute pas' <<<"$output")" -eq 4 ]
}

@test "rpyc.client: a good client passes against arith_rpyc_server.py -v, which saw its three calls" {
    needs_isolation
    needs_rpyc
    lc rpyc.client -- "$RPY" "$OK/rpyc/client.py"
    [ "$status" -eq 0 ]; holds 1 2 3 4; summary 4/4
}

@test "rpyc.client: a client printing the lines without calling the server fails the three calls" {
    needs_isolation
    needs_rpyc
    lc rpyc.client -- "$RPY" "$WRONG/rpyc_client_nocall.py"
    [ "$status" -eq 1 ]; fails 1 2 3; holds 4; summary 1/4
    says "votre client affiche « 13.400000 + 17.100000 = 30.500000 » sans avoir appelé add() sur le serveur : le résultat doit venir de conn.root.add(13.4, 17.1) ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_server.py -v, puis votre client"
}

@test "rpyc.client: the handout's own client (repr, not %f) fails the lines, hinting at print('%f')" {
    needs_isolation
    needs_rpyc
    lc rpyc.client -- "$RPY" labs/tp3/arith_rpyc_client.py localhost 18861 add 13.4 17.1
    [ "$status" -eq 1 ]; fails 1 2 3; holds 4; summary 1/4
    says "votre client n'affiche pas « 13.400000 + 17.100000 = 30.500000 » (il a pourtant appelé le serveur) : conn = rpyc.connect('localhost', 18861), conn.root.add(13.4, 17.1), puis print('%f ...' % ...) ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 add 13.4 17.1"
    says "votre client n'affiche pas « 13.400000 * 17.100000 = 229.140000 » et n'a pas appelé le serveur : conn = rpyc.connect('localhost', 18861), conn.root.mult(13.4, 17.1), puis print('%f ...' % ...) ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 mult 13.4 17.1"
}

@test "rpyc: without a namespace, the same on the machine's loopback once port 18861 is free" {
    require_root
    needs_rpyc
    run --separate-stderr in_netns "'$LABCHECK' --loopback rpyc.serveur -- $RPY labs/tp3/arith_rpyc_server.py; '$LABCHECK' --loopback rpyc.client -- $RPY '$OK/rpyc/client.py'"
    [ "$status" -eq 0 ]
    grep -qx '5/5 vérifications réussies' <<<"$output"
    grep -qx '4/4 vérifications réussies' <<<"$output"
}

@test "--batch rpyc.serveur: serveur.py run by python3 in the box, where rpyc imports" {
    needs_isolation
    needs_rpyc
    local dir="$BATS_TEST_TMPDIR/rpyc"
    mkdir -p "$dir"/{ana,ben,carl}
    cp labs/tp3/arith_rpyc_server.py "$dir/ana/serveur.py"
    cp "$WRONG/rpyc_serveur_dies.py" "$dir/ben/serveur.py"
    cp exercices/rpyc/serveur.py "$dir/carl/serveur.py"
    lc --batch "$dir" rpyc.serveur
    [ "$status" -eq 1 ]
    [ "${lines[-4]}" = "ana        ok ok ok ok ok 5/5" ]
    [ "${lines[-3]}" = "ben        ok ok ok ok -- 4/5" ]
    [ "${lines[-2]}" = "carl       -- -- -- -- -- 0/5" ]
}

# ---- TP3's C exercises: the answer keys in the skeletons' place ---------------------

@test "tp3: the slides' files (labs/tp3) in place of exercices/tp3's skeletons build and pass tp3.serveur and tp3.client" {
    needs_isolation
    [ -f rpc/librpcclassic.a ] || skip "rpc/librpcclassic.a is not built (make)"
    local dir="$BATS_TEST_TMPDIR/tp3" f
    cp -r exercices/tp3 "$dir"
    for f in serveur.c client.c xdr_exemple.c; do cp "labs/tp3/$f" "$dir/$f"; done
    for f in serveur client; do      # as make exercices builds them (the tree's compiler
        # and flags, a sanitizer build's too), exemple.h the skeleton's
        # shellcheck disable=SC2046
        $(cat .buildflags) -Irpc/classic -o "$dir/$f" "$dir/$f.c" "$dir/xdr_exemple.c" \
            rpc/librpcclassic.a rpc/librpc.a -lm
    done
    lc tp3.serveur -- "$dir/serveur"
    [ "$status" -eq 0 ]; summary 6/6
    lc tp3.client -- "$dir/client" localhost
    [ "$status" -eq 0 ]; summary 2/2
}

@test "tp3: the rpcgen answer key (tests/tirpc/arith_server.c) registers with labcheck's portmapper and answers; Ctrl-C leaves it registered" {
    needs_isolation
    require_peer rpcgen
    require_peer /usr/include/tirpc/rpc/rpc.h
    local dir="$BATS_TEST_TMPDIR/rpcgen"
    cp -r exercices/tp3/rpcgen "$dir"
    cp tests/tirpc/arith_server.c "$dir/arith_server.c"
    (cd "$dir" && rm -f arith.h arith_svc.c arith_clnt.c arith_xdr.c && rpcgen arith.x)
    cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I/usr/include/tirpc \
        -c -o "$dir/arith_server.o" "$dir/arith_server.c"
    cc -D_DEFAULT_SOURCE -I/usr/include/tirpc -o "$dir/arith_server" "$dir/arith_svc.c" "$dir/arith_xdr.c" \
        "$dir/arith_server.o" -ltirpc -lm
    lc tp3.serveur -- "$dir/arith_server"
    # libtirpc registers over TCP to [::1]:111 (no rpcbind.sock in the box): labcheck's
    # portmapper listens there too. libtirpc's svc_run() never returns: killed by
    # SIGINT, it stays registered (labs/tp3-rpc.md, section 7), and 6 says so.
    [ "$status" -eq 1 ]; holds 1 2 3 4 5; fails 6; summary 5/6
    says "après Ctrl-C (SIGINT), votre serveur a été tué par le signal 2 mais ARITH reste enregistré auprès du portmapper : attrapez SIGINT et appelez svc_unregister() (ou pmap_unset()) avant de sortir ; essayez ./rpc/rpc_info -p"
}

@test "tp3 and rpyc: every new skeleton fails its check until completed" {
    needs_isolation
    [ -f rpc/librpcclassic.a ] || skip "rpc/librpcclassic.a is not built (make)"
    local f
    for f in serveur client; do      # as make exercices builds them
        # shellcheck disable=SC2046
        $(cat .buildflags) -Irpc/classic -o "$BATS_TEST_TMPDIR/$f" "exercices/tp3/$f.c" \
            exercices/tp3/xdr_exemple.c rpc/librpcclassic.a rpc/librpc.a -lm
    done
    lc -t 2 tp3.serveur -- "$BATS_TEST_TMPDIR/serveur"
    [ "$status" -eq 1 ]; summary 0/6
    lc -t 2 tp3.client -- "$BATS_TEST_TMPDIR/client" localhost
    [ "$status" -eq 1 ]; summary 0/2
    lc -t 2 rpyc.client -- "$RPY" exercices/rpyc/client.py
    [ "$status" -eq 1 ]; summary 0/4
}

@test "rpyc.serveur: a server that accepts and never answers: each call bounded, the check within -T" {
    needs_isolation
    needs_rpyc
    local start elapsed
    start=$(now_ms)
    lc -t 2 -T 5 rpyc.serveur -- python3 "$WRONG/rpyc_serveur_mute.py"
    elapsed=$(( $(now_ms) - start ))
    [ "$elapsed" -le 7000 ] || { echo "labcheck -T 5 took $elapsed ms"; echo "$output"; return 1; }
    [ "$status" -eq 1 ]; holds 1; fails 2 3 4 5
    says "add : pas de réponse en 2 s : votre serveur accepte-t-il la connexion et sert-il les appels (start()) ? ; essayez /usr/bin/python3 labs/tp3/arith_rpyc_client.py 127.0.0.1 18861 add 13.4 17.1"
    says "non vérifié : le temps de la vérification est écoulé (-T 5 s)"
}
