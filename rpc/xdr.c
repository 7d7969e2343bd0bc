/*
 * xdr.c - XDR (RFC 4506) on a memory buffer: one filter per type, used to
 * encode, decode and free. See xdr.h for the contracts.
 *
 * Every value is made of 4-byte big-endian units. The two primitives below,
 * put_unit() and get_unit(), are the only places that touch a 32-bit word;
 * everything else is built from them and from the opaque-bytes helpers,
 * which check every length against the bytes really there before copying.
 */
#include "xdr.h"

#include <stdlib.h>
#include <string.h>

/* Records the first failure and returns false, so a filter can end with
 * "return fail(x, RPC_XDR_SHORT);". */
static bool fail(struct rpc_xdr *x, enum rpc_xdr_error error)
{
    if (x->error == RPC_XDR_OK)
        x->error = error;
    return false;
}

/* ---- streams ------------------------------------------------------------ */

/* Stands in for a NULL buffer, so that pointer arithmetic is always on a
 * real object (NULL + 0 is undefined behaviour in C). Never written: its
 * size is 0 for the stream. */
static unsigned char no_buffer[RPC_XDR_UNIT];

void rpc_xdr_init_encode(struct rpc_xdr *x, void *buf, size_t size)
{
    x->op = RPC_XDR_ENCODE;
    x->buf = buf != NULL ? buf : no_buffer;
    x->size = buf != NULL ? size : 0;
    x->pos = 0;
    x->alloc = false;
    x->error = RPC_XDR_OK;
}

void rpc_xdr_init_decode(struct rpc_xdr *x, const void *data, size_t length)
{
    x->op = RPC_XDR_DECODE;
    x->buf = data != NULL ? (unsigned char *)(uintptr_t)data : no_buffer;   /* read only, see xdr.h */
    x->size = data != NULL ? length : 0;
    x->pos = 0;
    x->alloc = false;
    x->error = RPC_XDR_OK;
}

void rpc_xdr_init_free(struct rpc_xdr *x)
{
    x->op = RPC_XDR_FREE;
    x->buf = no_buffer;
    x->size = 0;
    x->pos = 0;
    x->alloc = false;
    x->error = RPC_XDR_OK;
}

size_t rpc_xdr_getpos(const struct rpc_xdr *x)
{
    return x->pos;
}

bool rpc_xdr_setpos(struct rpc_xdr *x, size_t pos)
{
    if (pos > x->size)
        return fail(x, RPC_XDR_SHORT);
    x->pos = pos;
    return true;
}

size_t rpc_xdr_remaining(const struct rpc_xdr *x)
{
    return x->size - x->pos;
}

void *rpc_xdr_inline(struct rpc_xdr *x, size_t length)
{
    size_t padded = RPC_XDR_PADDED(length);
    unsigned char *here;

    if (x->op == RPC_XDR_FREE || padded < length || padded > x->size - x->pos) {
        fail(x, RPC_XDR_SHORT);
        return NULL;
    }
    here = x->buf + x->pos;
    if (x->op == RPC_XDR_ENCODE) {
        memset(here + length, 0, padded - length);   /* zero padding */
    } else {
        for (size_t i = length; i < padded; i++)
            if (here[i] != 0) {
                fail(x, RPC_XDR_PADDING);
                return NULL;
            }
    }
    x->pos += padded;
    return here;
}

void rpc_xdr_free(rpc_xdrproc proc, void *obj)
{
    struct rpc_xdr x;

    if (proc == NULL || obj == NULL)
        return;
    rpc_xdr_init_free(&x);
    proc(&x, obj);
}

const char *rpc_xdr_strerror(enum rpc_xdr_error error)
{
    switch (error) {
    case RPC_XDR_OK:       return "no error";
    case RPC_XDR_SHORT:    return "data truncated (or no room left to encode)";
    case RPC_XDR_TOOLONG:  return "length above the maximum";
    case RPC_XDR_PADDING:  return "non-zero padding";
    case RPC_XDR_BADVALUE: return "invalid value";
    case RPC_XDR_NOMEM:    return "out of memory (or allocation not allowed)";
    case RPC_XDR_BADARG:   return "invalid data to encode";
    }
    return "unknown XDR error";
}

/* ---- the 4-byte unit: the only place that knows the byte order ----------- */

/* Writes value as 4 bytes, most significant first (XDR is big-endian). */
static bool put_unit(struct rpc_xdr *x, uint32_t value)
{
    unsigned char *p;

    if (x->size - x->pos < RPC_XDR_UNIT)
        return fail(x, RPC_XDR_SHORT);
    p = x->buf + x->pos;
    p[0] = (unsigned char)(value >> 24);
    p[1] = (unsigned char)(value >> 16);
    p[2] = (unsigned char)(value >> 8);
    p[3] = (unsigned char)value;
    x->pos += RPC_XDR_UNIT;
    return true;
}

