/*
 * rpc_arith_server.c - TP3, RPC: the ARITH server (program 0x33333333,
 * version 1: ADD, MULT, SQRT on a couple of floats).
 *
 * The remote procedures are plain C functions (add, mult, square_root): a
 * student writes only those. Everything else is what rpcgen's server stub
 * and the RPC runtime do for you:
 *   socket(TCP) -> setsockopt(SO_REUSEADDR) -> bind -> listen; socket(UDP)
 *   -> setsockopt(SO_REUSEADDR) -> bind (the socket calls of TP1 and TP2,
 *   which tcp_server.c and udp_server.c show: here common/listen.c's
 *   sl_server_socket makes them, traced with -v)
 *   -> tell the portmapper where we are: SET (ARITH_PROG, 1, tcp, port) and
 *      (.., udp, port), through rpcbind's socket /run/rpcbind.sock when it
 *      answers there (rpcbind version 4, as libtirpc does), else at
 *      127.0.0.1:111 over UDP (version 2: rpc_portmap or rpcbind); a
 *      registration left by a dead server (killed before its UNSET) is
 *      taken over, one held by a live server is not
 *   -> serve: the runtime receives each call, decodes its header and its
 *      arguments (XDR), calls the procedure, encodes and sends the result
 *   -> Ctrl-C: PMAPPROC_UNSET, close everything, exit 0.
 *
 *   ./rpc/rpc_arith_server            serve on 127.0.0.1, register with rpcbind
 *                                     (/run/rpcbind.sock, or port 111)
 *   ./rpc/rpc_arith_server -P 11111   register with rpc_portmap -p 11111 (UDP only)
 */
#include "common.h"
#include "arith.h"
#include "pmap_prot.h"
#include "rpc_client.h"
#include "rpc_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "usage: rpc_arith_server [-b ADDR] [-p PORT] [-P PMAP_PORT | -S PATH] [-v]"

struct options {
    const char *bind_host;   /* -b: address to listen on, default 127.0.0.1 */
    unsigned short port;     /* -p: port for TCP and UDP, default 0 (any) */
    unsigned short pmap_port;/* -P: the portmapper's port, default 111 */
    const char *rpcbind;     /* -S: rpcbind's AF_LOCAL socket, NULL: not given */
    bool pmap_given;         /* -P given: 127.0.0.1:PMAP_PORT only */
    struct rpc_binder binder;/* where SET and UNSET go (pmap_prot.h) */
};

/* ---- the remote procedures: what the programmer writes ------------------ */

static float add(struct couple c)
{
    return c.e1 + c.e2;
}

static float mult(struct couple c)
{
    return c.e1 * c.e2;
}

static float square_root(struct couple c)
{
    return sqrtf(c.e1);
}

/* ---- the server stubs: what rpcgen would generate ------------------------
 * The runtime has already decoded the arguments (xdr_couple) into *args; the
 * stub calls the procedure and leaves the result for the runtime to encode
 * (rpc_xdrproc_float) and send. With -v, each call is traced. */

static void trace_call(const struct rpc_request *req, const char *name,
                       const struct couple *c, float result)
{
    char peer[SL_ADDRSTRLEN] = "local client";

    if (req->peer != NULL && req->peer->sa_family != AF_UNIX)
        sl_addr_string(req->peer, peer);
    sl_trace("%s %s(%f, %f) = %f for %s (xid %08x)", rpc_transport_name(req->transport),
             name, c->e1, c->e2, result, peer, (unsigned)req->xid);
}

static int add_stub(struct rpc_request *req, void *args, void *result)
{
    *(float *)result = add(*(struct couple *)args);
    if (sl_tracing())
        trace_call(req, "ADD", args, *(float *)result);
    return RPC_ACCEPT_SUCCESS;
}

static int mult_stub(struct rpc_request *req, void *args, void *result)
{
    *(float *)result = mult(*(struct couple *)args);
    if (sl_tracing())
        trace_call(req, "MULT", args, *(float *)result);
    return RPC_ACCEPT_SUCCESS;
}

