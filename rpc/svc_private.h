/*
 * svc_private.h - private to the server runtime: what its files share.
 * Programs include rpc_server.h, never this.
 *
 * The runtime is split by job, as libtirpc splits its svc_*.c files; a
 * file calls only the ones below it, never back up:
 *
 *     rpc_server.c   the server, and its event loop: one loop, two wait
 *                    backends (ppoll and a timerfd on Linux, poll()
 *                    elsewhere), the accept pause and the idle checks
 *     svc_listen.c   the sockets a server is given or makes (beside the
 *                    loop: programs call it before rpc_server_run)
 *       svc_vc.c     stream connections (TCP, AF_UNIX): accept, read
 *                    records, serve them, send and queue replies
 *       svc_dg.c     UDP: one call per datagram, answered to its sender
 *         svc_table.c  the tables: endpoints, connections, the poll()
 *                      array and the reply buffer
 *
 * The poll() array, poll_set, is kept between turns: first the idle timer
 * (a timerfd, or fd -1 where there is none), then pfds: the endpoints (UDP
 * and listening sockets), then one entry per connection, in the same order
 * as conns. A new connection is appended; a closed one is replaced by the
 * last (so nothing is rebuilt per turn).
 */
#ifndef SOCKLAB_SVC_PRIVATE_H
#define SOCKLAB_SVC_PRIVATE_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "rpc_dispatch.h"
#include "rpc_rec.h"
#include "rpc_server.h"

#define UDP_MAX_MESSAGE   65507u   /* largest UDP payload over IPv4 */

/* A socket the server serves: UDP, or listening (TCP, AF_UNIX). */
struct endpoint {
    int fd;
    enum rpc_transport transport;
    char *unix_path;               /* AF_UNIX listener: unlinked at the end */
};

/* A connected stream client. */
struct connection {
    int fd;
    enum rpc_transport transport;
    struct sockaddr_storage peer;
    socklen_t peer_len;
    char peer_text[RPC_ADDRSTRLEN];
    struct rpc_rec rec;            /* reassembly of incoming records */
    unsigned char *out;            /* reply bytes not yet sent */
    size_t out_len, out_sent, out_cap;
    long long last_active;         /* ms, for the idle timeout */
};

struct rpc_server {
    struct rpc_server_limits limits;
    struct rpc_dispatch *dispatch; /* the programs served (rpc_dispatch.c) */
    struct endpoint *endpoints;
    size_t nendpoints;
    struct connection **conns;
    size_t nconns, conns_cap;
    struct pollfd *poll_set;       /* what the wait watches: the timer, then pfds */
    struct pollfd *pfds;           /* poll_set + 1: endpoints, then connections */
    size_t pfds_cap;               /* entries of pfds */
    unsigned char *reply_buf;      /* 4 bytes of record mark, then the reply */
    size_t reply_cap;
    unsigned char *dgram;          /* one received datagram */
    long long last_idle_check;
    long long accept_paused_until; /* ms; 0: accepting (see rpc_server.c) */
    int timer_fd;                  /* the idle checks' timerfd, -1: none */
    bool verbose;                  /* log accepted and closed connections too */
};

/* One line to the log hook, if there is one (errno kept): the dispatch's
 * log, which rpc_server_set_log() installs for both. */
#define log_line(srv, ...) rpc_dispatch_log((srv)->dispatch, __VA_ARGS__)

/* ---- svc_table.c: the tables ------------------------------------------------ */

/* Makes room for n entries in pfds (after the timer's slot, which the
 * first call creates, with fd -1). Returns 0, or -1 with errno ENOMEM. */
int svc_table_reserve_pollfds(struct rpc_server *srv, size_t n);

/* Appends an endpoint (made non-blocking; unix_path, if not NULL, is
 * copied, to be unlinked by svc_table_free()). Returns 0, or -1 with errno. */
int svc_table_add_endpoint(struct rpc_server *srv, int fd, enum rpc_transport transport,
                           const char *unix_path);

/* Makes room for one more connection (in conns and in the poll array).
 * Returns 0, or -1 with errno ENOMEM. */
int svc_table_grow_connections(struct rpc_server *srv);

/* Closes connection i: the last connection takes its place (in conns and
 * in the poll array). */
void svc_table_close_connection(struct rpc_server *srv, size_t i);

/* Makes sure the reply buffer holds a record mark and the largest reply
 * (TCP record or UDP datagram). Returns 0, or -1 with errno ENOMEM. */
int svc_table_reserve_reply(struct rpc_server *srv);

/* Closes every connection and endpoint (an AF_UNIX path is unlinked) and
 * frees the tables; the timer and the dispatch are the caller's. */
void svc_table_free(struct rpc_server *srv);

/* ---- svc_vc.c: stream connections ---------------------------------------------- */

/* Accepts the clients waiting on listener e. Returns 0, or -1 with errno
 * EMFILE, ENFILE, ENOBUFS or ENOMEM: out of descriptors or memory, the
 * client left in the listen queue (the caller pauses accepting). Other
 * failures are logged here. */
int svc_vc_accept(struct rpc_server *srv, const struct endpoint *e);

/* Handles activity (revents) on connection i: flushes waiting replies,
 * reads, serves the records received. Returns 0, or -1 if the connection
 * must be closed (said in the log when it is worth saying). */
int svc_vc_serve(struct rpc_server *srv, size_t i, short revents);

/* ---- svc_dg.c: UDP ---------------------------------------------------------------- */

/* Serves the datagrams waiting on UDP socket e (UDP_BURST at most). */
void svc_dg_serve(struct rpc_server *srv, const struct endpoint *e);

#endif
