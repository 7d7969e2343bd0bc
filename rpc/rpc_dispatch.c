/*
 * rpc_dispatch.c - one call served, without any socket: find the program,
 * version and procedure; check the credential; decode the arguments; call;
 * encode the reply. Every error reply goes through error_reply(). See
 * rpc_dispatch.h for the contracts.
 *
 * Per call: the arguments are decoded where the message was received, into a
 * reused zeroed buffer; the result goes into another; the reply is encoded
 * into the caller's buffer (the server runtime keeps 4 bytes before it for
 * TCP's record mark).
 */
#include "rpc_dispatch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct registration {
    uint32_t prog, vers;
    const struct rpc_proc *procs;
    size_t nprocs;
    void *context;
};

struct rpc_dispatch {
    struct registration *regs;
    size_t nregs;
    void *args_buf, *result_buf;   /* reused for every call */
    size_t args_cap, result_cap;
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    rpc_trace_fn trace;
    void *trace_ctx;
};

/* ---- small helpers ------------------------------------------------------- */

void rpc_dispatch_log(struct rpc_dispatch *d, const char *fmt, ...)
{
    int saved = errno;
    char line[512];
    va_list ap;

    if (d->log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    d->log(d->log_ctx, line);
    errno = saved;
}

char *rpc_addr_text(const struct sockaddr *addr, char *text, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";

    if (addr != NULL && addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        snprintf(text, size, "%s:%u", host, (unsigned)ntohs(in->sin_port));
    } else if (addr != NULL && addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        snprintf(text, size, "[%s]:%u", host, (unsigned)ntohs(in6->sin6_port));
    } else {
        snprintf(text, size, "local client");
    }
    return text;
}

/* Makes sure *buf holds at least size bytes. Returns 0 or -1 (ENOMEM). */
static int reserve(void **buf, size_t *cap, size_t size)
{
    void *bigger;

    if (*cap >= size && *buf != NULL)
        return 0;
    bigger = realloc(*buf, size > 0 ? size : 1);
    if (bigger == NULL) {
        errno = ENOMEM;
        return -1;
    }
    *buf = bigger;
    *cap = size > 0 ? size : 1;
    return 0;
}

bool rpc_addr_is_local(const struct sockaddr *addr)
{
    if (addr == NULL)
        return false;
    if (addr->sa_family == AF_UNIX)
        return true;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        const unsigned char *b = in6->sin6_addr.s6_addr;
        static const unsigned char mapped[12] = { 0,0,0,0, 0,0,0,0, 0,0,0xff,0xff };
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
            return true;
        return memcmp(b, mapped, sizeof mapped) == 0 && b[12] == 127;
    }
    return false;
}

/* Logs one line for a call answered with an error (denied, or accepted with
 * anything but SUCCESS): a server must say what a hostile or broken caller
 * did, not only answer it. */
static void log_refusal(struct rpc_dispatch *d, const struct sockaddr *peer,
                        const struct rpc_call_header *call, const struct rpc_reply_header *h)
{
    char text[RPC_ADDRSTRLEN];

    if (h->reply_stat == RPC_REPLY_ACCEPTED && h->accept_stat == RPC_ACCEPT_SUCCESS)
        return;
    rpc_addr_text(peer, text, sizeof text);
    if (h->reply_stat == RPC_REPLY_DENIED && h->reject_stat == RPC_REJECT_AUTH_ERROR)
        rpc_dispatch_log(d, "call from %s denied: AUTH_ERROR (%s)", text,
                 rpc_auth_stat_name(h->auth_stat));
    else if (h->reply_stat == RPC_REPLY_DENIED)
        rpc_dispatch_log(d, "call from %s denied: %s (RPC version %u)", text,
                 rpc_reject_stat_name(h->reject_stat), (unsigned)call->rpcvers);
    else
        rpc_dispatch_log(d, "call from %s for program %u version %u procedure %u: %s", text,
                 (unsigned)call->prog, (unsigned)call->vers, (unsigned)call->proc,
                 rpc_accept_stat_name(h->accept_stat));
}

/* ---- creating, registering ----------------------------------------------- */

struct rpc_dispatch *rpc_dispatch_create(void)
{
    struct rpc_dispatch *d = calloc(1, sizeof *d);

    if (d == NULL)
        errno = ENOMEM;
    return d;
}

