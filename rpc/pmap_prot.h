/*
 * pmap_prot.h - the portmapper's protocol (RFC 1833, program 100000), its
 * one home: the numbers, the types and their XDR filters (pmap_prot.c), the
 * universal addresses, and the questions a program asks a portmapper
 * (pmap_clnt.c: GETPORT, GETADDR, SET, UNSET, and taking over a dead
 * server's registration). Used by rpc_portmap (the server), rpc_arith_server
 * and the classic registerrpc() (SET, UNSET), rpc_arith_client, callrpc()
 * and rpc_info (GETPORT, DUMP).
 *
 * Version 2 ("portmap") maps (program, version, protocol) to a port:
 *     struct pmap { unsigned prog, vers, prot, port; };
 *     SET(pmap) -> bool; UNSET(pmap) -> bool; GETPORT(pmap) -> unsigned port;
 *     DUMP() -> a list: TRUE pmap TRUE pmap ... FALSE
 * Versions 3 and 4 ("rpcbind") map (program, version, netid) to a universal
 * address, a string: "127.0.0.1.3.233" is 127.0.0.1 port 3*256+233 = 1001,
 * "::1.0.111" is [::1]:111:
 *     struct rpcb { unsigned prog, vers; string netid, addr, owner; };
 *     GETADDR(rpcb) -> string addr ("": not registered)
 * The questions travel like any call (rpc_client.h), to port 111.
 */
#ifndef SOCKLAB_PMAP_PROT_H
#define SOCKLAB_PMAP_PROT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "rpc_client.h"
#include "rpc_transport.h"
#include "xdr.h"

#define PMAP_PROG   100000u   /* the portmapper's program number */
#define PMAP_PORT   111       /* its well-known port, on TCP and UDP */
#define PMAP_VERS   2u        /* portmap */
#define RPCB_VERS   3u        /* rpcbind */
#define RPCB_VERS4  4u        /* rpcbind, version 4 */

/* Version 2 procedures. */
#define PMAPPROC_NULL    0u
#define PMAPPROC_SET     1u   /* pmap -> bool */
#define PMAPPROC_UNSET   2u   /* pmap -> bool (prot and port ignored) */
#define PMAPPROC_GETPORT 3u   /* pmap -> unsigned port (0: not registered) */
#define PMAPPROC_DUMP    4u   /* void -> pmaplist */
#define PMAPPROC_CALLIT  5u   /* call_args -> call_result */

/* Versions 3 and 4 procedures (v4 adds 9 to 12; 5 is CALLIT, BCAST in v4). */
#define RPCBPROC_NULL        0u
#define RPCBPROC_SET         1u   /* rpcb -> bool */
#define RPCBPROC_UNSET       2u   /* rpcb -> bool */
#define RPCBPROC_GETADDR     3u   /* rpcb -> string uaddr ("": not registered) */
#define RPCBPROC_DUMP        4u   /* void -> rpcblist */
#define RPCBPROC_CALLIT      5u   /* rpcb_rmtcallargs -> rpcb_rmtcallres */
#define RPCBPROC_GETTIME     6u   /* void -> unsigned seconds since 1970 */
#define RPCBPROC_UADDR2TADDR 7u   /* string -> netbuf */
#define RPCBPROC_TADDR2UADDR 8u   /* netbuf -> string */
#define RPCBPROC_GETVERSADDR 9u   /* rpcb -> string (this version only) */
#define RPCBPROC_INDIRECT    10u  /* as CALLIT, but errors are answered */
#define RPCBPROC_GETADDRLIST 11u  /* rpcb -> rpcb_entry_list */
#define RPCBPROC_GETSTAT     12u  /* void -> rpcb_stat_byvers */

/* Limits on the strings of the rpcbind structures (ours, generous). */
#define RPCB_MAXNETID  32      /* "tcp", "udp6", "local" */
#define RPCB_MAXUADDR  128     /* an IPv6 universal address, or a socket path */
#define RPCB_MAXOWNER  64      /* "superuser", "unknown", a uid */
#define PMAP_MAXARGS   65000u  /* bytes of a forwarded call's arguments */

/* struct pmap (version 2). prot is IPPROTO_TCP (6) or IPPROTO_UDP (17). */
struct pmap {
    uint32_t prog, vers, prot, port;
};

bool rpc_xdr_pmap(struct rpc_xdr *x, void *obj);

/* struct rpcb (versions 3 and 4), strings in fixed arrays: no allocation. */
struct rpcb {
    uint32_t prog, vers;
    char netid[RPCB_MAXNETID + 1];
    char addr[RPCB_MAXUADDR + 1];
    char owner[RPCB_MAXOWNER + 1];
};

bool rpc_xdr_rpcb(struct rpc_xdr *x, void *obj);

/* The arguments of a forwarded call (v2 call_args, v3/v4 rpcb_rmtcallargs:
 * the same layout). args points into the message (no copy). */
