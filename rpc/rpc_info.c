/*
 * rpc_info.c - TP3, RPC: what rpcinfo does, in two modes.
 *
 *   rpc_info -p [HOST]          asks HOST's portmapper for its whole table
 *                               (PMAPPROC_DUMP, over TCP) and prints it like
 *                               `rpcinfo -p`: program, version, protocol,
 *                               port, service name
 *   rpc_info -t|-u HOST PROG [VERS]
 *                               asks the portmapper for PROG's port
 *                               (PMAPPROC_GETPORT), then calls procedure 0
 *                               (NULL: no arguments, no result) there over
 *                               TCP or UDP: "ready and waiting" if it answers.
 *                               Without VERS, calls version 0 first: the
 *                               server's PROG_MISMATCH answer tells the range
 *                               of versions it serves, each is then called.
 *   rpc_info -d PROG VERS       deletes PROG VERS's registration, like
 *                               `rpcinfo -d`: rpcbind version 4 UNSET
 *                               through /run/rpcbind.sock when rpcbind
 *                               answers there (it knows the caller's uid:
 *                               root may delete any registration), else
 *                               PMAPPROC_UNSET to 127.0.0.1:111 over UDP
 *
 * Service names come from /etc/rpc when it exists (portmapper and arith are
 * known even without it), both ways: PROG may be a name or an alias there
 * (`rpc_info -u HOST portmapper`, `rpc_info -t HOST nfs`), as for rpcinfo.
 */
#include "common.h"
#include "arith.h"
#include "pmap_prot.h"
#include "rpc_client.h"

#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: rpc_info [-P PMAP_PORT] [-n PORT] [-S PATH] -p [HOST] | " \
              "-t|-u HOST PROG [VERS] | -d PROG VERS"

#define TIMEOUT_MS 5000      /* each call waits at most this long */
#define PROBE_MS  10000      /* every version's call together, at most */
#define MAX_VERSIONS 64      /* a wider range reported is not believed */
#define NAME_MAX_LEN 64

struct options {
    int mode;                    /* 'p', 't', 'u' or 'd' */
    unsigned short pmap_port;    /* -P: the portmapper's port, default 111 */
    bool pmap_given;             /* -P given: -d at 127.0.0.1:PMAP_PORT only */
    const char *rpcbind;         /* -S: -d through this AF_LOCAL socket only */
    unsigned short port;         /* -n: call PROG at this port, without the portmapper */
    const char *host;            /* default 127.0.0.1 for -p */
    long prog, vers;             /* vers -1: not given */
};

static void print_help(void)
{
    printf("%s\n"
           "TP3 (labs/tp3-rpc.md): asks a portmapper what is registered, like rpcinfo.\n"
           "  -p [HOST]      list the portmapper's table (default host 127.0.0.1)\n"
           "  -t HOST PROG [VERS]  call procedure 0 of PROG over TCP (all versions if no VERS);\n"
           "                 PROG is a number or a name from /etc/rpc (nfs, portmapper, ...)\n"
           "  -u HOST PROG [VERS]  the same over UDP\n"
           "  -d PROG VERS   delete PROG VERS's registration (every protocol), like rpcinfo -d:\n"
           "                 through rpcbind's /run/rpcbind.sock if it answers (root may delete\n"
           "                 any), else at 127.0.0.1:111 over UDP\n"
           "  -S PATH        -d: through rpcbind's AF_LOCAL socket PATH only\n"
           "  -P PMAP_PORT   the portmapper's port (default 111; rpc_portmap -p PORT); with -d:\n"
           "                 127.0.0.1:PMAP_PORT over UDP only\n"
           "  -n PORT        -t/-u: call PROG at this port, without asking the portmapper\n"
           "  -v             trace the steps on stderr\n"
           "example: rpc_info -p 127.0.0.1; rpc_info -t 127.0.0.1 858993459 1; rpc_info -u 127.0.0.1 portmapper\n", USAGE);
}

/* ---- program names (/etc/rpc) -------------------------------------------------- */

