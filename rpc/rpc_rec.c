/* stub: to be implemented */
#include <errno.h>
#include <stddef.h>
#include "rpc_rec.h"

void rpc_rec_put_mark(unsigned char mark[RPC_REC_MARK_SIZE], uint32_t length, bool last)
{
    (void)mark;
    (void)length;
    (void)last;
}

void rpc_rec_init(struct rpc_rec *r, size_t max_record)
{
    (void)r;
    (void)max_record;
}

void rpc_rec_free(struct rpc_rec *r)
{
    (void)r;
}

void rpc_rec_reset(struct rpc_rec *r)
{
    (void)r;
}

unsigned char *rpc_rec_space(struct rpc_rec *r, size_t want, size_t *room)
{
    (void)r;
    (void)want;
    (void)room;
    return NULL;
}

void rpc_rec_commit(struct rpc_rec *r, size_t n)
{
    (void)r;
    (void)n;
}

int rpc_rec_feed(struct rpc_rec *r, const void *data, size_t n)
{
    (void)r;
    (void)data;
    (void)n;
    errno = ENOSYS;
    return -1;
}

enum rpc_rec_status rpc_rec_next(struct rpc_rec *r, const unsigned char **record, size_t *length)
{
    (void)r;
    (void)record;
    (void)length;
    return 0;
}

size_t rpc_rec_pending(const struct rpc_rec *r)
{
    (void)r;
    return 0;
}
