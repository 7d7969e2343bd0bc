/*
 * rpc_dispatch.h - serving one call, without any socket: the table of
 * (program, version, procedure) handlers, and the answer to one message.
 *
 * What it reads and writes, as RFC 5531 lays it out (rpc_msg.h):
 *
 *     call:   xid, CALL (0), rpcvers (2), prog, vers, proc, cred, verf, args...
 *     reply:  xid, REPLY (1), MSG_ACCEPTED (0), verf, accept_stat, results...
 *             xid, REPLY (1), MSG_DENIED (1), RPC_MISMATCH low high | AUTH_ERROR why
 *
 * A program registers a table of procedures for each (program, version):
 *
 *     static int add(struct rpc_request *req, void *args, void *result)
 *     {
 *         const struct couple *c = args;
 *         float *sum = result;
 *         *sum = c->e1 + c->e2;
 *         return RPC_ACCEPT_SUCCESS;
 *     }
 *     static const struct rpc_proc arith_procs[] = {
 *         { .proc = ADD_PROC, .handler = add,
 *           .args_proc = xdr_couple, .args_size = sizeof(struct couple),
 *           .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
 *     };
 *     rpc_dispatch_register(d, ARITH_PROG, ARITH_VERS1, arith_procs, 1, NULL);
 *
 * For each message, rpc_dispatch_handle() decodes the header, finds the
 * procedure, checks the credential, decodes the arguments straight from the
 * message into zeroed storage, calls the handler and encodes the reply into
 * the caller's buffer. No malloc per call (unless the arguments hold
 * variable data left to allocate: strings, arrays). The server runtime
 * (rpc_server.h) calls it for every record and datagram; tests and fuzzers
 * call it directly.
 *
 * Errors are answered as RFC 5531 says: unknown program PROG_UNAVAIL; known
 * program, unregistered version PROG_MISMATCH (lowest and highest version
 * registered for it); unknown procedure PROC_UNAVAIL; arguments that do not
 * decode GARBAGE_ARGS (bytes left after them are ignored, as libtirpc
 * does); rpcvers other than 2
 * DENIED RPC_MISMATCH (2, 2); a malformed credential DENIED AUTH_ERROR
 * AUTH_BADCRED; a flavor other than AUTH_NONE and AUTH_SYS DENIED
 * AUTH_ERROR AUTH_REJECTEDCRED. Procedure 0 of a registered version is NULL (answered with
 * no result) unless the table has its own. A message too short to hold an
 * xid, or a reply where a call was expected, is dropped.
 *
 * Nothing here exits or prints: messages go to the log hook, if any.
 */
#ifndef SOCKLAB_RPC_DISPATCH_H
#define SOCKLAB_RPC_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rpc_msg.h"
#include "rpc_transport.h"
#include "xdr.h"

/* A table of programs. Private. */
struct rpc_dispatch;

/* What a handler sees of the call it serves. Valid during the handler only. */
struct rpc_request {
    uint32_t xid;
    uint32_t prog, vers, proc;
    enum rpc_transport transport;         /* the call came on UDP, TCP or AF_UNIX */
    int fd;                               /* the socket it came on */
    const struct sockaddr *peer;          /* the caller's address (AF_UNIX: unnamed) */
    socklen_t peer_len;
    bool peer_is_local;                   /* AF_UNIX, 127.0.0.0/8, ::1 or
                                             ::ffff:127.0.0.0/104 */
    const struct rpc_call_header *call;   /* the whole header: cred, verf, ... */
    const struct rpc_auth_sys *auth_sys;  /* the AUTH_SYS credential (uid, gid,
                                             machine), or NULL (AUTH_NONE...) */
    void *context;                        /* given to rpc_dispatch_register() */
    struct rpc_dispatch *dispatch;        /* the table that found the handler */
    uint32_t auth_stat;                   /* set it before returning
                                             RPC_HANDLER_AUTH_ERROR (default
                                             RPC_AUTH_TOOWEAK) */
};

/* Extra handler return values (besides RPC_ACCEPT_...). */
#define RPC_HANDLER_NO_REPLY   (-1)   /* send nothing at all */
#define RPC_HANDLER_AUTH_ERROR (-2)   /* DENIED, AUTH_ERROR with req->auth_stat */

