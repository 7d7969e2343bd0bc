/*
 * tirpc_load.c - bench/ only (built by bench/bench.sh, never by make): ARITH
 * ADD calls through libtirpc's client (clnttcp_create / clntudp_create,
 * clnt_call), the anchor that loadgen's rpc workload is measured against.
 * The server's port is given: no portmapper is asked.
 *
 *   tirpc_load [-d SECONDS] [-W SECONDS] tcp|udp PORT
 * prints the same result line as loadgen (measure.h).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rpc/rpc.h>

#include "arith.h"
#include "measure.h"

#define USAGE "usage: tirpc_load [-d SECONDS] [-W SECONDS] tcp|udp PORT"

int main(int argc, char *argv[])
{
    static struct histogram latency;
    struct timeval timeout = { 5, 0 }, retry = { 1, 0 };
    struct sockaddr_in server;
    struct run run;
    double seconds = 2, warmup = 0;
    int opt, sock = RPC_ANYSOCK, udp;
    long port;
    uint64_t seq = 0, t0, t1;
    CLIENT *clnt;

    while ((opt = getopt(argc, argv, "d:W:")) != -1) {
        if ((opt == 'd' && parse_seconds(optarg, 0.01, 86400, &seconds) < 0) ||
            (opt == 'W' && parse_seconds(optarg, 0, 3600, &warmup) < 0) || opt == '?') {
            fprintf(stderr, "%s\n", USAGE);
            return 2;
        }
    }
    if (argc - optind != 2 || (strcmp(argv[optind], "tcp") != 0 &&
                               strcmp(argv[optind], "udp") != 0) ||
        (port = strtol(argv[optind + 1], NULL, 10)) < 1 || port > 65535) {
        fprintf(stderr, "%s\n", USAGE);
        return 2;
    }
    udp = strcmp(argv[optind], "udp") == 0;
    memset(&server, 0, sizeof server);
    server.sin_family = AF_INET;
    server.sin_port = htons((unsigned short)port);
    server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    clnt = udp ? clntudp_create(&server, ARITH_PROG, ARITH_VERS1, retry, &sock)
               : clnttcp_create(&server, ARITH_PROG, ARITH_VERS1, &sock, 0, 0);
    if (clnt == NULL) {
        clnt_pcreateerror("tirpc_load");
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    run_init(&run, &latency, warmup, seconds);
    t0 = now_ns();
    while (t0 < run.end) {
        couple args = { (float)(++seq % 100000), 0.5f };
        float sum = 0;
        enum clnt_stat status = clnt_call(clnt, ADD_PROC, (xdrproc_t)xdr_couple, (caddr_t)&args,
                                          (xdrproc_t)xdr_float, (caddr_t)&sum, timeout);

        t1 = now_ns();
        if (status != RPC_SUCCESS) {
            clnt_perror(clnt, "tirpc_load: ADD");
            run.errors++;
            break;
        }
        if (sum != args.e1 + args.e2)
            run.errors++;
        run_count(&run, t0, t1, sizeof sum);
        t0 = t1;
    }
    run_print(&run, now_ns(), "rpc", udp ? "udp" : "tcp", 1, 8, 1);
    clnt_destroy(clnt);
    return run.errors > 0 || run.ops == 0 ? 1 : 0;
}
