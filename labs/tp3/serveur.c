/*
 * serveur.c - TP3: the ARITH server of the slides, with the simplified API.
 *
 * Three procedures, each taking its argument as the char * registerrpc()
 * hands it and returning a pointer to a static result; three registerrpc()
 * calls, then svc_run(). registerrpc() tells the portmapper our UDP port;
 * svc_run() waits for calls and dispatches them.
 *
 *   make labs/tp3/serveur          (socklab: rpc/librpcclassic.a)
 *   make -C labs/tp3 tirpc         (the same file against libtirpc)
 */
#include <math.h>
#include <stdio.h>

#include "exemple.h"

char *add(char *arg)
{
    static float res;
    struct couple *p = (struct couple *)arg;

    res = p->e1 + p->e2;
    return (char *)&res;
}

char *mult(char *arg)
{
    static float res;
    struct couple *p = (struct couple *)arg;

    res = p->e1 * p->e2;
    return (char *)&res;
}

char *racine(char *arg)
{
    static float res;
    struct couple *p = (struct couple *)arg;

    res = sqrtf(p->e1);
    return (char *)&res;
}

int main(void)
{
    if (registerrpc(ARITH_PROG, ARITH_VERS1, ADD_PROC, add,
                    (xdrproc_t)xdr_couple, (xdrproc_t)xdr_float) == -1 ||
        registerrpc(ARITH_PROG, ARITH_VERS1, MULT_PROC, mult,
                    (xdrproc_t)xdr_couple, (xdrproc_t)xdr_float) == -1 ||
        registerrpc(ARITH_PROG, ARITH_VERS1, SQRT_PROC, racine,
                    (xdrproc_t)xdr_couple, (xdrproc_t)xdr_float) == -1) {
        fprintf(stderr, "serveur: registerrpc failed\n");
        return 1;
    }
    printf("Serveur ARITH prêt (programme %d, version %d)\n", ARITH_PROG, ARITH_VERS1);
    fflush(stdout);
    svc_run();   /* socklab: returns after Ctrl-C; libtirpc: never returns */
    printf("Serveur ARITH arrêté\n");
    return 0;
}
