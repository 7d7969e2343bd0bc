/*
 * arith.h - the ARITH program of TP3, what rpcgen would make of
 * tests/tirpc/arith.x:
 *
 *     struct couple { float e1; float e2; };
 *     program ARITH_PROG {
 *         version ARITH_VERS1 {
 *             float ADD_PROC(couple) = 1;
 *             float MULT_PROC(couple) = 2;
 *             float SQRT_PROC(couple) = 3;
 *         } = 1;
 *     } = 0x33333333;
 *
 * Client and server share these numbers and this XDR filter: that is all
 * they must agree on. Procedure 0 (NULL) exists in every program.
 */
#ifndef SOCKLAB_ARITH_H
#define SOCKLAB_ARITH_H

#include <stdbool.h>

#include "xdr.h"

#define ARITH_PROG  0x33333333u   /* 858993459, as rpcinfo prints it */
#define ARITH_VERS1 1u
#define NULL_PROC   0u
#define ADD_PROC    1u
#define MULT_PROC   2u
#define SQRT_PROC   3u

struct couple {
    float e1, e2;
};

/* The XDR filter of struct couple: both fields, in order (8 bytes). */
static inline bool xdr_couple(struct rpc_xdr *x, void *obj)
{
    struct couple *c = obj;

    return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
}

#endif
