#!/usr/bin/env bats
# Grading platforms: labcheck --vpl read by Moodle VPL's documented rules
# (tests/vpl_parse.py), contrib/vpl's scripts run as VPL runs them (no root,
# loopback), labcheck's TAP as JUnit XML read by junitparser, and the CI
# templates of contrib/ parsed as YAML and their own commands run on a
# student's fixture. Each labcheck runs in a network namespace made here
# (root), so the course's ports never touch the machine.

load helpers

LABCHECK="$ROOT/labcheck/labcheck"
OK="$ROOT/tests/students/ok"
WRONG="$ROOT/tests/students/wrong"
HOSTILE="$ROOT/tests/students/hostile"

setup_file() {
    [ "$(id -u)" -ne 0 ] || chmod o+x "$BATS_RUN_TMPDIR"
}

setup() {
    cd "$ROOT" || return 1
    [ -x "$LABCHECK" ] || { echo "labcheck/labcheck: not built (make)"; return 1; }
    [ "$(id -u)" -eq 0 ] || skip "needs root: a network namespace per check (the fixed port 60000)"
}

# in_netns SCRIPT: bash SCRIPT in a network namespace of its own, loopback up.
in_netns() {
    unshare -n bash -c "ip link set lo up || exit 1; $1"
}

# as_nobody: the prefix that runs a command as uid 65534, as VPL's jail does.
AS_NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"

# vpl FILE: the output FILE parsed by VPL's rules, in $output.
vpl() {
    run -0 python3 "$ROOT/tests/vpl_parse.py" <"$1"
}

@test "--vpl: a passing and a failing program, read by VPL's rules: the grade scaled, a title per verification, the hint under it" {
    local out=$BATS_TEST_TMPDIR/vpl
    in_netns "VPL_GRADEMAX=10 '$LABCHECK' --vpl --loopback tp1.client -- python3 '$OK/tp1/client.py' >'$out.ok'; echo \$? >'$out.okrc';
              VPL_GRADEMAX=10 '$LABCHECK' --vpl --loopback tp1.client -- python3 '$WRONG/tp1_client_noprint.py' >'$out.bad'; echo \$? >'$out.badrc';
              VPL_GRADEMAX=10 '$LABCHECK' --vpl --grade-max 20 --loopback tp1.client -- python3 '$WRONG/tp1_client_noprint.py' >'$out.20'; true"
    [ "$(cat "$out.okrc")" = 0 ] && [ "$(cat "$out.badrc")" = 1 ]
    vpl "$out.ok"
    [ "${lines[0]}" = "grade: 10.00" ]
    [ "${lines[1]}" = "title: 1. ok : le client se connecte à 127.0.0.1:60000" ]
    [ "${lines[4]}" = "title: 4. ok : le client ferme la connexion et se termine" ]
    [ "${lines[5]}" = "title: tp1.client — TP1 ex 1, 2.1 (labs/tp1-tcp.md) : 4/4 vérifications réussies" ]
    vpl "$out.bad"
    [ "${lines[0]}" = "grade: 7.50" ]
    [ "${lines[3]}" = "title: 3. ÉCHEC : le client affiche la réponse « Welcome to this server »" ]
    [[ "${lines[4]}" == "text:     votre client n'affiche pas la réponse du serveur"* ]]
    vpl "$out.20"
    [ "${lines[0]}" = "grade: 15.00" ]
    # every line is VPL's: a comment, or the grade, last
    ! grep -qv -e '^Comment :=>>' -e '^Grade :=>> ' "$out.bad"
    [[ "$(tail -n1 "$out.bad")" == "Grade :=>> 7.50" ]]
}

@test "--vpl: VPL_GRADEMIN/VPL_GRADEMAX and --grade-max checked; --vpl with --tap or --batch is bad usage" {
    run -2 --separate-stderr "$LABCHECK" --vpl --grade-max dix tp1.client -- true
    [ "${stderr_lines[0]}" = "labcheck: invalid --grade-max value 'dix' (expected a number, e.g. 10 or 20)" ]
    VPL_GRADEMAX=x run -2 --separate-stderr "$LABCHECK" --vpl tp1.client -- true
    [ "${stderr_lines[0]}" = "labcheck: invalid VPL_GRADEMAX 'x' in the environment (expected a number, as VPL sets it)" ]
    VPL_GRADEMIN=5 run -2 --separate-stderr "$LABCHECK" --vpl --grade-max 5 tp1.client -- true
    [[ "${stderr_lines[0]}" == "labcheck: the grade's maximum (5) is not above its minimum"* ]]
    run -2 --separate-stderr "$LABCHECK" --vpl --tap tp1.client -- true
    run -2 --separate-stderr "$LABCHECK" --grade-max 20 tp1.client -- true
    [ "${stderr_lines[0]}" = "labcheck: --grade-max goes with --vpl" ]
}

