/*
 * rpc_server.h - the server runtime: serve (program, version, procedure)
 * calls over UDP, TCP and AF_UNIX stream sockets, in one thread.
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
 *     rpc_server_register(srv, ARITH_PROG, ARITH_VERS1, arith_procs, 1, NULL);
 *
 * then gives the runtime its sockets (made by the program itself, or by
 * rpc_server_listen) and runs the loop: poll() over the UDP sockets, the
 * listening sockets and every connected client, all non-blocking. For each
 * call the runtime decodes the header, finds the procedure, decodes the
 * arguments straight from the receive buffer into zeroed storage, calls the
 * handler, encodes the reply into a reused buffer and sends it with one
 * send() (TCP: record mark and reply together). No malloc per call (unless
 * the arguments hold variable data left to allocate: strings, arrays).
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
 * xid, or a reply where a call was expected, is dropped. On TCP, a
 * malformed or oversized record closes that connection only, with one log
 * line; so does a client idle longer than the idle timeout.
 *
 * Nothing here exits or prints: messages go to the log hook, if any.
 */
#ifndef SOCKLAB_RPC_SERVER_H
#define SOCKLAB_RPC_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rpc_msg.h"
#include "xdr.h"

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
    void *context;                        /* given to rpc_server_register() */
    struct rpc_server *server;
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

/* Settable limits (see rpc_server_limits()). */
struct rpc_server_limits {
    size_t max_record;          /* largest TCP record accepted, and largest
                                   reply: default RPC_REC_DEFAULT_MAX (1 MiB) */
    unsigned max_connections;   /* connected clients at once, default 1000;
                                   beyond, a new client is accepted and closed */
    int idle_timeout_ms;        /* a client silent this long is closed; default
                                   120000 (2 minutes); 0: never */
};

/* A server. Private. */
struct rpc_server;

/* A new server with no program and no socket. NULL with errno ENOMEM. */
struct rpc_server *rpc_server_create(void);

/* Closes every socket the server holds (given or made, listening or
 * connected; an AF_UNIX socket's path is unlinked), frees everything. NULL
 * is allowed. */
void rpc_server_destroy(struct rpc_server *srv);

/* The server's limits, to change before rpc_server_run(). */
struct rpc_server_limits *rpc_server_limits(struct rpc_server *srv);

/* Registers (prog, vers) served by the nprocs procedures of procs (the table
 * is not copied: it must live as long as the server, typically static
 * const). context is handed to every handler in req->context. Returns 0, or
 * -1 with errno EEXIST (already registered) or ENOMEM. */
int rpc_server_register(struct rpc_server *srv, uint32_t prog, uint32_t vers,
                        const struct rpc_proc *procs, size_t nprocs,
                        void *context);

/* Forgets (prog, vers). Returns 0, or -1 with errno ENOENT. */
int rpc_server_unregister(struct rpc_server *srv, uint32_t prog, uint32_t vers);

/* Hands a socket to the server, which owns it from now on and makes it
 * non-blocking: a bound UDP socket (RPC_UDP), or a listening stream socket
 * whose clients speak record marking (RPC_TCP, RPC_LOCAL). Returns 0, or -1
 * with errno. */
int rpc_server_add_socket(struct rpc_server *srv, int fd,
                          enum rpc_transport transport);

/* Creates, binds and adds a socket: transport RPC_UDP or RPC_TCP, family
 * AF_INET or AF_INET6 (IPV6_V6ONLY always on, so IPv4 and IPv6 can share a
 * port number), host a literal or name (NULL: any address), port 0 to let
 * the kernel choose. Sets SO_REUSEADDR if reuse_addr; TCP listens. *bound
 * (may be NULL) gets the address really bound (getsockname). Returns the
 * socket, or -1 with errno (the error from socket, bind or listen; EINVAL
 * for a bad family or transport; EHOSTUNREACH if host does not resolve). */
int rpc_server_listen(struct rpc_server *srv, enum rpc_transport transport,
                      int family, const char *host, unsigned short port,
                      bool reuse_addr, struct sockaddr_storage *bound);

/* Creates an AF_UNIX stream socket at path (an old socket file there is
 * unlinked first), listens and adds it as RPC_LOCAL. The path is unlinked
 * again by rpc_server_destroy(). Returns the socket, or -1 with errno
 * (ENAMETOOLONG for a path too long for sun_path). */
int rpc_server_listen_unix(struct rpc_server *srv, const char *path);

/* Runs the loop until stop() returns non-zero (pass sl_interrupted; NULL:
 * forever): the wait is woken by the signal (EINTR). On Linux, SIGINT and
 * SIGTERM are blocked while calls are served and let in only during the
 * wait (ppoll), so no stop request is missed and the wait needs no timeout
 * (idle checks come from a timerfd); elsewhere, poll() wakes up at least
 * once a second. Returns 0 when stopped, -1 with errno if the wait itself
 * fails. */
int rpc_server_run(struct rpc_server *srv, int (*stop)(void));

/* One turn of the loop: waits at most timeout_ms (-1: forever) for activity
 * and serves it. Returns the number of sockets that had activity, 0 on
 * timeout, -1 with errno (EINTR included) if poll() failed. */
int rpc_server_poll_once(struct rpc_server *srv, int timeout_ms);

/* Number of connected stream clients now. */
unsigned rpc_server_connections(const struct rpc_server *srv);

/* Installs a log hook: log(ctx, line) gets one line, without newline, per
 * notable event: a closed connection after a malformed or oversized record,
 * an idle timeout, a refused client (too many), a failed send. With verbose,
 * also each accepted and closed connection and each datagram dropped. */
void rpc_server_set_log(struct rpc_server *srv,
                        void (*log)(void *ctx, const char *line), void *ctx,
                        bool verbose);

/* Installs a hook that sees every message received and sent, as bytes. */
void rpc_server_set_trace(struct rpc_server *srv, rpc_trace_fn trace, void *ctx);

/* Serves one message without any socket (for tests and fuzzing, and the
 * core of the loop): decodes msg (length bytes), dispatches, and encodes the
 * reply into reply (capacity bytes). peer may be NULL. Returns 1 with
 * *reply_length set if a reply must be sent, 0 if nothing is to be sent
 * (dropped message, RPC_HANDLER_NO_REPLY), -1 if the message is malformed
 * beyond answering (a stream connection then closes). */
int rpc_server_handle(struct rpc_server *srv, const void *msg, size_t length,
                      enum rpc_transport transport, int fd,
                      const struct sockaddr *peer, socklen_t peer_len,
                      void *reply, size_t capacity, size_t *reply_length);

/* Non-zero if addr is the local host: AF_UNIX, 127.0.0.0/8, ::1 or an
 * IPv4-mapped 127.0.0.0/8. */
bool rpc_addr_is_local(const struct sockaddr *addr);

#endif
