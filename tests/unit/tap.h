/*
 * tap.h - a tiny TAP producer for socklab's C unit tests (tests/run.sh
 * tallies the output): plan(N) prints "1..N", each check prints
 * "ok N - desc" or "not ok N - desc" (with the details as "# " lines).
 * main() returns done(): 0 if every test passed.
 */
#ifndef SOCKLAB_TAP_H
#define SOCKLAB_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static void plan(int n)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..%d\n", n);
}

/* Prints one result; returns cond. */
static int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int ok(int cond, const char *fmt, ...)
{
    va_list ap;

    tap_count++;
    if (!cond)
        tap_failed++;
    printf("%sok %d - ", cond ? "" : "not ", tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    return cond;
}

/* Prints bytes as hex on a "# " line: for failure details. */
static void diag_bytes(const char *label, const void *data, size_t n) __attribute__((unused));
static void diag_bytes(const char *label, const void *data, size_t n)
{
    const unsigned char *p = data;

    printf("# %s (%zu bytes):", label, n);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", p[i]);
    putchar('\n');
}

/* ok() on two byte strings being equal; prints both when they differ. */
static int ok_bytes(const void *got, size_t got_len, const void *want, size_t want_len,
                    const char *desc) __attribute__((unused));
static int ok_bytes(const void *got, size_t got_len, const void *want, size_t want_len,
                    const char *desc)
{
    int same = got_len == want_len && (want_len == 0 || memcmp(got, want, want_len) == 0);

    ok(same, "%s", desc);
    if (!same) {
        diag_bytes("got ", got, got_len);
        diag_bytes("want", want, want_len);
    }
    return same;
}

static int done(void)
{
    return tap_failed > 0 ? 1 : 0;
}

#endif
