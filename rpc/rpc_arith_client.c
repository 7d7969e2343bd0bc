/*
 * rpc_arith_client.c - TP3, RPC: the ARITH client, the slide's callrpc().
 *
 * The call looks local: `arith_add(&client, 13.4, 17.1, &sum)`. Behind the
 * stub, the RPC runtime does what a student would otherwise write by hand:
 *   ask the portmapper at HOST:111 where ARITH_PROG version 1 is
 *   (PMAPPROC_GETPORT, over UDP) -> socket -> connect to that port
 *   -> encode the call: xid, CALL, RPC version 2, program, version,
 *      procedure, credentials, then the arguments in XDR (e1, e2)
 *   -> send, wait for the reply with the same xid (UDP: send again if
 *      nothing comes), check it, decode the result (XDR float) -> close.
 * --trace prints every message sent and received, field by field, with its
 * bytes: the same bytes tcpdump or tshark show.
 *
 *   ./rpc/rpc_arith_client 127.0.0.1 add 13.4 17.1
 *   13.400000 + 17.100000 = 30.500000
 */
#include "common.h"
#include "arith.h"
#include "pmap_prot.h"
#include "rpc_client.h"

#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: rpc_arith_client [-P PMAP_PORT] [-T tcp|udp] [-t SECONDS] [-V VERS] " \
              "[--trace] [-v] HOST OP X [Y]"

struct options {
    unsigned short pmap_port;      /* -P: the portmapper's port, default 111 */
    enum rpc_transport transport;  /* -T: tcp (default) or udp */
    long timeout;                  /* -t: seconds to wait for each answer, default 5 */
    unsigned short port;           /* the port the portmapper gave, once asked */
    long version;                  /* -V: the version asked for, default 1 */
    int trace;                     /* --trace: print every message */
    const char *host;
    const char *op;                /* add, mult, sqrt, null, or a procedure number */
    long proc;
    float x, y;
};

/* ---- the client stubs: what rpcgen would generate ------------------------
 * Each makes a remote procedure look like a local function. Unlike a local
 * function, it can fail (no server, no answer, wrong version): it returns
 * the call's status, RPC_OK when *result holds the answer. */

struct arith_client {
    struct rpc_client *rpc;   /* the connection to the server */
    int timeout_ms;           /* how long a call may wait for its reply */
};

static enum rpc_status arith_call(struct arith_client *client, uint32_t proc, float x,
                                  float y, float *result)
{
    struct couple args = { x, y };

    return rpc_client_call(client->rpc, proc, xdr_couple, &args, rpc_xdrproc_float,
                           result, client->timeout_ms);
}

static enum rpc_status arith_add(struct arith_client *client, float x, float y, float *sum)
{
    return arith_call(client, ADD_PROC, x, y, sum);
}

static enum rpc_status arith_mult(struct arith_client *client, float x, float y,
                                  float *product)
{
    return arith_call(client, MULT_PROC, x, y, product);
}

static enum rpc_status arith_sqrt(struct arith_client *client, float x, float *root)
{
    return arith_call(client, SQRT_PROC, x, 0.0f, root);
}

static enum rpc_status arith_null(struct arith_client *client)
{
    return rpc_client_call(client->rpc, NULL_PROC, NULL, NULL, NULL, NULL,
                           client->timeout_ms);
}

/* ---- --trace: every message, field by field -------------------------------- */

/* What the body of a message holds, to name its words. */
struct trace_ctx {
    const char *peer;           /* "127.0.0.1:111" */
    const char *what;           /* "portmapper" or "ARITH server" */
    const char *arg_names[4];   /* the call's arguments, in order */
    const char *result_name;    /* the reply's result */
    int floats;                 /* arguments and result are floats (ARITH) */
};

/* Reads the word at *pos and prints its 4 bytes, its name and a value. */
static bool trace_word(const unsigned char *msg, size_t length, size_t *pos,
                       const char *name, uint32_t *value)
{
    if (*pos + 4 > length)
        return false;
    *value = (uint32_t)msg[*pos] << 24 | (uint32_t)msg[*pos + 1] << 16 |
             (uint32_t)msg[*pos + 2] << 8 | msg[*pos + 3];
    printf("    %02x %02x %02x %02x  %-12s ", msg[*pos], msg[*pos + 1], msg[*pos + 2],
           msg[*pos + 3], name);
    *pos += 4;
    return true;
}

