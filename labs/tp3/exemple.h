/*
 * exemple.h - TP3: what the ARITH server and its client share, as in the
 * course's slides: the program's numbers, the argument's type and its XDR
 * filter. Nothing else is shared.
 */
#ifndef EXEMPLE_H
#define EXEMPLE_H

#include <rpc/rpc.h>

#define ARITH_PROG  0x33333333   /* 858993459: the program */
#define ARITH_VERS1 1            /* its version */
#define ADD_PROC    1            /* its procedures */
#define MULT_PROC   2
#define SQRT_PROC   3

struct couple {
    float e1, e2;
};

/* The XDR filter of struct couple (xdr_exemple.c): its two floats in order. */
bool_t xdr_couple(XDR *xdrp, struct couple *p);

#endif
