/*
 * arith_server.c - the ARITH procedures for the rpcgen-generated server
 * (arith_svc.c, built from arith.x): a test-only libtirpc peer, the
 * reference socklab's rpc_arith_server is compared with.
 */
#include <math.h>

#include "arith.h"

float *add_proc_1_svc(couple *args, struct svc_req *req)
{
    static float result;

    (void)req;
    result = args->e1 + args->e2;
    return &result;
}

float *mult_proc_1_svc(couple *args, struct svc_req *req)
{
    static float result;

    (void)req;
    result = args->e1 * args->e2;
    return &result;
}

float *sqrt_proc_1_svc(couple *args, struct svc_req *req)
{
    static float result;

    (void)req;
    result = sqrtf(args->e1);
    return &result;
}
