/*
 * rpc_client.c - the client runtime: encode a call, send it (one TCP record
 * or one UDP datagram), wait for the reply with the same xid, check its
 * header, decode the results. See rpc_client.h for the contracts; the error
 * texts are in clnt_perror.c.
 */
#include "rpc_client.h"
#include "rpc_rec.h"
#include "fdclock.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define UDP_MAX_MESSAGE 65507u   /* largest UDP payload over IPv4 */
#define FIRST_SEND_SIZE 1024u    /* the send buffer's first size */
#define MAX_SEND_SIZE   (64u * 1024u * 1024u)  /* calls above this are refused */
#define MAX_RETRY_MS    4000     /* UDP backoff stops doubling here */
#define QUEUE_FLUSH_SIZE (64u * 1024u)  /* queued calls are sent from this size */

struct rpc_client {
    int fd;
    enum rpc_transport transport;
    uint32_t prog, vers;
    uint32_t next_xid;
    struct rpc_opaque_auth cred;                  /* AUTH_NONE or AUTH_SYS */
    unsigned char cred_body[RPC_AUTH_MAX_BODY];
    int first_retry_ms;
    rpc_trace_fn trace;
    void *trace_ctx;
    struct rpc_error error;                       /* the last call's outcome */
    bool broken;                                  /* a stream error happened */
    int broken_errno;
    long long recv_timeout_ms;                    /* SO_RCVTIMEO now set, 0: none */
    unsigned char *send_buf;                      /* reused for every call */
    size_t send_cap;
    size_t send_len;                              /* bytes to send: the last call
                                                     (UDP resends), after queued ones */
    size_t call_start;                            /* where the last call begins */
    size_t queued;                                /* calls queued, not yet sent */
    struct rpc_rec rec;                           /* stream replies */
    unsigned char *dgram;                         /* UDP replies */
};

/* Fills *err for status with errno value sys_errno (0 if none). */
static void set_error(struct rpc_error *err, enum rpc_status status, int sys_errno)
{
    memset(err, 0, sizeof *err);
    err->status = status;
    err->sys_errno = sys_errno;
}

/* ---- creating a client --------------------------------------------------- */

struct rpc_client *rpc_client_create_fd(int fd, enum rpc_transport transport,
                                        uint32_t prog, uint32_t vers,
                                        struct rpc_error *err)
{
    struct rpc_client *clnt;
    struct timespec now;

    if (transport != RPC_TCP && transport != RPC_UDP && transport != RPC_LOCAL) {
        set_error(err, RPC_ERR_UNKNOWNPROTO, 0);
        return NULL;
    }
    clnt = calloc(1, sizeof *clnt);
    if (clnt == NULL) {
        set_error(err, RPC_ERR_SYSTEMERROR, ENOMEM);
        return NULL;
    }
    clnt->fd = fd;
    clnt->transport = transport;
    clnt->prog = prog;
    clnt->vers = vers;
    clock_gettime(CLOCK_REALTIME, &now);
    clnt->next_xid = (uint32_t)now.tv_sec ^ (uint32_t)now.tv_nsec ^
                     ((uint32_t)getpid() << 16);
    clnt->cred.flavor = RPC_FLAVOR_NONE;
    clnt->first_retry_ms = transport == RPC_UDP ? 500 : 0;
    rpc_rec_init(&clnt->rec, MAX_SEND_SIZE);    /* replies up to 64 MiB */
    set_error(err, RPC_OK, 0);
    clnt->error = *err;
    return clnt;
}

struct rpc_client *rpc_client_create_addr(const struct sockaddr *addr,
                                          socklen_t addrlen, uint32_t prog,
                                          uint32_t vers,
                                          enum rpc_transport transport,
                                          struct rpc_error *err)
{
    int type = transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    struct rpc_client *clnt;
    int fd;

