/*
 * callrpc.c - the classic client call, callrpc(), on socklab's client
 * runtime (rpc/rpc_client.c): the portmapper lookup (rpc_pmap_getport),
 * then the call with retries (rpc_client_call) at each address of the host
 * in turn. Also clnt_perrno and the portmapper's port.
 */
#include "classic.h"
#include "fdclock.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CALLRPC_TIMEOUT_MS 25000   /* the original's total timeout, 25 s */

/* getaddrinfo's error of the last callrpc() that did not find its host
 * (0: none), for clnt_sperrno(RPC_UNKNOWNHOST). */
static int last_gai_error;

unsigned short classic_pmap_port(void)
{
    static bool warned;
    const char *text = getenv("SOCKLAB_PMAP_PORT");
    char *end;
    long port;

    if (text == NULL || *text == '\0')
        return PMAP_PORT;
    port = strtol(text, &end, 10);
    if (*end == '\0' && port >= 1 && port <= 65535)
        return (unsigned short)port;
    /* Said once, not silently ignored: a typo would otherwise end in a
     * "Port mapper failure" at port 111 that does not say why. */
    if (!warned)
        fprintf(stderr, "SOCKLAB_PMAP_PORT='%s' is not a port (1..65535): the portmapper "
                "is looked for at port %u\n", text, (unsigned)PMAP_PORT);
    warned = true;
    return PMAP_PORT;
}

int classic_binder(struct rpc_binder *b)
{
    const char *local = getenv("SOCKLAB_RPCBIND_SOCK");
    const char *port = getenv("SOCKLAB_PMAP_PORT");
    bool given = local != NULL && *local != '\0';

    if (!given)
        local = port != NULL && *port != '\0' ? NULL : RPCB_LOCAL_SOCKET;
    if (rpc_binder_init(b, local, given, classic_pmap_port()) < 0 ||
        rpc_binder_choose(b) < 0) {
        fprintf(stderr, "registerrpc: SOCKLAB_RPCBIND_SOCK='%s': %s\n", local, strerror(errno));
        fprintf(stderr, "registerrpc: hint: is rpcbind running? (rpcbind -f -w, or "
                "rpc_portmap -s %s)\n", local);
        return -1;
    }
    return 0;
}

enum clnt_stat classic_stat(enum rpc_status status)
{
    switch (status) {
    case RPC_OK:                    return RPC_SUCCESS;
    case RPC_ERR_CANTENCODEARGS:    return RPC_CANTENCODEARGS;
    case RPC_ERR_CANTDECODERES:     return RPC_CANTDECODERES;
    case RPC_ERR_CANTSEND:          return RPC_CANTSEND;
    case RPC_ERR_CANTRECV:          return RPC_CANTRECV;
    case RPC_ERR_TIMEDOUT:          return RPC_TIMEDOUT;
    case RPC_ERR_VERSMISMATCH:      return RPC_VERSMISMATCH;
    case RPC_ERR_AUTHERROR:         return RPC_AUTHERROR;
    case RPC_ERR_PROGUNAVAIL:       return RPC_PROGUNAVAIL;
    case RPC_ERR_PROGVERSMISMATCH:  return RPC_PROGVERSMISMATCH;
    case RPC_ERR_PROCUNAVAIL:       return RPC_PROCUNAVAIL;
    case RPC_ERR_CANTDECODEARGS:    return RPC_CANTDECODEARGS;
    case RPC_ERR_SYSTEMERROR:       return RPC_SYSTEMERROR;
    case RPC_ERR_UNKNOWNHOST:       return RPC_UNKNOWNHOST;
    case RPC_ERR_UNKNOWNPROTO:      return RPC_UNKNOWNPROTO;
    case RPC_ERR_PMAPFAILURE:       return RPC_PMAPFAILURE;
    case RPC_ERR_PROGNOTREGISTERED: return RPC_PROGNOTREGISTERED;
    case RPC_ERR_FAILED:            return RPC_FAILED;
    }
    return RPC_FAILED;
}