static int sqrt_stub(struct rpc_request *req, void *args, void *result)
{
    *(float *)result = square_root(*(struct couple *)args);
    if (sl_tracing())
        trace_call(req, "SQRT", args, *(float *)result);
    return RPC_ACCEPT_SUCCESS;
}

/* The dispatch table: procedure number -> stub, argument and result filters.
 * Procedure 0 (NULL) is answered by the runtime. */
static const struct rpc_proc arith_procs[] = {
    { .proc = NULL_PROC },
    { .proc = ADD_PROC, .handler = add_stub,
      .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
    { .proc = MULT_PROC, .handler = mult_stub,
      .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
    { .proc = SQRT_PROC, .handler = sqrt_stub,
      .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
};

/* ---- setting up ------------------------------------------------------------ */

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc.md): the ARITH RPC server, program 858993459 (0x33333333)\n"
           "version 1: ADD (1), MULT (2), SQRT (3) on a couple of floats, over TCP and UDP.\n"
           "It registers both with the system's rpcbind through /run/rpcbind.sock when it\n"
           "answers there, else with the portmapper at 127.0.0.1:111 (rpc_portmap or rpcbind),\n"
           "and unregisters on Ctrl-C. A dead server's registration is taken over.\n"
           "  -b ADDR       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)\n"
           "  -p PORT       port for TCP and UDP, 0..65535 (default 0: any free port)\n"
           "  -P PMAP_PORT  register at 127.0.0.1:PMAP_PORT over UDP only (rpc_portmap -p PORT)\n"
           "  -S PATH       register through rpcbind's AF_LOCAL socket PATH only\n"
           "                (default: /run/rpcbind.sock if it answers, else 127.0.0.1:111)\n"
           "  -v            trace every system call, and every call served, on stderr\n"
           "example: rpc_arith_server -P 11111\n", USAGE);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->port = 0;
    opts->pmap_port = PMAP_PORT;
    opts->rpcbind = NULL;
    opts->pmap_given = false;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:p:P:S:v")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'v': sl_trace_enable(1); break;
        case 'p':
            if (sl_parse_port(optarg, 1, &opts->port) < 0)
                return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 0..65535)",
                                      optarg);
            break;
        case 'P':
            if (sl_parse_port(optarg, 0, &opts->pmap_port) < 0)
                return sl_usage_error(USAGE, "invalid portmapper port '%s' (expected an integer "
                                      "in 1..65535)", optarg);
            opts->pmap_given = true;
            break;
        case 'S': opts->rpcbind = optarg; break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (optind < argc)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind]);
    if (opts->pmap_given && opts->rpcbind != NULL)
        return sl_usage_error(USAGE, "options -P and -S cannot be used together");
    /* -P: that portmapper only; -S: that socket only; neither: rpcbind's
     * socket when it answers, else port 111. */
    if (rpc_binder_init(&opts->binder, opts->pmap_given ? NULL : opts->rpcbind != NULL
                        ? opts->rpcbind : RPCB_LOCAL_SOCKET, opts->rpcbind != NULL,
                        opts->pmap_port) < 0)
        return sl_usage_error(USAGE, "invalid socket path '%s' (at most %d bytes)",
                              opts->rpcbind, RPCB_LOCAL_MAXPATH - 1);
    return 0;
}

/* Asks the binder (rpcbind's socket, or the portmapper at 127.0.0.1:PORT)
 * to SET or UNSET (proc) the mapping (ARITH_PROG, ARITH_VERS1, prot, port)
 * (rpc_pmap_change, pmap_prot.h). Returns RPC_OK with *accepted the
 * answer, or the error (in *err). */
