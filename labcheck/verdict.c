/*
 * verdict.c - a check's verdict recorded: each verification passed or failed,
 * the remarks, the cause that stopped the check, each made harmless where it
 * is recorded. Printing it is report.c's (and platform.c's); running the
 * check is child.c's.
 */
#include "common.h"
#include "labcheck.h"
#include "socktable.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A line of the verdict may quote what a student's program wrote: its
 * control characters (ESC, C1), bidi overrides and bytes that are not UTF-8
 * are escaped where they are recorded, so no table, CSV or terminal gets
 * them raw. */
static void make_safe(char *text, size_t size)
{
    char raw[LC_TEXT];
    size_t length = strlen(text);

    if (length >= sizeof raw || sl_text_flaw(text, length) == SL_TEXT_OK)
        return;
    memcpy(raw, text, length + 1);
    sl_escape_text(text, size, raw, length);    /* stops before an escape that does not fit */
}

static struct lc_result *result(struct lc_ctx *ctx, int i)
{
    if (i < 1 || i > ctx->verdict->count)
        return NULL;
    return &ctx->verdict->results[i - 1];
}

void lc_pass(struct lc_ctx *ctx, int i)
{
    struct lc_result *r = result(ctx, i);

    if (r == NULL)
        return;
    r->state = LC_PASS;
    r->detail[0] = '\0';
    sl_trace("verification %d holds", i);
}

void lc_fail(struct lc_ctx *ctx, int i, const char *fmt, ...)
{
    struct lc_result *r = result(ctx, i);
    va_list ap;

    if (r == NULL)
        return;
    r->state = LC_FAIL;
    va_start(ap, fmt);
    vsnprintf(r->detail, sizeof r->detail, fmt, ap);
    va_end(ap);
    make_safe(r->detail, sizeof r->detail);
    sl_trace("verification %d fails: %s", i, r->detail);
}

int lc_state(struct lc_ctx *ctx, int i)
{
    const struct lc_result *r = result(ctx, i);

    return r == NULL ? LC_UNSET : r->state;
}

void lc_fail_rest(struct lc_ctx *ctx, const char *reason)
{
    for (int i = 1; i <= ctx->verdict->count; i++)
        if (ctx->verdict->results[i - 1].state == LC_UNSET)
            lc_fail(ctx, i, "non vérifié : %s", reason);
}

void lc_note(struct lc_ctx *ctx, const char *fmt, ...)
{
    struct lc_verdict *v = ctx->verdict;
    va_list ap;

    if (v->nnotes >= (int)(sizeof v->notes / sizeof v->notes[0]))
        return;
    va_start(ap, fmt);
    vsnprintf(v->notes[v->nnotes], LC_TEXT, fmt, ap);
    va_end(ap);
    make_safe(v->notes[v->nnotes++], LC_TEXT);
}

void lc_fatal(struct lc_ctx *ctx, const char *hint, const char *fmt, ...)
{
    struct lc_verdict *v = ctx->verdict;
    va_list ap;

    if (v->fatal[0] != '\0')
        return;                         /* the first cause is the one to tell */
    va_start(ap, fmt);
    vsnprintf(v->fatal, sizeof v->fatal, fmt, ap);
    va_end(ap);
    make_safe(v->fatal, sizeof v->fatal);
    snprintf(v->fatal_hint, sizeof v->fatal_hint, "%s", hint);
}

int lc_passed(const struct lc_verdict *verdict)
{
    int passed = 0;

    for (int i = 0; i < verdict->count; i++)
        passed += verdict->results[i].state == LC_PASS;
    return passed;
}