/* A handler: args points to the decoded arguments (args_size bytes, zeroed
 * before decoding), result to zeroed storage of result_size bytes to fill.
 * Returns RPC_ACCEPT_SUCCESS to send *result through result_proc, another
 * RPC_ACCEPT_... (PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR, ...) to answer that
 * error, or RPC_HANDLER_NO_REPLY / RPC_HANDLER_AUTH_ERROR. The result is
 * encoded, never freed: pointers inside it stay the handler's business. */
typedef int (*rpc_handler)(struct rpc_request *req, void *args, void *result);

/* A raw handler decodes its own arguments from args (positioned on them,
 * alloc off) and encodes its own results into results (positioned after the
 * reply header). Returns as a handler does; on anything but SUCCESS the
 * results written are discarded and the error is answered. For variable
 * bodies (the portmapper's CALLIT, rpcbind's v3/v4 procedures). */
typedef int (*rpc_raw_handler)(struct rpc_request *req, struct rpc_xdr *args,
                               struct rpc_xdr *results);

/* One procedure of a (program, version). */
struct rpc_proc {
    uint32_t proc;              /* procedure number */
    rpc_handler handler;        /* called with decoded arguments ... */
    rpc_xdrproc args_proc;      /* ... decoded by this (NULL: no arguments) */
    size_t args_size;           /* bytes of the decoded arguments */
    rpc_xdrproc result_proc;    /* encodes the result (NULL: no result) */
    size_t result_size;         /* bytes of the result */
    rpc_raw_handler raw;        /* if set, called instead of handler */
};

/* A new, empty table. NULL with errno ENOMEM. */
struct rpc_dispatch *rpc_dispatch_create(void);

/* Frees the table (not the procedure tables registered). NULL is allowed. */
void rpc_dispatch_destroy(struct rpc_dispatch *d);

/* Registers (prog, vers) served by the nprocs procedures of procs (the table
 * is not copied: it must live as long as d, typically static const).
 * context is handed to every handler in req->context. Returns 0, or -1 with
 * errno EEXIST (already registered) or ENOMEM. */
int rpc_dispatch_register(struct rpc_dispatch *d, uint32_t prog, uint32_t vers,
                          const struct rpc_proc *procs, size_t nprocs, void *context);

/* Forgets (prog, vers). Returns 0, or -1 with errno ENOENT. */
int rpc_dispatch_unregister(struct rpc_dispatch *d, uint32_t prog, uint32_t vers);

/* Installs a log hook: log(ctx, line) gets one line, without newline, for
 * every call answered with an error (denied, or accepted with anything but
 * SUCCESS) and every reply received where a call was expected. */
void rpc_dispatch_set_log(struct rpc_dispatch *d,
                          void (*log)(void *ctx, const char *line), void *ctx);

/* Sends one line (printf's format) to the log hook, if there is one; errno
 * is kept. The server runtime logs its own events through it too. */
void rpc_dispatch_log(struct rpc_dispatch *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Installs a hook that sees every message received and every reply sent. */
void rpc_dispatch_set_trace(struct rpc_dispatch *d, rpc_trace_fn trace, void *ctx);

/* Serves one message: decodes msg (length bytes) that came on transport
 * (socket fd, -1 if none, from peer, which may be NULL), dispatches, and
 * encodes the reply into reply (capacity bytes). Returns 1 with
 * *reply_length set if a reply must be sent, 0 if nothing is to be sent
 * (dropped message, RPC_HANDLER_NO_REPLY), -1 if the message is malformed
 * beyond answering (a stream connection then closes). */
int rpc_dispatch_handle(struct rpc_dispatch *d, const void *msg, size_t length,
                        enum rpc_transport transport, int fd,
                        const struct sockaddr *peer, socklen_t peer_len,
                        void *reply, size_t capacity, size_t *reply_length);

/* Non-zero if addr is the local host: AF_UNIX, 127.0.0.0/8, ::1 or an
 * IPv4-mapped 127.0.0.0/8. */
bool rpc_addr_is_local(const struct sockaddr *addr);

/* "127.0.0.1:4000", "[::1]:4000" or "local client" (AF_UNIX, NULL), for log
 * lines. Returns text. */
char *rpc_addr_text(const struct sockaddr *addr, char *text, size_t size);

/* Room for rpc_addr_text's longest text. */
#define RPC_ADDRSTRLEN 64

#endif
