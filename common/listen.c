/*
 * listen.c - a TCP server's first steps, for the later programs whose lesson
 * is elsewhere (the chat's poll(), the echo server's non-blocking sockets).
 * tcp_server.c (TP1) teaches these steps in its own file.
 */
#include "common.h"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

int sl_tcp_listen(struct sockaddr_storage *bound, socklen_t local_len, int reuse_addr, char *text)
{
    const struct sockaddr *local = (const struct sockaddr *)bound;
    int listen_fd, status, saved, one = 1;

    /* 1. socket(): a TCP endpoint of the address's family. */
    listen_fd = socket(local->sa_family, SOCK_STREAM, 0);
    sl_trace("socket(%s, SOCK_STREAM) = %d", sl_family_name(local->sa_family), listen_fd);
    if (listen_fd < 0) {
        sl_error("socket");
        return -1;
    }

    /* 2. SO_REUSEADDR: restarting the server never fails because of TIME_WAIT. */
    if (reuse_addr) {
        status = setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sl_trace("setsockopt(%d, SO_REUSEADDR, 1) = %d", listen_fd, status);
    }

    /* 3. bind(): attach the socket to the local address and port. */
    status = bind(listen_fd, local, local_len);
    sl_trace("bind(%d, %s) = %d", listen_fd, sl_addr_string(local, text), status);
    if (status < 0) {
        saved = errno;
        sl_error("bind %s", text);
        sl_hint_bind(saved, local, SOCK_STREAM, reuse_addr);
        close(listen_fd);
        return -1;
    }

    /* 4. listen(): become a passive socket; the kernel queues incoming connections. */
    status = listen(listen_fd, SOMAXCONN);
    sl_trace("listen(%d, %d) = %d", listen_fd, SOMAXCONN, status);
    if (status < 0) {
        sl_error("listen");
        close(listen_fd);
        return -1;
    }

    /* getsockname(): the address really bound (port 0 becomes a real port). */
    local_len = sizeof *bound;
    if (getsockname(listen_fd, (struct sockaddr *)bound, &local_len) < 0) {
        sl_error("getsockname");
        close(listen_fd);
        return -1;
    }
    sl_addr_string(local, text);
    return listen_fd;
}
