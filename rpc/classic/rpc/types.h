/*
 * rpc/types.h - the classic Sun RPC base types, for the slides' code:
 *
 *     cc -Irpc/classic serveur.c ... rpc/librpcclassic.a rpc/librpc.a -lm
 *
 * makes `#include <rpc/rpc.h>`, `<rpc/types.h>` and `<rpc/xdr.h>` resolve to
 * these headers (rpc/classic/rpc/), which put the original API on socklab's
 * runtime (rpc/xdr.h, rpc/rpc_client.h, rpc/rpc_server.h). The same source
 * files build unchanged against libtirpc (-I/usr/include/tirpc -ltirpc).
 */
#ifndef SOCKLAB_CLASSIC_RPC_TYPES_H
#define SOCKLAB_CLASSIC_RPC_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef int32_t bool_t;         /* TRUE or FALSE, 4 bytes as on the wire */
typedef int32_t enum_t;         /* an enum on the wire */
typedef char *caddr_t;          /* "core address": a pointer to any data */
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef uint32_t rpcprog_t;     /* a program number */
typedef uint32_t rpcvers_t;     /* a version number */
typedef uint32_t rpcproc_t;     /* a procedure number */

#ifndef TRUE
#define TRUE  (1)
#endif
#ifndef FALSE
#define FALSE (0)
#endif

/* The original's memory helpers, used by some generated code. */
#define mem_alloc(bsize)       calloc(1, bsize)
#define mem_free(ptr, bsize)   free(ptr)

#endif
