#!/usr/bin/env bats
# labcheck's box (issue 25, docs/LABCHECK.md « La boîte »): hostile
# submissions, written as a student who cheats or harms would write them
# (tests/students/hostile/), graded beside correct ones. None may change a
# classmate's grade or its own, see or write what is not its own, reach the
# instructor's terminal, outgrow its limits, or leave anything running.
#
# The box needs root (pid, mount and network namespaces, another uid): as root
# (CI) every test runs; elsewhere they skip, saying so. Each attack is bounded
# by the attacker itself (counts, sizes, a 120 s sleep at most) and by the
# test's timeout.

load helpers

LABCHECK="$ROOT/labcheck/labcheck"
OK="$ROOT/tests/students/ok"
HOSTILE="$ROOT/tests/students/hostile"

setup_file() {
    [ "$(id -u)" -ne 0 ] || chmod o+x "$BATS_RUN_TMPDIR"
}

# The marker of this run's leftover processes (tests/students/hostile/leftover.py):
# another run beside this one (CI's two lanes) has its own.
MARK="SOCKLAB-LEFTOVER-${BATS_RUN_TMPDIR##*/}"

setup() {
    cd "$ROOT" || return 1
    [ -x "$LABCHECK" ] || { echo "labcheck/labcheck: not built (make)"; return 1; }
    [ "$(id -u)" -eq 0 ] || skip "needs root: the box (namespaces, a uid of its own)"
}

teardown() {
    # nothing of a submission may survive its check
    local left
    left=$(pgrep -f "$MARK") || true
    [ -z "$left" ] || { pkill -9 -f "$MARK"; echo "left running: $left"; return 1; }
}

# lc ARGS...: runs labcheck (at most 90 s), stdout in $output, stderr in $stderr.
lc() {
    run --separate-stderr timeout 90 "$LABCHECK" "$@"
}

# class DIR NAME...: a folder per NAME holding the handout's good TP1 server.
class() {
    local dir=$1 name
    shift
    for name in "$@"; do
        mkdir -p "$dir/$name"
        cp "$OK/labcheck_tp1_serveur.py" "$dir/$name/serveur.py"
    done
}

# row NAME TEXT: the table's row of NAME is exactly TEXT.
row() {
    local line
    line=$(tr -d '\r' <<<"$output" | grep -E "^$1 ") || { echo "no row $1 in:"; echo "$output"; return 1; }
    [ "$(sed -E 's/ +/ /g' <<<"$line")" = "$1 $2" ] || { echo "row: $line"; echo "expected: $1 $2"; return 1; }
}

@test "a submission that kills every process it may (kill -1) changes no classmate's grade, even with one user for all (-u nobody)" {
    local dir="$BATS_TEST_TMPDIR/rendus"
    class "$dir" alice bruno chloe david emma farid
    mkdir "$dir/killer"
    cp "$HOSTILE/killer.py" "$dir/killer/serveur.py"
    lc -j 4 --batch "$dir" tp1.serveur
    [ "$status" -eq 0 ]
    for name in alice bruno chloe david emma farid killer; do row "$name" "ok ok ok ok 4/4"; done
    getent passwd nobody >/dev/null || skip "no user nobody here"
    lc -j 4 -u nobody --batch "$dir" tp1.serveur
    [ "$status" -eq 0 ]
    for name in alice bruno chloe david emma farid; do row "$name" "ok ok ok ok 4/4"; done
}

@test "no terminal in the box: TIOCSTI into the instructor's terminal is impossible (alone and in --batch)" {
    command -v script >/dev/null || skip "script (util-linux) is not installed: no terminal to test with"
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir/tiocsti"
    cp "$HOSTILE/tiocsti.py" "$dir/tiocsti/serveur.py"
    # labcheck with a controlling terminal, as an instructor's shell gives it
    run script -qec "'$LABCHECK' --batch '$dir' tp1.serveur" /dev/null
    [ "$status" -eq 0 ]
    row tiocsti "ok ok ok ok 4/4"
    [[ "$output" != *PWNED* ]]
    run script -qec "'$LABCHECK' tp1.serveur -- python3 '$HOSTILE/tiocsti.py'" /dev/null
    [ "$status" -eq 0 ]
    grep -qF "remarque : votre programme a écrit sur sa sortie d'erreur : terminaux : aucun" <<<"$output"
}

