/*
 * privs.c - running the student's program as another user (-u, as root).
 *
 * As root, labcheck itself needs its privileges (a network namespace, the
 * owners of every socket in /proc), but the student's program does not: with
 * -u USER it runs as that user, its supplementary groups dropped. The one
 * call that is not POSIX, setgroups() (BSD and Linux), stays in this file
 * with its feature macro.
 */
#define _DEFAULT_SOURCE   /* setgroups(): this file only */

#include "labcheck.h"

#include <grp.h>
#include <unistd.h>

int lc_become(uid_t uid, gid_t gid)
{
    if (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0)
        return -1;
    return 0;
}