@test "--vpl without root (VPL's jail): a program that prints, sends and writes Grade :=>> 10 into labcheck's stdout keeps its 5/10" {
    local dir=$BATS_TEST_TMPDIR/jail
    mkdir -p "$dir" && chmod 777 "$dir"
    in_netns "$AS_NOBODY sh -c 'exec \"$LABCHECK\" --vpl tp1.serveur -- python3 \"$HOSTILE/grader.py\" >\"$dir/out\"'; true"
    vpl "$dir/out"
    [ "${lines[0]}" = "grade: 5.00" ]
    grep -qxF "text:     votre programme a écrit sur sa sortie d'erreur : atteints : 0" <<<"$output"
    ! grep -q "tout est parfait" <<<"$output"
    [ "$(grep -c '^Grade :=>>' "$dir/out")" -eq 1 ]
}

# jail DIR STUDENT_FILE...: a VPL jail's folder: the student's files, the
# execution files of contrib/vpl, socklab.tar.gz of this tree, the
# vpl_environment.sh VPL writes; owned by the jail's user.
jail() {
    local dir=$1
    shift
    mkdir -p "$dir"
    cp "$@" "$dir/"
    cp "$ROOT"/contrib/vpl/vpl_*.sh "$dir/"
    git -C "$ROOT" ls-files -z | tar -C "$ROOT" --null -T - --transform 's,^,socklab/,' -czf "$dir/socklab.tar.gz"
    printf 'export VPL_GRADEMIN=0\nexport VPL_GRADEMAX=20\n' >"$dir/vpl_environment.sh"
    chown -R 65534:65534 "$dir"
}

@test "contrib/vpl: vpl_evaluate.sh builds socklab in the jail without root, vpl_execution grades; a C file that does not compile gets the minimum" {
    local dir=$BATS_TEST_TMPDIR/vpl
    jail "$dir/ok" "$OK/tp1/serveur.py"
    in_netns "cd '$dir/ok' && $AS_NOBODY bash vpl_evaluate.sh >compile.txt 2>&1 && $AS_NOBODY ./vpl_execution >execution.txt 2>&1"
    vpl "$dir/ok/execution.txt"
    [ "${lines[0]}" = "grade: 20.00" ]
    grep -qxF "title: 4. ok : le serveur ferme la connexion du client" <<<"$output"
    jail "$dir/bad" "$WRONG/tp1_serveur_nobuffer.c"
    mv "$dir/bad/tp1_serveur_nobuffer.c" "$dir/bad/serveur.c"
    echo 'int oops = ;' >>"$dir/bad/serveur.c"
    in_netns "cd '$dir/bad' && $AS_NOBODY bash vpl_evaluate.sh >compile.txt 2>&1 && $AS_NOBODY ./vpl_execution >execution.txt 2>&1"
    vpl "$dir/bad/execution.txt"
    [ "${lines[0]}" = "grade: 0" ]
    [ "${lines[1]}" = "title: serveur.c ne compile pas (cc -std=c11 -Wall)" ]
    grep -q "error" "$dir/bad/compile.txt"
}

# junit TAPFILE NAME: labcheck-junit's XML of TAPFILE read by Debian's
# junitparser (/usr/bin/python3, whatever python3 the PATH has):
# "tests failures errors" and the names, in $output.
junit() {
    python3 "$ROOT/contrib/junit/labcheck-junit" --name "$2" "$1" >"$1.xml" || return 1
    run -0 /usr/bin/python3 -c '
import sys, junitparser
xml = junitparser.JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    print(suite.tests, suite.failures, suite.errors)
    for case in suite:
        result = [type(r).__name__ + ": " + (r.message or "") for r in case.result]
        print(case.classname, "|", case.name, "|", *result)
' "$1.xml"
}

@test "JUnit XML: a passing and a failing run's TAP, read by junitparser: the counts, the names, the hint as the failure's message" {
    require_peer /usr/lib/python3/dist-packages/junitparser/__init__.py python3-junitparser
    local out=$BATS_TEST_TMPDIR/tap
    in_netns "'$LABCHECK' --tap --loopback tp1.client -- python3 '$OK/tp1/client.py' >'$out.ok';
              '$LABCHECK' --tap --loopback tp1.client -- python3 '$WRONG/tp1_client_noprint.py' >'$out.bad'; true"
    junit "$out.ok" tp1.client
    [ "${lines[0]}" = "4 0 0" ]
    [ "${lines[1]}" = "tp1.client | 1. le client se connecte à 127.0.0.1:60000 |" ]
    junit "$out.bad" tp1.client
    [ "${lines[0]}" = "4 1 0" ]
    [[ "${lines[3]}" == "tp1.client | 3. le client affiche la réponse « Welcome to this server » | Failure: votre client n'affiche pas la réponse du serveur"* ]]
    printf 'Bail out! port 60000 pris\n' >"$out.bail"
    junit "$out.bail" tp1.client
    [ "${lines[0]}" = "1 0 1" ]
    run -1 python3 "$ROOT/contrib/junit/labcheck-junit" /dev/null
}

