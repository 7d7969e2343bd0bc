/*
 * rpc_server.c - the server runtime: one thread, poll() over non-blocking
 * UDP sockets, listening sockets and connected clients; calls dispatched
 * to the registered (program, version, procedure) handlers. See
 * rpc_server.h for the contracts.
 *
 * The poll() array is kept between turns: first the idle timer (a timerfd,
 * or fd -1 where there is none), then the endpoints (UDP and listening
 * sockets), then one entry per connection, in the same order as srv->conns.
 * A new connection is appended; a closed one is replaced by the last (so
 * nothing is rebuilt per turn).
 *
 * Per call: the record or datagram is decoded where it was received, the
 * arguments go into a reused zeroed buffer, the reply is encoded into a
 * reused buffer behind 4 bytes kept for the record mark, and sent with one
 * send(). A reply that does not fit in the socket buffer waits in the
 * connection's output buffer; that connection is not read until it drains.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE     /* ppoll() and timerfd: the fast wait of rpc_server_run() */
#endif
#include "rpc_server.h"
#include "rpc_rec.h"
#include "fdclock.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <signal.h>
#include <sys/timerfd.h>
#define FAST_WAIT 1     /* ppoll() with no timeout, a timerfd for idle checks */
#endif

#define UDP_MAX_MESSAGE   65507u   /* largest UDP payload over IPv4 */
#define UDP_BURST         16       /* datagrams read per wake-up, at most */
#define ACCEPT_BURST      64       /* clients accepted per wake-up, at most */
#define STREAM_BURST      4        /* recv() per connection per wake-up, at most */
#define OUT_BATCH         (8 * 1024)   /* replies gathered before one send(); a
                                          connection whose batch cannot leave is
                                          not served further (back-pressure) */
#define ACCEPT_PAUSE_MS   1000     /* out of descriptors: accept again after this */
#define OUT_KEEP          (64 * 1024)  /* a drained output buffer above this is freed */

struct endpoint {
    int fd;
    enum rpc_transport transport;
    char *unix_path;               /* AF_UNIX listener: unlinked at the end */
};

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
    struct pollfd *poll_set;       /* what poll() watches: the timer, then pfds */
    struct pollfd *pfds;           /* poll_set + 1: endpoints, then connections */
    size_t pfds_cap;               /* entries of pfds */
    unsigned char *reply_buf;      /* 4 bytes of record mark, then the reply */
    size_t reply_cap;
    unsigned char *dgram;          /* one received datagram */
    long long last_idle_check;
    long long accept_paused_until; /* ms; 0: accepting (see pause_accepting) */
    int timer_fd;                  /* the idle checks' timerfd, -1: none */
    bool verbose;                  /* log accepted and closed connections too */
};

/* ---- small helpers ------------------------------------------------------- */

/* One line to the log hook, if there is one (errno kept): the dispatch's
 * log, which rpc_server_set_log() installs for both. */
#define log_line(srv, ...) rpc_dispatch_log((srv)->dispatch, __VA_ARGS__)

/* ---- the poll() array ---------------------------------------------------- */

/* Makes room for n entries in the poll array (after the timer's). */
static int reserve_pollfds(struct rpc_server *srv, size_t n)
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

/* ---- creating, registering ----------------------------------------------- */

struct rpc_server *rpc_server_create(void)
{
    struct rpc_server *srv = calloc(1, sizeof *srv);

    if (srv == NULL || (srv->dispatch = rpc_dispatch_create()) == NULL) {
        free(srv);
        errno = ENOMEM;
        return NULL;
    }
    srv->timer_fd = -1;
    if (reserve_pollfds(srv, 1) < 0) {
        rpc_dispatch_destroy(srv->dispatch);
        free(srv);
        return NULL;
    }
    srv->limits.max_record = RPC_REC_DEFAULT_MAX;
    srv->limits.max_connections = 1000;
    srv->limits.idle_timeout_ms = 120000;
    srv->last_idle_check = sl_now_ms();
    return srv;
}

struct rpc_server_limits *rpc_server_limits(struct rpc_server *srv)
{
    return &srv->limits;
}

