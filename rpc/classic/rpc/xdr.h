/*
 * rpc/xdr.h - the classic XDR API (XDR, xdrproc_t, xdr_int, xdr_float, ...),
 * on socklab's XDR codec (rpc/xdr.h: struct rpc_xdr and the rpc_xdr_ filters,
 * which do every byte's work; nothing here touches the wire format itself).
 *
 * A filter works both ways, as in the original: the same call
 *     xdr_float(xdrs, &c->e1)
 * writes e1 when xdrs encodes, reads it when xdrs decodes, and releases what a
 * decode allocated when xdrs frees. A structure's filter chains its fields'
 * filters with &&, and a program passes it where an xdrproc_t is expected:
 *     bool_t xdr_couple(XDR *xdrs, struct couple *c)
 *     {
 *         return xdr_float(xdrs, &c->e1) && xdr_float(xdrs, &c->e2);
 *     }
 *     callrpc(host, prog, vers, proc, (xdrproc_t)xdr_couple, ...);
 *
 * Decoding allocates, as in the original, where a pointer is NULL (strings,
 * byte arrays, arrays); xdr_free(filter, obj) releases it.
 *
 * An XDR made by xdrmem_create() points into itself: do not copy one.
 */
#ifndef SOCKLAB_CLASSIC_RPC_XDR_H
#define SOCKLAB_CLASSIC_RPC_XDR_H

#include <rpc/types.h>

#include "../../xdr.h"   /* socklab's codec, rpc/xdr.h */

/* What a stream does (the same numbers as the original's). */
enum xdr_op {
    XDR_ENCODE = 0,   /* C values -> bytes */
    XDR_DECODE = 1,   /* bytes -> C values */
    XDR_FREE = 2      /* release what a decode allocated */
};

/* The XDR handle: what a filter sees. x_op may be read by a filter; the
 * rest is socklab's stream underneath. */
typedef struct XDR {
    enum xdr_op x_op;           /* what the filters do */
    struct rpc_xdr *x_stream;   /* socklab's stream (rpc/xdr.h) */
    struct rpc_xdr x_mem;       /* the stream of xdrmem_create() */
} XDR;

/* A filter. As in libtirpc, it cannot have a full prototype (some filters
 * take a third argument): programs cast theirs, (xdrproc_t)xdr_couple, and
 * it is called with the stream and a pointer to the object. */
typedef bool_t (*xdrproc_t)(XDR *, ...);

#define BYTES_PER_XDR_UNIT 4
#define RNDUP(x) ((((x) + BYTES_PER_XDR_UNIT - 1) / BYTES_PER_XDR_UNIT) * BYTES_PER_XDR_UNIT)
#define NULL_xdrproc_t ((xdrproc_t)0)

/* ---- the base types (RFC 4506): 4 bytes each, 8 for double ---------------- */
bool_t xdr_void(void);                       /* no bytes at all */
bool_t xdr_int(XDR *xdrs, int *ip);
bool_t xdr_u_int(XDR *xdrs, u_int *up);
bool_t xdr_long(XDR *xdrs, long *lp);        /* 4 bytes: fails beyond 32 bits */
bool_t xdr_u_long(XDR *xdrs, u_long *ulp);   /* 4 bytes: fails beyond 32 bits */
bool_t xdr_short(XDR *xdrs, short *sp);      /* 4 bytes on the wire */
bool_t xdr_u_short(XDR *xdrs, u_short *usp);
bool_t xdr_char(XDR *xdrs, char *cp);        /* 4 bytes on the wire */
bool_t xdr_u_char(XDR *xdrs, u_char *ucp);
bool_t xdr_bool(XDR *xdrs, bool_t *bp);      /* 0 or 1 */
bool_t xdr_enum(XDR *xdrs, enum_t *ep);
bool_t xdr_float(XDR *xdrs, float *fp);      /* IEEE 754 single */
bool_t xdr_double(XDR *xdrs, double *dp);    /* IEEE 754 double */

/* ---- strings and opaque data ---------------------------------------------- */
/* A string of at most maxsize characters; decode allocates if *sp is NULL. */
bool_t xdr_string(XDR *xdrs, char **sp, u_int maxsize);
/* xdr_string without a limit, with the xdrproc_t shape (for callrpc). */
bool_t xdr_wrapstring(XDR *xdrs, char **sp);
/* Counted bytes: *sizep bytes at *sp, at most maxsize. */
bool_t xdr_bytes(XDR *xdrs, char **sp, u_int *sizep, u_int maxsize);
/* Exactly cnt bytes (padded to 4 on the wire). */
bool_t xdr_opaque(XDR *xdrs, char *cp, u_int cnt);

/* ---- arrays ---------------------------------------------------------------- */
/* A counted array of *sizep elements of elsize bytes at *addrp (at most
 * maxsize), each through elproc; decode allocates if *addrp is NULL. */
bool_t xdr_array(XDR *xdrs, char **addrp, u_int *sizep, u_int maxsize, u_int elsize,
                 xdrproc_t elproc);
/* A fixed array of size elements (no count on the wire). */
bool_t xdr_vector(XDR *xdrs, char *basep, u_int size, u_int elemsize, xdrproc_t elproc);

/* ---- streams ---------------------------------------------------------------- */
/* A stream over size bytes at addr, to encode into or decode from. */
void xdrmem_create(XDR *xdrs, char *addr, u_int size, enum xdr_op op);
/* Bytes written or read so far; moving to a position. */
u_int xdr_getpos(XDR *xdrs);
bool_t xdr_setpos(XDR *xdrs, u_int pos);
#define xdr_destroy(xdrs) ((void)(xdrs))
/* Releases what decoding objp through proc allocated (objp itself is kept). */
void xdr_free(xdrproc_t proc, void *objp);

#endif
