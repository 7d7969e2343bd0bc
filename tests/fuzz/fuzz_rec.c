/*
 * fuzz_rec.c - libFuzzer target for the record reassembler (rpc/rpc_rec.c).
 *
 * The first byte chooses how the rest is cut into reads; the rest is fed
 * through rpc_rec_space/commit as a server does with recv(). The same bytes
 * are also fed in one piece: both ways must give the same records (same
 * count, lengths and bytes) and the same final status.
 */
#include "rpc_rec.h"

#include <stdlib.h>
#include <string.h>

#define MAX_RECORD 4096

/* Feeds data in pieces of piece bytes; returns a checksum of the records
 * seen, their count in *records and whether the stream failed. */
static uint64_t run(const uint8_t *data, size_t size, size_t piece, size_t *records, bool *failed)
{
    struct rpc_rec r;
    uint64_t sum = 1469598103934665603u;
    size_t fed = 0;

    rpc_rec_init(&r, MAX_RECORD);
    *records = 0;
    *failed = false;
    while (fed < size && !*failed) {
        size_t room, n = size - fed < piece ? size - fed : piece;
        unsigned char *space = rpc_rec_space(&r, 0, &room);
        const unsigned char *rec;
        size_t len;
        enum rpc_rec_status st;

        if (space == NULL)
            abort();
        if (n > room)
            n = room;
        memcpy(space, data + fed, n);
        rpc_rec_commit(&r, n);
        fed += n;
        while ((st = rpc_rec_next(&r, &rec, &len)) == RPC_REC_RECORD) {
            if (len > MAX_RECORD)
                abort();
            for (size_t i = 0; i < len; i++)
                sum = (sum ^ rec[i]) * 1099511628211u;
            sum = (sum ^ len) * 1099511628211u;
            (*records)++;
        }
        if (st == RPC_REC_TOO_BIG)
            *failed = true;
    }
    if (r.cap > 4 * MAX_RECORD + 64 * 1024 * 8)
        abort();   /* the buffer never grows far beyond the largest record */
    rpc_rec_free(&r);
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t piece, records1, records2;
    bool failed1, failed2;
    uint64_t sum1, sum2;

    if (size < 1)
        return 0;
    piece = (size_t)data[0] % 17 + 1;
    sum1 = run(data + 1, size - 1, piece, &records1, &failed1);
    sum2 = run(data + 1, size - 1, size, &records2, &failed2);
    if (failed1 != failed2 || records1 != records2 || sum1 != sum2)
        abort();
    return 0;
}
