/*
 * rpc_portmap.c - TP3, RPC: the portmapper (program 100000), the directory
 * of the RPC services of a machine, on TCP and UDP port 111.
 *
 * A server tells it "program P version V is on tcp port N" (SET); a client
 * asks "where is program P version V over tcp?" (GETPORT) and then calls the
 * server there. `rpcinfo -p` lists its table (DUMP). It is itself an RPC
 * program, served by the same runtime as the ARITH server:
 *   socket -> setsockopt(SO_REUSEADDR; IPV6_V6ONLY on ::1) -> bind -> listen
 *   (TCP), the same without listen (UDP), on 127.0.0.1 and ::1, port 111:
 *   the calls of TP1 and TP2 (and of the IPv6 lab), made here by
 *   common/listen.c's sl_server_socket, traced with -v
 *   -> register itself (100000 versions 4, 3, 2) in its own table
 *   -> serve version 2 ("portmap", this file): SET, UNSET, GETPORT, DUMP
 *      on the table (pmap_table.c), entries (program, version, protocol) -> port
 *   -> and versions 3 and 4 ("rpcbind", RFC 1833) and CALLIT, for rpcinfo
 *      and libtirpc's servers (rpcbind.c, on the same table)
 *   -> Ctrl-C: close, exit 0.
 *
 * Safety, since every machine answers on port 111: only the local host may
 * SET and UNSET (others get AUTH_ERROR, "too weak", as from rpcbind); the
 * table holds at most MAX_MAPPINGS entries; an UNSET removes only what the
 * caller's kind of owner set (never the portmapper's own entries); CALLIT
 * (rpcbind.c) is served to local callers only.
 *
 *   ./rpc/rpc_portmap              as root: 127.0.0.1 and ::1, port 111
 *   ./rpc/rpc_portmap -p 11111     unprivileged, on port 11111
 */
#include "common.h"
#include "pmap_table.h"
#include "rpcbind.h"

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

#define MAX_BIND          4      /* -b given at most this many times */
#define REPORT_SIZE       1024   /* the lines saying where we listen */
#define PORT0_TRIES       20     /* -p 0: attempts to find a port free on TCP and UDP */

struct options {
    const char *addrs[MAX_BIND];  /* -b: addresses to listen on */
    int naddrs;                   /* 0: the defaults, 127.0.0.1 and ::1 */
    unsigned short port;          /* -p: default 111; 0 lets the kernel choose */
    const char *unix_path;        /* -s: also an AF_UNIX socket (rpcbind's) */
};

/* ---- version 2 (portmap), on the table of pmap_table.c ------------------------ */

/* "tcp" or "udp" for a version 2 protocol number, NULL for another. */
static const char *netid_of_prot(uint32_t prot)
{
    return prot == IPPROTO_TCP ? "tcp" : prot == IPPROTO_UDP ? "udp" : NULL;
}

