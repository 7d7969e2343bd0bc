/*
 * svc_table.c - the server runtime's tables: its endpoints (UDP and
 * listening sockets), its connections, the poll() array that mirrors them,
 * and the reply buffer. No socket is read or written here. See
 * svc_private.h for the layout of the poll() array.
 */
#include "svc_private.h"
#include "fdclock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int svc_table_reserve_pollfds(struct rpc_server *srv, size_t n)
{
    size_t cap = srv->pfds_cap;
    struct pollfd *bigger;

    if (n <= cap && srv->poll_set != NULL)
        return 0;
    while (cap < n || cap == 0)
        cap = cap > 0 ? cap * 2 : 16;
    bigger = realloc(srv->poll_set, (1 + cap) * sizeof *bigger);
    if (bigger == NULL) {
        errno = ENOMEM;
        return -1;
    }
    if (srv->poll_set == NULL)      /* no timer yet: poll() skips a negative fd */
        bigger[0] = (struct pollfd){ .fd = -1, .events = POLLIN };
    srv->poll_set = bigger;
    srv->pfds = bigger + 1;
    srv->pfds_cap = cap;
    return 0;
}

int svc_table_add_endpoint(struct rpc_server *srv, int fd, enum rpc_transport transport,
                           const char *unix_path)
{
    struct endpoint *endpoints;
    size_t total = srv->nendpoints + srv->nconns;

    if (sl_set_nonblocking(fd) < 0 || svc_table_reserve_pollfds(srv, total + 1) < 0)
        return -1;
    endpoints = realloc(srv->endpoints, (srv->nendpoints + 1) * sizeof *endpoints);
    if (endpoints == NULL) {
        errno = ENOMEM;
        return -1;
    }
    srv->endpoints = endpoints;
    endpoints[srv->nendpoints].fd = fd;
    endpoints[srv->nendpoints].transport = transport;
    endpoints[srv->nendpoints].unix_path = NULL;
    if (unix_path != NULL && (endpoints[srv->nendpoints].unix_path = strdup(unix_path)) == NULL) {
        errno = ENOMEM;
        return -1;
    }
    /* Endpoints come first in the poll array: shift the connections up. */
    memmove(&srv->pfds[srv->nendpoints + 1], &srv->pfds[srv->nendpoints],
            srv->nconns * sizeof *srv->pfds);
    srv->pfds[srv->nendpoints] = (struct pollfd){ .fd = fd, .events = POLLIN };
    srv->nendpoints++;
    return 0;
}

int svc_table_grow_connections(struct rpc_server *srv)
{
    if (svc_table_reserve_pollfds(srv, srv->nendpoints + srv->nconns + 1) < 0)
        return -1;
    if (srv->nconns == srv->conns_cap) {
        size_t cap = srv->conns_cap > 0 ? srv->conns_cap * 2 : 16;
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
        struct connection **bigger = realloc(srv->conns, cap * sizeof *bigger);

        if (bigger == NULL) {
            errno = ENOMEM;
            return -1;
        }
        srv->conns = bigger;
        srv->conns_cap = cap;
    }
    return 0;
}

void svc_table_close_connection(struct rpc_server *srv, size_t i)
{
    struct connection *c = srv->conns[i];
    size_t last = srv->nconns - 1;

    /* Said after close() has answered: -v never claims a close it did not see. */
    if (close(c->fd) < 0)
        log_line(srv, "connection from %s: close: %s", c->peer_text, strerror(errno));
    else if (srv->verbose)
        log_line(srv, "connection from %s closed", c->peer_text);
    rpc_rec_free(&c->rec);
    free(c->out);
    free(c);
    srv->conns[i] = srv->conns[last];
    srv->pfds[srv->nendpoints + i] = srv->pfds[srv->nendpoints + last];
    srv->nconns--;
}

int svc_table_reserve_reply(struct rpc_server *srv)
{
    size_t want = RPC_REC_MARK_SIZE + srv->limits.max_record;
    unsigned char *bigger;

    if (want < RPC_REC_MARK_SIZE + UDP_MAX_MESSAGE)
        want = RPC_REC_MARK_SIZE + UDP_MAX_MESSAGE;
    if (srv->reply_cap >= want)
        return 0;
    bigger = realloc(srv->reply_buf, want);
    if (bigger == NULL) {
        errno = ENOMEM;
        return -1;
    }
    srv->reply_buf = bigger;
    srv->reply_cap = want;
    return 0;
}

void svc_table_free(struct rpc_server *srv)
{
    while (srv->nconns > 0)
        svc_table_close_connection(srv, srv->nconns - 1);
    for (size_t e = 0; e < srv->nendpoints; e++) {
        close(srv->endpoints[e].fd);
        if (srv->endpoints[e].unix_path != NULL) {
            unlink(srv->endpoints[e].unix_path);
            free(srv->endpoints[e].unix_path);
        }
    }
    free(srv->endpoints);
    free(srv->conns);
    free(srv->poll_set);
    free(srv->reply_buf);
    free(srv->dgram);
}