/* Reads 4 bytes, most significant first. */
static bool get_unit(struct rpc_xdr *x, uint32_t *value)
{
    const unsigned char *p;

    if (x->size - x->pos < RPC_XDR_UNIT)
        return fail(x, RPC_XDR_SHORT);
    p = x->buf + x->pos;
    *value = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
             (uint32_t)p[2] << 8 | (uint32_t)p[3];
    x->pos += RPC_XDR_UNIT;
    return true;
}

/* ---- base types ---------------------------------------------------------- */

bool rpc_xdr_u_int(struct rpc_xdr *x, uint32_t *value)
{
    switch (x->op) {
    case RPC_XDR_ENCODE: return put_unit(x, *value);
    case RPC_XDR_DECODE: return get_unit(x, value);
    case RPC_XDR_FREE:   return true;
    }
    return false;
}

bool rpc_xdr_u_hyper(struct rpc_xdr *x, uint64_t *value)
{
    /* Most significant 4 bytes first (RFC 4506 4.5). */
    uint32_t high = (uint32_t)(*value >> 32), low = (uint32_t)*value;

    if (!rpc_xdr_u_int(x, &high) || !rpc_xdr_u_int(x, &low))
        return false;
    if (x->op == RPC_XDR_DECODE)
        *value = (uint64_t)high << 32 | low;
    return true;
}

/* The other 4- and 8-byte types travel as the bits of an unsigned int or
 * hyper: int and hyper in two's complement, float and double in IEEE 754
 * (C11 Annex F, every platform we build on). memcpy moves the bits without
 * relying on implementation-defined conversions. */
_Static_assert(sizeof(float) == 4, "XDR float needs a 4-byte IEEE float");
_Static_assert(sizeof(double) == 8, "XDR double needs an 8-byte IEEE double");

static bool bits32(struct rpc_xdr *x, void *value)
{
    uint32_t bits;

    memcpy(&bits, value, sizeof bits);
    if (!rpc_xdr_u_int(x, &bits))
        return false;
    if (x->op == RPC_XDR_DECODE)
        memcpy(value, &bits, sizeof bits);
    return true;
}

static bool bits64(struct rpc_xdr *x, void *value)
{
    uint64_t bits;

    memcpy(&bits, value, sizeof bits);
    if (!rpc_xdr_u_hyper(x, &bits))
        return false;
    if (x->op == RPC_XDR_DECODE)
        memcpy(value, &bits, sizeof bits);
    return true;
}

bool rpc_xdr_int(struct rpc_xdr *x, int32_t *value)  { return bits32(x, value); }
bool rpc_xdr_float(struct rpc_xdr *x, float *value)  { return bits32(x, value); }
bool rpc_xdr_hyper(struct rpc_xdr *x, int64_t *value) { return bits64(x, value); }
bool rpc_xdr_double(struct rpc_xdr *x, double *value) { return bits64(x, value); }

bool rpc_xdr_bool(struct rpc_xdr *x, bool *value)
{
    uint32_t word = 0;

    if (x->op == RPC_XDR_ENCODE)
        word = *value ? 1 : 0;
    if (!rpc_xdr_u_int(x, &word))
        return false;
    if (x->op == RPC_XDR_DECODE) {
        if (word > 1)
            return fail(x, RPC_XDR_BADVALUE);
        *value = word == 1;
    }
    return true;
}

bool rpc_xdr_enum(struct rpc_xdr *x, int32_t *value)
{
    return rpc_xdr_int(x, value);
}

bool rpc_xdr_void(struct rpc_xdr *x, void *unused)
{
    (void)x;
    (void)unused;
    return true;
}

/* ---- opaque data and strings -------------------------------------------- */

bool rpc_xdr_opaque(struct rpc_xdr *x, void *data, size_t length)
{
    unsigned char *bytes;

    if (x->op == RPC_XDR_FREE)
        return true;
    if (length > 0 && data == NULL)
        return fail(x, RPC_XDR_BADARG);
    bytes = rpc_xdr_inline(x, length);
    if (bytes == NULL)
        return false;
    if (length == 0)
        return true;
    if (x->op == RPC_XDR_ENCODE)
        memcpy(bytes, data, length);
    else
        memcpy(data, bytes, length);
    return true;
}

/* Reads or writes the length word of a variable-length item and checks it:
 * at most max, and (decode) no more than the bytes left after it, so nothing
 * is allocated or copied for data that is not there. */