static enum rpc_status pmap_change(const struct options *opts, uint32_t proc, uint32_t prot,
                                   unsigned short port, bool *accepted, struct rpc_error *err)
{
    struct pmap mapping = { ARITH_PROG, ARITH_VERS1, prot, port };
    enum rpc_status status = rpc_pmap_change(&opts->binder, proc, &mapping, accepted, err);
    char where[RPCB_LOCAL_MAXPATH];

    sl_trace("portmapper %s %s(%u, %u, %s, %u) = %s",
             rpc_binder_where(&opts->binder, where, sizeof where),
             proc == PMAPPROC_SET ? "SET" : "UNSET", ARITH_PROG, ARITH_VERS1,
             prot == IPPROTO_TCP ? "tcp" : "udp", (unsigned)port,
             status != RPC_OK ? "error" : *accepted ? "true" : "false");
    return status;
}

/* Registers one transport (prot) at port: SET, or, if a dead server's
 * registration is in the way, takes it over and says so (rpc_pmap_claim,
 * pmap_prot.h). Returns the claim's outcome, or -1 on an error talking to
 * the portmapper (in *err). */
static int claim_one(const struct options *opts, uint32_t prot, unsigned short port,
                     unsigned short *holder, struct rpc_error *err)
{
    struct pmap mapping = { ARITH_PROG, ARITH_VERS1, prot, port };
    const char *probe = strcmp(opts->bind_host, "0.0.0.0") == 0 ? "127.0.0.1" : opts->bind_host;
    const char *name = prot == IPPROTO_TCP ? "tcp" : "udp";
    char where[RPCB_LOCAL_MAXPATH];
    enum rpc_pmap_claim claim;

    if (rpc_pmap_claim(&opts->binder, &mapping, probe, &claim, holder, err) != RPC_OK)
        return -1;
    sl_trace("portmapper %s SET(%u, %u, %s, %u): %s",
             rpc_binder_where(&opts->binder, where, sizeof where),
             ARITH_PROG, ARITH_VERS1, name, (unsigned)port,
             claim == RPC_PMAP_REGISTERED ? "registered" : claim == RPC_PMAP_TAKEN_OVER
             ? "taken over" : claim == RPC_PMAP_HELD ? "held by a live server" : "refused");
    if (claim == RPC_PMAP_TAKEN_OVER)
        printf("Took over the registration of program %u version %u on %s from a dead server "
               "(%s port %u did not answer)\n", ARITH_PROG, ARITH_VERS1, name, name,
               (unsigned)*holder);
    return (int)claim;
}

/* Says why the registration failed (claim: -1 for an error in *err, else
 * the claim's outcome; holder: the port of the server in the way). */
static void report_refusal(const struct options *opts, int claim, unsigned short holder,
                           struct rpc_error *err)
{
    char where[RPCB_LOCAL_MAXPATH], text[RPC_ERRSTRLEN], see[64];

    rpc_binder_where(&opts->binder, where, sizeof where);
    if (opts->binder.local[0] != '\0')
        snprintf(see, sizeof see, "rpcinfo -p 127.0.0.1");
    else
        snprintf(see, sizeof see, "rpc_info -P %u -p", (unsigned)opts->pmap_port);
    if (claim < 0) {
        err->cause = err->status;
        err->status = RPC_ERR_PMAPFAILURE;
        sl_errorx("cannot register with the portmapper at %s: %s", where,
                  rpc_strerror(err, text, sizeof text));
        sl_hint("is a portmapper running there? start one: rpc_portmap -p %u "
                "(or the system's rpcbind, port 111)", (unsigned)opts->pmap_port);
    } else if (claim == RPC_PMAP_HELD) {
        sl_errorx("the portmapper at %s refused to register program %u version %u: "
                  "a live server holds it (port %u answers)", where, ARITH_PROG, ARITH_VERS1,
                  (unsigned)holder);
        sl_hint("stop that server first; see: %s", see);
    } else if (holder != 0) {
        sl_errorx("the portmapper at %s refused to register program %u version %u: "
                  "a dead server's registration (port %u does not answer) could not be removed",
                  where, ARITH_PROG, ARITH_VERS1, (unsigned)holder);
        sl_hint("its owner may remove it (rpcbind: root's registrations): sudo rpcinfo -d %u %u",
                ARITH_PROG, ARITH_VERS1);
    } else {
        sl_errorx("the portmapper at %s refused to register program %u version %u", where,
                  ARITH_PROG, ARITH_VERS1);
        sl_hint("another server holds that registration? see: %s", see);
    }
}

