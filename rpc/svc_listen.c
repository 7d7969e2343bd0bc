/*
 * svc_listen.c - the sockets a server serves: one it is given
 * (rpc_server_add_socket), or one it makes, an IP socket
 * (rpc_server_listen: the classic API's registerrpc and the tests use it)
 * or an AF_UNIX one (rpc_server_listen_unix: rpc_portmap -s, as rpcbind's
 * /run/rpcbind.sock). See rpc_server.h for the contracts.
 */
#include "svc_private.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int rpc_server_add_socket(struct rpc_server *srv, int fd,
                          enum rpc_transport transport)
{
    if (transport != RPC_UDP && transport != RPC_TCP && transport != RPC_LOCAL) {
        errno = EINVAL;
        return -1;
    }
    return svc_table_add_endpoint(srv, fd, transport, NULL);
}

int rpc_server_listen(struct rpc_server *srv, enum rpc_transport transport,
                      int family, const char *host, unsigned short port,
                      bool reuse_addr, struct sockaddr_storage *bound)
{
    struct addrinfo hints, *answer;
    char service[8];
    int fd, on = 1, saved;

    if ((transport != RPC_UDP && transport != RPC_TCP) ||
        (family != AF_INET && family != AF_INET6)) {
        errno = EINVAL;
        return -1;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = transport == RPC_UDP ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    if (getaddrinfo(host, service, &hints, &answer) != 0) {
        errno = EHOSTUNREACH;
        return -1;
    }
    fd = socket(answer->ai_family, answer->ai_socktype, 0);
    if (fd < 0)
        goto fail;
    if (reuse_addr && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0)
        goto fail;
    if (family == AF_INET6 &&
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) < 0)
        goto fail;
    if (bind(fd, answer->ai_addr, answer->ai_addrlen) < 0)
        goto fail;
    if (transport == RPC_TCP && listen(fd, SOMAXCONN) < 0)
        goto fail;
    if (bound != NULL) {
        socklen_t len = sizeof *bound;
        if (getsockname(fd, (struct sockaddr *)bound, &len) < 0)
            goto fail;
    }
    if (svc_table_add_endpoint(srv, fd, transport, NULL) < 0)
        goto fail;
    freeaddrinfo(answer);
    return fd;
fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    freeaddrinfo(answer);
    errno = saved;
    return -1;
}

int rpc_server_listen_unix(struct rpc_server *srv, const char *path)
{
    struct sockaddr_un addr;
    struct stat st;
    int fd, saved;

    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr.sun_path, path);
    /* An old socket left behind by a previous run is removed; any other
     * kind of file is not ours to delete. */
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            errno = EEXIST;
            return -1;
        }
        unlink(path);
    }
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        goto fail;
    chmod(path, 0666);   /* like rpcbind.sock: any local user may call */
    if (listen(fd, SOMAXCONN) < 0 || svc_table_add_endpoint(srv, fd, RPC_LOCAL, path) < 0) {
        saved = errno;
        unlink(path);
        errno = saved;
        goto fail;
    }
    return fd;
fail:
    saved = errno;
    close(fd);
    errno = saved;
    return -1;
}
