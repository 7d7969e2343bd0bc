/* stub: to be implemented */
#include <errno.h>
#include <stddef.h>
#include "rpc_client.h"

char *rpc_strerror(const struct rpc_error *err, char *text, size_t size)
{
    (void)err;
    (void)text;
    (void)size;
    return NULL;
}

const char *rpc_status_string(enum rpc_status status)
{
    (void)status;
    return NULL;
}

const char *rpc_auth_stat_string(uint32_t auth_stat)
{
    (void)auth_stat;
    return NULL;
}

struct rpc_client *rpc_client_create(const char *host, unsigned short port, uint32_t prog, uint32_t vers, enum rpc_transport transport, struct rpc_error *err)
{
    (void)host;
    (void)port;
    (void)prog;
    (void)vers;
    (void)transport;
    (void)err;
    return NULL;
}

struct rpc_client *rpc_client_create_addr(const struct sockaddr *addr, socklen_t addrlen, uint32_t prog, uint32_t vers, enum rpc_transport transport, struct rpc_error *err)
{
    (void)addr;
    (void)addrlen;
    (void)prog;
    (void)vers;
    (void)transport;
    (void)err;
    return NULL;
}

struct rpc_client *rpc_client_create_fd(int fd, enum rpc_transport transport, uint32_t prog, uint32_t vers, struct rpc_error *err)
{
    (void)fd;
    (void)transport;
    (void)prog;
    (void)vers;
    (void)err;
    return NULL;
}

void rpc_client_destroy(struct rpc_client *clnt)
{
    (void)clnt;
}

enum rpc_status rpc_client_call(struct rpc_client *clnt, uint32_t proc, rpc_xdrproc args_proc, const void *args, rpc_xdrproc result_proc, void *result, int timeout_ms)
{
    (void)clnt;
    (void)proc;
    (void)args_proc;
    (void)args;
    (void)result_proc;
    (void)result;
    (void)timeout_ms;
    return RPC_ERR_FAILED;
}

const struct rpc_error *rpc_client_error(const struct rpc_client *clnt)
{
    (void)clnt;
    return NULL;
}

int rpc_client_set_auth_sys(struct rpc_client *clnt, const char *machine, uint32_t uid, uint32_t gid)
{
    (void)clnt;
    (void)machine;
    (void)uid;
    (void)gid;
    errno = ENOSYS;
    return -1;
}

void rpc_client_set_auth_none(struct rpc_client *clnt)
{
    (void)clnt;
}

void rpc_client_set_version(struct rpc_client *clnt, uint32_t vers)
{
    (void)clnt;
    (void)vers;
}

void rpc_client_set_retry(struct rpc_client *clnt, int first_retry_ms)
{
    (void)clnt;
    (void)first_retry_ms;
}

void rpc_client_set_trace(struct rpc_client *clnt, rpc_trace_fn trace, void *ctx)
{
    (void)clnt;
    (void)trace;
    (void)ctx;
}

int rpc_client_fd(const struct rpc_client *clnt)
{
    (void)clnt;
    errno = ENOSYS;
    return -1;
}

enum rpc_transport rpc_client_transport(const struct rpc_client *clnt)
{
    (void)clnt;
    return 0;
}

enum rpc_status rpc_client_send(struct rpc_client *clnt, uint32_t proc, rpc_xdrproc args_proc, const void *args, uint32_t *xid)
{
    (void)clnt;
    (void)proc;
    (void)args_proc;
    (void)args;
    (void)xid;
    return RPC_ERR_FAILED;
}

enum rpc_status rpc_client_receive(struct rpc_client *clnt, uint32_t *xid, rpc_xdrproc result_proc, void *result, int timeout_ms)
{
    (void)clnt;
    (void)xid;
    (void)result_proc;
    (void)result;
    (void)timeout_ms;
    return RPC_ERR_FAILED;
}

enum rpc_status rpc_pmap_getport(const char *host, unsigned short pmap_port, uint32_t prog, uint32_t vers, enum rpc_transport transport, unsigned short *port, struct rpc_error *err)
{
    (void)host;
    (void)pmap_port;
    (void)prog;
    (void)vers;
    (void)transport;
    (void)port;
    (void)err;
    return RPC_ERR_FAILED;
}