void rpc_dispatch_destroy(struct rpc_dispatch *d)
{
    if (d == NULL)
        return;
    free(d->regs);
    free(d->args_buf);
    free(d->result_buf);
    free(d);
}

void rpc_dispatch_set_log(struct rpc_dispatch *d,
                          void (*log)(void *ctx, const char *line), void *ctx)
{
    d->log = log;
    d->log_ctx = ctx;
}

void rpc_dispatch_set_trace(struct rpc_dispatch *d, rpc_trace_fn trace, void *ctx)
{
    d->trace = trace;
    d->trace_ctx = ctx;
}

int rpc_dispatch_register(struct rpc_dispatch *d, uint32_t prog, uint32_t vers,
                          const struct rpc_proc *procs, size_t nprocs, void *context)
{
    struct registration *regs;
    size_t args_size = 1, result_size = 1;

    for (size_t i = 0; i < d->nregs; i++)
        if (d->regs[i].prog == prog && d->regs[i].vers == vers) {
            errno = EEXIST;
            return -1;
        }
    /* The argument and result buffers are sized once, for the largest. */
    for (size_t i = 0; i < nprocs; i++) {
        if (procs[i].args_size > args_size)
            args_size = procs[i].args_size;
        if (procs[i].result_size > result_size)
            result_size = procs[i].result_size;
    }
    if (reserve(&d->args_buf, &d->args_cap, args_size) < 0 ||
        reserve(&d->result_buf, &d->result_cap, result_size) < 0)
        return -1;
    regs = realloc(d->regs, (d->nregs + 1) * sizeof *regs);
    if (regs == NULL) {
        errno = ENOMEM;
        return -1;
    }
    d->regs = regs;
    d->regs[d->nregs++] = (struct registration){ prog, vers, procs, nprocs, context };
    return 0;
}

int rpc_dispatch_unregister(struct rpc_dispatch *d, uint32_t prog, uint32_t vers)
{
    for (size_t i = 0; i < d->nregs; i++)
        if (d->regs[i].prog == prog && d->regs[i].vers == vers) {
            d->regs[i] = d->regs[--d->nregs];
            return 0;
        }
    errno = ENOENT;
    return -1;
}

/* ---- the answers ----------------------------------------------------------- */

/* The one way an error is answered (anything but an accepted SUCCESS with
 * results): h (xid set) becomes reply_stat with stat, a reject_stat
 * (DENIED) or an accept_stat (ACCEPTED), and its details: low and high for
 * RPC_MISMATCH and PROG_MISMATCH, the auth_stat in low for AUTH_ERROR. The
 * reply is encoded from the start of out. Returns its length, or 0 if it
 * does not fit. */
static size_t error_reply(struct rpc_xdr *out, struct rpc_reply_header *h, uint32_t reply_stat,
                          uint32_t stat, uint32_t low, uint32_t high)
{
    h->reply_stat = reply_stat;
    if (reply_stat == RPC_REPLY_DENIED) {
        h->reject_stat = stat;
        if (stat == RPC_REJECT_AUTH_ERROR)
            h->auth_stat = low;
    } else {
        h->verf.flavor = RPC_FLAVOR_NONE;
        h->accept_stat = stat;
    }
    if (stat != RPC_REJECT_AUTH_ERROR || reply_stat != RPC_REPLY_DENIED) {
        h->low = low;
        h->high = high;
    }
    rpc_xdr_setpos(out, 0);
    out->error = RPC_XDR_OK;
    return rpc_msg_encode_reply(out, h) ? rpc_xdr_getpos(out) : 0;
}

/* Checks what comes before the procedure: the RPC version and the
 * credential. Returns true if the call may be served; false with
 * *reply_length set to the DENIED reply's length (0: it did not fit). */
