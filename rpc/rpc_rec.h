/*
 * rpc_rec.h - record marking: how RPC messages travel on a byte stream (TCP,
 * AF_UNIX stream), RFC 5531 section 11.
 *
 * TCP has no message boundaries, so each message (a "record") is sent as one
 * or more fragments, each preceded by a 4-byte big-endian header: the top bit
 * (0x80000000u) says "last fragment of the record", the low 31 bits are the
 * fragment's length. A record of 28 bytes sent in one fragment:
 *     80 00 00 1c  <28 bytes>
 *
 * Writing: leave 4 bytes in front of the message, encode the message after
 * them, then rpc_rec_put_mark() and one send() for the whole thing.
 *
 * Reading: struct rpc_rec is a reassembly buffer. recv() into the space it
 * offers (rpc_rec_space / rpc_rec_commit), then take complete records out
 * with rpc_rec_next() until it says "need more". Several records arriving in
 * one recv() are all returned, one by one; a record split over many recv()s
 * or many fragments comes out whole. The record's total size is checked
 * against max_record as soon as each fragment header arrives, before any
 * buffer grows.
 */
#ifndef SOCKLAB_RPC_REC_H
#define SOCKLAB_RPC_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RPC_REC_LAST_FRAG  0x80000000u  /* top bit of a fragment header */
#define RPC_REC_LEN_MASK   0x7fffffffu  /* fragment length bits */
#define RPC_REC_MARK_SIZE  4            /* bytes of a fragment header */
#define RPC_REC_DEFAULT_MAX (1024u * 1024u)  /* default largest record: 1 MiB */

/* Writes the fragment header for a fragment of length bytes (<= 0x7fffffff)
 * into mark[0..3], with the last-fragment bit if last. */
void rpc_rec_put_mark(unsigned char mark[RPC_REC_MARK_SIZE], uint32_t length,
                      bool last);

/* A reassembly buffer for one connection. Fields are private. */
struct rpc_rec {
    unsigned char *buf;     /* received bytes; records are rebuilt in place */
    size_t cap;             /* allocated bytes */
    size_t start;           /* first byte not yet handed out */
    size_t end;             /* end of the received bytes */
    size_t parsed;          /* bytes after start already examined */
    size_t record_len;      /* bytes of the record being assembled, at start */
    size_t frag_left;       /* bytes of the current fragment not yet received */
    bool in_fragment;       /* a fragment header was read, its data is due */
    bool last_fragment;     /* the current fragment ends the record */
    bool failed;            /* an error was returned: the stream is unusable */
    size_t max_record;      /* largest record accepted */
};

/* Prepares r with no buffer yet (allocated on first use, grown by doubling
 * as a record needs it, so at most about twice max_record + 256 KiB, and
 * shrunk back, to 16 KiB or what the bytes still held need, once the large
 * record is handed out). max_record 0
 * means RPC_REC_DEFAULT_MAX. Never fails. */
void rpc_rec_init(struct rpc_rec *r, size_t max_record);

/* Frees r's buffer. r can be reused after rpc_rec_init(). */
void rpc_rec_free(struct rpc_rec *r);

/* Forgets every byte received (after an error, to reuse r on a new stream). */
void rpc_rec_reset(struct rpc_rec *r);

/* Makes room for at least want bytes (0: a default of 16 KiB, less if a
 * pending record needs less) after the received bytes, moving unconsumed
 * bytes to the front and growing the buffer if needed. Returns where to
 * recv() into and sets *room to want (never more: one recv() takes at most
 * that), or NULL with errno
 * ENOMEM. Pointers returned by rpc_rec_next() are invalid afterwards. */
unsigned char *rpc_rec_space(struct rpc_rec *r, size_t want, size_t *room);

/* Records that n bytes (<= room) were written into the space. */
void rpc_rec_commit(struct rpc_rec *r, size_t n);

/* Copies n bytes into r (space + memcpy + commit): for tests and fuzzing.
 * Returns 0, or -1 with errno ENOMEM. */
int rpc_rec_feed(struct rpc_rec *r, const void *data, size_t n);

/* What rpc_rec_next() found. */
enum rpc_rec_status {
    RPC_REC_NEED_MORE = 0,  /* no complete record yet: recv() more */
    RPC_REC_RECORD = 1,     /* *record, *length: one complete record */
    RPC_REC_TOO_BIG = -1    /* a fragment header makes the record larger than
                               max_record: close the connection */
};

/* Takes the next complete record out of r. On RPC_REC_RECORD, *record points
 * into r's buffer (the fragments joined, without their headers) and stays
 * valid until the next rpc_rec_space(), rpc_rec_feed() or rpc_rec_reset().
 * After RPC_REC_TOO_BIG every later call returns it too. */
enum rpc_rec_status rpc_rec_next(struct rpc_rec *r, const unsigned char **record,
                                 size_t *length);

/* Bytes received but not yet returned as records (0: nothing pending, so a
 * closed connection at this point lost nothing). */
size_t rpc_rec_pending(const struct rpc_rec *r);

#endif
