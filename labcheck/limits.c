/*
 * limits.c - the limits every student process runs under, and the remark that
 * names the one it reached.
 *
 * setrlimit() before exec (POSIX): processor time (SIGXCPU, then SIGKILL one
 * second later), address space (malloc fails: Python's MemoryError), file
 * size (SIGXFSZ), open files (EMFILE), no core file; and the number of
 * processes, which the kernel counts per user: in the box the user is the
 * box's own, so the limit is the submission's; without a box it is the
 * student's whole account, so labcheck allows that many more than the
 * account already runs. The remark comes from what the kernel or the program
 * said: the signal, or the error it printed.
 */
#include "common.h"
#include "labcheck.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* make SANITIZE=1: socklab's programs, run as a student's would be, are
 * AddressSanitizer's, which maps terabytes of shadow memory at start. */
#if defined(__SANITIZE_ADDRESS__)
#define LC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LC_SANITIZED 1
#endif
#endif

void lc_default_limits(struct lc_limits *limits)
{
    limits->cpu_s = 10;
    limits->mem_mib = 512;
    limits->procs = 64;
    limits->fsize_mib = 64;
    limits->files = 256;
    limits->disk_mib = 64;
}

static int set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit limit = { soft, hard };

    return setrlimit(resource, &limit);
}

long lc_user_processes(uid_t uid, long enough)
{
    DIR *proc = opendir("/proc");
    const struct dirent *entry;
    long count = 0;

    while (proc != NULL && count < enough && (entry = readdir(proc)) != NULL) {
        char path[300];
        struct stat st;

        if (!isdigit((unsigned char)entry->d_name[0]))
            continue;
        snprintf(path, sizeof path, "/proc/%s", entry->d_name);
        if (stat(path, &st) == 0 && st.st_uid == uid)
            count++;
    }
    if (proc != NULL)
        closedir(proc);
    return count;
}

int lc_apply_limits(const struct lc_limits *limits, int own_user)
{
    rlim_t mib = 1024 * 1024;
    /* Counted first: reading /proc allocates, which the memory limit may forbid. */
    rlim_t procs = (rlim_t)limits->procs + (rlim_t)(own_user ? 0 : lc_user_processes(getuid(), LONG_MAX));

#ifdef RLIMIT_NPROC
    if (set_limit(RLIMIT_NPROC, procs, procs) < 0)
        return -1;
#else
    (void)procs;
#endif
    if (set_limit(RLIMIT_CPU, (rlim_t)limits->cpu_s, (rlim_t)limits->cpu_s + 1) < 0 ||
        set_limit(RLIMIT_FSIZE, (rlim_t)limits->fsize_mib * mib,
                  (rlim_t)limits->fsize_mib * mib) < 0 ||
        set_limit(RLIMIT_NOFILE, (rlim_t)limits->files, (rlim_t)limits->files) < 0 ||
        set_limit(RLIMIT_CORE, 0, 0) < 0)
        return -1;
#ifdef LC_SANITIZED
    return 0;       /* a sanitizer build's own programs reserve terabytes: no address limit */
#else
    return set_limit(RLIMIT_AS, (rlim_t)limits->mem_mib * mib, (rlim_t)limits->mem_mib * mib);
#endif
}
