#!/usr/bin/env bash
# Runs every test of socklab and ends with one summary line, alone on its line:
#   N passed, N failed[, N skipped]
# Exit status: 0 if nothing failed.
#
# Every test speaks TAP: the C unit tests (UNIT_TESTS, from the Makefile) and
# the bats suites (tests/*.bats, run with bats --tap). TESTS='tests/tcp.bats'
# runs only the suites named; TESTS_SKIP='tests/x.bats ...' leaves those out;
# BATS_FILTER='REGEX', only their tests whose name matches (bats -f).
set -u
cd "$(dirname "$0")/.." || exit 1

passed=0 failed=0 skipped=0

# tree_processes: the live processes that run a program of this tree, or whose
# command line names a file in it (a test's Python peer, a student fixture),
# one "PID" a line. Zombies do not count.
tree_processes() {
    local p exe state
    for p in /proc/[0-9]*; do
        [ "${p#/proc/}" = "$$" ] && continue
        exe=$(readlink "$p/exe" 2>/dev/null) || continue
        if [[ "$exe" != "$PWD"/* ]] && ! tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF "$PWD/"; then
            continue
        fi
        state=$(sed -E 's/.*\) ([A-Z]).*/\1/' "$p/stat" 2>/dev/null) || continue
        [ "$state" = Z ] || echo "${p#/proc/}"
    done
}
tree_before=$(tree_processes | sort)

# run_tap LABEL CMD...: runs one TAP producer, echoes its output, adds its
# results to the totals. A producer that dies before reporting all its planned
# tests counts the missing ones as failed.
run_tap() {
    local label=$1 line plan=0 seen=0 status
    shift
    echo "# $label"
    while IFS= read -r line; do
        printf '%s\n' "$line"
        case "$line" in
        1..*) plan=${line#1..} ;;
        "ok "*"# skip"* | "ok "*"# SKIP"*) skipped=$((skipped + 1)); seen=$((seen + 1)) ;;
        "ok "*) passed=$((passed + 1)); seen=$((seen + 1)) ;;
        "not ok "*) failed=$((failed + 1)); seen=$((seen + 1)) ;;
        esac
    done < <("$@" 2>&1; echo "# exit status $?")
    if [ "$seen" -lt "$plan" ]; then
        echo "not ok - $label: only $seen of $plan planned tests reported"
        failed=$((failed + plan - seen))
    elif [ "$plan" -eq 0 ] && [ "$seen" -eq 0 ]; then
        echo "not ok - $label: reported no test at all"
        failed=$((failed + 1))
    fi
}

if ! command -v bats >/dev/null 2>&1; then
    echo "tests/run.sh: bats is not installed: sudo apt-get install bats (or sudo make check, which installs it)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# Sanitizer builds (make check SANITIZE=1): any report fails the program.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}

if [ -z "${TESTS:-}" ]; then
    for unit in ${UNIT_TESTS:-}; do
        run_tap "$unit" "./$unit"
    done
    TESTS=$(ls tests/*.bats)
fi
for suite in $TESTS; do
    case " ${TESTS_SKIP:-} " in *" $suite "*) echo "# $suite: left out (TESTS_SKIP)"; continue ;; esac
    start=$SECONDS
    case "$suite" in
    *.bats) run_tap "$suite" bats --tap ${BATS_FILTER:+-f "$BATS_FILTER"} "$suite" ;;
    /*) run_tap "$suite" "$suite" ;;
    *) run_tap "$suite" "./$suite" ;;
    esac
    echo "# $suite took $((SECONDS - start)) s"   # where CI's 20 minutes go
done

# Every server a test started is stopped by that test: one still running now
# (one that was not before the run) is a leak, a failure; it is killed.
leftovers=$(comm -13 <(echo "$tree_before") <(tree_processes | sort) | tr '\n' ' ')
# One that is just ending (a test's last background shell) gets 2 s to go.
for _ in $(seq 100); do
    still=""
    for pid in $leftovers; do
        state=$(sed -E 's/.*\) ([A-Z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || continue
        [ "$state" = Z ] || still="$still $pid"
    done
    leftovers=$still
    [ -z "$leftovers" ] && break
    sleep 0.02
done
if [ -n "${leftovers// /}" ]; then
    echo "not ok - processes of this tree left running by the tests (killed):"
    # shellcheck disable=SC2086  # one pid a word
    ps -o pid,ppid,etime,args -p "$(echo $leftovers | tr ' ' ',')" 2>/dev/null | sed 's/^/#   /'
    # shellcheck disable=SC2086
    kill -KILL $leftovers 2>/dev/null
    failed=$((failed + 1))
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