/* One line of /etc/rpc, "NAME NUMBER ALIAS..." (changed by strtok_r): true
 * if it is program *number (name NULL) or is called name (or has it as an
 * alias); then its name goes to found (size bytes), its number to *number. */
static bool rpc_db_match(char *line, const char *name, uint32_t *number, char *found,
                         size_t size)
{
    char *word, *digits, *rest, *end;
    unsigned long value;
    bool match = false;

    line[strcspn(line, "#\n")] = '\0';
    word = strtok_r(line, " \t", &rest);
    digits = word == NULL ? NULL : strtok_r(NULL, " \t", &rest);
    if (digits == NULL)
        return false;
    value = strtoul(digits, &end, 10);
    if (*end != '\0' || value > UINT32_MAX)
        return false;
    if (name == NULL)
        match = value == *number;
    for (char *alias = word; name != NULL && alias != NULL && !match;
         alias = strtok_r(NULL, " \t", &rest))
        match = strcmp(alias, name) == 0;
    if (match) {
        snprintf(found, size, "%s", word);
        *number = (uint32_t)value;
    }
    return match;
}

/* Looks a program up in /etc/rpc: by number when name is NULL, else by name
 * or alias. The two programs this toolkit serves are known even without
 * /etc/rpc. Returns true with found and *number set (see rpc_db_match). */
static bool rpc_db_find(const char *name, uint32_t *number, char *found, size_t size)
{
    static const char *const builtin[] = { "portmapper 100000 portmap sunrpc rpcbind",
                                           "arith 858993459" };
    FILE *db = fopen("/etc/rpc", "r");
    char line[256];
    bool match = false;

    while (db != NULL && !match && fgets(line, sizeof line, db) != NULL)
        match = rpc_db_match(line, name, number, found, size);
    if (db != NULL)
        fclose(db);
    for (size_t i = 0; !match && i < sizeof builtin / sizeof builtin[0]; i++) {
        snprintf(line, sizeof line, "%s", builtin[i]);
        match = rpc_db_match(line, name, number, found, size);
    }
    return match;
}

/* The name of program prog ("" if unknown: rpcinfo prints nothing then). */
static const char *service_name(uint32_t prog, char *name, size_t size)
{
    if (!rpc_db_find(NULL, &prog, name, size))
        name[0] = '\0';
    return name;
}

/* The number of a program named name (or one of its aliases). */
static bool program_number(const char *name, uint32_t *prog)
{
    char found[NAME_MAX_LEN];

    *prog = 0;
    return rpc_db_find(name, prog, found, sizeof found);
}

/* Parses PROG (a decimal number or a name from /etc/rpc) into opts->prog
 * and VERS (text NULL: not given) into opts->vers. Returns 0, or the exit
 * code to leave with. */
static int parse_program(const char *prog, const char *vers, struct options *opts)
{
    if (sl_parse_long(prog, 1, 4294967295L, &opts->prog) < 0) {
        uint32_t number;

        if (!isalpha((unsigned char)prog[0]))
            return sl_usage_error(USAGE, "invalid program number '%s' (expected a decimal "
                                  "number, e.g. 858993459 for 0x33333333, or a name from "
                                  "/etc/rpc)", prog);
        if (!program_number(prog, &number))
            return sl_usage_error(USAGE, "unknown program name '%s' (not in /etc/rpc)", prog);
        opts->prog = number;
    }
    if (vers != NULL && sl_parse_long(vers, 0, 4294967295L, &opts->vers) < 0)
        return sl_usage_error(USAGE, "invalid version '%s' (expected an integer in "
                              "0..4294967295)", vers);
    return 0;
}

/* Parses what follows the options: HOST for -p; HOST PROG [VERS] for -t
 * and -u; PROG VERS for -d. Returns 0, or the exit code to leave with. */
