/*
 * xdr_exemple.c - TP3: the XDR filter of struct couple, built from xdr_float.
 * The same function encodes (client: the arguments), decodes (server: the
 * arguments) and frees, according to xdrp->x_op.
 */
#include "exemple.h"

bool_t xdr_couple(XDR *xdrp, struct couple *p)
{
    return xdr_float(xdrp, &p->e1) && xdr_float(xdrp, &p->e2);
}