static bool authenticate(enum rpc_msg_status st, const struct rpc_call_header *call,
                         struct rpc_xdr *out, struct rpc_reply_header *h,
                         size_t *reply_length)
{
    if (st == RPC_MSG_BAD_RPCVERS) {
        *reply_length = error_reply(out, h, RPC_REPLY_DENIED, RPC_REJECT_RPC_MISMATCH,
                                    RPC_VERSION, RPC_VERSION);
        return false;
    }
    if (st == RPC_MSG_BAD_CRED) {
        *reply_length = error_reply(out, h, RPC_REPLY_DENIED, RPC_REJECT_AUTH_ERROR,
                                    RPC_AUTH_BADCRED, 0);
        return false;
    }
    if (call->cred.flavor != RPC_FLAVOR_NONE && call->cred.flavor != RPC_FLAVOR_SYS) {
        /* A flavor we cannot check (AUTH_DH, RPCSEC_GSS...): refused, as
         * libtirpc does, rather than served as if it were AUTH_NONE. */
        *reply_length = error_reply(out, h, RPC_REPLY_DENIED, RPC_REJECT_AUTH_ERROR,
                                    RPC_AUTH_REJECTEDCRED, 0);
        return false;
    }
    return true;
}

/* ---- finding the procedure -------------------------------------------------- */

/* Looks up (prog, vers): returns the registration, or NULL with *known set
 * if prog is registered with other versions, *low and *high their range. */
static const struct registration *find_program(const struct rpc_dispatch *d,
                                               uint32_t prog, uint32_t vers,
                                               bool *known, uint32_t *low,
                                               uint32_t *high)
{
    *known = false;
    for (size_t i = 0; i < d->nregs; i++) {
        const struct registration *r = &d->regs[i];

        if (r->prog != prog)
            continue;
        if (r->vers == vers)
            return r;
        if (!*known || r->vers < *low)
            *low = r->vers;
        if (!*known || r->vers > *high)
            *high = r->vers;
        *known = true;
    }
    return NULL;
}

/* The procedure proc of registration r, or NULL. Tables are usually
 * indexed by procedure number, so that slot is tried first. */
static const struct rpc_proc *find_procedure(const struct registration *r,
                                             uint32_t proc)
{
    if (proc < r->nprocs && r->procs[proc].proc == proc)
        return &r->procs[proc];
    for (size_t i = 0; i < r->nprocs; i++)
        if (r->procs[i].proc == proc)
            return &r->procs[i];
    return NULL;
}

/* ---- calling it ----------------------------------------------------------------- */

/* Decodes the arguments of procedure p from args_in, calls its handler and
 * encodes its result into out (after the SUCCESS header). Returns what the
 * handler returned, or the RPC_ACCEPT_... error met on the way. */
static int call_handler(struct rpc_dispatch *d, const struct rpc_proc *p,
                        struct rpc_request *req, struct rpc_xdr *args_in, struct rpc_xdr *out)
{
    void *args = d->args_buf, *result = d->result_buf;
    int outcome;

    if (p->args_size > d->args_cap || p->result_size > d->result_cap)
        return RPC_ACCEPT_SYSTEM_ERR;        /* a table changed after registering */
    memset(args, 0, p->args_size);
    memset(result, 0, p->result_size);
    args_in->alloc = true;                   /* strings and arrays left NULL */
    if (p->args_proc != NULL && !p->args_proc(args_in, args))
        outcome = RPC_ACCEPT_GARBAGE_ARGS;
    else if (p->handler == NULL)
        outcome = RPC_ACCEPT_SUCCESS;        /* a NULL procedure */
    else
        outcome = p->handler(req, args, result);
    if (p->args_proc != NULL)
        rpc_xdr_free(p->args_proc, args);
    if (outcome == RPC_ACCEPT_SUCCESS && p->result_proc != NULL &&
        !p->result_proc(out, result))
        outcome = RPC_ACCEPT_SYSTEM_ERR;     /* too big for a reply */
    return outcome;
}

/* Runs procedure p for the call in req, its arguments at args_in. Encodes
 * the whole reply into out, which already holds the SUCCESS header (an
 * error reply replaces it). Returns the reply length, 0 for no reply. */
static size_t run_procedure(struct rpc_dispatch *d, const struct rpc_proc *p,
                            struct rpc_request *req, struct rpc_xdr *args_in,
                            struct rpc_xdr *out, struct rpc_reply_header *h)
{
    int outcome = p->raw != NULL ? p->raw(req, args_in, out)
                                 : call_handler(d, p, req, args_in, out);

