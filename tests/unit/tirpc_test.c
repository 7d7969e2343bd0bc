/*
 * tirpc_test.c - libtirpc as a test-only oracle (the programs never link it).
 *
 * 1. The same values encoded by libtirpc's xdrmem and by rpc/xdr.c give the
 *    same bytes, and each decodes the other's bytes: every base type, edge
 *    values, opaque data and strings of every padding, arrays, optional data.
 * 2. RPC headers: calls (AUTH_NONE, AUTH_SYS) and every kind of reply, as
 *    libtirpc's xdr_callmsg / xdr_replymsg / xdr_authunix_parms write them.
 * 3. Over loopback sockets: libtirpc clients (clnttcp_create, clntudp_create)
 *    call our server, and our client calls a libtirpc server (svctcp_create,
 *    svcudp_create), including the error answers, with clnt_sperror's text.
 *
 * Built with -I/usr/include/tirpc -ltirpc when libtirpc-dev is installed;
 * without it, the test reports itself skipped.
 */
#ifndef HAVE_TIRPC
#include <stdio.h>
int main(void)
{
    puts("1..1");
    puts("ok 1 # skip libtirpc-dev is not installed (apt-get install libtirpc-dev)");
    return 0;
}
#else

#include "tap.h"
#include "rpc_client.h"
#include "rpc_msg.h"
#include "rpc_server.h"
#include "xdr.h"

#include <rpc/rpc.h>

#include <arpa/inet.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARITH_PROG 0x33333333u
#define ADD_PROC 1u

/* libtirpc's xdr_void takes no arguments: this one has xdrproc_t's type. */
static bool_t tirpc_void(XDR *t, ...)
{
    (void)t;
    return TRUE;
}

/* ---- 1. XDR, value by value ------------------------------------------------ */

/* Our encoding and libtirpc's of the same value must be identical. The
 * macros run one filter of each library on the value and compare. */
#define SAME_ENCODING(desc, type, value, ours, theirs) do {                         \
        type v1 = (value), v2 = (value);                                            \
        unsigned char b1[64], b2[64];                                               \
        struct rpc_xdr x;                                                           \
        XDR t;                                                                      \
        rpc_xdr_init_encode(&x, b1, sizeof b1);                                     \
        xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);                       \
        bool ok1 = ours(&x, &v1), ok2 = theirs(&t, &v2);                            \
        unsigned n2 = xdr_getpos(&t);                                               \
        if (!ok_bytes(b1, ok1 ? rpc_xdr_getpos(&x) : 0, b2, ok2 ? n2 : 0, desc))     \
            break;                                                                  \
    } while (0)

static int tirpc_bool(XDR *t, bool *b)
{
    bool_t v = *b;
    return xdr_bool(t, &v);
}

