/*
 * pmap_clnt.c - the questions a program asks a portmapper (RFC 1833), over
 * the client runtime: GETPORT (version 2), GETADDR (rpcbind version 4),
 * each at every address of the host in turn; SET and UNSET through
 * rpcbind's AF_LOCAL socket (version 4) or to 127.0.0.1 over UDP (version
 * 2); and taking over the registration of a dead server. See pmap_prot.h for the
 * contracts.
 */
#include "pmap_prot.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

/* No timeout of one's own, no trace, no watcher. */
static const struct rpc_pmap_ask no_settings;

/* Fills *err for status with errno value sys_errno (0 if none). */
static void set_error(struct rpc_error *err, enum rpc_status status, int sys_errno)
{
    *err = (struct rpc_error){ .status = status, .sys_errno = sys_errno };
}

/* ---- asking a portmapper or rpcbind -------------------------------------- */

/* What ask_binder() does to the arguments before asking at an address of
 * family (AF_INET, AF_INET6): rpcbind's netid follows the address. */
typedef void (*binder_prepare)(void *args, int family);

/* Calls procedure proc of version vers of the portmapper program at
 * host:port over UDP, at each address host resolves to until one answers
 * (prepare, if not NULL, adapting args to each). Failures to reach it become
 * RPC_ERR_PMAPFAILURE with the reason in err->cause (an unknown host stays
 * RPC_ERR_UNKNOWNHOST). ask (may be NULL): timeout, trace, watcher. */
static enum rpc_status ask_binder(const char *host, unsigned short port, uint32_t vers,
                                  uint32_t proc, rpc_xdrproc args_proc, void *args,
                                  binder_prepare prepare, rpc_xdrproc result_proc,
                                  void *result, struct rpc_error *err,
                                  const struct rpc_pmap_ask *ask)
{
    struct addrinfo hints, *answers, *ai;
    enum rpc_status status = RPC_ERR_UNKNOWNHOST;
    char service[8];

    /* Every address the name resolves to, in turn (vm1: its IPv6 address,
     * then its IPv4 one): a UDP "connection" always succeeds, so an address
     * where no portmapper answers (ICMP unreachable, or silence) is only
     * known at the call, and the next one is tried then. */
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (ask == NULL)
        ask = &no_settings;
    set_error(err, RPC_ERR_UNKNOWNHOST, 0);
    if ((err->gai_error = getaddrinfo(host, service, &hints, &answers)) != 0)
        return RPC_ERR_UNKNOWNHOST;
    for (ai = answers; ai != NULL; ai = ai->ai_next) {
        struct rpc_client *binder = rpc_client_create_addr(ai->ai_addr, ai->ai_addrlen,
                                                           PMAP_PROG, vers, RPC_UDP, err);

        if (binder == NULL) {
            status = err->status;
            if (ask->asked != NULL)
                ask->asked(ask->asked_ctx, ai->ai_addr, status, err);
            continue;
        }
        if (prepare != NULL)
            prepare(args, ai->ai_family);
        rpc_client_set_trace(binder, ask->trace, ask->trace_ctx);
        status = rpc_client_call(binder, proc, args_proc, args, result_proc, result,
                                 ask->timeout_ms > 0 ? ask->timeout_ms : RPC_PMAP_TIMEOUT_MS);
        *err = *rpc_client_error(binder);
        rpc_client_destroy(binder);
        if (ask->asked != NULL)
            ask->asked(ask->asked_ctx, ai->ai_addr, status, err);
        if (status != RPC_ERR_CANTRECV && status != RPC_ERR_CANTSEND &&
            status != RPC_ERR_TIMEDOUT)
            break;                  /* an answer, even an error, ends the search */
    }
    freeaddrinfo(answers);
    if (status != RPC_OK) {
        err->cause = status;
        err->status = RPC_ERR_PMAPFAILURE;
    }
    return err->status;
}

/* ---- the portmapper's GETPORT -------------------------------------------- */

enum rpc_status rpc_pmap_getport_ask(const char *host, unsigned short pmap_port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport, unsigned short *port,
                                     struct rpc_error *err, const struct rpc_pmap_ask *ask)
{
    struct pmap query = { prog, vers, (uint32_t)transport, 0 };
    uint32_t answer = 0;

    if (ask_binder(host, pmap_port, PMAP_VERS, PMAPPROC_GETPORT, rpc_xdr_pmap,
                   &query, NULL, rpc_xdrproc_u_int, &answer, err, ask) != RPC_OK)
        return err->status;
    if (answer == 0 || answer > 65535) {
        set_error(err, RPC_ERR_PROGNOTREGISTERED, 0);
        return err->status;
    }
    *port = (unsigned short)answer;
    return RPC_OK;
}

