/*
 * rpc_portmap.c - TP3, RPC: the portmapper (program 100000), the directory
 * of the RPC services of a machine, on TCP and UDP port 111.
 *
 * A server tells it "program P version V is on tcp port N" (SET); a client
 * asks "where is program P version V over tcp?" (GETPORT) and then calls the
 * server there. `rpcinfo -p` lists its table (DUMP). It is itself an RPC
 * program, served by the same runtime as the ARITH server:
 *   socket -> bind -> listen (TCP and UDP, IPv4 and IPv6, port 111)
 *   -> register itself (100000 versions 4, 3, 2) in its own table
 *   -> serve SET, UNSET, GETPORT, DUMP, CALLIT (version 2, "portmap") and
 *      their version 3 and 4 forms ("rpcbind", RFC 1833), where addresses
 *      are universal addresses: "127.0.0.1.3.233" is port 3*256+233 = 1001
 *   -> Ctrl-C: close, exit 0.
 *
 * Safety, since every machine answers on port 111: only the local host may
 * SET and UNSET (others get AUTH_ERROR, "too weak", as from rpcbind); the
 * table holds at most MAX_MAPPINGS entries; an UNSET removes only what the
 * caller's kind of owner set (never the portmapper's own entries); CALLIT
 * (forward a call to a registered service) is served to local callers only,
 * forwards only to UDP services on the loopback, never to the portmapper
 * itself, and waits at most CALLIT_TIMEOUT_MS (the portmapper waits
 * meanwhile: a local caller could stall it that long).
 *
 *   ./rpc/rpc_portmap              as root: 127.0.0.1 and ::1, port 111
 *   ./rpc/rpc_portmap -p 11111     unprivileged, on port 11111
 */
#include "common.h"
#include "pmap_prot.h"
#include "rpc_client.h"
#include "rpc_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: rpc_portmap [-b ADDR]... [-p PORT] [-s PATH] [-v]"

#define MAX_MAPPINGS      1024   /* registrations held at most */
#define MAX_BIND          4      /* -b given at most this many times */
#define CALLIT_TIMEOUT_MS 1000   /* a forwarded call waits at most this long */
#define STAT_PROCS        13     /* rpcbind's statistics: procedures 0..12 */
#define REPORT_SIZE       1024   /* the lines saying where we listen */
#define PORT0_TRIES       20     /* -p 0: attempts to find a port free on TCP and UDP */

struct options {
    const char *addrs[MAX_BIND];  /* -b: addresses to listen on */
    int naddrs;                   /* 0: the defaults, 127.0.0.1 and ::1 */
    unsigned short port;          /* -p: default 111; 0 lets the kernel choose */
    const char *unix_path;        /* -s: also an AF_UNIX socket (rpcbind's) */
};

/* One registration: (program, version, netid) -> universal address. */
struct mapping {
    uint32_t prog, vers;
    char netid[RPCB_MAXNETID + 1];    /* "tcp", "udp", "tcp6", "udp6", "local" */
    char uaddr[RPCB_MAXUADDR + 1];    /* "127.0.0.1.0.111", "::1.0.111", a path */
    char owner[RPCB_MAXOWNER + 1];    /* "superuser" (ours) or "unknown" */
};

/* The portmapper's state, handed to every procedure as req->context. */
struct portmap {
    struct mapping table[MAX_MAPPINGS];  /* in registration order */
    size_t count;
    unsigned short port;                 /* our own port, never forwarded to */
    const char *self_owner;
    struct {                             /* GETSTAT, per version 2, 3, 4 */
        uint32_t calls[STAT_PROCS];
        uint32_t sets, unsets;
    } stats[3];
};

/* ---- the table ------------------------------------------------------------ */

/* "tcp" or "udp" for a version 2 protocol number, NULL for another. */
static const char *netid_of_prot(uint32_t prot)
{
    return prot == IPPROTO_TCP ? "tcp" : prot == IPPROTO_UDP ? "udp" : NULL;
}

/* True if text is printable ASCII without spaces (netids, universal
 * addresses, owners): what a caller sends is later printed by rpcinfo and
 * by our -v trace, so nothing else is stored or echoed. */
static bool printable(const char *text)
{
    for (; *text != '\0'; text++)
        if (*text < '!' || *text > '~')
            return false;
    return true;
}

/* Finds (prog, vers, netid) the way rpcbind does: the exact version if it is
 * registered, else any other version of prog on that netid (the client then
 * learns the server's real range from its PROG_MISMATCH answer), else NULL.
 * exact: only the exact version (GETVERSADDR, SET). */
static const struct mapping *find_mapping(const struct portmap *pm, uint32_t prog,
                                          uint32_t vers, const char *netid, bool exact)
{
    const struct mapping *hit = NULL;

    for (size_t i = 0; i < pm->count; i++) {
        const struct mapping *m = &pm->table[i];

        if (m->prog != prog || strcmp(m->netid, netid) != 0)
            continue;
        if (m->vers == vers)
            return m;
        if (!exact && hit == NULL)
            hit = m;
    }
    return hit;
}

