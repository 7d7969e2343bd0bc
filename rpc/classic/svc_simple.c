/*
 * svc_simple.c - the classic simplified server, registerrpc() and svc_run(),
 * on socklab's server runtime (rpc/rpc_server.c): one UDP socket bound to
 * every interface (as the original's svcudp_create(RPC_ANYSOCK)), one
 * procedure table per (program, version) whose entries are raw handlers
 * (dispatch() below), and the portmapper told through rpcbind's socket or
 * over UDP (SET; a dead server's registration taken over: rpc_pmap_claim,
 * pmap_prot.h; where: classic_binder).
 *
 * For each call the runtime decodes the header and finds the entry;
 * dispatch() decodes the arguments with the program's filter into a zeroed
 * buffer, calls the procedure, encodes what it returned with the result
 * filter, and frees what decoding allocated: what the original svc_simple.c
 * does. Procedure 0 and unknown procedures are answered by the runtime.
 */
#include "classic.h"
#include "../rpc_server.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One procedure given to registerrpc(). */
struct simple_proc {
    uint32_t proc;
    char *(*progname)(char *);
    xdrproc_t inproc, outproc;
};

/* One (program, version): its procedures and the runtime's table. */
struct simple_prog {
    uint32_t prog, vers;
    struct simple_proc *procs;
    struct rpc_proc *table;     /* given to rpc_server_register() */
    size_t nprocs;
};

static struct rpc_server *server;        /* made by the first registerrpc() */
static unsigned short udp_port;          /* the port it serves on */
static struct simple_prog *programs;
static size_t nprograms;
static volatile sig_atomic_t stop_signal;

/* The arguments' buffer: UDPMSGSIZE zeroed bytes, aligned for any type. */
static union {
    char bytes[UDPMSGSIZE];
    long double align_ld;
    void *align_ptr;
    long long align_ll;
} args_buffer;

/* ---- the portmapper (rpcbind's socket, or version 2 over UDP) ------------ */

static struct rpc_binder binder;        /* where SET and UNSET go */
static bool binder_chosen;

/* SET (prog, vers) on UDP at our port; a registration left by a dead
 * server is taken over (said on stderr), one held by a live server is not
 * (rpc_pmap_claim, pmap_prot.h). Returns 0, or -1 (printed on stderr, with
 * a hint). */
static int pmap_register(uint32_t prog, uint32_t vers)
{
    struct pmap m = { prog, vers, IPPROTO_UDP, udp_port };
    struct rpc_error err;
    char text[RPC_ERRSTRLEN], where[RPCB_LOCAL_MAXPATH];
    enum rpc_pmap_claim claim;
    unsigned short holder;

    if (!binder_chosen && classic_binder(&binder) < 0)
        return -1;
    binder_chosen = true;
    rpc_binder_where(&binder, where, sizeof where);
    if (rpc_pmap_claim(&binder, &m, "127.0.0.1", &claim, &holder, &err) != RPC_OK) {
        err.cause = err.status;
        err.status = RPC_ERR_PMAPFAILURE;
        fprintf(stderr, "registerrpc: cannot register program %lu version %lu with the "
                "portmapper at %s: %s\n", (unsigned long)prog, (unsigned long)vers,
                where, rpc_strerror(&err, text, sizeof text));
        fprintf(stderr, "registerrpc: hint: is a portmapper running? rpcbind, or rpc_portmap "
                "(-p PORT with SOCKLAB_PMAP_PORT=PORT)\n");
        return -1;
    }
    if (claim == RPC_PMAP_TAKEN_OVER)
        fprintf(stderr, "registerrpc: took over program %lu version %lu from a dead server "
                "(udp port %u did not answer)\n", (unsigned long)prog, (unsigned long)vers,
                (unsigned)holder);
    if (claim == RPC_PMAP_REGISTERED || claim == RPC_PMAP_TAKEN_OVER)
        return 0;
    fprintf(stderr, "registerrpc: the portmapper at %s refused program %lu "
            "version %lu", where, (unsigned long)prog, (unsigned long)vers);
    if (claim == RPC_PMAP_HELD)
        fprintf(stderr, ": a live server holds it (udp port %u answers)", (unsigned)holder);
    if (binder.local[0] != '\0' || binder.port == PMAP_PORT)
        fprintf(stderr, "\nregisterrpc: hint: another server holds it? see: rpcinfo -p 127.0.0.1\n");
    else
        fprintf(stderr, "\nregisterrpc: hint: another server holds it? see: rpc_info -P %u -p\n",
                (unsigned)binder.port);
    return -1;
}

