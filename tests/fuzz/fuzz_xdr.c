/*
 * fuzz_xdr.c - libFuzzer target for the XDR decoder (rpc/xdr.c).
 *
 * Decodes the input as a structure using every kind of filter (with
 * allocation on), then checks the round trip: whatever decodes must encode
 * back to exactly the bytes it was decoded from (XDR has one encoding per
 * value). ASan and UBSan catch any out-of-bounds access, leak or undefined
 * behaviour.
 */
#include "xdr.h"

#include <stdlib.h>
#include <string.h>

struct node { int32_t value; struct node *next; };

static bool xdr_node(struct rpc_xdr *x, void *obj)
{
    struct node *n = obj;
    return rpc_xdr_int(x, &n->value) && rpc_xdr_pointer(x, (void **)&n->next, sizeof *n, xdr_node);
}

struct everything {
    int32_t i; uint32_t u; int64_t h; uint64_t uh; float f; double d; bool b; int32_t e;
    unsigned char fixed[5];
    unsigned char *bytes; uint32_t bytes_len;
    char *string;
    char name[9];
    uint32_t vec[2];
    void *array; uint32_t array_len;
    struct node *list;
};

static bool xdr_string_elem(struct rpc_xdr *x, void *obj)
{
    return rpc_xdr_string(x, (char **)obj, 16);
}

static bool xdr_everything(struct rpc_xdr *x, void *obj)
{
    struct everything *v = obj;
    return rpc_xdr_int(x, &v->i) && rpc_xdr_u_int(x, &v->u) && rpc_xdr_hyper(x, &v->h) &&
           rpc_xdr_u_hyper(x, &v->uh) && rpc_xdr_float(x, &v->f) && rpc_xdr_double(x, &v->d) &&
           rpc_xdr_bool(x, &v->b) && rpc_xdr_enum(x, &v->e) &&
           rpc_xdr_opaque(x, v->fixed, sizeof v->fixed) &&
           rpc_xdr_bytes(x, &v->bytes, &v->bytes_len, 64) &&
           rpc_xdr_string(x, &v->string, 32) &&
           rpc_xdr_string_buf(x, v->name, sizeof v->name) &&
           rpc_xdr_vector(x, v->vec, 2, sizeof v->vec[0], rpc_xdrproc_u_int) &&
           rpc_xdr_array(x, &v->array, &v->array_len, 8, sizeof(char *), xdr_string_elem) &&
           rpc_xdr_pointer(x, (void **)&v->list, sizeof *v->list, xdr_node);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct everything v;
    struct rpc_xdr x;

    /* Lists are decoded recursively: keep the input small enough that the
     * recursion stays shallow (the contract tells callers to loop instead). */
    if (size > 4096)
        return 0;
    memset(&v, 0, sizeof v);
    rpc_xdr_init_decode(&x, data, size);
    x.alloc = true;
    if (xdr_everything(&x, &v)) {
        size_t used = rpc_xdr_getpos(&x);
        unsigned char *again = malloc(used + 1);
        struct rpc_xdr y;

        rpc_xdr_init_encode(&y, again, used);
        if (!xdr_everything(&y, &v) || rpc_xdr_getpos(&y) != used || memcmp(again, data, used) != 0)
            abort();   /* decode then encode must give back the same bytes */
        free(again);
    }
    rpc_xdr_free(xdr_everything, &v);
    return 0;
}
