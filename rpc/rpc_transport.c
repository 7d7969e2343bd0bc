/*
 * rpc_transport.c - the names of the transports. See rpc_transport.h.
 */
#include "rpc_transport.h"

#include <string.h>

const char *rpc_transport_name(enum rpc_transport transport)
{
    switch (transport) {
    case RPC_LOCAL: return "local";
    case RPC_TCP:   return "tcp";
    case RPC_UDP:   return "udp";
    }
    return "?";
}

int rpc_transport_parse(const char *name, enum rpc_transport *transport)
{
    if (strcmp(name, "tcp") == 0)
        *transport = RPC_TCP;
    else if (strcmp(name, "udp") == 0)
        *transport = RPC_UDP;
    else
        return -1;
    return 0;
}