/* The socklab status of an enum clnt_stat, for its text. */
static enum rpc_status socklab_status(enum clnt_stat stat)
{
    for (int s = RPC_OK; s <= RPC_ERR_FAILED; s++)
        if (classic_stat((enum rpc_status)s) == stat)
            return (enum rpc_status)s;
    return RPC_ERR_FAILED;
}

char *clnt_sperrno(enum clnt_stat stat)
{
    static char unknown_host[RPC_ERRSTRLEN];
    struct rpc_error err = { .status = RPC_ERR_UNKNOWNHOST, .gai_error = last_gai_error };

    /* An unknown host says the resolver's reason, from the last callrpc(). */
    if (stat == RPC_UNKNOWNHOST && last_gai_error != 0)
        return rpc_strerror(&err, unknown_host, sizeof unknown_host);
    /* The original returns a char * to constant text, never to be changed. */
    return (char *)(uintptr_t)rpc_status_string(socklab_status(stat));
}

void clnt_perrno(enum clnt_stat stat)
{
    fprintf(stderr, "%s\n", clnt_sperrno(stat));
}

/* Calls proc at host:port over UDP, at each address host resolves to in
 * turn, until one answers (even with an error). A UDP "connection" always
 * succeeds: an address where nobody listens is known only at the call, by
 * an ICMP port unreachable (RPC_ERR_CANTRECV) or by silence, and the next
 * address is tried then (vm1: its IPv6 address first, a server on IPv4
 * only). The CALLRPC_TIMEOUT_MS are shared: each address gets its part of
 * what is left. Returns the status of the last attempt. */
static enum rpc_status call_each_address(const char *host, unsigned short port,
                                         uint32_t prog, uint32_t vers, uint32_t proc,
                                         struct classic_obj *args, struct classic_obj *result)
{
    struct addrinfo hints, *answers, *ai;
    enum rpc_status status = RPC_ERR_UNKNOWNHOST;
    long long deadline = sl_now_ms() + CALLRPC_TIMEOUT_MS;
    char service[8];
    int left = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(host, service, &hints, &answers) != 0)
        return RPC_ERR_UNKNOWNHOST;
    for (ai = answers; ai != NULL; ai = ai->ai_next)
        left++;
    for (ai = answers; ai != NULL; ai = ai->ai_next, left--) {
        struct rpc_error err;
        struct rpc_client *clnt = rpc_client_create_addr(ai->ai_addr, ai->ai_addrlen, prog,
                                                         vers, RPC_UDP, &err);
        long long budget = (deadline - sl_now_ms()) / left;

        if (clnt == NULL) {
            status = err.status;
            continue;
        }
        status = rpc_client_call(clnt, proc, args->proc != NULL ? classic_bridge : NULL, args,
                                 result->proc != NULL ? classic_bridge : NULL, result,
                                 budget > 0 ? (int)budget : 1);
        rpc_client_destroy(clnt);
        if (status != RPC_ERR_CANTRECV && status != RPC_ERR_CANTSEND &&
            status != RPC_ERR_TIMEDOUT)
            break;
    }
    freeaddrinfo(answers);
    return status;
}

int callrpc(const char *host, u_long prognum, u_long versnum, u_long procnum,
            xdrproc_t inproc, const char *in, xdrproc_t outproc, char *out)
{
    struct classic_obj args = { inproc, (void *)(uintptr_t)in };
    struct classic_obj result = { outproc, out };
    struct rpc_error err;
    unsigned short port;
    enum rpc_status status;

    if (prognum > UINT32_MAX || versnum > UINT32_MAX || procnum > UINT32_MAX)
        return RPC_FAILED;
    /* 1. Where is the program? The portmapper on host knows (GETPORT, UDP). */
    status = rpc_pmap_getport(host, classic_pmap_port(), (uint32_t)prognum, (uint32_t)versnum,
                              RPC_UDP, &port, &err);
    last_gai_error = status == RPC_ERR_UNKNOWNHOST ? err.gai_error : 0;
    if (status != RPC_OK)
        return classic_stat(status);
    /* 2. The call, over UDP, sent again if no answer comes, at each address
     * of host until one answers. */
    status = call_each_address(host, port, (uint32_t)prognum, (uint32_t)versnum,
                               (uint32_t)procnum, &args, &result);
    return classic_stat(status);
}
