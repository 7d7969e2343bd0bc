/*
 * classic.h - private to rpc/classic/: what callrpc.c and svc_simple.c share
 * to run the classic API (rpc/classic/rpc/rpc.h) on socklab's runtime.
 */
#ifndef SOCKLAB_CLASSIC_H
#define SOCKLAB_CLASSIC_H

#include <rpc/rpc.h>

#include "../pmap_prot.h"
#include "../rpc_client.h"

/* A classic filter and its object, seen by socklab's runtime as one
 * rpc_xdrproc (classic_bridge) and its object (a struct classic_obj). */
struct classic_obj {
    xdrproc_t proc;
    void *obj;
};

/* The rpc_xdrproc that runs c->proc on c->obj over the stream x, wrapped in
 * an XDR handle. obj is a struct classic_obj. */
bool classic_bridge(struct rpc_xdr *x, void *obj);

/* The portmapper's port: SOCKLAB_PMAP_PORT (1..65535) if set, else 111. */
unsigned short classic_pmap_port(void);

/* Where registerrpc() and svc_run() SET and UNSET (rpc_binder_choose done):
 * SOCKLAB_RPCBIND_SOCK's socket if set (that one only); else with
 * SOCKLAB_PMAP_PORT set, 127.0.0.1:that port only; else /run/rpcbind.sock
 * when rpcbind answers there, 127.0.0.1:111 otherwise. Returns 0, or -1
 * (said on stderr) when SOCKLAB_RPCBIND_SOCK's socket does not answer. */
int classic_binder(struct rpc_binder *b);

/* The enum clnt_stat number of a socklab status. */
enum clnt_stat classic_stat(enum rpc_status status);

#endif
