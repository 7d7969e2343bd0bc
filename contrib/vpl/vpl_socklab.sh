#!/bin/bash
# vpl_socklab.sh - what vpl_evaluate.sh and vpl_run.sh share (an execution
# file of the VPL activity, beside socklab.tar.gz): builds socklab in the
# jail, finds the student's program, writes vpl_execution. contrib/vpl/README.md.
#
# Set in the calling script: CHECK (tp1.serveur, ...: labcheck -l), FILE (the
# exercise's file without extension: serveur or client), MODE (--vpl to grade,
# empty for the table). Optional: GRADE_MAX (else VPL's maximum grade),
# LABCHECK_OPTS (e.g. "-T 60").

# VPL's jail: no root, so labcheck has no box and runs on the jail's loopback
# (docs/LABCHECK.md, « Les plateformes »). VPL writes vpl_environment.sh
# (VPL_GRADEMIN, VPL_GRADEMAX...) before this script runs.
[ -f vpl_environment.sh ] && . ./vpl_environment.sh
export VPL_GRADEMIN VPL_GRADEMAX

# vpl_fail TITLE DETAIL...: a vpl_execution that only says TITLE (and the
# lowest grade when grading), for what stops before the check.
vpl_fail() {
    local title=$1 line
    shift
    {
        echo '#!/bin/sh'
        echo "cat <<'VPL_END'"      # every line below starts with Comment :=>>
        echo "Comment :=>>-$title"
        for line in "$@"; do
            printf 'Comment :=>>    %s\n' "${line//$'\r'/}"
        done
        [ "$MODE" = --vpl ] && echo "Grade :=>> ${VPL_GRADEMIN:-0}"
        echo VPL_END
    } >vpl_execution
    chmod +x vpl_execution
    exit 0
}

# 1. socklab, from the tarball given as an execution file (make dist is not
#    needed: `git archive --prefix=socklab/ -o socklab.tar.gz HEAD`).
if [ ! -x socklab/labcheck/labcheck ]; then
    mkdir -p socklab && tar -xzf socklab.tar.gz -C socklab --strip-components=1 ||
        vpl_fail "socklab.tar.gz manque ou est illisible (fichiers d'exécution)"
    if ! make -C socklab -j2 >socklab-build.log 2>&1; then
        mapfile -t errors < <(tail -n 3 socklab-build.log)
        vpl_fail "socklab ne compile pas dans la prison de VPL (gcc, make ?)" "${errors[@]}"
    fi
fi

# 2. the student's program: FILE.py (python3), else FILE.c (compiled with cc),
#    else an executable FILE: the convention of labcheck --batch.
if [ -f "$FILE.py" ]; then
    command=(python3 "$FILE.py")
elif [ -f "$FILE.c" ]; then
    if ! cc -std=c11 -Wall -o "$FILE" "$FILE.c" 2>cc.log; then
        cat cc.log                       # VPL shows it as the compilation's output
        mapfile -t errors < <(grep -m 5 'error' cc.log)
        vpl_fail "$FILE.c ne compile pas (cc -std=c11 -Wall)" "${errors[@]}"
    fi
    command=("./$FILE")
elif [ -x "$FILE" ]; then
    command=("./$FILE")
else
    vpl_fail "aucun fichier $FILE.py ni $FILE.c dans votre rendu"
fi

# 3. vpl_execution: labcheck itself (exec: no shell stays above it that a
#    program of the same user could write through).
{
    echo '#!/bin/sh'
    # VPL starts vpl_execution afresh: the grade's range as VPL gave it here
    printf 'export VPL_GRADEMIN=%q VPL_GRADEMAX=%q\n' "${VPL_GRADEMIN:-0}" "${VPL_GRADEMAX:-10}"
    printf 'exec ./socklab/labcheck/labcheck %s %s %s %s --' "$MODE" \
        "${GRADE_MAX:+--grade-max $GRADE_MAX}" "${LABCHECK_OPTS:-}" "$CHECK"
    printf ' %q' "${command[@]}"
    echo
} >vpl_execution
chmod +x vpl_execution
