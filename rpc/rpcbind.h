/*
 * rpcbind.h - private to rpc_portmap: versions 3 and 4 of program 100000
 * and CALLIT (rpcbind.c), on the table of pmap_table.h, for the lesson
 * file rpc_portmap.c.
 */
#ifndef SOCKLAB_RPCBIND_H
#define SOCKLAB_RPCBIND_H

#include "pmap_table.h"
#include "rpc_server.h"

/* CALLIT (all versions) and INDIRECT (version 4): local callers only. */
int rpcbind_callit(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results);

/* Registers versions 3 and 4 of program 100000 with srv, on pm's table.
 * Returns 0, or -1 with errno. */
int rpcbind_register(struct rpc_server *srv, struct portmap *pm);

#endif