struct rmtcall_args {
    uint32_t prog, vers, proc;
    const unsigned char *args;
    uint32_t args_len;
};

bool rpc_xdr_rmtcall_args(struct rpc_xdr *x, void *obj);

/* ---- universal addresses (pmap_prot.c) ---------------------------------- */

/* Splits a universal address ("127.0.0.1.3.233", "::1.0.111") into its
 * host part, written into host (size bytes; host may be NULL when only the
 * port is wanted), and its port: the last two dot-separated numbers, high
 * byte then low byte. Returns false if the text does not end in .p1.p2
 * with p1, p2 in 0..255, or if the host part does not fit. */
bool rpc_uaddr_split(const char *uaddr, char *host, size_t size, unsigned *port);

/* The port in a universal address ("::1.0.111" -> 111). Returns 0, or -1
 * if uaddr does not end like that, or says port 0. */
int rpc_uaddr_port(const char *uaddr, unsigned short *port);

/* Writes the universal address of an IPv4 or IPv6 socket address
 * ("127.0.0.1.3.233"). */
void rpc_uaddr_of(const struct sockaddr *addr, char *uaddr, size_t size);

/* ---- asking a portmapper (pmap_clnt.c) ------------------------------------ */

#define RPC_PMAP_TIMEOUT_MS 5000   /* default wait for a portmapper's answer */
#define RPC_PMAP_PROBE_MS   1000   /* wait for a registered server's NULL answer */

/* Optional settings of a question (NULL: none of them). */
struct rpc_pmap_ask {
    int timeout_ms;                /* per address asked; 0: RPC_PMAP_TIMEOUT_MS */
    rpc_trace_fn trace;            /* sees the question and the answer as bytes */
    void *trace_ctx;
    /* called after each address asked, with the outcome there */
    void (*asked)(void *ctx, const struct sockaddr *addr, enum rpc_status status,
                  const struct rpc_error *err);
    void *asked_ctx;
};

/* Asks the portmapper at host:pmap_port (over UDP, PMAPPROC_GETPORT of
 * version 2, 5 s timeout) for the port of (prog, vers, transport: RPC_TCP or
 * RPC_UDP), at each address host resolves to until one answers. Returns
 * RPC_OK with *port set, RPC_ERR_PROGNOTREGISTERED if it answered 0,
 * RPC_ERR_UNKNOWNHOST, or RPC_ERR_PMAPFAILURE with err->cause telling why
 * the portmapper could not be asked (RPC_ERR_CANTRECV with sys_errno
 * ECONNREFUSED, RPC_ERR_TIMEDOUT, ...), so that rpc_strerror gives
 * "RPC: Port mapper failure - RPC: Timed out". */
enum rpc_status rpc_pmap_getport(const char *host, unsigned short pmap_port,
                                 uint32_t prog, uint32_t vers,
                                 enum rpc_transport transport,
                                 unsigned short *port, struct rpc_error *err);

/* The same, with a timeout, a trace hook and a watcher of each address
 * asked (ask may be NULL). */
enum rpc_status rpc_pmap_getport_ask(const char *host, unsigned short pmap_port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport, unsigned short *port,
                                     struct rpc_error *err, const struct rpc_pmap_ask *ask);

/* Asks an rpcbind (version 4, RPCBPROC_GETADDR, over UDP, 5 s timeout) at
 * host:rpcb_port for the address of (prog, vers) on the transport's netid
 * ("tcp" or "udp"; for an IPv6 host, "tcp6" or "udp6"), and takes the port
 * from the universal address it answers ("127.0.0.1.3.233" is port 3*256+233,
 * RFC 1833). This is what libtirpc's clnt_create() asks first: servers
 * built with libtirpc register only through rpcbind version 4. Returns as
 * rpc_pmap_getport() does (an empty address is RPC_ERR_PROGNOTREGISTERED,
 * an address that does not parse is RPC_ERR_PMAPFAILURE). */
enum rpc_status rpc_rpcb_getaddr(const char *host, unsigned short rpcb_port,
                                 uint32_t prog, uint32_t vers,
                                 enum rpc_transport transport,
                                 unsigned short *port, struct rpc_error *err);

/* The same, with a timeout, a trace hook and a watcher of each address
 * asked (ask may be NULL), as rpc_pmap_getport_ask(). */
enum rpc_status rpc_rpcb_getaddr_ask(const char *host, unsigned short rpcb_port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport, unsigned short *port,
                                     struct rpc_error *err, const struct rpc_pmap_ask *ask);

/* ---- where a server registers (SET, UNSET) --------------------------------- */

#define RPCB_LOCAL_SOCKET "/run/rpcbind.sock"  /* rpcbind's AF_LOCAL socket */
#define RPCB_LOCAL_MAXPATH 108                 /* sun_path's size on Linux */