static int parse_operands(int left, char *argv[], struct options *opts)
{
    if (opts->mode == 'p') {
        if (left > 1)
            return sl_usage_error(USAGE, "too many arguments: '%s'", argv[1]);
        opts->host = left == 1 ? argv[0] : "127.0.0.1";
        return 0;
    }
    if (opts->mode == 'd') {
        if (left < 2)
            return sl_usage_error(USAGE, "missing %s", left == 0 ? "PROG" : "VERS");
        if (left > 2)
            return sl_usage_error(USAGE, "too many arguments: '%s'", argv[2]);
        if (opts->pmap_given && opts->rpcbind != NULL)
            return sl_usage_error(USAGE, "options -P and -S cannot be used together");
        return parse_program(argv[0], argv[1], opts);
    }
    if (opts->rpcbind != NULL)
        return sl_usage_error(USAGE, "option -S goes with -d only");
    if (left < 2)
        return sl_usage_error(USAGE, "missing %s", left == 0 ? "HOST" : "PROG");
    if (left > 3)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[3]);
    opts->host = argv[0];
    return parse_program(argv[1], left == 3 ? argv[2] : NULL, opts);
}

/* Parses argv into *opts. Returns 0, or the exit code to leave with. */
static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    memset(opts, 0, sizeof *opts);
    opts->pmap_port = PMAP_PORT;
    opts->vers = -1;

    opterr = 0;
    while ((opt = getopt(argc, argv, ":ptudP:n:S:v")) != -1) {
        switch (opt) {
        case 'p': case 't': case 'u': case 'd':
            if (opts->mode != 0 && opts->mode != opt)
                return sl_usage_error(USAGE, "options -%c and -%c cannot be used together",
                                      opts->mode, opt);
            opts->mode = opt;
            break;
        case 'v': sl_trace_enable(1); break;
        case 'P':
            if (sl_parse_port(optarg, 0, &opts->pmap_port) < 0)
                return sl_usage_error(USAGE, "invalid portmapper port '%s' (expected an "
                                      "integer in 1..65535)", optarg);
            opts->pmap_given = true;
            break;
        case 'n':
            if (sl_parse_port(optarg, 0, &opts->port) < 0)
                return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in "
                                      "1..65535)", optarg);
            break;
        case 'S': opts->rpcbind = optarg; break;
        case ':':
            return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default:
            return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (opts->mode == 0)
        return sl_usage_error(USAGE, "one of -p, -t, -u or -d is needed");
    return parse_operands(argc - optind, argv + optind, opts);
}

/* ---- -p: the portmapper's table ------------------------------------------------- */

/* One entry of the DUMP list, as it arrives: TRUE then a pmap, ..., FALSE.
 * Decoded in a loop (not recursively), into an array that grows as needed,
 * MAX_ENTRIES entries at most (the reply itself is at most 64 MiB). */
#define MAX_ENTRIES (1024 * 1024)
struct pmap_list {
    struct pmap *entries;
    uint32_t count, cap;
};

static bool xdr_pmap_list(struct rpc_xdr *x, void *obj)
{
    struct pmap_list *list = obj;
    bool more;

    if (x->op != RPC_XDR_DECODE)
        return true;
    list->count = 0;
    while (rpc_xdr_bool(x, &more) && more) {
        if (list->count == list->cap) {
            uint32_t cap = list->cap > 0 ? list->cap * 2 : 256;
            struct pmap *bigger;

            if (list->cap >= MAX_ENTRIES ||
                (bigger = realloc(list->entries, cap * sizeof *bigger)) == NULL)
                return false;
            list->entries = bigger;
            list->cap = cap;
        }
        if (!rpc_xdr_pmap(x, &list->entries[list->count]))
            return false;
        list->count++;
    }
    return x->error == RPC_XDR_OK;
}

