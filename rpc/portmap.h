/*
 * portmap.h - private to rpc_portmap: what its two files share. The lesson,
 * rpc_portmap.c, holds the table and version 2; rpcbind.c holds versions 3
 * and 4 and CALLIT over the same table.
 *
 * The table maps (program, version, netid) to a universal address, as
 * rpcbind stores it (pmap_prot.h): a version 2 SET of (prog, vers,
 * IPPROTO_TCP, 1001) becomes (prog, vers, "tcp", "0.0.0.0.3.233").
 */
#ifndef SOCKLAB_PORTMAP_H
#define SOCKLAB_PORTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pmap_prot.h"
#include "rpc_server.h"

#define MAX_MAPPINGS 1024   /* registrations held at most */
#define STAT_PROCS   13     /* rpcbind's statistics: procedures 0..12 */

/* One registration: (program, version, netid) -> universal address. */
struct mapping {
    uint32_t prog, vers;
    char netid[RPCB_MAXNETID + 1];    /* "tcp", "udp", "tcp6", "udp6", "local" */
    char uaddr[RPCB_MAXUADDR + 1];    /* "127.0.0.1.0.111", "::1.0.111", a path */
    char owner[RPCB_MAXOWNER + 1];    /* "superuser" (ours) or "unknown" */
};

/* The portmapper's state, handed to every procedure as req->context. */
struct portmap {
    struct mapping table[MAX_MAPPINGS];  /* in registration order */
    size_t count;
    unsigned short port;                 /* our own port, never forwarded to */
    const char *self_owner;
    struct {                             /* GETSTAT, per version 2, 3, 4 */
        uint32_t calls[STAT_PROCS];
        uint32_t sets, unsets;
    } stats[3];
};

/* ---- the table (rpc_portmap.c) ---------------------------------------------- */

/* Finds (prog, vers, netid) the way rpcbind does: the exact version if it is
 * registered, else any other version of prog on that netid, else NULL.
 * exact: only the exact version (GETVERSADDR, SET). */
const struct mapping *find_mapping(const struct portmap *pm, uint32_t prog,
                                   uint32_t vers, const char *netid, bool exact);

/* Adds a registration. Returns true, or false if (prog, vers, netid) is
 * already registered or the table is full (said on stderr). */
bool table_add(struct portmap *pm, uint32_t prog, uint32_t vers, const char *netid,
               const char *uaddr, const char *owner);

/* Removes the registrations of (prog, vers) on netid (NULL or "": every
 * netid; v2_only: "tcp" and "udp") that owner may remove. Returns true if
 * one was removed. */
bool table_remove(struct portmap *pm, uint32_t prog, uint32_t vers,
                  const char *netid, bool v2_only, const char *owner);

/* Counts a call for GETSTAT (rpcinfo -m); returns the table. */
struct portmap *counted(struct rpc_request *req);

/* True (and req->auth_stat set) if the caller is not the local host, which
 * alone may change the table. */
bool refuse_remote(struct rpc_request *req);

/* For -v: the caller's address, or "local client", in text (SL_ADDRSTRLEN). */
const char *caller(const struct rpc_request *req, char *text);

/* Procedure 0 of every version: counted, nothing else. */
int null_proc(struct rpc_request *req, void *args, void *result);

/* ---- versions 3 and 4, CALLIT (rpcbind.c) ------------------------------------- */

/* CALLIT (all versions) and INDIRECT (version 4): local callers only. */
int callit(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results);

/* Registers versions 3 and 4 of program 100000 with srv, on pm's table.
 * Returns 0, or -1 with errno. */
int rpcbind_register(struct rpc_server *srv, struct portmap *pm);

#endif