static void test_numbers(void)
{
    static const int32_t ints[] = { 0, 1, -1, -1234, 1234, INT32_MAX, INT32_MIN, 0x01020304 };
    static const int64_t hypers[] = { 0, -2, INT64_MAX, INT64_MIN, 0x0102030405060708 };
    static const float floats[] = { 0.0f, -0.0f, 12.45f, 13.4f, 17.1f, -1e30f, FLT_MIN, INFINITY };
    static const double doubles[] = { 0.0, 12.45, -3.5e300, DBL_MIN, -INFINITY, 1.0 / 3 };
    int same = 0, total = 0;

    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        unsigned char b1[4], b2[4];
        int32_t v = ints[i];
        int tv = ints[i];
        struct rpc_xdr x;
        XDR t;
        rpc_xdr_init_encode(&x, b1, 4);
        xdrmem_create(&t, (char *)b2, 4, XDR_ENCODE);
        total++;
        same += rpc_xdr_int(&x, &v) && xdr_int(&t, &tv) && memcmp(b1, b2, 4) == 0;
        /* and each decodes the other's bytes */
        int32_t back = 0;
        int tback = 0;
        rpc_xdr_init_decode(&x, b2, 4);
        xdrmem_create(&t, (char *)b1, 4, XDR_DECODE);
        total++;
        same += rpc_xdr_int(&x, &back) && xdr_int(&t, &tback) && back == ints[i] && tback == ints[i];
    }
    ok(same == total, "int: %d of %d encodings and cross-decodings identical to libtirpc's", same, total);

    same = total = 0;
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        unsigned char b1[4], b2[4];
        uint32_t v = (uint32_t)ints[i];
        u_int tv = (u_int)ints[i];
        struct rpc_xdr x;
        XDR t;
        rpc_xdr_init_encode(&x, b1, 4);
        xdrmem_create(&t, (char *)b2, 4, XDR_ENCODE);
        total++;
        same += rpc_xdr_u_int(&x, &v) && xdr_u_int(&t, &tv) && memcmp(b1, b2, 4) == 0;
    }
    ok(same == total, "unsigned int: %d of %d identical", same, total);

    same = total = 0;
    for (size_t i = 0; i < sizeof hypers / sizeof hypers[0]; i++) {
        unsigned char b1[8], b2[8];
        int64_t v = hypers[i];
        quad_t tv = hypers[i];
        uint64_t u = (uint64_t)hypers[i];
        u_quad_t tu = (u_quad_t)hypers[i];
        struct rpc_xdr x;
        XDR t;
        rpc_xdr_init_encode(&x, b1, 8);
        xdrmem_create(&t, (char *)b2, 8, XDR_ENCODE);
        total++;
        same += rpc_xdr_hyper(&x, &v) && xdr_hyper(&t, &tv) && memcmp(b1, b2, 8) == 0;
        rpc_xdr_init_encode(&x, b1, 8);
        xdrmem_create(&t, (char *)b2, 8, XDR_ENCODE);
        total++;
        same += rpc_xdr_u_hyper(&x, &u) && xdr_u_hyper(&t, &tu) && memcmp(b1, b2, 8) == 0;
    }
    ok(same == total, "hyper and unsigned hyper: %d of %d identical", same, total);

    same = total = 0;
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
        unsigned char b1[4], b2[4];
        float v = floats[i], tv = floats[i], back = 0;
        struct rpc_xdr x;
        XDR t;
        rpc_xdr_init_encode(&x, b1, 4);
        xdrmem_create(&t, (char *)b2, 4, XDR_ENCODE);
        total++;
        same += rpc_xdr_float(&x, &v) && xdr_float(&t, &tv) && memcmp(b1, b2, 4) == 0;
        rpc_xdr_init_decode(&x, b2, 4);
        total++;
        same += rpc_xdr_float(&x, &back) && memcmp(&back, &floats[i], 4) == 0;
    }
    ok(same == total, "float (12.45, 13.4, -0, inf, ...): %d of %d identical", same, total);

    same = total = 0;
    for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        unsigned char b1[8], b2[8];
        double v = doubles[i], tv = doubles[i];
        struct rpc_xdr x;
        XDR t;
        rpc_xdr_init_encode(&x, b1, 8);
        xdrmem_create(&t, (char *)b2, 8, XDR_ENCODE);
        total++;
        same += rpc_xdr_double(&x, &v) && xdr_double(&t, &tv) && memcmp(b1, b2, 8) == 0;
    }
    ok(same == total, "double: %d of %d identical", same, total);

    SAME_ENCODING("bool TRUE as libtirpc writes it", bool, true, rpc_xdr_bool, tirpc_bool);
    SAME_ENCODING("bool FALSE as libtirpc writes it", bool, false, rpc_xdr_bool, tirpc_bool);
    enum_t te = 7;
    int32_t e = 7;
    unsigned char b1[4], b2[4];
    struct rpc_xdr x;
    XDR t;
    rpc_xdr_init_encode(&x, b1, 4);
    xdrmem_create(&t, (char *)b2, 4, XDR_ENCODE);
    ok(rpc_xdr_enum(&x, &e) && xdr_enum(&t, &te) && memcmp(b1, b2, 4) == 0, "enum 7 as libtirpc writes it");
}

