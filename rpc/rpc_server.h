/*
 * rpc_server.h - the server runtime: serve (program, version, procedure)
 * calls over UDP, TCP and AF_UNIX stream sockets, in one thread.
 *
 * On the wire (rpc_transport.h): one call per UDP datagram, answered to
 * its sender; on TCP and AF_UNIX, records (a 4-byte mark, then the message:
 * rpc_rec.h), answered on the same connection in the same order.
 *
 * A program registers a table of procedures for each (program, version)
 * (struct rpc_proc, rpc_dispatch.h, where the handlers' contract is):
 *
 *     rpc_server_register(srv, ARITH_PROG, ARITH_VERS1, arith_procs, 1, NULL);
 *
 * then gives the runtime its sockets (made by the program itself, or by
 * rpc_server_listen) and runs the loop: poll() over the UDP sockets, the
 * listening sockets and every connected client, all non-blocking, and a
 * timer for the idle checks. Each record or datagram received goes to the
 * dispatch (rpc_dispatch.c: decode, find, call, encode), its reply into a
 * reused buffer, sent with one send() (TCP: record mark and reply together).
 *
 * Errors in calls are answered by the dispatch (rpc_dispatch.h). On TCP, a
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

#include "rpc_dispatch.h"
#include "rpc_transport.h"

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

/* One turn of the loop rpc_server_run() repeats, with its portable wait,
 * poll(): waits at most timeout_ms (-1: forever; shortened to 1 s while
 * clients are connected, for the idle checks) for activity and serves it. Returns the number of sockets that had activity, 0 on
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

/* The server's table of programs, for serving a message without any socket
 * (rpc_dispatch_handle: tests and fuzzers). */
struct rpc_dispatch *rpc_server_dispatch(struct rpc_server *srv);

#endif
