/*
 * report.c - a verdict printed: the French table, or TAP (--tap). The VPL
 * format is platform.c's.
 */
#include "labcheck.h"

#include <stdio.h>

void lc_print_verdict(const struct lc_check *check, const struct lc_options *opts,
                      const struct lc_verdict *verdict)
{
    const struct lc_result *r;

    if (opts->tap) {
        printf("1..%d\n", verdict->count);
        for (int i = 0; i < verdict->count; i++) {
            r = &verdict->results[i];
            printf("%s %d - %s: %s\n", r->state == LC_PASS ? "ok" : "not ok", i + 1,
                   check->name, check->titles[i + 1]);
            if (r->state != LC_PASS)
                printf("# %s\n", r->detail);
        }
        for (int i = 0; i < verdict->nnotes; i++)
            printf("# remarque : %s\n", verdict->notes[i]);
        printf("# %d/%d vérifications réussies\n", lc_passed(verdict), verdict->count);
        return;
    }
    printf("%s — %s (%s)\n", check->name, check->exercise, check->handout);
    for (int i = 0; i < verdict->count; i++) {
        r = &verdict->results[i];
        printf("  %d. %s %s\n", i + 1, r->state == LC_PASS ? "ok   " : "ÉCHEC", check->titles[i + 1]);
        if (r->state != LC_PASS)
            printf("            %s\n", r->detail);
    }
    for (int i = 0; i < verdict->nnotes; i++)
        printf("remarque : %s\n", verdict->notes[i]);
    printf("%d/%d vérifications réussies\n", lc_passed(verdict), verdict->count);
}