    if (outcome == RPC_ACCEPT_SUCCESS && out->error == RPC_XDR_OK)
        return rpc_xdr_getpos(out);
    if (outcome == RPC_ACCEPT_SUCCESS)
        outcome = RPC_ACCEPT_SYSTEM_ERR;
    if (outcome == RPC_HANDLER_NO_REPLY)
        return 0;
    if (outcome == RPC_HANDLER_AUTH_ERROR)
        return error_reply(out, h, RPC_REPLY_DENIED, RPC_REJECT_AUTH_ERROR, req->auth_stat, 0);
    if (outcome < 0 || outcome > RPC_ACCEPT_SYSTEM_ERR)
        outcome = RPC_ACCEPT_SYSTEM_ERR;
    return error_reply(out, h, RPC_REPLY_ACCEPTED, (uint32_t)outcome, req->vers, req->vers);
}

/* Serves a call whose header is valid: finds its program, version and
 * procedure (or answers why not), then runs it. Returns the reply length,
 * 0 for no reply. */
static size_t serve_call(struct rpc_dispatch *d, struct rpc_request *req,
                         struct rpc_xdr *in, struct rpc_xdr *out, struct rpc_reply_header *h)
{
    const struct rpc_call_header *call = req->call;
    const struct registration *r;
    const struct rpc_proc *p;
    uint32_t low = 0, high = 0;
    bool known;

    r = find_program(d, call->prog, call->vers, &known, &low, &high);
    if (r == NULL)
        return error_reply(out, h, RPC_REPLY_ACCEPTED,
                           known ? RPC_ACCEPT_PROG_MISMATCH : RPC_ACCEPT_PROG_UNAVAIL, low, high);
    p = find_procedure(r, call->proc);
    if (p == NULL && call->proc != 0)
        return error_reply(out, h, RPC_REPLY_ACCEPTED, RPC_ACCEPT_PROC_UNAVAIL, 0, 0);

    /* The call is ours: the SUCCESS header first, the results after it. */
    h->reply_stat = RPC_REPLY_ACCEPTED;
    h->verf.flavor = RPC_FLAVOR_NONE;
    h->accept_stat = RPC_ACCEPT_SUCCESS;
    if (!rpc_msg_encode_reply(out, h))
        return 0;                   /* no room even for a header */
    if (p == NULL)                  /* procedure 0 not in the table: NULL */
        return rpc_xdr_getpos(out);
    req->context = r->context;
    return run_procedure(d, p, req, in, out, h);
}

int rpc_dispatch_handle(struct rpc_dispatch *d, const void *msg, size_t length,
                        enum rpc_transport transport, int fd,
                        const struct sockaddr *peer, socklen_t peer_len,
                        void *reply, size_t capacity, size_t *reply_length)
{
    struct rpc_call_header call;
    struct rpc_reply_header h;
    struct rpc_xdr in, out;
    enum rpc_msg_status st;
    char text[RPC_ADDRSTRLEN];

    if (d->trace != NULL)
        d->trace(d->trace_ctx, RPC_TRACE_RECEIVED, transport, msg, length);
    rpc_xdr_init_decode(&in, msg, length);
    rpc_xdr_init_encode(&out, reply, capacity);
    memset(&h, 0, sizeof h);
    *reply_length = 0;
    st = rpc_msg_decode_call(&in, &call);
    if (st == RPC_MSG_GARBAGE)
        return -1;                  /* not even an xid: nobody to answer */
    if (st == RPC_MSG_WRONG_TYPE) { /* a reply sent to a server: ignored, but said */
        if (d->log != NULL)
            rpc_dispatch_log(d, "message from %s is not a call: dropped",
                     rpc_addr_text(peer, text, sizeof text));
        return 0;
    }
    h.xid = call.xid;
    if (authenticate(st, &call, &out, &h, reply_length)) {
        struct rpc_request req = {
            .xid = call.xid, .prog = call.prog, .vers = call.vers, .proc = call.proc,
            .transport = transport, .fd = fd, .peer = peer, .peer_len = peer_len,
            .peer_is_local = transport == RPC_LOCAL || rpc_addr_is_local(peer),
            .call = &call, .auth_sys = call.has_auth_sys ? &call.auth_sys : NULL,
            .dispatch = d, .auth_stat = RPC_AUTH_TOOWEAK,
        };
        *reply_length = serve_call(d, &req, &in, &out, &h);
    }
    if (*reply_length == 0)
        return 0;
    log_refusal(d, peer, &call, &h);
    if (d->trace != NULL)
        d->trace(d->trace_ctx, RPC_TRACE_SENT, transport, reply, *reply_length);
    return 1;
}