/* Prints the table like `rpcinfo -p`. Returns the exit code. */
static int dump(const struct options *opts)
{
    struct pmap_list list = { NULL, 0, 0 };
    struct rpc_error err;
    struct rpc_client *pmap;
    char text[RPC_ERRSTRLEN], name[NAME_MAX_LEN];

    pmap = rpc_client_create(opts->host, opts->pmap_port, PMAP_PROG, PMAP_VERS, RPC_TCP, &err);
    if (pmap == NULL) {
        sl_errorx("%s: %s", opts->host, rpc_strerror(&err, text, sizeof text));
        if (err.status == RPC_ERR_SYSTEMERROR && err.sys_errno == ECONNREFUSED)
            sl_hint("is a portmapper running on %s port %u? (rpc_portmap -p %u, or rpcbind)",
                    opts->host, (unsigned)opts->pmap_port, (unsigned)opts->pmap_port);
        return 1;
    }
    sl_trace("connected to the portmapper at %s port %u over tcp (socket %d)", opts->host,
             (unsigned)opts->pmap_port, rpc_client_fd(pmap));
    if (rpc_client_call(pmap, PMAPPROC_DUMP, NULL, NULL, xdr_pmap_list, &list,
                        TIMEOUT_MS) != RPC_OK) {
        sl_errorx("%s: %s", opts->host, rpc_strerror(rpc_client_error(pmap), text, sizeof text));
        rpc_client_destroy(pmap);
        free(list.entries);
        return 1;
    }
    rpc_client_destroy(pmap);
    sl_trace("DUMP: %u entries", (unsigned)list.count);
    if (list.count == 0) {
        printf("No remote programs registered.\n");
        free(list.entries);
        return 0;
    }
    printf("   program vers proto   port  service\n");
    for (uint32_t i = 0; i < list.count; i++) {
        const struct pmap *m = &list.entries[i];

        /* rpcinfo's widths, with a space always between the columns (a
         * 10-digit program or a long version would run into the next). */
        printf("%10lu %4lu", (unsigned long)m->prog, (unsigned long)m->vers);
        if (m->prot == IPPROTO_UDP)
            printf(" %5s", "udp");
        else if (m->prot == IPPROTO_TCP)
            printf(" %5s", "tcp");
        else
            printf(" %5lu", (unsigned long)m->prot);
        printf(" %6lu", (unsigned long)m->port);
        if (service_name(m->prog, name, sizeof name)[0] != '\0')
            printf("  %s\n", name);
        else
            printf("\n");
    }
    free(list.entries);
    return 0;
}

/* ---- -t / -u: a NULL call ---------------------------------------------------------- */

/* Calls procedure 0 of (prog, vers) and prints the result as rpcinfo does.
 * Returns the call's status. */
static enum rpc_status report_ping(struct rpc_client *clnt, const struct options *opts,
                                   uint32_t vers, enum rpc_status status, bool quiet_mismatch)
{
    char text[RPC_ERRSTRLEN];

    sl_trace("NULL call to program %ld version %u: %s", opts->prog, (unsigned)vers,
             rpc_status_string(status));
    if (status == RPC_OK) {
        printf("program %ld version %u ready and waiting\n", opts->prog, (unsigned)vers);
    } else if (!(quiet_mismatch && status == RPC_ERR_PROGVERSMISMATCH)) {
        sl_errorx("%s", rpc_strerror(rpc_client_error(clnt), text, sizeof text));
        printf("program %ld version %u is not available\n", opts->prog, (unsigned)vers);
    }
    return status;
}

/* Calls procedure 0 of (prog, vers), waiting TIMEOUT_MS at most, and prints
 * the result as rpcinfo does. Returns the call's status. */
static enum rpc_status ping(struct rpc_client *clnt, const struct options *opts, uint32_t vers,
                            bool quiet_mismatch, int timeout_ms)
{
    rpc_client_set_version(clnt, vers);
    return report_ping(clnt, opts, vers,
                       rpc_client_call(clnt, 0, NULL, NULL, NULL, NULL, timeout_ms),
                       quiet_mismatch);
}

/* A client for (prog, vers) at port of each address of the host in turn
 * (vm1: [2001:db8::1], then 192.0.2.1), until one answers the first NULL
 * call, whose outcome goes to *status: UDP only knows at the call that
 * nobody listens at an address (ICMP unreachable, or silence). Returns the
 * client that answered, or the last one tried; NULL (reported) if none could
 * be created. */
