/*
 * rpc_rec.c - record marking on a byte stream (RFC 5531 section 11): each
 * fragment is a 4-byte header (last-fragment bit + 31-bit length) then its
 * bytes; fragments are joined into records. See rpc_rec.h for the contracts.
 *
 * The reassembly buffer holds, from start:
 *
 *   start                 start+record_len   start+parsed          end
 *   | record so far (data) | gap (old headers) | not examined yet ... |
 *
 * rpc_rec_next() examines bytes from start+parsed: a fragment header is
 * checked against max_record and skipped, fragment data is moved down to
 * start+record_len (right after the record's previous data), so the
 * record's bytes end up contiguous, without their headers. A record sent in
 * one fragment (the usual case) is never moved: it is returned in place.
 */
#include "rpc_rec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_ROOM  (16u * 1024u)    /* bytes offered to recv() by default */
#define LARGEST_ROOM  (256u * 1024u)   /* at most, for a long fragment */
#define SHRINK_ABOVE  (64u * 1024u)    /* an idle buffer above this shrinks */

void rpc_rec_put_mark(unsigned char mark[RPC_REC_MARK_SIZE], uint32_t length,
                      bool last)
{
    uint32_t header = (length & RPC_REC_LEN_MASK) | (last ? RPC_REC_LAST_FRAG : 0);

    mark[0] = (unsigned char)(header >> 24);
    mark[1] = (unsigned char)(header >> 16);
    mark[2] = (unsigned char)(header >> 8);
    mark[3] = (unsigned char)header;
}

void rpc_rec_init(struct rpc_rec *r, size_t max_record)
{
    memset(r, 0, sizeof *r);
    r->max_record = max_record > 0 ? max_record : RPC_REC_DEFAULT_MAX;
    if (r->max_record > RPC_REC_LEN_MASK)
        r->max_record = RPC_REC_LEN_MASK;
}

void rpc_rec_free(struct rpc_rec *r)
{
    free(r->buf);
    r->buf = NULL;
    r->cap = 0;
    rpc_rec_reset(r);
}

void rpc_rec_reset(struct rpc_rec *r)
{
    r->start = r->end = r->parsed = 0;
    r->record_len = r->frag_left = 0;
    r->in_fragment = r->last_fragment = r->failed = false;
}

size_t rpc_rec_pending(const struct rpc_rec *r)
{
    return r->end - r->start;
}

/* Moves what is still needed to the front of the buffer: the record so far,
 * then the bytes not examined yet (the gap of old headers disappears). */
static void compact(struct rpc_rec *r)
{
    size_t unexamined = r->end - (r->start + r->parsed);

    if (r->start > 0 && r->record_len > 0)
        memmove(r->buf, r->buf + r->start, r->record_len);
    if (unexamined > 0 && r->start + r->parsed != r->record_len)
        memmove(r->buf + r->record_len, r->buf + r->start + r->parsed, unexamined);
    r->start = 0;
    r->parsed = r->record_len;
    r->end = r->record_len + unexamined;
}

/* Doubles the buffer until want bytes fit after its end. Returns 0, or -1
 * with errno ENOMEM. */
static int grow(struct rpc_rec *r, size_t want)
{
    size_t new_cap = r->cap > 0 ? r->cap : DEFAULT_ROOM;
    unsigned char *bigger;

    while (new_cap - r->end < want) {
        if (new_cap > SIZE_MAX / 2) {
            errno = ENOMEM;
            return -1;
        }
        new_cap *= 2;
    }
    bigger = realloc(r->buf, new_cap);
    if (bigger == NULL) {
        errno = ENOMEM;
        return -1;
    }
    r->buf = bigger;
    r->cap = new_cap;
    return 0;
}