void rpc_server_set_log(struct rpc_server *srv,
                        void (*log)(void *ctx, const char *line), void *ctx,
                        bool verbose)
{
    srv->verbose = verbose;
    rpc_dispatch_set_log(srv->dispatch, log, ctx);
}

void rpc_server_set_trace(struct rpc_server *srv, rpc_trace_fn trace, void *ctx)
{
    rpc_dispatch_set_trace(srv->dispatch, trace, ctx);
}

struct rpc_dispatch *rpc_server_dispatch(struct rpc_server *srv)
{
    return srv->dispatch;
}

int rpc_server_register(struct rpc_server *srv, uint32_t prog, uint32_t vers,
                        const struct rpc_proc *procs, size_t nprocs,
                        void *context)
{
    return rpc_dispatch_register(srv->dispatch, prog, vers, procs, nprocs, context);
}

int rpc_server_unregister(struct rpc_server *srv, uint32_t prog, uint32_t vers)
{
    return rpc_dispatch_unregister(srv->dispatch, prog, vers);
}

/* ---- endpoints ---------------------------------------------------------------- */

static int add_endpoint(struct rpc_server *srv, int fd, enum rpc_transport transport,
                        const char *unix_path)
{
    struct endpoint *endpoints;
    size_t total = srv->nendpoints + srv->nconns;

    if (sl_set_nonblocking(fd) < 0 || reserve_pollfds(srv, total + 1) < 0)
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

int rpc_server_add_socket(struct rpc_server *srv, int fd,
                          enum rpc_transport transport)
{
    if (transport != RPC_UDP && transport != RPC_TCP && transport != RPC_LOCAL) {
        errno = EINVAL;
        return -1;
    }
    return add_endpoint(srv, fd, transport, NULL);
}

int rpc_server_listen(struct rpc_server *srv, enum rpc_transport transport,
                      int family, const char *host, unsigned short port,
                      bool reuse_addr, struct sockaddr_storage *bound)
{
    struct addrinfo hints, *answer;
    char service[8];
    int fd, on = 1, saved;

    if ((transport != RPC_UDP && transport != RPC_TCP) ||
        (family != AF_INET && family != AF_INET6)) {
        errno = EINVAL;
        return -1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(host, service, &hints, &answer) != 0) {
        errno = EHOSTUNREACH;
        return -1;
    }
    fd = socket(answer->ai_family, answer->ai_socktype, 0);
    if (fd < 0)
        goto fail;
    if (reuse_addr && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
        goto fail;
    if (family == AF_INET6 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) < 0)
        goto fail;
    if (bind(fd, answer->ai_addr, answer->ai_addrlen) < 0)
        goto fail;
    if (transport == RPC_TCP && listen(fd, SOMAXCONN) < 0)
        goto fail;
    if (bound != NULL) {
        socklen_t len = sizeof *bound;
        if (getsockname(fd, (struct sockaddr *)bound, &len) < 0)
            goto fail;
    }
    if (add_endpoint(srv, fd, transport, NULL) < 0)
        goto fail;
    freeaddrinfo(answer);
    return fd;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    freeaddrinfo(answer);
    errno = saved;
    return -1;
}

int rpc_server_listen_unix(struct rpc_server *srv, const char *path)
{
    struct sockaddr_un addr;
    struct stat st;
    int fd, saved;

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    /* An old socket left behind by a previous run is removed; any other
     * kind of file is not ours to delete. */
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            errno = EEXIST;
            return -1;
        }
        unlink(path);
    }
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        goto fail;
    chmod(path, 0666);   /* like rpcbind.sock: any local user may call */
    if (listen(fd, SOMAXCONN) < 0 || add_endpoint(srv, fd, RPC_LOCAL, path) < 0) {
        saved = errno;
        unlink(path);
        errno = saved;
        goto fail;
    }
    return fd;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

/* ---- connections ---------------------------------------------------------- */

unsigned rpc_server_connections(const struct rpc_server *srv)
{
    return (unsigned)srv->nconns;
}

/* Closes connection i: the last connection takes its place (in conns and
 * in the poll array). */
