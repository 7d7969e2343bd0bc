/*
 * echo_limit.c - bench/: the "limit" anchor, the least a server can do per
 * message: a blocking loop with one recv() and one send() per message.
 *
 * TCP (default): socket -> setsockopt(SO_REUSEADDR) -> bind -> listen ->
 *   accept -> { recv -> send what came } until the client closes -> close,
 *   then the next client (one at a time: it is a yardstick, not a server).
 * UDP (-u): socket -> bind -> { recvfrom -> sendto the same bytes back }.
 * No poll(), no printing per message, no TCP_NODELAY, no buffering: whatever
 * a real server does on top of this shows up as the distance to this loop.
 *
 *   ./bench/echo_limit 0        TCP echo on 127.0.0.1, any free port
 *   ./bench/echo_limit -u 0     UDP echo
 */
#include "common.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define USAGE "usage: echo_limit [-b ADDR] [-u] [-v] [PORT]"
#define BUFSIZE 65536

struct options {
    const char *bind_host;   /* -b: address to bind, default 127.0.0.1 */
    int udp;                 /* -u: UDP instead of TCP */
    unsigned short port;     /* PORT, default 0: any free port */
};

static void print_help(void)
{
    printf("%s\n"
           "bench/ (docs/PERFORMANCE.md): the minimal blocking echo loop used as the\n"
           "benchmark's limit: one recv() and one send() per message, one client at a time.\n"
           "  -b ADDR  address to bind (default 127.0.0.1)\n"
           "  -u       UDP: recvfrom() then sendto() the datagram back\n"
           "  -v       trace the setup calls on stderr\n"
           "  PORT     port, 0..65535 (default 0: any free port)\n"
           "example: echo_limit -u 0\n", USAGE);
}

static int parse_options(int argc, char *argv[], struct options *opts)
{
    int opt;

    opts->bind_host = "127.0.0.1";
    opts->udp = 0;
    opts->port = 0;
    opterr = 0;
    while ((opt = getopt(argc, argv, ":b:uv")) != -1) {
        switch (opt) {
        case 'b': opts->bind_host = optarg; break;
        case 'u': opts->udp = 1; break;
        case 'v': sl_trace_enable(1); break;
        case ':': return sl_usage_error(USAGE, "option -%c needs a value", optopt);
        default: return sl_usage_error(USAGE, "unknown option '-%c'", optopt);
        }
    }
    if (argc - optind > 1)
        return sl_usage_error(USAGE, "too many arguments: '%s'", argv[optind + 1]);
    if (optind < argc && sl_parse_port(argv[optind], 1, &opts->port) < 0)
        return sl_usage_error(USAGE, "invalid port '%s' (expected an integer in 0..65535)",
                              argv[optind]);
    return 0;
}

/* TCP: one client after the other; for each, recv() then send() it back. */
static void serve_tcp(int listen_fd, char *buffer)
{
    while (!sl_interrupted()) {
        int conn_fd = sl_traced(accept(listen_fd, NULL, NULL), "%d", listen_fd);

        if (conn_fd < 0) {
            if (errno != EINTR)
                sl_error("accept");
            continue;
        }
        for (;;) {
            ssize_t got = recv(conn_fd, buffer, BUFSIZE, 0), sent = 0;

            if (got <= 0)
                break;           /* end of stream, reset, or Ctrl-C (EINTR) */
            while (sent < got) {
                ssize_t done = send(conn_fd, buffer + sent, (size_t)(got - sent), MSG_NOSIGNAL);

                if (done < 0)
                    break;
                sent += done;
            }
            if (sent < got)
                break;
        }
        if (sl_traced(close(conn_fd), "%d", conn_fd) < 0)
            sl_error("close");
    }
}

/* UDP: recvfrom() a datagram, sendto() it back to its sender. */
static void serve_udp(int sock_fd, char *buffer)
{
    while (!sl_interrupted()) {
        struct sockaddr_storage peer;
        socklen_t peer_len = sizeof peer;
        ssize_t got = recvfrom(sock_fd, buffer, BUFSIZE, 0, (struct sockaddr *)&peer, &peer_len);

        if (got < 0)
            continue;            /* EINTR (Ctrl-C is checked above) or a queued ICMP error */
        sendto(sock_fd, buffer, (size_t)got, 0, (struct sockaddr *)&peer, peer_len);
    }
}

int main(int argc, char *argv[])
{
    struct options opts;
    struct sockaddr_storage local;
    socklen_t local_len;
    char local_text[SL_ADDRSTRLEN];
    char *buffer;
    struct sl_server_options how = { .socktype = SOCK_STREAM };
    int fd, status;

    sl_setup(argv[0]);
    if (sl_wants_help(argc, argv)) {
        print_help();
        return 0;
    }
    status = parse_options(argc, argv, &opts);
    if (status != 0)
        return status;
    status = sl_resolve(opts.bind_host, opts.port, AF_INET, opts.udp ? SOCK_DGRAM : SOCK_STREAM,
                        1, &local, &local_len);
    if (status != 0) {
        sl_resolve_error(opts.bind_host, AF_INET, status);
        return 1;
    }
    buffer = malloc(BUFSIZE);
    if (buffer == NULL) {
        sl_error("malloc");
        return 1;
    }
    sl_catch_stop_signals();

    /* socket, SO_REUSEADDR (TCP only, as before), bind, listen (TCP). */
    how.socktype = opts.udp ? SOCK_DGRAM : SOCK_STREAM;
    how.no_reuse_addr = opts.udp;
    fd = sl_server_socket(&local, local_len, &how, local_text);
    if (fd < 0) {
        free(buffer);
        return 1;
    }
    printf("Listening on %s (pid %ld)\n", local_text, (long)getpid());

    if (opts.udp)
        serve_udp(fd, buffer);
    else
        serve_tcp(fd, buffer);

    sl_errorx("interrupted: closing the socket and exiting");
    close(fd);
    free(buffer);
    return 0;
}