static bool xdr_length(struct rpc_xdr *x, uint32_t *length, uint32_t max)
{
    if (x->op == RPC_XDR_ENCODE && *length > max)
        return fail(x, RPC_XDR_BADARG);
    if (!rpc_xdr_u_int(x, length))
        return false;
    if (x->op == RPC_XDR_DECODE) {
        if (*length > max)
            return fail(x, RPC_XDR_TOOLONG);
        if (RPC_XDR_PADDED(*length) > rpc_xdr_remaining(x))
            return fail(x, RPC_XDR_SHORT);
    }
    return true;
}

bool rpc_xdr_bytes(struct rpc_xdr *x, unsigned char **data, uint32_t *length,
                   uint32_t max)
{
    uint32_t count = *length;
    bool allocated = false;

    if (x->op == RPC_XDR_FREE) {
        free(*data);
        *data = NULL;
        return true;
    }
    if (!xdr_length(x, &count, max))
        return false;
    if (x->op == RPC_XDR_DECODE && *data == NULL) {
        if (!x->alloc)
            return fail(x, RPC_XDR_NOMEM);
        *data = malloc(count > 0 ? count : 1);
        if (*data == NULL)
            return fail(x, RPC_XDR_NOMEM);
        allocated = true;
    }
    if (!rpc_xdr_opaque(x, *data, count)) {
        if (allocated) {
            free(*data);
            *data = NULL;
        }
        return false;
    }
    *length = count;
    return true;
}

bool rpc_xdr_bytes_ref(struct rpc_xdr *x, const unsigned char **data,
                       uint32_t *length, uint32_t max)
{
    uint32_t count = *length;
    unsigned char *bytes;

    if (x->op == RPC_XDR_FREE)
        return true;
    if (x->op == RPC_XDR_ENCODE && count > 0 && *data == NULL)
        return fail(x, RPC_XDR_BADARG);
    if (!xdr_length(x, &count, max))
        return false;
    bytes = rpc_xdr_inline(x, count);
    if (bytes == NULL)
        return false;
    if (x->op == RPC_XDR_ENCODE) {
        if (count > 0)
            memcpy(bytes, *data, count);
    } else {
        *data = bytes;
        *length = count;
    }
    return true;
}

/* Decodes a string of length bytes (already checked) into dest, which holds
 * length + 1 bytes: rejects a NUL inside, adds the final NUL. */
static bool get_string_bytes(struct rpc_xdr *x, char *dest, uint32_t length)
{
    const unsigned char *bytes = rpc_xdr_inline(x, length);

    if (bytes == NULL)
        return false;
    if (length > 0 && memchr(bytes, '\0', length) != NULL)
        return fail(x, RPC_XDR_BADVALUE);
    if (length > 0)
        memcpy(dest, bytes, length);
    dest[length] = '\0';
    return true;
}

bool rpc_xdr_string(struct rpc_xdr *x, char **s, uint32_t max)
{
    uint32_t length = 0;
    bool allocated = false;

    switch (x->op) {
    case RPC_XDR_FREE:
        free(*s);
        *s = NULL;
        return true;
    case RPC_XDR_ENCODE:
        if (*s == NULL)
            return fail(x, RPC_XDR_BADARG);
        {
            size_t len = strlen(*s);
            if (len > max)
                return fail(x, RPC_XDR_BADARG);
            length = (uint32_t)len;
        }
        return xdr_length(x, &length, max) && rpc_xdr_opaque(x, *s, length);
    case RPC_XDR_DECODE:
        if (!xdr_length(x, &length, max))
            return false;
        if (*s == NULL) {
            if (!x->alloc)
                return fail(x, RPC_XDR_NOMEM);
            *s = malloc((size_t)length + 1);
            if (*s == NULL)
                return fail(x, RPC_XDR_NOMEM);
            allocated = true;
        }
        if (!get_string_bytes(x, *s, length)) {
            if (allocated) {
                free(*s);
                *s = NULL;
            }
            return false;
        }
        return true;
    }
    return false;
}

bool rpc_xdr_string_buf(struct rpc_xdr *x, char *s, size_t size)
{
    uint32_t max, length = 0;

    if (x->op == RPC_XDR_FREE)
        return true;
    if (s == NULL || size == 0)
        return fail(x, RPC_XDR_BADARG);
    max = size - 1 > UINT32_MAX ? UINT32_MAX : (uint32_t)(size - 1);
    if (x->op == RPC_XDR_ENCODE) {
        size_t len = strnlen(s, size);
        if (len > max)                  /* no NUL inside the array */
            return fail(x, RPC_XDR_BADARG);
        length = (uint32_t)len;
        return xdr_length(x, &length, max) && rpc_xdr_opaque(x, s, length);
    }
    return xdr_length(x, &length, max) && get_string_bytes(x, s, length);
}

