/* stub: to be implemented */
#include <errno.h>
#include <stddef.h>
#include "xdr.h"

void rpc_xdr_init_encode(struct rpc_xdr *x, void *buf, size_t size)
{
    (void)x;
    (void)buf;
    (void)size;
}

void rpc_xdr_init_decode(struct rpc_xdr *x, const void *data, size_t length)
{
    (void)x;
    (void)data;
    (void)length;
}

void rpc_xdr_init_free(struct rpc_xdr *x)
{
    (void)x;
}

size_t rpc_xdr_getpos(const struct rpc_xdr *x)
{
    (void)x;
    return 0;
}

bool rpc_xdr_setpos(struct rpc_xdr *x, size_t pos)
{
    (void)x;
    (void)pos;
    return false;
}

size_t rpc_xdr_remaining(const struct rpc_xdr *x)
{
    (void)x;
    return 0;
}

void *rpc_xdr_inline(struct rpc_xdr *x, size_t length)
{
    (void)x;
    (void)length;
    return NULL;
}

void rpc_xdr_free(rpc_xdrproc proc, void *obj)
{
    (void)proc;
    (void)obj;
}

const char *rpc_xdr_strerror(enum rpc_xdr_error error)
{
    (void)error;
    return NULL;
}

bool rpc_xdr_int(struct rpc_xdr *x, int32_t *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_u_int(struct rpc_xdr *x, uint32_t *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_hyper(struct rpc_xdr *x, int64_t *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_u_hyper(struct rpc_xdr *x, uint64_t *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_float(struct rpc_xdr *x, float *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_double(struct rpc_xdr *x, double *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_bool(struct rpc_xdr *x, bool *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_enum(struct rpc_xdr *x, int32_t *value)
{
    (void)x;
    (void)value;
    return false;
}

bool rpc_xdr_void(struct rpc_xdr *x, void *unused)
{
    (void)x;
    (void)unused;
    return false;
}

bool rpc_xdr_opaque(struct rpc_xdr *x, void *data, size_t length)
{
    (void)x;
    (void)data;
    (void)length;
    return false;
}

bool rpc_xdr_bytes(struct rpc_xdr *x, unsigned char **data, uint32_t *length, uint32_t max)
{
    (void)x;
    (void)data;
    (void)length;
    (void)max;
    return false;
}

bool rpc_xdr_bytes_ref(struct rpc_xdr *x, const unsigned char **data, uint32_t *length, uint32_t max)
{
    (void)x;
    (void)data;
    (void)length;
    (void)max;
    return false;
}

bool rpc_xdr_string(struct rpc_xdr *x, char **s, uint32_t max)
{
    (void)x;
    (void)s;
    (void)max;
    return false;
}

bool rpc_xdr_string_buf(struct rpc_xdr *x, char *s, size_t size)
{
    (void)x;
    (void)s;
    (void)size;
    return false;
}

bool rpc_xdr_vector(struct rpc_xdr *x, void *base, uint32_t count, size_t elsize, rpc_xdrproc elproc)
{
    (void)x;
    (void)base;
    (void)count;
    (void)elsize;
    (void)elproc;
    return false;
}

bool rpc_xdr_array(struct rpc_xdr *x, void **base, uint32_t *count, uint32_t max, size_t elsize, rpc_xdrproc elproc)
{
    (void)x;
    (void)base;
    (void)count;
    (void)max;
    (void)elsize;
    (void)elproc;
    return false;
}

bool rpc_xdr_pointer(struct rpc_xdr *x, void **ptr, size_t size, rpc_xdrproc proc)
{
    (void)x;
    (void)ptr;
    (void)size;
    (void)proc;
    return false;
}

bool rpc_xdrproc_int(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_u_int(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_hyper(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_u_hyper(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_float(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_double(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_bool(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}

bool rpc_xdrproc_enum(struct rpc_xdr *x, void *obj)
{
    (void)x;
    (void)obj;
    return false;
}
