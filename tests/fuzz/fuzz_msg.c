/*
 * fuzz_msg.c - libFuzzer target for the RPC message decoders (rpc/rpc_msg.c)
 * and the server's dispatch (rpc_dispatch_handle, rpc/rpc_dispatch.c): any input is decoded as a
 * call and as a reply, and served by a server with a registered program.
 * A reply produced must itself decode as a valid reply with the call's xid.
 */
#include "rpc_msg.h"
#include "rpc_dispatch.h"

#include <stdlib.h>
#include <string.h>

struct couple { float e1, e2; };

static bool xdr_couple(struct rpc_xdr *x, void *obj)
{
    struct couple *c = obj;
    return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
}

struct named { char *name; uint32_t count; void *items; };
static bool xdr_named(struct rpc_xdr *x, void *obj)
{
    struct named *n = obj;
    return rpc_xdr_string(x, &n->name, 64) &&
           rpc_xdr_array(x, &n->items, &n->count, 16, sizeof(uint32_t), rpc_xdrproc_u_int);
}

static int add(struct rpc_request *req, void *args, void *result)
{
    const struct couple *c = args;
    (void)req;
    *(float *)result = c->e1 + c->e2;
    return RPC_ACCEPT_SUCCESS;
}

static int count(struct rpc_request *req, void *args, void *result)
{
    const struct named *n = args;
    *(uint32_t *)result = n->count + (req->auth_sys != NULL ? req->auth_sys->uid : 0);
    return RPC_ACCEPT_SUCCESS;
}

static int raw(struct rpc_request *req, struct rpc_xdr *args, struct rpc_xdr *results)
{
    const unsigned char *data;
    uint32_t len;
    (void)req;
    if (!rpc_xdr_bytes_ref(args, &data, &len, 1024))
        return RPC_ACCEPT_GARBAGE_ARGS;
    return rpc_xdr_bytes_ref(results, &data, &len, 1024) ? RPC_ACCEPT_SUCCESS : RPC_ACCEPT_SYSTEM_ERR;
}

static const struct rpc_proc procs[] = {
    { .proc = 0 },
    { .proc = 1, .handler = add, .args_proc = xdr_couple, .args_size = sizeof(struct couple),
      .result_proc = rpc_xdrproc_float, .result_size = sizeof(float) },
    { .proc = 2, .handler = count, .args_proc = xdr_named, .args_size = sizeof(struct named),
      .result_proc = rpc_xdrproc_u_int, .result_size = sizeof(uint32_t) },
    { .proc = 3, .raw = raw },
};

static struct rpc_dispatch *server(void)
{
    static struct rpc_dispatch *srv;

    if (srv == NULL) {
        srv = rpc_dispatch_create();
        rpc_dispatch_register(srv, 0x33333333u, 1, procs, 4, NULL);
        rpc_dispatch_register(srv, 0x33333333u, 3, procs, 2, NULL);
    }
    return srv;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rpc_call_header call;
    struct rpc_reply_header reply;
    struct rpc_xdr x;
    unsigned char out[2048];
    size_t out_len;

    rpc_xdr_init_decode(&x, data, size);
    rpc_msg_decode_call(&x, &call);
    rpc_xdr_init_decode(&x, data, size);
    rpc_msg_decode_reply(&x, &reply);

    if (rpc_dispatch_handle(server(), data, size, RPC_UDP, -1, NULL, 0, out, sizeof out, &out_len) == 1) {
        uint32_t xid, type;
        if (out_len > sizeof out || !rpc_msg_peek(data, size, &xid, &type))
            abort();
        rpc_xdr_init_decode(&x, out, out_len);
        if (rpc_msg_decode_reply(&x, &reply) != RPC_MSG_OK || reply.xid != xid)
            abort();   /* every reply the server sends is a valid reply to that call */
    }
    return 0;
}
