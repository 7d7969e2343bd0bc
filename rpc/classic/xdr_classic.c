/*
 * xdr_classic.c - the classic XDR filters (rpc/classic/rpc/xdr.h) as thin
 * wrappers of socklab's (rpc/xdr.h): each converts between the C type of
 * the original signature and the fixed-size type of the rpc_xdr_ filter,
 * which reads or writes the bytes. Decoding allocates where a pointer is
 * NULL, as the original does. Also classic_bridge (classic.h), which runs a
 * classic filter on a stream of socklab's runtime.
 */
#include "classic.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The socklab stream under xdrs, ready for a filter: decoding may allocate,
 * as the original's does. */
static struct rpc_xdr *stream(XDR *xdrs)
{
    xdrs->x_stream->alloc = true;
    return xdrs->x_stream;
}

/* classic_bridge lives here, with the filters, on purpose: callrpc.c and
 * svc_simple.c both call it, so linking either pulls this file in, and its
 * xdr_int, xdr_float... are the ones a program gets. Otherwise a client that
 * calls only callrpc() and xdr_float() could get, under -fsanitize=address,
 * the sanitizer's own xdr_float (an interceptor for glibc's old XDR, defined
 * weak in the runtime), which calls a NULL "real" xdr_float and crashes. */
bool classic_bridge(struct rpc_xdr *x, void *obj)
{
    const struct classic_obj *c = obj;
    XDR xdrs;

    xdrs.x_op = x->op == RPC_XDR_ENCODE ? XDR_ENCODE :
                x->op == RPC_XDR_DECODE ? XDR_DECODE : XDR_FREE;
    xdrs.x_stream = x;
    return c->proc(&xdrs, c->obj) != FALSE;
}

bool_t xdr_void(void)
{
    return TRUE;
}

/* A 32-bit signed value through rpc_xdr_int: *value is written on encode,
 * read on decode; low..high is the C type's range (decode fails outside). */
static bool_t int32_value(XDR *xdrs, long *value, long low, long high)
{
    int32_t wire = 0;

    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    if (xdrs->x_op == XDR_ENCODE) {
        if (*value < INT32_MIN || *value > INT32_MAX)
            return FALSE;
        wire = (int32_t)*value;
    }
    if (!rpc_xdr_int(stream(xdrs), &wire))
        return FALSE;
    if (xdrs->x_op == XDR_DECODE) {
        if (wire < low || wire > high)
            return FALSE;
        *value = wire;
    }
    return TRUE;
}

/* The same for a 32-bit unsigned value, at most high. */
static bool_t uint32_value(XDR *xdrs, unsigned long *value, unsigned long high)
{
    uint32_t wire = 0;

    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    if (xdrs->x_op == XDR_ENCODE) {
        if (*value > UINT32_MAX)
            return FALSE;
        wire = (uint32_t)*value;
    }
    if (!rpc_xdr_u_int(stream(xdrs), &wire))
        return FALSE;
    if (xdrs->x_op == XDR_DECODE) {
        if (wire > high)
            return FALSE;
        *value = wire;
    }
    return TRUE;
}

bool_t xdr_int(XDR *xdrs, int *ip)
{
    long value = *ip;

    if (!int32_value(xdrs, &value, INT_MIN, INT_MAX))
        return FALSE;
    *ip = (int)value;
    return TRUE;
}

bool_t xdr_u_int(XDR *xdrs, u_int *up)
{
    unsigned long value = *up;

    if (!uint32_value(xdrs, &value, UINT_MAX))
        return FALSE;
    *up = (u_int)value;
    return TRUE;
}

bool_t xdr_long(XDR *xdrs, long *lp)
{
    return int32_value(xdrs, lp, INT32_MIN, INT32_MAX);
}

bool_t xdr_u_long(XDR *xdrs, u_long *ulp)
{
    return uint32_value(xdrs, ulp, UINT32_MAX);
}

bool_t xdr_short(XDR *xdrs, short *sp)
{
    long value = *sp;

    if (!int32_value(xdrs, &value, SHRT_MIN, SHRT_MAX))
        return FALSE;
    *sp = (short)value;
    return TRUE;
}

bool_t xdr_u_short(XDR *xdrs, u_short *usp)
{
    unsigned long value = *usp;

    if (!uint32_value(xdrs, &value, USHRT_MAX))
        return FALSE;
    *usp = (u_short)value;
    return TRUE;
}

bool_t xdr_char(XDR *xdrs, char *cp)
{
    long value = (long)*cp;   /* a C char, signed or not: its value as is */

    /* -128..255: a peer whose char is unsigned (ARM) sends 200 for '\310' */
    if (!int32_value(xdrs, &value, SCHAR_MIN, UCHAR_MAX))
        return FALSE;
    *cp = (char)value;
    return TRUE;
}