@test "nothing is left behind: a daemon's child, 40 process groups, and a daemon that waits to rewrite the CSV after labcheck" {
    local dir="$BATS_TEST_TMPDIR/rendus" csv="$BATS_TEST_TMPDIR/notes.csv"
    class "$dir" alice
    mkdir "$dir/leftover"
    cp "$HOSTILE/leftover.py" "$dir/leftover/"
    echo "python3 leftover.py $MARK" >"$dir/leftover/labcheck.cmd"
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 0 ]
    row leftover "ok ok ok ok 4/4"
    [ -z "$(pgrep -f "$MARK")" ]
    # alone: the remark says how many were stopped
    lc tp1.serveur -- python3 "$HOSTILE/leftover.py" "$MARK"
    [ "$status" -eq 0 ]
    grep -qxF "remarque : votre programme a laissé 42 processus hors de son groupe (setsid() ?) : labcheck les a tous arrêtés" <<<"$output"
    [ -z "$(pgrep -f "$MARK")" ]
    # a daemon that outlives its server to rewrite the CSV: it never runs after the check
    mkdir "$dir/tardif"
    cat >"$dir/tardif/serveur.py" <<EOF
import os, time
if os.fork() == 0:
    os.setsid()
    end = time.time() + 20           # bounded
    while time.time() < end:
        try:
            open('$csv', 'a').write('"tardif","ok","ok","ok","ok","4","4",""\n')
        except OSError:
            pass
        time.sleep(0.05)
    os._exit(0)
exec(open('$OK/labcheck_tp1_serveur.py').read())
EOF
    echo "python3 serveur.py $MARK" >"$dir/tardif/labcheck.cmd"   # teardown finds it if left
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 1 ]
    local before
    before=$(cat "$csv")
    grep -qE '^"tardif","échec"' "$csv"
    [ -z "$(pgrep -f "$MARK")" ]
    [ "$(cat "$csv")" = "$before" ]
}

@test "nothing stays in memory: a SysV shared memory segment is the box's own, gone with it" {
    command -v ipcs >/dev/null || skip "ipcs (util-linux) is not installed"
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir/shm"
    cp "$HOSTILE/shm.py" "$dir/shm/serveur.py"
    ! ipcs -m | grep -q '^0x0050c1ab '
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 0 ]
    row shm "ok ok ok ok 4/4"
    ipcs -m | grep -q '^0x0050c1ab ' && { ipcrm -M 0x50c1ab; return 1; }
    lc tp1.serveur -- python3 "$HOSTILE/shm.py"
    [ "$status" -eq 0 ]
    ipcs -m | grep -q '^0x0050c1ab ' && { ipcrm -M 0x50c1ab; return 1; }
    true
}

@test "a submission sees only its own copy: no classmate, no instructor file, no socklab tree, no secret of the environment" {
    local dir="$BATS_TEST_TMPDIR/rendus" notes="$BATS_TEST_TMPDIR/notes-du-prof.txt"
    echo "examen: reponses" >"$notes"
    chmod 644 "$notes"
    class "$dir" alice
    mkdir "$dir/peek"
    cp "$HOSTILE/peek.py" "$dir/peek/peek.py"
    echo "python3 peek.py '$dir/alice/serveur.py' '$dir' '$notes' '$ROOT/labs/corrige/tp1-tcp.md' '$ROOT/tcp' /root /home '$BATS_TEST_TMPDIR'" >"$dir/peek/labcheck.cmd"
    SOCKLAB_SECRET_TOKEN=s3cr3t lc --batch "$dir" tp1.serveur
    [ "$status" -eq 0 ]
    row peek "ok ok ok ok 4/4"
    # its own folder, copied, is there and writable
    mkdir "$dir/own"
    {
        echo "import os"
        echo "open('trace.txt', 'w').write('mine')"
        echo "assert open('trace.txt').read() == 'mine' and os.getcwd() == '/rendu'"
        cat "$OK/labcheck_tp1_serveur.py"
    } >"$dir/own/serveur.py"
    lc --batch "$dir" tp1.serveur
    row own "ok ok ok ok 4/4"
    [ ! -e "$dir/own/trace.txt" ]      # the copy is thrown away
}

