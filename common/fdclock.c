/*
 * fdclock.c - a clock for deadlines, and O_NONBLOCK (fdclock.h).
 */
#include "fdclock.h"

#include <fcntl.h>
#include <time.h>

long long sl_now_ms(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

int sl_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags < 0)
        return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ? -1 : 0;
}