static struct rpc_client *connect_answering(const struct options *opts, unsigned short port,
                                            enum rpc_transport transport, uint32_t vers,
                                            enum rpc_status *status)
{
    struct addrinfo hints, *answers, *ai;
    struct rpc_client *clnt = NULL;
    struct rpc_error err;
    char service[8], text[RPC_ERRSTRLEN];

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    memset(&err, 0, sizeof err);
    err.status = RPC_ERR_UNKNOWNHOST;
    if ((err.gai_error = getaddrinfo(opts->host, service, &hints, &answers)) != 0)
        answers = NULL;
    for (ai = answers; ai != NULL; ai = ai->ai_next) {
        rpc_client_destroy(clnt);
        clnt = rpc_client_create_addr(ai->ai_addr, ai->ai_addrlen, (uint32_t)opts->prog, vers,
                                      transport, &err);
        if (clnt == NULL)
            continue;
        *status = rpc_client_call(clnt, 0, NULL, NULL, NULL, NULL, TIMEOUT_MS);
        if (*status != RPC_ERR_CANTRECV && *status != RPC_ERR_CANTSEND &&
            *status != RPC_ERR_TIMEDOUT)
            break;
    }
    if (answers != NULL)
        freeaddrinfo(answers);
    if (clnt == NULL)
        sl_errorx("%s: %s", opts->host, rpc_strerror(&err, text, sizeof text));
    return clnt;
}

/* Calls NULL of each version in the range the server's PROG_MISMATCH gave,
 * like rpcinfo, within bounds a hostile or broken server cannot stretch: a
 * range upside down or wider than MAX_VERSIONS is reported, not probed;
 * every call together waits PROBE_MS at most; a version that times out
 * ends the probing (the server went silent). Returns 1 if anything failed. */
static int probe_versions(struct rpc_client *clnt, const struct options *opts)
{
    const struct rpc_error *range = rpc_client_error(clnt);
    uint32_t low = range->low, high = range->high;
    long long deadline = sl_now_ms() + PROBE_MS;
    int failed = 0;

    sl_trace("program %ld: versions %lu..%lu, says PROG_MISMATCH", opts->prog,
             (unsigned long)low, (unsigned long)high);
    if (low > high || high - low >= MAX_VERSIONS) {
        sl_errorx("program %ld: the server reports versions %lu to %lu: %s, no version called",
                  opts->prog, (unsigned long)low, (unsigned long)high,
                  low > high ? "an empty range" : "more than 64");
        return 1;
    }
    for (uint32_t v = low;; v++) {
        long long left = deadline - sl_now_ms();
        enum rpc_status status;

        if (left <= 0) {
            sl_errorx("program %ld: no time left after %d s: versions %lu to %lu not called",
                      opts->prog, PROBE_MS / 1000, (unsigned long)v, (unsigned long)high);
            return 1;
        }
        status = ping(clnt, opts, v, false, left < TIMEOUT_MS ? (int)left : TIMEOUT_MS);
        failed |= status != RPC_OK;
        if (v == high)
            break;
        if (status == RPC_ERR_TIMEDOUT) {
            sl_errorx("program %ld: version %lu did not answer: versions %lu to %lu not called",
                      opts->prog, (unsigned long)v, (unsigned long)v + 1, (unsigned long)high);
            break;
        }
    }
    return failed;
}

/* Finds the port (portmapper, or -n), connects, calls NULL. Returns the
 * exit code. */