/* UNSET (prog, vers). Returns true if the portmapper removed it. */
static bool pmap_unregister(uint32_t prog, uint32_t vers)
{
    struct pmap m = { prog, vers, IPPROTO_UDP, 0 };
    struct rpc_error err;
    bool accepted = false;

    return rpc_pmap_change(&binder, PMAPPROC_UNSET, &m, &accepted, &err) == RPC_OK && accepted;
}

/* ---- dispatching a call ---------------------------------------------------- */

/* The raw handler of every registered procedure (req->context is its
 * struct simple_prog): decode, call, encode, free, as the original does. */
static int dispatch(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    const struct simple_prog *p = req->context;
    const struct simple_proc *sp = NULL;
    struct classic_obj in, out;
    char *result;
    int answer = RPC_ACCEPT_SUCCESS;

    for (size_t i = 0; i < p->nprocs && sp == NULL; i++)
        if (p->procs[i].proc == req->proc)
            sp = &p->procs[i];
    if (sp == NULL)
        return RPC_ACCEPT_PROC_UNAVAIL;
    memset(&args_buffer, 0, sizeof args_buffer);
    in.proc = sp->inproc;
    in.obj = args_buffer.bytes;
    args->alloc = true;
    if (!classic_bridge(args, &in)) {
        xdr_free(sp->inproc, args_buffer.bytes);
        return RPC_ACCEPT_GARBAGE_ARGS;
    }
    result = sp->progname(args_buffer.bytes);
    /* (void (*)(void)): the one cast between function types that C compilers
     * accept without a warning, to compare two filters. */
    if (result == NULL && (void (*)(void))sp->outproc != (void (*)(void))xdr_void) {
        answer = RPC_HANDLER_NO_REPLY;        /* the procedure chose not to answer */
    } else {
        out.proc = sp->outproc;
        out.obj = result;
        if (!classic_bridge(results, &out))
            answer = RPC_ACCEPT_SYSTEM_ERR;
    }
    xdr_free(sp->inproc, args_buffer.bytes);
    return answer;
}

/* ---- registerrpc ------------------------------------------------------------ */

/* Creates the server and its UDP socket on every interface, any port. */
static int create_server(void)
{
    struct sockaddr_storage bound;
    const struct sockaddr_in *sin = (const struct sockaddr_in *)&bound;

    server = rpc_server_create();
    if (server == NULL ||
        rpc_server_listen(server, RPC_UDP, AF_INET, NULL, 0, false, &bound) < 0) {
        perror("registerrpc: cannot create the UDP socket");
        rpc_server_destroy(server);
        server = NULL;
        return -1;
    }
    udp_port = ntohs(sin->sin_port);
    return 0;
}

/* The entry of (prog, vers), created (and registered with the portmapper)
 * the first time. NULL on failure (printed). */
static struct simple_prog *find_program(uint32_t prog, uint32_t vers)
{
    struct simple_prog *grown;

    for (size_t i = 0; i < nprograms; i++)
        if (programs[i].prog == prog && programs[i].vers == vers)
            return &programs[i];
    if (pmap_register(prog, vers) < 0)
        return NULL;
    grown = realloc(programs, (nprograms + 1) * sizeof *programs);
    if (grown == NULL) {
        perror("registerrpc");
        return NULL;
    }
    /* The runtime holds pointers to the entries (context): re-register them
     * all, since realloc may have moved them. */
    for (size_t i = 0; i < nprograms; i++)
        rpc_server_unregister(server, grown[i].prog, grown[i].vers);
    programs = grown;
    for (size_t i = 0; i < nprograms; i++)
        rpc_server_register(server, programs[i].prog, programs[i].vers, programs[i].table,
                            programs[i].nprocs, &programs[i]);
    memset(&programs[nprograms], 0, sizeof programs[nprograms]);
    programs[nprograms].prog = prog;
    programs[nprograms].vers = vers;
    return &programs[nprograms++];
}

