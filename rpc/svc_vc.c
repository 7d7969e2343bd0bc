/*
 * svc_vc.c - the server runtime's stream connections (TCP and AF_UNIX),
 * as libtirpc's svc_vc.c: accept clients, read what they send into their
 * record reassembly (rpc_rec.h), serve each complete record through the
 * dispatch, send the replies. See svc_private.h for where this sits.
 *
 * Per call: the record is decoded where it was received, the reply is
 * encoded into the server's reused buffer behind 4 bytes kept for the
 * record mark, and sent with one send(); replies to calls already received
 * (a pipelining client) are gathered and leave together. A reply that does
 * not fit in the socket buffer waits in the connection's output buffer;
 * that connection is not read until it drains.
 */
#include "svc_private.h"
#include "fdclock.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ACCEPT_BURST      64       /* clients accepted per wake-up, at most */
#define STREAM_BURST      4        /* recv() per connection per wake-up, at most */
#define OUT_BATCH         (8 * 1024)   /* replies gathered before one send(); a
                                          connection whose batch cannot leave is
                                          not served further (back-pressure) */
#define OUT_KEEP          (64 * 1024)  /* a drained output buffer above this is freed */

/* ---- accepting ------------------------------------------------------------- */

int svc_vc_accept(struct rpc_server *srv, const struct endpoint *e)
{
    for (int n = 0; n < ACCEPT_BURST; n++) {
        struct sockaddr_storage peer = { 0 };   /* (accept() fills it) */
        socklen_t peer_len = sizeof peer;
        struct connection *c;
        int fd = accept(e->fd, (struct sockaddr *)&peer, &peer_len);
        int on = 1;

        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                return -1;          /* the caller pauses accepting */
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNABORTED)
                log_line(srv, "accept: %s", strerror(errno));
            return 0;
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
        if (c == NULL || sl_set_nonblocking(fd) < 0 || svc_table_grow_connections(srv) < 0) {
            log_line(srv, "cannot take a new client: %s", strerror(errno));
            free(c);
            close(fd);
            return 0;
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
    return 0;
}

/* ---- sending ---------------------------------------------------------------- */

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

    if (svc_table_reserve_reply(srv) < 0) {
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

/* Reads what connection c has sent (STREAM_BURST recv() at most, fewer if
 * the socket empties or replies stop leaving) and serves each record as it
 * completes. Returns 0, or -1 if the connection must be closed (logged). */
static int read_records(struct rpc_server *srv, struct connection *c)
{
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
            break;                  /* the socket is empty for now */
    }
    return 0;
}

int svc_vc_serve(struct rpc_server *srv, size_t i, short revents)
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
    } else if ((revents & (POLLIN | POLLERR | POLLHUP)) && read_records(srv, c) < 0) {
        return -1;
    }
    /* While replies wait to be sent, do not read more calls. */
    pfd->events = c->out_len > 0 ? POLLOUT : POLLIN;
    return 0;
}