@test "a submission writes nothing outside its copy: the CSV, a classmate's program, the instructor's files stay as they were" {
    local dir="$BATS_TEST_TMPDIR/rendus" csv="$BATS_TEST_TMPDIR/notes.csv" mine="$BATS_TEST_TMPDIR/prof.txt"
    class "$dir" alice
    echo "le prof" >"$mine"
    chmod 666 "$mine"                   # even a file every user may write
    echo '"ancien"' >"$csv"
    mkdir "$dir/forger"
    cp "$HOSTILE/forger.py" "$dir/forger/forger.py"
    echo "python3 forger.py '$csv' '$dir/alice/serveur.py' '$mine'" >"$dir/forger/labcheck.cmd"
    lc --batch "$dir" tp1.serveur --csv "$csv"
    [ "$status" -eq 0 ]
    row forger "ok ok ok ok 4/4"
    row alice "ok ok ok ok 4/4"
    cmp "$OK/labcheck_tp1_serveur.py" "$dir/alice/serveur.py"
    [ "$(cat "$mine")" = "le prof" ]
    grep -qxF '"forger","ok","ok","ok","ok","4","4",""' "$csv"
}

@test "a server that copies the message from the client's command line (/proc) instead of recv() fails: other users' processes are hidden" {
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir/norecv"
    cp "$HOSTILE/norecv.py" "$dir/norecv/serveur.py"
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    row norecv "ok -- ok ok 3/4"
    lc tp1.serveur -- python3 "$HOSTILE/norecv.py"
    [ "$status" -eq 1 ]
    grep -qE '^  2\. ÉCHEC ' <<<"$output"
}

@test "a huge sparse labcheck.cmd is refused at once, not read for hours" {
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir/sparse"
    truncate -s 1T "$dir/sparse/labcheck.cmd"
    local start=$SECONDS
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    [ $((SECONDS - start)) -lt 10 ]
    [ "$(sed -E 's/ +/ /g' <<<"$(grep '^sparse ' <<<"$output")")" = "sparse -- -- -- -- 0/4 (labcheck.cmd de plus de 65536 octets : refusé)" ]
}

@test "copycats fail: a labcheck.cmd that runs a classmate's program, or socklab's own server" {
    local dir="$BATS_TEST_TMPDIR/rendus"
    class "$dir" alice
    mkdir "$dir/"{copie,socklab}
    echo "python3 ../alice/serveur.py" >"$dir/copie/labcheck.cmd"
    echo "'$ROOT/tcp/tcp_server'" >"$dir/socklab/labcheck.cmd"
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    row alice "ok ok ok ok 4/4"
    row copie "-- -- -- -- 0/4"
    row socklab "-- -- -- -- 0/4"
}

@test "links are never followed by labcheck: a labcheck.cmd linked to a file of root's is not read nor run" {
    local dir="$BATS_TEST_TMPDIR/rendus" secret="$BATS_TEST_TMPDIR/secret"
    printf 'touch %s/pwned\n' "$BATS_TEST_TMPDIR" >"$secret"
    chmod 600 "$secret"
    mkdir -p "$dir/lien"
    ln -s "$secret" "$dir/lien/labcheck.cmd"
    ln -s /etc/shadow "$dir/lien/serveur.py"
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    row lien "-- -- -- -- 0/4"
    [ ! -e "$BATS_TEST_TMPDIR/pwned" ]
    [[ "$output$stderr" != *root:* ]]
    # a hard link to /etc/shadow in a submission is not copied into the box
    mkdir "$dir/dur"
    ln /etc/shadow "$dir/dur/shadow" 2>/dev/null || skip "/etc/shadow is on another file system: no hard link"
    cp "$HOSTILE/peek.py" "$dir/dur/"
    echo "python3 peek.py shadow" >"$dir/dur/labcheck.cmd"
    lc --batch "$dir" tp1.serveur
    row dur "ok ok ok ok 4/4"
}