/* An authenticator: flavor, length, body words. */
static bool trace_auth(const unsigned char *msg, size_t length, size_t *pos, const char *which)
{
    char name[16];
    uint32_t flavor, body;

    snprintf(name, sizeof name, "%s flavor", which);
    if (!trace_word(msg, length, pos, name, &flavor))
        return false;
    printf("%s (%u)\n", rpc_flavor_name(flavor), (unsigned)flavor);
    snprintf(name, sizeof name, "%s length", which);
    if (!trace_word(msg, length, pos, name, &body))
        return false;
    printf("%u\n", (unsigned)body);
    for (uint32_t done = 0; done < body; done += 4) {
        uint32_t word;

        snprintf(name, sizeof name, "%s body", which);
        if (!trace_word(msg, length, pos, name, &word))
            return false;
        printf("\n");
    }
    return true;
}

/* The body's words: named (from names, then "data"), as floats or numbers. */
static void trace_values(const unsigned char *msg, size_t length, size_t *pos,
                         const char *const *names, int count, int floats)
{
    uint32_t word;

    for (int i = 0; *pos + 4 <= length; i++) {
        const char *name = i < count && names[i] != NULL ? names[i] : "data";

        trace_word(msg, length, pos, name, &word);
        if (strcmp(name, "prot") == 0 && (word == RPC_TCP || word == RPC_UDP)) {
            printf("%u (%s)\n", (unsigned)word, rpc_transport_name(word));
        } else if (strcmp(name, "prog") == 0 && word == ARITH_PROG) {
            printf("%u (0x%08x, ARITH_PROG)\n", (unsigned)word, (unsigned)word);
        } else if (floats && i < count) {
            float value;
            memcpy(&value, &word, sizeof value);   /* XDR float: IEEE bits, big-endian */
            printf("%f\n", value);
        } else {
            printf("%u\n", (unsigned)word);
        }
    }
}

static void trace_call(const struct trace_ctx *t, const unsigned char *msg, size_t length,
                       size_t pos)
{
    static const char *const names[] = { "rpcvers", "prog", "vers", "proc" };
    uint32_t word, prog = 0;

    for (int i = 0; i < 4; i++) {
        if (!trace_word(msg, length, &pos, names[i], &word))
            return;
        if (i == 1)
            prog = word;
        if (i == 1 && word == ARITH_PROG)
            printf("%u (0x%08x, ARITH_PROG)\n", (unsigned)word, (unsigned)word);
        else if (i == 1 && word == PMAP_PROG)
            printf("%u (PMAP_PROG)\n", (unsigned)word);
        else if (i == 3 && prog == ARITH_PROG && word <= SQRT_PROC)
            printf("%u (%s)\n", (unsigned)word,
                   (const char *[]){ "NULL", "ADD_PROC", "MULT_PROC", "SQRT_PROC" }[word]);
        else if (i == 3 && prog == PMAP_PROG && word == PMAPPROC_GETPORT)
            printf("%u (PMAPPROC_GETPORT)\n", (unsigned)word);
        else
            printf("%u\n", (unsigned)word);
    }
    if (trace_auth(msg, length, &pos, "cred") && trace_auth(msg, length, &pos, "verf"))
        trace_values(msg, length, &pos, t->arg_names, 4, t->floats);
}

static void trace_reply(const struct trace_ctx *t, const unsigned char *msg, size_t length,
                        size_t pos)
{
    uint32_t stat, word;

    if (!trace_word(msg, length, &pos, "reply_stat", &stat))
        return;
    printf("%s (%u)\n", rpc_reply_stat_name(stat), (unsigned)stat);
    if (stat == RPC_REPLY_DENIED) {
        if (!trace_word(msg, length, &pos, "reject_stat", &stat))
            return;
        printf("%s (%u)\n", rpc_reject_stat_name(stat), (unsigned)stat);
        if (stat == RPC_REJECT_AUTH_ERROR && trace_word(msg, length, &pos, "auth_stat", &word))
            printf("%s (%u)\n", rpc_auth_stat_name(word), (unsigned)word);
        else
            trace_values(msg, length, &pos, (const char *[]){ "low", "high" }, 2, 0);
        return;
    }
    if (!trace_auth(msg, length, &pos, "verf") ||
        !trace_word(msg, length, &pos, "accept_stat", &stat))
        return;
    printf("%s (%u)\n", rpc_accept_stat_name(stat), (unsigned)stat);
    if (stat == RPC_ACCEPT_SUCCESS)
        trace_values(msg, length, &pos, &t->result_name, 1, t->floats);
    else
        trace_values(msg, length, &pos, (const char *[]){ "low", "high" }, 2, 0);
}