bool_t xdr_u_char(XDR *xdrs, u_char *ucp)
{
    unsigned long value = *ucp;

    if (!uint32_value(xdrs, &value, UCHAR_MAX))
        return FALSE;
    *ucp = (u_char)value;
    return TRUE;
}

bool_t xdr_bool(XDR *xdrs, bool_t *bp)
{
    bool value = *bp != FALSE;

    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    if (!rpc_xdr_bool(stream(xdrs), &value))
        return FALSE;
    *bp = value ? TRUE : FALSE;
    return TRUE;
}

bool_t xdr_enum(XDR *xdrs, enum_t *ep)
{
    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    return rpc_xdr_enum(stream(xdrs), ep);
}

bool_t xdr_float(XDR *xdrs, float *fp)
{
    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    return rpc_xdr_float(stream(xdrs), fp);
}

bool_t xdr_double(XDR *xdrs, double *dp)
{
    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    return rpc_xdr_double(stream(xdrs), dp);
}

bool_t xdr_string(XDR *xdrs, char **sp, u_int maxsize)
{
    return rpc_xdr_string(stream(xdrs), sp, maxsize);
}

bool_t xdr_wrapstring(XDR *xdrs, char **sp)
{
    return rpc_xdr_string(stream(xdrs), sp, UINT32_MAX - 1);
}

bool_t xdr_bytes(XDR *xdrs, char **sp, u_int *sizep, u_int maxsize)
{
    unsigned char *data = (unsigned char *)*sp;
    uint32_t length = *sizep;
    bool ok = rpc_xdr_bytes(stream(xdrs), &data, &length, maxsize);

    *sp = (char *)data;
    *sizep = length;
    return ok;
}

bool_t xdr_opaque(XDR *xdrs, char *cp, u_int cnt)
{
    if (xdrs->x_op == XDR_FREE)
        return TRUE;
    return rpc_xdr_opaque(stream(xdrs), cp, cnt);
}

bool_t xdr_vector(XDR *xdrs, char *basep, u_int size, u_int elemsize, xdrproc_t elproc)
{
    for (u_int i = 0; i < size; i++)
        if (!elproc(xdrs, basep + (size_t)i * elemsize))
            return FALSE;
    return TRUE;
}

bool_t xdr_array(XDR *xdrs, char **addrp, u_int *sizep, u_int maxsize, u_int elsize,
                 xdrproc_t elproc)
{
    u_int count = *sizep;
    bool_t ok;

    if (xdrs->x_op != XDR_FREE && !xdr_u_int(xdrs, &count))
        return FALSE;
    if (count > maxsize || elsize == 0)
        return FALSE;
    if (xdrs->x_op == XDR_DECODE) {
        /* Every XDR element takes 4 bytes at least: a count that the bytes
         * left cannot hold fails before anything is allocated. */
        if ((size_t)count > rpc_xdr_remaining(xdrs->x_stream) / 4)
            return FALSE;
        *sizep = count;
        if (count == 0)
            return TRUE;
        if (*addrp == NULL && (*addrp = calloc(count, elsize)) == NULL)
            return FALSE;
    }
    if (*addrp == NULL)
        return xdrs->x_op == XDR_FREE || count == 0;
    ok = xdr_vector(xdrs, *addrp, count, elsize, elproc);
    if (xdrs->x_op == XDR_FREE) {
        free(*addrp);
        *addrp = NULL;
    }
    return ok;
}

void xdrmem_create(XDR *xdrs, char *addr, u_int size, enum xdr_op op)
{
    memset(xdrs, 0, sizeof *xdrs);
    xdrs->x_op = op;
    if (op == XDR_ENCODE)
        rpc_xdr_init_encode(&xdrs->x_mem, addr, size);
    else if (op == XDR_DECODE)
        rpc_xdr_init_decode(&xdrs->x_mem, addr, size);
    else
        rpc_xdr_init_free(&xdrs->x_mem);
    xdrs->x_stream = &xdrs->x_mem;
}

u_int xdr_getpos(XDR *xdrs)
{
    return (u_int)rpc_xdr_getpos(xdrs->x_stream);
}

bool_t xdr_setpos(XDR *xdrs, u_int pos)
{
    return rpc_xdr_setpos(xdrs->x_stream, pos);
}

void xdr_free(xdrproc_t proc, void *objp)
{
    XDR xdrs;

    xdrmem_create(&xdrs, NULL, 0, XDR_FREE);
    proc(&xdrs, objp);
}