/* Registers both transports: a registration left by a dead server is taken
 * over, one held by a live server is not. Returns 0, 1 (reported), or -1
 * after a Ctrl-C during the registration (what was registered is
 * unregistered: said). */
static int register_arith(const struct options *opts, unsigned short tcp_port,
                          unsigned short udp_port)
{
    struct rpc_error err;
    char where[RPCB_LOCAL_MAXPATH];
    unsigned short holder = 0;
    int claim = claim_one(opts, IPPROTO_TCP, tcp_port, &holder, &err);
    bool ours = claim == RPC_PMAP_REGISTERED || claim == RPC_PMAP_TAKEN_OVER, accepted;

    if (ours)
        claim = claim_one(opts, IPPROTO_UDP, udp_port, &holder, &err);
    if (claim == RPC_PMAP_REGISTERED || claim == RPC_PMAP_TAKEN_OVER) {
        printf("Registered with the portmapper at %s: program %u version %u, "
               "tcp port %u, udp port %u\n", rpc_binder_where(&opts->binder, where, sizeof where),
               ARITH_PROG, ARITH_VERS1, (unsigned)tcp_port, (unsigned)udp_port);
        return 0;
    }
    if (sl_interrupted()) {
        /* Ctrl-C while the portmapper was asked: not its failure. What this
         * server registered goes (UNSET: both protocols); a registration
         * held by another server is left alone. */
        sl_errorx("interrupted during the registration: unregistering and exiting");
        if (ours)
            pmap_change(opts, PMAPPROC_UNSET, IPPROTO_TCP, 0, &accepted, &err);
        return -1;
    }
    report_refusal(opts, claim, holder, &err);
    return 1;
}

/* Chooses where to register (rpc_binder_choose): rpcbind's socket if it
 * answers, else 127.0.0.1:PMAP_PORT; with -S, that socket or nothing.
 * host: the address served, for the universal addresses. Returns 0, or 1
 * (reported). */
static int choose_binder(struct options *opts, const struct sockaddr_storage *local)
{
    const struct sockaddr_in *in = (const struct sockaddr_in *)local;

    if (in->sin_addr.s_addr != htonl(INADDR_ANY))
        inet_ntop(AF_INET, &in->sin_addr, opts->binder.host, sizeof opts->binder.host);
    if (rpc_binder_choose(&opts->binder) == 0)
        return 0;
    sl_error("connect %s", opts->binder.local);
    sl_hint("is rpcbind running? (rpcbind -f -w, or rpc_portmap -s %s)", opts->binder.local);
    return 1;
}

/* Steps 1-4 for one transport (socktype SOCK_STREAM or SOCK_DGRAM): a
 * socket bound to a copy of *local, made by sl_server_socket (common/
 * listen.c): socket, setsockopt(SO_REUSEADDR), bind, and listen for TCP, the
 * calls TP1 and TP2 teach in tcp_server.c and udp_server.c, each traced with
 * its real result and checked. Handed to the runtime, which owns it from
 * then on. Writes where it listens into text; returns its port (port 0
 * becomes the one the kernel chose), or 0 (reported). */
static unsigned short open_transport(struct rpc_server *srv, int socktype,
                                     const struct sockaddr_storage *local, socklen_t local_len,
                                     char *text)
{
    const struct sl_server_options how = { .socktype = socktype };
    struct sockaddr_storage bound = *local;
    int fd = sl_server_socket(&bound, local_len, &how, text);

    if (fd < 0)
        return 0;
    if (rpc_server_add_socket(srv, fd, socktype == SOCK_STREAM ? RPC_TCP : RPC_UDP) < 0) {
        sl_error("rpc_server_add_socket %s", text);
        close(fd);
        return 0;
    }
    return sl_addr_port((const struct sockaddr *)&bound);
}

