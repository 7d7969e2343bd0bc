/*
 * callrpc.c - the classic client call, callrpc(), on socklab's client
 * runtime (rpc/rpc_client.c): the portmapper lookup (rpc_pmap_getport),
 * one UDP client (rpc_client_create), one call with retries
 * (rpc_client_call). Also clnt_perrno and the portmapper's port.
 */
#include "classic.h"

#include <stdio.h>
#include <stdlib.h>

#define CALLRPC_TIMEOUT_MS 25000   /* the original's total timeout, 25 s */

unsigned short classic_pmap_port(void)
{
    const char *text = getenv("SOCKLAB_PMAP_PORT");
    char *end;
    long port;

    if (text == NULL || *text == '\0')
        return RPC_PMAP_PORT;
    port = strtol(text, &end, 10);
    return *end == '\0' && port >= 1 && port <= 65535 ? (unsigned short)port : RPC_PMAP_PORT;
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
    /* The original returns a char * to constant text, never to be changed. */
    return (char *)(uintptr_t)rpc_status_string(socklab_status(stat));
}

void clnt_perrno(enum clnt_stat stat)
{
    fprintf(stderr, "%s\n", clnt_sperrno(stat));
}

int callrpc(const char *host, u_long prognum, u_long versnum, u_long procnum,
            xdrproc_t inproc, const char *in, xdrproc_t outproc, char *out)
{
    struct classic_obj args = { inproc, (void *)(uintptr_t)in };
    struct classic_obj result = { outproc, out };
    struct rpc_client *clnt;
    struct rpc_error err;
    unsigned short port;
    enum rpc_status status;

    if (prognum > UINT32_MAX || versnum > UINT32_MAX || procnum > UINT32_MAX)
        return RPC_FAILED;
    /* 1. Where is the program? The portmapper on host knows (GETPORT, UDP). */
    status = rpc_pmap_getport(host, classic_pmap_port(), (uint32_t)prognum, (uint32_t)versnum,
                              RPC_UDP, &port, &err);
    if (status != RPC_OK)
        return classic_stat(status);
    /* 2. One UDP client to that port, one call, sent again if no answer. */
    clnt = rpc_client_create(host, port, (uint32_t)prognum, (uint32_t)versnum, RPC_UDP, &err);
    if (clnt == NULL)
        return classic_stat(err.status);
    status = rpc_client_call(clnt, (uint32_t)procnum, inproc != NULL ? classic_bridge : NULL,
                             &args, outproc != NULL ? classic_bridge : NULL, &result,
                             CALLRPC_TIMEOUT_MS);
    rpc_client_destroy(clnt);
    return classic_stat(status);
}