/* ---- arrays and optional data ------------------------------------------- */

bool rpc_xdr_vector(struct rpc_xdr *x, void *base, uint32_t count,
                    size_t elsize, rpc_xdrproc elproc)
{
    unsigned char *element = base;

    if (count > 0 && (base == NULL || elproc == NULL))
        return x->op == RPC_XDR_FREE ? true : fail(x, RPC_XDR_BADARG);
    for (uint32_t i = 0; i < count; i++, element += elsize)
        if (!elproc(x, element))
            return false;
    return true;
}

bool rpc_xdr_array(struct rpc_xdr *x, void **base, uint32_t *count,
                   uint32_t max, size_t elsize, rpc_xdrproc elproc)
{
    uint32_t n = *count;
    bool allocated = false;

    if (x->op == RPC_XDR_FREE) {
        if (*base != NULL) {
            rpc_xdr_vector(x, *base, n, elsize, elproc);
            free(*base);
            *base = NULL;
        }
        return true;
    }
    if (x->op == RPC_XDR_ENCODE && n > max)
        return fail(x, RPC_XDR_BADARG);
    if (!rpc_xdr_u_int(x, &n))
        return false;
    if (x->op == RPC_XDR_DECODE) {
        if (n > max)
            return fail(x, RPC_XDR_TOOLONG);
        /* Every XDR element takes at least one 4-byte unit (void aside):
         * a count the remaining bytes cannot hold is a lie, refused before
         * allocating anything. */
        if (elproc != rpc_xdr_void && n > rpc_xdr_remaining(x) / RPC_XDR_UNIT)
            return fail(x, RPC_XDR_SHORT);
        if (*base == NULL && n > 0) {
            if (!x->alloc)
                return fail(x, RPC_XDR_NOMEM);
            *base = calloc(n, elsize);
            if (*base == NULL)
                return fail(x, RPC_XDR_NOMEM);
            allocated = true;
        }
    }
    if (!rpc_xdr_vector(x, *base, n, elsize, elproc)) {
        if (allocated) {
            /* Release what the elements decoded so far allocated. */
            struct rpc_xdr freer;
            rpc_xdr_init_free(&freer);
            rpc_xdr_vector(&freer, *base, n, elsize, elproc);
            free(*base);
            *base = NULL;
        }
        return false;
    }
    *count = n;
    return true;
}

bool rpc_xdr_pointer(struct rpc_xdr *x, void **ptr, size_t size,
                     rpc_xdrproc proc)
{
    bool present = *ptr != NULL;
    bool allocated = false;

    if (x->op == RPC_XDR_FREE) {
        if (*ptr != NULL) {
            proc(x, *ptr);
            free(*ptr);
            *ptr = NULL;
        }
        return true;
    }
    if (!rpc_xdr_bool(x, &present))
        return false;
    if (!present) {
        if (x->op == RPC_XDR_DECODE)
            *ptr = NULL;
        return true;
    }
    if (x->op == RPC_XDR_DECODE && *ptr == NULL) {
        if (!x->alloc)
            return fail(x, RPC_XDR_NOMEM);
        *ptr = calloc(1, size);
        if (*ptr == NULL)
            return fail(x, RPC_XDR_NOMEM);
        allocated = true;
    }
    if (!proc(x, *ptr)) {
        if (allocated) {
            rpc_xdr_free(proc, *ptr);
            free(*ptr);
            *ptr = NULL;
        }
        return false;
    }
    return true;
}

/* ---- the base filters as rpc_xdrproc ------------------------------------ */

bool rpc_xdrproc_int(struct rpc_xdr *x, void *obj)     { return rpc_xdr_int(x, obj); }
bool rpc_xdrproc_u_int(struct rpc_xdr *x, void *obj)   { return rpc_xdr_u_int(x, obj); }
bool rpc_xdrproc_hyper(struct rpc_xdr *x, void *obj)   { return rpc_xdr_hyper(x, obj); }
bool rpc_xdrproc_u_hyper(struct rpc_xdr *x, void *obj) { return rpc_xdr_u_hyper(x, obj); }
bool rpc_xdrproc_float(struct rpc_xdr *x, void *obj)   { return rpc_xdr_float(x, obj); }
bool rpc_xdrproc_double(struct rpc_xdr *x, void *obj)  { return rpc_xdr_double(x, obj); }
bool rpc_xdrproc_bool(struct rpc_xdr *x, void *obj)    { return rpc_xdr_bool(x, obj); }
bool rpc_xdrproc_enum(struct rpc_xdr *x, void *obj)    { return rpc_xdr_enum(x, obj); }
