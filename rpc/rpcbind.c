/*
 * rpcbind.c - rpc_portmap's versions 3 and 4 of program 100000 ("rpcbind",
 * RFC 1833), and CALLIT in every version: what rpcinfo and libtirpc servers
 * need beyond TP3's lesson, which is in rpc_portmap.c (version 2's SET,
 * UNSET, GETPORT, DUMP). Both serve the same table, pmap_table.c; this file
 * is called by rpc_portmap.c only through rpcbind.h.
 *
 * Versions 3 and 4 speak universal addresses ("127.0.0.1.3.233" is
 * 127.0.0.1 port 3*256+233 = 1001) and netids ("tcp", "udp6", "local")
 * where version 2 speaks port numbers and protocol numbers:
 *     struct rpcb { unsigned prog, vers; string netid, addr, owner; };
 *     SET, UNSET (rpcb -> bool), GETADDR (rpcb -> string), DUMP, GETTIME,
 *     UADDR2TADDR, TADDR2UADDR; v4 adds GETVERSADDR, INDIRECT,
 *     GETADDRLIST, GETSTAT.
 * CALLIT (call_args: prog, vers, proc, opaque args) forwards a call to a
 * registered UDP service on the loopback and answers its results, for local
 * callers only, waiting at most CALLIT_TIMEOUT_MS.
 */
#include "common.h"
#include "pmap_table.h"
#include "rpcbind.h"
#include "rpc_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define CALLIT_TIMEOUT_MS 1000   /* a forwarded call waits at most this long */

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
    const struct mapping *m = pmap_table_find(pm, a->prog, a->vers, "udp", true);
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
                 (unsigned)a->prog, (unsigned)a->vers, (unsigned)a->proc,
                 pmap_table_caller(req, who));
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
             (unsigned)a->vers, (unsigned)a->proc, pmap_table_caller(req, who), port,
             outcome == RPC_ACCEPT_SUCCESS ? "answered" : "no answer");
    rpc_client_destroy(clnt);
    return outcome;
}

/* CALLIT (all versions) and INDIRECT (version 4): local callers only. */
int rpcbind_callit(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct rmtcall_args a;

    pmap_table_counted(req);
    if (pmap_table_refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!rpc_xdr_rmtcall_args(args, &a))
        return RPC_ACCEPT_GARBAGE_ARGS;
    return forward(req, &a, results);
}

/* ---- versions 3 and 4 (rpcbind) ----------------------------------------------- */