unsigned char *rpc_rec_space(struct rpc_rec *r, size_t want, size_t *room)
{
    if (want == 0) {
        want = DEFAULT_ROOM;
        /* Inside a long fragment, offer room for the rest of it at once. */
        if (r->in_fragment && r->frag_left > want)
            want = r->frag_left < LARGEST_ROOM ? r->frag_left : LARGEST_ROOM;
    }
    if (r->start == r->end && r->parsed == 0) {
        /* Everything received was handed out: start again at the front, and
         * let a buffer that grew for a large record go back to a small one. */
        r->start = r->end = 0;
        if (r->cap > SHRINK_ABOVE && want <= DEFAULT_ROOM) {
            free(r->buf);
            r->buf = NULL;
            r->cap = 0;
        }
    } else if (r->cap > SHRINK_ABOVE &&
               r->record_len + (r->end - (r->start + r->parsed)) + want <= r->cap / 4) {
        /* A buffer that grew for a large record, now holding little (the
         * calls pipelined behind it): move that little to the front and
         * give the rest back, so a connection keeps no more than it needs. */
        size_t small = DEFAULT_ROOM;
        unsigned char *smaller;

        compact(r);
        while (small < r->end + want)
            small *= 2;
        smaller = realloc(r->buf, small);
        if (smaller != NULL) {
            r->buf = smaller;
            r->cap = small;
        }
    } else if (r->buf != NULL && r->cap - r->end < want) {
        compact(r);
    }
    if ((r->buf == NULL || r->cap - r->end < want) && grow(r, want) < 0)
        return NULL;
    /* Offer what was asked, not the whole of a large buffer: one recv()
     * then takes at most the rest of the fragment (or 16 KiB of calls), so
     * a large record ends where its buffer can shrink, and a client cannot
     * push megabytes of pipelined calls in at once. */
    *room = r->cap - r->end < want ? r->cap - r->end : want;
    return r->buf + r->end;
}

void rpc_rec_commit(struct rpc_rec *r, size_t n)
{
    if (n > r->cap - r->end)     /* a caller's bug: never trust it */
        n = r->cap - r->end;
    r->end += n;
}

int rpc_rec_feed(struct rpc_rec *r, const void *data, size_t n)
{
    size_t room;
    unsigned char *space = rpc_rec_space(r, n > 0 ? n : 1, &room);

    if (space == NULL)
        return -1;
    if (n > 0)
        memcpy(space, data, n);
    rpc_rec_commit(r, n);
    return 0;
}

/* Reads the fragment header at scan (4 bytes, big-endian) and enters its
 * fragment. Returns 1, 0 if the 4 bytes have not all arrived, -1 if the
 * fragment would make the record too big (r->failed set). */
static int read_header(struct rpc_rec *r, size_t scan)
{
    const unsigned char *p;
    uint32_t header, frag_len;

    if (r->end - scan < RPC_REC_MARK_SIZE)
        return 0;
    p = r->buf + scan;
    header = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
             (uint32_t)p[2] << 8 | (uint32_t)p[3];
    frag_len = header & RPC_REC_LEN_MASK;
    /* The size check comes before any byte of the fragment is stored or
     * any buffer grows. */
    if (frag_len > r->max_record - r->record_len) {
        r->failed = true;
        return -1;
    }
    if (r->parsed == 0)
        r->start += RPC_REC_MARK_SIZE;   /* first header: data starts after it */
    else
        r->parsed += RPC_REC_MARK_SIZE;  /* a later header joins the gap */
    r->in_fragment = true;
    r->frag_left = frag_len;
    r->last_fragment = (header & RPC_REC_LAST_FRAG) != 0;
    return 1;
}

enum rpc_rec_status rpc_rec_next(struct rpc_rec *r, const unsigned char **record,
                                 size_t *length)
{
    for (;;) {
        size_t scan = r->start + r->parsed;   /* next byte to examine */

        if (r->failed)
            return RPC_REC_TOO_BIG;

        if (!r->in_fragment) {
            int got = read_header(r, scan);

            if (got <= 0)
                return got == 0 ? RPC_REC_NEED_MORE : RPC_REC_TOO_BIG;
            continue;
        }

        /* Fragment data: move what has arrived next to the record's data. */
        size_t take = r->end - scan;
        size_t dest = r->start + r->record_len;

        if (take > r->frag_left)
            take = r->frag_left;
        if (take > 0 && dest != scan)
            memmove(r->buf + dest, r->buf + scan, take);
        r->record_len += take;
        r->parsed += take;
        r->frag_left -= take;
        if (r->frag_left > 0)
            return RPC_REC_NEED_MORE;
        r->in_fragment = false;
        if (!r->last_fragment)
            continue;

        /* The record is complete: hand it out and move past it. */
        *record = r->buf != NULL ? r->buf + r->start : (const unsigned char *)"";
        *length = r->record_len;
        r->start += r->parsed;
        r->parsed = 0;
        r->record_len = 0;
        return RPC_REC_RECORD;
    }
}
