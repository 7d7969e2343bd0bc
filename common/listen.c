/*
 * listen.c - a server's first steps (socket, setsockopt, bind, listen), for
 * the later programs whose lesson is elsewhere: the chat's poll(), the echo
 * server's non-blocking sockets, the RPC servers, the benchmark's baseline.
 * tcp_server.c (TP1) and udp_server.c (TP2) teach these steps in their own
 * files, and their IPv6 twins add IPV6_V6ONLY.
 */
#include "common.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* Reports step's failure (errno) unless quiet, closes fd keeping errno,
 * returns -1. */
static int give_up(int fd, const char *step, const struct sl_server_options *how)
{
    int saved = errno;

    if (!how->quiet)
        sl_error("%s", step);
    if (fd >= 0)
        close(fd);
    errno = saved;
    return -1;
}

/* The socket options of a server socket on fd: SO_REUSEADDR (unless asked
 * not to), IPV6_V6ONLY on IPv6 (always, to the value asked). 0, or -1. */
static int set_options(int fd, int family, const struct sl_server_options *how)
{
    int one = 1, v6only = how->v6only == SL_V6ONLY;

    if (!how->no_reuse_addr &&
        sl_traced(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one),
                  "%d, SO_REUSEADDR, 1", fd) < 0)
        return give_up(fd, "setsockopt SO_REUSEADDR", how);
    if (family == AF_INET6 &&
        sl_traced(setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only),
                  "%d, IPV6_V6ONLY, %d", fd, v6only) < 0)
        return give_up(fd, "setsockopt IPV6_V6ONLY", how);
    return 0;
}

int sl_server_socket(struct sockaddr_storage *local, socklen_t local_len,
                     const struct sl_server_options *how, char *text)
{
    const struct sockaddr *addr = (const struct sockaddr *)local;
    int type = how->socktype == SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM, fd, saved;
    char shown[SL_ADDRSTRLEN];

    if ((addr->sa_family == AF_INET6) != (how->v6only != SL_V6ONLY_UNSAID)) {
        errno = EINVAL;            /* IPv6 says V6ONLY, IPv4 does not */
        return give_up(-1, "sl_server_socket: IPV6_V6ONLY said for IPv6 only, always", how);
    }
    fd = sl_traced(socket(addr->sa_family, type, 0), "%s, %s", sl_family_name(addr->sa_family),
                   type == SOCK_STREAM ? "SOCK_STREAM" : "SOCK_DGRAM");
    if (fd < 0)
        return give_up(-1, "socket", how);
    if (set_options(fd, addr->sa_family, how) < 0)
        return -1;
    sl_addr_string(addr, shown);
    if (sl_traced(bind(fd, addr, local_len), "%d, %s", fd, shown) < 0) {
        saved = errno;
        if (!how->quiet) {
            sl_error("bind %s", shown);
            sl_hint_bind(saved, addr, type, !how->no_reuse_addr);
        }
        close(fd);
        errno = saved;
        return -1;
    }
    if (type == SOCK_STREAM && sl_traced(listen(fd, SOMAXCONN), "%d, %d", fd, SOMAXCONN) < 0)
        return give_up(fd, "listen", how);
    local_len = sizeof *local;
    if (getsockname(fd, (struct sockaddr *)local, &local_len) < 0)
        return give_up(fd, "getsockname", how);
    if (text != NULL)
        sl_addr_string(addr, text);
    return fd;
}
