/*
 * pmap_prot.h - the portmapper's protocol (RFC 1833, program 100000): the
 * numbers and the XDR filters of its arguments and results, shared by
 * rpc_portmap (the server), rpc_arith_server (SET, UNSET), rpc_arith_client
 * (GETPORT) and rpc_info (DUMP, GETPORT).
 *
 * Version 2 ("portmap") maps (program, version, protocol) to a port:
 *     struct pmap { unsigned prog, vers, prot, port; };
 * Versions 3 and 4 ("rpcbind") map (program, version, netid) to a universal
 * address, a string: "127.0.0.1.3.233" is 127.0.0.1 port 3*256+233 = 1001,
 * "::1.0.111" is [::1]:111:
 *     struct rpcb { unsigned prog, vers; string netid, addr, owner; };
 *
 * Like rpcgen's output (pmap_prot.h and pmap_prot_xdr.c), the filters live
 * in this header as static inline functions: every program that includes it
 * gets its own copy, nothing is added to the library.
 */
#ifndef SOCKLAB_PMAP_PROT_H
#define SOCKLAB_PMAP_PROT_H

#include <stdbool.h>
#include <stdint.h>

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

static inline bool xdr_pmap(struct rpc_xdr *x, void *obj)
{
    struct pmap *m = obj;

    return rpc_xdr_u_int(x, &m->prog) && rpc_xdr_u_int(x, &m->vers) &&
           rpc_xdr_u_int(x, &m->prot) && rpc_xdr_u_int(x, &m->port);
}

/* struct rpcb (versions 3 and 4), strings in fixed arrays: no allocation. */
struct rpcb {
    uint32_t prog, vers;
    char netid[RPCB_MAXNETID + 1];
    char addr[RPCB_MAXUADDR + 1];
    char owner[RPCB_MAXOWNER + 1];
};

static inline bool xdr_rpcb(struct rpc_xdr *x, void *obj)
{
    struct rpcb *r = obj;

    return rpc_xdr_u_int(x, &r->prog) && rpc_xdr_u_int(x, &r->vers) &&
           rpc_xdr_string_buf(x, r->netid, sizeof r->netid) &&
           rpc_xdr_string_buf(x, r->addr, sizeof r->addr) &&
           rpc_xdr_string_buf(x, r->owner, sizeof r->owner);
}

/* The arguments of a forwarded call (v2 call_args, v3/v4 rpcb_rmtcallargs:
 * the same layout). args points into the message (no copy). */
struct rmtcall_args {
    uint32_t prog, vers, proc;
    const unsigned char *args;
    uint32_t args_len;
};

static inline bool xdr_rmtcall_args(struct rpc_xdr *x, void *obj)
{
    struct rmtcall_args *a = obj;

    return rpc_xdr_u_int(x, &a->prog) && rpc_xdr_u_int(x, &a->vers) &&
           rpc_xdr_u_int(x, &a->proc) &&
           rpc_xdr_bytes_ref(x, &a->args, &a->args_len, PMAP_MAXARGS);
}

/* Turns a universal address ("127.0.0.1.3.233", "::1.0.111") into its host
 * part (written into host, size bytes) and its port. Returns false if the
 * text is not host.p1.p2 with p1, p2 in 0..255. */
static inline bool uaddr_split(const char *uaddr, char *host, size_t size,
                               unsigned *port)
{
    size_t len = 0, dots[2] = { 0, 0 };
    unsigned p1 = 0, p2 = 0;
    int found = 0;

    while (uaddr[len] != '\0')
        len++;
    for (size_t i = len; i > 0 && found < 2; i--)
        if (uaddr[i - 1] == '.')
            dots[found++] = i - 1;
    if (found < 2 || dots[1] == 0 || dots[1] >= size)
        return false;
    for (size_t i = dots[1] + 1; i < dots[0]; i++) {
        if (uaddr[i] < '0' || uaddr[i] > '9' || (p1 = p1 * 10 + (unsigned)(uaddr[i] - '0')) > 255)
            return false;
    }
    for (size_t i = dots[0] + 1; i < len; i++) {
        if (uaddr[i] < '0' || uaddr[i] > '9' || (p2 = p2 * 10 + (unsigned)(uaddr[i] - '0')) > 255)
            return false;
    }
    if (dots[0] == dots[1] + 1 || dots[0] + 1 == len)
        return false;                  /* an empty p1 or p2 */
    for (size_t i = 0; i < dots[1]; i++)
        host[i] = uaddr[i];
    host[dots[1]] = '\0';
    *port = p1 * 256 + p2;
    return true;
}

#endif