static void test_opaque_strings(void)
{
    int same = 0, total = 0;
    const char *text = "0123456789abcdefghij";

    for (uint32_t len = 0; len <= 12; len++) {
        unsigned char b1[64], b2[64];
        struct rpc_xdr x;
        XDR t;

        /* fixed opaque */
        rpc_xdr_init_encode(&x, b1, sizeof b1);
        xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
        total++;
        same += rpc_xdr_opaque(&x, (void *)text, len) && xdr_opaque(&t, (char *)text, len) &&
                rpc_xdr_getpos(&x) == xdr_getpos(&t) && memcmp(b1, b2, rpc_xdr_getpos(&x)) == 0;

        /* variable opaque */
        unsigned char *data = (unsigned char *)text;
        char *tdata = (char *)text;
        uint32_t n = len;
        u_int tn = len;
        rpc_xdr_init_encode(&x, b1, sizeof b1);
        xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
        total++;
        same += rpc_xdr_bytes(&x, &data, &n, 100) && xdr_bytes(&t, &tdata, &tn, 100) &&
                rpc_xdr_getpos(&x) == xdr_getpos(&t) && memcmp(b1, b2, rpc_xdr_getpos(&x)) == 0;

        /* string */
        char s[16];
        memcpy(s, text, len);
        s[len] = '\0';
        char *sp = s, *tsp = s;
        rpc_xdr_init_encode(&x, b1, sizeof b1);
        xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
        total++;
        same += rpc_xdr_string(&x, &sp, 100) && xdr_string(&t, &tsp, 100) &&
                rpc_xdr_getpos(&x) == xdr_getpos(&t) && memcmp(b1, b2, rpc_xdr_getpos(&x)) == 0;

        /* libtirpc decodes our string; we decode its */
        char *back = NULL, mine[16];
        unsigned ours = (unsigned)rpc_xdr_getpos(&x), theirs = xdr_getpos(&t);
        xdrmem_create(&t, (char *)b1, ours, XDR_DECODE);
        rpc_xdr_init_decode(&x, b2, theirs);
        total++;
        same += xdr_string(&t, &back, 100) && strcmp(back, s) == 0 &&
                rpc_xdr_string_buf(&x, mine, sizeof mine) && strcmp(mine, s) == 0;
        free(back);
    }
    ok(same == total, "fixed opaque, variable opaque and strings of 0 to 12 bytes (every padding): "
       "%d of %d identical, and cross-decoded", same, total);
}

struct pair { int32_t a; float b; };
static bool our_pair(struct rpc_xdr *x, void *obj)
{
    struct pair *p = obj;
    return rpc_xdr_int(x, &p->a) && rpc_xdr_float(x, &p->b);
}
static bool_t their_pair(XDR *t, void *obj, ...)
{
    struct pair *p = obj;
    return xdr_int(t, &p->a) && xdr_float(t, &p->b);
}