    if (transport != RPC_TCP && transport != RPC_UDP && transport != RPC_LOCAL) {
        set_error(err, RPC_ERR_UNKNOWNPROTO, 0);
        return NULL;
    }
    fd = socket(addr->sa_family, type, 0);
    if (fd < 0) {
        set_error(err, RPC_ERR_SYSTEMERROR, errno);
        return NULL;
    }
    while (connect(fd, addr, addrlen) < 0) {
        if (errno == EINTR)
            continue;
        set_error(err, RPC_ERR_SYSTEMERROR, errno);
        close(fd);
        return NULL;
    }
    clnt = rpc_client_create_fd(fd, transport, prog, vers, err);
    if (clnt == NULL)
        close(fd);
    return clnt;
}

struct rpc_client *rpc_client_create(const char *host, unsigned short port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport,
                                     struct rpc_error *err)
{
    struct addrinfo hints, *answers, *ai;
    struct rpc_client *clnt = NULL;
    char service[8];
    int gai;

    if (transport != RPC_TCP && transport != RPC_UDP) {
        set_error(err, RPC_ERR_UNKNOWNPROTO, 0);
        return NULL;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if ((gai = getaddrinfo(host, service, &hints, &answers)) != 0) {
        set_error(err, RPC_ERR_UNKNOWNHOST, 0);
        err->gai_error = gai;
        return NULL;
    }
    /* Try each address in turn (e.g. ::1 then 127.0.0.1 for "localhost");
     * the error of the last one is kept. */
    for (ai = answers; ai != NULL && clnt == NULL; ai = ai->ai_next)
        clnt = rpc_client_create_addr(ai->ai_addr, ai->ai_addrlen, prog, vers,
                                      transport, err);
    freeaddrinfo(answers);
    return clnt;
}

void rpc_client_destroy(struct rpc_client *clnt)
{
    if (clnt == NULL)
        return;
    close(clnt->fd);
    rpc_rec_free(&clnt->rec);
    free(clnt->send_buf);
    free(clnt->dgram);
    free(clnt);
}

/* ---- settings ------------------------------------------------------------ */

const struct rpc_error *rpc_client_error(const struct rpc_client *clnt)
{
    return &clnt->error;
}

int rpc_client_set_auth_sys(struct rpc_client *clnt, const char *machine,
                            uint32_t uid, uint32_t gid)
{
    struct rpc_auth_sys sys;
    struct timespec now;

    if (strlen(machine) > RPC_AUTH_SYS_MAXNAME)
        return -1;
    memset(&sys, 0, sizeof sys);
    clock_gettime(CLOCK_REALTIME, &now);
    sys.stamp = (uint32_t)now.tv_sec;
    strcpy(sys.machine, machine);
    sys.uid = uid;
    sys.gid = gid;
    return rpc_auth_sys_encode(&sys, clnt->cred_body, &clnt->cred) ? 0 : -1;
}

void rpc_client_set_auth_none(struct rpc_client *clnt)
{
    memset(&clnt->cred, 0, sizeof clnt->cred);
    clnt->cred.flavor = RPC_FLAVOR_NONE;
}

void rpc_client_set_version(struct rpc_client *clnt, uint32_t vers)
{
    clnt->vers = vers;
}

void rpc_client_set_retry(struct rpc_client *clnt, int first_retry_ms)
{
    clnt->first_retry_ms = first_retry_ms > 0 ? first_retry_ms : 0;
}

void rpc_client_set_trace(struct rpc_client *clnt, rpc_trace_fn trace, void *ctx)
{
    clnt->trace = trace;
    clnt->trace_ctx = ctx;
}

int rpc_client_fd(const struct rpc_client *clnt)
{
    return clnt->fd;
}

enum rpc_transport rpc_client_transport(const struct rpc_client *clnt)
{
    return clnt->transport;
}

/* ---- sending ------------------------------------------------------------- */

static bool is_stream(const struct rpc_client *clnt)
{
    return clnt->transport != RPC_UDP;
}

/* Encodes the call (header + arguments) into send_buf, after the calls
 * already queued and 4 bytes left for the record mark on a stream; grows the
 * buffer if the arguments need it (queued calls are kept). Sets call_start
 * and send_len (queued calls and mark included). Returns RPC_OK or
 * CANTENCODEARGS. */
static enum rpc_status encode_call(struct rpc_client *clnt, uint32_t xid,
                                   uint32_t proc, rpc_xdrproc args_proc,
                                   const void *args)
{
    size_t start = clnt->queued;
    size_t offset = start + (is_stream(clnt) ? RPC_REC_MARK_SIZE : 0);
    size_t limit = is_stream(clnt) ? MAX_SEND_SIZE : UDP_MAX_MESSAGE;
    struct rpc_call_header call;
    struct rpc_xdr x;

    memset(&call, 0, sizeof call);
    call.xid = xid;
    call.rpcvers = RPC_VERSION;
    call.prog = clnt->prog;
    call.vers = clnt->vers;
    call.proc = proc;
    call.cred = clnt->cred;
    call.verf.flavor = RPC_FLAVOR_NONE;

    for (;;) {
        if (clnt->send_buf == NULL) {
            clnt->send_buf = malloc(FIRST_SEND_SIZE);
            if (clnt->send_buf == NULL)
                return RPC_ERR_CANTENCODEARGS;
            clnt->send_cap = FIRST_SEND_SIZE;
        }
        if (clnt->send_cap > offset)
            rpc_xdr_init_encode(&x, clnt->send_buf + offset, clnt->send_cap - offset);
        else
            rpc_xdr_init_encode(&x, clnt->send_buf, 0);
        if (rpc_msg_encode_call(&x, &call) &&
            (args_proc == NULL || args_proc(&x, (void *)(uintptr_t)args)))
            break;
        /* Out of room: try again with twice the room, up to the limit. */
        if (x.error != RPC_XDR_SHORT ||
            (clnt->send_cap > offset && clnt->send_cap - offset >= limit))
            return RPC_ERR_CANTENCODEARGS;
        {
            size_t bigger = clnt->send_cap * 2;
            unsigned char *grown;

            if (bigger - offset > limit)
                bigger = limit + offset;
            grown = realloc(clnt->send_buf, bigger);
            if (grown == NULL)
                return RPC_ERR_CANTENCODEARGS;
            clnt->send_buf = grown;
            clnt->send_cap = bigger;
        }
    }
    clnt->call_start = start;
    clnt->send_len = offset + rpc_xdr_getpos(&x);
    if (is_stream(clnt))
        rpc_rec_put_mark(clnt->send_buf + start, (uint32_t)(clnt->send_len - offset), true);
    return RPC_OK;
}

/* Shows the last encoded call to the trace function, if there is one. */
static void trace_call(struct rpc_client *clnt)
{
    size_t body = clnt->call_start + (is_stream(clnt) ? RPC_REC_MARK_SIZE : 0);

    if (clnt->trace != NULL)
        clnt->trace(clnt->trace_ctx, RPC_TRACE_SENT, clnt->transport,
                    clnt->send_buf + body, clnt->send_len - body);
}

/* Sends send_buf: on a stream the queued calls and the last one, in one
 * send() as far as the kernel takes them (short sends completed); one
 * datagram on UDP. Returns 0 or -1 with errno. */
static int send_call(struct rpc_client *clnt)
{
    size_t done = 0;

    clnt->queued = 0;
    while (done < clnt->send_len) {
        ssize_t sent = send(clnt->fd, clnt->send_buf + done, clnt->send_len - done,
                            MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0)
            return -1;
        done += (size_t)sent;
    }
    return 0;
}

/* ---- receiving ----------------------------------------------------------- */

/* Waits until fd is readable or deadline (sl_now_ms) passes. Returns 1 when
 * readable, 0 on timeout, -1 with errno (EINTR included: a signal stops the
 * wait, so a program can act on Ctrl-C). */
static int wait_readable(int fd, long long deadline)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    long long left = deadline - sl_now_ms();
    int ready;