static void close_connection(struct rpc_server *srv, size_t i)
{
    struct connection *c = srv->conns[i];
    size_t last = srv->nconns - 1;

    if (srv->verbose)
        log_line(srv, "connection from %s closed", c->peer_text);
    close(c->fd);
    rpc_rec_free(&c->rec);
    free(c->out);
    free(c);
    srv->conns[i] = srv->conns[last];
    srv->pfds[srv->nendpoints + i] = srv->pfds[srv->nendpoints + last];
    srv->nconns--;
}

/* Makes room for one more connection (in conns and in the poll array). */
static int grow_connections(struct rpc_server *srv)
{
    if (reserve_pollfds(srv, srv->nendpoints + srv->nconns + 1) < 0)
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

/* Out of descriptors or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): the client
 * stays in the listen queue and the listener stays readable, so trying again
 * at once would spin (and log) without end. Stop watching every listener for
 * ACCEPT_PAUSE_MS instead, with one log line; resume_accepting() starts again. */
static void pause_accepting(struct rpc_server *srv, int err)
{
    for (size_t e = 0; e < srv->nendpoints; e++)
        if (srv->endpoints[e].transport != RPC_UDP)
            srv->pfds[e].events = 0;
    srv->accept_paused_until = sl_now_ms() + ACCEPT_PAUSE_MS;
    log_line(srv, "accept: %s: new clients wait in the listen queue, next try in %d s",
             strerror(err), ACCEPT_PAUSE_MS / 1000);
}

/* Watches the listeners again once the pause is over. */
static void resume_accepting(struct rpc_server *srv, long long now)
{
    if (srv->accept_paused_until == 0 || now < srv->accept_paused_until)
        return;
    for (size_t e = 0; e < srv->nendpoints; e++)
        if (srv->endpoints[e].transport != RPC_UDP)
            srv->pfds[e].events = POLLIN;
    srv->accept_paused_until = 0;
}

/* Milliseconds until the accept pause ends (at least 1), or -1 if none. */
static int accept_pause_left(const struct rpc_server *srv)
{
    long long left;

    if (srv->accept_paused_until == 0)
        return -1;
    left = srv->accept_paused_until - sl_now_ms();
    return left < 1 ? 1 : (int)left;
}

/* Accepts the clients waiting on listener e. */
static void accept_clients(struct rpc_server *srv, const struct endpoint *e)
{
    for (int n = 0; n < ACCEPT_BURST; n++) {
        struct sockaddr_storage peer = { 0 };   /* (accept() fills it) */
        socklen_t peer_len = sizeof peer;
        struct connection *c;
        int fd = accept(e->fd, (struct sockaddr *)&peer, &peer_len);
        int on = 1;

        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                pause_accepting(srv, errno);
            else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                     errno != ECONNABORTED)
                log_line(srv, "accept: %s", strerror(errno));
            return;
        }
        if (peer_len == 0 || peer_len > sizeof peer)
            peer.ss_family = AF_UNIX;
        if (srv->nconns >= srv->limits.max_connections) {
            char text[RPC_ADDRSTRLEN];
            rpc_addr_text((struct sockaddr *)&peer, text, sizeof text);
            log_line(srv, "too many connections (%u): client %s refused",
                     srv->limits.max_connections, text);
            close(fd);
            continue;
        }
        c = calloc(1, sizeof *c);
        if (c == NULL || sl_set_nonblocking(fd) < 0 || grow_connections(srv) < 0) {
            log_line(srv, "cannot take a new client: %s", strerror(errno));
            free(c);
            close(fd);
            return;
        }
        if (e->transport == RPC_TCP)
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        c->fd = fd;
        c->transport = e->transport;
        c->peer = peer;
        c->peer_len = peer.ss_family == AF_UNIX ? (socklen_t)sizeof(sa_family_t) : peer_len;
        rpc_addr_text((struct sockaddr *)&peer, c->peer_text, sizeof c->peer_text);
        rpc_rec_init(&c->rec, srv->limits.max_record);
        c->last_active = sl_now_ms();
        srv->conns[srv->nconns] = c;
        srv->pfds[srv->nendpoints + srv->nconns] = (struct pollfd){ .fd = fd, .events = POLLIN };
        srv->nconns++;
        if (srv->verbose)
            log_line(srv, "connection from %s", c->peer_text);
    }
}