static void test_arrays(void)
{
    struct pair pairs[3] = { { 1, 1.5f }, { -2, 2.5f }, { 3, -3.5f } };
    unsigned char b1[128], b2[128];
    struct rpc_xdr x;
    XDR t;
    void *base = pairs;
    char *tbase = (char *)pairs;
    uint32_t count = 3;
    u_int tcount = 3;

    rpc_xdr_init_encode(&x, b1, sizeof b1);
    xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
    ok(rpc_xdr_array(&x, &base, &count, 10, sizeof pairs[0], our_pair) &&
       xdr_array(&t, &tbase, &tcount, 10, sizeof pairs[0], (xdrproc_t)their_pair), "both encode an array of structs");
    ok_bytes(b1, rpc_xdr_getpos(&x), b2, xdr_getpos(&t), "a variable array of 3 structs {int, float}: identical");

    rpc_xdr_init_encode(&x, b1, sizeof b1);
    xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
    rpc_xdr_vector(&x, pairs, 3, sizeof pairs[0], our_pair);
    xdr_vector(&t, (char *)pairs, 3, sizeof pairs[0], (xdrproc_t)their_pair);
    ok_bytes(b1, rpc_xdr_getpos(&x), b2, xdr_getpos(&t), "a fixed array of 3 structs: identical");

    struct pair *present = &pairs[1], *absent = NULL;
    rpc_xdr_init_encode(&x, b1, sizeof b1);
    xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
    rpc_xdr_pointer(&x, (void **)&present, sizeof *present, our_pair);
    rpc_xdr_pointer(&x, (void **)&absent, sizeof *absent, our_pair);
    xdr_pointer(&t, (char **)&present, sizeof *present, (xdrproc_t)their_pair);
    xdr_pointer(&t, (char **)&absent, sizeof *absent, (xdrproc_t)their_pair);
    ok_bytes(b1, rpc_xdr_getpos(&x), b2, xdr_getpos(&t), "optional data, present then absent: identical");
}

/* ---- 2. RPC headers --------------------------------------------------------- */

