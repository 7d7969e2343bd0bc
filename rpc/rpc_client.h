/*
 * rpc_client.h - the client runtime: call a remote procedure over TCP or UDP.
 *
 *     struct rpc_error err;
 *     struct rpc_client *clnt = rpc_client_create("127.0.0.1", port, ARITH_PROG,
 *                                                 ARITH_VERS1, RPC_UDP, &err);
 *     struct couple args = { 13.4f, 17.1f };
 *     float sum;
 *     if (clnt == NULL || rpc_client_call(clnt, ADD_PROC, xdr_couple, &args,
 *                                         rpc_xdrproc_float, &sum,
 *                                         5000) != RPC_OK) ... rpc_strerror()
 *
 * The runtime encodes the call (header + arguments through the argument
 * filter), sends it (TCP: one record; UDP: one datagram, retransmitted with
 * backoff until the timeout), waits for the reply with the same xid (one
 * blocking recv() bounded by SO_RCVTIMEO, which it sets on the client's
 * socket; replies with another xid are stale and ignored), checks the reply header
 * and decodes the results through the result filter. Errors come back as
 * values (enum rpc_status and struct rpc_error), never printed: rpc_strerror
 * gives clnt_perror's wording. Nothing here exits or prints, except through
 * a trace hook the caller installs.
 *
 * A client is used by one thread at a time.
 */
#ifndef SOCKLAB_RPC_CLIENT_H
#define SOCKLAB_RPC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rpc_msg.h"
#include "rpc_transport.h"
#include "xdr.h"

/* The outcome of a call, as libtirpc's enum clnt_stat (same meanings, and
 * rpc_strerror() gives the same wording). */
enum rpc_status {
    RPC_OK = 0,                 /* "RPC: Success" */
    RPC_ERR_CANTENCODEARGS,     /* "RPC: Can't encode arguments" */
    RPC_ERR_CANTDECODERES,      /* "RPC: Can't decode result" */
    RPC_ERR_CANTSEND,           /* "RPC: Unable to send; errno = ..." */
    RPC_ERR_CANTRECV,           /* "RPC: Unable to receive; errno = ..." */
    RPC_ERR_TIMEDOUT,           /* "RPC: Timed out" */
    RPC_ERR_VERSMISMATCH,       /* "RPC: Incompatible versions of RPC; low version = 2, high version = 2" */
    RPC_ERR_AUTHERROR,          /* "RPC: Authentication error; why = ..." */
    RPC_ERR_PROGUNAVAIL,        /* "RPC: Program unavailable" */
    RPC_ERR_PROGVERSMISMATCH,   /* "RPC: Program/version mismatch; low version = 1, high version = 1" */
    RPC_ERR_PROCUNAVAIL,        /* "RPC: Procedure unavailable" */
    RPC_ERR_CANTDECODEARGS,     /* "RPC: Server can't decode arguments" */
    RPC_ERR_SYSTEMERROR,        /* "RPC: Remote system error" (+ " - strerror" if sys_errno) */
    RPC_ERR_UNKNOWNHOST,        /* "RPC: Unknown host" (+ " - " and gai_strerror's text) */
    RPC_ERR_UNKNOWNPROTO,       /* "RPC: Unknown protocol" */
    RPC_ERR_PMAPFAILURE,        /* "RPC: Port mapper failure" (+ " - " and the cause's text) */
    RPC_ERR_PROGNOTREGISTERED,  /* "RPC: Program not registered" */
    RPC_ERR_FAILED              /* "RPC: Failed (unspecified error)" */
};

/* Everything known about a failed call (clnt_geterr's struct rpc_err). */
struct rpc_error {
    enum rpc_status status;
    int sys_errno;          /* CANTSEND, CANTRECV, SYSTEMERROR (local): errno */
    uint32_t low, high;     /* VERSMISMATCH, PROGVERSMISMATCH: the server's range */
    uint32_t auth_stat;     /* AUTHERROR: RPC_AUTH_... */
    uint32_t accept_stat;   /* the reply's accept_stat when it was accepted */
    uint32_t reject_stat;   /* the reply's reject_stat when it was denied */
    enum rpc_status cause;  /* PMAPFAILURE: what went wrong talking to the
                               portmapper (its status), else RPC_OK */
    int gai_error;          /* UNKNOWNHOST: getaddrinfo's error (EAI_NONAME ...),
                               0 if none: rpc_strerror adds gai_strerror's text */
};

/* Longest text rpc_strerror() writes, with its NUL. */
#define RPC_ERRSTRLEN 256

/* Writes clnt_perror's text for err into text (size bytes) and returns
 * text: "RPC: Program not registered", "RPC: Timed out",
 * "RPC: Program/version mismatch; low version = 1, high version = 1",
 * "RPC: Unable to receive; errno = Connection refused",
 * "RPC: Unknown host - Name or service not known",
 * "RPC: Authentication error; why = Client credential too weak", ... */
char *rpc_strerror(const struct rpc_error *err, char *text, size_t size);

/* The fixed part only ("RPC: Timed out"), as clnt_sperrno(). */
const char *rpc_status_string(enum rpc_status status);

/* clnt_perror's explanation of an auth_stat ("Invalid client credential"). */
const char *rpc_auth_stat_string(uint32_t auth_stat);

/* A client: one socket to one (program, version) at one address. Private. */
struct rpc_client;

