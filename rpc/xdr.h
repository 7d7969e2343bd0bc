/*
 * xdr.h - XDR, the External Data Representation (RFC 4506), on a memory buffer.
 *
 * XDR solves the byte-order problem of TP3: every value travels as big-endian
 * 4-byte units, whatever the machine. An int is 4 bytes, most significant
 * first; a hyper is 8; a float/double is IEEE 754 in the same order; opaque
 * data and strings are a length then the bytes, padded with zeros to a
 * multiple of 4.
 *
 * One filter per type, used both ways (the libtirpc idea): the same call
 *     rpc_xdr_int(x, &value)
 * writes value when x encodes and reads it into value when x decodes, and a
 * structure's filter is the chain of its fields' filters joined with &&:
 *
 *     struct couple { float e1, e2; };
 *     bool xdr_couple(struct rpc_xdr *x, void *obj)
 *     {
 *         struct couple *c = obj;
 *         return rpc_xdr_float(x, &c->e1) && rpc_xdr_float(x, &c->e2);
 *     }
 *
 * Every filter returns true on success, false on failure; after a failure
 * x->error says why (the first failure is kept) and the stream must not be
 * used further except to read x->error or to be reinitialised.
 *
 * Safety: every length read from the wire is checked against the caller's
 * maximum AND against the bytes left in the buffer before anything is copied
 * or allocated; padding bytes must be zero on decode; nothing is allocated
 * unless the caller turned allocation on (x->alloc); no input, however
 * malformed, leads to undefined behaviour.
 *
 * Every symbol of the rpc/ library starts with rpc_ (this one with rpc_xdr_),
 * so that tests can link libtirpc next to it as an oracle.
 */
#ifndef SOCKLAB_XDR_H
#define SOCKLAB_XDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a stream does. */
enum rpc_xdr_op {
    RPC_XDR_ENCODE,   /* C values -> bytes in the buffer */
    RPC_XDR_DECODE,   /* bytes in the buffer -> C values */
    RPC_XDR_FREE      /* release what a decode with alloc allocated (no bytes) */
};

/* Why a filter failed (x->error; the first failure wins). */
enum rpc_xdr_error {
    RPC_XDR_OK = 0,
    RPC_XDR_SHORT,      /* decode: the data ends too early; encode: no room left */
    RPC_XDR_TOOLONG,    /* a length or count above the caller's maximum */
    RPC_XDR_PADDING,    /* decode: a non-zero padding byte */
    RPC_XDR_BADVALUE,   /* decode: a bool not 0 or 1, a NUL inside a string, ... */
    RPC_XDR_NOMEM,      /* decode: needed memory, but alloc is off or malloc failed */
    RPC_XDR_BADARG      /* the caller's own data is wrong (encode: a string longer
                           than its maximum, a NULL pointer where data is needed) */
};

/* A stream over a memory buffer. Fields are readable; change them only
 * through the functions below (except alloc, which the caller may set). */
struct rpc_xdr {
    enum rpc_xdr_op op;
    unsigned char *buf;        /* the bytes (never written when decoding) */
    size_t size;               /* encode: capacity; decode: bytes available */
    size_t pos;                /* offset of the next byte to read or write */
    bool alloc;                /* decode: a filter may malloc() where the
                                  caller's pointer is NULL (strings, variable
                                  opaque and arrays, optional data); release
                                  with rpc_xdr_free(). Off by default. */
    enum rpc_xdr_error error;  /* RPC_XDR_OK until a filter fails */
};

/* A filter: encodes, decodes or frees *obj according to x->op. */
typedef bool (*rpc_xdrproc)(struct rpc_xdr *x, void *obj);

/* Size of one XDR unit. */
#define RPC_XDR_UNIT 4
/* Bytes taken by n bytes of opaque data once padded: 5 -> 8. */
#define RPC_XDR_PADDED(n) ((((size_t)(n)) + 3u) & ~(size_t)3u)

/* ---- streams ------------------------------------------------------------ */

/* Prepares x to write into buf (capacity size bytes), from offset 0. */
void rpc_xdr_init_encode(struct rpc_xdr *x, void *buf, size_t size);