static void test_headers(void)
{
    unsigned char b1[512], b2[512];
    struct rpc_xdr x;
    XDR t;
    struct rpc_msg call;
    struct rpc_call_header h;

    /* A call with AUTH_NONE. */
    memset(&call, 0, sizeof call);
    call.rm_xid = 0x12345678;
    call.rm_direction = CALL;
    call.rm_call.cb_rpcvers = 2;
    call.rm_call.cb_prog = ARITH_PROG;
    call.rm_call.cb_vers = 1;
    call.rm_call.cb_proc = ADD_PROC;
    call.rm_call.cb_cred = _null_auth;
    call.rm_call.cb_verf = _null_auth;
    xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
    xdr_callmsg(&t, &call);
    memset(&h, 0, sizeof h);
    h.xid = 0x12345678;
    h.rpcvers = 2;
    h.prog = ARITH_PROG;
    h.vers = 1;
    h.proc = ADD_PROC;
    rpc_xdr_init_encode(&x, b1, sizeof b1);
    rpc_msg_encode_call(&x, &h);
    ok_bytes(b1, rpc_xdr_getpos(&x), b2, xdr_getpos(&t), "a call header with AUTH_NONE: same as xdr_callmsg");

    /* An AUTH_SYS body. */
    gid_t gids[2] = { 27, 100 };
    struct authunix_parms parms = { .aup_time = 0x01020304, .aup_machname = "vm1", .aup_uid = 1000,
                                    .aup_gid = 100, .aup_len = 2, .aup_gids = gids };
    struct rpc_auth_sys sys = { .stamp = 0x01020304, .machine = "vm1", .uid = 1000, .gid = 100,
                                .gids_count = 2, .gids = { 27, 100 } };
    struct rpc_opaque_auth cred;
    xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
    xdr_authunix_parms(&t, &parms);
    rpc_auth_sys_encode(&sys, b1, &cred);
    ok_bytes(b1, cred.length, b2, xdr_getpos(&t), "an AUTH_SYS body: same as xdr_authunix_parms");

    /* The replies. */
    static const struct { const char *desc; enum reply_stat rs; int stat; uint32_t low, high; } cases[] = {
        { "reply SUCCESS", MSG_ACCEPTED, SUCCESS, 0, 0 },
        { "reply PROG_UNAVAIL", MSG_ACCEPTED, PROG_UNAVAIL, 0, 0 },
        { "reply PROG_MISMATCH 1..3", MSG_ACCEPTED, PROG_MISMATCH, 1, 3 },
        { "reply PROC_UNAVAIL", MSG_ACCEPTED, PROC_UNAVAIL, 0, 0 },
        { "reply GARBAGE_ARGS", MSG_ACCEPTED, GARBAGE_ARGS, 0, 0 },
        { "reply SYSTEM_ERR", MSG_ACCEPTED, SYSTEM_ERR, 0, 0 },
        { "reply RPC_MISMATCH 2..2", MSG_DENIED, RPC_MISMATCH, 2, 2 },
        { "reply AUTH_ERROR AUTH_BADCRED", MSG_DENIED, AUTH_ERROR, AUTH_BADCRED, 0 },
        { "reply AUTH_ERROR AUTH_TOOWEAK", MSG_DENIED, AUTH_ERROR, AUTH_TOOWEAK, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rpc_msg reply;
        struct rpc_reply_header r;
        char desc[128];

        memset(&reply, 0, sizeof reply);
        memset(&r, 0, sizeof r);
        reply.rm_xid = r.xid = 0xcafe0001u;
        reply.rm_direction = REPLY;
        reply.rm_reply.rp_stat = cases[i].rs;
        r.reply_stat = cases[i].rs == MSG_ACCEPTED ? RPC_REPLY_ACCEPTED : RPC_REPLY_DENIED;
        if (cases[i].rs == MSG_ACCEPTED) {
            reply.acpted_rply.ar_verf = _null_auth;
            reply.acpted_rply.ar_stat = cases[i].stat;
            reply.acpted_rply.ar_results.where = NULL;
            reply.acpted_rply.ar_results.proc = tirpc_void;
            reply.acpted_rply.ar_vers.low = cases[i].low;
            reply.acpted_rply.ar_vers.high = cases[i].high;
            r.accept_stat = (uint32_t)cases[i].stat;
            r.low = cases[i].low;
            r.high = cases[i].high;
        } else {
            reply.rjcted_rply.rj_stat = cases[i].stat;
            r.reject_stat = (uint32_t)cases[i].stat;
            if (cases[i].stat == RPC_MISMATCH) {
                reply.rjcted_rply.rj_vers.low = cases[i].low;
                reply.rjcted_rply.rj_vers.high = cases[i].high;
                r.low = cases[i].low;
                r.high = cases[i].high;
            } else {
                reply.rjcted_rply.rj_why = cases[i].low;
                r.auth_stat = cases[i].low;
            }
        }
        xdrmem_create(&t, (char *)b2, sizeof b2, XDR_ENCODE);
        xdr_replymsg(&t, &reply);
        rpc_xdr_init_encode(&x, b1, sizeof b1);
        rpc_msg_encode_reply(&x, &r);
        snprintf(desc, sizeof desc, "%s: same as xdr_replymsg", cases[i].desc);
        ok_bytes(b1, rpc_xdr_getpos(&x), b2, xdr_getpos(&t), desc);
    }
}

/* ---- 3. over sockets ---------------------------------------------------------- */

struct couple { float e1, e2; };

static bool our_couple(struct rpc_xdr *x, void *obj)
{
    struct couple *c = obj;
    return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
}

static bool_t their_couple(XDR *t, void *obj, ...)
{
    struct couple *c = obj;
    return xdr_float(t, &c->e1) && xdr_float(t, &c->e2);
}

static int add(struct rpc_request *req, void *args, void *result)
{
    const struct couple *c = args;
    (void)req;
    *(float *)result = c->e1 + c->e2;
    return RPC_ACCEPT_SUCCESS;
}

static const struct rpc_proc procs[] = {
    { .proc = 0 },
    { .proc = ADD_PROC, .handler = add, .args_proc = our_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
};

static volatile sig_atomic_t stop_flag;
static void on_term(int sig) { (void)sig; stop_flag = 1; }
static int stop_requested(void) { return stop_flag; }

/* Forks our server (TCP and UDP on 127.0.0.1); ports through a pipe. */
static pid_t start_our_server(unsigned short *tcp, unsigned short *udp)
{
    int fds[2];
    unsigned short ports[2] = { 0, 0 };
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        struct sigaction sa = { .sa_handler = on_term };
        struct sockaddr_storage bound;
        struct rpc_server *srv = rpc_server_create();

        sigaction(SIGTERM, &sa, NULL);
        rpc_server_register(srv, ARITH_PROG, 1, procs, 2, NULL);
        if (rpc_server_listen(srv, RPC_TCP, AF_INET, "127.0.0.1", 0, true, &bound) >= 0)
            ports[0] = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        if (rpc_server_listen(srv, RPC_UDP, AF_INET, "127.0.0.1", 0, true, &bound) >= 0)
            ports[1] = ntohs(((struct sockaddr_in *)&bound)->sin_port);
        if (write(fds[1], ports, sizeof ports) != sizeof ports)
            _exit(1);
        rpc_server_run(srv, stop_requested);
        rpc_server_destroy(srv);
        exit(0);
    }
    close(fds[1]);
    if (read(fds[0], ports, sizeof ports) != sizeof ports)
        ports[0] = ports[1] = 0;
    close(fds[0]);
    *tcp = ports[0];
    *udp = ports[1];
    return pid;
}

/* The libtirpc side: the dispatch function of an rpcgen-like ARITH server. */
static void arith_dispatch(struct svc_req *req, SVCXPRT *xprt)
{
    struct couple args;
    float sum;

    switch (req->rq_proc) {
    case 0:
        svc_sendreply(xprt, tirpc_void, NULL);
        return;
    case ADD_PROC:
        memset(&args, 0, sizeof args);
        if (!svc_getargs(xprt, (xdrproc_t)their_couple, (char *)&args)) {
            svcerr_decode(xprt);
            return;
        }
        sum = args.e1 + args.e2;
        svc_sendreply(xprt, (xdrproc_t)xdr_float, (char *)&sum);
        return;
    default:
        svcerr_noproc(xprt);
    }
}

/* Forks a libtirpc server on TCP or UDP, not registered with any
 * portmapper (protocol 0); its port comes back through a pipe. */
static pid_t start_tirpc_server(bool tcp, unsigned short *port)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        SVCXPRT *xprt = tcp ? svctcp_create(RPC_ANYSOCK, 0, 0) : svcudp_create(RPC_ANYSOCK);
        unsigned short p = xprt != NULL ? xprt->xp_port : 0;

        if (xprt == NULL || !svc_register(xprt, ARITH_PROG, 1, arith_dispatch, 0))
            p = 0;
        if (write(fds[1], &p, sizeof p) != sizeof p)
            _exit(1);
        svc_run();
        _exit(0);
    }
    close(fds[1]);
    if (read(fds[0], port, sizeof *port) != sizeof *port)
        *port = 0;
    close(fds[0]);
    return pid;
}