/* The trace hook given to the runtime: one block per message. */
static void trace_message(void *ctx, enum rpc_trace_dir dir, enum rpc_transport transport,
                          const unsigned char *msg, size_t length)
{
    const struct trace_ctx *t = ctx;
    size_t pos = 0;
    uint32_t xid, type;

    printf("%s %s %s %s, %zu bytes\n", dir == RPC_TRACE_SENT ? "-->" : "<--",
           dir == RPC_TRACE_SENT ? "to" : "from", t->what, t->peer, length);
    (void)transport;
    if (!trace_word(msg, length, &pos, "xid", &xid))
        return;
    printf("0x%08x\n", (unsigned)xid);
    if (!trace_word(msg, length, &pos, "msg_type", &type))
        return;
    printf("%s (%u)\n", rpc_msg_type_name(type), (unsigned)type);
    if (type == RPC_MSG_CALL)
        trace_call(t, msg, length, pos);
    else
        trace_reply(t, msg, length, pos);
}

/* ---- arguments ----------------------------------------------------------------- */

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc.md): calls the ARITH program (858993459, version 1) on HOST,\n"
           "after asking HOST's portmapper for its port, and prints the slide's line.\n"
           "  HOST          the server's machine (name or address)\n"
           "  OP            add (X + Y), mult (X * Y), sqrt (square root of X), null (no\n"
           "                arguments), or a procedure number (to see PROC_UNAVAIL)\n"
           "  -P PMAP_PORT  the portmapper's port (default 111; rpc_portmap -p PORT)\n"
           "  -T tcp|udp    the transport (default tcp)\n"
           "  -t SECONDS    how long to wait for each answer, 1..3600 (default 5)\n"
           "  -V VERS       the version to ask for (default 1; 2 shows PROG_MISMATCH)\n"
           "  --trace       print every message sent and received, field by field\n"
           "  -v            trace the steps on stderr\n"
           "example: rpc_arith_client 127.0.0.1 add 13.4 17.1\n", USAGE);
}

/* Parses a float: a finite one (strtof also reads "nan", "inf" and
 * "-infinity", which no procedure of ARITH means); returns 0 or -1. */
static int parse_float(const char *text, float *value)
{
    char *end;

    errno = 0;
    *value = strtof(text, &end);
    return end == text || *end != '\0' || errno == ERANGE || !isfinite(*value) ? -1 : 0;
}

/* Removes "--trace" from argv (getopt knows no long options). */
static int take_trace_flag(int *argc, char *argv[])
{
    int found = 0, kept = 1;

    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[kept++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--trace") == 0)
            found = 1;
        else
            argv[kept++] = argv[i];
    }
    *argc = kept;
    return found;
}

/* Parses the operands HOST OP [X [Y]] (count of them) into *opts. Returns 0,
 * or the exit code to leave with. */