    if (left < 0)
        left = 0;
    ready = poll(&pfd, 1, left > 1000000000 ? 1000000000 : (int)left);
    return ready;
}

/* recv() that waits at most until deadline: a blocking recv() bounded by
 * SO_RCVTIMEO, one system call where poll() then recv() would be two (the
 * option is set again only when the time left moved away from it by more than
 * 1 % + 2 ms). Returns what recv() returns; -1 with EAGAIN when nothing came
 * in time (or the socket is non-blocking), EINTR when a signal came. */
static ssize_t recv_until(struct rpc_client *clnt, void *buf, size_t size, long long deadline)
{
    long long left = deadline - sl_now_ms();
    long long set = clnt->recv_timeout_ms;

    if (left <= 0)
        return recv(clnt->fd, buf, size, MSG_DONTWAIT);
    if (set < left || set - left > left / 100 + 2) {
        struct timeval tv = { .tv_sec = (time_t)(left / 1000),
                              .tv_usec = (suseconds_t)(left % 1000) * 1000 };

        if (setsockopt(clnt->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) < 0)
            return -1;
        clnt->recv_timeout_ms = left;
    }
    return recv(clnt->fd, buf, size, 0);
}

/* Where the next bytes received go: the record reassembly (stream) or the
 * datagram buffer (UDP), *room bytes. NULL if out of memory. */