static void stop(pid_t pid, int sig)
{
    kill(pid, sig);
    waitpid(pid, NULL, 0);
}

static void test_tirpc_client_our_server(void)
{
    unsigned short tcp, udp;
    pid_t pid = start_our_server(&tcp, &udp);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct timeval timeout = { 2, 0 }, wait = { 0, 200000 };
    struct couple args = { 13.4f, 17.1f };
    float sum = 0;
    int sock = RPC_ANYSOCK;
    CLIENT *clnt;

    addr.sin_port = htons(tcp);
    clnt = clnttcp_create(&addr, ARITH_PROG, 1, &sock, 0, 0);
    ok(clnt != NULL && clnt_call(clnt, ADD_PROC, (xdrproc_t)their_couple, (char *)&args,
                                 (xdrproc_t)xdr_float, (char *)&sum, timeout) == RPC_SUCCESS &&
       sum == 30.5f, "libtirpc TCP client -> our server: 13.4 + 17.1 = 30.5");
    if (clnt != NULL) {
        ok(clnt_call(clnt, 42, tirpc_void, NULL, tirpc_void, NULL, timeout) ==
               RPC_PROCUNAVAIL, "libtirpc sees PROC_UNAVAIL for procedure 42");
        clnt_destroy(clnt);
    } else {
        ok(0, "libtirpc sees PROC_UNAVAIL for procedure 42");
    }

    sock = RPC_ANYSOCK;
    clnt = clnttcp_create(&addr, ARITH_PROG, 2, &sock, 0, 0);
    if (clnt != NULL) {
        enum clnt_stat st = clnt_call(clnt, 0, tirpc_void, NULL, tirpc_void, NULL, timeout);
        char *text = clnt_sperror(clnt, "rpcinfo");
        ok(st == RPC_PROGVERSMISMATCH &&
           strstr(text, "rpcinfo: RPC: Program/version mismatch; low version = 1, high version = 1") == text,
           "libtirpc on version 2: %s", text);
        clnt_destroy(clnt);
    } else {
        ok(0, "libtirpc on version 2");
    }

    addr.sin_port = htons(udp);
    sock = RPC_ANYSOCK;
    sum = 0;
    clnt = clntudp_create(&addr, ARITH_PROG, 1, wait, &sock);
    ok(clnt != NULL && clnt_call(clnt, ADD_PROC, (xdrproc_t)their_couple, (char *)&args,
                                 (xdrproc_t)xdr_float, (char *)&sum, timeout) == RPC_SUCCESS &&
       sum == 30.5f, "libtirpc UDP client -> our server: 30.5");
    if (clnt != NULL)
        clnt_destroy(clnt);
    stop(pid, SIGTERM);
}