enum rpc_status rpc_pmap_getport(const char *host, unsigned short pmap_port,
                                 uint32_t prog, uint32_t vers,
                                 enum rpc_transport transport,
                                 unsigned short *port, struct rpc_error *err)
{
    return rpc_pmap_getport_ask(host, pmap_port, prog, vers, transport, port, err, NULL);
}

/* ---- rpcbind's GETADDR (version 4) ---------------------------------------- */

/* GETADDR's question: a struct rpcb (pmap_prot.h), first, so that
 * rpc_xdr_rpcb encodes it, and the transport asked for (not on the wire: it
 * makes the netid). */
struct rpcb_query {
    struct rpcb rpcb;
    enum rpc_transport transport;
};

/* The netid of q's transport on an address of family, the one the question
 * travels on: "udp" over IPv4, "udp6" over IPv6, "tcp", "tcp6". */
static void rpcb_set_netid(void *args, int family)
{
    struct rpcb_query *q = args;
    bool ipv6 = family == AF_INET6;

    snprintf(q->rpcb.netid, sizeof q->rpcb.netid, "%s",
             q->transport == RPC_TCP ? (ipv6 ? "tcp6" : "tcp") : (ipv6 ? "udp6" : "udp"));
}

static bool xdr_uaddr(struct rpc_xdr *x, void *obj)
{
    return rpc_xdr_string_buf(x, obj, 256);
}

enum rpc_status rpc_rpcb_getaddr_ask(const char *host, unsigned short rpcb_port,
                                     uint32_t prog, uint32_t vers,
                                     enum rpc_transport transport, unsigned short *port,
                                     struct rpc_error *err, const struct rpc_pmap_ask *ask)
{
    struct rpcb_query query = { { prog, vers, "udp", "", "" }, transport };
    char uaddr[256] = "";

    if (ask_binder(host, rpcb_port, RPCB_VERS4, RPCBPROC_GETADDR, rpc_xdr_rpcb,
                   &query, rpcb_set_netid, xdr_uaddr, uaddr, err, ask) != RPC_OK)
        return err->status;
    if (uaddr[0] == '\0') {
        set_error(err, RPC_ERR_PROGNOTREGISTERED, 0);
        return err->status;
    }
    if (rpc_uaddr_port(uaddr, port) < 0) {
        set_error(err, RPC_ERR_PMAPFAILURE, 0);
        return err->status;
    }
    return RPC_OK;
}

enum rpc_status rpc_rpcb_getaddr(const char *host, unsigned short rpcb_port,
                                 uint32_t prog, uint32_t vers,
                                 enum rpc_transport transport,
                                 unsigned short *port, struct rpc_error *err)
{
    return rpc_rpcb_getaddr_ask(host, rpcb_port, prog, vers, transport, port, err, NULL);
}

/* ---- where SET and UNSET go ------------------------------------------------ */

int rpc_binder_init(struct rpc_binder *b, const char *local, bool local_only,
                    unsigned short port)
{
    memset(b, 0, sizeof *b);
    if (local != NULL && strlen(local) >= sizeof b->local) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(b->local, sizeof b->local, "%s", local != NULL ? local : "");
    b->local_only = local_only && b->local[0] != '\0';
    b->port = port;
    return 0;
}

/* A socket connected to rpcbind's AF_LOCAL socket at path, its connect
 * bounded by RPC_PMAP_TIMEOUT_MS (SO_SNDTIMEO: a full backlog would block
 * it). Returns the socket, or -1 with errno. */
