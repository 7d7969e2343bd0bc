/*
 * rpc_transport.h - how an RPC message travels, shared by the client and
 * server runtimes (the wire formats, rpc_msg.h and xdr.h, know none of it).
 *
 *     UDP:      one message per datagram, nothing around it
 *     TCP:      a stream of records (rpc_rec.h): a 4-byte mark (last-fragment
 *               bit, then 31 bits of length) before each fragment
 *     AF_UNIX:  a stream, with the same record marking as TCP
 *
 * and the hook that sees every message as bytes (tracing, tests).
 */
#ifndef SOCKLAB_RPC_TRANSPORT_H
#define SOCKLAB_RPC_TRANSPORT_H

#include <stddef.h>

/* How a message travels. The values of RPC_TCP and RPC_UDP are the IP
 * protocol numbers, as in the portmapper's "prot" field. */
enum rpc_transport {
    RPC_LOCAL = 0,    /* AF_UNIX stream socket, with record marking */
    RPC_TCP = 6,      /* IPPROTO_TCP, with record marking */
    RPC_UDP = 17      /* IPPROTO_UDP, one message per datagram */
};

/* "tcp", "udp" or "local". */
const char *rpc_transport_name(enum rpc_transport transport);

/* The other way, for a -T option: "tcp" or "udp" sets *transport and
 * returns 0; any other name returns -1. */
int rpc_transport_parse(const char *name, enum rpc_transport *transport);

/* Direction of a traced message. */
enum rpc_trace_dir { RPC_TRACE_SENT, RPC_TRACE_RECEIVED };

/* A hook that sees every message sent or received, as bytes: the RPC
 * message itself (xid first), without TCP's record mark. ctx is the pointer
 * given with the hook. The bytes are only valid during the call. */
typedef void (*rpc_trace_fn)(void *ctx, enum rpc_trace_dir dir,
                             enum rpc_transport transport,
                             const unsigned char *msg, size_t length);

#endif