/* Adds a registration. Returns true, or false if (prog, vers, netid) is
 * already registered or the table is full (said on stderr). */
static bool table_add(struct portmap *pm, uint32_t prog, uint32_t vers, const char *netid,
                      const char *uaddr, const char *owner)
{
    struct mapping *m;

    if (find_mapping(pm, prog, vers, netid, true) != NULL)
        return false;
    if (pm->count == MAX_MAPPINGS) {
        sl_errorx("registration table full (%d entries): SET of program %u refused",
                  MAX_MAPPINGS, (unsigned)prog);
        return false;
    }
    m = &pm->table[pm->count++];
    m->prog = prog;
    m->vers = vers;
    snprintf(m->netid, sizeof m->netid, "%s", netid);
    snprintf(m->uaddr, sizeof m->uaddr, "%s", uaddr);
    snprintf(m->owner, sizeof m->owner, "%s", owner);
    return true;
}

/* Removes the registrations of (prog, vers) on netid (NULL or "": every
 * netid; v2: "tcp" and "udp") that owner may remove: its own, and
 * "superuser" may remove all. Returns true if one was removed. */
static bool table_remove(struct portmap *pm, uint32_t prog, uint32_t vers,
                         const char *netid, bool v2_only, const char *owner)
{
    bool removed = false;
    size_t i = 0;

    while (i < pm->count) {
        struct mapping *m = &pm->table[i];
        bool match = m->prog == prog && m->vers == vers &&
                     (netid == NULL || netid[0] == '\0' || strcmp(m->netid, netid) == 0) &&
                     (!v2_only || strcmp(m->netid, "tcp") == 0 ||
                      strcmp(m->netid, "udp") == 0) &&
                     (strcmp(owner, "superuser") == 0 || strcmp(owner, m->owner) == 0);

        if (!match) {
            i++;
            continue;
        }
        memmove(m, m + 1, (pm->count - i - 1) * sizeof *m);   /* keep the order */
        pm->count--;
        removed = true;
    }
    return removed;
}

/* The port of a mapping's universal address, 0 if it has none. */
static unsigned mapping_port(const struct mapping *m)
{
    char host[RPCB_MAXUADDR + 1];
    unsigned port;

    return rpc_uaddr_split(m->uaddr, host, sizeof host, &port) ? port : 0;
}

/* The address a client should use for mapping m: a wildcard registration
 * ("0.0.0.0.p1.p2", "::.p1.p2") becomes the address the client reached us
 * at, as rpcbind does, when we know it (a socket bound to one address). */
static void merged_uaddr(const struct rpc_request *req, const struct mapping *m,
                         char *uaddr, size_t size)
{
    struct sockaddr_storage local;
    socklen_t len = sizeof local;
    char host[RPCB_MAXUADDR + 1], ours[64], ours_host[INET6_ADDRSTRLEN];
    unsigned port, ignored;

    snprintf(uaddr, size, "%s", m->uaddr);
    if (!rpc_uaddr_split(m->uaddr, host, sizeof host, &port) ||
        (strcmp(host, "0.0.0.0") != 0 && strcmp(host, "::") != 0) ||
        getsockname(req->fd, (struct sockaddr *)&local, &len) < 0 ||
        (local.ss_family == AF_INET) != (strcmp(host, "0.0.0.0") == 0) ||
        (local.ss_family != AF_INET && local.ss_family != AF_INET6))
        return;
    rpc_uaddr_of((struct sockaddr *)&local, ours, sizeof ours);
    if (!rpc_uaddr_split(ours, ours_host, sizeof ours_host, &ignored) ||
        strcmp(ours_host, "0.0.0.0") == 0 || strcmp(ours_host, "::") == 0)
        return;
    snprintf(uaddr, size, "%s.%u.%u", ours_host, port >> 8, port & 0xff);
}

/* Counts a call for GETSTAT (rpcinfo -m). */
static struct portmap *counted(struct rpc_request *req)
{
    struct portmap *pm = req->context;

    if (req->vers >= 2 && req->vers <= 4 && req->proc < STAT_PROCS)
        pm->stats[req->vers - 2].calls[req->proc]++;
    return pm;
}

/* Only the local host may change the table: others are answered
 * AUTH_ERROR / AUTH_TOOWEAK, as rpcbind does. */
static bool refuse_remote(struct rpc_request *req)
{
    char peer[SL_ADDRSTRLEN];

    if (req->peer_is_local)
        return false;
    sl_trace("refused procedure %u from %s: not the local host", (unsigned)req->proc,
             sl_addr_string(req->peer, peer));
    req->auth_stat = RPC_AUTH_TOOWEAK;
    return true;
}

/* For -v: the caller's address, or "local client". */
static const char *caller(const struct rpc_request *req, char *text)
{
    if (req->peer == NULL || req->peer->sa_family == AF_UNIX)
        return strcpy(text, "local client");
    return sl_addr_string(req->peer, text);
}