static unsigned char *receive_space(struct rpc_client *clnt, size_t *room)
{
    if (is_stream(clnt))
        return rpc_rec_space(&clnt->rec, 0, room);
    if (clnt->dgram == NULL && (clnt->dgram = malloc(UDP_MAX_MESSAGE + 1)) == NULL)
        return NULL;
    *room = UDP_MAX_MESSAGE + 1;
    return clnt->dgram;
}

/* Gets the next message: a complete record (stream) or a datagram (UDP),
 * waiting until deadline. Returns 1 with *msg and *length set, 0 on timeout,
 * -1 with errno on a socket error or a broken stream (closed: ECONNRESET,
 * record too big: EMSGSIZE). */
static int next_message(struct rpc_client *clnt, const unsigned char **msg,
                        size_t *length, long long deadline)
{
    for (bool received = false;; received = true) {
        if (is_stream(clnt)) {
            enum rpc_rec_status st = rpc_rec_next(&clnt->rec, msg, length);

            if (st == RPC_REC_RECORD)
                return 1;
            if (st == RPC_REC_TOO_BIG) {
                errno = EMSGSIZE;
                return -1;
            }
        }
        /* The deadline holds while bytes keep coming: a record trickled or
         * never completed (empty fragments without end) ends the wait in
         * time, as silence does. One look at the socket is always allowed. */
        if (received && sl_now_ms() >= deadline)
            return 0;
        /* Calls queued by rpc_client_queue() leave before we wait. */
        if (clnt->queued > 0) {
            clnt->send_len = clnt->queued;
            if (send_call(clnt) < 0)
                return -1;
        }

        size_t room;
        unsigned char *space = receive_space(clnt, &room);
        ssize_t got;

        if (space == NULL)
            return -1;
        got = recv_until(clnt, space, room, deadline);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Nothing in time, or a non-blocking socket: poll() decides. */
            int ready = wait_readable(clnt->fd, deadline);
            if (ready <= 0)
                return ready;
            continue;
        }
        if (got < 0)
            return -1;                 /* EINTR included: Ctrl-C stops the wait */
        if (is_stream(clnt)) {
            if (got == 0) {
                errno = ECONNRESET;    /* the server closed the connection */
                return -1;
            }
            rpc_rec_commit(&clnt->rec, (size_t)got);
        } else {
            *msg = clnt->dgram;
            *length = (size_t)got;
            return 1;
        }
    }
}

/* Checks a reply's header and decodes its results: fills clnt->error and
 * returns its status. x is at the start of the message. */
