/*
 * tirpc_serve.c - bench/ only (built by bench/bench.sh, never by make): the
 * main() of the libtirpc ARITH server, the anchor that rpc_arith_server is
 * measured against.
 *
 * rpcgen -m tests/tirpc/arith.x gives the dispatch function arith_prog_1()
 * (decode with svc_getargs, call the procedure, svc_sendreply) without a
 * main; tests/tirpc/arith_server.c has the three procedures. This main()
 * creates the TCP and UDP transports on 127.0.0.1 and registers them with
 * protocol 0: svc_run() serves them without asking rpcbind (rpcgen's own
 * main would register through rpcbind: the bench must not touch the
 * machine's portmapper on port 111).
 *
 *   tirpc_arith_server     prints "Listening on 127.0.0.1:P (pid N)" (TCP),
 *                          then "UDP on 127.0.0.1:P", then serves forever
 */
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <rpc/rpc.h>

#include "arith.h"

void arith_prog_1(struct svc_req *rqstp, SVCXPRT *transp);   /* rpcgen -m */

/* A socket of type bound to 127.0.0.1, any port; its port in *port. */
static int bound_socket(int type, unsigned *port)
{
    struct sockaddr_in local;
    socklen_t length = sizeof local;
    int fd = socket(AF_INET, type, 0);

    memset(&local, 0, sizeof local);
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) < 0 ||
        (type == SOCK_STREAM && listen(fd, SOMAXCONN) < 0) ||
        getsockname(fd, (struct sockaddr *)&local, &length) < 0) {
        perror("tirpc_arith_server: socket");
        exit(1);
    }
    *port = ntohs(local.sin_port);
    return fd;
}

int main(void)
{
    unsigned tcp_port, udp_port;
    int tcp_fd = bound_socket(SOCK_STREAM, &tcp_port);
    int udp_fd = bound_socket(SOCK_DGRAM, &udp_port);
    SVCXPRT *tcp = svctcp_create(tcp_fd, 0, 0);
    SVCXPRT *udp = svcudp_create(udp_fd);

    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    if (tcp == NULL || udp == NULL ||
        !svc_register(tcp, ARITH_PROG, ARITH_VERS1, arith_prog_1, 0) ||
        !svc_register(udp, ARITH_PROG, ARITH_VERS1, arith_prog_1, 0)) {
        fprintf(stderr, "tirpc_arith_server: cannot create the transports\n");
        return 1;
    }
    printf("Listening on 127.0.0.1:%u (pid %ld)\n", tcp_port, (long)getpid());
    printf("UDP on 127.0.0.1:%u\n", udp_port);
    svc_run();
    fprintf(stderr, "tirpc_arith_server: svc_run returned\n");
    return 1;
}