/* ---- version 2 (portmap) ---------------------------------------------------- */

static int null_proc(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    (void)result;
    counted(req);
    return RPC_ACCEPT_SUCCESS;
}

static int pmap_set(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = counted(req);
    const struct pmap *m = args;
    const char *netid = netid_of_prot(m->prot);
    bool *done = result;
    char uaddr[32], who[SL_ADDRSTRLEN];

    if (refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    snprintf(uaddr, sizeof uaddr, "0.0.0.0.%u.%u", (unsigned)(m->port >> 8 & 0xff),
             (unsigned)(m->port & 0xff));
    *done = netid != NULL && m->prog != PMAP_PROG && m->port <= 65535 &&
            table_add(pm, m->prog, m->vers, netid, uaddr, "unknown");
    if (*done)
        pm->stats[0].sets++;
    sl_trace("v2 SET(%u, %u, %u, %u) from %s = %s", (unsigned)m->prog, (unsigned)m->vers,
             (unsigned)m->prot, (unsigned)m->port, caller(req, who), *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int pmap_unset(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = counted(req);
    const struct pmap *m = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    *done = table_remove(pm, m->prog, m->vers, NULL, true, "unknown");
    if (*done)
        pm->stats[0].unsets++;
    sl_trace("v2 UNSET(%u, %u) from %s = %s", (unsigned)m->prog, (unsigned)m->vers,
             caller(req, who), *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int pmap_getport(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = counted(req);
    const struct pmap *m = args;
    const char *netid = netid_of_prot(m->prot);
    const struct mapping *hit = netid ? find_mapping(pm, m->prog, m->vers, netid, false) : NULL;
    uint32_t *port = result;
    char who[SL_ADDRSTRLEN];

    *port = hit != NULL ? mapping_port(hit) : 0;
    sl_trace("v2 GETPORT(%u, %u, %u) from %s = %u", (unsigned)m->prog, (unsigned)m->vers,
             (unsigned)m->prot, caller(req, who), (unsigned)*port);
    return RPC_ACCEPT_SUCCESS;
}

/* DUMP: the version 2 view, the tcp and udp registrations, as a list
 * (each entry preceded by TRUE, the end by FALSE). */
static int pmap_dump(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = counted(req);
    bool more = true, end = false;

    (void)args;
    for (size_t i = 0; i < pm->count; i++) {
        const struct mapping *m = &pm->table[i];
        struct pmap entry = { m->prog, m->vers, IPPROTO_TCP, mapping_port(m) };

        if (strcmp(m->netid, "udp") == 0)
            entry.prot = IPPROTO_UDP;
        else if (strcmp(m->netid, "tcp") != 0)
            continue;
        if (!rpc_xdr_bool(results, &more) || !rpc_xdr_pmap(results, &entry))
            return RPC_ACCEPT_SYSTEM_ERR;
    }
    return rpc_xdr_bool(results, &end) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

/* ---- CALLIT: forwarding a call ----------------------------------------------- */

/* The bytes of a forwarded call's arguments or results, as they are. */
struct raw_bytes {
    const unsigned char *data;
    size_t length;
};

static bool xdr_raw_bytes(struct rpc_xdr *x, void *obj)
{
    struct raw_bytes *raw = obj;

    if (x->op == RPC_XDR_ENCODE) {
        unsigned char *room = rpc_xdr_inline(x, raw->length);

        if (room != NULL && raw->length > 0)
            memcpy(room, raw->data, raw->length);
        return room != NULL;
    }
    if (x->op == RPC_XDR_DECODE) {         /* everything left in the reply */
        raw->data = x->buf + rpc_xdr_getpos(x);
        raw->length = rpc_xdr_remaining(x);
        return rpc_xdr_setpos(x, x->size);
    }
    return true;
}

/* Forwards the call in *a to its registered UDP service on the loopback and
 * writes the reply's results into results: version 2 writes the server's
 * port, versions 3 and 4 its universal address, then the results as opaque
 * data. Returns RPC_ACCEPT_SUCCESS, or RPC_HANDLER_NO_REPLY: RFC 1833 says
 * a portmapper does not answer a CALLIT that fails. */
static int forward(struct rpc_request *req, const struct rmtcall_args *a,
                   struct rpc_xdr *results)
{
    struct portmap *pm = req->context;
    const struct mapping *m = find_mapping(pm, a->prog, a->vers, "udp", true);
    char host[RPCB_MAXUADDR + 1], uaddr[RPCB_MAXUADDR + 1], who[SL_ADDRSTRLEN];
    struct sockaddr_in server;
    struct raw_bytes args = { a->args, a->args_len }, reply = { NULL, 0 };
    struct rpc_client *clnt;
    struct rpc_error err;
    unsigned port = 0;
    int outcome = RPC_HANDLER_NO_REPLY;

    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    if (m == NULL || m->prog == PMAP_PROG || !rpc_uaddr_split(m->uaddr, host, sizeof host, &port) ||
        port == 0 || port == pm->port ||
        (strcmp(host, "0.0.0.0") != 0 && inet_pton(AF_INET, host, &server.sin_addr) != 1) ||
        (strcmp(host, "0.0.0.0") != 0 && (ntohl(server.sin_addr.s_addr) >> 24) != 127)) {
        sl_trace("CALLIT(%u, %u, %u) from %s: no such UDP service on the loopback",
                 (unsigned)a->prog, (unsigned)a->vers, (unsigned)a->proc, caller(req, who));
        return RPC_HANDLER_NO_REPLY;
    }
    if (strcmp(host, "0.0.0.0") == 0)
        server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    server.sin_port = htons((unsigned short)port);
    clnt = rpc_client_create_addr((struct sockaddr *)&server, sizeof server, a->prog, a->vers,
                                  RPC_UDP, &err);
    if (clnt == NULL)
        return RPC_HANDLER_NO_REPLY;
    rpc_client_set_retry(clnt, CALLIT_TIMEOUT_MS / 4);
    if (rpc_client_call(clnt, a->proc, xdr_raw_bytes, &args, xdr_raw_bytes, &reply,
                        CALLIT_TIMEOUT_MS) == RPC_OK) {
        const unsigned char *data = reply.data;
        uint32_t length = (uint32_t)reply.length;
        uint32_t port_result = port;
        char *addr = uaddr;

        snprintf(uaddr, sizeof uaddr, "%s", m->uaddr);
        if (req->vers == PMAP_VERS ? rpc_xdr_u_int(results, &port_result)
                                   : rpc_xdr_string(results, &addr, RPCB_MAXUADDR))
            if (rpc_xdr_bytes_ref(results, &data, &length, PMAP_MAXARGS))
                outcome = RPC_ACCEPT_SUCCESS;
    }
    sl_trace("CALLIT(%u, %u, %u) from %s to udp port %u: %s", (unsigned)a->prog,
             (unsigned)a->vers, (unsigned)a->proc, caller(req, who), port,
             outcome == RPC_ACCEPT_SUCCESS ? "answered" : "no answer");
    rpc_client_destroy(clnt);
    return outcome;
}

/* CALLIT (all versions) and INDIRECT (version 4): local callers only. */
static int callit(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct rmtcall_args a;

    counted(req);
    if (refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!rpc_xdr_rmtcall_args(args, &a))
        return RPC_ACCEPT_GARBAGE_ARGS;
    return forward(req, &a, results);
}

/* ---- versions 3 and 4 (rpcbind) ----------------------------------------------- */

static int rpcb_set(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = counted(req);
    const struct rpcb *r = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!printable(r->netid) || !printable(r->addr)) {
        sl_trace("v%u SET from %s: unprintable netid or address refused", (unsigned)req->vers,
                 caller(req, who));
        *done = false;
        return RPC_ACCEPT_SUCCESS;
    }
    *done = r->netid[0] != '\0' && r->addr[0] != '\0' && r->prog != PMAP_PROG &&
            table_add(pm, r->prog, r->vers, r->netid, r->addr, "unknown");
    if (*done)
        pm->stats[req->vers - 2].sets++;
    sl_trace("v%u SET(%u, %u, %s, %s) from %s = %s", (unsigned)req->vers, (unsigned)r->prog,
             (unsigned)r->vers, r->netid, r->addr, caller(req, who), *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int rpcb_unset(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = counted(req);
    struct rpcb *r = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!printable(r->netid))
        strcpy(r->netid, "?");                      /* matches nothing, prints safely */
    *done = r->prog != PMAP_PROG &&
            table_remove(pm, r->prog, r->vers, r->netid, false, "unknown");
    if (*done)
        pm->stats[req->vers - 2].unsets++;
    sl_trace("v%u UNSET(%u, %u, %s) from %s = %s", (unsigned)req->vers, (unsigned)r->prog,
             (unsigned)r->vers, r->netid[0] ? r->netid : "*", caller(req, who),
             *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

/* GETADDR (any version of the program, as rpcbind) and GETVERSADDR (this
 * version only): the universal address, "" if not registered. */
static int rpcb_getaddr(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = counted(req);
    struct rpcb r;
    const struct mapping *m;
    char uaddr[RPCB_MAXUADDR + 1] = "", who[SL_ADDRSTRLEN];
    char *text = uaddr;

    if (!rpc_xdr_rpcb(args, &r))
        return RPC_ACCEPT_GARBAGE_ARGS;
    if (!printable(r.netid))
        strcpy(r.netid, "?");                         /* matches nothing, prints safely */
    m = find_mapping(pm, r.prog, r.vers, r.netid, req->proc == RPCBPROC_GETVERSADDR);
    if (m != NULL)
        merged_uaddr(req, m, uaddr, sizeof uaddr);
    sl_trace("v%u GETADDR(%u, %u, %s) from %s = \"%s\"", (unsigned)req->vers,
             (unsigned)r.prog, (unsigned)r.vers, r.netid, caller(req, who), uaddr);
    return rpc_xdr_string(results, &text, RPCB_MAXUADDR) ? RPC_ACCEPT_SUCCESS
                                                         : RPC_ACCEPT_SYSTEM_ERR;
}

/* DUMP: every registration, all netids, with its owner. */
static int rpcb_dump(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = counted(req);
    bool more = true, end = false;

    (void)args;
    for (size_t i = 0; i < pm->count; i++) {
        struct rpcb entry;

        entry.prog = pm->table[i].prog;
        entry.vers = pm->table[i].vers;
        memcpy(entry.netid, pm->table[i].netid, sizeof entry.netid);
        memcpy(entry.addr, pm->table[i].uaddr, sizeof entry.addr);
        memcpy(entry.owner, pm->table[i].owner, sizeof entry.owner);
        if (!rpc_xdr_bool(results, &more) || !rpc_xdr_rpcb(results, &entry))
            return RPC_ACCEPT_SYSTEM_ERR;
    }
    return rpc_xdr_bool(results, &end) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

static int rpcb_gettime(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    counted(req);
    *(uint32_t *)result = (uint32_t)time(NULL);
    return RPC_ACCEPT_SUCCESS;
}

/* UADDR2TADDR: a universal address -> a netbuf holding the socket address
 * (struct sockaddr_in or sockaddr_in6 as this machine lays it out); an
 * address that does not parse gives an empty netbuf. */
static int rpcb_uaddr2taddr(struct rpc_request *req, struct rpc_xdr *args,
                            struct rpc_xdr *results)
{
    char uaddr[RPCB_MAXUADDR + 1], host[RPCB_MAXUADDR + 1];
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    const unsigned char *data = NULL;
    uint32_t length = 0;
    unsigned port;

    counted(req);
    if (!rpc_xdr_string_buf(args, uaddr, sizeof uaddr))
        return RPC_ACCEPT_GARBAGE_ARGS;
    memset(&in4, 0, sizeof in4);
    memset(&in6, 0, sizeof in6);
    if (rpc_uaddr_split(uaddr, host, sizeof host, &port)) {
        if (inet_pton(AF_INET, host, &in4.sin_addr) == 1) {
            in4.sin_family = AF_INET;
            in4.sin_port = htons((unsigned short)port);
            data = (const unsigned char *)&in4;
            length = sizeof in4;
        } else if (inet_pton(AF_INET6, host, &in6.sin6_addr) == 1) {
            in6.sin6_family = AF_INET6;
            in6.sin6_port = htons((unsigned short)port);
            data = (const unsigned char *)&in6;
            length = sizeof in6;
        }
    }
    return rpc_xdr_u_int(results, &length) &&
           rpc_xdr_bytes_ref(results, &data, &length, length) ? RPC_ACCEPT_SUCCESS
                                                              : RPC_ACCEPT_SYSTEM_ERR;
}

/* TADDR2UADDR: the reverse; a netbuf that is not an IPv4 or IPv6 address
 * gives "". */
static int rpcb_taddr2uaddr(struct rpc_request *req, struct rpc_xdr *args,
                            struct rpc_xdr *results)
{
    struct sockaddr_storage addr;
    const unsigned char *data;
    uint32_t maxlen, length;
    char uaddr[RPCB_MAXUADDR + 1] = "";
    char *text = uaddr;

    counted(req);
    if (!rpc_xdr_u_int(args, &maxlen) || !rpc_xdr_bytes_ref(args, &data, &length, 1024))
        return RPC_ACCEPT_GARBAGE_ARGS;
    memset(&addr, 0, sizeof addr);
    memcpy(&addr, data, length < sizeof addr ? length : sizeof addr);
    if ((addr.ss_family == AF_INET && length >= sizeof(struct sockaddr_in)) ||
        (addr.ss_family == AF_INET6 && length >= sizeof(struct sockaddr_in6)))
        rpc_uaddr_of((struct sockaddr *)&addr, uaddr, sizeof uaddr);
    return rpc_xdr_string(results, &text, RPCB_MAXUADDR) ? RPC_ACCEPT_SUCCESS
                                                         : RPC_ACCEPT_SYSTEM_ERR;
}

/* GETADDRLIST (version 4): every address of (prog, vers), with what each
 * netid is (rpcb_entry: address, netid, semantics, family, protocol). */
static int rpcb_getaddrlist(struct rpc_request *req, struct rpc_xdr *args,
                            struct rpc_xdr *results)
{
    struct portmap *pm = counted(req);
    struct rpcb r;
    bool more = true, end = false;

    if (!rpc_xdr_rpcb(args, &r))
        return RPC_ACCEPT_GARBAGE_ARGS;
    for (size_t i = 0; i < pm->count; i++) {
        const struct mapping *m = &pm->table[i];
        char uaddr[RPCB_MAXUADDR + 1], netid[RPCB_MAXNETID + 1];
        char *maddr = uaddr, *id = netid, *family, *proto;
        bool tcp = strncmp(m->netid, "tcp", 3) == 0, udp = strncmp(m->netid, "udp", 3) == 0;
        uint32_t semantics = udp ? 1 : 3;     /* NC_TPI_CLTS, NC_TPI_COTS_ORD */

        if (m->prog != r.prog || m->vers != r.vers)
            continue;
        merged_uaddr(req, m, uaddr, sizeof uaddr);
        snprintf(netid, sizeof netid, "%s", m->netid);
        family = !tcp && !udp ? "loopback" : strchr(m->netid, '6') ? "inet6" : "inet";
        proto = tcp ? "tcp" : udp ? "udp" : "-";
        if (!rpc_xdr_bool(results, &more) || !rpc_xdr_string(results, &maddr, RPCB_MAXUADDR) ||
            !rpc_xdr_string(results, &id, RPCB_MAXNETID) || !rpc_xdr_u_int(results, &semantics) ||
            !rpc_xdr_string(results, &family, 16) || !rpc_xdr_string(results, &proto, 16))
            return RPC_ACCEPT_SYSTEM_ERR;
    }
    return rpc_xdr_bool(results, &end) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

/* GETSTAT (version 4): for versions 2, 3 and 4, calls per procedure, SETs and
 * UNSETs done, then two empty lists (addresses and forwarded calls). */
static int rpcb_getstat(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = counted(req);
    bool none = false;

    (void)args;
    for (int v = 0; v < 3; v++) {
        for (int p = 0; p < STAT_PROCS; p++)
            if (!rpc_xdr_u_int(results, &pm->stats[v].calls[p]))
                return RPC_ACCEPT_SYSTEM_ERR;
        if (!rpc_xdr_u_int(results, &pm->stats[v].sets) ||
            !rpc_xdr_u_int(results, &pm->stats[v].unsets) ||
            !rpc_xdr_bool(results, &none) || !rpc_xdr_bool(results, &none))
            return RPC_ACCEPT_SYSTEM_ERR;
    }
    return RPC_ACCEPT_SUCCESS;
}

/* ---- the procedure tables ------------------------------------------------------ */

#define BOOL_RESULT .result_proc = rpc_xdrproc_bool, .result_size = sizeof(bool)
#define PMAP_ARGS   .args_proc = rpc_xdr_pmap, .args_size = sizeof(struct pmap)
#define RPCB_ARGS   .args_proc = rpc_xdr_rpcb, .args_size = sizeof(struct rpcb)

static const struct rpc_proc pmap_v2_procs[] = {
    { .proc = PMAPPROC_NULL, .handler = null_proc },
    { .proc = PMAPPROC_SET, .handler = pmap_set, PMAP_ARGS, BOOL_RESULT },
    { .proc = PMAPPROC_UNSET, .handler = pmap_unset, PMAP_ARGS, BOOL_RESULT },
    { .proc = PMAPPROC_GETPORT, .handler = pmap_getport, PMAP_ARGS,
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = PMAPPROC_DUMP, .raw = pmap_dump },
    { .proc = PMAPPROC_CALLIT, .raw = callit },
};

/* Version 4 is version 3 plus procedures 9 to 12; tables are indexed by
 * procedure number, version 3 uses the first 9 entries. */
static const struct rpc_proc rpcb_procs[] = {
    { .proc = RPCBPROC_NULL, .handler = null_proc },
    { .proc = RPCBPROC_SET, .handler = rpcb_set, RPCB_ARGS, BOOL_RESULT },
    { .proc = RPCBPROC_UNSET, .handler = rpcb_unset, RPCB_ARGS, BOOL_RESULT },
    { .proc = RPCBPROC_GETADDR, .raw = rpcb_getaddr },
    { .proc = RPCBPROC_DUMP, .raw = rpcb_dump },
    { .proc = RPCBPROC_CALLIT, .raw = callit },
    { .proc = RPCBPROC_GETTIME, .handler = rpcb_gettime,
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = RPCBPROC_UADDR2TADDR, .raw = rpcb_uaddr2taddr },
    { .proc = RPCBPROC_TADDR2UADDR, .raw = rpcb_taddr2uaddr },
    { .proc = RPCBPROC_GETVERSADDR, .raw = rpcb_getaddr },
    { .proc = RPCBPROC_INDIRECT, .raw = callit },
    { .proc = RPCBPROC_GETADDRLIST, .raw = rpcb_getaddrlist },
    { .proc = RPCBPROC_GETSTAT, .raw = rpcb_getstat },
};

/* ---- setting up ------------------------------------------------------------------ */

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc.md): the portmapper, program 100000: maps (program, version,\n"
           "protocol) to a port for RPC clients. Speaks version 2 (portmap) and versions 3\n"
           "and 4 (rpcbind), on TCP and UDP, IPv4 and IPv6, so rpcinfo and libtirpc servers\n"
           "work with it. Only the local host may register (SET) or unregister (UNSET).\n"
           "  -b ADDR   address to listen on, up to %d times (default 127.0.0.1 and ::1;\n"
           "            -b 0.0.0.0 -b :: for every interface)\n"
           "  -p PORT   port for TCP and UDP, 0..65535 (default 111, which needs root)\n"
           "  -s PATH   also listen on an AF_UNIX socket, like rpcbind's /run/rpcbind.sock\n"
           "  -v        trace every socket and every request on stderr\n"
           "example: rpc_portmap -p 11111\n", USAGE, MAX_BIND);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    memset(opts, 0, sizeof *opts);
    opts->port = PMAP_PORT;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:p:s:v")) != -1) {
        switch (opt) {
        case 'b':
            if (opts->naddrs == MAX_BIND)
                return sl_usage_error(USAGE, "too many -b addresses: '%s' (at most %d)",
                                      optarg, MAX_BIND);
            opts->addrs[opts->naddrs++] = optarg;
            break;
        case 's': opts->unix_path = optarg; break;
        case 'v': sl_trace_enable(1); break;
        case 'p':
            if (sl_parse_port(optarg, 1, &opts->port) < 0)
                return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 0..65535)",
                                      optarg);
            break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (optind < argc)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind]);
    return 0;
}

/* Registers the portmapper itself, as rpcbind does: versions 4, 3 and 2 on
 * tcp and udp, 4 and 3 on tcp6, udp6 and local. */
static void register_self(struct portmap *pm, const char *netid, const char *uaddr)
{
    bool v2 = strcmp(netid, "tcp") == 0 || strcmp(netid, "udp") == 0;

    table_add(pm, PMAP_PROG, RPCB_VERS4, netid, uaddr, pm->self_owner);
    table_add(pm, PMAP_PROG, RPCB_VERS, netid, uaddr, pm->self_owner);
    if (v2)
        table_add(pm, PMAP_PROG, PMAP_VERS, netid, uaddr, pm->self_owner);
}

/* Creates one socket (TCP or UDP) on host:port, adds it to the server,
 * registers it in the table and appends where it is to report (REPORT_SIZE
 * bytes; first: the "Listening on" line). Returns the port bound, or -1
 * with errno (reported unless quiet). */
static int open_endpoint(struct rpc_server *srv, struct portmap *pm, enum rpc_transport transport,
                         const char *host, unsigned short port, bool first, bool quiet,
                         char *report)
{
    struct in6_addr probe;
    int family = inet_pton(AF_INET6, host, &probe) == 1 ? AF_INET6 : AF_INET;
    struct sockaddr_storage bound;
    char text[SL_ADDRSTRLEN], uaddr[RPCB_MAXUADDR + 1], netid[8];
    int fd = rpc_server_listen(srv, transport, family, host, port, true, &bound);

    sl_trace("socket(%s, %s), bind(%s:%u)%s = %d", sl_family_name(family),
             transport == RPC_TCP ? "SOCK_STREAM" : "SOCK_DGRAM", host, (unsigned)port,
             transport == RPC_TCP ? ", listen" : "", fd);
    if (fd < 0) {
        if (!quiet) {
            int saved = errno;
            int socktype = transport == RPC_TCP ? SOCK_STREAM : SOCK_DGRAM;
            socklen_t wanted_len;

            sl_error("%s %s port %u", rpc_transport_name(transport), host, (unsigned)port);
            if (sl_resolve(host, port, family, socktype, 1, &bound, &wanted_len) == 0)
                sl_hint_bind(saved, (struct sockaddr *)&bound, socktype, 1);   /* SO_REUSEADDR */
            else
                sl_hint_for(saved, NULL, NULL);
            errno = saved;
        }
        return -1;
    }
    sl_addr_string((struct sockaddr *)&bound, text);
    if (first)
        snprintf(report + strlen(report), REPORT_SIZE - strlen(report),
                 "Listening on %s (pid %ld)\n", text, (long)getpid());
    else
        snprintf(report + strlen(report), REPORT_SIZE - strlen(report), "%s on %s\n",
                 transport == RPC_TCP ? "TCP" : "UDP", text);
    snprintf(netid, sizeof netid, "%s%s", rpc_transport_name(transport),
             family == AF_INET6 ? "6" : "");
    rpc_uaddr_of((struct sockaddr *)&bound, uaddr, sizeof uaddr);
    register_self(pm, netid, uaddr);
    return sl_addr_port((struct sockaddr *)&bound);
}

/* Opens every socket: TCP then UDP on each address, all on the same port
 * (with -p 0, the port the first one got), and writes what it opened into
 * report. The default IPv6 address is
 * skipped, with a warning, where IPv6 is not available. Returns 0, -1
 * (reported), or -2 with -p 0 if a UDP socket failed (errno; not reported). */
static int open_endpoints(struct rpc_server *srv, struct portmap *pm, const struct options *opts,
                          char *report)
{
    static const char *defaults[] = { "127.0.0.1", "::1" };
    const char *const *addrs = opts->naddrs > 0 ? opts->addrs : defaults;
    int naddrs = opts->naddrs > 0 ? opts->naddrs : 2;
    unsigned short port = opts->port;
    bool first = true;

    for (int i = 0; i < naddrs; i++) {
        bool optional = opts->naddrs == 0 && i == 1;   /* the default ::1 */
        int got = open_endpoint(srv, pm, RPC_TCP, addrs[i], port, first, optional, report);

        if (got < 0 && optional &&
            (errno == EADDRNOTAVAIL || errno == EAFNOSUPPORT || errno == EHOSTUNREACH)) {
            sl_errorx("IPv6 is not available here: listening on IPv4 only");
            continue;
        }
        if (got < 0)
            return -1;
        /* With -p 0, the port the kernel gave TCP may be taken on UDP: the
         * caller then starts again (quiet: not an error yet). */
        if (open_endpoint(srv, pm, RPC_UDP, addrs[i], (unsigned short)got, false,
                          opts->port == 0, report) < 0)
            return opts->port == 0 ? -2 : -1;
        port = (unsigned short)got;
        first = false;
    }
    pm->port = port;
    if (opts->unix_path != NULL) {
        int fd = rpc_server_listen_unix(srv, opts->unix_path);

        sl_trace("socket(AF_UNIX, SOCK_STREAM), bind(%s), listen = %d", opts->unix_path, fd);
        if (fd < 0) {
            sl_error("AF_UNIX socket %s", opts->unix_path);
            return -1;
        }
        snprintf(report + strlen(report), REPORT_SIZE - strlen(report), "Local socket %s\n",
                 opts->unix_path);
        register_self(pm, "local", opts->unix_path);
    }
    return 0;
}

/* Log hook of the runtime: one line on stderr. */
static void log_to_stderr(void *ctx, const char *line)
{
    (void)ctx;
    sl_errorx("%s", line);
}

/* A server runtime serving program 100000 versions 2, 3 and 4 with pm's
 * table, logging on stderr. Returns NULL (errno) on failure. */
static struct rpc_server *create_server(struct portmap *pm)
{
    struct rpc_server *srv = rpc_server_create();

    if (srv == NULL ||
        rpc_server_register(srv, PMAP_PROG, PMAP_VERS, pmap_v2_procs,
                            sizeof pmap_v2_procs / sizeof pmap_v2_procs[0], pm) < 0 ||
        rpc_server_register(srv, PMAP_PROG, RPCB_VERS, rpcb_procs, RPCBPROC_TADDR2UADDR + 1,
                            pm) < 0 ||
        rpc_server_register(srv, PMAP_PROG, RPCB_VERS4, rpcb_procs,
                            sizeof rpcb_procs / sizeof rpcb_procs[0], pm) < 0) {
        int saved = errno;
        rpc_server_destroy(srv);
        errno = saved;
        return NULL;
    }
    rpc_server_set_log(srv, log_to_stderr, NULL, sl_tracing());
    return srv;
}

int main(int argc, char *argv[])
{
    static struct portmap pm;    /* 1024 registrations: static, not on the stack */
    struct options opts;
    struct rpc_server *srv;
    static char uid[RPCB_MAXOWNER + 1];   /* static: pm (static) points to it */
    char report[REPORT_SIZE];
    int status, saved_errno;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    snprintf(uid, sizeof uid, "%ld", (long)geteuid());
    pm.self_owner = geteuid() == 0 ? "superuser" : uid;
    sl_catch_stop_signals();

    /* socket, bind, listen on every address, and the runtime that serves
     * the three versions of program 100000 there; then register ourselves.
     * With -p 0, again if the port TCP got is taken on UDP. */
    for (int attempt = 1;; attempt++) {
        report[0] = '\0';
        pm.count = 0;
        srv = create_server(&pm);
        if (srv == NULL) {
            sl_error("rpc_server_create");
            return 1;
        }
        status = open_endpoints(srv, &pm, &opts, report);
        if (status == 0)
            break;
        saved_errno = errno;
        rpc_server_destroy(srv);
        if (status == -2 && saved_errno == EADDRINUSE && attempt < PORT0_TRIES)
            continue;
        errno = saved_errno;
        if (status == -2)
            sl_error("UDP socket on the port given to TCP (%d attempts)", attempt);
        return 1;
    }
    fputs(report, stdout);

    /* Serve until Ctrl-C. */
    status = rpc_server_run(srv, sl_interrupted) == 0 ? 0 : 1;
    if (status != 0)
        sl_error("poll");
    if (sl_interrupted())
        sl_errorx("interrupted: closing every socket and exiting");
    rpc_server_destroy(srv);
    return status;
}
