/*
 * rec_test.c - record marking (rpc/rpc_rec.c): fragment headers, records in
 * one or many fragments, fed whole, byte by byte or in random pieces,
 * several records in one read, and the maximum record size enforced.
 */
#include "tap.h"
#include "rpc_rec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Appends a fragment (header + data) to out; returns the new length. */
static size_t add_fragment(unsigned char *out, size_t at, const void *data, uint32_t n,
                           bool last)
{
    rpc_rec_put_mark(out + at, n, last);
    memcpy(out + at + 4, data, n);
    return at + 4 + n;
}

/* A tiny deterministic generator, so failures reproduce. */
static uint32_t seed = 12345;
static uint32_t next_random(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
}

int main(void)
{
    struct rpc_rec r;
    const unsigned char *rec;
    size_t len;
    unsigned char mark[4];
    unsigned char stream[4096];
    size_t n;

    plan(24);

    rpc_rec_put_mark(mark, 28, true);
    ok_bytes(mark, 4, "\x80\x00\x00\x1c", 4, "last fragment of 28 bytes: 80 00 00 1c");
    rpc_rec_put_mark(mark, 0x12345, false);
    ok_bytes(mark, 4, "\x00\x01\x23\x45", 4, "a non-last fragment has the top bit clear");

    /* One record, one fragment, fed at once. */
    rpc_rec_init(&r, 0);
    n = add_fragment(stream, 0, "hello world!", 12, true);
    rpc_rec_feed(&r, stream, n);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD && len == 12 && memcmp(rec, "hello world!", 12) == 0,
       "a one-fragment record comes out whole");
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_NEED_MORE && rpc_rec_pending(&r) == 0,
       "then nothing is pending");

    /* Three fragments make one record. */
    n = add_fragment(stream, 0, "abc", 3, false);
    n = add_fragment(stream, n, "", 0, false);
    n = add_fragment(stream, n, "defgh", 5, false);
    n = add_fragment(stream, n, "ij", 2, true);
    rpc_rec_feed(&r, stream, n);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD && len == 10 && memcmp(rec, "abcdefghij", 10) == 0,
       "four fragments (one empty) are joined without their headers");

    /* The same, one byte at a time. */
    size_t records = 0, good = 0;
    for (size_t i = 0; i < n; i++) {
        rpc_rec_feed(&r, stream + i, 1);
        if (rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD) {
            records++;
            good += len == 10 && memcmp(rec, "abcdefghij", 10) == 0;
            ok(i == n - 1, "fed byte by byte, the record completes with the last byte");
        }
    }
    ok(records == 1 && good == 1, "byte by byte: exactly one record, the right one");

    /* Pipelining: three records in one read. */
    n = add_fragment(stream, 0, "one", 3, true);
    n = add_fragment(stream, n, "tw", 2, false);
    n = add_fragment(stream, n, "o", 1, true);
    n = add_fragment(stream, n, "three", 5, true);
    rpc_rec_feed(&r, stream, n);
    const unsigned char *first, *second, *third;
    size_t l1 = 0, l2 = 0, l3 = 0;
    ok(rpc_rec_next(&r, &first, &l1) == RPC_REC_RECORD &&
       rpc_rec_next(&r, &second, &l2) == RPC_REC_RECORD &&
       rpc_rec_next(&r, &third, &l3) == RPC_REC_RECORD &&
       rpc_rec_next(&r, &rec, &len) == RPC_REC_NEED_MORE,
       "three records in one read come out one by one");
    ok(l1 == 3 && memcmp(first, "one", 3) == 0 && l2 == 3 && memcmp(second, "two", 3) == 0 &&
       l3 == 5 && memcmp(third, "three", 5) == 0,
       "and the earlier ones stay valid while the later ones are taken");

    /* An empty record. */
    rpc_rec_feed(&r, "\x80\x00\x00\x00", 4);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD && len == 0, "an empty last fragment is an empty record");

    /* Half a header, then the rest. */
    rpc_rec_feed(&r, "\x80\x00", 2);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_NEED_MORE, "half a header: need more");
    rpc_rec_feed(&r, "\x00\x02hi", 4);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD && len == 2 && memcmp(rec, "hi", 2) == 0,
       "the rest of the header and the data: the record");
    rpc_rec_free(&r);

    /* Maximum size. */
    rpc_rec_init(&r, 100);
    rpc_rec_feed(&r, "\x80\x00\x00\x65", 4);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_TOO_BIG,
       "a 101-byte fragment with max_record 100 is refused on its header alone");
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_TOO_BIG, "and the stream stays failed");
    ok(r.cap < 100000, "no buffer was grown for it");
    rpc_rec_free(&r);
    rpc_rec_init(&r, 100);
    unsigned char sixty[60];
    memset(sixty, 'x', sizeof sixty);
    n = add_fragment(stream, 0, sixty, 60, false);
    n = add_fragment(stream, n, sixty, 41, true);
    rpc_rec_feed(&r, stream, n);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_TOO_BIG,
       "two fragments of 60 and 41 bytes (101 in all) are refused too");
    rpc_rec_free(&r);
    rpc_rec_init(&r, 100);
    n = add_fragment(stream, 0, sixty, 60, false);
    n = add_fragment(stream, n, sixty, 40, true);
    rpc_rec_feed(&r, stream, n);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD && len == 100,
       "60 + 40 = exactly max_record is accepted");
    rpc_rec_free(&r);
    rpc_rec_init(&r, 0);
    rpc_rec_feed(&r, "\xff\xff\xff\xff", 4);
    ok(rpc_rec_next(&r, &rec, &len) == RPC_REC_TOO_BIG,
       "a 2 GiB fragment header is refused with the default 1 MiB maximum");
    rpc_rec_free(&r);

    /* A large record in many fragments, delivered in random pieces through
     * rpc_rec_space/commit (as a server does with recv). */
    size_t big_len = 300000, at = 0, frags = 0;
    unsigned char *big = malloc(big_len), *wire = malloc(big_len + 4 * 1000);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (unsigned char)(i * 7 + i / 251);
    n = 0;
    while (at < big_len) {
        uint32_t piece = 1 + next_random() % 20000;
        if (piece > big_len - at)
            piece = (uint32_t)(big_len - at);
        n = add_fragment(wire, n, big + at, piece, at + piece == big_len);
        at += piece;
        frags++;
    }
    rpc_rec_init(&r, 0);
    size_t fed = 0, got_records = 0;
    bool same = false;
    while (fed < n) {
        size_t room, piece = 1 + next_random() % 5000;
        unsigned char *space = rpc_rec_space(&r, 0, &room);
        if (piece > room)
            piece = room;
        if (piece > n - fed)
            piece = n - fed;
        memcpy(space, wire + fed, piece);
        rpc_rec_commit(&r, piece);
        fed += piece;
        while (rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD) {
            got_records++;
            same = len == big_len && memcmp(rec, big, big_len) == 0;
        }
    }
    ok(got_records == 1 && same,
       "a 300000-byte record in %zu fragments, read in random pieces, comes out intact", frags);
    size_t room;
    rpc_rec_space(&r, 0, &room);
    ok(r.cap <= 64 * 1024, "once handed out, the grown buffer shrinks back (%zu bytes)", r.cap);
    rpc_rec_free(&r);
    free(big);
    free(wire);

    /* Issue 20: a large record with small calls pipelined behind it, each
     * recv() taking all the room offered. One recv() must not pull the
     * calls behind in by the megabyte, and the grown buffer must shrink
     * even though a call is still pending behind the large one. */
    big_len = 900 * 1024;
    big = calloc(1, big_len);
    wire = malloc(big_len + 4 + 256 * 1024);
    n = add_fragment(wire, 0, big, (uint32_t)big_len, true);
    while (n + 9 <= big_len + 4 + 256 * 1024)
        n = add_fragment(wire, n, (const unsigned char *)"call!", 5, true);
    rpc_rec_init(&r, 0);
    fed = 0;
    size_t fed_at_big = 0, smalls = 0, cap_after_big = 0;
    bool big_seen = false;
    while (fed < n) {
        unsigned char *space = rpc_rec_space(&r, 0, &room);
        size_t piece = room < n - fed ? room : n - fed;
        if (big_seen && cap_after_big == 0)
            cap_after_big = r.cap;
        memcpy(space, wire + fed, piece);
        rpc_rec_commit(&r, piece);
        fed += piece;
        while (rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD) {
            if (len == big_len) {
                big_seen = true;
                fed_at_big = fed;
            }
            else
                smalls++;
        }
    }
    ok(big_seen && smalls == (n - big_len - 4) / 9, "a 900 KiB record then %zu pipelined calls: all come out",
       smalls);
    ok(fed_at_big == big_len + 4,
       "the recv() that ends the large record takes nothing behind it (%zu bytes more)",
       fed_at_big - big_len - 4);
    ok(cap_after_big > 0 && cap_after_big <= 64 * 1024,
       "the buffer shrinks back at the next recv() (%zu bytes)", cap_after_big);
    rpc_rec_free(&r);
    free(big);
    free(wire);

    /* Many small records in random pieces. */
    rpc_rec_init(&r, 0);
    n = 0;
    for (int i = 0; i < 200; i++) {
        unsigned char body[8];
        memset(body, (unsigned char)i, sizeof body);
        n = add_fragment(stream, n, body, (uint32_t)(i % 8 + 1), true);
        if (n > sizeof stream - 16)
            break;
    }
    size_t count = 0, bad = 0;
    fed = 0;
    while (fed < n) {
        size_t piece = 1 + next_random() % 37;
        if (piece > n - fed)
            piece = n - fed;
        rpc_rec_feed(&r, stream + fed, piece);
        fed += piece;
        while (rpc_rec_next(&r, &rec, &len) == RPC_REC_RECORD) {
            if (len != count % 8 + 1 || rec[0] != (unsigned char)count)
                bad++;
            count++;
        }
    }
    ok(count == 200 && bad == 0, "200 small records in random pieces: all there, in order (%zu, %zu bad)",
       count, bad);
    rpc_rec_free(&r);
    return done();
}
