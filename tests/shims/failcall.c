/*
 * failcall.c - an LD_PRELOAD shim for tests/traces.bats: makes the calls
 * named in $FAILCALL fail, so a test sees what a program's -v trace and its
 * error checks do when they fail (no option of the programs can make them).
 *
 *   FAILCALL=close       close() of a socket closes it, then returns -1 EIO
 *   FAILCALL=reuseaddr   setsockopt(SO_REUSEADDR) returns -1 ENOPROTOOPT
 *   FAILCALL=rcvtimeo    setsockopt(SO_RCVTIMEO) returns -1 ENOPROTOOPT
 *   (several, separated by commas)
 *
 * The real calls are made through syscall(), so no dlsym is needed. Linux.
 * Build: cc -shared -fPIC -o failcall.so failcall.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Non-zero if $FAILCALL names what. */
static int failing(const char *what)
{
    const char *list = getenv("FAILCALL");
    size_t len = strlen(what);

    for (const char *p = list; p != NULL && *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, what, len) == 0 && (p[len] == ',' || p[len] == '\0'))
            return 1;
    return 0;
}

int close(int fd)
{
    struct stat st;
    int is_socket = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
    long status = syscall(SYS_close, fd);

    if (status == 0 && is_socket && failing("close")) {
        errno = EIO;
        return -1;
    }
    return (int)status;
}

int setsockopt(int fd, int level, int name, const void *value, socklen_t length)
{
    if (level == SOL_SOCKET && ((name == SO_REUSEADDR && failing("reuseaddr")) ||
                                (name == SO_RCVTIMEO && failing("rcvtimeo")))) {
        errno = ENOPROTOOPT;
        return -1;
    }
    return (int)syscall(SYS_setsockopt, fd, level, name, value, length);
}