@test "JUnit XML: Debian's tap2junit turns every accented letter into bytes, the reason for labcheck-junit" {
    require_peer tap2junit libtap-formatter-junit-perl
    printf '1..1\nok 1 - tp1.client: le client se connecte à 127.0.0.1:60000\n' | tap2junit --name x - >"$BATS_TEST_TMPDIR/x.xml" || true
    run tap2junit --name x - <<<$'1..1\nok 1 - tp1.client: le client se connecte à 127.0.0.1:60000'
    [[ "$output" == *'connecte [\xc3][\xa0] 127'* ]]
}

# yaml_get FILE EXPR: a value of the YAML FILE (Debian's python3-yaml:
# /usr/bin/python3, whatever python3 the PATH has), EXPR a Python
# expression on d; lists are printed one item a line.
yaml_get() {
    /usr/bin/python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
v = eval(sys.argv[2])
print("\n".join(v) if isinstance(v, list) else v)
' "$1" "$2"
}

# student DIR FILE AS: a student's repository holding FILE as AS.
student() {
    mkdir -p "$1" && cp "$2" "$1/$3" && chmod -R o+rX "$1"
}

@test "contrib/gitlab-ci: valid YAML, a JUnit report; its own script passes a right server, fails a wrong one, with the report's counts" {
    require_peer /usr/lib/python3/dist-packages/yaml/__init__.py python3-yaml
    require_peer /usr/lib/python3/dist-packages/junitparser/__init__.py python3-junitparser
    local ci=$ROOT/contrib/gitlab-ci/.gitlab-ci.yml script dir=$BATS_TEST_TMPDIR/gitlab
    [ "$(yaml_get "$ci" 'd[".labcheck"]["artifacts"]["reports"]["junit"]')" = "*.xml" ]
    [ "$(yaml_get "$ci" 'd["tp1-serveur"]["variables"]["CHECK"]')" = tp1.serveur ]
    script=$(yaml_get "$ci" 'd[".labcheck"]["script"]')
    student "$dir/ok" "$OK/tp1/serveur.py" serveur.py
    student "$dir/bad" "$WRONG/tp1_serveur_noclose.py" serveur.py
    printf '%s\n' "$script" >"$dir/script.sh"
    in_netns "export SOCKLAB='$ROOT' CHECK=tp1.serveur COMMAND='python3 serveur.py';
              (cd '$dir/ok' && bash -e '$dir/script.sh' >log); echo \$? >'$dir/ok.rc';
              (cd '$dir/bad' && bash -e '$dir/script.sh' >log); echo \$? >'$dir/bad.rc'"
    [ "$(cat "$dir/ok.rc")" = 0 ] && [ "$(cat "$dir/bad.rc")" = 1 ]
    junit "$dir/ok/tp1.serveur.tap" tp1.serveur
    [ "${lines[0]}" = "4 0 0" ]
    junit "$dir/bad/tp1.serveur.tap" tp1.serveur
    [ "${lines[0]}" = "4 1 0" ]
}

@test "contrib/github-classroom: valid YAML, a graded step per verification; its commands pass and fail them as labcheck does" {
    require_peer /usr/lib/python3/dist-packages/yaml/__init__.py python3-yaml
    local wf=$ROOT/contrib/github-classroom/.github/workflows/classroom.yml dir=$BATS_TEST_TMPDIR/gh steps
    [ "$(yaml_get "$wf" '[s["with"]["runners"] for s in d["jobs"]["run-autograding-tests"]["steps"] if "runners" in s.get("with", {})][0]')" = v1,v2,v3,v4 ]
    yaml_get "$wf" '[s["run"] for s in d["jobs"]["run-autograding-tests"]["steps"] if s.get("id") == "labcheck"][0]' >"$dir.run.sh"
    yaml_get "$wf" '[s["with"]["command"] for s in d["jobs"]["run-autograding-tests"]["steps"] if "command" in s.get("with", {})]' >"$dir.grade"
    [ "$(wc -l <"$dir.grade")" -eq 4 ]
    student "$dir/ok" "$OK/tp1/serveur.py" serveur.py
    student "$dir/bad" "$WRONG/tp1_serveur_noclose.py" serveur.py
    in_netns "export SOCKLAB='$ROOT'; (cd '$dir/ok' && bash -e '$dir.run.sh' >log); (cd '$dir/bad' && bash -e '$dir.run.sh' >log)"
    while read -r command; do
        (cd "$dir/ok" && bash -c "$command") || { echo "fails on the right server: $command"; return 1; }
    done <"$dir.grade"
    steps=$(while read -r command; do (cd "$dir/bad" && bash -c "$command") && echo pass || echo fail; done <"$dir.grade" | tr '\n' ' ')
    [ "$steps" = "pass pass pass fail " ]
}