/* Prepares x to read the length bytes at data, from offset 0. The bytes are
 * only read (the const is cast away internally and never written through). */
void rpc_xdr_init_decode(struct rpc_xdr *x, const void *data, size_t length);

/* Prepares x for RPC_XDR_FREE (no buffer). Use through rpc_xdr_free(). */
void rpc_xdr_init_free(struct rpc_xdr *x);

/* Offset of the next byte: after encoding, the number of bytes written. */
size_t rpc_xdr_getpos(const struct rpc_xdr *x);

/* Moves to offset pos (<= size). Returns false (RPC_XDR_SHORT) beyond the
 * buffer. Used to rewrite a header or to rewind after a failed encode. */
bool rpc_xdr_setpos(struct rpc_xdr *x, size_t pos);

/* Bytes left to read (decode) or room left to write (encode). */
size_t rpc_xdr_remaining(const struct rpc_xdr *x);

/* Reserves length bytes (rounded up to a multiple of 4) at the current
 * position and moves past them; returns a pointer to them in the buffer, or
 * NULL (RPC_XDR_SHORT) if they are not there. Encode: the caller fills them
 * (padding is zeroed here). Decode: the caller reads them in place (zero
 * copy) and the padding is checked. */
void *rpc_xdr_inline(struct rpc_xdr *x, size_t length);

/* Runs filter proc in RPC_XDR_FREE mode on obj: releases everything a decode
 * with alloc on allocated inside obj, and sets those pointers back to NULL
 * (obj itself is not freed). Pointers to the caller's own buffers must not be
 * in obj: free mode frees every non-NULL pointer the filter manages. */
void rpc_xdr_free(rpc_xdrproc proc, void *obj);

/* A short English description of an error ("data truncated", ...). */
const char *rpc_xdr_strerror(enum rpc_xdr_error error);

/* ---- filters for the base types (RFC 4506 sections 4.1 to 4.7) ------------ */

bool rpc_xdr_int(struct rpc_xdr *x, int32_t *value);        /* 4 bytes */
bool rpc_xdr_u_int(struct rpc_xdr *x, uint32_t *value);     /* 4 bytes */
bool rpc_xdr_hyper(struct rpc_xdr *x, int64_t *value);      /* 8 bytes */
bool rpc_xdr_u_hyper(struct rpc_xdr *x, uint64_t *value);   /* 8 bytes */
bool rpc_xdr_float(struct rpc_xdr *x, float *value);        /* IEEE single, 4 bytes */
bool rpc_xdr_double(struct rpc_xdr *x, double *value);      /* IEEE double, 8 bytes */

/* A boolean: 4 bytes, 0 or 1; any other value decodes as RPC_XDR_BADVALUE. */
bool rpc_xdr_bool(struct rpc_xdr *x, bool *value);

/* An enum is a signed int on the wire. The C enum's own size varies, so the
 * caller passes an int32_t (checking the value is the caller's job). */
bool rpc_xdr_enum(struct rpc_xdr *x, int32_t *value);

/* void: no bytes, always true (a procedure with no arguments or result). */
bool rpc_xdr_void(struct rpc_xdr *x, void *unused);

/* ---- opaque data and strings (RFC 4506 sections 4.9 to 4.11) ------------- */

/* Fixed-length opaque: exactly length bytes, then zero padding to 4. */
bool rpc_xdr_opaque(struct rpc_xdr *x, void *data, size_t length);

/* Variable-length opaque: a length (at most max), the bytes, the padding.
 * Encode: writes *length bytes from *data (*length > max is RPC_XDR_BADARG).
 * Decode: a length above max or above the bytes left fails before any copy.
 *   *data != NULL: the caller's buffer of at least max bytes receives them;
 *   *data == NULL: with x->alloc, a malloc(length) buffer (length 0: still a
 *                  valid pointer); without, RPC_XDR_NOMEM.
 * Free: frees *data and sets it to NULL. */
bool rpc_xdr_bytes(struct rpc_xdr *x, unsigned char **data, uint32_t *length,
                   uint32_t max);