static int call_null(const struct options *opts)
{
    enum rpc_transport transport = opts->mode == 't' ? RPC_TCP : RPC_UDP;
    uint32_t vers = opts->vers >= 0 ? (uint32_t)opts->vers : 0;
    unsigned short port = opts->port;
    struct rpc_error err;
    struct rpc_client *clnt;
    char text[RPC_ERRSTRLEN];
    enum rpc_status status = RPC_OK;
    int failed = 0;

    if (port == 0 && rpc_pmap_getport(opts->host, opts->pmap_port, (uint32_t)opts->prog, vers,
                                      transport, &port, &err) != RPC_OK) {
        sl_errorx("%s: %s", opts->host, rpc_strerror(&err, text, sizeof text));
        if (err.status == RPC_ERR_PMAPFAILURE)
            sl_hint("is a portmapper running on %s port %u? (rpc_portmap -p %u, or rpcbind)",
                    opts->host, (unsigned)opts->pmap_port, (unsigned)opts->pmap_port);
        return 1;
    }
    sl_trace("program %ld is at %s port %u", opts->prog, opts->host, (unsigned)port);
    clnt = connect_answering(opts, port, transport, vers, &status);
    if (clnt == NULL)
        return 1;
    if (opts->vers >= 0) {
        failed = report_ping(clnt, opts, vers, status, false) != RPC_OK;
    } else {
        /* No version: version 0 is (almost) never served, so the server
         * answers PROG_MISMATCH with the range it serves. */
        status = report_ping(clnt, opts, 0, status, true);
        if (status == RPC_ERR_PROGVERSMISMATCH)
            failed = probe_versions(clnt, opts);
        else if (status != RPC_OK)
            failed = 1;
    }
    rpc_client_destroy(clnt);
    return failed ? 1 : 0;
}

/* ---- -d: deleting a registration ------------------------------------------------ */

/* UNSET (prog, vers), every protocol, where rpcinfo -d would: rpcbind's
 * socket if it answers (or -S's only), else 127.0.0.1:PMAP_PORT (-P: only
 * there). Returns the exit code. */
static int delete_registration(const struct options *opts)
{
    struct pmap m = { (uint32_t)opts->prog, (uint32_t)opts->vers, IPPROTO_TCP, 0 };
    struct rpc_binder binder;
    struct rpc_error err;
    char where[RPCB_LOCAL_MAXPATH], text[RPC_ERRSTRLEN];
    bool accepted = false;

    if (rpc_binder_init(&binder, opts->pmap_given ? NULL : opts->rpcbind != NULL
                        ? opts->rpcbind : RPCB_LOCAL_SOCKET, opts->rpcbind != NULL,
                        opts->pmap_port) < 0 || rpc_binder_choose(&binder) < 0) {
        sl_error("connect %s", opts->rpcbind);
        sl_hint("is rpcbind running? (rpcbind -f -w, or rpc_portmap -s %s)", opts->rpcbind);
        return 1;
    }
    rpc_binder_where(&binder, where, sizeof where);
    if (rpc_pmap_registered(&binder, m.prog, m.vers, &accepted, &err) == RPC_OK && !accepted) {
        sl_errorx("program %ld version %ld is not registered at %s", opts->prog, opts->vers,
                  where);
        sl_hint("see what is: rpcinfo -p 127.0.0.1");
        return 1;
    }
    if (err.status != RPC_OK ||
        rpc_pmap_change(&binder, PMAPPROC_UNSET, &m, &accepted, &err) != RPC_OK) {
        err.cause = err.status;
        err.status = RPC_ERR_PMAPFAILURE;
        sl_errorx("%s: %s", where, rpc_strerror(&err, text, sizeof text));
        sl_hint("is a portmapper running there? (rpc_portmap -p %u, or rpcbind)",
                (unsigned)opts->pmap_port);
        return 1;
    }
    sl_trace("UNSET(%ld, %ld) at %s = %s", opts->prog, opts->vers, where,
             accepted ? "true" : "false");
    if (!accepted) {
        sl_errorx("could not delete the registration of program %ld version %ld at %s",
                  opts->prog, opts->vers, where);
        sl_hint("not registered, or not yours: rpcbind lets its owner remove it, and root "
                "through %s; see: rpcinfo -p 127.0.0.1", RPCB_LOCAL_SOCKET);
        return 1;
    }
    printf("Deleted the registration of program %ld version %ld at %s\n", opts->prog,
           opts->vers, where);
    return 0;
}

int main(int argc, char *argv[])
{
    struct options opts;
    int status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    if (opts.mode == 'd')
        return delete_registration(&opts);
    return opts.mode == 'p' ? dump(&opts) : call_null(&opts);
}