/* Steps 1-4 for both transports, TCP then UDP, on local. Prints where they
 * listen; sets *tcp_port and *udp_port. Returns 0, or -1 (reported). */
static int open_transports(struct rpc_server *srv, const struct sockaddr_storage *local,
                           socklen_t local_len, unsigned short *tcp_port,
                           unsigned short *udp_port)
{
    char tcp_text[SL_ADDRSTRLEN], udp_text[SL_ADDRSTRLEN];

    *tcp_port = open_transport(srv, SOCK_STREAM, local, local_len, tcp_text);
    if (*tcp_port == 0)
        return -1;
    *udp_port = open_transport(srv, SOCK_DGRAM, local, local_len, udp_text);
    if (*udp_port == 0)
        return -1;
    printf("Listening on %s (pid %ld)\n", tcp_text, (long)getpid());
    printf("UDP on %s\n", udp_text);
    return 0;
}

/* Step 7: UNSET (both transports at once), said either way. */
static void unregister_arith(const struct options *opts)
{
    struct rpc_error err;
    bool accepted = false;
    char where[RPCB_LOCAL_MAXPATH];

    rpc_binder_where(&opts->binder, where, sizeof where);
    if (pmap_change(opts, PMAPPROC_UNSET, IPPROTO_TCP, 0, &accepted, &err) == RPC_OK && accepted)
        printf("Unregistered from the portmapper at %s\n", where);
    else
        sl_errorx("could not unregister from the portmapper at %s", where);
}

/* The runtime that serves ARITH_PROG version 1 with arith_procs, logging
 * (and tracing with -v) through common/. NULL, said, on failure. */
static struct rpc_server *create_runtime(void)
{
    struct rpc_server *srv = rpc_server_create();

    if (srv == NULL || rpc_server_register(srv, ARITH_PROG, ARITH_VERS1, arith_procs,
                                           sizeof arith_procs / sizeof arith_procs[0],
                                           NULL) < 0) {
        sl_error("rpc_server_create");
        rpc_server_destroy(srv);
        return NULL;
    }
    rpc_server_set_log(srv, sl_log_line, NULL, sl_tracing());
    return srv;
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage local;
    socklen_t local_len;
    struct rpc_server *srv;
    int status;
    unsigned short tcp_port, udp_port;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.bind_host, opts.port, AF_INET, SOCK_STREAM, 1, &local, &local_len);
    if (status != 0) {
        sl_resolve_error(opts.bind_host, AF_INET, status);
        return 1;
    }
    sl_catch_stop_signals();

    /* The runtime: it knows which procedure serves which number. */
    srv = create_runtime();
    if (srv == NULL)
        return 1;

    /* 1-4. The sockets, with the calls of TP1 and TP2; then the runtime owns them. */
    if (open_transports(srv, &local, local_len, &tcp_port, &udp_port) < 0) {
        rpc_server_destroy(srv);
        return 1;
    }

    /* 5. Tell the portmapper our ports, so that clients can find us. */
    status = choose_binder(&opts, &local);
    if (status == 0)
        status = register_arith(&opts, tcp_port, udp_port);
    if (status != 0) {
        rpc_server_destroy(srv);
        return status < 0 ? 0 : 1;    /* Ctrl-C: a normal stop */
    }

    /* 6. Serve calls until Ctrl-C: the runtime's loop (poll over both sockets
     * and every TCP client; decode, dispatch, encode, send). */
    status = rpc_server_run(srv, sl_interrupted) == 0 ? 0 : 1;
    if (status != 0)
        sl_error("poll");
    if (sl_interrupted())
        sl_errorx("interrupted: unregistering from the portmapper and exiting");

    unregister_arith(&opts);    /* 7. unregister, then close and exit */
    rpc_server_destroy(srv);
    return status;
}
