/*
 * pmap_prot.c - the portmapper's types on the wire (RFC 1833): the XDR
 * filters of its arguments and results, and universal addresses. See
 * pmap_prot.h for the layouts and the contracts.
 */
#include "pmap_prot.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* ---- the filters ----------------------------------------------------------- */

bool rpc_xdr_pmap(struct rpc_xdr *x, void *obj)
{
    struct pmap *m = obj;

    return rpc_xdr_u_int(x, &m->prog) && rpc_xdr_u_int(x, &m->vers) &&
           rpc_xdr_u_int(x, &m->prot) && rpc_xdr_u_int(x, &m->port);
}

bool rpc_xdr_rpcb(struct rpc_xdr *x, void *obj)
{
    struct rpcb *r = obj;

    return rpc_xdr_u_int(x, &r->prog) && rpc_xdr_u_int(x, &r->vers) &&
           rpc_xdr_string_buf(x, r->netid, sizeof r->netid) &&
           rpc_xdr_string_buf(x, r->addr, sizeof r->addr) &&
           rpc_xdr_string_buf(x, r->owner, sizeof r->owner);
}

bool rpc_xdr_rmtcall_args(struct rpc_xdr *x, void *obj)
{
    struct rmtcall_args *a = obj;

    return rpc_xdr_u_int(x, &a->prog) && rpc_xdr_u_int(x, &a->vers) &&
           rpc_xdr_u_int(x, &a->proc) &&
           rpc_xdr_bytes_ref(x, &a->args, &a->args_len, PMAP_MAXARGS);
}

/* ---- universal addresses ----------------------------------------------------- */

/* Reads the decimal number uaddr[from, to) into *value: at least one digit,
 * at most 255. Returns false otherwise. */
static bool uaddr_byte(const char *uaddr, size_t from, size_t to, unsigned *value)
{
    *value = 0;
    if (from >= to)
        return false;                  /* an empty p1 or p2 */
    for (size_t i = from; i < to; i++)
        if (uaddr[i] < '0' || uaddr[i] > '9' ||
            (*value = *value * 10 + (unsigned)(uaddr[i] - '0')) > 255)
            return false;
    return true;
}

bool rpc_uaddr_split(const char *uaddr, char *host, size_t size, unsigned *port)
{
    size_t len = strlen(uaddr), dots[2] = { 0, 0 };
    unsigned p1, p2;
    int found = 0;

    for (size_t i = len; i > 0 && found < 2; i--)
        if (uaddr[i - 1] == '.')
            dots[found++] = i - 1;
    if (found < 2 || (host != NULL && dots[1] >= size) ||
        !uaddr_byte(uaddr, dots[1] + 1, dots[0], &p1) ||
        !uaddr_byte(uaddr, dots[0] + 1, len, &p2))
        return false;
    if (host != NULL) {
        memcpy(host, uaddr, dots[1]);
        host[dots[1]] = '\0';
    }
    *port = p1 * 256 + p2;
    return true;
}

int rpc_uaddr_port(const char *uaddr, unsigned short *port)
{
    unsigned value;

    if (!rpc_uaddr_split(uaddr, NULL, 0, &value))
        return -1;
    if (value == 0)
        return -1;              /* port 0: nobody can be reached there */
    *port = (unsigned short)value;
    return 0;
}

void rpc_uaddr_of(const struct sockaddr *addr, char *uaddr, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "";
    unsigned port = 0;

    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
    } else if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
    }
    snprintf(uaddr, size, "%s.%u.%u", host, port >> 8, port & 0xff);
}