@test "limits: memory, disk, processes, processor time, each named in the verdict with its option" {
    lc tp1.serveur -- python3 "$HOSTILE/bombs.py" memory
    [ "$status" -eq 1 ]
    grep -qxF "remarque : votre programme a dépassé la limite de mémoire (512 Mio, --mem)" <<<"$output"
    lc --mem 64 tp1.serveur -- python3 "$HOSTILE/bombs.py" memory
    grep -qxF "remarque : votre programme a dépassé la limite de mémoire (64 Mio, --mem)" <<<"$output"
    lc --disk 8 --fsize 512 tp1.serveur -- python3 "$HOSTILE/bombs.py" disk
    grep -qxF "remarque : votre programme a dépassé la limite de disque (8 Mio dans /tmp et son dossier, --disk)" <<<"$output"
    [ ! -e /tmp/remplissage ]
    lc --procs 16 tp1.serveur -- python3 "$HOSTILE/bombs.py" fork
    grep -qxF "remarque : votre programme a dépassé la limite de processus (16, --procs) : fork() dans une boucle ?" <<<"$output"
    lc --cpu 1 tp1.serveur -- python3 "$HOSTILE/bombs.py" cpu
    grep -qxF "remarque : votre programme a dépassé la limite de temps de processeur (1 s, --cpu) : une boucle sans attente ?" <<<"$output"
    if [ -d /sys/fs/cgroup/memory ] || [ -e /sys/fs/cgroup/cgroup.controllers ]; then
        # 8 children of 400 MiB, each under --mem: the box's cgroup bounds them all
        lc -T 8 tp1.serveur -- python3 "$HOSTILE/bombs.py" memfork
        grep -qxF "remarque : votre programme a dépassé la limite de mémoire (512 Mio, --mem)" <<<"$output"
    fi
    run -2 --separate-stderr "$LABCHECK" --mem 8 tp1.serveur -- true
    [ "${stderr_lines[0]}" = "labcheck: invalid --mem value '8' (expected 16..65536)" ]
}

@test "limits in --batch: a disk bomb in the box fills its own /tmp, not the machine's; the box's copy is bounded too" {
    local dir="$BATS_TEST_TMPDIR/rendus"
    class "$dir" alice
    mkdir "$dir/bombe"
    cp "$HOSTILE/bombs.py" "$dir/bombe/"
    echo "python3 bombs.py disk" >"$dir/bombe/labcheck.cmd"
    mkdir "$dir/gros"
    head -c 3M /dev/zero >"$dir/gros/gros.bin"
    cp "$OK/labcheck_tp1_serveur.py" "$dir/gros/serveur.py"
    lc -t 8 --disk 2 --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    row alice "ok ok ok ok 4/4"
    [[ "$(grep '^bombe ' <<<"$output")" == "bombe "*" 0/4"* ]]
    [ "$(sed -E 's/ +/ /g' <<<"$(grep '^gros ' <<<"$output")")" = "gros -- -- -- -- 0/4 (le rendu dépasse la limite de disque (2 Mio, --disk))" ]
    [ ! -e /tmp/remplissage ]
}

@test "compiling is boxed: .incbin of /etc/shadow, #include of /dev/zero and /dev/stdin fail, bounded" {
    grep -q -- -fsanitize "$ROOT/.buildflags" 2>/dev/null && skip "a sanitizer build"
    command -v cc >/dev/null || skip "no cc"
    local dir="$BATS_TEST_TMPDIR/rendus"
    mkdir -p "$dir"/{shadow,zero,stdin}
    printf '__asm__(".incbin \\"/etc/shadow\\"");\nint main(void) { return 0; }\n' >"$dir/shadow/serveur.c"
    printf '#include "/dev/zero"\n' >"$dir/zero/serveur.c"
    printf '#include "/dev/stdin"\n' >"$dir/stdin/serveur.c"
    local start=$SECONDS
    lc --batch "$dir" tp1.serveur
    [ "$status" -eq 1 ]
    [ $((SECONDS - start)) -lt 60 ]
    grep -qE '^shadow .*\(serveur.c ne compile pas : .*(Permission denied|cannot open|file not found).*\)$' <<<"$output"
    grep -qE '^zero .*\(serveur.c ne compile pas : .*\)$' <<<"$output"
    grep -qE '^stdin .*\(serveur.c ne compile pas : .*\)$' <<<"$output"
}

