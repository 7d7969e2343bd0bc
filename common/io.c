/*
 * io.c - a send() that finishes its job, and a clock for deadlines.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <time.h>

ssize_t sl_send_all(int fd, const void *data, size_t length, int flags)
{
    const char *next = data;
    size_t left = length;

    while (left > 0) {
        ssize_t sent = send(fd, next, left, flags | MSG_NOSIGNAL);

        sl_trace("send(%d, %zu bytes) = %zd", fd, left, sent);
        if (sent < 0) {
            if (errno == EINTR && !sl_interrupted())
                continue;
            return -1;
        }
        next += sent;
        left -= (size_t)sent;
    }
    return (ssize_t)length;
}

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