static int parse_operands(int count, char *operand[], struct options *opts)
{
    int needed;
    float *value[2] = { &opts->x, &opts->y };

    if (count < 2)
        return sl_usage_error(USAGE, "missing %s", count == 0 ? "HOST" : "OP");
    opts->host = operand[0];
    opts->op = operand[1];
    if (strcmp(opts->op, "add") == 0) opts->proc = ADD_PROC;
    else if (strcmp(opts->op, "mult") == 0) opts->proc = MULT_PROC;
    else if (strcmp(opts->op, "sqrt") == 0) opts->proc = SQRT_PROC;
    else if (strcmp(opts->op, "null") == 0) opts->proc = NULL_PROC;
    else if (sl_parse_long(opts->op, 0, 4294967295L, &opts->proc) < 0)
        return sl_usage_error(USAGE, "invalid operation '%s' (expected add, mult, sqrt, null "
                              "or a procedure number)", opts->op);
    needed = opts->proc == NULL_PROC ? 0 : opts->proc == SQRT_PROC ? 1 : 2;
    if (count - 2 < needed)
        return sl_usage_error(USAGE, "missing %s for '%s'", count - 2 == 0 ? "X" : "Y", opts->op);
    if (count - 2 > needed)
        return sl_usage_error(USAGE, "too many arguments: '%s'", operand[2 + needed]);
    for (int i = 0; i < needed; i++)
        if (parse_float(operand[2 + i], value[i]) < 0)
            return sl_usage_error(USAGE, "invalid number '%s' (expected a finite number between "
                                  "-3.4e38 and 3.4e38, e.g. 13.4)", operand[2 + i]);
    return 0;
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    memset(opts, 0, sizeof *opts);
    opts->pmap_port = PMAP_PORT;
    opts->transport = RPC_TCP;
    opts->timeout = 5;
    opts->version = ARITH_VERS1;
    opts->trace = take_trace_flag(&argc, argv);

    opterr = 0;
    /* "+": stop at HOST, so that a negative X ("sqrt -1") is not an option. */
    while ((opt = getopt(argc, argv, "+:P:T:t:V:v")) != -1) {
        switch (opt) {
        case 'v': sl_trace_enable(1); break;
        case 'P':
            if (sl_parse_port(optarg, 0, &opts->pmap_port) < 0)
                return sl_usage_error(USAGE, "invalid portmapper port '%s' (expected an "
                                      "integer in 1..65535)", optarg);
            break;
        case 'T':
            if (rpc_transport_parse(optarg, &opts->transport) < 0)
                return sl_usage_error(USAGE, "invalid transport '%s' (expected tcp or udp)",
                                      optarg);
            break;
        case 't':
            if (sl_parse_long(optarg, 1, 3600, &opts->timeout) < 0)
                return sl_usage_error(USAGE, "invalid timeout '%s' (expected 1..3600 seconds)",
                                      optarg);
            break;
        case 'V':
            if (sl_parse_long(optarg, 0, 4294967295L, &opts->version) < 0)
                return sl_usage_error(USAGE, "invalid version '%s' (expected 0..4294967295)",
                                      optarg);
            break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    return parse_operands(argc - optind, argv + optind, opts);
}

/* ---- the call --------------------------------------------------------------------- */

/* Prints clnt_pcreateerror's / clnt_perror's line ("HOST: RPC: ..."), and a
 * hint for the errors a student meets. */
static void report(const struct options *opts, const struct rpc_error *err)
{
    char text[RPC_ERRSTRLEN];

    sl_errorx("%s: %s", opts->host, rpc_strerror(err, text, sizeof text));
    switch (err->status) {
    case RPC_ERR_PROGNOTREGISTERED:
        sl_hint("is rpc_arith_server running there? see: rpc_info -P %u -p %s",
                (unsigned)opts->pmap_port, opts->host);
        break;
    case RPC_ERR_PMAPFAILURE:
        sl_hint("is a portmapper running on %s port %u? (rpc_portmap -p %u, or rpcbind)",
                opts->host, (unsigned)opts->pmap_port, (unsigned)opts->pmap_port);
        break;
    case RPC_ERR_TIMEDOUT:
        sl_hint("no answer within %ld s: the server is stopped, overloaded, or a firewall "
                "drops the packets; the call may or may not have run", opts->timeout);
        break;
    case RPC_ERR_PROGVERSMISMATCH:
        sl_hint("the server serves versions %u to %u only", (unsigned)err->low,
                (unsigned)err->high);
        break;
    case RPC_ERR_SYSTEMERROR:
        if (err->sys_errno == ECONNREFUSED && opts->port != 0)
            sl_hint("the portmapper gave port %u, where nothing listens: a server that stopped "
                    "without unregistering? see: rpc_info -P %u -p %s", (unsigned)opts->port,
                    (unsigned)opts->pmap_port, opts->host);
        break;
    default:
        break;
    }
}

/* ---- every address of HOST, in turn ---------------------------------------------
 * A name may resolve to several addresses (vm1: 2001:db8::1, then 192.0.2.1).
 * TCP finds out at connect() that nobody listens at one; UDP only when the
 * call gets an ICMP unreachable ("Connection refused") or no answer. Either
 * way the next address is tried, and what was tried is kept for the hint. */

/* One attempt: which procedure, with what, at which port of HOST. */
struct attempt {
    /* the call, once connected */
    enum rpc_status (*call)(struct rpc_client *clnt, struct attempt *a, int timeout_ms);
    uint32_t prog, vers;
    enum rpc_transport transport;
    unsigned short port;
    const void *args;
    void *result;
    struct trace_ctx *trace;       /* NULL: no --trace */
    char tried[512];               /* "[2001:db8::1]:111 (RPC: ...), ..." */
};

/* True when an attempt failed for want of anybody answering at that address. */
static bool nobody_there(enum rpc_status status, const struct rpc_error *err)
{
    return status == RPC_ERR_CANTRECV || status == RPC_ERR_CANTSEND ||
           status == RPC_ERR_TIMEDOUT || (status == RPC_ERR_SYSTEMERROR && err->sys_errno != 0);
}

/* Adds "ADDR (reason)" to a->tried. */
static void note_tried(struct attempt *a, const struct sockaddr *addr, const struct rpc_error *err)
{
    char where[SL_ADDRSTRLEN], why[RPC_ERRSTRLEN];
    size_t used = strlen(a->tried);

    snprintf(a->tried + used, sizeof a->tried - used, "%s%s (%s)", used > 0 ? ", " : "",
             sl_addr_string(addr, where), rpc_strerror(err, why, sizeof why));
}

/* Calls a->proc at each address of host, in turn, until one answers (even
 * with an error). Returns the status of the last attempt, details in *err. */
static enum rpc_status call_each_address(const struct options *opts, struct attempt *a,
                                         struct rpc_error *err)
{
    struct addrinfo hints, *answers, *ai;
    enum rpc_status status = RPC_ERR_UNKNOWNHOST;
    char service[8];

    memset(err, 0, sizeof *err);
    err->status = RPC_ERR_UNKNOWNHOST;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = a->transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)a->port);
    if ((err->gai_error = getaddrinfo(opts->host, service, &hints, &answers)) != 0)
        return RPC_ERR_UNKNOWNHOST;
    for (ai = answers; ai != NULL; ai = ai->ai_next) {
        struct rpc_client *clnt = rpc_client_create_addr(ai->ai_addr, ai->ai_addrlen, a->prog,
                                                         a->vers, a->transport, err);
        char where[SL_ADDRSTRLEN];

        if (clnt == NULL) {
            status = err->status;
            note_tried(a, ai->ai_addr, err);
            continue;
        }
        sl_trace("%s %s over %s (socket %d)", a->transport == RPC_UDP ? "sending to" :
                 "connected to", sl_addr_string(ai->ai_addr, where),
                 rpc_transport_name(a->transport), rpc_client_fd(clnt));
        if (a->trace != NULL)
            rpc_client_set_trace(clnt, trace_message, a->trace);
        status = a->call(clnt, a, (int)opts->timeout * 1000);
        *err = *rpc_client_error(clnt);
        rpc_client_destroy(clnt);
        if (!nobody_there(status, err))
            break;
        note_tried(a, ai->ai_addr, err);
    }
    freeaddrinfo(answers);
    return status;
}

