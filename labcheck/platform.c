/*
 * platform.c - the verdict for a grading platform: Moodle VPL's evaluation
 * output (--vpl), and the guard that keeps a student's program away from
 * labcheck's own standard output.
 *
 * VPL reads what its vpl_execution prints. A line that begins with
 * "Comment :=>>" is a comment (the rest of the line); in a comment, a line
 * that begins with '-' is a title, the lines after it its text. The proposed
 * grade is the rest of the LAST line that begins with "Grade :=>>", wherever
 * it is, even inside a "<|--" ... "--|>" block. So labcheck prints nothing
 * but "Comment :=>>" lines and one "Grade :=>>" line of its own, last: every
 * character a student's program chose (already escaped where it was recorded,
 * verdict.c) is inside a comment line, after its prefix, never at the start
 * of a line. docs/LABCHECK.md, « Les plateformes », says how VPL runs it.
 *
 * The one call that is not POSIX, prctl(PR_SET_DUMPABLE) (Linux), stays in
 * this file with its header.
 */
#include "common.h"
#include "labcheck.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define VPL_COMMENT "Comment :=>>"
#define VPL_GRADE   "Grade :=>>"

/* A grade written as a decimal number (10, 20, 7.5) into *grade, within
 * +-1e6. Returns 0, or -1 when text is no such number. */
static int parse_grade(const char *text, double *grade)
{
    char *end;
    double value;

    if (text == NULL || *text == '\0')
        return -1;
    errno = 0;
    value = strtod(text, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno != 0 || *end != '\0' || !isfinite(value) || value > 1e6 || value < -1e6)
        return -1;
    *grade = value;
    return 0;
}

/* One value of the grade's range: the option's, else the environment's
 * variable, else fallback. Returns 0, or 2 after saying which is wrong. */
static int range_end(const char *usage, const char *option, const char *variable, double fallback, double *value)
{
    const char *env = getenv(variable);

    if (option != NULL) {
        if (parse_grade(option, value) < 0)
            return sl_usage_error(usage, "invalid --grade-max value '%s' (expected a "
                                  "number, e.g. 10 or 20)", option);
        return 0;
    }
    if (env != NULL && *env != '\0') {
        if (parse_grade(env, value) < 0)
            return sl_usage_error(usage, "invalid %s '%s' in the environment (expected a "
                                  "number, as VPL sets it)", variable, env);
        return 0;
    }
    *value = fallback;
    return 0;
}

int lc_vpl_range(const char *usage, const char *grade_max, struct lc_grade_range *range)
{
    int status = range_end(usage, NULL, "VPL_GRADEMIN", 0.0, &range->min);

    if (status == 0)
        status = range_end(usage, grade_max, "VPL_GRADEMAX", 10.0, &range->max);
    if (status == 0 && range->max <= range->min)
        return sl_usage_error(usage, "the grade's maximum (%g) is not above its minimum "
                              "(%g, VPL_GRADEMIN)", range->max, range->min);
    return status;
}

/* Prints text as comment lines: one per line of text, each after
 * "Comment :=>>" and indent, its characters escaped once more (a carriage
 * return or a line feed would end VPL's line: none gets through). */
static void put_comment(const char *indent, const char *text)
{
    char line[SL_ESCAPED_SIZE(LC_TEXT)];

    do {
        size_t length = strcspn(text, "\n");

        if (length > LC_TEXT)
            length = LC_TEXT;
        sl_escape_text(line, sizeof line, text, length);
        printf("%s%s%s\n", VPL_COMMENT, indent, line);
        text += length;
        if (*text == '\n')
            text++;
    } while (*text != '\0');
}

/* The grade of verdict: the share of verifications that hold, scaled to range. */
static double vpl_grade(const struct lc_verdict *verdict, const struct lc_grade_range *range)
{
    if (verdict->count == 0)
        return range->min;
    return range->min + (range->max - range->min) * lc_passed(verdict) / verdict->count;
}

void lc_print_vpl(const struct lc_check *check, const struct lc_verdict *verdict,
                  const struct lc_grade_range *range)
{
    char title[LC_TEXT];

    for (int i = 0; i < verdict->count; i++) {
        const struct lc_result *r = &verdict->results[i];

        snprintf(title, sizeof title, "-%d. %s : %s", i + 1,
                 r->state == LC_PASS ? "ok" : "ÉCHEC", check->titles[i + 1]);
        put_comment("", title);         /* a title: VPL folds the hint under it */
        if (r->state != LC_PASS)
            put_comment("    ", r->detail);
    }
    if (verdict->nnotes > 0)
        put_comment("", "-remarques");
    for (int i = 0; i < verdict->nnotes; i++)
        put_comment("    ", verdict->notes[i]);
    snprintf(title, sizeof title, "-%s — %s (%s) : %d/%d vérifications réussies", check->name,
             check->exercise, check->handout, lc_passed(verdict), verdict->count);
    put_comment("", title);
    printf("%s %.2f\n", VPL_GRADE, vpl_grade(verdict, range));
    fflush(stdout);
}

void lc_print_vpl_fatal(const struct lc_check *check, const struct lc_verdict *verdict)
{
    char title[LC_TEXT];

    /* No grade: the check did not run, the program was not judged. VPL then
     * proposes none, and the instructor sees why. */
    snprintf(title, sizeof title, "-%s : labcheck n'a pas pu vérifier votre programme (pas de "
             "note)", check->name);
    put_comment("", title);
    put_comment("    ", verdict->fatal);
    if (verdict->fatal_hint[0] != '\0')
        put_comment("    ", verdict->fatal_hint);
    fflush(stdout);
}

void lc_keep_output_private(void)
{
#if defined(__linux__) && defined(PR_SET_DUMPABLE)
    /* /proc/PID/fd of a process that is not dumpable is root's: a program of
     * the same user cannot open labcheck's stdout there and write a grade. */
    if (prctl(PR_SET_DUMPABLE, 0L, 0L, 0L, 0L) < 0)
        sl_trace("prctl(PR_SET_DUMPABLE, 0): %s", strerror(errno));
#endif
}