@test "alone, as root: the program runs as the box's user, never root; a folder it cannot reach is said at once" {
    lc tp1.client -- sh -c 'id -u >&2; exit 1'
    # a box's uid (64000 or after it, when another labcheck's box holds 64000)
    grep -qxE "remarque : votre programme a écrit sur sa sortie d'erreur : 64[0-9]{3}" <<<"$output"
    # labcheck's environment (the instructor's) is not the program's
    SOCKLAB_SECRET_TOKEN=s3cr3t lc tp1.serveur -- python3 "$HOSTILE/peek.py"
    [ "$status" -eq 0 ]
    grep -qxF "remarque : votre programme a écrit sur sa sortie d'erreur : vu : rien" <<<"$output"
    local closed="$BATS_TEST_TMPDIR/ferme"
    mkdir -m 700 "$closed"
    cp "$OK/labcheck_tp1_serveur.py" "$closed/"
    lc tp1.serveur -- python3 "$closed/labcheck_tp1_serveur.py"
    [ "$status" -eq 1 ]
    [ "$(sed -E 's/uid 64[0-9]{3} /uid 64000 /' <<<"${stderr_lines[0]}")" = "labcheck: as root, the student's program runs as uid 64000 (the box's user), which cannot read $closed/labcheck_tp1_serveur.py" ]
}

@test "where namespaces are refused, --batch says so and stops, unless --unsafe" {
    command -v unshare >/dev/null || skip "no unshare"
    local dir="$BATS_TEST_TMPDIR/rendus"
    class "$dir" alice
    # a user namespace where no pid namespace may be made: as a container without privileges
    local forbid="echo 0 >/proc/sys/user/max_pid_namespaces"
    unshare -U -r sh -c "$forbid && ! unshare -p -f true" 2>/dev/null ||
        skip "cannot forbid pid namespaces here (no user namespaces)"
    run --separate-stderr unshare -U -r sh -c "$forbid && '$LABCHECK' --batch '$dir' tp1.serveur"
    [ "$status" -eq 1 ]
    [ "${stderr_lines[0]}" = "labcheck: cannot make a box for each submission (pid, mount and network namespaces): No space left on device" ]
    [ "${stderr_lines[1]}" = "labcheck: hint: labcheck refuses to grade untrusted programs unboxed: run it as root on a machine (or a privileged container) that allows namespaces, or add --unsafe" ]
    [ -z "$output" ]
    run --separate-stderr unshare -U -r sh -c "$forbid && '$LABCHECK' --loopback --unsafe --batch '$dir' tp1.serveur"
    # uid 64000 is not mapped in the test's user namespace: root it is, and said
    [ "${stderr_lines[0]}" = "labcheck: --unsafe: no box (No space left on device), and uid 64000 cannot be used here: the submissions run one after another as root, with the limits alone" ]
    [[ "${lines[-1]}" == "1/1 rendu réussit toutes les vérifications"* ]]
}

@test "what a program writes never reaches the verdict raw: ESC, a bidi override, a C1 control, a byte not UTF-8" {
    lc tp1.serveur -- python3 "$HOSTILE/escapes.py"
    [ "$status" -eq 1 ]
    grep -qxF 'remarque : votre programme a écrit sur sa sortie d'"'"'erreur : evil ?[31mRED \u202e \u009b \xff end' <<<"$output"
    ! LC_ALL=C grep -q $'\e' <<<"$output"
}

@test "without root, labcheck says in one line, in a terminal, that there is no box" {
    command -v script >/dev/null || skip "script (util-linux) is not installed: no terminal to test with"
    command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
    local nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
    run unshare -n sh -c "ip link set lo up; script -qec \"$nobody '$LABCHECK' tp1.client -- true\" /dev/null"
    [ "$status" -eq 1 ]
    grep -qF "labcheck: sans root, pas de boîte : votre programme a tourné sous votre compte, avec vos fichiers et vos processus à sa portée (seulement une session sans terminal et les limites)" <<<"$output"
}