/* After a failure at every address: the hint names them, if there were
 * several (a student then sees that vm1 was tried over IPv6 first). */
static void hint_tried(const struct attempt *a)
{
    if (strchr(a->tried, ',') != NULL)
        sl_hint("tried %s", a->tried);
}

/* Watches each address of HOST the portmapper is asked at (ctx: the
 * attempt): -v says it, and one where nobody answered goes to the hint. */
static void asked_at(void *ctx, const struct sockaddr *addr, enum rpc_status status,
                     const struct rpc_error *err)
{
    char where[SL_ADDRSTRLEN];

    sl_trace("asked the portmapper at %s over udp: %s", sl_addr_string(addr, where),
             rpc_status_string(status));
    if (nobody_there(status, err))
        note_tried(ctx, addr, err);
}

/* Asks the portmapper at HOST:pmap_port for the port of ARITH on the
 * transport (PMAPPROC_GETPORT, over UDP: rpc_pmap_getport_ask, pmap_prot.h),
 * at each address of HOST. Returns the port, or 0 (reported). */
static unsigned short ask_portmapper(const struct options *opts)
{
    char peer[SL_ADDRSTRLEN];
    struct trace_ctx trace = { peer, "portmapper", { "prog", "vers", "prot", "port" },
                               "port", 0 };
    struct attempt a = { .tried = "" };
    struct rpc_pmap_ask ask = { (int)opts->timeout * 1000, opts->trace ? trace_message : NULL,
                                &trace, asked_at, &a };
    unsigned short port = 0;
    struct rpc_error err;
    enum rpc_status status;

    snprintf(peer, sizeof peer, "%s:%u (udp)", opts->host, (unsigned)opts->pmap_port);
    status = rpc_pmap_getport_ask(opts->host, opts->pmap_port, ARITH_PROG,
                                  (uint32_t)opts->version, opts->transport, &port, &err, &ask);
    if (status == RPC_OK) {
        sl_trace("GETPORT(%u, %ld, %s) at %s = %u", ARITH_PROG, opts->version,
                 rpc_transport_name(opts->transport), peer, (unsigned)port);
        return port;
    }
    /* no answer to show: the status, not a port the portmapper never sent */
    sl_trace("GETPORT(%u, %ld, %s) at %s: %s", ARITH_PROG, opts->version,
             rpc_transport_name(opts->transport), peer, rpc_status_string(status));
    report(opts, &err);
    if (status == RPC_ERR_PMAPFAILURE)
        hint_tried(&a);
    return 0;
}