static enum rpc_status finish_reply(struct rpc_client *clnt, struct rpc_xdr *x,
                                    rpc_xdrproc result_proc, void *result)
{
    struct rpc_reply_header reply;
    struct rpc_error *err = &clnt->error;

    set_error(err, RPC_OK, 0);
    if (rpc_msg_decode_reply(x, &reply) != RPC_MSG_OK) {
        err->status = RPC_ERR_CANTDECODERES;
        return err->status;
    }
    if (reply.reply_stat == RPC_REPLY_DENIED) {
        err->reject_stat = reply.reject_stat;
        if (reply.reject_stat == RPC_REJECT_RPC_MISMATCH) {
            err->status = RPC_ERR_VERSMISMATCH;
            err->low = reply.low;
            err->high = reply.high;
        } else {
            err->status = RPC_ERR_AUTHERROR;
            err->auth_stat = reply.auth_stat;
        }
        return err->status;
    }
    err->accept_stat = reply.accept_stat;
    switch (reply.accept_stat) {
    case RPC_ACCEPT_SUCCESS:
        if (result_proc != NULL) {
            x->alloc = true;
            if (!result_proc(x, result))
                err->status = RPC_ERR_CANTDECODERES;
        }
        break;
    case RPC_ACCEPT_PROG_UNAVAIL:  err->status = RPC_ERR_PROGUNAVAIL; break;
    case RPC_ACCEPT_PROG_MISMATCH:
        err->status = RPC_ERR_PROGVERSMISMATCH;
        err->low = reply.low;
        err->high = reply.high;
        break;
    case RPC_ACCEPT_PROC_UNAVAIL:  err->status = RPC_ERR_PROCUNAVAIL; break;
    case RPC_ACCEPT_GARBAGE_ARGS:  err->status = RPC_ERR_CANTDECODEARGS; break;
    default:                       err->status = RPC_ERR_SYSTEMERROR; break;
    }
    return err->status;
}

/* Records a stream or socket failure. */
static enum rpc_status socket_failure(struct rpc_client *clnt,
                                      enum rpc_status status, int sys_errno)
{
    set_error(&clnt->error, status, sys_errno);
    if (is_stream(clnt) && sys_errno != EINTR) {
        clnt->broken = true;
        clnt->broken_errno = sys_errno;
    }
    return status;
}

/* Refuses to use a stream that failed before. */
static bool stream_unusable(struct rpc_client *clnt)
{
    if (!clnt->broken)
        return false;
    set_error(&clnt->error, RPC_ERR_CANTSEND, clnt->broken_errno);
    return true;
}

/* Encodes one call after those already queued, and shows it to the trace
 * function; it is then part of send_buf[0, send_len). */
static enum rpc_status add_call(struct rpc_client *clnt, uint32_t proc,
                                rpc_xdrproc args_proc, const void *args, uint32_t *xid)
{
    enum rpc_status status;

    if (stream_unusable(clnt))
        return RPC_ERR_CANTSEND;
    *xid = clnt->next_xid++;
    status = encode_call(clnt, *xid, proc, args_proc, args);
    if (status != RPC_OK) {
        set_error(&clnt->error, status, 0);
        return status;
    }
    trace_call(clnt);
    set_error(&clnt->error, RPC_OK, 0);
    return RPC_OK;
}

enum rpc_status rpc_client_send(struct rpc_client *clnt, uint32_t proc,
                                rpc_xdrproc args_proc, const void *args,
                                uint32_t *xid)
{
    enum rpc_status status = add_call(clnt, proc, args_proc, args, xid);

    if (status != RPC_OK)
        return status;
    if (send_call(clnt) < 0)    /* the queued calls, then this one */
        return socket_failure(clnt, RPC_ERR_CANTSEND, errno);
    return RPC_OK;
}

