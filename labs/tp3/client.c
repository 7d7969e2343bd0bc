/*
 * client.c - TP3: the ARITH client of the slides: one callrpc() per
 * operation, as if add() were a local function that takes a couple and
 * returns a float.
 *
 *   ./labs/tp3/client localhost            13.400000 + 17.100000 = 30.500000
 *   ./labs/tp3/client localhost mult 3 4   3.000000 * 4.000000 = 12.000000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exemple.h"

int main(int argc, char *argv[])
{
    struct couple don = { 13.4f, 17.1f };
    float x = 0;
    int proc = ADD_PROC, stat;
    const char *op = argc > 2 ? argv[2] : "add", *sign = "+";

    if (argc < 2 || argc == 4 || argc > 5) {
        fprintf(stderr, "usage: client HOST [add|mult|sqrt X Y]\n");
        return 2;
    }
    if (strcmp(op, "mult") == 0) {
        proc = MULT_PROC;
        sign = "*";
    } else if (strcmp(op, "sqrt") == 0) {
        proc = SQRT_PROC;
    } else if (strcmp(op, "add") != 0) {
        fprintf(stderr, "client: unknown operation '%s' (add, mult or sqrt)\n", op);
        return 2;
    }
    if (argc == 5) {
        don.e1 = strtof(argv[3], NULL);
        don.e2 = strtof(argv[4], NULL);
    }
    stat = callrpc(argv[1], ARITH_PROG, ARITH_VERS1, proc,
                   (xdrproc_t)xdr_couple, (char *)&don, (xdrproc_t)xdr_float, (char *)&x);
    if (stat != 0) {
        fprintf(stderr, "client: %s: ", argv[1]);
        clnt_perrno(stat);
        return 1;
    }
    if (proc == SQRT_PROC)
        printf("sqrt(%f) = %f\n", don.e1, x);
    else
        printf("%f %s %f = %f\n", don.e1, sign, don.e2, x);
    return 0;
}
