/*
 * arith_client.c - a test-only libtirpc ARITH client (rpcgen stubs from
 * arith.x): clnt_create() asks the portmapper of HOST, then one call.
 *
 *   arith_client HOST tcp|udp add|mult|sqrt X [Y]   prints the slide's line
 *   arith_client HOST tcp|udp bench N               N ADD calls, prints calls/s
 * Errors: clnt_pcreateerror / clnt_perror's line on stderr, exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arith.h"

int main(int argc, char *argv[])
{
    CLIENT *clnt;
    couple args = { 0, 0 };
    float *result;
    struct timeval timeout = { 5, 0 };

    if (argc < 5) {
        fprintf(stderr, "usage: arith_client HOST tcp|udp add|mult|sqrt X [Y] | bench N\n");
        return 2;
    }
    clnt = clnt_create(argv[1], ARITH_PROG, ARITH_VERS1, argv[2]);
    if (clnt == NULL) {
        clnt_pcreateerror(argv[1]);
        return 1;
    }
    clnt_control(clnt, CLSET_TIMEOUT, (char *)&timeout);
    if (strcmp(argv[3], "bench") == 0) {
        long n = atol(argv[4]);
        struct timespec start, end;
        double seconds;

        args.e1 = 13.4f;
        args.e2 = 17.1f;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (long i = 0; i < n; i++) {
            if (add_proc_1(&args, clnt) == NULL) {
                clnt_perror(clnt, argv[1]);
                return 1;
            }
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
        printf("%ld calls in %.3f s: %.0f calls/s\n", n, seconds, n / seconds);
        clnt_destroy(clnt);
        return 0;
    }
    args.e1 = strtof(argv[4], NULL);
    args.e2 = argc > 5 ? strtof(argv[5], NULL) : 0.0f;
    if (strcmp(argv[3], "add") == 0)
        result = add_proc_1(&args, clnt);
    else if (strcmp(argv[3], "mult") == 0)
        result = mult_proc_1(&args, clnt);
    else
        result = sqrt_proc_1(&args, clnt);
    if (result == NULL) {
        clnt_perror(clnt, argv[1]);
        return 1;
    }
    if (strcmp(argv[3], "add") == 0)
        printf("%f + %f = %f\n", args.e1, args.e2, *result);
    else if (strcmp(argv[3], "mult") == 0)
        printf("%f * %f = %f\n", args.e1, args.e2, *result);
    else
        printf("sqrt(%f) = %f\n", args.e1, *result);
    clnt_destroy(clnt);
    return 0;
}