/* The call through the stubs: a->args is the options (OP, X, Y), a->result
 * the float to fill. */
static enum rpc_status call_arith(struct rpc_client *clnt, struct attempt *a, int timeout_ms)
{
    const struct options *opts = a->args;
    struct arith_client client = { clnt, timeout_ms };
    float *result = a->result;

    switch (opts->proc) {
    case ADD_PROC:  return arith_add(&client, opts->x, opts->y, result);
    case MULT_PROC: return arith_mult(&client, opts->x, opts->y, result);
    case SQRT_PROC: return arith_sqrt(&client, opts->x, result);
    case NULL_PROC: return arith_null(&client);
    default:        return arith_call(&client, (uint32_t)opts->proc, opts->x, opts->y, result);
    }
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct rpc_error err;
    char peer[SL_ADDRSTRLEN];
    struct trace_ctx trace = { peer, "ARITH server", { "e1", "e2" }, "result", 1 };
    unsigned short port;
    enum rpc_status status;
    float result = 0.0f;
    int exit_code;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    exit_code = parse_options(argc, argv, &opts);
    if (exit_code != 0)
        return exit_code;

    /* 1. Where is ARITH? The portmapper knows. */
    port = ask_portmapper(&opts);
    if (port == 0)
        return 1;
    opts.port = port;

    /* 2-3. The remote call, as if it were local (call_arith), at each
     * address of HOST until one answers: socket + connect, then the stub. */
    snprintf(peer, sizeof peer, "%s:%u (%s)", opts.host, (unsigned)port,
             rpc_transport_name(opts.transport));
    {
        struct attempt a = { call_arith, ARITH_PROG, (uint32_t)opts.version, opts.transport,
                             port, &opts, &result, opts.trace ? &trace : NULL, "" };

        status = call_each_address(&opts, &a, &err);
        if (status != RPC_OK) {
            report(&opts, &err);
            hint_tried(&a);
            return 1;
        }
    }
    switch (opts.proc) {
    case ADD_PROC:  printf("%f + %f = %f\n", opts.x, opts.y, result); break;
    case MULT_PROC: printf("%f * %f = %f\n", opts.x, opts.y, result); break;
    case SQRT_PROC: printf("sqrt(%f) = %f\n", opts.x, result); break;
    case NULL_PROC: printf("program %u version %ld ready and waiting\n", ARITH_PROG,
                           opts.version); break;
    default:        printf("procedure %ld(%f, %f) = %f\n", opts.proc, opts.x, opts.y, result);
    }
    return 0;
}