/* ---- serving sockets ------------------------------------------------------ */

/* Makes sure the reply buffer holds a record mark and the largest reply. */
static int reserve_reply(struct rpc_server *srv)
{
    size_t want = RPC_REC_MARK_SIZE + srv->limits.max_record;

    if (want < RPC_REC_MARK_SIZE + UDP_MAX_MESSAGE)
        want = RPC_REC_MARK_SIZE + UDP_MAX_MESSAGE;
    unsigned char *bigger;

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

/* Queues bytes a connection could not send yet. Returns 0 or -1. */
static int queue_output(struct connection *c, const unsigned char *data, size_t n)
{
    if (c->out_sent > 0 && c->out_sent == c->out_len)
        c->out_sent = c->out_len = 0;
    if (c->out_len + n > c->out_cap) {
        size_t cap = c->out_cap > 0 ? c->out_cap : 4096;
        unsigned char *bigger;

        while (cap < c->out_len + n)
            cap *= 2;
        bigger = realloc(c->out, cap);
        if (bigger == NULL)
            return -1;
        c->out = bigger;
        c->out_cap = cap;
    }
    memcpy(c->out + c->out_len, data, n);
    c->out_len += n;
    return 0;
}

/* The one output path: sends n bytes of data on c's socket, as far as the
 * kernel takes them now. Returns the bytes sent (fewer than n when the
 * socket buffer is full), or -1 if the connection failed. */
static ssize_t send_now(struct connection *c, const unsigned char *data, size_t n)
{
    size_t done = 0;

    while (done < n) {
        ssize_t sent = send(c->fd, data + done, n - done, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (sent < 0)
            return -1;
        done += (size_t)sent;
    }
    return (ssize_t)done;
}

/* Sends what a connection has queued. Returns 0 (all sent, or the socket is
 * full for now), -1 if the connection failed. */
static int flush_output(struct connection *c)
{
    ssize_t sent = send_now(c, c->out + c->out_sent, c->out_len - c->out_sent);

    if (sent < 0)
        return -1;
    c->out_sent += (size_t)sent;
    if (c->out_sent < c->out_len)
        return 0;
    c->out_sent = c->out_len = 0;
    if (c->out_cap > OUT_KEEP) {    /* grown for a large reply: give it back */
        free(c->out);
        c->out = NULL;
        c->out_cap = 0;
    }
    return 0;
}

/* Sends one reply record on a connection (queued behind earlier ones, if
 * any are still waiting; what the socket does not take now is queued).
 * Returns 0, or -1 if the connection failed. */
static int send_record(struct connection *c, unsigned char *record, size_t n)
{
    ssize_t done = 0;

    if (c->out_len == c->out_sent && (done = send_now(c, record, n)) < 0)
        return -1;
    if ((size_t)done < n && queue_output(c, record + done, n - (size_t)done) < 0)
        return -1;
    return 0;
}

/* Logs a failed send on connection c (a reset is the client's business:
 * said only with -v). */
static void log_send_failure(struct rpc_server *srv, const struct connection *c)
{
    if (srv->verbose || (errno != ECONNRESET && errno != EPIPE))
        log_line(srv, "closing connection from %s: send: %s", c->peer_text,
                 strerror(errno));
}

/* Serves the complete records a connection has received, until its replies
 * stop leaving: a client that pipelines calls and does not read the replies
 * gets no more than OUT_BATCH (and one reply) queued here; its other calls
 * wait, unread, in its reassembly buffer and in the kernel, until it reads
 * (c->out_len > 0 on return means exactly that). Returns 0, or -1 if the
 * connection must be closed (logged). */
static int serve_records(struct rpc_server *srv, struct connection *c)
{
    const unsigned char *record;
    size_t length;
    enum rpc_rec_status st;

    if (reserve_reply(srv) < 0) {
        log_line(srv, "closing connection from %s: out of memory", c->peer_text);
        return -1;
    }
    for (;;) {
        size_t reply_len;

        if (c->out_len - c->out_sent >= OUT_BATCH) {
            if (flush_output(c) < 0) {
                log_send_failure(srv, c);
                return -1;
            }
            if (c->out_len > 0)
                return 0;           /* the client does not read: wait for POLLOUT */
        }
        if ((st = rpc_rec_next(&c->rec, &record, &length)) != RPC_REC_RECORD)
            break;
        int outcome = rpc_dispatch_handle(srv->dispatch, record, length, c->transport, c->fd,
                                        (struct sockaddr *)&c->peer, c->peer_len,
                                        srv->reply_buf + RPC_REC_MARK_SIZE,
                                        srv->limits.max_record, &reply_len);
        if (outcome < 0) {
            log_line(srv, "closing connection from %s: malformed record (%zu bytes)",
                     c->peer_text, length);
            return -1;
        }
        if (outcome == 0)
            continue;
        rpc_rec_put_mark(srv->reply_buf, (uint32_t)reply_len, true);
        /* More calls already received (a pipelining client): queue this
         * reply, so that the whole batch leaves in one send() below. */
        if ((rpc_rec_pending(&c->rec) > 0
                 ? queue_output(c, srv->reply_buf, RPC_REC_MARK_SIZE + reply_len)
                 : send_record(c, srv->reply_buf, RPC_REC_MARK_SIZE + reply_len)) < 0) {
            log_send_failure(srv, c);
            return -1;
        }
    }
    if (c->out_sent < c->out_len && flush_output(c) < 0) {
        log_send_failure(srv, c);
        return -1;
    }
    if (st == RPC_REC_TOO_BIG) {
        log_line(srv, "closing connection from %s: record larger than %zu bytes",
                 c->peer_text, c->rec.max_record);
        return -1;
    }
    return 0;
}

/* Handles activity on connection i. Returns 0, or -1 if it must be closed. */
static int serve_connection(struct rpc_server *srv, size_t i, short revents)
{
    struct connection *c = srv->conns[i];
    struct pollfd *pfd = &srv->pfds[srv->nendpoints + i];

    c->last_active = sl_now_ms();
    if (c->out_len > 0) {
        /* Replies are waiting (POLLOUT, or an error to find out about). */
        if (flush_output(c) < 0)
            return -1;
        if (c->out_len > 0)         /* still full: wait for POLLOUT again */
            return (revents & (POLLERR | POLLHUP)) ? -1 : 0;
        /* Drained: serve the records that waited, then read again. */
        if (serve_records(srv, c) < 0)
            return -1;
    } else if (revents & (POLLIN | POLLERR | POLLHUP)) {
        for (int n = 0; n < STREAM_BURST && c->out_len == 0; n++) {
            size_t room;
            unsigned char *space = rpc_rec_space(&c->rec, 0, &room);
            ssize_t got;

            if (space == NULL) {
                log_line(srv, "closing connection from %s: out of memory", c->peer_text);
                return -1;
            }
            got = recv(c->fd, space, room, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (got < 0) {
                if (srv->verbose || errno != ECONNRESET)
                    log_line(srv, "closing connection from %s: recv: %s", c->peer_text,
                             strerror(errno));
                return -1;
            }
            if (got == 0) {
                if (rpc_rec_pending(&c->rec) > 0)
                    log_line(srv, "connection from %s closed in the middle of a record",
                             c->peer_text);
                return -1;
            }
            rpc_rec_commit(&c->rec, (size_t)got);
            if (serve_records(srv, c) < 0)
                return -1;
            if ((size_t)got < room)
                break;              /* the socket is empty for now */
        }
    }
    /* While replies wait to be sent, do not read more calls. */
    pfd->events = c->out_len > 0 ? POLLOUT : POLLIN;
    return 0;
}

/* Serves the datagrams waiting on UDP socket e. */
static void serve_datagrams(struct rpc_server *srv, const struct endpoint *e)
{
    if (srv->dgram == NULL && (srv->dgram = malloc(UDP_MAX_MESSAGE + 1)) == NULL)
        return;
    if (reserve_reply(srv) < 0)
        return;
    for (int n = 0; n < UDP_BURST; n++) {
        struct sockaddr_storage peer = { 0 };   /* (recvfrom() fills it) */
        socklen_t peer_len = sizeof peer;
        size_t reply_len;
        ssize_t got = recvfrom(e->fd, srv->dgram, UDP_MAX_MESSAGE + 1, 0,
                               (struct sockaddr *)&peer, &peer_len);
        int outcome;

        if (got < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNREFUSED)
                log_line(srv, "recvfrom: %s", strerror(errno));
            return;
        }
        if ((size_t)got > UDP_MAX_MESSAGE) {
            char text[RPC_ADDRSTRLEN];
            rpc_addr_text((struct sockaddr *)&peer, text, sizeof text);
            log_line(srv, "datagram from %s too long (over %u bytes): dropped", text,
                     (unsigned)UDP_MAX_MESSAGE);
            continue;
        }
        outcome = rpc_dispatch_handle(srv->dispatch, srv->dgram, (size_t)got, RPC_UDP, e->fd,
                                    (struct sockaddr *)&peer, peer_len,
                                    srv->reply_buf, UDP_MAX_MESSAGE, &reply_len);
        if (outcome <= 0) {
            if (outcome < 0) {
                char text[RPC_ADDRSTRLEN];
                rpc_addr_text((struct sockaddr *)&peer, text, sizeof text);
                log_line(srv, "malformed datagram from %s (%zd bytes): dropped", text, got);
            }
            continue;
        }
        while (sendto(e->fd, srv->reply_buf, reply_len, MSG_NOSIGNAL,
                      (struct sockaddr *)&peer, peer_len) < 0) {
            if (errno == EINTR)
                continue;
            if (srv->verbose)
                log_line(srv, "sendto: %s", strerror(errno));
            break;                  /* UDP: a lost reply is the client's retry */
        }
    }
}

/* Closes the connections silent for longer than the idle timeout. */
static void close_idle(struct rpc_server *srv, long long now)
{
    srv->last_idle_check = now;
    if (srv->limits.idle_timeout_ms <= 0)
        return;
    for (size_t i = srv->nconns; i-- > 0;) {
        struct connection *c = srv->conns[i];

        if (now - c->last_active >= srv->limits.idle_timeout_ms) {
            log_line(srv, "closing idle connection from %s (silent for %d s)",
                     c->peer_text, srv->limits.idle_timeout_ms / 1000);
            close_connection(srv, i);
        }
    }
}

/* Serves every socket poll() reported as ready in srv->pfds, after the
 * timer's tick. */
static void serve_ready(struct rpc_server *srv)
{
    size_t nendpoints = srv->nendpoints;

    if (srv->poll_set[0].revents != 0) {
        uint64_t ticks;

        srv->poll_set[0].revents = 0;
        if (read(srv->timer_fd, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
            log_line(srv, "idle timer: %s", strerror(errno));
        close_idle(srv, sl_now_ms());
    }
    /* Connections from the last: a closed one is replaced by the last,
     * already served; new ones (appended by accept) wait for next turn. */
    for (size_t i = srv->nconns; i-- > 0;) {
        short revents = srv->pfds[nendpoints + i].revents;

        if (revents == 0)
            continue;
        srv->pfds[nendpoints + i].revents = 0;
        if (serve_connection(srv, i, revents) < 0)
            close_connection(srv, i);
    }
    for (size_t e = 0; e < nendpoints; e++) {
        const struct endpoint *ep = &srv->endpoints[e];

        if (srv->pfds[e].revents == 0)
            continue;
        srv->pfds[e].revents = 0;
        if (ep->transport == RPC_UDP) {
            serve_datagrams(srv, ep);
        } else {
            accept_clients(srv, ep);
        }
    }
}

int rpc_server_poll_once(struct rpc_server *srv, int timeout_ms)
{
    long long now;
    int ready;

    /* Without the idle timer, wake up in time for the idle check (once a
     * second at most). */
    if (srv->timer_fd < 0 && srv->limits.idle_timeout_ms > 0 && srv->nconns > 0 &&
        (timeout_ms < 0 || timeout_ms > 1000))
        timeout_ms = 1000;
    if (accept_pause_left(srv) > 0 && (timeout_ms < 0 || timeout_ms > accept_pause_left(srv)))
        timeout_ms = accept_pause_left(srv);
    ready = poll(srv->poll_set, (nfds_t)(1 + srv->nendpoints + srv->nconns), timeout_ms);
    if (ready < 0)
        return -1;
    if (ready > 0)
        serve_ready(srv);
    now = sl_now_ms();
    resume_accepting(srv, now);
    if (srv->timer_fd < 0 && now - srv->last_idle_check >= 1000)
        close_idle(srv, now);
    return ready;
}

#ifdef FAST_WAIT
/* Starts a timerfd that fires every second, for the idle check, watched in
 * the poll array's first slot, so that the wait itself needs no timeout
 * (arming a timer at every poll() costs a few per cent of the call rate).
 * Returns 0 or -1. */
static int add_idle_timer(struct rpc_server *srv)
{
    struct itimerspec every_second = { { 1, 0 }, { 1, 0 } };
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);

    if (fd < 0)
        return -1;
    if (timerfd_settime(fd, 0, &every_second, NULL) < 0) {
        close(fd);
        return -1;
    }
    srv->timer_fd = fd;
    srv->poll_set[0].fd = fd;
    return 0;
}

/* The loop on Linux: SIGINT and SIGTERM are blocked while serving and let
 * in only inside ppoll(), atomically, so a Ctrl-C is never missed between
 * the stop() check and the wait, and the wait needs no timeout. */
static int run_fast(struct rpc_server *srv, int (*stop)(void))
{
    sigset_t stop_signals, before, waiting;
    int status = 0, saved = 0;

    if (srv->timer_fd < 0 && srv->limits.idle_timeout_ms > 0 && add_idle_timer(srv) < 0)
        return 1;                   /* no timerfd: use the portable loop */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    if (sigprocmask(SIG_BLOCK, &stop_signals, &before) < 0)
        return 1;
    waiting = before;
    sigdelset(&waiting, SIGINT);
    sigdelset(&waiting, SIGTERM);
    while (stop == NULL || !stop()) {
        int pause_ms = accept_pause_left(srv);
        struct timespec pause = { pause_ms / 1000, (long)(pause_ms % 1000) * 1000000L };
        int ready = ppoll(srv->poll_set, (nfds_t)(1 + srv->nendpoints + srv->nconns),
                          pause_ms >= 0 ? &pause : NULL, &waiting);

        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0) {
            saved = errno;
            status = -1;
            break;
        }
        if (ready > 0)
            serve_ready(srv);
        resume_accepting(srv, sl_now_ms());
    }
    sigprocmask(SIG_SETMASK, &before, NULL);
    errno = saved;
    return status;
}
#endif

int rpc_server_run(struct rpc_server *srv, int (*stop)(void))
{
#ifdef FAST_WAIT
    int status = run_fast(srv, stop);

    if (status <= 0)
        return status;
#endif
    while (stop == NULL || !stop()) {
        if (rpc_server_poll_once(srv, 1000) < 0 && errno != EINTR)
            return -1;
    }
    return 0;
}

void rpc_server_destroy(struct rpc_server *srv)
{
    if (srv == NULL)
        return;
    while (srv->nconns > 0)
        close_connection(srv, srv->nconns - 1);
    for (size_t e = 0; e < srv->nendpoints; e++) {
        close(srv->endpoints[e].fd);
        if (srv->endpoints[e].unix_path != NULL) {
            unlink(srv->endpoints[e].unix_path);
            free(srv->endpoints[e].unix_path);
        }
    }
    free(srv->endpoints);
    free(srv->conns);
    if (srv->timer_fd >= 0)
        close(srv->timer_fd);
    free(srv->poll_set);
    rpc_dispatch_destroy(srv->dispatch);
    free(srv->reply_buf);
    free(srv->dgram);
    free(srv);
}