enum rpc_status rpc_client_queue(struct rpc_client *clnt, uint32_t proc,
                                 rpc_xdrproc args_proc, const void *args,
                                 uint32_t *xid)
{
    enum rpc_status status;

    if (!is_stream(clnt))
        return rpc_client_send(clnt, proc, args_proc, args, xid);
    status = add_call(clnt, proc, args_proc, args, xid);
    if (status != RPC_OK)
        return status;
    clnt->queued = clnt->send_len;
    return clnt->queued >= QUEUE_FLUSH_SIZE ? rpc_client_flush(clnt) : RPC_OK;
}

enum rpc_status rpc_client_flush(struct rpc_client *clnt)
{
    if (clnt->queued == 0)
        return RPC_OK;
    clnt->send_len = clnt->queued;
    if (send_call(clnt) < 0)
        return socket_failure(clnt, RPC_ERR_CANTSEND, errno);
    return RPC_OK;
}

/* Receives until a reply with the xid in *xid (any xid if !match),
 * retransmitting on UDP when retry_ms > 0. */
static enum rpc_status receive_reply(struct rpc_client *clnt, bool match,
                                     uint32_t *xid, rpc_xdrproc result_proc,
                                     void *result, int timeout_ms, int retry_ms)
{
    long long deadline = sl_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    long long resend_at = retry_ms > 0 ? sl_now_ms() + retry_ms : deadline;

    for (;;) {
        const unsigned char *msg;
        size_t length;
        uint32_t reply_xid, type;
        long long wait_until = resend_at < deadline ? resend_at : deadline;
        int got = next_message(clnt, &msg, &length, wait_until);

        if (got < 0)
            return socket_failure(clnt, RPC_ERR_CANTRECV, errno);
        if (got == 0) {
            if (sl_now_ms() >= deadline) {
                set_error(&clnt->error, RPC_ERR_TIMEDOUT, 0);
                return RPC_ERR_TIMEDOUT;
            }
            /* UDP: no answer yet, send the same call again, wait twice as long. */
            trace_call(clnt);
            if (send_call(clnt) < 0)
                return socket_failure(clnt, RPC_ERR_CANTSEND, errno);
            retry_ms = retry_ms * 2 > MAX_RETRY_MS ? MAX_RETRY_MS : retry_ms * 2;
            resend_at = sl_now_ms() + retry_ms;
            continue;
        }
        if (clnt->trace != NULL)
            clnt->trace(clnt->trace_ctx, RPC_TRACE_RECEIVED, clnt->transport, msg, length);
        if (!rpc_msg_peek(msg, length, &reply_xid, &type) || type != RPC_MSG_REPLY ||
            (match && reply_xid != *xid)) {
            /* Not a reply (ignored), or a stale reply to an earlier call: a
             * flood of them does not hold the call past its deadline. */
            if (sl_now_ms() >= deadline) {
                set_error(&clnt->error, RPC_ERR_TIMEDOUT, 0);
                return RPC_ERR_TIMEDOUT;
            }
            continue;
        }
        *xid = reply_xid;
        struct rpc_xdr x;
        rpc_xdr_init_decode(&x, msg, length);
        return finish_reply(clnt, &x, result_proc, result);
    }
}

enum rpc_status rpc_client_call(struct rpc_client *clnt, uint32_t proc,
                                rpc_xdrproc args_proc, const void *args,
                                rpc_xdrproc result_proc, void *result,
                                int timeout_ms)
{
    uint32_t xid;
    enum rpc_status status = rpc_client_send(clnt, proc, args_proc, args, &xid);

    if (status != RPC_OK)
        return status;
    return receive_reply(clnt, true, &xid, result_proc, result, timeout_ms,
                         clnt->transport == RPC_UDP ? clnt->first_retry_ms : 0);
}

enum rpc_status rpc_client_receive(struct rpc_client *clnt, uint32_t *xid,
                                   rpc_xdrproc result_proc, void *result,
                                   int timeout_ms)
{
    if (stream_unusable(clnt)) {
        clnt->error.status = RPC_ERR_CANTRECV;
        return RPC_ERR_CANTRECV;
    }
    return receive_reply(clnt, false, xid, result_proc, result, timeout_ms, 0);
}