static int local_connect(const char *path)
{
    struct sockaddr_un addr;
    struct timeval tv = { .tv_sec = RPC_PMAP_TIMEOUT_MS / 1000, .tv_usec = 0 };
    int fd, status, saved;

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    /* Checked: without the timeout, a full backlog could hold the caller forever. */
    status = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    while (status == 0 && connect(fd, (const struct sockaddr *)&addr, sizeof addr) < 0)
        if (errno != EINTR)
            status = -1;
    if (status < 0) {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int rpc_binder_choose(struct rpc_binder *b)
{
    int fd;

    if (b->local[0] == '\0')
        return 0;
    fd = local_connect(b->local);
    if (fd >= 0) {
        close(fd);
        return 0;
    }
    if (b->local_only)
        return -1;
    b->local[0] = '\0';      /* no rpcbind there: the portmapper over UDP */
    return 0;
}

const char *rpc_binder_where(const struct rpc_binder *b, char *text, size_t size)
{
    if (b->local[0] != '\0')
        snprintf(text, size, "%s", b->local);
    else
        snprintf(text, size, "127.0.0.1:%u", (unsigned)b->port);
    return text;
}

/* A client of rpcbind version 4 on b's AF_LOCAL socket, or NULL with *err. */
static struct rpc_client *local_binder(const struct rpc_binder *b, struct rpc_error *err)
{
    struct rpc_client *clnt;
    int fd = local_connect(b->local);

    if (fd < 0) {
        set_error(err, RPC_ERR_SYSTEMERROR, errno);
        return NULL;
    }
    clnt = rpc_client_create_fd(fd, RPC_LOCAL, PMAP_PROG, RPCB_VERS4, err);
    if (clnt == NULL)
        close(fd);
    return clnt;
}

/* Calls proc of rpcbind version 4 on b's AF_LOCAL socket. */
static enum rpc_status local_call(const struct rpc_binder *b, uint32_t proc,
                                  rpc_xdrproc args_proc, void *args,
                                  rpc_xdrproc result_proc, void *result,
                                  struct rpc_error *err)
{
    struct rpc_client *rpcbind = local_binder(b, err);
    enum rpc_status status;

    if (rpcbind == NULL)
        return err->status;
    status = rpc_client_call(rpcbind, proc, args_proc, args, result_proc, result,
                             RPC_PMAP_TIMEOUT_MS);
    *err = *rpc_client_error(rpcbind);
    rpc_client_destroy(rpcbind);
    return status;
}

/* The struct rpcb libtirpc's rpcb_set() and rpcb_unset() send for m: netid
 * and address for a SET only (UNSET: "", every netid), the euid as owner. */
static void rpcb_of(const struct rpc_binder *b, uint32_t proc, const struct pmap *m,
                    struct rpcb *r)
{
    memset(r, 0, sizeof *r);
    r->prog = m->prog;
    r->vers = m->vers;
    if (proc == PMAPPROC_SET) {
        snprintf(r->netid, sizeof r->netid, "%s", m->prot == IPPROTO_TCP ? "tcp" : "udp");
        snprintf(r->addr, sizeof r->addr, "%s.%u.%u", b->host[0] != '\0' ? b->host : "0.0.0.0",
                 (unsigned)(m->port >> 8), (unsigned)(m->port & 0xff));
    }
    snprintf(r->owner, sizeof r->owner, "%lu", (unsigned long)geteuid());
}

enum rpc_status rpc_pmap_change(const struct rpc_binder *b, uint32_t proc,
                                const struct pmap *m, bool *accepted,
                                struct rpc_error *err)
{
    struct rpc_client *pmap;
    enum rpc_status status;

    if (b->local[0] != '\0') {
        struct rpcb r;

        rpcb_of(b, proc, m, &r);
        return local_call(b, proc, rpc_xdr_rpcb, &r, rpc_xdrproc_bool, accepted, err);
    }
    pmap = rpc_client_create("127.0.0.1", b->port, PMAP_PROG, PMAP_VERS, RPC_UDP, err);
    if (pmap == NULL)
        return err->status;
    status = rpc_client_call(pmap, proc, rpc_xdr_pmap, m, rpc_xdrproc_bool, accepted,
                             RPC_PMAP_TIMEOUT_MS);
    *err = *rpc_client_error(pmap);
    rpc_client_destroy(pmap);
    return status;
}

/* What holder_port() looks for in rpcbind's DUMP, and what it found. */
struct dump_search {
    const struct pmap *m;           /* (prog, vers) and prot, as netid "tcp"/"udp"
                                       (prot 0: any netid) */
    char uaddr[RPCB_MAXUADDR + 1];  /* the holder's address, "" if none */
};

/* Decodes a DUMP's answer (version 4: TRUE rpcb TRUE rpcb ... FALSE) one
 * entry at a time, keeping the address of the one s->m asks for. */
static bool xdr_dump_search(struct rpc_xdr *x, void *obj)
{
    struct dump_search *s = obj;
    const char *netid = s->m->prot == IPPROTO_TCP ? "tcp" : "udp";
    struct rpcb entry;
    bool more;

    if (x->op != RPC_XDR_DECODE)
        return true;
    while (rpc_xdr_bool(x, &more) && more) {
        if (!rpc_xdr_rpcb(x, &entry))
            return false;
        if (entry.prog == s->m->prog && entry.vers == s->m->vers &&
            (s->m->prot == 0 || strcmp(entry.netid, netid) == 0) && entry.addr[0] != '\0')
            snprintf(s->uaddr, sizeof s->uaddr, "%s", entry.addr);
    }
    return x->error == RPC_XDR_OK;
}

/* The port of the server holding (m->prog, m->vers, m->prot): GETPORT at
 * 127.0.0.1:port, or, on the AF_LOCAL socket, the address DUMP lists (rpcbind
 * answers GETADDR there with "" for every entry). Returns as
 * rpc_pmap_getport(). */
static enum rpc_status holder_port(const struct rpc_binder *b, const struct pmap *m,
                                   unsigned short *port, struct rpc_error *err)
{
    struct dump_search search = { m, "" };

    if (b->local[0] == '\0')
        return rpc_pmap_getport("127.0.0.1", b->port, m->prog, m->vers,
                                m->prot == IPPROTO_TCP ? RPC_TCP : RPC_UDP, port, err);
    if (local_call(b, RPCBPROC_DUMP, NULL, NULL, xdr_dump_search, &search, err) != RPC_OK)
        return err->status;
    if (search.uaddr[0] == '\0') {
        set_error(err, RPC_ERR_PROGNOTREGISTERED, 0);
        return err->status;
    }
    if (rpc_uaddr_port(search.uaddr, port) < 0) {
        set_error(err, RPC_ERR_PMAPFAILURE, 0);
        return err->status;
    }
    return RPC_OK;
}

enum rpc_status rpc_pmap_registered(const struct rpc_binder *b, uint32_t prog, uint32_t vers,
                                    bool *registered, struct rpc_error *err)
{
    struct pmap any = { prog, vers, 0, 0 };
    struct dump_search search = { &any, "" };

    *registered = true;
    set_error(err, RPC_OK, 0);
    if (b->local[0] == '\0')
        return RPC_OK;              /* version 2's UNSET answers the truth */
    if (local_call(b, RPCBPROC_DUMP, NULL, NULL, xdr_dump_search, &search, err) != RPC_OK)
        return err->status;
    *registered = search.uaddr[0] != '\0';
    return RPC_OK;
}

/* ---- a dead server's registration ------------------------------------------ */

/* True if a server answers procedure 0 of (prog, vers) at host:port over
 * prot, within RPC_PMAP_PROBE_MS. A probe cut short by a signal (Ctrl-C)
 * proves nothing: *interrupted is set then. */
static bool holder_answers(const char *host, unsigned short port, const struct pmap *m,
                           bool *interrupted)
{
    enum rpc_transport transport = m->prot == IPPROTO_TCP ? RPC_TCP : RPC_UDP;
    struct rpc_error err;
    struct rpc_client *probe = rpc_client_create(host, port, m->prog, m->vers, transport,
                                                 &err);
    bool answered;

    *interrupted = false;
    if (probe == NULL) {
        *interrupted = err.sys_errno == EINTR;
        return false;                 /* TCP: nobody listens there any more */
    }
    rpc_client_set_retry(probe, RPC_PMAP_PROBE_MS / 4);
    answered = rpc_client_call(probe, 0, NULL, NULL, NULL, NULL, RPC_PMAP_PROBE_MS) == RPC_OK;
    *interrupted = !answered && rpc_client_error(probe)->sys_errno == EINTR;
    rpc_client_destroy(probe);
    return answered;
}

enum rpc_status rpc_pmap_claim(const struct rpc_binder *b, const struct pmap *m,
                               const char *probe_host, enum rpc_pmap_claim *claim,
                               unsigned short *holder, struct rpc_error *err)
{
    bool accepted = false, interrupted;
    enum rpc_status status;

    *claim = RPC_PMAP_REFUSED;
    *holder = 0;
    status = rpc_pmap_change(b, PMAPPROC_SET, m, &accepted, err);
    if (status != RPC_OK || accepted) {
        if (accepted)
            *claim = RPC_PMAP_REGISTERED;
        return status;
    }
    /* Refused: who holds it, and is it still there? */
    status = holder_port(b, m, holder, err);
    if (status == RPC_ERR_PROGNOTREGISTERED) {
        set_error(err, RPC_OK, 0);    /* refused for another reason */
        return RPC_OK;
    }
    if (status != RPC_OK)
        return status;
    if (holder_answers(probe_host, *holder, m, &interrupted)) {
        *claim = RPC_PMAP_HELD;
        return RPC_OK;
    }
    if (interrupted) {                /* not known dead: left alone */
        set_error(err, RPC_ERR_CANTRECV, EINTR);
        return err->status;
    }
    if ((status = rpc_pmap_change(b, PMAPPROC_UNSET, m, &accepted, err)) != RPC_OK ||
        (status = rpc_pmap_change(b, PMAPPROC_SET, m, &accepted, err)) != RPC_OK)
        return status;
    if (accepted)
        *claim = RPC_PMAP_TAKEN_OVER;
    return RPC_OK;
}
