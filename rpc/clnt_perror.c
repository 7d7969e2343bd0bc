/*
 * clnt_perror.c - the client runtime's error texts, in clnt_perror's
 * wording (libtirpc's clnt_perror.c), so that our programs print what
 * rpcinfo prints: "RPC: Program/version mismatch; low version = 1, high
 * version = 1". See rpc_client.h for the contracts.
 */
#include "rpc_client.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>

const char *rpc_status_string(enum rpc_status status)
{
    switch (status) {
    case RPC_OK:                    return "RPC: Success";
    case RPC_ERR_CANTENCODEARGS:    return "RPC: Can't encode arguments";
    case RPC_ERR_CANTDECODERES:     return "RPC: Can't decode result";
    case RPC_ERR_CANTSEND:          return "RPC: Unable to send";
    case RPC_ERR_CANTRECV:          return "RPC: Unable to receive";
    case RPC_ERR_TIMEDOUT:          return "RPC: Timed out";
    case RPC_ERR_VERSMISMATCH:      return "RPC: Incompatible versions of RPC";
    case RPC_ERR_AUTHERROR:         return "RPC: Authentication error";
    case RPC_ERR_PROGUNAVAIL:       return "RPC: Program unavailable";
    case RPC_ERR_PROGVERSMISMATCH:  return "RPC: Program/version mismatch";
    case RPC_ERR_PROCUNAVAIL:       return "RPC: Procedure unavailable";
    case RPC_ERR_CANTDECODEARGS:    return "RPC: Server can't decode arguments";
    case RPC_ERR_SYSTEMERROR:       return "RPC: Remote system error";
    case RPC_ERR_UNKNOWNHOST:       return "RPC: Unknown host";
    case RPC_ERR_UNKNOWNPROTO:      return "RPC: Unknown protocol";
    case RPC_ERR_PMAPFAILURE:       return "RPC: Port mapper failure";
    case RPC_ERR_PROGNOTREGISTERED: return "RPC: Program not registered";
    case RPC_ERR_FAILED:            return "RPC: Failed (unspecified error)";
    }
    return "RPC: (unknown error code)";
}

const char *rpc_auth_stat_string(uint32_t auth_stat)
{
    switch (auth_stat) {
    case RPC_AUTH_OK:           return "Authentication OK";
    case RPC_AUTH_BADCRED:      return "Invalid client credential";
    case RPC_AUTH_REJECTEDCRED: return "Server rejected credential";
    case RPC_AUTH_BADVERF:      return "Invalid client verifier";
    case RPC_AUTH_REJECTEDVERF: return "Server rejected verifier";
    case RPC_AUTH_TOOWEAK:      return "Client credential too weak";
    case RPC_AUTH_INVALIDRESP:  return "Invalid server verifier";
    case RPC_AUTH_FAILED:       return "Failed (unspecified error)";
    }
    return "Unknown authentication error";
}

char *rpc_strerror(const struct rpc_error *err, char *text, size_t size)
{
    const char *fixed = rpc_status_string(err->status);

    if (size == 0)
        return text;
    switch (err->status) {
    case RPC_ERR_CANTSEND:
    case RPC_ERR_CANTRECV:
        snprintf(text, size, "%s; errno = %s", fixed, strerror(err->sys_errno));
        break;
    case RPC_ERR_VERSMISMATCH:
    case RPC_ERR_PROGVERSMISMATCH:
        snprintf(text, size, "%s; low version = %lu, high version = %lu", fixed,
                 (unsigned long)err->low, (unsigned long)err->high);
        break;
    case RPC_ERR_AUTHERROR:
        snprintf(text, size, "%s; why = %s", fixed, rpc_auth_stat_string(err->auth_stat));
        break;
    case RPC_ERR_SYSTEMERROR:
        if (err->sys_errno != 0)
            snprintf(text, size, "%s - %s", fixed, strerror(err->sys_errno));
        else
            snprintf(text, size, "%s", fixed);
        break;
    case RPC_ERR_UNKNOWNHOST:
        if (err->gai_error != 0)
            snprintf(text, size, "%s - %s", fixed, gai_strerror(err->gai_error));
        else
            snprintf(text, size, "%s", fixed);
        break;
    case RPC_ERR_PMAPFAILURE:
        if (err->cause != RPC_OK && err->cause != RPC_ERR_PMAPFAILURE) {
            struct rpc_error cause = *err;
            char inner[RPC_ERRSTRLEN];

            cause.status = err->cause;
            cause.cause = RPC_OK;
            snprintf(text, size, "%s - %s", fixed, rpc_strerror(&cause, inner, sizeof inner));
        } else {
            snprintf(text, size, "%s", fixed);
        }
        break;
    default:
        snprintf(text, size, "%s", fixed);
        break;
    }
    return text;
}
