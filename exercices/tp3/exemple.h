/*
 * exercices/tp3/exemple.h - TP3, le code des transparents (labs/tp3-rpc.md,
 * section 6) : ce que le serveur et le client ARITH partagent, donné complet.
 * C'est le contrat : le numéro du programme, sa version, ses procédures, le
 * type de l'argument et son filtre XDR (à écrire dans xdr_exemple.c).
 * Rien d'autre n'est partagé.
 */
#ifndef EXEMPLE_H
#define EXEMPLE_H

#include <rpc/rpc.h>

#define ARITH_PROG  0x33333333   /* 858993459 : le programme */
#define ARITH_VERS1 1            /* sa version */
#define ADD_PROC    1            /* ses procédures */
#define MULT_PROC   2
#define SQRT_PROC   3

struct couple {
    float e1, e2;
};

/* Le filtre XDR de struct couple (xdr_exemple.c) : ses deux float, dans l'ordre. */
bool_t xdr_couple(XDR *xdrp, struct couple *p);

#endif
