/* stub: to be implemented */
#include <errno.h>
#include <stddef.h>
#include "rpc_server.h"

struct rpc_server *rpc_server_create(void)
{
    return NULL;
}

void rpc_server_destroy(struct rpc_server *srv)
{
    (void)srv;
}

struct rpc_server_limits *rpc_server_limits(struct rpc_server *srv)
{
    (void)srv;
    return NULL;
}

int rpc_server_register(struct rpc_server *srv, uint32_t prog, uint32_t vers, const struct rpc_proc *procs, size_t nprocs, void *context)
{
    (void)srv;
    (void)prog;
    (void)vers;
    (void)procs;
    (void)nprocs;
    (void)context;
    errno = ENOSYS;
    return -1;
}

int rpc_server_unregister(struct rpc_server *srv, uint32_t prog, uint32_t vers)
{
    (void)srv;
    (void)prog;
    (void)vers;
    errno = ENOSYS;
    return -1;
}

int rpc_server_add_socket(struct rpc_server *srv, int fd, enum rpc_transport transport)
{
    (void)srv;
    (void)fd;
    (void)transport;
    errno = ENOSYS;
    return -1;
}

int rpc_server_listen(struct rpc_server *srv, enum rpc_transport transport, int family, const char *host, unsigned short port, bool reuse_addr, struct sockaddr_storage *bound)
{
    (void)srv;
    (void)transport;
    (void)family;
    (void)host;
    (void)port;
    (void)reuse_addr;
    (void)bound;
    errno = ENOSYS;
    return -1;
}

int rpc_server_listen_unix(struct rpc_server *srv, const char *path)
{
    (void)srv;
    (void)path;
    errno = ENOSYS;
    return -1;
}

int rpc_server_run(struct rpc_server *srv, int (*stop)(void))
{
    (void)srv;
    (void)stop;
    errno = ENOSYS;
    return -1;
}

int rpc_server_poll_once(struct rpc_server *srv, int timeout_ms)
{
    (void)srv;
    (void)timeout_ms;
    errno = ENOSYS;
    return -1;
}

unsigned rpc_server_connections(const struct rpc_server *srv)
{
    (void)srv;
    return 0;
}

void rpc_server_set_log(struct rpc_server *srv, void (*log)(void *ctx, const char *line), void *ctx, bool verbose)
{
    (void)srv;
    (void)log;
    (void)ctx;
    (void)verbose;
}

void rpc_server_set_trace(struct rpc_server *srv, rpc_trace_fn trace, void *ctx)
{
    (void)srv;
    (void)trace;
    (void)ctx;
}

int rpc_server_handle(struct rpc_server *srv, const void *msg, size_t length, enum rpc_transport transport, int fd, const struct sockaddr *peer, socklen_t peer_len, void *reply, size_t capacity, size_t *reply_length)
{
    (void)srv;
    (void)msg;
    (void)length;
    (void)transport;
    (void)fd;
    (void)peer;
    (void)peer_len;
    (void)reply;
    (void)capacity;
    (void)reply_length;
    errno = ENOSYS;
    return -1;
}

bool rpc_addr_is_local(const struct sockaddr *addr)
{
    (void)addr;
    return false;
}