static void test_our_client_tirpc_server(void)
{
    struct rpc_error err;
    struct rpc_client *clnt;
    struct couple args = { 13.4f, 17.1f };
    float sum = 0;
    unsigned short port;
    char text[RPC_ERRSTRLEN];
    pid_t pid;

    for (int tcp = 1; tcp >= 0; tcp--) {
        const char *name = tcp ? "TCP" : "UDP";
        pid = start_tirpc_server(tcp, &port);
        clnt = rpc_client_create("127.0.0.1", port, ARITH_PROG, 1, tcp ? RPC_TCP : RPC_UDP, &err);
        sum = 0;
        ok(clnt != NULL && rpc_client_call(clnt, ADD_PROC, our_couple, &args, rpc_xdrproc_float, &sum, 2000) ==
               RPC_OK && sum == 30.5f, "our %s client -> a libtirpc server: 30.5", name);
        /* (Over UDP, libtirpc decodes arguments from its whole receive
         * buffer, not just the datagram: a short argument is not garbage
         * to it. So this one is checked over TCP.) */
        if (tcp)
            ok(clnt != NULL && rpc_client_call(clnt, ADD_PROC, rpc_xdrproc_float, &sum, NULL, NULL, 2000) ==
                   RPC_ERR_CANTDECODEARGS, "%s: libtirpc's GARBAGE_ARGS reads %s", name,
               clnt ? rpc_strerror(rpc_client_error(clnt), text, sizeof text) : "?");
        if (clnt != NULL) {
            rpc_client_set_version(clnt, 5);
            rpc_client_call(clnt, 0, NULL, NULL, NULL, NULL, 2000);
            rpc_strerror(rpc_client_error(clnt), text, sizeof text);
        }
        ok(clnt != NULL && rpc_client_error(clnt)->status == RPC_ERR_PROGVERSMISMATCH &&
           strcmp(text, "RPC: Program/version mismatch; low version = 1, high version = 1") == 0,
           "%s: version 5 of a libtirpc server: %s", name, text);
        rpc_client_destroy(clnt);
        stop(pid, SIGKILL);
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    plan(33);
    test_numbers();
    test_opaque_strings();
    test_arrays();
    test_headers();
    test_tirpc_client_our_server();
    test_our_client_tirpc_server();
    return done();
}
#endif