static int pmap_set(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = pmap_table_counted(req);
    const struct pmap *m = args;
    const char *netid = netid_of_prot(m->prot);
    bool *done = result;
    char uaddr[32], who[SL_ADDRSTRLEN];

    if (pmap_table_refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    snprintf(uaddr, sizeof uaddr, "0.0.0.0.%u.%u", (unsigned)(m->port >> 8 & 0xff),
             (unsigned)(m->port & 0xff));
    *done = netid != NULL && m->prog != PMAP_PROG && m->port <= 65535 &&
            pmap_table_add(pm, m->prog, m->vers, netid, uaddr, "unknown");
    if (*done)
        pm->stats[0].sets++;
    sl_trace("v2 SET(%u, %u, %u, %u) from %s = %s", (unsigned)m->prog, (unsigned)m->vers,
             (unsigned)m->prot, (unsigned)m->port, pmap_table_caller(req, who),
             *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int pmap_unset(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = pmap_table_counted(req);
    const struct pmap *m = args;
    bool *done = result;
    char who[SL_ADDRSTRLEN];

    if (pmap_table_refuse_remote(req))
        return RPC_HANDLER_AUTH_ERROR;
    *done = pmap_table_remove(pm, m->prog, m->vers, NULL, true, "unknown");
    if (*done)
        pm->stats[0].unsets++;
    sl_trace("v2 UNSET(%u, %u) from %s = %s", (unsigned)m->prog, (unsigned)m->vers,
             pmap_table_caller(req, who), *done ? "true" : "false");
    return RPC_ACCEPT_SUCCESS;
}

static int pmap_getport(struct rpc_request *req, void *args, void *result)
{
    struct portmap *pm = pmap_table_counted(req);
    const struct pmap *m = args;
    const char *netid = netid_of_prot(m->prot);
    const struct mapping *hit = netid ? pmap_table_find(pm, m->prog, m->vers, netid, false) : NULL;
    uint32_t *port = result;
    char who[SL_ADDRSTRLEN];

    *port = hit != NULL ? pmap_table_port(hit) : 0;
    sl_trace("v2 GETPORT(%u, %u, %u) from %s = %u", (unsigned)m->prog, (unsigned)m->vers,
             (unsigned)m->prot, pmap_table_caller(req, who), (unsigned)*port);
    return RPC_ACCEPT_SUCCESS;
}

/* DUMP: the version 2 view, the tcp and udp registrations, as a list
 * (each entry preceded by TRUE, the end by FALSE). */
static int pmap_dump(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    struct portmap *pm = pmap_table_counted(req);
    bool more = true, end = false;

    (void)args;
    for (size_t i = 0; i < pm->count; i++) {
        const struct mapping *m = &pm->table[i];
        struct pmap entry = { m->prog, m->vers, IPPROTO_TCP, pmap_table_port(m) };

        if (strcmp(m->netid, "udp") == 0)
            entry.prot = IPPROTO_UDP;
        else if (strcmp(m->netid, "tcp") != 0)
            continue;
        if (!rpc_xdr_bool(results, &more) || !rpc_xdr_pmap(results, &entry))
            return RPC_ACCEPT_SYSTEM_ERR;
    }
    return rpc_xdr_bool(results, &end) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

/* ---- the procedure tables ------------------------------------------------------ */

#define BOOL_RESULT .result_proc = rpc_xdrproc_bool, .result_size = sizeof(bool)
#define PMAP_ARGS   .args_proc = rpc_xdr_pmap, .args_size = sizeof(struct pmap)

static const struct rpc_proc pmap_v2_procs[] = {
    { .proc = PMAPPROC_NULL, .handler = pmap_table_null_proc },
    { .proc = PMAPPROC_SET, .handler = pmap_set, PMAP_ARGS, BOOL_RESULT },
    { .proc = PMAPPROC_UNSET, .handler = pmap_unset, PMAP_ARGS, BOOL_RESULT },
    { .proc = PMAPPROC_GETPORT, .handler = pmap_getport, PMAP_ARGS,
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = PMAPPROC_DUMP, .raw = pmap_dump },
    { .proc = PMAPPROC_CALLIT, .raw = rpcbind_callit },
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
            if (optarg[0] == '\0')
                return sl_usage_error(USAGE, "invalid address '' for -b (expected an address "
                                      "or a name, e.g. 127.0.0.1 or ::)");
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

    pmap_table_add(pm, PMAP_PROG, RPCB_VERS4, netid, uaddr, pm->self_owner);
    pmap_table_add(pm, PMAP_PROG, RPCB_VERS, netid, uaddr, pm->self_owner);
    if (v2)
        pmap_table_add(pm, PMAP_PROG, PMAP_VERS, netid, uaddr, pm->self_owner);
}

/* Says why a socket on host:port could not be opened (errno), with a hint. */
static void report_socket_error(enum rpc_transport transport, const char *host,
                                unsigned short port, const struct sockaddr_storage *local)
{
    int saved = errno;

    sl_error("%s %s port %u", rpc_transport_name(transport), host, (unsigned)port);
    if (local != NULL)
        sl_hint_bind(saved, (const struct sockaddr *)local,
                     transport == RPC_TCP ? SOCK_STREAM : SOCK_DGRAM, 1);   /* SO_REUSEADDR */
    else
        sl_hint_for(saved, NULL, NULL);
    errno = saved;
}

/* Creates one socket (TCP or UDP) on host:port, hands it to the server,
 * registers it in the table and appends where it is to report (REPORT_SIZE
 * bytes; first: the "Listening on" line). Returns the port bound, or -1
 * with errno (reported unless quiet). */
static int open_endpoint(struct rpc_server *srv, struct portmap *pm, enum rpc_transport transport,
                         const char *host, unsigned short port, bool first, bool quiet,
                         char *report)
{
    struct in6_addr probe;
    int family = inet_pton(AF_INET6, host, &probe) == 1 ? AF_INET6 : AF_INET;
    int type = transport == RPC_TCP ? SOCK_STREAM : SOCK_DGRAM;
    struct sockaddr_storage local, bound;
    socklen_t local_len;
    char text[SL_ADDRSTRLEN], uaddr[RPCB_MAXUADDR + 1], netid[8];
    /* IPV6_V6ONLY on IPv6, so that 127.0.0.1 and ::1 can share the port */
    const struct sl_server_options how = { .socktype = type, .quiet = 1,
        .v6only = family == AF_INET6 ? SL_V6ONLY : SL_V6ONLY_UNSAID };
    int fd;

    if (sl_resolve(host, port, family, type, 1, &local, &local_len) != 0) {
        errno = EHOSTUNREACH;
        if (!quiet)
            report_socket_error(transport, host, port, NULL);
        return -1;
    }
    /* 1-4. socket, setsockopt(SO_REUSEADDR, IPV6_V6ONLY), bind, listen for
     * TCP (sl_server_socket, common/listen.c: each call traced and checked),
     * then getsockname into bound. 5. The runtime serves the socket from now
     * on (poll, recv, send). */
    bound = local;
    fd = sl_server_socket(&bound, local_len, &how, text);
    if (fd >= 0 && rpc_server_add_socket(srv, fd, transport) < 0) {
        int saved = errno;

        close(fd);
        errno = saved;
        fd = -1;
    }
    if (fd < 0) {
        if (!quiet)
            report_socket_error(transport, host, port, &local);
        return -1;
    }
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

/* After -s PATH failed with errno err: a missing folder is named, with the
 * command that makes it (rpcbind's own folder, /run, always exists). */
static void hint_unix_path(const char *path, int err)
{
    const char *slash = strrchr(path, '/');
    int length = slash == NULL ? 0 : slash == path ? 1 : (int)(slash - path);

    if (err == ENOENT && length > 0)
        sl_hint("the folder %.*s does not exist: create it (mkdir -p %.*s) or choose another "
                "path, e.g. -s /run/rpcbind.sock", length, path, length, path);
    else if (err == EEXIST)
        sl_hint("%s exists and is not a socket: choose another path", path);
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
        int fd = sl_traced_note(rpc_server_listen_unix(srv, opts->unix_path),
                                "socket(AF_UNIX, SOCK_STREAM), bind, listen", "%s",
                                opts->unix_path);

        if (fd < 0) {
            int saved = errno;

            sl_error("AF_UNIX socket %s", opts->unix_path);
            hint_unix_path(opts->unix_path, saved);
            return -1;
        }
        snprintf(report + strlen(report), REPORT_SIZE - strlen(report), "Local socket %s\n",
                 opts->unix_path);
        register_self(pm, "local", opts->unix_path);
    }
    return 0;
}

/* A server runtime serving program 100000 versions 2, 3 and 4 with pm's
 * table, logging on stderr. Returns NULL (errno) on failure. */
static struct rpc_server *create_server(struct portmap *pm)
{
    struct rpc_server *srv = rpc_server_create();

    if (srv == NULL ||
        rpc_server_register(srv, PMAP_PROG, PMAP_VERS, pmap_v2_procs,
                            sizeof pmap_v2_procs / sizeof pmap_v2_procs[0], pm) < 0 ||
        rpcbind_register(srv, pm) < 0) {
        int saved = errno;
        rpc_server_destroy(srv);
        errno = saved;
        return NULL;
    }
    rpc_server_set_log(srv, sl_log_line, NULL, sl_tracing());
    return srv;
}

/* A name of -b that does not resolve is said as such, before any socket
 * (not as a bind error later). Returns 0, or -1 (reported). */
static int check_names(const struct options *opts)
{
    for (int i = 0; i < opts->naddrs; i++) {
        struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, *answer;
        int gai = getaddrinfo(opts->addrs[i], NULL, &hints, &answer);

        if (gai != 0) {
            sl_resolve_error(opts->addrs[i], AF_UNSPEC, gai);
            return -1;
        }
        freeaddrinfo(answer);
    }
    return 0;
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
    if (check_names(&opts) < 0)
        return 1;
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
