/*
 * pmap_table.h - private to rpc_portmap: the portmapper's table of
 * registrations and its state, shared by version 2 (rpc_portmap.c, the
 * lesson) and versions 3 and 4 and CALLIT (rpcbind.c), as upstream rpcbind
 * shares its list in rpcb_svc_com.c. Neither file calls the other for it.
 *
 * The table maps (program, version, netid) to a universal address, as
 * rpcbind stores it (pmap_prot.h): a version 2 SET of (prog, vers,
 * IPPROTO_TCP, 1001) becomes (prog, vers, "tcp", "0.0.0.0.3.233").
 * Every function here is named pmap_table_*.
 */
#ifndef SOCKLAB_PMAP_TABLE_H
#define SOCKLAB_PMAP_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pmap_prot.h"
#include "rpc_dispatch.h"

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

/* Finds (prog, vers, netid) the way rpcbind does: the exact version if it is
 * registered, else any other version of prog on that netid (the client then
 * learns the server's real range from its PROG_MISMATCH answer), else NULL.
 * exact: only the exact version (GETVERSADDR, SET). */
const struct mapping *pmap_table_find(const struct portmap *pm, uint32_t prog,
                                      uint32_t vers, const char *netid, bool exact);

/* Adds a registration. Returns true, or false if (prog, vers, netid) is
 * already registered or the table is full (said on stderr). */
bool pmap_table_add(struct portmap *pm, uint32_t prog, uint32_t vers, const char *netid,
                    const char *uaddr, const char *owner);

/* Removes the registrations of (prog, vers) on netid (NULL or "": every
 * netid; v2_only: "tcp" and "udp") that owner may remove: its own, and
 * "superuser" may remove all. Returns true if one was removed. */
bool pmap_table_remove(struct portmap *pm, uint32_t prog, uint32_t vers,
                       const char *netid, bool v2_only, const char *owner);

/* The port of a mapping's universal address, 0 if it has none. */
unsigned pmap_table_port(const struct mapping *m);

/* Counts a call for GETSTAT (rpcinfo -m); returns the table. */
struct portmap *pmap_table_counted(struct rpc_request *req);

/* True (and req->auth_stat set to AUTH_TOOWEAK, as rpcbind answers) if the
 * caller is not the local host, which alone may change the table. */
bool pmap_table_refuse_remote(struct rpc_request *req);

/* For -v: the caller's address, or "local client", in text (SL_ADDRSTRLEN). */
const char *pmap_table_caller(const struct rpc_request *req, char *text);

/* Procedure 0 of every version: counted, nothing else. */
int pmap_table_null_proc(struct rpc_request *req, void *args, void *result);

#endif