/* Where a server's SET and UNSET go, as libtirpc's rpcb_set() chooses:
 * rpcbind's AF_LOCAL socket when it answers there (version 4 SET/UNSET on
 * a record-marked stream: rpcbind learns the caller's uid from the socket,
 * SO_PEERCRED, and fills the owner itself, "superuser" for root, so root
 * may remove any registration, a dead root server's included), else the
 * portmapper at 127.0.0.1:port over UDP (version 2, as rpcgen's
 * pmap_set(): rpcbind sees owner "unknown" there; rpc_portmap). */
struct rpc_binder {
    char local[RPCB_LOCAL_MAXPATH];  /* the AF_LOCAL socket, "": none */
    bool local_only;                 /* local given by the user: no fallback */
    unsigned short port;             /* the portmapper's port on 127.0.0.1 */
    char host[64];                   /* the server's address, for the universal
                                        addresses sent to rpcbind ("127.0.0.1");
                                        "": 0.0.0.0, as a version 2 SET */
};

/* Fills *b: local "" (NULL) or the path (local_only: as given by the user,
 * never replaced by 127.0.0.1:port), port, host "". Returns 0, or -1 with
 * ENAMETOOLONG (local too long for an AF_LOCAL address). */
int rpc_binder_init(struct rpc_binder *b, const char *local, bool local_only,
                    unsigned short port);

/* Decides once where b's changes go: if b->local is set and a stream
 * connects there, there; else (nothing there, ENOENT or ECONNREFUSED: a
 * socket left by a stopped rpcbind) b->local becomes "" and 127.0.0.1:port
 * is used, unless local_only: then -1 with errno (the connect's). Returns
 * 0. */
int rpc_binder_choose(struct rpc_binder *b);

/* Where b's changes go, in text (size bytes): "/run/rpcbind.sock" or
 * "127.0.0.1:111". Returns text. */
const char *rpc_binder_where(const struct rpc_binder *b, char *text, size_t size);

/* Asks the binder b (rpc_binder_choose first) to SET or UNSET (proc:
 * PMAPPROC_SET or PMAPPROC_UNSET) the mapping *m. Over UDP: version 2, as
 * rpcgen's pmap_set(); UNSET ignores prot and port and removes both
 * protocols. Over the AF_LOCAL socket: version 4, as libtirpc's rpcb_set()
 * and rpcb_unset(): SET sends netid "tcp" or "udp" (m->prot), the universal
 * address of b->host (or 0.0.0.0) and m->port, and the euid as owner
 * (rpcbind replaces it with what it knows); UNSET sends netid "" and
 * removes every netid of (prog, vers), as svc_unreg() does. Returns RPC_OK
 * with *accepted its answer, or the error (details in *err). */
enum rpc_status rpc_pmap_change(const struct rpc_binder *b, uint32_t proc,
                                const struct pmap *m, bool *accepted,
                                struct rpc_error *err);

/* Whether (prog, vers) is registered with b on any protocol, before an
 * UNSET: over the AF_LOCAL socket, as rpcbind's DUMP lists it (rpcbind
 * answers TRUE to a version 4 UNSET of nothing); over UDP always true (a
 * version 2 UNSET's answer tells). Returns RPC_OK with *registered, or the
 * error (details in *err). */
enum rpc_status rpc_pmap_registered(const struct rpc_binder *b, uint32_t prog, uint32_t vers,
                                    bool *registered, struct rpc_error *err);

/* What rpc_pmap_claim() did. */
enum rpc_pmap_claim {
    RPC_PMAP_REGISTERED,   /* SET accepted at once */
    RPC_PMAP_TAKEN_OVER,   /* held by a server that did not answer: UNSET, then SET */
    RPC_PMAP_HELD,         /* held by a server that answered: refused */
    RPC_PMAP_REFUSED       /* SET refused with nobody holding it (not the local
                              host, a full table, a portmapper that says no), or
                              a dead server's registration that the portmapper
                              would not let us remove (*holder its port) */
};

/* Registers the mapping *m with the binder b (rpc_pmap_change). If the SET
 * is refused because a server holds (prog, vers, prot) already (GETPORT,
 * or over the AF_LOCAL socket DUMP, gives its port, *holder), that
 * server is asked procedure 0 (NULL) at probe_host:*holder over prot,
 * waiting at most RPC_PMAP_PROBE_MS: if it answers, *claim is HELD and
 * nothing changes; if not (a dead server's registration left behind), the
 * registration is removed (UNSET: both protocols, every netid over the
 * AF_LOCAL socket) and set again: *claim is
 * TAKEN_OVER. Unlike rpcgen's servers (UNSET, then SET), a live server's
 * registration is never taken. Returns RPC_OK with *claim, or the error
 * talking to the portmapper (details in *err); a probe cut short by a
 * signal (Ctrl-C) is RPC_ERR_CANTRECV with sys_errno EINTR, nothing changed. */
enum rpc_status rpc_pmap_claim(const struct rpc_binder *b, const struct pmap *m,
                               const char *probe_host, enum rpc_pmap_claim *claim,
                               unsigned short *holder, struct rpc_error *err);

#endif