/* Resolves host (name or literal, IPv4 or IPv6) with getaddrinfo, creates a
 * socket of the transport (RPC_TCP or RPC_UDP) and connects it to port
 * (TCP: a real connection; UDP: connect() fixes the peer, so an ICMP port
 * unreachable shows as "Connection refused" on the next receive).
 * Returns the client, or NULL with *err filled: RPC_ERR_UNKNOWNHOST,
 * RPC_ERR_UNKNOWNPROTO (transport not TCP/UDP), RPC_ERR_SYSTEMERROR with
 * sys_errno (socket or connect failed: ECONNREFUSED, ...). */
struct rpc_client *rpc_client_create(const char *host, unsigned short port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport,
                                     struct rpc_error *err);

/* The same for an address already resolved (port included). */
struct rpc_client *rpc_client_create_addr(const struct sockaddr *addr,
                                          socklen_t addrlen, uint32_t prog,
                                          uint32_t vers,
                                          enum rpc_transport transport,
                                          struct rpc_error *err);

/* The same on a socket the program created and connected itself (so that its
 * own file shows socket() and connect(), the lesson). The client owns fd from
 * now on (rpc_client_destroy closes it). transport: RPC_TCP, RPC_LOCAL (both
 * record-marked streams) or RPC_UDP. Returns NULL with *err on ENOMEM. */
struct rpc_client *rpc_client_create_fd(int fd, enum rpc_transport transport,
                                        uint32_t prog, uint32_t vers,
                                        struct rpc_error *err);

/* Closes the socket and frees the client. NULL is allowed. */
void rpc_client_destroy(struct rpc_client *clnt);

/* Calls procedure proc: encodes *args with args_proc (NULL: no arguments),
 * sends, waits at most timeout_ms milliseconds in total for the reply with
 * this call's xid, and decodes the results into *result with result_proc
 * (NULL: results ignored). UDP retransmits the call after 500 ms, then 1 s,
 * 2 s, 4 s (the same xid), within the total timeout. The result decoder runs
 * with alloc on: result pointers left NULL are malloc'd, release them with
 * rpc_xdr_free(result_proc, result). Returns RPC_OK or the error (details in
 * rpc_client_error()). On a TCP stream error (closed, malformed record) the
 * connection is unusable afterwards: create a new client. */
enum rpc_status rpc_client_call(struct rpc_client *clnt, uint32_t proc,
                                rpc_xdrproc args_proc, const void *args,
                                rpc_xdrproc result_proc, void *result,
                                int timeout_ms);

/* Details of the last call's outcome (status RPC_OK after a success). */
const struct rpc_error *rpc_client_error(const struct rpc_client *clnt);

/* Sends calls with AUTH_SYS credentials (machine name, uid, gid, no groups;
 * stamp is the time) instead of AUTH_NONE. Returns 0, or -1 if machine is
 * longer than 255 characters. */
int rpc_client_set_auth_sys(struct rpc_client *clnt, const char *machine,
                            uint32_t uid, uint32_t gid);

/* Back to AUTH_NONE credentials (the default). */
void rpc_client_set_auth_none(struct rpc_client *clnt);

/* Changes the version used by later calls (rpcinfo's version probing). */
void rpc_client_set_version(struct rpc_client *clnt, uint32_t vers);

/* Changes UDP's first retransmission delay (default 500 ms; doubles after
 * each try, at most 4 s). 0 disables retransmission. */
void rpc_client_set_retry(struct rpc_client *clnt, int first_retry_ms);

/* Installs a hook that sees every message sent and received (NULL: none). */
void rpc_client_set_trace(struct rpc_client *clnt, rpc_trace_fn trace, void *ctx);

/* The client's socket (to poll it, or getsockname to print the local address). */
int rpc_client_fd(const struct rpc_client *clnt);

/* The transport the client uses. */
enum rpc_transport rpc_client_transport(const struct rpc_client *clnt);

/* ---- pipelining: several calls in flight on one connection ------------- */

/* Sends one call without waiting for its reply; *xid gets its xid. Returns
 * RPC_OK, RPC_ERR_CANTENCODEARGS or RPC_ERR_CANTSEND. No retransmission. */
enum rpc_status rpc_client_send(struct rpc_client *clnt, uint32_t proc,
                                rpc_xdrproc args_proc, const void *args,
                                uint32_t *xid);

/* Encodes one call and queues it, without sending (stream only; on UDP it
 * is rpc_client_send). Queued calls leave together, in one send() where the
 * kernel takes them: at the next rpc_client_send() or rpc_client_flush(),
 * before rpc_client_receive() waits, or when 64 KiB are queued. So a
 * pipelining client writes many calls per system call, even with
 * TCP_NODELAY. *xid gets the call's xid. Returns RPC_OK,
 * RPC_ERR_CANTENCODEARGS or RPC_ERR_CANTSEND. rpc_client_destroy() discards
 * what is still queued. */
enum rpc_status rpc_client_queue(struct rpc_client *clnt, uint32_t proc,
                                 rpc_xdrproc args_proc, const void *args,
                                 uint32_t *xid);

/* Sends the queued calls now. Returns RPC_OK or RPC_ERR_CANTSEND. */
enum rpc_status rpc_client_flush(struct rpc_client *clnt);

/* Waits at most timeout_ms for the next reply, whatever its xid (stored in
 * *xid: the caller matches it to what it sent), checks its header and
 * decodes its results with result_proc into *result. Returns RPC_OK or the
 * error for that reply (RPC_ERR_TIMEDOUT if none came). Replies already
 * received are returned without waiting, in arrival order. */
enum rpc_status rpc_client_receive(struct rpc_client *clnt, uint32_t *xid,
                                   rpc_xdrproc result_proc, void *result,
                                   int timeout_ms);

/* Asking a portmapper where a program is (GETPORT, GETADDR) is not the
 * runtime's business: see pmap_prot.h. */

#endif