/* Variable-length opaque without copying: decode points *data at the bytes
 * inside the stream's buffer (valid as long as that buffer), encode writes
 * *length bytes from *data. Free does nothing. For pass-through data such as
 * an authenticator body or a forwarded call's arguments. */
bool rpc_xdr_bytes_ref(struct rpc_xdr *x, const unsigned char **data,
                       uint32_t *length, uint32_t max);

/* A string of at most max characters (ASCII, no NUL on the wire).
 * Encode: writes strlen(*s) bytes (above max, or *s NULL: RPC_XDR_BADARG).
 * Decode: a length above max or above the bytes left fails first; an embedded
 *   NUL byte is RPC_XDR_BADVALUE. *s != NULL: the caller's buffer of at least
 *   max + 1 bytes gets the string and its NUL; *s == NULL: with x->alloc, a
 *   malloc(length + 1) copy; without, RPC_XDR_NOMEM.
 * Free: frees *s and sets it to NULL. */
bool rpc_xdr_string(struct rpc_xdr *x, char **s, uint32_t max);

/* A string into or from a fixed char array of size bytes (at most size - 1
 * characters): the common case with no allocation at all.
 *     char name[256];  rpc_xdr_string_buf(x, name, sizeof name);
 * Free does nothing. */
bool rpc_xdr_string_buf(struct rpc_xdr *x, char *s, size_t size);

/* ---- arrays, optional data (RFC 4506 sections 4.12, 4.13, 4.19) ---------- */

/* Fixed-length array: count elements of elsize bytes at base, each through
 * elproc (no count on the wire). */
bool rpc_xdr_vector(struct rpc_xdr *x, void *base, uint32_t count,
                    size_t elsize, rpc_xdrproc elproc);

/* Variable-length array: a count (at most max), then the elements.
 * Decode: a count above max, or above what the bytes left could hold (every
 *   XDR element takes at least 4 bytes; elproc rpc_xdr_void excepted) fails
 *   before allocating. *base != NULL: the caller's array with room for max
 *   elements; *base == NULL: with x->alloc, calloc(count, elsize), else
 *   RPC_XDR_NOMEM.
 * Free: runs elproc in free mode on each element, frees *base, sets it NULL. */
bool rpc_xdr_array(struct rpc_xdr *x, void **base, uint32_t *count,
                   uint32_t max, size_t elsize, rpc_xdrproc elproc);

/* Optional data ("pointer", RFC 4506 4.19: a bool then the object if true).
 * Encode: writes false for *ptr == NULL, else true and *ptr through proc.
 * Decode: false sets *ptr to NULL (a caller's object is left alone); true needs
 *   *ptr != NULL (the caller's object of size bytes) or x->alloc
 *   (calloc(1, size)); else RPC_XDR_NOMEM.
 * Free: frees what proc manages inside *ptr, then *ptr; sets it NULL.
 * A linked list decoded with this filter recurses once per element: for
 * lists from the wire, loop on rpc_xdr_bool + the element instead. */
bool rpc_xdr_pointer(struct rpc_xdr *x, void **ptr, size_t size,
                     rpc_xdrproc proc);

/* ---- the base filters as rpc_xdrproc (void *obj), for tables and arrays --
 * Calling a filter through a pointer of another type is undefined behaviour
 * in C, so a procedure table or rpc_xdr_array() takes these instead:
 *     .result_proc = rpc_xdrproc_float, .result_size = sizeof(float)      */
bool rpc_xdrproc_int(struct rpc_xdr *x, void *obj);      /* int32_t */
bool rpc_xdrproc_u_int(struct rpc_xdr *x, void *obj);    /* uint32_t */
bool rpc_xdrproc_hyper(struct rpc_xdr *x, void *obj);    /* int64_t */
bool rpc_xdrproc_u_hyper(struct rpc_xdr *x, void *obj);  /* uint64_t */
bool rpc_xdrproc_float(struct rpc_xdr *x, void *obj);    /* float */
bool rpc_xdrproc_double(struct rpc_xdr *x, void *obj);   /* double */
bool rpc_xdrproc_bool(struct rpc_xdr *x, void *obj);     /* bool */
bool rpc_xdrproc_enum(struct rpc_xdr *x, void *obj);     /* int32_t */

#endif
