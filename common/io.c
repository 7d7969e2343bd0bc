/*
 * io.c - a send() that finishes its job.
 */
#include "common.h"

#include <errno.h>
#include <sys/socket.h>

ssize_t sl_send_all(int fd, const void *data, size_t length, int flags)
{
    const char *next = data;
    size_t left = length;

    while (left > 0) {
        ssize_t sent = sl_traced(send(fd, next, left, flags | MSG_NOSIGNAL),
                                 "%d, %zu bytes", fd, left);

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