static int rpcb_set(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = pmap_table_counted(req);
    const struct rpcb *r = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (pmap_table_refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!printable(r->netid) || !printable(r->addr)) {
        sl_trace("v%u SET from %s: unprintable netid or address refused", (unsigned)req->vers,
                 pmap_table_caller(req, who));
        *done = false;
        return RPC_ACCEPT_SUCCESS;
    }
    *done = r->netid[0] != '\0' && r->addr[0] != '\0' && r->prog != PMAP_PROG &&
            pmap_table_add(pm, r->prog, r->vers, r->netid, r->addr, "unknown");
    if (*done)
        pm->stats[req->vers - 2].sets++;
    sl_trace("v%u SET(%u, %u, %s, %s) from %s = %s", (unsigned)req->vers, (unsigned)r->prog,
             (unsigned)r->vers, r->netid, r->addr, pmap_table_caller(req, who),
             *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int rpcb_unset(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = pmap_table_counted(req);
    struct rpcb *r = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (pmap_table_refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    if (!printable(r->netid))
        strcpy(r->netid, "?");                      /* matches nothing, prints safely */
    *done = r->prog != PMAP_PROG &&
            pmap_table_remove(pm, r->prog, r->vers, r->netid, false, "unknown");
    if (*done)
        pm->stats[req->vers - 2].unsets++;
    sl_trace("v%u UNSET(%u, %u, %s) from %s = %s", (unsigned)req->vers, (unsigned)r->prog,
             (unsigned)r->vers, r->netid[0] ? r->netid : "*", pmap_table_caller(req, who),
             *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

/* GETADDR (any version of the program, as rpcbind) and GETVERSADDR (this
 * version only): the universal address, "" if not registered. */
static int rpcb_getaddr(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = pmap_table_counted(req);
    struct rpcb r;
    const struct mapping *m;
    char uaddr[RPCB_MAXUADDR + 1] = "", who[SL_ADDRSTRLEN];
    char *text = uaddr;

    if (!rpc_xdr_rpcb(args, &r))
        return RPC_ACCEPT_GARBAGE_ARGS;
    if (!printable(r.netid))
        strcpy(r.netid, "?");                         /* matches nothing, prints safely */
    m = pmap_table_find(pm, r.prog, r.vers, r.netid, req->proc == RPCBPROC_GETVERSADDR);
    if (m != NULL)
        merged_uaddr(req, m, uaddr, sizeof uaddr);
    sl_trace("v%u GETADDR(%u, %u, %s) from %s = \"%s\"", (unsigned)req->vers,
             (unsigned)r.prog, (unsigned)r.vers, r.netid, pmap_table_caller(req, who), uaddr);
    return rpc_xdr_string(results, &text, RPCB_MAXUADDR) ? RPC_ACCEPT_SUCCESS
                                                         : RPC_ACCEPT_SYSTEM_ERR;
}

/* DUMP: every registration, all netids, with its owner. */
static int rpcb_dump(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = pmap_table_counted(req);
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
    pmap_table_counted(req);
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

    pmap_table_counted(req);
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

    pmap_table_counted(req);
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
    struct portmap *pm = pmap_table_counted(req);
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
    struct portmap *pm = pmap_table_counted(req);
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

/* ---- the procedure table ------------------------------------------------------ */

#define BOOL_RESULT .result_proc = rpc_xdrproc_bool, .result_size = sizeof(bool)
#define RPCB_ARGS   .args_proc = rpc_xdr_rpcb, .args_size = sizeof(struct rpcb)

/* Version 4 is version 3 plus procedures 9 to 12; tables are indexed by
 * procedure number, version 3 uses the first 9 entries. */
static const struct rpc_proc rpcb_procs[] = {
    { .proc = RPCBPROC_NULL, .handler = pmap_table_null_proc },
    { .proc = RPCBPROC_SET, .handler = rpcb_set, RPCB_ARGS, BOOL_RESULT },
    { .proc = RPCBPROC_UNSET, .handler = rpcb_unset, RPCB_ARGS, BOOL_RESULT },
    { .proc = RPCBPROC_GETADDR, .raw = rpcb_getaddr },
    { .proc = RPCBPROC_DUMP, .raw = rpcb_dump },
    { .proc = RPCBPROC_CALLIT, .raw = rpcbind_callit },
    { .proc = RPCBPROC_GETTIME, .handler = rpcb_gettime,
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = RPCBPROC_UADDR2TADDR, .raw = rpcb_uaddr2taddr },
    { .proc = RPCBPROC_TADDR2UADDR, .raw = rpcb_taddr2uaddr },
    { .proc = RPCBPROC_GETVERSADDR, .raw = rpcb_getaddr },
    { .proc = RPCBPROC_INDIRECT, .raw = rpcbind_callit },
    { .proc = RPCBPROC_GETADDRLIST, .raw = rpcb_getaddrlist },
    { .proc = RPCBPROC_GETSTAT, .raw = rpcb_getstat },
};

int rpcbind_register(struct rpc_server *srv, struct portmap *pm)
{
    if (rpc_server_register(srv, PMAP_PROG, RPCB_VERS, rpcb_procs, RPCBPROC_TADDR2UADDR + 1,
                            pm) < 0)
        return -1;
    return rpc_server_register(srv, PMAP_PROG, RPCB_VERS4, rpcb_procs,
                               sizeof rpcb_procs / sizeof rpcb_procs[0], pm);
}
