/*
 * pmap_table.c - the portmapper's table of registrations, and what every
 * version of program 100000 does with it: find, add, remove, count a call,
 * refuse a remote caller. Used by rpc_portmap.c (version 2) and rpcbind.c
 * (versions 3 and 4); calls neither. See pmap_table.h.
 */
#include "common.h"
#include "pmap_table.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

const struct mapping *pmap_table_find(const struct portmap *pm, uint32_t prog,
                                      uint32_t vers, const char *netid, bool exact)
{
    const struct mapping *hit = NULL;

    for (size_t i = 0; i < pm->count; i++) {
        const struct mapping *m = &pm->table[i];

        if (m->prog != prog || strcmp(m->netid, netid) != 0)
            continue;
        if (m->vers == vers)
            return m;
        if (!exact && hit == NULL)
            hit = m;
    }
    return hit;
}

bool pmap_table_add(struct portmap *pm, uint32_t prog, uint32_t vers, const char *netid,
                    const char *uaddr, const char *owner)
{
    struct mapping *m;

    if (pmap_table_find(pm, prog, vers, netid, true) != NULL)
        return false;
    if (pm->count == MAX_MAPPINGS) {
        sl_errorx("registration table full (%d entries): SET of program %u refused",
                  MAX_MAPPINGS, (unsigned)prog);
        return false;
    }
    m = &pm->table[pm->count++];
    m->prog = prog;
    m->vers = vers;
    snprintf(m->netid, sizeof m->netid, "%s", netid);
    snprintf(m->uaddr, sizeof m->uaddr, "%s", uaddr);
    snprintf(m->owner, sizeof m->owner, "%s", owner);
    return true;
}

bool pmap_table_remove(struct portmap *pm, uint32_t prog, uint32_t vers,
                       const char *netid, bool v2_only, const char *owner)
{
    bool removed = false;
    size_t i = 0;

    while (i < pm->count) {
        struct mapping *m = &pm->table[i];
        bool match = m->prog == prog && m->vers == vers &&
                     (netid == NULL || netid[0] == '\0' || strcmp(m->netid, netid) == 0) &&
                     (!v2_only || strcmp(m->netid, "tcp") == 0 ||
                      strcmp(m->netid, "udp") == 0) &&
                     (strcmp(owner, "superuser") == 0 || strcmp(owner, m->owner) == 0);

        if (!match) {
            i++;
            continue;
        }
        memmove(m, m + 1, (pm->count - i - 1) * sizeof *m);   /* keep the order */
        pm->count--;
        removed = true;
    }
    return removed;
}

unsigned pmap_table_port(const struct mapping *m)
{
    char host[RPCB_MAXUADDR + 1];
    unsigned port;

    return rpc_uaddr_split(m->uaddr, host, sizeof host, &port) ? port : 0;
}

struct portmap *pmap_table_counted(struct rpc_request *req)
{
    struct portmap *pm = req->context;

    if (req->vers >= 2 && req->vers <= 4 && req->proc < STAT_PROCS)
        pm->stats[req->vers - 2].calls[req->proc]++;
    return pm;
}

/* Only the local host may change the table: others are answered
 * AUTH_ERROR / AUTH_TOOWEAK, as rpcbind does. */
bool pmap_table_refuse_remote(struct rpc_request *req)
{
    char peer[SL_ADDRSTRLEN];

    if (req->peer_is_local)
        return false;
    sl_trace("refused procedure %u from %s: not the local host", (unsigned)req->proc,
             sl_addr_string(req->peer, peer));
    req->auth_stat = RPC_AUTH_TOOWEAK;
    return true;
}

const char *pmap_table_caller(const struct rpc_request *req, char *text)
{
    if (req->peer == NULL || req->peer->sa_family == AF_UNIX)
        return strcpy(text, "local client");
    return sl_addr_string(req->peer, text);
}

int pmap_table_null_proc(struct rpc_request *req, void *args, void *result)
{
    (void)args;
    (void)result;
    pmap_table_counted(req);
    return RPC_ACCEPT_SUCCESS;
}