/* Adds one procedure to p's tables and gives the runtime the new table. */
static int add_procedure(struct simple_prog *p, const struct simple_proc *sp)
{
    struct simple_proc *procs;
    struct rpc_proc *table;

    if (p->nprocs > 0)
        rpc_server_unregister(server, p->prog, p->vers);
    procs = realloc(p->procs, (p->nprocs + 1) * sizeof *procs);
    if (procs != NULL)
        p->procs = procs;
    table = procs == NULL ? NULL : realloc(p->table, (p->nprocs + 1) * sizeof *table);
    if (table != NULL) {
        p->table = table;
        p->procs[p->nprocs] = *sp;
        memset(&p->table[p->nprocs], 0, sizeof p->table[p->nprocs]);
        p->table[p->nprocs].proc = sp->proc;
        p->table[p->nprocs].raw = dispatch;
        p->nprocs++;
    }
    if (p->nprocs > 0 &&
        rpc_server_register(server, p->prog, p->vers, p->table, p->nprocs, p) < 0)
        table = NULL;
    if (table == NULL) {
        perror("registerrpc");
        return -1;
    }
    return 0;
}

int registerrpc(u_long prognum, u_long versnum, u_long procnum, char *(*progname)(char *),
                xdrproc_t inproc, xdrproc_t outproc)
{
    struct simple_proc sp = { (uint32_t)procnum, progname, inproc, outproc };
    struct simple_prog *p;

    if (procnum == NULLPROC) {
        fprintf(stderr, "registerrpc: can't reassign procedure number %d\n", NULLPROC);
        return -1;
    }
    if (prognum > UINT32_MAX || versnum > UINT32_MAX || procnum > UINT32_MAX ||
        progname == NULL || inproc == NULL || outproc == NULL) {
        fprintf(stderr, "registerrpc: invalid program, version, procedure or function\n");
        return -1;
    }
    if (server == NULL && create_server() < 0)
        return -1;
    p = find_program((uint32_t)prognum, (uint32_t)versnum);
    if (p == NULL)
        return -1;
    for (size_t i = 0; i < p->nprocs; i++) {
        if (p->procs[i].proc == procnum) {
            fprintf(stderr, "registerrpc: procedure %lu of program %lu version %lu is "
                    "already registered\n", procnum, prognum, versnum);
            return -1;
        }
    }
    return add_procedure(p, &sp);
}

/* ---- svc_run ------------------------------------------------------------------ */

/* SIGINT and SIGTERM during svc_run(): only notes which one came. */
static void on_stop_signal(int signo)
{
    stop_signal = signo;
}

/* The runtime's question after each event: stop now? (a signal came) */
static int stopped(void)
{
    return stop_signal != 0;
}

/* Unregisters every program, frees everything. */
static void shut_down(void)
{
    char where[RPCB_LOCAL_MAXPATH];

    for (size_t i = 0; i < nprograms; i++) {
        if (pmap_unregister(programs[i].prog, programs[i].vers))
            fprintf(stderr, "svc_run: program %lu version %lu unregistered from the "
                    "portmapper at %s\n", (unsigned long)programs[i].prog,
                    (unsigned long)programs[i].vers, rpc_binder_where(&binder, where, sizeof where));
        else
            fprintf(stderr, "svc_run: could not unregister program %lu version %lu\n",
                    (unsigned long)programs[i].prog, (unsigned long)programs[i].vers);
        free(programs[i].procs);
        free(programs[i].table);
    }
    free(programs);
    programs = NULL;
    nprograms = 0;
    rpc_server_destroy(server);
    server = NULL;
}

void svc_run(void)
{
    struct sigaction action, old_int, old_term;
    int status;

    if (server == NULL) {
        fprintf(stderr, "svc_run: nothing registered (call registerrpc first)\n");
        return;
    }
    /* Ctrl-C (SIGINT) or SIGTERM ends the loop, so that the programs are
     * unregistered; the original would die there, registrations left behind. */
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int);
    sigaction(SIGTERM, &action, &old_term);
    stop_signal = 0;
    status = rpc_server_run(server, stopped);
    if (status < 0)
        perror("svc_run: poll");
    else
        fprintf(stderr, "svc_run: %s: stopping\n", stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
    shut_down();
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}
